#!/usr/bin/env python3
"""The PostgreSQL backend under a database outage, through the built binary over real sockets.

Usage: pg_fault.py PATH/TO/pocketdav
Needs the throwaway PostgreSQL of scripts/pg-throwaway.sh (POCKETDAV_TEST_PG_URL, PGPASSWORD,
POCKETDAV_TEST_PG_DIR). Writers PUT new events while the database is stopped (fast shutdown:
connections are cut mid-transaction) and started again. Checks: every PUT answered 201/204 is
stored with the ETag it was given; every other answer was a 503 with Retry-After; pocketdav
reconnects by itself and writes succeed again. Each check prints PASS/FAIL; the last line is
"pg-fault: N passed, M failed". Standard library only.
"""
import base64, http.client, os, secrets, shutil, socket, subprocess, sys, tempfile, threading, time

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PG_DIR = os.environ["POCKETDAV_TEST_PG_DIR"]
AUTH = "Basic " + base64.b64encode(b"alice:alicepw").decode()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, body=b"", headers=None, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = {"Authorization": AUTH, "Content-Length": str(len(body)), **(headers or {})}
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def event(uid):
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pg-fault//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"DTSTAMP:20250101T000000Z\r\nDTSTART:20250601T100000Z\r\nSUMMARY:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def database(action):
    subprocess.run([os.path.join(ROOT, "scripts/pg-throwaway.sh"), f"server-{action}", PG_DIR], check=True,
                   capture_output=True, timeout=120)


folder = tempfile.mkdtemp(prefix="pocketdav-pg-fault-")
port = free_port()
with open(os.path.join(folder, "pgpassword"), "w", opener=lambda p, f: os.open(p, f, 0o600)) as f:
    f.write(os.environ.get("PGPASSWORD", "") + "\n")
config = os.path.join(folder, "pocketdav.toml")
with open(config, "w") as f:
    f.write(f'[server]\nhosts = ["127.0.0.1:{port}"]\n[auth]\nfailure_delay = 0.1\n[auth.htpasswd]\nfile = "users"\n'
            f'[storage]\ntype = "postgres"\n[storage.postgres]\nurl = "{os.environ["POCKETDAV_TEST_PG_URL"]}"\n'
            f'password_file = "pgpassword"\nschema = "fault_{secrets.token_hex(4)}"\ntls = "disable"\n'
            '[logging]\nlevel = "' + os.environ.get('PG_FAULT_LOG_LEVEL', 'info') + '"\n')
subprocess.run([BIN, "user", "add", "--config", config, "alice"], env={**os.environ, "POCKETDAV_PASSWORD": "alicepw"},
               check=True, capture_output=True)
log = open(os.path.join(folder, "server.log"), "ab")
server = subprocess.Popen([BIN, "serve", "--config", config], stdout=log, stderr=log)

answers = []  # (name, status, etag, retry_after, phase)
lock = threading.Lock()
stop = threading.Event()
phase = ["before"]


def writer(w):
    i = 0
    while not stop.is_set():
        name = f"w{w}-{i}.ics"
        try:
            status, headers, _ = request(port, "PUT", f"/alice/calendar/{name}", event(f"w{w}-{i}"),
                                         {"Content-Type": "text/calendar", "If-None-Match": "*"})
        except OSError as e:
            status, headers = f"connection error {e!r}", {}
        with lock:
            answers.append((name, status, headers.get("ETag"), headers.get("Retry-After"), phase[0]))
        i += 1


results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"PASS {name}" if ok else f"FAIL {name}: {detail}", flush=True)


try:
    for _ in range(300):
        try:
            if request(port, "PROPFIND", "/alice/", headers={"Depth": "0"}, timeout=10)[0] == 207:
                break
        except OSError:
            pass
        time.sleep(0.1)
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(2)
    phase[0] = "outage"
    database("stop")
    time.sleep(4)
    database("start")
    phase[0] = "after"
    deadline = time.time() + 60
    while time.time() < deadline:
        with lock:
            if sum(1 for a in answers if a[4] == "after" and a[1] in (201, 204)) >= 20:
                break
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()

    acked = [a for a in answers if a[1] in (201, 204)]
    refused = [a for a in answers if a[1] not in (201, 204)]
    print(f"   {len(answers)} PUTs: {len(acked)} acknowledged, {len(refused)} refused "
          f"({sum(1 for a in acked if a[4] == 'after')} acknowledged after the restart)")
    check("writes_succeed_before_the_outage", any(a[4] == "before" for a in acked))
    check("the_outage_is_answered_with_503", len(refused) > 0 and all(a[1] == 503 for a in refused),
          f"other answers: {sorted(set(str(a[1]) for a in refused if a[1] != 503))}")
    check("every_503_carries_retry_after", all(a[3] == "5" for a in refused))
    check("pocketdav_reconnects_by_itself", sum(1 for a in acked if a[4] == "after") >= 20)
    missing = []
    for name, _, etag, _, _ in acked:
        status, headers, _ = request(port, "GET", f"/alice/calendar/{name}")
        if status != 200 or headers.get("ETag") != etag:
            missing.append((name, status, headers.get("ETag"), etag))
    check("every_acknowledged_write_is_stored_with_its_etag", not missing, f"{missing[:5]}")
    check("the_server_kept_running", server.poll() is None)
finally:
    stop.set()
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
    if results and all(results):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"server log ({folder}/server.log), last lines:")
        print(open(os.path.join(folder, "server.log"), errors="replace").read()[-4000:])

passed = sum(1 for r in results if r)
print(f"pg-fault: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if results and passed == len(results) else 1)

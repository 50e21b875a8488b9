#!/usr/bin/env python3
"""End-to-end checks over real sockets against the built pocketdav binary.

Usage: run_e2e.py PATH/TO/pocketdav
Each check prints PASS/FAIL; the last line is "e2e: N passed, M failed".
Standard library only; every server is started on a free loopback port in a temporary folder
and stopped by PID.
"""
import base64, glob, http.client, os, re, signal, socket, stat, subprocess, sys, tempfile, threading, time, traceback

BIN = os.path.abspath(sys.argv[1])
results = []


def check(fn):
    # E2E_ONLY=name runs one check (while working on it); CI runs them all.
    if os.environ.get("E2E_ONLY") not in (None, "", fn.__name__):
        return fn
    try:
        fn()
        results.append((fn.__name__, None))
        print(f"PASS {fn.__name__}", flush=True)
    except Exception as e:  # a check that crashes is a failed check
        results.append((fn.__name__, e))
        print(f"FAIL {fn.__name__}: {e!r}", flush=True)
        traceback.print_exc()
    return fn


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, extra_server="", users=(("alice", "alicepw"), ("bob", "bobpw")), env=None, folder=None,
                 storage="filesystem", extra_auth="", extra_sections=""):
        self.dir = folder or tempfile.mkdtemp(prefix="pocketdav-e2e-")
        self.port = free_port()
        self.config = os.path.join(self.dir, "pocketdav.toml")
        self.repository = os.path.join(self.dir, "collections.git")
        with open(self.config, "w") as f:
            f.write(f'[server]\nhosts = ["127.0.0.1:{self.port}"]\n{extra_server}\n'
                    f'[auth]\nfailure_delay = 0.1\n{extra_auth}\n[auth.htpasswd]\nfile = "users"\n'
                    f'[storage]\ntype = "{storage}"\n'
                    '[storage.filesystem]\nfolder = "collections"\n[storage.git]\nrepository = "collections.git"\n'
                    f'{extra_sections}\n[logging]\nlevel = "debug"\n')
        for user, pw in users:
            if not os.path.exists(os.path.join(self.dir, "users")) or user not in open(os.path.join(self.dir, "users")).read():
                run([BIN, "user", "add", "--config", self.config, user], env={"POCKETDAV_PASSWORD": pw})
        self.env = env or {}
        self.proc = None

    def start(self):
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen([BIN, "serve", "--config", self.config], stdout=self.log, stderr=self.log,
                                     env={**os.environ, **self.env})
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("server exited: " + self.logtext())
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return self.proc.returncode if self.proc else None

    def logtext(self):
        return open(os.path.join(self.dir, "server.log"), errors="replace").read()

    def request(self, method, path, body=b"", user="alice", pw="alicepw", headers=None, raw_path=False):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        if user:
            h["Authorization"] = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()
        if isinstance(body, str):
            body = body.encode()
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            c.putheader(k, v)
        c.putheader("Content-Length", str(len(body)))
        c.endheaders()
        if body:
            c.send(body)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data


def run(cmd, env=None, expect=0):
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60)
    if expect is not None and p.returncode != expect:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stdout} {p.stderr}")
    return p


def event(uid):
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//e2e//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"DTSTAMP:20250101T000000Z\r\nDTSTART:20250601T100000Z\r\nSUMMARY:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@check
def serves_discovery_and_round_trips_an_event():
    s = Server().start()
    try:
        st, h, _ = s.request("PROPFIND", "/", user=None, headers={"Depth": "0"})
        assert st == 401 and h.get("WWW-Authenticate", "").startswith("Basic"), (st, h)
        st, h, _ = s.request("PUT", "/alice/calendar/e.ics", event("e"), headers={"Content-Type": "text/calendar"})
        assert st == 201 and h.get("ETag"), (st, h)
        st, _, body = s.request("GET", "/alice/calendar/e.ics")
        assert st == 200 and body == event("e").encode()
        st, _, _ = s.request("GET", "/alice/calendar/e.ics", user="bob", pw="bobpw")
        assert st == 403, st
    finally:
        assert s.stop() == 0, "SIGTERM should end the server cleanly"


@check
def passwords_and_authorization_never_reach_the_log():
    s = Server().start()
    try:
        s.request("PROPFIND", "/", headers={"Depth": "0"})
        s.request("PROPFIND", "/", pw="wrong-secret-pw", headers={"Depth": "0"})
    finally:
        s.stop()
    log = s.logtext()
    for secret in ("alicepw", "wrong-secret-pw", base64.b64encode(b"alice:alicepw").decode(), "Basic "):
        assert secret not in log, f"{secret!r} appears in the log"


@check
def raw_traversal_paths_are_400():
    s = Server().start()
    try:
        for p in ["/alice/../bob/calendar/", "/alice/%2e%2e/bob/", "/alice/calendar/..%2f..%2fusers", "/%00", "/alice/.Radicale.props"]:
            st, _, _ = s.request("GET", p)
            assert st == 400, (p, st)
    finally:
        s.stop()


@check
def oversized_body_is_413_and_server_survives():
    s = Server(extra_server="max_request_body = 65536\nmax_resource_size = 32768").start()
    try:
        st, _, _ = s.request("PUT", "/alice/calendar/big.ics", b"x" * 200_000, headers={"Content-Type": "text/calendar"})
        assert st == 413, st
        st, _, _ = s.request("PROPFIND", "/alice/", headers={"Depth": "0"})
        assert st == 207, st
    finally:
        s.stop()


@check
def public_bind_is_refused_without_opt_in():
    d = tempfile.mkdtemp()
    cfg = os.path.join(d, "p.toml")
    open(cfg, "w").write('[server]\nhosts = ["0.0.0.0:25999"]\n')
    p = run([BIN, "serve", "--config", cfg], expect=None)
    assert p.returncode != 0 and "server.hosts" in (p.stdout + p.stderr), p


@check
def config_errors_name_file_key_and_line():
    d = tempfile.mkdtemp()
    cfg = os.path.join(d, "p.toml")
    open(cfg, "w").write('[server]\nhosts = ["127.0.0.1:5232"]\n\n[storage]\ntype = "filesystem"\nfolderr = "x"\n')
    p = run([BIN, "config", "check", cfg], expect=None)
    out = p.stdout + p.stderr
    assert p.returncode != 0 and "storage.folderr" in out and f"{cfg}:6" in out, out
    open(cfg, "w").write('[server]\nmax_connections = "many"\n')
    p = run([BIN, "config", "check", cfg], expect=None)
    assert p.returncode != 0 and "server.max_connections" in (p.stdout + p.stderr), p


@check
def first_start_seeds_admin_from_environment():
    d = tempfile.mkdtemp()
    s = Server(users=(), env={"ADMIN_USER": "admin", "ADMIN_PASSWORD": "s3cret"}, folder=d).start()
    try:
        st, _, _ = s.request("PROPFIND", "/admin/", user="admin", pw="s3cret", headers={"Depth": "0"})
        assert st == 207, st
        mode = stat.S_IMODE(os.stat(os.path.join(d, "users")).st_mode)
        assert mode == 0o600, oct(mode)
        assert "s3cret" not in open(os.path.join(d, "users")).read()
    finally:
        s.stop()


@check
def htpasswd_changes_apply_without_restart_and_files_are_private():
    s = Server().start()
    try:
        run([BIN, "user", "add", "--config", s.config, "carol"], env={"POCKETDAV_PASSWORD": "carolpw"})
        time.sleep(1.2)
        st, _, _ = s.request("PROPFIND", "/carol/", user="carol", pw="carolpw", headers={"Depth": "0"})
        assert st == 207, st
        s.request("PUT", "/carol/calendar/x.ics", event("x"), user="carol", pw="carolpw", headers={"Content-Type": "text/calendar"})
    finally:
        s.stop()
    root = os.path.join(s.dir, "collections")
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames:
            assert stat.S_IMODE(os.stat(os.path.join(dirpath, n)).st_mode) == 0o700, os.path.join(dirpath, n)
        for n in filenames:
            assert stat.S_IMODE(os.stat(os.path.join(dirpath, n)).st_mode) == 0o600, os.path.join(dirpath, n)


SYNC = ('<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>%s</D:sync-token>'
        '<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>')


@check
def sync_tokens_survive_a_restart():
    import re
    s = Server().start()
    try:
        s.request("PUT", "/alice/calendar/a.ics", event("a"), headers={"Content-Type": "text/calendar"})
        st, _, body = s.request("REPORT", "/alice/calendar/", SYNC % "", headers={"Depth": "1"})
        token = re.search(rb"<D:sync-token>([^<]+)</D:sync-token>", body).group(1).decode()
    finally:
        s.stop()
    s.start()
    try:
        s.request("PUT", "/alice/calendar/b.ics", event("b"), headers={"Content-Type": "text/calendar"})
        st, _, body = s.request("REPORT", "/alice/calendar/", SYNC % token, headers={"Depth": "1"})
        hrefs = re.findall(rb"<D:href>([^<]+)</D:href>", body)
        assert st == 207 and hrefs == [b"/alice/calendar/b.ics"], (st, body[:500])
    finally:
        s.stop()


def put_burst_then_kill(s, writers=4, seconds=2.0):
    """Concurrent PUTs of new events until SIGKILL; returns {name: etag} of the acknowledged ones."""
    s.request("PROPFIND", "/alice/", headers={"Depth": "0"})  # provisions the calendar
    acked, stop = {}, threading.Event()
    lock = threading.Lock()

    def writer(w):
        i = 0
        while not stop.is_set():
            name = f"w{w}-{i}.ics"
            try:
                st, h, _ = s.request("PUT", f"/alice/calendar/{name}", event(f"w{w}-{i}"), headers={"Content-Type": "text/calendar"})
            except OSError:
                return
            if st in (201, 204):
                with lock:
                    acked[name] = h.get("ETag")
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acked) > 20, f"only {len(acked)} writes acknowledged"
    return acked


def expect_all_present(s, acked):
    for name, etag in acked.items():
        st, h, body = s.request("GET", f"/alice/calendar/{name}")
        assert st == 200 and h.get("ETag") == etag, (name, st, h.get("ETag"), etag)


@check
def kill_9_during_concurrent_writes_loses_nothing_acknowledged():
    s = Server().start()
    acked = put_burst_then_kill(s)
    s.start()
    try:
        expect_all_present(s, acked)
    finally:
        s.stop()
    p = run([BIN, "storage", "verify", "--config", s.config], expect=None)
    assert p.returncode == 0, p.stdout + p.stderr
    print(f"   {len(acked)} acknowledged PUTs survived kill -9; storage verify clean")


@check
def git_kill_9_during_concurrent_writes_leaves_a_clean_repository():
    s = Server(storage="git").start()
    acked = put_burst_then_kill(s)
    # Straight after the crash, before pocketdav touches the repository again: git's own check,
    # and every acknowledged PUT is in the commit the branch points at.
    fsck = subprocess.run(["git", "--git-dir", s.repository, "fsck", "--strict", "--no-dangling"],
                          capture_output=True, text=True, timeout=120)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
    listed = subprocess.run(["git", "--git-dir", s.repository, "ls-tree", "--name-only", "main:alice/calendar"],
                            capture_output=True, text=True, check=True).stdout.split()
    missing = set(acked) - set(listed)
    assert not missing, f"acknowledged but not on the branch: {sorted(missing)[:5]}"
    # A kill during a ref update leaves the branch's lock file behind; make sure this run has one,
    # as fresh as a crash leaves it. The first write after the restart waits for it to age out.
    lock = os.path.join(s.repository, "refs", "heads", "main.lock")
    open(lock, "a").close()
    s.start()
    try:
        expect_all_present(s, acked)
        st, _, _ = s.request("PUT", "/alice/calendar/after-crash.ics", event("after-crash"), headers={"Content-Type": "text/calendar"})
        assert st == 201, st
        assert not os.path.exists(lock), "the abandoned ref lock is still there"
    finally:
        s.stop()
    p = run([BIN, "storage", "verify", "--config", s.config], expect=None)
    assert p.returncode == 0, p.stdout + p.stderr
    commits = int(subprocess.run(["git", "--git-dir", s.repository, "rev-list", "--count", "main"],
                                 capture_output=True, text=True, check=True).stdout)
    print(f"   {len(acked)} acknowledged PUTs survived kill -9 in {commits} commits; git fsck and storage verify clean")


@check
def tofu_race_of_first_logins_creates_exactly_one_account():
    s = Server(extra_auth='type = ["htpasswd", "tofu"]').start()
    try:
        barrier = threading.Barrier(12)
        statuses = {}

        def login(i):
            barrier.wait()
            statuses[i] = s.request("PROPFIND", "/newbie/", user="newbie", pw=f"pw-{i}", headers={"Depth": "0"})[0]

        threads = [threading.Thread(target=login, args=(i,)) for i in range(12)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        winners = [i for i in range(12) if s.request("PROPFIND", "/newbie/", user="newbie", pw=f"pw-{i}",
                                                        headers={"Depth": "0"})[0] == 207]
        assert len(winners) == 1, (winners, statuses)
        assert statuses[winners[0]] == 207, statuses
        accounts = open(os.path.join(s.dir, "collections", ".pocketdav-accounts.json")).read()
        assert accounts.count("newbie") == 1 and "pw-" not in accounts, "one account, hashed"
        assert stat.S_IMODE(os.stat(os.path.join(s.dir, "collections", ".pocketdav-accounts.json")).st_mode) == 0o600
        # Names outside the rules are never claimed.
        assert s.request("PROPFIND", "/", user="bad name", pw="x", headers={"Depth": "0"})[0] == 401
    finally:
        s.stop()


@check
def a_public_calendar_is_readable_anonymously_and_writable_by_nobody_else():
    s = Server(extra_sections='[rights]\ntype = "acl"\n').start()
    try:
        assert s.request("PUT", "/alice/calendar/p.ics", event("p"), headers={"Content-Type": "text/calendar"})[0] == 201
        assert s.request("GET", "/alice/calendar/", user=None)[0] == 401, "private until the ACL says otherwise"
        acl = ('<D:acl xmlns:D="DAV:"><D:ace><D:principal><D:all/></D:principal>'
               '<D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace></D:acl>')
        assert s.request("ACL", "/alice/calendar/", acl, user="bob", pw="bobpw",
                         headers={"Content-Type": "application/xml"})[0] == 403, "only the owner sets the ACL"
        st, _, _ = s.request("ACL", "/alice/calendar/", acl, headers={"Content-Type": "application/xml"})
        assert st == 200, st
        st, h, body = s.request("GET", "/alice/calendar/", user=None)  # the subscription URL
        assert st == 200 and b"UID:p" in body and h.get("Content-Type", "").startswith("text/calendar"), (st, h)
        st, _, body = s.request("PROPFIND", "/alice/calendar/", user=None, headers={"Depth": "1"})
        assert st == 207 and b"/alice/calendar/p.ics" in body, st
        assert s.request("PUT", "/alice/calendar/x.ics", event("x"), user=None,
                         headers={"Content-Type": "text/calendar"})[0] == 401
        assert s.request("DELETE", "/alice/calendar/p.ics", user=None)[0] == 401
        assert s.request("PUT", "/alice/calendar/x.ics", event("x"), user="bob", pw="bobpw",
                         headers={"Content-Type": "text/calendar"})[0] == 403
        assert s.request("GET", "/alice/contacts/", user=None)[0] == 401, "the grant covers one collection"
    finally:
        s.stop()


@check
def admin_api_and_api_keys_work_against_the_running_binary():
    s = Server(extra_auth='type = ["htpasswd", "api_key"]', extra_sections='[admin]\nusers = ["alice"]\n').start()
    try:
        body = '{"name": "carol", "password": "carolpw"}'
        assert s.request("POST", "/.admin/users", body, user="bob", pw="bobpw",
                         headers={"Content-Type": "application/json"})[0] == 403
        st, h, _ = s.request("POST", "/.admin/users", body, headers={"Content-Type": "application/json"})
        assert st == 201, st
        assert s.request("PROPFIND", "/carol/", user="carol", pw="carolpw", headers={"Depth": "0"})[0] == 207
        assert s.request("POST", "/.admin/users", body, headers={"Content-Type": "application/json"})[0] == 409
        assert s.request("POST", "/.admin/users", "{not json", headers={"Content-Type": "application/json"})[0] == 400
        st, _, _ = s.request("PUT", "/.admin/users/carol/password", '{"password": "newpw"}', user="carol", pw="carolpw",
                             headers={"Content-Type": "application/json"})
        assert st == 204, st
        assert s.request("PROPFIND", "/carol/", user="carol", pw="carolpw", headers={"Depth": "0"})[0] == 401, \
            "the old password stops working at once (the login cache is cleared)"
        # A key made by the CLI while the server runs works within seconds and stops after revoke.
        key = run([BIN, "apikey", "create", "--config", s.config, "--name", "sync-job", "--user", "alice"]).stdout.strip()
        assert key and key not in open(os.path.join(s.dir, "collections", ".pocketdav-accounts.json")).read()
        status = None
        for _ in range(40):
            status = s.request("PROPFIND", "/alice/", user=None, headers={"Depth": "0", "X-Api-Key": key})[0]
            if status == 207:
                break
            time.sleep(0.25)
        assert status == 207, status
        assert s.request("GET", "/.admin/users", user=None, headers={"X-Api-Key": key})[0] == 403, \
            "a key never reaches the admin API"
        run([BIN, "apikey", "revoke", "--config", s.config, "sync-job"])
        for _ in range(40):
            status = s.request("PROPFIND", "/alice/", user=None, headers={"Depth": "0", "X-Api-Key": key})[0]
            if status == 401:
                break
            time.sleep(0.25)
        assert status == 401, f"revoked key still answered {status}"
        assert key not in s.logtext() and "carolpw" not in s.logtext(), "no secret in the log"
    finally:
        s.stop()


@check
def the_remote_user_header_counts_only_from_a_trusted_proxy():
    trusted = Server(extra_auth='type = ["remote_user"]', extra_sections='[auth.remote_user]\ntrusted_proxies = ["127.0.0.1"]\n',
                     users=()).start()
    try:
        assert trusted.request("PROPFIND", "/", user=None, headers={"Depth": "0", "X-Remote-User": "dora"})[0] == 207
    finally:
        trusted.stop()
    elsewhere = Server(extra_auth='type = ["remote_user"]', extra_sections='[auth.remote_user]\ntrusted_proxies = ["10.9.9.9"]\n',
                       users=()).start()
    try:
        assert elsewhere.request("PROPFIND", "/", user=None, headers={"Depth": "0", "X-Remote-User": "dora"})[0] == 401
    finally:
        elsewhere.stop()
    d = tempfile.mkdtemp()
    cfg = os.path.join(d, "p.toml")
    open(cfg, "w").write(f'[server]\nhosts = ["127.0.0.1:{free_port()}"]\n[auth]\ntype = ["remote_user"]\n'
                         '[storage.filesystem]\nfolder = "c"\n')
    p = run([BIN, "serve", "--config", cfg], expect=None)
    assert p.returncode != 0 and "trusted_proxies" in p.stderr, p.stderr



def mapped_libraries(proc):
    return {line.split()[-1] for line in open(f"/proc/{proc.pid}/maps") if ".so" in line}


@check
def libgit2_is_loaded_by_a_git_storage_only():
    plain = Server().start()
    try:
        assert plain.request("PROPFIND", "/alice/", headers={"Depth": "1"})[0] == 207
        assert not [m for m in mapped_libraries(plain.proc) if "libgit2" in m], "filesystem server mapped libgit2"
    finally:
        plain.stop()
    git = Server(storage="git").start()
    try:
        st, _, _ = git.request("PUT", "/alice/calendar/git.ics", event("git"), headers={"Content-Type": "text/calendar"})
        assert st == 201, st
        assert [m for m in mapped_libraries(git.proc) if "libgit2" in m], "git server without libgit2 mapped"
    finally:
        git.stop()
    # A broken libgit2 found first on the library path: the server refuses to start and says why.
    fake = tempfile.mkdtemp()
    for path in glob.glob("/usr/lib/*/libgit2.so.*") + glob.glob("/usr/lib/libgit2.so.*"):
        open(os.path.join(fake, os.path.basename(path)), "w").write("not a library")
    assert os.listdir(fake), "no libgit2.so.* found to shadow"
    p = run([BIN, "serve", "--config", git.config], env={"LD_LIBRARY_PATH": fake}, expect=None)
    assert p.returncode != 0 and "needs libgit2" in p.stderr and "libgit2.so." in p.stderr, (p.returncode, p.stderr[-600:])

@check
def log_timestamps_keep_the_operators_time_zone():
    # The server resolves Foundation's zone under TZ=GMT at start (FoundationZone); libc's, which
    # the log uses, must still be the operator's.
    s = Server(env={"TZ": "Asia/Tokyo"}).start()
    try:
        assert s.request("PROPFIND", "/alice/", headers={"Depth": "0"})[0] == 207
    finally:
        s.stop()
    stamps = re.findall(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d{4})", s.logtext(), re.M)
    assert stamps and set(stamps) == {"+0900"}, set(stamps)


@check
def request_bodies_in_legacy_encodings_are_converted():
    # libxml2 converts these through ICU, which the release binary links in.
    s = Server().start()
    try:
        assert s.request("MKCOL", "/alice/legacy/")[0] == 201
        for encoding, raw, text in (("windows-1252", b"Caf\xe9 \x80", "Caf\u00e9 \u20ac"),
                                    ("EUC-JP", b"\xc6\xfc\xcb\xdc", "\u65e5\u672c")):
            body = (f'<?xml version="1.0" encoding="{encoding}"?>\n<D:propertyupdate xmlns:D="DAV:"><D:set>'
                    '<D:prop><D:displayname>').encode() + raw + b"</D:displayname></D:prop></D:set></D:propertyupdate>"
            st, _, answer = s.request("PROPPATCH", "/alice/legacy/", body, headers={"Content-Type": "application/xml"})
            assert st == 207 and b"200 OK" in answer, (encoding, st, answer)
            st, _, answer = s.request("PROPFIND", "/alice/legacy/", '<D:propfind xmlns:D="DAV:"><D:prop>'
                                      "<D:displayname/></D:prop></D:propfind>", headers={"Depth": "0"})
            assert st == 207 and f"displayname>{text}<".encode() in answer, (encoding, answer)
    finally:
        s.stop()


def read_responses(sock, methods):
    """Reads one HTTP/1.1 response per method from sock (Content-Length framing; none after HEAD)."""
    buf, out = b"", []
    for method in methods:
        while b"\r\n\r\n" not in buf:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed after {len(out)} responses: {out}")
            buf += chunk
        head, buf = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
        length = 0 if method == "HEAD" else int(headers.get("content-length", "0"))
        while len(buf) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed inside a body")
            buf += chunk
        out.append((int(lines[0].split()[1]), headers, buf[:length]))
        buf = buf[length:]
    return out, buf


@check
def pipelined_requests_are_answered_in_order_whichever_path_answers_them():
    # GETs of items with a cached login are answered on the event loop; everything else by the
    # full pipeline. One write of mixed requests must still get its answers in order.
    s = Server().start()
    try:
        assert s.request("PUT", "/alice/calendar/e.ics", event("e"), headers={"Content-Type": "text/calendar"})[0] == 201
        assert s.request("GET", "/alice/calendar/e.ics")[0] == 200  # caches the login
        auth = "Authorization: Basic " + base64.b64encode(b"alice:alicepw").decode() + "\r\n"
        f = event("f").encode()
        propfind = b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
        requests = [
            ("GET", b"GET /alice/calendar/e.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode() + b"\r\n"),
            ("PUT", b"PUT /alice/calendar/f.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode()
             + b"Content-Type: text/calendar\r\nContent-Length: " + str(len(f)).encode() + b"\r\n\r\n" + f),
            ("GET", b"GET /alice/calendar/f.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode() + b"\r\n"),
            ("PROPFIND", b"PROPFIND /alice/calendar/ HTTP/1.1\r\nHost: x\r\nDepth: 1\r\n" + auth.encode()
             + b"Content-Length: " + str(len(propfind)).encode() + b"\r\n\r\n" + propfind),
            ("HEAD", b"HEAD /alice/calendar/e.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode() + b"\r\n"),
            ("GET", b"GET /bob/calendar/e.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode() + b"\r\n"),
            ("GET", b"GET /alice/calendar/e.ics HTTP/1.1\r\nHost: x\r\n" + auth.encode() + b"\r\n"),
            ("GET", b"GET /alice/calendar/e.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth.encode() + b"\r\n"),
        ]
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        sock.sendall(b"".join(r for _, r in requests))
        answers, rest = read_responses(sock, [m for m, _ in requests])
        statuses = [st for st, _, _ in answers]
        assert statuses == [200, 201, 200, 207, 200, 403, 200, 200], statuses
        assert answers[0][2] == event("e").encode() and answers[2][2] == f, answers[2]
        assert b"f.ics" in answers[3][2], answers[3][2]
        assert answers[4][1]["content-length"] == str(len(event("e"))) and answers[4][2] == b""
        for st, headers, _ in (answers[0], answers[1], answers[6]):
            assert headers.get("server") == "pocketdav" and headers.get("date", "").endswith(" GMT"), headers
            assert headers.get("dav", "").startswith("1, 3"), headers
        assert answers[0][1]["etag"] == answers[6][1]["etag"]
        assert rest == b"" and sock.recv(1) == b"", "the connection should close after Connection: close"
        sock.close()
    finally:
        assert s.stop() == 0


@check
def busy_connections_stay_open_and_idle_ones_close_after_the_request_timeout():
    # The fast lane answers most of these GETs without Hummingbird seeing them; they must still
    # count as activity, and a connection that goes quiet (or stops inside a head) must close.
    s = Server(extra_server="request_timeout = 1").start()
    try:
        assert s.request("PUT", "/alice/calendar/e.ics", event("e"), headers={"Content-Type": "text/calendar"})[0] == 201
        get = ("GET /alice/calendar/e.ics HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
               + base64.b64encode(b"alice:alicepw").decode() + "\r\n\r\n").encode()
        busy = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        started = time.monotonic()
        while time.monotonic() - started < 2.5:
            busy.sendall(get * 3)
            answers, rest = read_responses(busy, ["GET"] * 3)
            assert [st for st, _, _ in answers] == [200] * 3 and rest == b"", answers
            time.sleep(0.3)
        trickled = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        trickled.sendall(get[:30])
        went_quiet = time.monotonic()
        assert busy.recv(1) == b"" and trickled.recv(1) == b""
        assert time.monotonic() - went_quiet < 4, "idle connections should close about 1 s after going quiet"
    finally:
        assert s.stop() == 0


@check
def an_item_edited_by_hand_in_place_is_never_served_stale():
    # The filesystem backend keeps the bytes of items read lately and gives them again while the
    # file's identity (inode, size, mtime, ctime) is unchanged. An edit in place that keeps the
    # size and restores the mtime must still be served at once, under the new bytes' etag.
    import hashlib
    s = Server().start()
    try:
        item = os.path.join(s.dir, "collections", "collection-root", "alice", "calendar", "e.ics")
        assert s.request("PUT", "/alice/calendar/e.ics", event("one"), headers={"Content-Type": "text/calendar"})[0] == 201
        for edit in ("two", "six"):
            time.sleep(2.3)  # items changed in the last 2 s are read every time, never kept
            for _ in range(5):  # read (and kept), then answered from memory while the index is trusted
                st, _, body = s.request("GET", "/alice/calendar/e.ics")
                assert st == 200 and body.startswith(b"BEGIN:VCALENDAR"), (st, body[:80])
            before = os.stat(item)
            new = event(edit).encode()
            assert len(new) == before.st_size
            with open(item, "r+b") as f:
                f.write(new)
            os.utime(item, ns=(before.st_atime_ns, before.st_mtime_ns))
            st, h, body = s.request("GET", "/alice/calendar/e.ics")
            assert st == 200 and body == new, (st, body)
            assert h.get("ETag") == '"%s"' % hashlib.sha256(new).hexdigest(), h.get("ETag")
    finally:
        assert s.stop() == 0


passed = sum(1 for _, e in results if e is None)
print(f"e2e: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)

#!/usr/bin/env bash
# One sync session of a phone client against a running pocketdav, with plain curl: discovery,
# a new calendar, events (recurring, with a VTIMEZONE and an alarm; all-day), a to-do,
# contacts, GET/HEAD, a stale If-Match, multiget, sync-collection (initial, delta, bad token),
# calendar-query and addressbook-query, DELETE, a malformed body.
#
# Used to record which code a real session runs (scripts/order-file.sh) and to measure the
# resident memory after one (Benchmarks/idle-rss.sh). It checks nothing: the test suite does.
#
# usage: phone-session.sh BASE_URL USER PASSWORD     (e.g. http://127.0.0.1:5232 admin secret)
set -uo pipefail
H=${1%/}; USER_NAME=$2; PASS=$3
U="$H/$USER_NAME"; A=(-u "$USER_NAME:$PASS")
c() { curl -s -o /dev/null "$@"; }
report() { c "${A[@]}" -X REPORT -H "Depth: 1" -H "Content-Type: application/xml" --data "$2" "$1"; }
ical() { # the lines between BEGIN:VCALENDAR and END:VCALENDAR, with \r\n escapes
    printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pocketdav//phone-session//EN\r\n%bEND:VCALENDAR\r\n' "$1"
}
TZ_BERLIN='BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n'

# Discovery, as DAVx5 and iOS do it.
c "$H/"; c -X OPTIONS "$H/"; c -u "$USER_NAME:wrong-password" "$U/"
c "${A[@]}" -L "$H/.well-known/caldav"; c "${A[@]}" "$H/.well-known/carddav"
c "${A[@]}" -X PROPFIND -H "Depth: 0" --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>' "$H/"
c "${A[@]}" -X PROPFIND -H "Depth: 0" --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:prop><c:calendar-home-set/><r:addressbook-home-set/><c:calendar-user-address-set/><d:displayname/><d:principal-URL/></d:prop></d:propfind>' "$U/"
c "${A[@]}" -X PROPFIND -H "Depth: 1" --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:i="http://apple.com/ns/ical/"><d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/><i:calendar-color/><d:current-user-privilege-set/><d:owner/><d:quota-available-bytes/><d:supported-report-set/></d:prop></d:propfind>' "$U/"
c "${A[@]}" -X PROPFIND -H "Depth: 1" "$U/"

# A second calendar, renamed and coloured.
c "${A[@]}" -X MKCALENDAR --data '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>Work</d:displayname></d:prop></d:set></c:mkcalendar>' "$U/phone-session/"
c "${A[@]}" -X PROPPATCH --data '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:i="http://apple.com/ns/ical/"><d:set><d:prop><i:calendar-color>#FF0000FF</i:calendar-color><d:displayname>Job</d:displayname></d:prop></d:set></d:propertyupdate>' "$U/phone-session/"

# Uploads.
for i in $(seq 1 20); do
    m=$(printf '%02d' $(( i % 12 + 1 )))
    ical "${TZ_BERLIN}BEGIN:VEVENT\r\nUID:session-ev$i\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:2026${m}10T100000\r\nDTEND;TZID=Europe/Berlin:2026${m}10T110000\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Meeting $i\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n" \
        | c "${A[@]}" -T - -H "Content-Type: text/calendar" -H "If-None-Match: *" "$U/phone-session/ev$i.ics"
done
ical 'BEGIN:VEVENT\r\nUID:session-allday\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260105\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\n' \
    | c "${A[@]}" -T - -H "Content-Type: text/calendar" "$U/phone-session/allday.ics"
ical 'BEGIN:VTODO\r\nUID:session-todo\r\nDTSTAMP:20260101T000000Z\r\nDUE:20260105T100000Z\r\nSUMMARY:To do\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\n' \
    | c "${A[@]}" -T - -H "Content-Type: text/calendar" "$U/phone-session/todo.ics"
for i in 1 2 3 4 5; do
    printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:session-card%s\r\nFN:Person %s\r\nN:%s;Person;;;\r\nEMAIL;TYPE=INTERNET:p%s@example.org\r\nTEL;TYPE=CELL:+49 170 %s\r\nEND:VCARD\r\n' $i $i $i $i $i \
        | c "${A[@]}" -T - -H "Content-Type: text/vcard" "$U/contacts/session-card$i.vcf"
done

# Reads and conditional requests.
c "${A[@]}" "$U/phone-session/ev1.ics"; c "${A[@]}" -I "$U/phone-session/ev2.ics"
c "${A[@]}" "$U/contacts/session-card1.vcf"; c "${A[@]}" "$U/phone-session/missing.ics"
ical 'BEGIN:VEVENT\r\nUID:session-ev1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260110T100000Z\r\nSUMMARY:Lost update\r\nEND:VEVENT\r\n' \
    | c "${A[@]}" -T - -H "Content-Type: text/calendar" -H 'If-Match: "stale"' "$U/phone-session/ev1.ics"

# Reports.
token=$(curl -s "${A[@]}" -X REPORT -H "Depth: 1" --data '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/><d:getcontenttype/></d:prop></d:sync-collection>' "$U/phone-session/" \
    | grep -o '<[a-zA-Z:]*sync-token>[^<]*' | sed 's/.*>//')
report "$U/phone-session/" '<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><d:href>ev1.ics</d:href><d:href>ev2.ics</d:href><d:href>ev3.ics</d:href></c:calendar-multiget>'
report "$U/contacts/" '<?xml version="1.0"?><r:addressbook-multiget xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><r:address-data/></d:prop><d:href>session-card1.vcf</d:href></r:addressbook-multiget>'
report "$U/phone-session/" '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260301T000000Z" end="20260401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>'
report "$U/phone-session/" '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"/></c:comp-filter></c:filter></c:calendar-query>'
report "$U/contacts/" '<?xml version="1.0"?><r:addressbook-query xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/></d:prop><r:filter><r:prop-filter name="FN"><r:text-match collation="i;unicode-casemap" match-type="contains">person</r:text-match></r:prop-filter></r:filter></r:addressbook-query>'
c "${A[@]}" -X DELETE "$U/phone-session/ev20.ics"
report "$U/phone-session/" "<?xml version=\"1.0\"?><d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>$token</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
report "$U/phone-session/" '<d:sync-collection xmlns:d="DAV:"><d:sync-token>http://example.org/unknown</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>'
c "${A[@]}" -X PROPFIND -H "Depth: 1" --data '<malformed' "$U/"

# Export, then clean up so the session can run again.
c "${A[@]}" "$U/phone-session/"
for i in 1 2 3 4 5; do c "${A[@]}" -X DELETE "$U/contacts/session-card$i.vcf"; done
c "${A[@]}" -X DELETE "$U/phone-session/"

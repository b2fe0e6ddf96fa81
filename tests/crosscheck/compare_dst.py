#!/usr/bin/env python3
"""Cross-checks the library's Stockholm summer-time switches against the tz database
(Europe/Stockholm through Python's zoneinfo): compare_dst.py DUMP FROM TO, where DUMP is the
calendar_dump program. Every change of the UTC offset from FROM to TO must be the same instant
with the same new offset. The library does not read the tz database; this only checks it.
"""
import datetime
import subprocess
import sys


def tz_changes(zone, first, last):
    """The instants (Unix seconds) where zone's offset changes, found day by day then bisected."""
    def offset(t):
        return int(datetime.datetime.fromtimestamp(t, zone).utcoffset().total_seconds())
    start = int(datetime.datetime(first, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
    end = int(datetime.datetime(last + 1, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
    changes = []
    t, off = start, offset(start)
    while t < end:
        nxt = min(t + 86400, end)
        if offset(nxt) != off:
            lo, hi = t, nxt  # offset(lo) == off, offset(hi) != off
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == off:
                    lo = mid
                else:
                    hi = mid
            changes.append((hi, offset(hi)))
            off = offset(hi)
        t = nxt
    return changes


def main():
    dump, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        import zoneinfo
        zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    except Exception as e:  # no zoneinfo module or no tz database
        print("FAIL: cannot load the tz database zone Europe/Stockholm (%s); install the Debian "
              "package tzdata (.ci/install-deps)" % e)
        return 1
    out = subprocess.run([dump, "dst", str(first), str(last)], check=True, capture_output=True,
                         text=True).stdout
    ours = [tuple(int(x) for x in line.split("\t")) for line in out.splitlines()]
    theirs = tz_changes(zone, first, last)
    if ours != theirs:
        for item in sorted(set(ours) ^ set(theirs)):
            who = "libsmartservice" if item in ours else "tz database"
            print("only in %s: %s offset %d" % (
                who, datetime.datetime.fromtimestamp(item[0], datetime.timezone.utc).isoformat(),
                item[1]))
        print("FAIL: the summer-time switches differ in %d-%d" % (first, last))
        return 1
    print("OK: %d offset changes in %d-%d agree with the tz database" % (len(ours), first, last))
    return 0


if __name__ == "__main__":
    sys.exit(main())

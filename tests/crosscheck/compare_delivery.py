#!/usr/bin/env python3
"""End-to-end cross-check of the delivery rule R7 against sources no one here wrote:
compare_delivery.py DUMP FROM TO, where DUMP is the calendar_dump program.

For every day FROM-TO it takes registrations at several Stockholm wall-clock times (including the
seconds around the 14:00 cut-off and, on the summer-time switch days, around the switch), turns
them into instants with the tz database (zoneinfo, Europe/Stockholm), and computes the expected
delivery date with the holidays of python3-holidays (Sweden, without Sundays; its list includes the
three closed eves) and numpy.busday_offset: the Stockholm date, one day later at or after 14:00,
rolled forward to a working day and moved one working day on. The library's answers (through
calendar_dump delivery) must be the same for every registration.
"""
import datetime
import subprocess
import sys


def main():
    dump, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        import holidays
        import numpy as np
        import zoneinfo
        zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    except Exception as e:
        print("FAIL: %s; install the Debian packages python3-holidays, python3-numpy and tzdata "
              "(.ci/install-deps)" % e)
        return 1
    utc = datetime.timezone.utc
    times = [(0, 0, 0), (1, 30, 0), (2, 30, 0), (9, 0, 0), (13, 59, 59), (14, 0, 0), (23, 59, 59)]
    instants = set()
    day = datetime.date(first, 1, 1)
    while day.year <= last:
        for h, m, s in times:
            for fold in (0, 1):  # both readings of a time in the autumn fold
                local = datetime.datetime(day.year, day.month, day.day, h, m, s, tzinfo=zone,
                                          fold=fold)
                instants.add(int(local.timestamp()))
        day += datetime.timedelta(days=1)
    # Around every offset change: the seconds just before and after.
    t = int(datetime.datetime(first, 1, 1, tzinfo=utc).timestamp())
    end = int(datetime.datetime(last + 1, 1, 1, tzinfo=utc).timestamp())
    off = datetime.datetime.fromtimestamp(t, zone).utcoffset()
    while t < end:
        o = datetime.datetime.fromtimestamp(t, zone).utcoffset()
        if o != off:
            instants.update({t - 1, t, t + 1})
            off = o
        t += 3600
    instants = sorted(instants)

    out = subprocess.run([dump, "delivery"], input="\n".join(map(str, instants)) + "\n",
                         check=True, capture_output=True, text=True).stdout
    ours = dict(line.split("\t") for line in out.splitlines())

    hol = holidays.Sweden(include_sundays=False, years=range(first, last + 2))
    cal = np.busdaycalendar(weekmask="1111100",
                            holidays=np.array(sorted(hol.keys()), dtype="datetime64[D]"))
    dates, keys = [], []
    for t in instants:
        local = datetime.datetime.fromtimestamp(t, zone)
        d = local.date()
        if (local.hour, local.minute, local.second) >= (14, 0, 0):
            d += datetime.timedelta(days=1)
        dates.append(np.datetime64(d, "D"))
        keys.append(str(t))
    want = np.busday_offset(np.array(dates), 1, roll="forward", busdaycal=cal)
    bad = 0
    for key, w in zip(keys, want):
        if ours.get(key) != str(w):
            bad += 1
            if bad <= 20:
                local = datetime.datetime.fromtimestamp(int(key), zone).isoformat()
                print("registered %s: libsmartservice %s, python3-holidays + numpy %s"
                      % (local, ours.get(key), w))
    if bad:
        print("FAIL: %d of %d delivery dates differ in %d-%d" % (bad, len(keys), first, last))
        return 1
    print("OK: %d delivery dates in %d-%d agree with python3-holidays %s + numpy %s + tz database"
          % (len(keys), first, last, holidays.__version__, np.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cross-checks the library's holiday list against Debian's python3-holidays, a source no one
here wrote: compare_holidays.py DUMP FROM TO, where DUMP is the calendar_dump program.

python-holidays (0.10) is used as holidays.Sweden(include_sundays=False): without the "Söndag"
entry it adds for every Sunday, but with påskdagen and pingstdagen, which are always Sundays and
which the library lists too. It also lists the three eves (midsommarafton, julafton, nyårsafton),
as the library's default calendar does. When two holidays share a date it joins their names with
", " (2008-05-01 "Första maj, Kristi himmelsfärdsdag"); the library lists them as two entries, so
the names are split before comparing. Dates and Swedish names must match exactly.

Easter Sunday is also compared over the library's whole range, 1900-2199, with dateutil's
(python3-dateutil, which python3-holidays depends on).
"""
import subprocess
import sys


def main():
    dump, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        import holidays
    except ImportError:
        print("FAIL: the Python module 'holidays' is missing for %s; install the Debian package "
              "python3-holidays (.ci/install-deps)" % sys.executable)
        return 1
    ours = set()
    out = subprocess.run([dump, "holidays", str(first), str(last)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        date, name = line.split("\t")
        ours.add((date, name))
    theirs = set()
    for date, names in holidays.Sweden(include_sundays=False, years=range(first, last + 1)).items():
        for name in names.split(", "):
            theirs.add((date.isoformat(), name))
    only_ours = sorted(ours - theirs)
    only_theirs = sorted(theirs - ours)
    for date, name in only_ours:
        print("only in libsmartservice: %s %s" % (date, name))
    for date, name in only_theirs:
        print("only in python3-holidays %s: %s %s" % (holidays.__version__, date, name))
    if only_ours or only_theirs:
        print("FAIL: %d differences in %d-%d" % (len(only_ours) + len(only_theirs), first, last))
        return 1
    print("OK: %d holidays and closed eves in %d-%d agree with python3-holidays %s"
          % (len(ours), first, last, holidays.__version__))

    # Easter over the library's whole range, against dateutil (which python3-holidays uses).
    from dateutil.easter import easter
    out = subprocess.run([dump, "holidays", "1900", "2199"], check=True, capture_output=True,
                         text=True).stdout
    ours_easter = [line.split("\t")[0] for line in out.splitlines()
                   if line.split("\t")[1] == "Påskdagen"]
    theirs_easter = [easter(y).isoformat() for y in range(1900, 2200)]
    if ours_easter != theirs_easter:
        for a, b in zip(ours_easter, theirs_easter):
            if a != b:
                print("Easter: libsmartservice %s, dateutil %s" % (a, b))
        print("FAIL: Easter differs from dateutil in 1900-2199")
        return 1
    print("OK: Easter Sunday 1900-2199 agrees with dateutil")
    return 0


if __name__ == "__main__":
    sys.exit(main())

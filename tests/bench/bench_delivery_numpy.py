#!/usr/bin/env python3
"""The numpy half of bench_delivery (doc/performance.md):
bench_delivery_numpy.py DATES HOLIDAYS
OURS REPS. DATES holds, as int32 days since 1970-01-01, the Stockholm date of each registration
(one day later when registered at or after the cut-off); HOLIDAYS the library's holidays and
closed eves; OURS the library's delivery dates. Times np.busday_offset(DATES, 1, roll='forward')
with a busdaycalendar of those holidays (built outside the timing, as the library's calendar is),
and prints "numpy_ns_per_date=X mismatches=M"."""
import sys
import time

try:
    import numpy as np
except ImportError:
    print("FAIL: numpy is missing for %s; install the Debian package python3-numpy" % sys.executable)
    sys.exit(1)

dates = np.fromfile(sys.argv[1], dtype=np.int32).astype("datetime64[D]")
holidays = np.fromfile(sys.argv[2], dtype=np.int32).astype("datetime64[D]")
ours = np.fromfile(sys.argv[3], dtype=np.int32)
reps = int(sys.argv[4])
cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
best = float("inf")
for _ in range(reps):
    start = time.perf_counter()
    result = np.busday_offset(dates, 1, roll="forward", busdaycal=cal)
    best = min(best, time.perf_counter() - start)
mismatches = int(np.count_nonzero(result.astype(np.int64) != ours.astype(np.int64)))
print("numpy %s, busdaycalendar with %d holidays" % (np.__version__, len(cal.holidays)))
print("numpy_ns_per_date=%.2f mismatches=%d" % (best / len(dates) * 1e9, mismatches))

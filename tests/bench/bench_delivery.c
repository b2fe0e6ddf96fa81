/*
 * Benchmark of the delivery rule R7 (doc/performance.md, "Delivery dates").
 *
 *   bench_delivery [N] [--python PYTHON]
 *
 * Computes the delivery date of N (default 10 000 000) registrations at random instants from
 * 2005 to 2150 with ssvc_calendar_delivery(), and in the same run two references over the same
 * instants:
 *  (a) the floor: a loop that only looks the answer up in a precomputed per-day table (indexed by
 *      the UTC day, so not even the right answer: the least any method could cost);
 *  (b) with --python: numpy.busday_offset() (bench_delivery_numpy.py, run with PYTHON) over the
 *      same Stockholm dates, shifted by one day when registered at or after the cut-off, with the
 *      library's holiday list; its answers must equal the library's.
 *  (c) for information, the same lookup behind a function of the library's signature called
 *      through a pointer: the part of the cost that is the C call itself.
 * and ssvc_calendar_delivery_batch() over the same instants in chunks of 4096.
 * Prints nanoseconds per date for each and the ratios. The loops take turns; the best of five
 * repetitions counts.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, popen, mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smartservice.h>

/* (c) The floor behind a function call of the library's shape: what any C API call costs. */
static const ssvc_date *call_table;
static int64_t call_day0;
static int table_lookup(ssvc_ctx *ctx, const ssvc_calendar *cal, ssvc_date *out, int64_t t) {
  (void)ctx;
  if (!cal || !out) return SSVC_EINVAL;
  *out = call_table[t / 86400 - call_day0];
  return SSVC_OK;
}
/* Called through a volatile pointer so that the compiler cannot inline it. */
static int (*volatile table_lookup_call)(ssvc_ctx *, const ssvc_calendar *, ssvc_date *,
                                         int64_t) = table_lookup;

/* bench_delivery_numpy.py lives beside this file. */
static void script_path(char *buf, size_t size) {
  const char *slash = strrchr(__FILE__, '/');
  int dir = slash ? (int)(slash - __FILE__) : 1;
  snprintf(buf, size, "%.*s/bench_delivery_numpy.py", dir, slash ? __FILE__ : ".");
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t splitmix(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static int die(const char *what, ssvc_ctx *ctx) {
  fprintf(stderr, "bench_delivery: %s: %s\n", what, ctx ? ssvc_ctx_errmsg(ctx) : "failed");
  exit(1);
}

static int write_file(const char *path, const void *data, size_t bytes) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, bytes, f) != bytes || fclose(f) != 0) {
    fprintf(stderr, "bench_delivery: cannot write %s\n", path);
    exit(1);
  }
  return 0;
}

int main(int argc, char **argv) {
  long n = 10000000;
  const char *python = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--python") == 0 && i + 1 < argc) python = argv[++i];
    else if (argv[i][0] != '-') n = atol(argv[i]);
    else {
      fputs("usage: bench_delivery [N] [--python PYTHON]\n", stderr);
      return 2;
    }
  }
  if (n <= 0) return 2;
  const int reps = n >= 1000000 ? 5 : 1;

  ssvc_ctx *ctx;
  ssvc_calendar *cal;
  if (ssvc_ctx_new(&ctx, NULL)) return die("ssvc_ctx_new", NULL);
  if (ssvc_calendar_new(ctx, &cal, NULL)) return die("ssvc_calendar_new", ctx);

  /* Random instants whose Stockholm date is in 2005-2150. */
  ssvc_date d0 = {2005, 1, 1}, d1 = {2151, 1, 1};
  int64_t t0, t1;
  if (ssvc_stockholm_to_instant(ctx, &t0, &d0, 0, 0, 0) ||
      ssvc_stockholm_to_instant(ctx, &t1, &d1, 0, 0, 0))
    return die("ssvc_stockholm_to_instant", ctx);
  int64_t *instants = malloc((size_t)n * sizeof *instants);
  if (!instants) return die("malloc", NULL);
  uint64_t seed = 20261124;
  for (long i = 0; i < n; i++) instants[i] = t0 + (int64_t)(splitmix(&seed) % (uint64_t)(t1 - t0));

  /* (a) The floor: one load from a per-UTC-day table of dates, nothing else. */
  int64_t day0 = t0 / 86400, ndays = t1 / 86400 - day0 + 1;
  ssvc_date *table = malloc((size_t)ndays * sizeof *table);
  if (!table) return die("malloc", NULL);
  for (int64_t k = 0; k < ndays; k++)
    if (ssvc_calendar_delivery(ctx, cal, &table[k], (day0 + k) * 86400 + 43200))
      return die("ssvc_calendar_delivery", ctx);
  call_table = table;
  call_day0 = day0;
  /* The three loops take turns, so that a change in the machine's load hits them alike. */
  double best_floor = 1e300, best_lib = 1e300, best_call = 1e300, best_batch = 1e300;
  uint64_t sum_floor = 0, sum_lib = 0, sum_call = 0, sum_batch = 0;
  enum { CHUNK = 4096 };
  static ssvc_date chunk[CHUNK];
  for (int r = 0; r < reps; r++) {
    uint64_t s = 0;
    double a = now_ns();
    for (long i = 0; i < n; i++) {
      const ssvc_date *d = &table[instants[i] / 86400 - day0];
      s += (uint64_t)(d->year + d->month + d->day);
    }
    double b = now_ns();
    sum_floor = s;
    if (b - a < best_floor) best_floor = b - a;

    s = 0;
    a = now_ns();
    for (long i = 0; i < n; i++) {
      ssvc_date d;
      if (ssvc_calendar_delivery(NULL, cal, &d, instants[i])) return die("delivery", NULL);
      s += (uint64_t)(d.year + d.month + d.day);
    }
    b = now_ns();
    sum_lib = s;
    if (b - a < best_lib) best_lib = b - a;

    s = 0;
    a = now_ns();
    for (long i = 0; i < n; i++) {
      ssvc_date d;
      if (table_lookup_call(NULL, cal, &d, instants[i])) return die("lookup", NULL);
      s += (uint64_t)(d.year + d.month + d.day);
    }
    b = now_ns();
    sum_call = s;
    if (b - a < best_call) best_call = b - a;

    s = 0;
    a = now_ns();
    for (long i = 0; i < n; i += CHUNK) {
      size_t m = (size_t)(n - i < CHUNK ? n - i : CHUNK);
      if (ssvc_calendar_delivery_batch(NULL, cal, chunk, instants + i, m))
        return die("batch", NULL);
      for (size_t j = 0; j < m; j++)
        s += (uint64_t)(chunk[j].year + chunk[j].month + chunk[j].day);
    }
    b = now_ns();
    sum_batch = s;
    if (b - a < best_batch) best_batch = b - a;
  }
  double ns_floor = best_floor / (double)n, ns_lib = best_lib / (double)n,
         ns_call = best_call / (double)n, ns_batch = best_batch / (double)n;
  printf("dates:                          %ld random instants 2005-2150, best of %d\n", n, reps);
  printf("ssvc_calendar_delivery:         %8.2f ns per date\n", ns_lib);
  printf("(a) table lookup (the floor):   %8.2f ns per date\n", ns_floor);
  printf("ratio library / floor:          %8.2f (target: at most 3)\n", ns_lib / ns_floor);
  printf("(c) the floor behind a call:    %8.2f ns per date (same signature, not inlined)\n",
         ns_call);
  printf("ratio library / (c):            %8.2f\n", ns_lib / ns_call);
  printf("ssvc_calendar_delivery_batch:   %8.2f ns per date (chunks of %d)\n", ns_batch, CHUNK);
  printf("ratio batch / floor:            %8.2f\n", ns_batch / ns_floor);
  printf("checksums (unused):             %llu %llu %llu %llu\n", (unsigned long long)sum_lib,
         (unsigned long long)sum_floor, (unsigned long long)sum_call,
         (unsigned long long)sum_batch);
  if (sum_batch != sum_lib) return die("the batch and the single calls disagree", NULL);

  int rc = 0;
  if (python) {
    /* (b) numpy over the same dates: the Stockholm date of each registration, one day later when
     * at or after the cut-off; delivery = busday_offset(that, 1, roll='forward'). */
    int32_t *dates = malloc((size_t)n * sizeof *dates), *ours = malloc((size_t)n * sizeof *ours);
    if (!dates || !ours) return die("malloc", NULL);
    for (long i = 0; i < n; i++) {
      ssvc_local_time lt;
      ssvc_date d;
      if (ssvc_stockholm_from_instant(ctx, &lt, instants[i]) ||
          ssvc_calendar_delivery(ctx, cal, &d, instants[i]))
        return die("preparing the numpy input", ctx);
      int sod = lt.hour * 3600 + lt.minute * 60 + lt.second;
      dates[i] = (int32_t)(ssvc_date_to_days(&lt.date) + (sod >= ssvc_calendar_cutoff(cal)));
      ours[i] = (int32_t)ssvc_date_to_days(&d);
    }
    /* Every weekday that is not a working day, 2004-2152: holidays, closed eves. */
    int32_t hol[3000];
    size_t nh = 0;
    for (int y = 2004; y <= 2152; y++) {
      ssvc_holiday_list *list;
      if (ssvc_calendar_holidays(ctx, cal, &list, y)) return die("ssvc_calendar_holidays", ctx);
      for (size_t k = 0; k < ssvc_holiday_list_count(list) && nh < 3000; k++) {
        ssvc_date d;
        ssvc_holiday_list_get(list, k, &d, NULL);
        hol[nh++] = (int32_t)ssvc_date_to_days(&d);
      }
      ssvc_holiday_list_free(list);
    }
    char dir[] = "/tmp/bench_delivery.XXXXXX";
    if (!mkdtemp(dir)) return die("mkdtemp", NULL);
    char p_dates[64], p_hol[64], p_ours[64], cmd[2048];
    snprintf(p_dates, sizeof p_dates, "%s/dates", dir);
    snprintf(p_hol, sizeof p_hol, "%s/holidays", dir);
    snprintf(p_ours, sizeof p_ours, "%s/ours", dir);
    write_file(p_dates, dates, (size_t)n * sizeof *dates);
    write_file(p_hol, hol, nh * sizeof *hol);
    write_file(p_ours, ours, (size_t)n * sizeof *ours);
    char script[1024];
    script_path(script, sizeof script);
    snprintf(cmd, sizeof cmd, "'%s' '%s' %s %s %s %d", python, script, p_dates, p_hol, p_ours,
             reps);
    FILE *p = popen(cmd, "r");
    double ns_numpy = -1;
    long mismatches = -1;
    char line[256];
    while (p && fgets(line, sizeof line, p)) {
      if (sscanf(line, "numpy_ns_per_date=%lf mismatches=%ld", &ns_numpy, &mismatches) == 2)
        continue;
      fputs(line, stdout);
    }
    int status = p ? pclose(p) : -1;
    remove(p_dates);
    remove(p_hol);
    remove(p_ours);
    remove(dir);
    if (status != 0 || ns_numpy < 0) {
      fprintf(stderr, "bench_delivery: the numpy reference failed (status %d)\n", status);
      rc = 1;
    } else {
      printf("(b) numpy.busday_offset:        %8.2f ns per date (one vectorised call)\n", ns_numpy);
      printf("ratio numpy / library:          %8.2f (target: above 1)\n", ns_numpy / ns_lib);
      printf("ratio numpy / batch:            %8.2f\n", ns_numpy / ns_batch);
      printf("numpy answers that differ:      %ld of %ld\n", mismatches, n);
      if (mismatches != 0) rc = 1;
    }
    free(dates);
    free(ours);
  }
  free(table);
  free(instants);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return rc;
}

/*
 * What the benchmarks on SQLite share (bench_cases, bench_invoice_run, bench_workflow): a
 * monotonic clock, the peak resident memory and removing a database with its WAL files.
 * Header-only: each benchmark is one program.
 */
#ifndef SSVC_BENCH_UTIL_H
#define SSVC_BENCH_UTIL_H

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Seconds on a monotonic clock. */
static inline double bench_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's peak resident memory so far, in KiB. */
static inline long bench_peak_kib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Removes the SQLite database @p path and its -wal and -shm files. */
static inline void bench_remove_db(const char *path) {
  char p[4200];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

#endif

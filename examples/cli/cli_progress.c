/*
 * Progress lines on stderr for the long commands (doc/cli.md "Progress"): the count, and with a
 * total the percentage and the time left. On a terminal one line is rewritten in place; with
 * --progress and no terminal each step is a line of its own. Quiet otherwise.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(struct cli_progress *p, const struct cli_global *g, const char *cmd,
                        const char *unit, uint64_t total) {
  p->cmd = cmd;
  p->unit = unit;
  p->total = total;
  p->tty = isatty(2);
  p->on = p->tty || g->progress;
  p->shown = 0;
  p->last_percent = -1;
  p->start = seconds();
}

void cli_progress_show(struct cli_progress *p, uint64_t count, uint64_t done) {
  if (!p->on) return;
  const char *end = p->tty ? "" : "\n";
  if (!p->total) {
    fprintf(stderr, "%s%s: %llu %s%s%s", p->tty ? "\r" : "", p->cmd, (unsigned long long)count,
            p->unit, count == 1 ? "" : "s", end);
    p->shown = 1;
    return;
  }
  if (done > p->total) done = p->total;
  int percent = (int)(done * 100 / p->total);
  if (!p->tty && percent == p->last_percent) return; /* a line per percent, not per batch */
  p->last_percent = percent;
  fprintf(stderr, "%s%s: %llu %s%s, %d%%", p->tty ? "\r" : "", p->cmd,
          (unsigned long long)count, p->unit, count == 1 ? "" : "s", percent);
  double spent = seconds() - p->start;
  if (done && done < p->total) {
    long left = (long)(spent * (double)(p->total - done) / (double)done + 0.5);
    fprintf(stderr, ", about %ld:%02ld left", left / 60, left % 60);
  }
  fputs(p->tty ? "   " : "", stderr); /* covers a longer "left" of the line before */
  fputs(end, stderr);
  p->shown = 1;
}

void cli_progress_end(struct cli_progress *p) {
  if (p->on && p->tty && p->shown) fputc('\n', stderr);
}

/*
 * Benchmark: XML interchange and the quality report over N generated cases (memory backend).
 *
 *   (r) reference: a bare libxml2 reader pass over the file (xmlTextReaderRead loop, no work)
 *   (i) import of the file into an empty memory store (batches of 1000)
 *   (s) import of the same file again with --on-duplicate skip (parse + one lookup per case:
 *       the store does not grow, so its memory shows what the import itself holds)
 *   (e) export of the store to a file
 *   (p) the quality report of the customer that owns every case, over the whole period
 *
 * Each phase prints its time, cases per second, the ratio to (r), its CPU time (user + system,
 * with its ratio to the CPU time of (r): steadier than the wall clock on a shared machine) and
 * its peak resident memory above the memory at its start (VmHWM after resetting it through
 * /proc/self/clear_refs; the whole process's ru_maxrss at the end). Run it at two sizes to see
 * memory stay flat:
 *
 *   bench_xml [N=1000000] [DIR=.]
 *
 * The figures and the exact command are in doc/performance.md ("XML import/export and the
 * quality report").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/xmlreader.h>

#include <smartservice.h>

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's CPU time (user + system): less at the mercy of other load than the wall clock. */
static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident memory now and its peak since the last reset, in KiB (Linux /proc). */
static long status_kib(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t n = strlen(field);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, field, n) == 0) v = strtol(line + n + 1, NULL, 10);
  if (f) fclose(f);
  return v;
}

static void reset_peak(void) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (f) {
    fputs("5", f);
    fclose(f);
  }
}

struct phase {
  double t0, c0;
  long rss0;
};

static struct phase begin(void) {
  reset_peak();
  struct phase p = {seconds(), cpu_seconds(), status_kib("VmRSS:")};
  return p;
}

/* CPU seconds of the last phase ended. */
static double last_cpu;

static void end(const char *name, struct phase p, long n, double ref, double ref_cpu) {
  double t = seconds() - p.t0;
  last_cpu = cpu_seconds() - p.c0;
  long peak = status_kib("VmHWM:") - p.rss0;
  printf("%-34s %8.3f s %10.0f cases/s", name, t, n / t);
  if (ref > 0) printf("  ratio %5.2f", t / ref);
  else printf("             ");
  printf("  cpu %7.3f s", last_cpu);
  if (ref_cpu > 0) printf(" (%5.2f)", last_cpu / ref_cpu);
  else printf("        ");
  printf("  peak +%6.1f MiB\n", peak / 1024.0);
}

static const char *const models[] = {"Fairphone 5", "Galaxy A15", "iPhone 15", "Pixel 8",
                                     "Xperia 10 V", "Nokia G42", "Moto g84", "OnePlus 12"};
static const char *const symptoms[] = {"screen cracked", "no sound", "battery drains",
                                       "no network", "will not charge", "camera blurry"};
static const char *const outcomes[] = {"handling-error", "workshop", "definite-fault"};

/* Writes N cases of customer ACME as the export would, with the story of each in its events. */
static void generate(const char *path, long n) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(1);
  }
  setvbuf(f, NULL, _IOFBF, 1 << 20);
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<cases version=\"1\" xmlns=\"urn:smartservice:cases:1\">\n", f);
  const long t0 = 1767225600; /* 2026-01-01T00:00:00Z */
  for (long i = 0; i < n; i++) {
    long t = t0 + i * 20; /* three a minute: a million fits in 2026 */
    time_t tt = (time_t)t, tc = (time_t)(t + 3600 + (i % 97) * 600);
    struct tm a, c;
    gmtime_r(&tt, &a);
    gmtime_r(&tc, &c);
    char at[32], closed[32];
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &a);
    strftime(closed, sizeof closed, "%Y-%m-%dT%H:%M:%SZ", &c);
    const char *out = outcomes[i % 3];
    int swap = i % 3 == 2;
    fprintf(f,
            "  <case id=\"SC-2026-%06ld\" customer=\"ACME\" state=\"%s\" registered=\"%s\" "
            "updated=\"%s\">\n"
            "    <user name=\"User %ld\" phone=\"+4670%07ld\" email=\"user%ld@example.se\"/>\n"
            "    <device imei=\"490154203237518\" model=\"%s\" serial=\"SN-%ld\" "
            "purchased=\"2025-01-15\" warranty-end=\"%s\"/>\n"
            "    <tier code=\"PROF\" features=\"127\"/>\n"
            "    <symptom>%s</symptom>\n"
            "    <diagnosis outcome=\"%s\">q1: yes / q2: no</diagnosis>\n",
            i + 1, swap ? "shipped" : "closed", at, closed, i, i % 10000000, i, models[i % 8], i,
            i % 10 == 0 ? "2025-12-31" : "2027-01-15", symptoms[i % 6], out);
    if (swap)
      fprintf(f, "    <shipment kind=\"replacement\" at=\"%s\" carrier=\"PostNord\" "
                 "tracking=\"PN%ld\" freight=\"9900\"/>\n", closed, i);
    if (i % 10 == 0) fputs("    <charge kind=\"1\" amount=\"49900\" currency=\"SEK\">repair</charge>\n", f);
    fprintf(f,
            "    <event at=\"%s\" actor=\"agent-7\" kind=\"created\" to=\"registered\"/>\n"
            "    <event at=\"%s\" actor=\"agent-7\" kind=\"state\" from=\"registered\" "
            "to=\"diagnosing\"/>\n"
            "    <event at=\"%s\" actor=\"agent-7\" kind=\"diagnosis\">%s</event>\n",
            at, at, at, out);
    if (swap)
      fprintf(f,
              "    <event at=\"%s\" actor=\"agent-7\" kind=\"state\" from=\"diagnosing\" "
              "to=\"swap-requested\"/>\n"
              "    <event at=\"%s\" actor=\"agent-7\" kind=\"state\" from=\"swap-requested\" "
              "to=\"shipped\"/>\n", at, closed);
    else
      fprintf(f,
              "    <event at=\"%s\" actor=\"agent-7\" kind=\"state\" from=\"diagnosing\" "
              "to=\"%s\"/>\n"
              "    <event at=\"%s\" actor=\"agent-7\" kind=\"state\" from=\"%s\" to=\"closed\"/>\n",
              at, i % 3 == 0 ? "resolved" : "referred", closed,
              i % 3 == 0 ? "resolved" : "referred");
    fputs("  </case>\n", f);
  }
  fputs("</cases>\n", f);
  fclose(f);
}

static int discard(void *ud, const char *b, size_t n) {
  (void)ud;
  (void)b;
  (void)n;
  return 0;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  const char *dir = argc > 2 ? argv[2] : ".";
  int rounds = argc > 3 ? atoi(argv[3]) : 1;
  if (n < 1 || n > 9999999 || rounds < 1 || rounds > 20) {
    fprintf(stderr, "usage: bench_xml [N=1000000 (1..9999999)] [DIR=.] [ROUNDS=1 (1..20)]\n");
    return 2;
  }
  char in[4096], out[4096];
  snprintf(in, sizeof in, "%s/bench_xml_in.xml", dir);
  snprintf(out, sizeof out, "%s/bench_xml_out.xml", dir);
  double tg = seconds();
  generate(in, n);
  FILE *f = fopen(in, "rb");
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fclose(f);
  printf("bench_xml: %ld cases, %.1f MB of XML (generated in %.2f s)\n", n, bytes / 1e6,
         seconds() - tg);
  xmlInitParser();

  /* (r) the reference: a bare reader pass, same parser options as the import. */
  struct phase p = begin();
  xmlTextReaderPtr rd = xmlReaderForFile(in, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                                       XML_PARSE_COMPACT);
  long nodes = 0;
  while (xmlTextReaderRead(rd) == 1) nodes++;
  xmlFreeTextReader(rd);
  double ref = seconds() - p.t0;
  end("(r) bare xmlTextReaderRead pass", p, n, 0, 0);
  double ref_cpu = last_cpu;

  ssvc_ctx *ctx;
  ssvc_store *st;
  if (ssvc_ctx_new(&ctx, NULL) || ssvc_store_memory_new(ctx, &st)) return 1;
  ssvc_xml_import_options io = SSVC_XML_IMPORT_OPTIONS_INIT;
  ssvc_xml_import_result res = SSVC_XML_IMPORT_RESULT_INIT;
  p = begin();
  if (ssvc_xml_import_file(st, &res, in, &io) || res.imported != (size_t)n) {
    fprintf(stderr, "import: %s (%zu)\n", ssvc_ctx_errmsg(ctx), res.imported);
    return 1;
  }
  double ti = seconds() - p.t0;
  end("(i) import (memory backend)", p, n, ref, ref_cpu);
  double ti_cpu = last_cpu;

  io.on_duplicate = SSVC_XML_DUP_SKIP;
  p = begin();
  if (ssvc_xml_import_file(st, &res, in, &io) || res.skipped != (size_t)n) {
    fprintf(stderr, "import skip: %s\n", ssvc_ctx_errmsg(ctx));
    return 1;
  }
  end("(s) import again, all skipped", p, n, ref, ref_cpu);

  size_t count = 0;
  p = begin();
  if (ssvc_xml_export_file(st, &count, out, NULL) || count != (size_t)n) {
    fprintf(stderr, "export: %s\n", ssvc_ctx_errmsg(ctx));
    return 1;
  }
  double te = seconds() - p.t0;
  end("(e) export to a file", p, n, ref, ref_cpu);
  p = begin();
  if (ssvc_xml_export(st, &count, discard, NULL, NULL)) return 1;
  end("(e') export, output discarded", p, n, ref, ref_cpu);

  ssvc_report_options ro = SSVC_REPORT_OPTIONS_INIT;
  ro.customer_id = "ACME";
  ro.from = (ssvc_date){2026, 1, 1};
  ro.to = (ssvc_date){2026, 12, 31};
  ssvc_report *r = NULL;
  p = begin();
  if (ssvc_report_new(st, &r, &ro) || ssvc_report_case_count(r) != (size_t)n) {
    fprintf(stderr, "report: %s\n", ssvc_ctx_errmsg(ctx));
    return 1;
  }
  if (ssvc_report_write(r, SSVC_REPORT_HTML, discard, NULL)) return 1;
  double tp = seconds() - p.t0;
  end("(p) quality report (+ HTML)", p, n, ref, ref_cpu);
  ssvc_report_free(r);

  /* More rounds of (r), (i) into a fresh store and (e), interleaved, so that a slow stretch of
   * the machine hits all three alike; the best time of each phase over all rounds is its cost
   * without interference (doc/performance.md). */
  double best_r = ref, best_i = ti, best_e = te;
  for (int k = 1; k < rounds; k++) {
    double t = seconds();
    rd = xmlReaderForFile(in, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
    while (xmlTextReaderRead(rd) == 1) {
    }
    xmlFreeTextReader(rd);
    t = seconds() - t;
    if (t < best_r) best_r = t;
    ssvc_store *st2;
    if (ssvc_store_memory_new(ctx, &st2)) return 1;
    io.on_duplicate = SSVC_XML_DUP_REJECT;
    t = seconds();
    if (ssvc_xml_import_file(st2, &res, in, &io) || res.imported != (size_t)n) return 1;
    t = seconds() - t;
    if (t < best_i) best_i = t;
    t = seconds();
    if (ssvc_xml_export_file(st2, &count, out, NULL) || count != (size_t)n) return 1;
    t = seconds() - t;
    if (t < best_e) best_e = t;
    ssvc_store_free(st2);
    printf("round %d of %d done\n", k + 1, rounds);
  }
  if (rounds > 1)
    printf("best of %d interleaved rounds: reference %.3f s, import %.3f s, export %.3f s; "
           "import/reader %.2f (target <= 2); export/import %.2f (target <= 1)\n",
           rounds, best_r, best_i, best_e, best_i / best_r, best_e / best_i);

  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("reader nodes %ld; import/reader %.2f (cpu %.2f; target <= 2); export/import %.2f "
         "(target <= 1); report %.2f s (target < 2 s for 1M); process peak %.0f MiB\n",
         nodes, ti / ref, ti_cpu / ref_cpu, te / ti, tp, ru.ru_maxrss / 1024.0);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  remove(in);
  remove(out);
  return 0;
}

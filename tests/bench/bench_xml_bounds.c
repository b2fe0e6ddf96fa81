/*
 * Benchmark: the XML import's memory bound (issue 17) over streams that no file holds: a generator
 * process writes each into a pipe (tests/support/xml_stream.c) and the import reads /dev/fd/N.
 * Each phase runs in its own process; its peak resident memory is that process's ru_maxrss (from
 * wait4, with the generator's, a few MiB at most), its time the wall clock.
 *
 *   (r) reference: a bare libxml2 reader pass (xmlReaderForFd, the import's parser options, an
 *       xmlTextReaderRead loop doing nothing) over the valid-case stream
 *   (v) ssvc_xml_import_file() of the valid-case stream into a memory store (ids 1..1000 over
 *       and over, SSVC_XML_DUP_SKIP: everything parsed and checked, the store does not grow)
 *   (R) the reference pass over the comment stream: what libxml2's reader holds by itself
 *   (c) import of two cases with small comments between them
 *   (C) import of an "endless" comment stream between two cases (the generator stops at
 *       --endless bytes)
 *   (p) import of two cases with processing instructions between them (--comments bytes)
 *   (e) import of one case with a million events (75 MB)
 *   (E) import of an endless event stream inside one case
 *   (b) import of one comment that does not end; (w) of an "endless" run of white space between
 *       records (--endless bytes)
 *
 *   bench_xml_bounds [--valid BYTES=1000000000] [--comments BYTES=100000000]
 *                    [--endless BYTES=1000000000]
 *
 * It prints each phase's time, MB/s, ratio to (r) (per byte), peak memory and status, and exits 1
 * when an import phase peaks at 64 MiB or more. The figures and the command are in
 * doc/performance.md ("XML import memory bound").
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include <smartservice.h>

#include "bench_util.h"
#include "xml_stream.h"

struct result {
  int rc;
  size_t imported;
  uint64_t bytes; /* read by the phase (the reference: consumed by the parser) */
  char msg[200];
};

/* The reference: libxml2's reader alone over stream @p kind. */
static void reference(int kind, uint64_t bytes, struct result *out) {
  int fd;
  pid_t gen = xml_stream_spawn(kind, bytes, &fd);
  if (gen < 0) exit(2);
  xmlTextReaderPtr rd =
      xmlReaderForFd(fd, NULL, NULL,
                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                         XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
  int r;
  while ((r = xmlTextReaderRead(rd)) == 1) {
  }
  out->bytes = (uint64_t)xmlTextReaderByteConsumed(rd);
  out->rc = r == 0 ? 0 : -1;
  snprintf(out->msg, sizeof out->msg, "%s", r == 0 ? "read" : "libxml2 stopped");
  xmlFreeTextReader(rd);
  close(fd);
  waitpid(gen, NULL, 0);
}

static int64_t fixed_clock(void *ud) {
  (void)ud;
  return 1772442000; /* 2026-03-02 */
}

/* The import of stream @p kind into a memory store holding ACME's agreement. */
static void import(int kind, uint64_t bytes, struct result *out) {
  int fd;
  pid_t gen = xml_stream_spawn(kind, bytes, &fd);
  if (gen < 0) exit(2);
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = fixed_clock;
  ssvc_ctx *ctx = NULL;
  ssvc_store *st = NULL;
  if (ssvc_ctx_new(&ctx, &co) || ssvc_store_memory_new(ctx, &st)) exit(2);
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "ACME";
  a.customer_name = "ACME AB";
  a.tier_code = "PROF";
  a.fleet = 100;
  if (ssvc_agreement_create(st, &a, "bench")) {
    fprintf(stderr, "agreement: %s\n", ssvc_ctx_errmsg(ctx));
    exit(2);
  }
  char path[64];
  snprintf(path, sizeof path, "/dev/fd/%d", fd);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_SKIP;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  out->rc = ssvc_xml_import_file(st, &r, path, &o);
  out->imported = r.imported;
  out->bytes = 0;
  if (out->rc) {
    const char *m = ssvc_ctx_errmsg(ctx), *at = strstr(m, path);
    snprintf(out->msg, sizeof out->msg, "%s", at ? at + strlen(path) + 1 : m);
  } else {
    snprintf(out->msg, sizeof out->msg, "ok, %zu imported, %zu skipped", r.imported, r.skipped);
  }
  close(fd);
  waitpid(gen, NULL, 0);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

struct phase {
  char tag;
  const char *name;
  int kind;
  uint64_t bytes;
  int is_reference;
};

static double ref_ns_per_byte;

/* Runs one phase in a child process: prints its line; 1 when an import peaked at 64 MiB or more. */
static int run(const struct phase *ph) {
  int res[2];
  if (pipe(res) != 0) exit(2);
  double t0 = bench_seconds();
  pid_t child = fork();
  if (child < 0) exit(2);
  if (child == 0) {
    close(res[0]);
    struct result r;
    memset(&r, 0, sizeof r);
    if (ph->is_reference) reference(ph->kind, ph->bytes, &r);
    else import(ph->kind, ph->bytes, &r);
    _exit(write(res[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 3);
  }
  close(res[1]);
  struct result r;
  memset(&r, 0, sizeof r);
  ssize_t got = read(res[0], &r, sizeof r);
  close(res[0]);
  struct rusage ru;
  int status = 0;
  wait4(child, &status, 0, &ru);
  double t = bench_seconds() - t0;
  if (got != (ssize_t)sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    printf("(%c) %-44s failed (status %d)\n", ph->tag, ph->name, status);
    return 1;
  }
  /* The input a phase went through: the stream's length, or where a bound stopped it. */
  uint64_t read = ph->is_reference ? r.bytes : ph->bytes == UINT64_MAX ? 0 : ph->bytes;
  double mb = (double)read / 1e6;
  double peak = (double)ru.ru_maxrss / 1024.0;
  printf("(%c) %-44s %8.2f s", ph->tag, ph->name, t);
  if (mb > 0 && r.rc == 0) {
    printf(" %7.1f MB/s", mb / t);
    if (ph->is_reference && ph->kind == XML_STREAM_VALID) ref_ns_per_byte = t * 1e3 / mb;
    else if (ref_ns_per_byte > 0) printf("  ratio %5.2f", t * 1e3 / mb / ref_ns_per_byte);
    else printf("             ");
  } else {
    printf("             %13s", "");
  }
  printf("  peak %7.1f MiB  %s\n", peak, r.msg);
  return !ph->is_reference && peak >= 64.0;
}

static uint64_t arg_bytes(int argc, char **argv, const char *name, uint64_t dflt) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return strtoull(argv[i + 1], NULL, 10);
  return dflt;
}

int main(int argc, char **argv) {
  uint64_t valid = arg_bytes(argc, argv, "--valid", 1000000000);
  uint64_t comments = arg_bytes(argc, argv, "--comments", 100000000);
  uint64_t endless = arg_bytes(argc, argv, "--endless", 1000000000);
  char n1[80], n2[80], n3[80], n4[80], n5[80], n6[80], n7[80];
  snprintf(n1, sizeof n1, "bare reader, %.0f MB of valid cases", (double)valid / 1e6);
  snprintf(n2, sizeof n2, "import, %.0f MB of valid cases", (double)valid / 1e6);
  snprintf(n3, sizeof n3, "bare reader, %.0f MB of comments", (double)comments / 1e6);
  snprintf(n4, sizeof n4, "import, %.0f MB of comments", (double)comments / 1e6);
  snprintf(n6, sizeof n6, "import, %.0f MB of processing instructions", (double)comments / 1e6);
  snprintf(n7, sizeof n7, "import, \"endless\" white space (%.0f MB)", (double)endless / 1e6);
  snprintf(n5, sizeof n5, "import, \"endless\" comments (%.0f MB)", (double)endless / 1e6);
  const struct phase phases[] = {
      {'r', n1, XML_STREAM_VALID, valid, 1},
      {'v', n2, XML_STREAM_VALID, valid, 0},
      {'R', n3, XML_STREAM_COMMENTS, comments, 1},
      {'c', n4, XML_STREAM_COMMENTS, comments, 0},
      {'C', n5, XML_STREAM_COMMENTS, endless, 0},
      {'p', n6, XML_STREAM_PIS, comments, 0},
      {'e', "import, one case with a million events", XML_STREAM_EVENTS, 75000000, 0},
      {'E', "import, endless event stream in one case", XML_STREAM_EVENTS, UINT64_MAX, 0},
      {'b', "import, a comment that does not end", XML_STREAM_BIG_COMMENT, UINT64_MAX, 0},
      {'w', n7, XML_STREAM_WHITESPACE, endless, 0},
  };
  printf("bench_xml_bounds: libxml2 %s, default max_record_bytes %llu\n", xmlParserVersion,
         (unsigned long long)SSVC_XML_MAX_RECORD_BYTES_DEFAULT);
  int over = 0;
  for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) over |= run(&phases[i]);
  if (over) printf("an import phase peaked at 64 MiB or more\n");
  return over;
}

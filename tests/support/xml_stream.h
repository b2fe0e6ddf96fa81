/* Test support: case-interchange streams written into a pipe by a generator process, for the
 * import's memory test (tests/unit/test_xml_bounds.c) and benchmark
 * (tests/bench/bench_xml_bounds.c): none of them is ever a file on disk. */
#ifndef SSVC_TEST_XML_STREAM_H
#define SSVC_TEST_XML_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern const char xml_stream_decl[]; /* the XML declaration and a newline */
extern const char xml_stream_root[]; /* the root's start tag and a newline */
extern const char xml_stream_tail[]; /* the root's end tag and a newline */
extern const char xml_stream_event[]; /* one <event> line */

/* The first lines of case SC-2026-NNNNNN of customer ACME (5 lines: the start tag, user, device,
 * tier, symptom "no sound"); the length written, as snprintf. */
int xml_stream_case_start(char *buf, size_t size, unsigned n);

enum {
  XML_STREAM_COMMENTS,    /* two cases with small comments between them */
  XML_STREAM_BIG_COMMENT, /* one comment that does not end */
  XML_STREAM_WHITESPACE,  /* white space between records that does not end */
  XML_STREAM_EVENTS,      /* one case whose events do not end */
  XML_STREAM_VALID,       /* valid cases, ids 1..1000 over and over */
  XML_STREAM_PIS          /* processing instructions between records */
};

/* Writes @p bytes (UINT64_MAX: until the reader goes away) of stream @p kind into @p fd, then
 * what closes the document. */
void xml_stream_write(int fd, int kind, uint64_t bytes);

/* Starts a generator process writing stream @p kind into a pipe: its pid (-1 on failure), the
 * pipe's reading end in *fd. Close *fd, then waitpid() the pid. */
pid_t xml_stream_spawn(int kind, uint64_t bytes, int *fd);

#endif

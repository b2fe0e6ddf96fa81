/* Test support: case-interchange streams (xml_stream.h). */
#define _POSIX_C_SOURCE 200809L
#include "xml_stream.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char xml_stream_decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const char xml_stream_root[] = "<cases version=\"1\" xmlns=\"urn:smartservice:cases:1\">\n";
const char xml_stream_tail[] = "</cases>\n";

/* The first lines of case SC-2026-NNNNNN (xml_stream.h). */
int xml_stream_case_start(char *buf, size_t size, unsigned n) {
  return snprintf(buf, size,
                  "  <case id=\"SC-2026-%06u\" customer=\"ACME\" state=\"registered\" "
                  "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\">\n"
                  "    <user name=\"Anna Andersson\"/>\n"
                  "    <device imei=\"490154203237518\" model=\"Fairphone 5\"/>\n"
                  "    <tier code=\"PROF\" features=\"127\"/>\n"
                  "    <symptom>no sound</symptom>\n",
                  n);
}

const char xml_stream_event[] = "    <event at=\"2026-03-02T09:00:00Z\" actor=\"agent-7\" "
                                "kind=\"created\" to=\"registered\"/>\n";

static int put_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return -1; /* the importer stopped reading: the stream ends */
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Writes @p bytes of stream @p kind into @p fd (and the root's end when it gets there). */
void xml_stream_write(int fd, int kind, uint64_t bytes) {
  static char chunk[65536];
  char rec[1024];
  size_t fill = 0, piece_len = 0;
  const char *piece = NULL;
  uint64_t done = 0;
  if (put_all(fd, xml_stream_decl, strlen(xml_stream_decl)) ||
      put_all(fd, xml_stream_root, strlen(xml_stream_root)))
    return;
  if (kind == XML_STREAM_COMMENTS || kind == XML_STREAM_PIS || kind == XML_STREAM_EVENTS) {
    int n = xml_stream_case_start(rec, sizeof rec, 1);
    if (kind != XML_STREAM_EVENTS) n += snprintf(rec + n, sizeof rec - (size_t)n, "  </case>\n");
    if (put_all(fd, rec, (size_t)n)) return;
  }
  switch (kind) {
  case XML_STREAM_COMMENTS:
    piece = "  <!-- a comment between records, ignored by the import -->\n";
    break;
  case XML_STREAM_PIS: piece = "  <?note a processing instruction between records?>\n"; break;
  case XML_STREAM_BIG_COMMENT:
    piece = "<!-- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    break;
  case XML_STREAM_WHITESPACE:
    piece = "                                                                \n";
    break;
  case XML_STREAM_EVENTS: piece = xml_stream_event; break;
  default: break;
  }
  if (kind == XML_STREAM_BIG_COMMENT) {
    if (put_all(fd, piece, strlen(piece))) return;
    piece += 4; /* then the comment's x's */
  }
  unsigned id = 0;
  while (done < bytes) {
    if (kind == XML_STREAM_VALID) {
      int n = xml_stream_case_start(rec, sizeof rec, id++ % 1000 + 1);
      n += snprintf(rec + n, sizeof rec - (size_t)n, "%s  </case>\n", xml_stream_event);
      piece = rec;
      piece_len = (size_t)n;
    } else {
      piece_len = strlen(piece);
    }
    if (fill + piece_len > sizeof chunk) {
      if (put_all(fd, chunk, fill)) return;
      fill = 0;
    }
    memcpy(chunk + fill, piece, piece_len);
    fill += piece_len;
    done += piece_len;
  }
  if (put_all(fd, chunk, fill)) return;
  if (kind == XML_STREAM_BIG_COMMENT) put_all(fd, " -->\n", 5);
  if (kind == XML_STREAM_EVENTS) put_all(fd, "  </case>\n", 10);
  if (kind == XML_STREAM_COMMENTS || kind == XML_STREAM_PIS) {
    int n = xml_stream_case_start(rec, sizeof rec, 2);
    n += snprintf(rec + n, sizeof rec - (size_t)n, "  </case>\n");
    if (put_all(fd, rec, (size_t)n)) return;
  }
  put_all(fd, xml_stream_tail, strlen(xml_stream_tail));
}


pid_t xml_stream_spawn(int kind, uint64_t bytes, int *fd) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t gen = fork();
  if (gen < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (gen == 0) {
    signal(SIGPIPE, SIG_IGN); /* a reader that stops ends the stream: write fails */
    close(p[0]);
    xml_stream_write(p[1], kind, bytes);
    close(p[1]);
    _exit(0);
  }
  close(p[1]);
  *fd = p[0];
  return gen;
}

/* libxml2's allocator made to fail (xml_fault.h). */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "xml_fault.h"

#define XML_BLOCKS 65536
static struct xml_block {
  void *p;
  size_t size;
} blocks[XML_BLOCKS];
static long calls, fail_at, nblocks;
static long hit_at; /* the armed point, kept by xml_fault_disarm() for xml_fault_hit() */
static xmlFreeFunc free0;
static xmlMallocFunc malloc0;
static xmlReallocFunc realloc0;
static xmlStrdupFunc strdup0;

static int fails(void) { return fail_at && ++calls >= fail_at; }

static void track(void *p, size_t size) {
  if (nblocks < XML_BLOCKS) blocks[nblocks++] = (struct xml_block){p, size};
}

static long find(const void *p) {
  for (long i = nblocks - 1; i >= 0; i--)
    if (blocks[i].p == p) return i;
  return -1;
}

static void *t_malloc(size_t n) {
  if (fails()) return NULL;
  void *p = malloc(n);
  if (p) track(p, n);
  return p;
}

static void *t_realloc(void *p, size_t n) {
  if (fails()) return NULL;
  long i = p ? find(p) : -1; /* looked up before: p is not used after realloc */
  void *q = realloc(p, n);
  if (q && i >= 0) {
    blocks[i].p = q;
    blocks[i].size = n;
  } else if (q && !p) {
    track(q, n);
  }
  return q;
}

static void t_free(void *p) {
  long i = p ? find(p) : -1;
  if (i >= 0) blocks[i] = blocks[--nblocks];
  free(p);
}

static char *t_strdup(const char *s) {
  if (fails()) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) {
    memcpy(d, s, n);
    track(d, n);
  }
  return d;
}

void xml_fault_install(void) {
  xmlMemGet(&free0, &malloc0, &realloc0, &strdup0);
  xmlMemSetup(t_free, t_malloc, t_realloc, t_strdup);
}

void xml_fault_remove(void) {
  fail_at = 0;
  xmlMemSetup(free0, malloc0, realloc0, strdup0);
}

void xml_fault_arm(long at) {
  calls = 0;
  fail_at = hit_at = at;
  nblocks = 0;
}

void xml_fault_disarm(void) { fail_at = 0; }

long xml_fault_live(void) { return nblocks; }

int xml_fault_hit(void) { return hit_at && calls >= hit_at; }

/* 1 when block @p i is a NUL-terminated string beginning with one of @p prefixes (NULL: any). */
static int is_string(long i, const char *const *prefixes) {
  const char *text = blocks[i].p;
  if (memchr(text, '\0', blocks[i].size) != text + blocks[i].size - 1) return 0;
  if (!prefixes) return 1;
  for (const char *const *p = prefixes; *p; p++)
    if (strncmp(text, *p, strlen(*p)) == 0) return 1;
  return 0;
}

int xml_fault_known_leak(const char *const *prefixes) {
  int entry = 0, name = 0, ns_entry = 0, xmlns = 0, uri = 0;
  for (long i = 0; i < nblocks; i++) {
    if (blocks[i].size == 6 && is_string(i, NULL) && strcmp(blocks[i].p, "xmlns") == 0) xmlns++;
    else if (is_string(i, prefixes)) name++;
    else if (is_string(i, NULL)) uri++;
    else if (blocks[i].size == 2 * sizeof(void *)) entry++;
    else if (blocks[i].size == 3 * sizeof(void *)) ns_entry++;
  }
  /* xmlTextWriterStartElement: its stack entry and its copy of the name. */
  if (nblocks == 2 && entry == 1 && name == 1) return 1;
  /* xmlTextWriterStartElementNS: its namespace entry, "xmlns" and its copy of the URI. */
  return nblocks == 3 && ns_entry == 1 && xmlns == 1 && (uri == 1 || name == 1);
}

void xml_fault_release(void) {
  while (nblocks) t_free(blocks[0].p);
}

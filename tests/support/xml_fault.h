/* libxml2's allocator made to fail: the library's XML code (the UBL writer, the case and
 * agreement interchange, the diagnosis tree loader) must turn a failure inside libxml2 into an
 * error and leave no block of libxml2 behind. One copy for every suite that drives libxml2. */
#ifndef SSVC_TEST_XML_FAULT_H
#define SSVC_TEST_XML_FAULT_H

#include <stddef.h>

/* Puts the tracking allocator in place (xmlMemSetup); xml_fault_remove() puts libxml2's previous
 * one back. Blocks may cross the switch: the tracking allocator wraps the C library's. */
void xml_fault_install(void);
void xml_fault_remove(void);

/* From now on, allocation number @p at (counted from 1) and every later one fails. Resets the
 * count and forgets the blocks handed out so far. */
void xml_fault_arm(long at);

/* No allocation fails any more; the blocks handed out since xml_fault_arm() stay tracked, for
 * xml_fault_live() and xml_fault_release(). */
void xml_fault_disarm(void);

/* 1 when an allocation has failed since xml_fault_arm(): the armed point was reached. */
int xml_fault_hit(void);

/* Blocks that libxml2 took from the tracking allocator since xml_fault_arm() and did not free. */
long xml_fault_live(void);

/* 1 when the live blocks are exactly one of libxml2 2.9's own writer leaks, which no caller can
 * free: xmlTextWriterStartElement() ignores a failure of xmlListPushFront() and so loses its stack
 * entry (two pointers) and its copy of the element's name, which begins with one of @p prefixes
 * (NULL-terminated); xmlTextWriterStartElementNS() likewise loses its namespace entry (three
 * pointers), the string "xmlns" and its copy of the namespace URI. */
int xml_fault_known_leak(const char *const *prefixes);

/* Frees every live block (after a known leak, so that the next run starts clean). */
void xml_fault_release(void);

#endif

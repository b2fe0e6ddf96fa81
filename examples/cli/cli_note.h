/* The service note and the return label of a case (cmd_note.c): `case note`, `case label`, and
 * the demo's documents of its swap cases. */
#ifndef SSVC_CLI_NOTE_H
#define SSVC_CLI_NOTE_H

#include "cli.h"

/* `case note ID` (kind SSVC_DOC_NOTE) or `case label ID` (SSVC_DOC_LABEL) on argv[first..argc). */
int cli_case_doc(const struct cli_global *g, int argc, char **argv, int first, int kind);

/* Writes the note and the label of case @p id into @p dir as HTML and, when the tool has
 * libsmartservice-docs, PDF (DIR/ID-note.html, -note.pdf, -label.html, -label.pdf), in Swedish,
 * with the stored Support Center's address as the return address. Prints each path. 0 or -1 (message printed). */
int cli_write_case_docs(ssvc_store *st, const char *dir, const char *id);

#endif

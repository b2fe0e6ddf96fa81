/**
 * @file smartservice/docs.h
 * @brief libsmartservice-docs: the service note and the return label of a case as PDF, through
 * cairo (doc/documents.md).
 *
 * An optional library beside libsmartservice, built when cairo is found (Debian: libcairo2-dev),
 * so that the core keeps its dependencies: pkg-config smartservice-docs, CMake target
 * smartservice::smartservice-docs. It draws what ssvc_note_get() gathered (smartservice/note.h)
 * with the words of ssvc_note_word_text() and the barcode of ssvc_code128().
 */
#ifndef SMARTSERVICE_DOCS_H
#define SMARTSERVICE_DOCS_H

#include "note.h"

SSVC_BEGIN_DECLS

/**
 * Writes document @p kind (ssvc_doc_kind) of @p note as a one-page PDF in @p lang (SSVC_LANG_SV or
 * SSVC_LANG_EN): the note on A4, the label on a 100 x 150 mm page. The case id is a Code 128
 * barcode drawn as bars (one module 0.35 mm on the note, 0.32 mm on the label, 10 modules of
 * quiet zone). Long texts wrap; a reported fault longer than six lines ends in "...", so the
 * document always keeps to its one page.
 * @return SSVC_OK; SSVC_EINVAL (naming the argument) for NULL arguments, an unknown kind or
 *         language, or a case id the barcode cannot carry; SSVC_EVERSION for a note of another
 *         version; SSVC_EIO when @p fn asks to stop; SSVC_ENOMEM when cairo runs out of memory.
 *         @p ctx receives the message and may not be NULL.
 */
SSVC_API int ssvc_docs_pdf(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                           ssvc_write_fn fn, void *user_data);

/** As ssvc_docs_pdf() into the file @p path (created or truncated); SSVC_EIO naming it. On
 *  failure the file may be left incomplete: write to a temporary name and rename. */
SSVC_API int ssvc_docs_pdf_file(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                                const char *path);

SSVC_END_DECLS

#endif /* SMARTSERVICE_DOCS_H */

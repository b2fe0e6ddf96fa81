/*
 * smartservice --db FILE case note|label ID [--format html|pdf] [--lang sv|en] [--out FILE]
 *   [--return-name N --return-street S --return-postal-code P --return-city C
 *    --return-country CC]
 * The service note (A4) and the return label (100 x 150 mm) of a case, as HTML or (when the tool
 * was built with libsmartservice-docs, that is with cairo) PDF; doc/documents.md. The return
 * address is the stored Support Center's (center set, the seller on the invoices) unless the
 * --return-* options give another; given, name, street, postal code and city are all needed.
 */
#include <stdio.h>
#include <string.h>

#include "cli_note.h"
#ifdef SSVC_HAVE_DOCS
#include <smartservice/docs.h>
#endif

static int stdout_write(void *user_data, const char *bytes, size_t len) {
  (void)user_data;
  return fwrite(bytes, 1, len, stdout) != len;
}

/* Writes document @p kind of @p n in @p format ("html" or "pdf") to @p out (NULL: stdout). */
static int render(const char *cmd, ssvc_ctx *ctx, const ssvc_note *n, int kind, int pdf,
                  int lang, const char *out) {
  int rc;
#ifdef SSVC_HAVE_DOCS
  if (pdf)
    rc = out ? ssvc_docs_pdf_file(ctx, n, kind, lang, out)
             : ssvc_docs_pdf(ctx, n, kind, lang, stdout_write, NULL);
  else
#else
  (void)pdf;
#endif
    rc = out ? ssvc_note_html_file(ctx, n, kind, lang, out)
             : ssvc_note_html(ctx, n, kind, lang, stdout_write, NULL);
  return rc ? cli_fail(cmd, ctx) : CLI_OK;
}

int cli_case_doc(const struct cli_global *g, int argc, char **argv, int first, int kind) {
  const char *cmd = kind == SSVC_DOC_NOTE ? "case note" : "case label";
  const char *format = "html", *lang_text = "sv", *out = NULL;
  ssvc_party r = SSVC_PARTY_INIT;
  const ssvc_party *return_to = NULL; /* the stored Support Center */
  const char *name = NULL, *street = NULL, *postal = NULL, *city = NULL, *country = NULL;
  const struct cli_opt opts[] = {
      {"format", &format, NULL, "html|pdf", "html", "HTML, or PDF (when built with cairo)"},
      {"lang", &lang_text, NULL, "sv|en", "sv", "the language of the output"},
      {"out", &out, NULL, "FILE", NULL, "write to FILE instead of stdout"},
      {"return-name", &name, NULL, "NAME", NULL,
       "return address: name (instead of the Support Center's)"},
      {"return-street", &street, NULL, "STREET", NULL, "return address: street"},
      {"return-postal-code", &postal, NULL, "CODE", NULL, "return address: postal code"},
      {"return-city", &city, NULL, "CITY", NULL, "return address: city"},
      {"return-country", &country, NULL, "CC", NULL, "return address: country code"},
      {0}};
  char *pos[1];
  int npos, lang, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected one case id");
  if ((rc = cli_parse_lang(cmd, lang_text, &lang))) return rc;
  int pdf = strcmp(format, "pdf") == 0;
  if (!pdf && strcmp(format, "html") != 0)
    return cli_usage(cmd, "--format must be 'html' or 'pdf' (got '%s')", format);
#ifndef SSVC_HAVE_DOCS
  if (pdf) {
    fprintf(stderr, "smartservice %s: --format pdf needs libsmartservice-docs, which this build "
                    "lacks (it is built when cairo is found; doc/documents.md)\n", cmd);
    return CLI_FAIL;
  }
#endif
  if (name || street || postal || city || country) {
    if (!name || !street || !postal || !city)
      return cli_usage(cmd, "--return-name, --return-street, --return-postal-code and "
                            "--return-city go together (the whole return address)");
    r.name = name;
    r.street = street;
    r.postal_code = postal;
    r.city = city;
    r.country = country;
    return_to = &r;
  }
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_note_options o = SSVC_NOTE_OPTIONS_INIT;
  o.return_to = return_to;
  static ssvc_note n; /* 10 KiB: off the stack */
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  if (ssvc_note_get(s.st, &n, pos[0], &o)) rc = cli_fail(cmd, s.ctx);
  else rc = render(cmd, s.ctx, &n, kind, pdf, lang, out);
  return cli_store_close(&s, rc);
}

int cli_write_case_docs(ssvc_store *st, const char *dir, const char *id) {
  ssvc_ctx *ctx = ssvc_store_ctx(st);
  ssvc_note_options o = SSVC_NOTE_OPTIONS_INIT; /* return_to NULL: the stored Support Center */
  static ssvc_note n;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  if (ssvc_note_get(st, &n, id, &o)) {
    cli_fail("demo", ctx);
    return -1;
  }
  for (int kind = SSVC_DOC_NOTE; kind <= SSVC_DOC_LABEL; kind++)
    for (int pdf = 0; pdf <= 1; pdf++) {
#ifndef SSVC_HAVE_DOCS
      if (pdf) continue;
#endif
      char path[4096];
      snprintf(path, sizeof path, "%s/%s-%s.%s", dir, id, ssvc_doc_kind_name(kind),
               pdf ? "pdf" : "html");
      if (render("demo", ctx, &n, kind, pdf, SSVC_LANG_SV, path)) return -1;
      printf("  %s\n", path);
    }
  return 0;
}

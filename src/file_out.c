/* file_out: writing a file for the _file calls (file_out.h). */
#include <errno.h>
#include <string.h>

#include "file_out.h"

int ssvc__file_out_open(ssvc__file_out *fo, ssvc_ctx *ctx, const char *func, const char *path,
                        size_t bufsize) {
  memset(fo, 0, sizeof *fo);
  fo->ctx = ctx;
  fo->func = func;
  fo->path = path;
  if (bufsize && !(fo->buf = ssvc__malloc(ctx, bufsize)))
    return ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (file buffer)", func);
  fo->fp = fopen(path, "wb");
  if (!fo->fp) {
    int rc = ssvc__err(ctx, SSVC_EIO, "%s: %s: cannot create (%s)", func, path, strerror(errno));
    ssvc__free(ctx, fo->buf);
    fo->buf = NULL;
    return rc;
  }
  if (fo->buf) setvbuf(fo->fp, fo->buf, _IOFBF, bufsize); /* on failure stdio keeps its own */
  return SSVC_OK;
}

/* Keeps the first failure's reason. */
static void note_failure(ssvc__file_out *fo) {
  if (!fo->err) fo->err = errno ? errno : EIO;
}

int ssvc__file_out_write(void *data, const char *bytes, size_t len) {
  ssvc__file_out *fo = data;
  errno = 0;
  if (fwrite(bytes, 1, len, fo->fp) == len) return 0;
  note_failure(fo);
  return 1;
}

int ssvc__file_out_close(ssvc__file_out *fo, int rc) {
  errno = 0;
  if (fclose(fo->fp) != 0) note_failure(fo);
  fo->fp = NULL;
  ssvc__free(fo->ctx, fo->buf); /* after fclose: stdio used it until then */
  fo->buf = NULL;
  if (fo->err && (rc == SSVC_OK || rc == SSVC_EIO))
    rc = ssvc__err(fo->ctx, SSVC_EIO, "%s: %s: cannot write (%s)", fo->func, fo->path,
                   strerror(fo->err));
  return rc;
}

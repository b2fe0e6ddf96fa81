/* file_out: the one way the library writes a file for its _file calls (the XML export, the
 * report, the UBL invoice): created or truncated, written through a buffer, and every failure
 * (cannot create, a failed write, a failed flush at the close) reported as SSVC_EIO naming the
 * call, the file and the system's reason. */
#ifndef SSVC_FILE_OUT_H
#define SSVC_FILE_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "internal.h"

typedef struct ssvc__file_out {
  ssvc_ctx *ctx;
  const char *func, *path;
  FILE *fp;
  char *buf; /* the stdio buffer, when one was asked for */
  int err;   /* errno of the first failed write */
} ssvc__file_out;

/* Opens @p path for writing with a stdio buffer of @p bufsize bytes (0: stdio's own). The buffer
 * is allocated first, so running out of memory touches no file. SSVC_OK; SSVC_ENOMEM; SSVC_EIO
 * "FUNC: PATH: cannot create (reason)". */
int ssvc__file_out_open(ssvc__file_out *fo, ssvc_ctx *ctx, const char *func, const char *path,
                        size_t bufsize);

/* An ssvc_write_fn over an open ssvc__file_out (its user data): 0, or 1 after a failed write. */
int ssvc__file_out_write(void *fo, const char *bytes, size_t len);

/* Closes the file and frees the buffer. Returns @p rc, the status of the writing, except that a
 * failed write or close turns SSVC_OK or SSVC_EIO into SSVC_EIO "FUNC: PATH: cannot write
 * (reason)". */
int ssvc__file_out_close(ssvc__file_out *fo, int rc);

#endif

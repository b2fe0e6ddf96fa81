/* Tests that need a file from outside the project (../shared, beside the checkout: the UBL 2.1
 * schemas) say so instead of failing: a suite runs its tests that need the file only when asked
 * (argument "ubl"), and then, when the file is missing, prints what is missing and exits
 * SKIP_EXIT, which ctest reports as skipped (SKIP_RETURN_CODE). .ci/run, which has ../shared,
 * fails on any skipped test (doc/testing.md). */
#ifndef SSVC_TEST_SHARED_FILES_H
#define SSVC_TEST_SHARED_FILES_H

#include <stdio.h>
#include <unistd.h>

/* ctest's SKIP_RETURN_CODE for every test here. */
#define SKIP_EXIT 77

/* 1 when @p path is readable; else prints "SKIP: <what> not found at <path> ..." and gives 0. */
static inline int shared_file_present(const char *path, const char *what) {
  if (access(path, R_OK) == 0) return 1;
  printf("SKIP: %s not found at %s: clone shared/ beside the project (see its README) or "
         "configure with -DSSVC_SHARED_SCHEMAS=DIR\n", what, path);
  return 0;
}

#endif

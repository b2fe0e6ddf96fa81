/* The PostgreSQL server of the tests (tests/pg/with_server.sh): its connection string from
 * SSVC_PG_TEST_DSN, or from the state file that the ctest fixture wrote (SSVC_PG_TEST_STATE:
 * "DSN<TAB>DATADIR<TAB>BINDIR"). Without one a test prints why and exits 77 (ctest: skipped). */
#ifndef SSVC_TEST_PG_ENV_H
#define SSVC_TEST_PG_ENV_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_TEST_SKIP 77

/* Reads the DSN into @p out (cap bytes); 0 when there is none. */
static inline int pg_test_dsn(char *out, size_t cap) {
  const char *env = getenv("SSVC_PG_TEST_DSN");
  if (env && *env) {
    snprintf(out, cap, "%s", env);
    return 1;
  }
  const char *state = getenv("SSVC_PG_TEST_STATE");
  FILE *f = state && *state ? fopen(state, "r") : NULL;
  if (!f) return 0;
  int ok = fgets(out, (int)cap, f) != NULL;
  fclose(f);
  if (!ok) return 0;
  out[strcspn(out, "\t\n")] = 0;
  return out[0] != 0;
}

/* The DSN, or exit 77 with a message naming @p test. */
static inline void pg_test_require(const char *test, char *out, size_t cap) {
  if (pg_test_dsn(out, cap)) return;
  printf("SKIP %s: no PostgreSQL server: set SSVC_PG_TEST_DSN, or install the postgresql "
         "package so that tests/pg/with_server.sh can start one\n", test);
  fflush(stdout);
  exit(PG_TEST_SKIP);
}

#endif

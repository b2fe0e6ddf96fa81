/*
 * The tool's configuration (doc/cli.md "Configuration"): the global options, accepted anywhere on
 * the line, the environment (SMARTSERVICE_DB, SMARTSERVICE_ACTOR) and the configuration file
 * ($XDG_CONFIG_HOME/smartservice/config, by default ~/.config/smartservice/config).
 * Precedence: command line > environment > configuration file > default.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The one table of global options: main() reads them from anywhere on the line with it, and the
 * help lists it. */
static const char *takes_value;
static int is_flag;
const struct cli_opt cli_global_opts[] = {
    {"db", &takes_value, NULL, "FILE", NULL,
     "the database: a SQLite file (created when absent) or a postgresql:// URI"},
    {"actor", &takes_value, NULL, "NAME", "cli",
     "who makes the changes (recorded with every change that has an actor)"},
    {"progress", NULL, &is_flag, NULL, NULL,
     "show progress on stderr even when it is not a terminal"},
    {0},
};

/* Where a setting came from; a later source only fills what an earlier (stronger) one left. */
static void set(struct cli_global *g, const char *key, const char *value, int source) {
  if (strcmp(key, "db") == 0 && !g->db) g->db = value, g->db_source = source;
  else if (strcmp(key, "actor") == 0 && !g->actor) g->actor = value, g->actor_source = source;
}

static char cfg_path[4096];
static char cfg_db[4096], cfg_actor[256];

const char *cli_config_path(void) {
  const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
  if (xdg && *xdg) snprintf(cfg_path, sizeof cfg_path, "%s/smartservice/config", xdg);
  else if (home && *home) snprintf(cfg_path, sizeof cfg_path, "%s/.config/smartservice/config", home);
  else return NULL;
  return cfg_path;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Reads the configuration file: "key = value" lines, '#' comments, blank lines. A missing file is
 * no error; anything else wrong is CLI_USAGE with "FILE:LINE:COLUMN: reason" on stderr. */
static int read_config(struct cli_global *g) {
  const char *path = cli_config_path();
  if (!path) return CLI_OK;
  FILE *f = fopen(path, "r");
  if (!f) {
    if (errno == ENOENT || errno == ENOTDIR) return CLI_OK;
    fprintf(stderr, "smartservice: %s: cannot read the configuration file: %s\n", path,
            strerror(errno));
    return CLI_USAGE;
  }
  char line[4096];
  int no = 0, rc = CLI_OK;
  const char *db = NULL, *actor = NULL;
  while (rc == CLI_OK && fgets(line, sizeof line, f)) {
    no++;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n') line[--len] = '\0';
    else if (!feof(f)) {
      fprintf(stderr, "smartservice: %s:%d:1: the line is longer than %zu characters\n", path, no,
              sizeof line - 2);
      rc = CLI_USAGE;
      break;
    }
    char *p = line;
    while (is_space(*p)) p++;
    if (*p == '\0' || *p == '#') continue;
    char *key = p;
    while (*p && *p != '=' && !is_space(*p)) p++;
    char *key_end = p;
    while (is_space(*p)) p++;
    if (*p != '=') {
      fprintf(stderr, "smartservice: %s:%d:%d: expected 'key = value' (keys: db, actor)\n", path,
              no, (int)(p - line) + 1);
      rc = CLI_USAGE;
      break;
    }
    *key_end = '\0';
    p++;
    while (is_space(*p)) p++;
    char *value = p, *end = p + strlen(p);
    while (end > value && is_space(end[-1])) *--end = '\0';
    char *dest = NULL;
    size_t dsize = 0;
    if (strcmp(key, "db") == 0) dest = cfg_db, dsize = sizeof cfg_db, db = cfg_db;
    else if (strcmp(key, "actor") == 0) dest = cfg_actor, dsize = sizeof cfg_actor, actor = cfg_actor;
    else {
      fprintf(stderr, "smartservice: %s:%d:%d: unknown key '%s' (known: db, actor)\n", path, no,
              (int)(key - line) + 1, key);
      rc = CLI_USAGE;
      break;
    }
    if (*value == '\0' || strlen(value) >= dsize) {
      fprintf(stderr, "smartservice: %s:%d:%d: %s needs a value%s\n", path, no,
              (int)(value - line) + 1, key, *value ? " shorter than that" : "");
      rc = CLI_USAGE;
      break;
    }
    /* "~/..." is under $HOME, as in a shell. */
    const char *home = getenv("HOME");
    if (strncmp(value, "~/", 2) == 0 && home && *home)
      snprintf(dest, dsize, "%s/%s", home, value + 2);
    else snprintf(dest, dsize, "%s", value);
  }
  if (rc == CLI_OK && ferror(f)) {
    fprintf(stderr, "smartservice: %s: cannot read the configuration file\n", path);
    rc = CLI_USAGE;
  }
  fclose(f);
  if (rc) return rc;
  if (db) set(g, "db", db, CLI_FROM_FILE);
  if (actor) set(g, "actor", actor, CLI_FROM_FILE);
  return CLI_OK;
}

/* "option '--NAME' takes no value" or "... needs a value" (CLI_USAGE). */
static int global_usage(const char *name, int needs_value) {
  fprintf(stderr, "smartservice: option '--%s' %s\n", name,
          needs_value ? "needs a value" : "takes no value");
  return CLI_USAGE;
}

/* Takes the global options out of argv wherever they are (not after "--"), so that the commands
 * see only their own; then fills what the line left from the environment, the file, the
 * defaults. */
int cli_global_read(struct cli_global *g, int *argc, char **argv) {
  int out = 1, rest = 0;
  for (int i = 1; i < *argc; i++) {
    char *arg = argv[i];
    if (rest || strncmp(arg, "--", 2) != 0) {
      argv[out++] = arg;
      continue;
    }
    if (arg[2] == '\0') {
      rest = 1;
      argv[out++] = arg;
      continue;
    }
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const struct cli_opt *o = cli_global_opts;
    while (o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0)) o++;
    if (!o->name) {
      argv[out++] = arg;
      continue;
    }
    const char *value = NULL;
    if (!o->value) {
      if (eq) return global_usage(o->name, 0);
    } else if (eq) {
      value = eq + 1;
    } else {
      if (i + 1 >= *argc) return global_usage(o->name, 1);
      value = argv[++i];
    }
    if (strcmp(o->name, "progress") == 0) g->progress = 1;
    else if (strcmp(o->name, "db") == 0) g->db = value, g->db_source = CLI_FROM_LINE;
    else g->actor = value, g->actor_source = CLI_FROM_LINE;
  }
  argv[out] = NULL;
  *argc = out;
  const char *db = getenv("SMARTSERVICE_DB"), *actor = getenv("SMARTSERVICE_ACTOR");
  if (db && *db) set(g, "db", db, CLI_FROM_ENV);
  if (actor && *actor) set(g, "actor", actor, CLI_FROM_ENV);
  int rc = read_config(g);
  if (rc) return rc;
  if (!g->actor) g->actor = "cli", g->actor_source = CLI_FROM_DEFAULT;
  return CLI_OK;
}

int cli_no_db(const char *cmd) {
  const char *path = cli_config_path();
  return cli_usage(cmd, "no database: give --db FILE, set SMARTSERVICE_DB, or write db = FILE in %s",
                   path ? path : "the configuration file");
}

/*
 * smartservice --db FILE swap change new|approve|decline|show|list: stock change orders (new
 * models in, old units out, per-model targets; billed separately), answered by the customer as a
 * refill request is (doc/stock-orders.md). Formats: doc/cli.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_LINES 256

/* Appends to @p l (at *n) one line per comma-separated item of @p list; @p fill makes the line
 * from the item. CLI_USAGE naming @p opt when there are too many. */
static int split(const char *cmd, const char *opt, char *list, ssvc_stock_line *l, size_t *n,
                 int (*fill)(const char *cmd, const char *item, const void *arg,
                             ssvc_stock_line *line),
                 const void *arg) {
  for (char *one = strtok(list, ","); one; one = strtok(NULL, ",")) {
    if (*n == MAX_LINES) return cli_usage(cmd, "%s: at most %d lines in one order", opt, MAX_LINES);
    ssvc_stock_line *x = &l[(*n)++];
    ssvc_stock_line_init(x, SSVC_STOCK_LINE_VERSION);
    int rc = fill(cmd, one, arg, x);
    if (rc) return rc;
  }
  return CLI_OK;
}

/* IMEI or IMEI:MODEL; without its own model the phone takes --model (@p model, may be NULL). */
static int fill_add(const char *cmd, const char *item, const void *model, ssvc_stock_line *l) {
  const char *colon = strchr(item, ':');
  l->kind = SSVC_STOCK_ADD;
  snprintf(l->imei, sizeof l->imei, "%.*s", colon ? (int)(colon - item) : (int)strlen(item), item);
  const char *m = colon ? colon + 1 : (const char *)model;
  if (!m || !*m)
    return cli_usage(cmd, "--add %s: no model: give --model MODEL or IMEI:MODEL", l->imei);
  snprintf(l->model, sizeof l->model, "%s", m);
  return CLI_OK;
}

/* IMEI or IMEI:DISPOSAL; without its own disposal the unit takes --disposal (@p disposal, may
 * be NULL). */
static int fill_remove(const char *cmd, const char *item, const void *disposal,
                       ssvc_stock_line *l) {
  const char *colon = strchr(item, ':');
  l->kind = SSVC_STOCK_REMOVE;
  snprintf(l->imei, sizeof l->imei, "%.*s", colon ? (int)(colon - item) : (int)strlen(item), item);
  const char *d = colon ? colon + 1 : (const char *)disposal;
  if (!d)
    return cli_usage(cmd, "--remove %s: no disposal: give --disposal WHERE or IMEI:WHERE",
                     l->imei);
  if (ssvc_stock_disposal_from_name(NULL, &l->disposal, d) == SSVC_OK) return CLI_OK;
  if (colon)
    return cli_usage(cmd, "--remove %s: the disposal must be to-customer, sold or retired (got "
                     "'%s')", l->imei, d);
  return cli_usage(cmd, "--disposal must be to-customer, sold or retired (got '%s')", d);
}

/* MODEL=N */
static int fill_target(const char *cmd, const char *item, const void *arg, ssvc_stock_line *l) {
  (void)arg;
  const char *eq = strrchr(item, '=');
  if (!eq || eq == item)
    return cli_usage(cmd, "--target must be MODEL=N[,MODEL=N...] (got '%s')", item);
  l->kind = SSVC_STOCK_TARGET;
  snprintf(l->model, sizeof l->model, "%.*s", (int)(eq - item), item);
  return cli_parse_u32(cmd, "--target", eq + 1, &l->target);
}

/* The library names a line by its index ("lines[2].imei: ..."); the agent typed an item of an
 * option: "--remove 356938030000054: ...". A second mention ("is already in lines[0]") reads "is
 * given twice". */
static int line_fail(const char *cmd, const ssvc_ctx *ctx, const ssvc_stock_line *lines,
                     size_t n) {
  char text[1024];
  const char *t = cli_errtext(ctx, text, sizeof text);
  size_t i;
  int used = 0;
  if (sscanf(t, "lines[%zu].%*[a-z]: %n", &i, &used) < 1 || !used || i >= n)
    return cli_fail(cmd, ctx);
  const ssvc_stock_line *l = &lines[i];
  const char *opt = l->kind == SSVC_STOCK_ADD      ? "--add"
                    : l->kind == SSVC_STOCK_REMOVE ? "--remove"
                                                   : "--target";
  char rest[1024];
  snprintf(rest, sizeof rest, "%s", t + used);
  char *twice = strstr(rest, "is already in lines[");
  if (twice) snprintf(twice, sizeof rest - (size_t)(twice - rest), "is given twice");
  fprintf(stderr, "smartservice %s: %s %s: %s\n", cmd, opt,
          l->kind == SSVC_STOCK_TARGET ? l->model : l->imei, rest);
  return CLI_FAIL;
}

static int change_new(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap change new";
  const char *customer = NULL, *add = NULL, *model = NULL, *remove = NULL, *disposal_s = NULL,
             *target = NULL, *price_s = "0", *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is (required)"},
      {"add", &add, NULL, "IMEI[:MODEL][,...]", NULL,
       "new phones into the stock, each of its own model or of --model"},
      {"model", &model, NULL, "MODEL", NULL, "the model of the phones of --add that name none"},
      {"remove", &remove, NULL, "IMEI[:WHERE][,...]", NULL,
       "units out of the stock, each going where it says or where --disposal says"},
      {"disposal", &disposal_s, NULL, "to-customer|sold|retired", NULL,
       "where the units of --remove that say nothing go"},
      {"target", &target, NULL, "MODEL=N[,MODEL=N...]", NULL,
       "the models' new levels (0: none of its own)"},
      {"price", &price_s, NULL, "SEK", "0", "what the order costs the customer"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  if (!add && !remove && !target)
    return cli_usage(cmd, "give at least one of --add, --remove and --target");
  if (!add && model) return cli_usage(cmd, "--model goes with --add");
  if (!remove && disposal_s) return cli_usage(cmd, "--disposal goes with --remove");
  int64_t price = 0;
  if ((rc = cli_parse_money(cmd, "--price", price_s, &price))) return rc;
  static ssvc_stock_line lines[MAX_LINES];
  size_t n = 0;
  char buf[4096];
  if (add) {
    snprintf(buf, sizeof buf, "%s", add);
    if ((rc = split(cmd, "--add", buf, lines, &n, fill_add, model))) return rc;
  }
  if (remove) {
    snprintf(buf, sizeof buf, "%s", remove);
    if ((rc = split(cmd, "--remove", buf, lines, &n, fill_remove, disposal_s))) return rc;
  }
  if (target) {
    snprintf(buf, sizeof buf, "%s", target);
    if ((rc = split(cmd, "--target", buf, lines, &n, fill_target, NULL))) return rc;
  }
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  uint32_t number;
  if (ssvc_stock_order_new(s.st, &number, customer, lines, n, price, actor))
    return cli_store_close(&s, line_fail(cmd, s.ctx, lines, n));
  printf("order %u\tpending\n", (unsigned)number);
  return cli_store_close(&s, CLI_OK);
}

/* approve or decline order N. */
static int change_decide(const struct cli_global *g, int argc, char **argv, int first,
                         int approve) {
  const char *cmd = approve ? "swap change approve" : "swap change decline";
  const char *customer = NULL, *order = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is (required)"},
      {"order", &order, NULL, "N", NULL, "the order's number (required)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, "order", order, (const char *)NULL)))
    return rc;
  uint32_t number;
  if ((rc = cli_parse_u32(cmd, "--order", order, &number))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_stock_order_decide(s.st, customer, number, approve, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("order %u\t%s\n", (unsigned)number, approve ? "approved" : "declined");
  return cli_store_close(&s, CLI_OK);
}

static int change_approve(const struct cli_global *g, int argc, char **argv, int first) {
  return change_decide(g, argc, argv, first, 1);
}
static int change_decline(const struct cli_global *g, int argc, char **argv, int first) {
  return change_decide(g, argc, argv, first, 0);
}

static int print_line(void *ud, const ssvc_stock_line *l) {
  (void)ud;
  if (l->kind == SSVC_STOCK_ADD) printf("add\t%s\t%s\n", l->imei, l->model);
  else if (l->kind == SSVC_STOCK_REMOVE)
    printf("remove\t%s\t%s\t%s\n", l->imei, *l->model ? l->model : "-",
           ssvc_stock_disposal_name(l->disposal));
  else printf("target\t%s\t%u\n", l->model, (unsigned)l->target);
  return 0;
}

static int change_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap change show";
  const char *customer = NULL, *order = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is (required)"},
      {"order", &order, NULL, "N", NULL, "the order's number (required)"},
      {0}};
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, "order", order, (const char *)NULL)))
    return rc;
  uint32_t number;
  if ((rc = cli_parse_u32(cmd, "--order", order, &number))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  /* Read whole before printing: a failure prints nothing. */
  ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
  if (ssvc_stock_order_get(s.st, &o, customer, number, NULL, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char price[48], created[40], decided[40] = "-";
  ssvc_money_format(price, sizeof price, o.price_minor, "SEK");
  cli_format_local(created, sizeof created, o.created_at);
  if (o.decided_at) cli_format_local(decided, sizeof decided, o.decided_at);
  printf("order %u\t%s\t%s\n", (unsigned)o.number, ssvc_refill_state_name(o.state),
         o.customer_id);
  printf("price\t%s\n", price);
  printf("written\t%s\n", created);
  printf("decided\t%s\n", decided);
  if (ssvc_stock_order_get(s.st, &o, customer, number, print_line, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  return cli_store_close(&s, CLI_OK);
}

static int print_order(void *ud, const ssvc_stock_order *o) {
  (void)ud;
  char price[48];
  ssvc_money_format(price, sizeof price, o->price_minor, "SEK");
  printf("%u\t%s\t%u\t%u\t%u\t%s\n", (unsigned)o->number, ssvc_refill_state_name(o->state),
         (unsigned)o->adds, (unsigned)o->removes, (unsigned)o->targets, price);
  return 0;
}

static int change_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap change list";
  const char *customer = NULL;
  int no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose orders (required)"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  /* The library reads every order before it gives the first: a failure prints nothing but the
   * header, which is printed only once the customer's agreement is known to exist. */
  ssvc_agreement *ag = NULL;
  if (ssvc_agreement_load(s.st, &ag, customer)) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_agreement_free(ag);
  if (!no_header) printf("order\tstate\tadds\tremoves\ttargets\tprice\n");
  if (ssvc_stock_order_list(s.st, customer, print_order, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  return cli_store_close(&s, CLI_OK);
}

int cmd_swap_change(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {{"new", change_new},
                                        {"approve", change_approve},
                                        {"decline", change_decline},
                                        {"show", change_show},
                                        {"list", change_list}};
  return cli_dispatch("swap change", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}

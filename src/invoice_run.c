/* The stored monthly invoice run (rule R8, doc/charges.md "The invoice run"): gathers one
 * customer's month from its agreement and the charges recorded on its cases and account, prices it
 * with ssvc_charges_month(), numbers the invoices and stores them with the charges they carry, all
 * in one transaction, exactly once per (customer, month). Records and keys: invoice_store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_keys.h"   /* ssvc__case_load_num */
#include "case_record.h" /* ssvc__case_parse_id */
#include "charge_index.h"
#include "invoice_store.h"
#include "smartservice/center.h"

/* The bytes of struct ssvc_invoice_run_spec that a caller of @p version has (doc/abi.md). */
static size_t run_spec_size(unsigned int version) {
  return version < 2 ? offsetof(ssvc_invoice_run_spec, dry_run) : sizeof(ssvc_invoice_run_spec);
}

int ssvc_invoice_run_spec_init(ssvc_invoice_run_spec *spec, unsigned int version) {
  if (version > SSVC_INVOICE_RUN_SPEC_VERSION) version = 0; /* refused below, struct untouched */
  return ssvc__struct_init(spec, run_spec_size(version), version, SSVC_INVOICE_RUN_SPEC_VERSION);
}

/* ---- Gathering the month ---- */

/* The entries of a history of the agreement (fleet or terms, agreement_store.h) in force in the
 * month of @p first, as (first day, entry) pairs, at most one per entry (doc/charges.md): a change
 * takes effect on the Stockholm date of its instant; of several changes on one date the last
 * counts; changes on or before the month's first day give the entry it starts with (the oldest
 * entry also covers any days before the agreement was made); changes after the month are ignored.
 * Each entry of @p h (@p stride bytes apart) begins with its instant (int64_t). */
struct start {
  ssvc_date from;
  size_t i;
};

static int month_starts(ssvc_ctx *ctx, ssvc_date first, const void *h, size_t n, size_t stride,
                        struct start *out, size_t *nout) {
  uint64_t c_first = ssvc__date_code(first);
  uint64_t c_next = first.month == 12
                        ? ssvc__date_code((ssvc_date){first.year + 1, 1, 1})
                        : ssvc__date_code((ssvc_date){first.year, first.month + 1, 1});
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int64_t at;
    memcpy(&at, (const char *)h + i * stride, sizeof at);
    ssvc_local_time lt;
    int rc = ssvc_stockholm_from_instant(ctx, &lt, at);
    if (rc) return rc;
    uint64_t c = ssvc__date_code(lt.date);
    if (c >= c_next) break;
    if (c < c_first) c = c_first;
    /* Dates never go back: a clock set back counts the change on the previous change's date. */
    if (k && c <= ssvc__date_code(out[k - 1].from)) {
      out[k - 1].i = i;
      continue;
    }
    out[k].from = k ? ssvc__date_from_code(c) : first;
    out[k].i = i;
    k++;
  }
  if (!k) { /* made after the month: its first entry, as before the histories existed */
    out[0].from = first;
    out[0].i = 0;
    k = 1;
  }
  *nout = k;
  return SSVC_OK;
}

/* The month's user counts and fee terms (tier, own price, custom tier price) from the
 * agreement's histories, and a catalogue with the custom tiers they name (NULL when none). */
struct month_terms {
  ssvc_user_count *users;
  size_t nusers;
  ssvc_fee_terms *terms;
  size_t nterms;
  ssvc_catalog *cat;
};

static int custom_in(ssvc_ctx *ctx, ssvc_catalog **cat, const ssvc_tier_spec *t) {
  int rc = *cat ? SSVC_OK : ssvc_catalog_new(ctx, cat);
  size_t n = rc ? 0 : ssvc_catalog_count(*cat);
  for (size_t i = 0; i < n; i++)
    if (ssvc__ascii_casecmp(ssvc_tier_code(ssvc_catalog_at(*cat, i)), t->code) == 0)
      return SSVC_OK; /* a code already there (the current custom tier, an earlier entry) stays */
  const ssvc_tier *added;
  return rc ? rc : ssvc_catalog_add(*cat, t, &added);
}

static int month_terms(ssvc_ctx *ctx, const ssvc_agreement *ag, const ssvc_agreement_spec *as,
                       ssvc_date first, struct month_terms *mt) {
  const ssvc__fleet_change *fh;
  const ssvc__terms_change *th;
  size_t nfh = ssvc__agreement_fleet_history(ag, &fh);
  size_t nth = ssvc__agreement_terms_history(ag, &th);
  struct start *st = ssvc__malloc(ctx, (nfh > nth ? nfh : nth) * sizeof *st);
  mt->users = ssvc__malloc(ctx, nfh * sizeof *mt->users);
  mt->terms = ssvc__malloc(ctx, nth * sizeof *mt->terms);
  int rc = st && mt->users && mt->terms ? SSVC_OK : SSVC_ENOMEM;
  if (!rc) rc = month_starts(ctx, first, fh, nfh, sizeof *fh, st, &mt->nusers);
  for (size_t j = 0; !rc && j < mt->nusers; j++) {
    mt->users[j].from = st[j].from;
    mt->users[j].users = fh[st[j].i].fleet;
  }
  if (!rc) rc = month_starts(ctx, first, th, nth, sizeof *th, st, &mt->nterms);
  if (!rc && as->custom_tier) rc = custom_in(ctx, &mt->cat, as->custom_tier);
  for (size_t j = 0; !rc && j < mt->nterms; j++) {
    const ssvc__terms_change *h = &th[st[j].i];
    ssvc_fee_terms *t = &mt->terms[j];
    t->from = st[j].from;
    t->tier = h->tier;
    t->user_price_minor = h->user_price == SSVC_AGREEMENT_NO_OVERRIDE ? -1 : h->user_price;
    t->tier_price_minor = h->custom ? h->custom->price_minor : -1;
    if (h->custom) rc = custom_in(ctx, &mt->cat, h->custom);
  }
  ssvc__free(ctx, st);
  return rc;
}

static void month_terms_free(ssvc_ctx *ctx, struct month_terms *mt) {
  ssvc__free(ctx, mt->users);
  ssvc__free(ctx, mt->terms);
  ssvc_catalog_free(mt->cat);
}

struct ids {
  ssvc_ctx *ctx;
  char (*id)[SSVC_CASE_ID_SIZE];
  size_t n, cap;
  int rc;
};

static int id_cb(void *ud, const char *id) {
  struct ids *ids = ud;
  if (ids->n == ids->cap) {
    size_t cap = ids->cap ? ids->cap * 2 : 32;
    void *p = ssvc__realloc(ids->ctx, ids->id, cap * sizeof *ids->id);
    if (!p) {
      ids->rc = SSVC_ENOMEM;
      return 1;
    }
    ids->id = p;
    ids->cap = cap;
  }
  snprintf(ids->id[ids->n++], SSVC_CASE_ID_SIZE, "%s", id);
  return 0;
}

static int grow(ssvc_ctx *ctx, void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return SSVC_OK;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  void *q = ssvc__realloc(ctx, *p, c * size);
  if (!q) return SSVC_ENOMEM;
  *p = q;
  *cap = c;
  return SSVC_OK;
}

/* Copies at most @p max bytes of @p s, cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n > max) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, s, n);
  dst[n] = 0;
}


/* Adds charge @p index of case @p case_id ("" for the account) to the run. Freight and packaging
 * are summed into lines of their own texts (build_charges()); every other charge keeps its text
 * (@p text, else the kind's name; prefixed with the case id on a case) for its own line. */
int ssvc__inv_add_item(struct gather *g, const char *case_id, uint32_t index, int kind, int64_t qty,
                       int64_t price, const char *text_sv, const char *text_en) {
  int rc = grow(g->ctx, (void **)&g->items, &g->capitems, g->nitems + 1, sizeof *g->items);
  if (!rc && kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING)
    rc = grow(g->ctx, (void **)&g->texts, &g->captexts, g->nitems + 1, 2 * TEXT_SLOT);
  if (rc) return rc;
  struct item *it = &g->items[g->nitems];
  snprintf(it->case_id, sizeof it->case_id, "%s", case_id);
  it->index = index;
  it->kind = kind;
  it->qty = qty;
  it->price = price;
  it->direct = ssvc_charge_kind_is_direct(kind);
  if (kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING) {
    const char *texts[2] = {text_sv, text_en};
    for (int k = 0; k < 2; k++) {
      char buf[SSVC_LINE_TEXT_MAX * 2];
      const char *t = texts[k] && *texts[k]
                          ? texts[k]
                          : ssvc_charge_kind_name(kind, k ? SSVC_LANG_EN : SSVC_LANG_SV);
      snprintf(buf, sizeof buf, "%s%s%s", case_id, *case_id ? ": " : "", t);
      copy_cut(g->texts + (g->nitems * 2 + (size_t)k) * TEXT_SLOT, buf, SSVC_LINE_TEXT_MAX);
    }
  }
  g->nitems++;
  return SSVC_OK;
}

/* Gathers from case @p c the charges from the watermark on that were recorded before @p cutoff;
 * *charges: how many the case has. */
static int gather_case(struct gather *g, const char *func, const ssvc_case *c, struct mark *mk,
                       int64_t cutoff, size_t *charges) {
  int rc = SSVC_OK;
  ssvc_case_info info;
  memset(&info, 0, sizeof info);
  info.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &info);
  const char *id = info.id;
  *charges = info.charge_count;
  size_t nev = info.event_count, ei = 0, ci = 0;
  uint32_t next = mk->count;
  /* Charge i was recorded at the instant of the i-th charge event. */
  for (size_t i = 0; i < info.charge_count && !rc; i++) {
    int64_t at = INT64_MIN;
    for (; ei < nev; ei++) {
      ssvc_case_event e = SSVC_CASE_EVENT_INIT;
      ssvc_case_event_at(c, ei, &e);
      if (e.kind == SSVC_CASE_EVENT_CHARGE) {
        if (ci++ == i) {
          at = e.at;
          ei++;
          break;
        }
      }
    }
    if (i < mk->count) continue;
    if (at >= cutoff) break; /* this and the later ones wait for a later run */
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, i, &ch);
    if (ch.currency && *ch.currency && strcmp(ch.currency, "SEK") != 0) {
      rc = ssvc__err(g->ctx, SSVC_ESTATE, "%s: %s: charge %zu is in %s; invoices are in SEK", func,
                     id, i, ch.currency);
      break;
    }
    if (ch.kind <= SSVC_CHARGE_MONTHLY_FEE || ch.kind >= SSVC_CHARGE_KIND_COUNT) {
      rc = ssvc__err(g->ctx, SSVC_ESTATE, "%s: %s: charge %zu has an unknown kind %d", func, id,
                     i, ch.kind);
      break;
    }
    int64_t a = ch.amount_minor;
    if ((rc = ssvc__inv_add_item(g, id, (uint32_t)i, ch.kind, a < 0 ? -1 : 1, a < 0 ? -a : a,
                                 ch.text, ch.text)))
      break;
    next = (uint32_t)i + 1;
  }
  mk->next = next;
  return rc;
}

/* Builds the charges of the month input: freight and packaging summed per case and amount into
 * one line each, naming the case (doc/charges.md "Line texts and units"), every other charge a
 * line of its own (its text names the case). @p ship_text holds the texts of the shipment lines
 * (2 * TEXT_SLOT each, up to g->nitems lines). */
static int build_charges(struct gather *g, int year, int month, char *ship_text) {
  int rc = grow(g->ctx, (void **)&g->ch, &g->capch, g->nitems, sizeof *g->ch);
  if (rc) return rc;
  const char **ship_case = ssvc__malloc(g->ctx, (g->nitems ? g->nitems : 1) * sizeof *ship_case);
  if (!ship_case) return SSVC_ENOMEM;
  int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
  size_t nship = 0;
  for (size_t i = 0; i < g->nitems; i++) {
    const struct item *it = &g->items[i];
    if (it->kind != SSVC_CHARGE_FREIGHT && it->kind != SSVC_CHARGE_PACKAGING) continue;
    int64_t price = it->price, sign = it->qty < 0 ? -1 : 1;
    size_t j = 0;
    for (; j < nship; j++) {
      ssvc_charge *c = &g->ch[j];
      if (c->kind == it->kind && c->unit_price_minor == price && (c->quantity < 0) == (sign < 0) &&
          (c->quantity + it->qty) * sign <= INT64_C(1000000) && !strcmp(ship_case[j], it->case_id))
        break;
    }
    if (j == nship) {
      ssvc_charge *c = &g->ch[nship++];
      *c = (ssvc_charge)SSVC_CHARGE_INIT;
      c->kind = it->kind;
      c->unit_price_minor = price;
      c->date = (ssvc_date){py, pm, 1};
      ship_case[j] = it->case_id;
      char *sv = ship_text + j * 2 * TEXT_SLOT;
      for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++) {
        char *t = sv + (lang == SSVC_LANG_SV ? 0 : TEXT_SLOT);
        const char *kind = ssvc_charge_kind_name(it->kind, lang);
        if (it->case_id[0]) /* "Frakt, ärende SC-2026-000001, försändelser till och med 2026-10" */
          snprintf(t, TEXT_SLOT, "%s, %s %s, %s %s %04d-%02d", kind,
                   ssvc__word(SSVC__WORD_CASE, lang), it->case_id,
                   ssvc__word(SSVC__WORD_SHIPMENTS, lang), ssvc__word(SSVC__WORD_UP_TO, lang), py,
                   pm);
        else /* on the account: "Frakt per försändelse, till och med 2026-10" */
          snprintf(t, TEXT_SLOT, "%s %s, %s %04d-%02d", kind,
                   ssvc__word(SSVC__WORD_PER_SHIPMENT, lang), ssvc__word(SSVC__WORD_UP_TO, lang),
                   py, pm);
      }
      c->text_sv = sv;
      c->text_en = sv + TEXT_SLOT;
    }
    g->ch[j].quantity += it->qty;
  }
  g->nch = nship;
  for (size_t i = 0; i < g->nitems; i++) {
    const struct item *it = &g->items[i];
    if (it->kind == SSVC_CHARGE_FREIGHT || it->kind == SSVC_CHARGE_PACKAGING) continue;
    ssvc_charge *c = &g->ch[g->nch++];
    *c = (ssvc_charge)SSVC_CHARGE_INIT;
    c->kind = it->kind;
    c->quantity = it->qty;
    c->unit_price_minor = it->price;
    c->date = (ssvc_date){py, pm, 1};
    c->text_sv = g->texts + i * 2 * TEXT_SLOT;
    c->text_en = c->text_sv + TEXT_SLOT;
  }
  ssvc__free(g->ctx, ship_case);
  return SSVC_OK;
}

static void gather_free(struct gather *g) {
  ssvc__free(g->ctx, g->items);
  ssvc__free(g->ctx, g->ch);
  ssvc__free(g->ctx, g->texts);
}

static const char FN[] = "ssvc_invoice_run";

/* ---- Finding the charges not yet invoiced ---- */

/* Entries of the uninvoiced-charges index by the tails of their keys (charge_index.h). */
struct tails {
  uint8_t (*t)[SSVC__CHARGE_INDEX_TAIL];
  size_t n, cap;
};

/* What the run reads to find the charges, and what it writes back besides the invoices. */
struct lookup {
  ssvc_ctx *ctx;
  struct marks ms;      /* the watermarks of the cases read (and the account's) */
  struct ids ids;       /* the cases of the customer, while its index is not built */
  struct tails seen;    /* the index's entries read */
  struct tails gone;    /* entries to take away: every charge invoiced, or a stale entry */
  struct tails come;    /* entries to add (while building the index) */
  size_t prefix;        /* bytes of the marker's key, the prefix of every entry */
  int built, bad;       /* the marker was found; a malformed key */
};

static void lookup_free(struct lookup *lk) {
  ssvc__free(lk->ctx, lk->ms.m);
  ssvc__free(lk->ctx, lk->ids.id);
  ssvc__free(lk->ctx, lk->seen.t);
  ssvc__free(lk->ctx, lk->gone.t);
  ssvc__free(lk->ctx, lk->come.t);
}

static int tails_add(ssvc_ctx *ctx, struct tails *t, const uint8_t *tail) {
  int rc = grow(ctx, (void **)&t->t, &t->cap, t->n + 1, sizeof *t->t);
  if (!rc) memcpy(t->t[t->n++], tail, SSVC__CHARGE_INDEX_TAIL);
  return rc;
}

static int index_cb(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct lookup *lk = ud;
  if (klen == lk->prefix) {
    lk->built = 1;
    return 0;
  }
  if (klen != lk->prefix + SSVC__CHARGE_INDEX_TAIL) {
    lk->bad = 1;
    return SSVC_ESTORAGE;
  }
  return tails_add(lk->ctx, &lk->seen, (const uint8_t *)key + lk->prefix);
}

/* A new watermark entry in lk->ms for case @p id ("" for the account), read with one get. */
static int mark_read(ssvc_store *st, struct lookup *lk, const char *cust, const char *id,
                     struct mark **out) {
  struct marks *ms = &lk->ms;
  int rc = grow(lk->ctx, (void **)&ms->m, &ms->cap, ms->n + 1, sizeof *ms->m);
  if (rc) return rc;
  struct mark *mk = &ms->m[ms->n];
  uint8_t k[KEY_MAX];
  rc = ssvc__inv_read_uint_rec(st, FN, k, ssvc__inv_key_mark(k, cust, id), REC_MARK,
                               "an invoiced-charges mark", &mk->count, &mk->ver);
  if (rc) return rc;
  snprintf(mk->case_id, sizeof mk->case_id, "%s", id);
  mk->next = mk->count;
  ms->n++;
  *out = mk;
  return SSVC_OK;
}

/* The built index: only the cases it lists, registered before the cutoff (the scan stopped
 * there), are read; each with its own watermark. */
static int lookup_indexed(ssvc_store *st, struct gather *g, const char *cust, int64_t cutoff,
                          struct lookup *lk) {
  int rc = SSVC_OK;
  for (size_t i = 0; i < lk->seen.n && !rc; i++) {
    const uint8_t *tail = lk->seen.t[i];
    int64_t at;
    uint32_t year, seq;
    ssvc__charge_index_tail(tail, &at, &year, &seq);
    ssvc_case *c = NULL;
    rc = ssvc__case_load_num(st, FN, year, seq, &c);
    if (rc && rc != SSVC_ENOTFOUND) break;
    ssvc_case_info info;
    memset(&info, 0, sizeof info);
    info.version = SSVC_CASE_INFO_VERSION;
    if (!rc) ssvc_case_info_get(c, &info);
    if (rc || strcmp(info.customer_id, cust) != 0 || info.registered_at != at) {
      /* Stale: an import replaced the case with another customer or registration. */
      ssvc_case_free(c);
      rc = tails_add(lk->ctx, &lk->gone, tail);
      continue;
    }
    struct mark *mk;
    size_t charges = 0;
    rc = mark_read(st, lk, cust, info.id, &mk);
    if (!rc) rc = gather_case(g, FN, c, mk, cutoff, &charges);
    if (!rc && mk->next >= charges) rc = tails_add(lk->ctx, &lk->gone, tail);
    ssvc_case_free(c);
  }
  struct mark *acc;
  if (!rc) rc = mark_read(st, lk, cust, "", &acc);
  if (!rc) rc = ssvc__inv_gather_account(st, FN, g, cust, acc, cutoff);
  return rc;
}

/* Not built yet (a store written before the index): every case of the customer is read, those
 * registered before the cutoff gathered as they always were, and the entries the index should
 * hold are worked out for all of them. */
static int lookup_build(ssvc_store *st, struct gather *g, const char *cust, int64_t cutoff,
                        struct lookup *lk) {
  ssvc_ctx *ctx = lk->ctx;
  struct marks *ms = &lk->ms;
  uint8_t k[KEY_MAX], k2[KEY_MAX];
  ms->prefix = ssvc__inv_key_cust(k, 'H', cust);
  memcpy(k2, k, ms->prefix);
  k2[ms->prefix - 1] = 1;
  int rc = ssvc__store_scan(st, FN, k, ms->prefix, k2, ms->prefix, ssvc__inv_mark_cb, ms);
  if (ms->bad) rc = ssvc__inv_malformed(ctx, FN, "an invoiced-charges mark");
  if (rc) return rc;
  /* Keys come sorted, but sort anyway: bsearch needs it and it costs nothing when sorted. */
  if (ms->n > 1) qsort(ms->m, ms->n, sizeof *ms->m, ssvc__inv_mark_cmp);
  size_t nold = ms->n;
  rc = ssvc_case_list_customer(st, cust, INT64_MIN, INT64_MAX, id_cb, &lk->ids);
  if (!rc) rc = lk->ids.rc;
  /* Every case in registration order, then the account (its mark has the empty case id). */
  for (size_t i = 0; i <= lk->ids.n && !rc; i++) {
    struct mark key;
    memset(key.case_id, 0, SSVC_CASE_ID_SIZE);
    if (i < lk->ids.n) memcpy(key.case_id, lk->ids.id[i], SSVC_CASE_ID_SIZE);
    struct mark *mk = nold ? bsearch(&key, ms->m, nold, sizeof *ms->m, ssvc__inv_mark_cmp) : NULL;
    if (!mk) {
      if ((rc = grow(ctx, (void **)&ms->m, &ms->cap, ms->n + 1, sizeof *ms->m))) break;
      mk = &ms->m[ms->n++];
      memcpy(mk->case_id, key.case_id, SSVC_CASE_ID_SIZE);
      mk->count = mk->next = 0;
      mk->ver = SSVC_STORAGE_NEW;
    }
    if (i == lk->ids.n) {
      rc = ssvc__inv_gather_account(st, FN, g, cust, mk, cutoff);
      break;
    }
    ssvc_case *c = NULL;
    if ((rc = ssvc_case_load(st, &c, lk->ids.id[i]))) break;
    ssvc_case_info info;
    memset(&info, 0, sizeof info);
    info.version = SSVC_CASE_INFO_VERSION;
    ssvc_case_info_get(c, &info);
    size_t charges = info.charge_count;
    if (info.registered_at < cutoff) rc = gather_case(g, FN, c, mk, cutoff, &charges);
    uint32_t year, seq;
    if (!rc && mk->next < charges && !(rc = ssvc__case_parse_id(ctx, FN, info.id, &year, &seq)))
      rc = tails_add(ctx, &lk->come, k + ssvc__charge_index_key(k, cust, info.registered_at, year,
                                                                  seq) -
                                         SSVC__CHARGE_INDEX_TAIL);
    ssvc_case_free(c);
  }
  if (rc) return rc;
  /* The entries already there (charges recorded since this library): those to keep leave both
   * lists, the others go. Both lists are in key order. */
  size_t i = 0, j = 0, nc = 0;
  while (i < lk->seen.n && !rc) {
    int d = j < lk->come.n ? memcmp(lk->seen.t[i], lk->come.t[j], SSVC__CHARGE_INDEX_TAIL) : -1;
    if (d < 0) rc = tails_add(ctx, &lk->gone, lk->seen.t[i++]);
    else if (d > 0) memmove(lk->come.t[nc++], lk->come.t[j++], SSVC__CHARGE_INDEX_TAIL);
    else i++, j++;
  }
  while (j < lk->come.n) memmove(lk->come.t[nc++], lk->come.t[j++], SSVC__CHARGE_INDEX_TAIL);
  lk->come.n = nc;
  return rc;
}

/* Reads the charges of the month into @p g: the watermarks, the cases with charges not yet
 * invoiced (through the index once it is built) and the account. Only reads. */
static int lookup_read(ssvc_store *st, struct gather *g, const char *cust, int64_t cutoff,
                       struct lookup *lk) {
  uint8_t lo[SSVC__CHARGE_INDEX_KEY_MAX], hi[SSVC__CHARGE_INDEX_KEY_MAX];
  lk->prefix = ssvc__charge_index_marker(lo, cust);
  ssvc__charge_index_key(hi, cust, cutoff, 0, 0);
  int rc = ssvc__store_scan(st, FN, lo, lk->prefix, hi, lk->prefix + 8, index_cb, lk);
  if (!rc && !lk->built) { /* the entries after the cutoff too: the build reconciles them all */
    memcpy(lo, hi, lk->prefix + 8);
    hi[lk->prefix - 1] = 1;
    rc = ssvc__store_scan(st, FN, lo, lk->prefix + 8, hi, lk->prefix, index_cb, lk);
  }
  if (lk->bad) rc = ssvc__inv_malformed(lk->ctx, FN, "an uninvoiced-charges index entry");
  if (rc) return rc;
  return lk->built ? lookup_indexed(st, g, cust, cutoff, lk)
                   : lookup_build(st, g, cust, cutoff, lk);
}

/* Writes the new watermarks and brings the index in step (built, when it was not). An entry or
 * the marker changed by another writer since it was read is SSVC_ECONFLICT: the run is tried
 * again on fresh data. */
static int lookup_write(ssvc_store *st, const char *cust, const struct lookup *lk) {
  uint8_t k[KEY_MAX > SSVC__CHARGE_INDEX_KEY_MAX ? KEY_MAX : SSVC__CHARGE_INDEX_KEY_MAX];
  int rc = SSVC_OK;
  for (size_t i = 0; i < lk->ms.n && !rc; i++) {
    const struct mark *mk = &lk->ms.m[i];
    if (mk->next == mk->count) continue;
    rc = ssvc__inv_write_uint_rec(st, FN, k, ssvc__inv_key_mark(k, cust, mk->case_id), REC_MARK,
                                  mk->next, mk->ver);
  }
  size_t n = ssvc__charge_index_marker(k, cust);
  for (size_t i = 0; i < lk->gone.n && !rc; i++) {
    memcpy(k + n, lk->gone.t[i], SSVC__CHARGE_INDEX_TAIL);
    rc = ssvc__store_del(st, FN, k, n + SSVC__CHARGE_INDEX_TAIL, SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND) rc = SSVC_ECONFLICT; /* read above: another writer took it */
  }
  for (size_t i = 0; i < lk->come.n && !rc; i++) {
    memcpy(k + n, lk->come.t[i], SSVC__CHARGE_INDEX_TAIL);
    rc = ssvc__store_put(st, FN, k, n + SSVC__CHARGE_INDEX_TAIL, "", 0, SSVC_STORAGE_NEW, NULL);
  }
  if (!rc && !lk->built) rc = ssvc__store_put(st, FN, k, n, "", 0, SSVC_STORAGE_NEW, NULL);
  return rc;
}

/* ---- The run ---- */

struct run {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const ssvc_invoice_run_spec *spec;
  int64_t now;
  int dry; /* spec->dry_run of a version-2 spec */
  ssvc_invoice *out[2]; /* service, direct */
};

/* Reads the stored invoices of a month that has been run. */
static int load_run(struct run *r, const void *v, size_t vlen) {
  struct run_rec rec;
  if (ssvc__inv_decode_run(v, vlen, &rec) < 0)
    return ssvc__inv_malformed(r->ctx, FN, r->spec->customer_id);
  const char *nums[2] = {rec.service, rec.direct};
  for (int k = 0; k < 2; k++) {
    if (!nums[k][0]) continue;
    int rc = ssvc__inv_load_invoice(r->st, FN, nums[k], &r->out[k]);
    if (rc) return rc;
  }
  return SSVC_OK;
}

/* The parties of the run's invoices: the spec's, else the stored Support Center and the
 * agreement's buyer with its references and payment terms (doc/charges.md "Parties"). */
struct parties {
  const ssvc_party *seller, *buyer;
  const char *buyer_ref, *order_ref;
  int due_days;
};

static int run_parties(struct run *r, const ssvc_agreement_spec *as, ssvc_center **center,
                       ssvc_party *seller, ssvc_party *buyer, struct parties *p) {
  const ssvc_invoice_run_spec *s = r->spec;
  const char *cust = s->customer_id;
  p->buyer_ref = s->customer_id;
  p->order_ref = NULL;
  p->due_days = s->due_days ? s->due_days : as->payment_days ? as->payment_days : 30;
  if (s->buyer) {
    p->buyer = s->buyer;
  } else if (!as->buyer) {
    ssvc__log_api(r->ctx, FN, "ssvc_agreement_update", "spec->buyer");
    return ssvc__err(r->ctx, SSVC_ESTATE,
                     "%s: %s: the agreement has no buyer identity (legal name, organisation "
                     "number, VAT number, address); set it on the agreement",
                     FN, cust);
  } else if (!as->buyer_reference && !as->order_reference) {
    ssvc__log_api(r->ctx, FN, "ssvc_agreement_update",
                  "spec->buyer_reference or spec->order_reference");
    return ssvc__err(r->ctx, SSVC_ESTATE,
                     "%s: %s: the agreement has no buyer reference and no order reference "
                     "(Peppol needs one); set one on the agreement",
                     FN, cust);
  } else {
    *buyer = *as->buyer;
    p->buyer = buyer;
    if (as->buyer_reference) p->buyer_ref = as->buyer_reference;
    p->order_ref = as->order_reference;
  }
  if (s->seller) {
    p->seller = s->seller;
    return SSVC_OK;
  }
  int rc = ssvc_center_load(r->st, center);
  if (rc == SSVC_ENOTFOUND) {
    ssvc__log_api(r->ctx, FN, "ssvc_center_set", NULL);
    return ssvc__err(r->ctx, SSVC_ESTATE,
                     "%s: no Support Center identity is set (the seller of every invoice); set it "
                     "first",
                     FN);
  }
  if (rc) return rc;
  ssvc_center_party(*center, seller);
  p->seller = seller;
  return SSVC_OK;
}

static int new_invoice(struct run *r, ssvc_invoice **out, int direct, ssvc_date issue,
                       const struct parties *p) {
  const ssvc_invoice_run_spec *s = r->spec;
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  info.number = "-"; /* provisional: numbers are given once the lines are known */
  info.issue_date = issue;
  int64_t due = ssvc_date_to_days(&issue) + p->due_days;
  ssvc_date_from_days(&info.due_date, due);
  info.period_start = (ssvc_date){s->year, s->month, 1};
  info.period_end = (ssvc_date){s->year, s->month, ssvc__days_in_month(s->year, s->month)};
  info.buyer_reference = p->buyer_ref;
  info.order_reference = p->order_ref;
  info.seller = p->seller;
  info.buyer = p->buyer;
  info.direct = direct;
  return ssvc_invoice_new(r->ctx, out, &info);
}

/* The run's price list over the built-in tiers and the agreement's custom ones: a copy of
 * spec->pricelist, or, without one, the stored list prices and the customer's stored overrides
 * (doc/charges.md "Stored prices"), read in the run's transaction. */
static int run_prices(ssvc_store *st, const ssvc_invoice_run_spec *s, struct month_terms *mt,
                      ssvc_pricelist **out) {
  if (s->pricelist) return ssvc__pricelist_derive(s->pricelist, out, mt->cat);
  int rc = mt->cat ? SSVC_OK : ssvc_catalog_new(st->ctx, &mt->cat);
  if (!rc) rc = ssvc_pricelist_new(st->ctx, out, mt->cat);
  if (!rc) rc = ssvc__pricelist_load(st, FN, *out, s->customer_id);
  return rc;
}

/* The rent lines of rented backup phones (ssvc__backup_rented_days()): one per phone, its rent
 * prorated by the days held, rounded as the fee's user-days (ssvc__div_round). */
struct rent_line {
  char text[2 * TEXT_SLOT];
  int64_t amount;
};
struct rent_lines {
  ssvc_ctx *ctx;
  int year, month;
  int64_t rent;
  struct rent_line *lines;
  size_t n, cap;
};

static int rent_line(void *ud, const char *model, const char *imei, int days) {
  struct rent_lines *rl = ud;
  int rc = grow(rl->ctx, (void **)&rl->lines, &rl->cap, rl->n + 1, sizeof *rl->lines);
  if (rc) return rc;
  struct rent_line *l = &rl->lines[rl->n++];
  int dim = ssvc__days_in_month(rl->year, rl->month);
  l->amount = ssvc__div_round(rl->rent * days, dim);
  snprintf(l->text, TEXT_SLOT, "Reservtelefon %s (IMEI %s), hyra %04d-%02d: %d/%d dagar", model,
           imei, rl->year, rl->month, days, dim);
  snprintf(l->text + TEXT_SLOT, TEXT_SLOT, "Backup phone %s (IMEI %s), rent %04d-%02d: %d/%d days",
           model, imei, rl->year, rl->month, days, dim);
  return SSVC_OK;
}

static int run_once(struct run *r) {
  ssvc_store *st = r->st;
  ssvc_ctx *ctx = r->ctx;
  const ssvc_invoice_run_spec *s = r->spec;
  const char *cust = s->customer_id;
  ssvc_agreement *ag = NULL;
  ssvc_center *center = NULL;
  struct month_terms mt = {NULL, 0, NULL, 0, NULL};
  ssvc_pricelist *pl = NULL;
  ssvc_invoice *inv[2] = {NULL, NULL};
  struct lookup lk;
  memset(&lk, 0, sizeof lk);
  lk.ctx = lk.ms.ctx = lk.ids.ctx = ctx;
  struct gather g;
  memset(&g, 0, sizeof g);
  g.ctx = ctx;
  char *ship_text = NULL;
  struct rent_lines rl = {ctx, 0, 0, 0, NULL, 0, 0};
  uint8_t krec[KEY_MAX], kcnt[8], k2[KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;

  ssvc_txn t;
  int rc = ssvc__txn_begin(st, FN, &t);
  if (rc) return rc;

  /* Run before: the stored invoices, unchanged. */
  size_t krun = ssvc__inv_key_run(krec, cust, s->year, s->month);
  rc = ssvc__store_get(st, FN, krec, krun, &v, &vlen, &ver);
  if (rc == SSVC_OK) {
    rc = load_run(r, v, vlen);
    goto done;
  }
  if (rc != SSVC_ENOTFOUND) goto done;

  /* The agreement: tier, fleet, own price. */
  if ((rc = ssvc__agreement_load(st, FN, cust, &ag))) goto done;
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  if ((rc = ssvc_agreement_spec_get(ag, &as))) goto done;
  /* The parties: refused before anything is gathered or written. */
  ssvc_party seller = SSVC_PARTY_INIT, buyer = SSVC_PARTY_INIT;
  struct parties parties;
  if ((rc = run_parties(r, &as, &center, &seller, &buyer, &parties))) goto done;

  /* Charges recorded before the month began (Stockholm midnight) and not yet invoiced. */
  int64_t cutoff;
  ssvc_date first = {s->year, s->month, 1};
  if ((rc = ssvc_stockholm_to_instant(ctx, &cutoff, &first, 0, 0, 0))) goto done;
  if ((rc = lookup_read(st, &g, cust, cutoff, &lk))) goto done;
  ship_text = ssvc__malloc(ctx, (g.nitems ? g.nitems : 1) * 2 * TEXT_SLOT);
  if (!ship_text) {
    rc = SSVC_ENOMEM;
    goto done;
  }
  if ((rc = build_charges(&g, s->year, s->month, ship_text))) goto done;
  /* The rent of a rented SWAP stock: the phones it holds as the month begins. */
  char rent_text[2 * TEXT_SLOT];
  if (as.swap_rent_minor > 0) {
    uint32_t phones;
    if ((rc = ssvc__swap_stock_at(st, cust, cutoff, &phones))) goto done;
    for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++)
      snprintf(rent_text + (lang == SSVC_LANG_SV ? 0 : TEXT_SLOT), TEXT_SLOT, "%s, %04d-%02d",
               ssvc_charge_kind_name(SSVC_CHARGE_SWAP_RENTAL, lang), s->year, s->month);
    while (phones > 0) { /* lines of at most 10^6 phones, the bound of a charge's quantity */
      uint32_t q = phones > 1000000u ? 1000000u : phones;
      if ((rc = grow(ctx, (void **)&g.ch, &g.capch, g.nch + 1, sizeof *g.ch))) goto done;
      ssvc_charge *c = &g.ch[g.nch++];
      *c = (ssvc_charge)SSVC_CHARGE_INIT;
      c->kind = SSVC_CHARGE_SWAP_RENTAL;
      c->quantity = q;
      c->unit_price_minor = as.swap_rent_minor;
      c->date = first;
      c->text_sv = rent_text;
      c->text_en = rent_text + TEXT_SLOT;
      phones -= q;
    }
  }

  /* The rent of rented backup phones, in arrears: the days each was held in the month before. */
  int py = s->month == 1 ? s->year - 1 : s->year, pm = s->month == 1 ? 12 : s->month - 1;
  rl.year = py;
  rl.month = pm;
  ssvc_date plast = {py, pm, ssvc__days_in_month(py, pm)};
  if ((rc = ssvc__backup_rent_price(st, FN, cust, plast, &rl.rent)) ||
      (rc = ssvc__backup_rented_days(st, FN, cust, py, pm, rent_line, &rl)))
    goto done;
  for (size_t i = 0; i < rl.n; i++) {
    if ((rc = grow(ctx, (void **)&g.ch, &g.capch, g.nch + 1, sizeof *g.ch))) goto done;
    ssvc_charge *c = &g.ch[g.nch++];
    *c = (ssvc_charge)SSVC_CHARGE_INIT;
    c->kind = SSVC_CHARGE_BACKUP_PHONE;
    c->quantity = 1;
    c->unit_price_minor = rl.lines[i].amount;
    c->date = plast;
    c->text_sv = rl.lines[i].text;
    c->text_en = rl.lines[i].text + TEXT_SLOT;
  }

  /* Price the month on provisional invoices. */
  ssvc_local_time lt;
  if ((rc = ssvc_stockholm_from_instant(ctx, &lt, r->now))) goto done;
  if ((rc = new_invoice(r, &inv[0], 0, lt.date, &parties)) ||
      (rc = new_invoice(r, &inv[1], 1, lt.date, &parties)))
    goto done;
  /* The fee: the month's fleet, tiers and own prices from the agreement's histories. */
  if ((rc = month_terms(ctx, ag, &as, first, &mt)) || (rc = run_prices(st, s, &mt, &pl)))
    goto done;
  ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
  in.agreement = cust;
  in.tier = mt.terms[0].tier;
  in.year = s->year;
  in.month = s->month;
  in.users = mt.users;
  in.user_changes = mt.nusers;
  in.terms = mt.terms;
  in.term_count = mt.nterms;
  in.charges = g.ch;
  in.charge_count = g.nch;
  in.vat_basis_points = as.vat_basis_points;
  if ((rc = ssvc_charges_month(pl, inv[0], inv[1], &in))) goto done;
  /* Credits the month cannot net (a negative service invoice) are billed as a credit note of
   * the same lines, signs turned (doc/charges.md "Credit notes"). */
  ssvc_invoice_totals tt = SSVC_INVOICE_TOTALS_INIT;
  ssvc_invoice_get_totals(inv[0], &tt);
  int net_credit = tt.line_extension < 0;
  if (net_credit) {
    ssvc_invoice *cn = NULL;
    if ((rc = ssvc__inv_credit_of(inv[0], &cn, "-", lt.date, NULL, 0, -1, NULL, NULL))) goto done;
    ssvc_invoice_free(inv[0]);
    inv[0] = cn;
  }

  /* Numbers: sequential per year of issue (compare-and-set on the counter); a credit note's
   * from the credit-note series. */
  int year = lt.date.year;
  size_t kc = ssvc__inv_key_counter(kcnt, year);
  uint64_t cver, crver = 0;
  uint32_t last, crlast = 0;
  uint8_t kcr[8];
  size_t kcrl = ssvc__inv_key_credit_counter(kcr, year);
  if ((rc = ssvc__inv_read_uint_rec(st, FN, kcnt, kc, REC_COUNTER, "the invoice-number counter",
                                    &last, &cver)))
    goto done;
  if (net_credit && (rc = ssvc__inv_read_uint_rec(st, FN, kcr, kcrl, REC_COUNTER,
                                                  "the credit-note counter", &crlast, &crver)))
    goto done;
  char num[2][NUMBER_MAX + 1] = {"", ""};
  for (int j = 0; j < 2; j++) {
    if (ssvc_invoice_line_count(inv[j]) == 0) continue;
    int cn = j == 0 && net_credit;
    uint32_t *ctr = cn ? &crlast : &last;
    if (*ctr >= 999999) {
      rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the %s numbers of %d are used up", FN,
                     cn ? "credit-note" : "invoice", year);
      goto done;
    }
    snprintf(num[j], sizeof num[j], "%s-%04d-%06u", cn ? "CRN" : "INV", year, ++*ctr);
    if ((rc = ssvc__rec_key_free(st, FN, k2, ssvc__inv_key_invoice(k2, num[j]), num[j])))
      goto done;
  }

  /* Write: the invoices (and read them back as the caller gets them), the run, the marks, the
   * counter. Everything was read above. A dry run keeps the invoices, marked provisional, and
   * writes nothing. */
  for (int j = 0; j < 2; j++) {
    if (!num[j][0]) continue;
    if (r->dry) {
      size_t nl = strlen(num[j]);
      snprintf(num[j] + nl, sizeof num[j] - nl, " (provisional)");
    }
    ssvc_buf *buf = ssvc__store_scratch(st, 0);
    ssvc__inv_encode_invoice(buf, inv[j], num[j], cust, s->year, s->month, g.items, g.nitems);
    if (buf->failed) {
      rc = SSVC_ENOMEM;
      goto done;
    }
    if ((rc = ssvc__inv_decode_invoice(ctx, FN, num[j], buf->p, buf->len, &r->out[j]))) goto done;
    if (r->dry) continue;
    rc = ssvc__store_put(st, FN, k2, ssvc__inv_key_invoice(k2, num[j]), buf->p, buf->len,
                         SSVC_STORAGE_NEW, NULL);
    if (rc) goto done;
  }
  if (r->dry) goto done;
  ssvc_buf *buf = ssvc__store_scratch(st, 0);
  ssvc__rec_header(buf, REC_RUN, FORMAT);
  ssvc__rec_str(buf, R_SERVICE, num[0]);
  ssvc__rec_str(buf, R_DIRECT, num[1]);
  ssvc__rec_sint(buf, R_AT, r->now);
  if (buf->failed) rc = SSVC_ENOMEM;
  if (!rc) rc = ssvc__store_put(st, FN, krec, krun, buf->p, buf->len, SSVC_STORAGE_NEW, NULL);
  if (!rc) rc = lookup_write(st, cust, &lk);
  if (!rc && ((num[0][0] && !net_credit) || num[1][0]))
    rc = ssvc__inv_write_uint_rec(st, FN, kcnt, kc, REC_COUNTER, last, cver);
  if (!rc && net_credit && num[0][0]) {
    rc = ssvc__inv_write_uint_rec(st, FN, kcr, kcrl, REC_COUNTER, crlast, crver);
    if (!rc)
      rc = ssvc__store_put(st, FN, k2, ssvc__inv_key_credit_listing(k2, cust, num[0]), "", 0,
                           SSVC_STORAGE_NEW, NULL);
  }

done:
  rc = ssvc__txn_end(st, FN, &t, rc);
  if (rc) {
    for (int j = 0; j < 2; j++) {
      ssvc_invoice_free(r->out[j]);
      r->out[j] = NULL;
    }
  }
  ssvc_invoice_free(inv[0]);
  ssvc_invoice_free(inv[1]);
  ssvc__free(ctx, ship_text);
  ssvc__free(ctx, rl.lines);
  gather_free(&g);
  lookup_free(&lk);
  ssvc_pricelist_free(pl);
  month_terms_free(ctx, &mt);
  ssvc_agreement_free(ag);
  ssvc_center_free(center);
  return rc;
}

static int run_attempt(ssvc_store *st, void *arg) {
  (void)st;
  return run_once(arg);
}

int ssvc_invoice_run(ssvc_store *store, ssvc_invoice **service, ssvc_invoice **direct,
                     const ssvc_invoice_run_spec *spec) {
  if (service) *service = NULL;
  if (direct) *direct = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", FN);
  int rc = ssvc__check_version(ctx, "ssvc_invoice_run: spec", spec->version,
                               SSVC_INVOICE_RUN_SPEC_VERSION);
  if (rc) return rc;
  if ((rc = ssvc__check_text(ctx, FN, "spec->customer_id", spec->customer_id, 1, CUST_MAX)))
    return rc;
  if (spec->year < 1901 || spec->year > 2199 || spec->month < 1 || spec->month > 12)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->year/spec->month must be a month of 1901..2199 (got %04d-%02d)",
                     FN, spec->year, spec->month);
  if (spec->pricelist && ssvc__pricelist_ctx(spec->pricelist) != ctx)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->pricelist must belong to the store's context", FN);
  if (spec->due_days < 0 || spec->due_days > 365)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->due_days must be 0..365 (got %d)", FN,
                     spec->due_days);
  int dry = spec->version >= 2 ? spec->dry_run : 0;
  if (dry != 0 && dry != 1)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->dry_run must be 0 or 1 (got %d)", FN, dry);
  struct run r = {store, ctx, spec, ssvc__store_now(store), dry, {NULL, NULL}};
  rc = ssvc__txn_retry(store, run_attempt, &r);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: %s %04d-%02d: the invoices changed concurrently; try again",
                     FN, spec->customer_id, spec->year, spec->month);
  if (rc) return rc;
  if (service) *service = r.out[0];
  else ssvc_invoice_free(r.out[0]);
  if (direct) *direct = r.out[1];
  else ssvc_invoice_free(r.out[1]);
  return SSVC_OK;
}

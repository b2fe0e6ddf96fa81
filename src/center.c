/* center: the Support Center's identity, one record under 'B' 'S' (smartservice/center.h,
 * doc/records.md "The Support Center record"). */
#include <string.h>

#include "keyspace.h"
#include "parties.h"
#include "record.h"
#include "smartservice/center.h"
#include "text.h"

enum { C_PARTY = 1, C_ACTOR, C_AT };
#define FORMAT 1
#define ACTOR_MAX 256

static const uint8_t KEY[2] = {SSVC_KEY_BILLING, 'S'};

struct ssvc_center {
  ssvc_ctx *ctx;
  ssvc_party party;
  const char *actor;
  int64_t at;
};

struct set_args {
  const ssvc_party *p;
  const char *actor;
};

static int set_body(ssvc_store *st, void *arg) {
  const struct set_args *a = arg;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__rec_header(b, SSVC_REC_B_CENTER, FORMAT);
  ssvc__party_encode(b, C_PARTY, a->p);
  ssvc__rec_str(b, C_ACTOR, a->actor);
  ssvc__rec_sint(b, C_AT, ssvc__store_now(st));
  if (b->failed) return SSVC_ENOMEM;
  return ssvc__store_put(st, "ssvc_center_set", KEY, sizeof KEY, b->p, b->len, SSVC_STORAGE_ANY,
                         NULL);
}

int ssvc_center_set(ssvc_store *store, const ssvc_party *center, const char *actor) {
  const char *fn = "ssvc_center_set";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!center) return ssvc__err(ctx, SSVC_EINVAL, "%s: center must not be NULL", fn);
  if (center->version != SSVC_PARTY_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: center: version must be %u (got %u)", fn,
                     SSVC_PARTY_VERSION, center->version);
  int rc = ssvc__party_check(ctx, fn, "center", center, 1);
  if (rc) return rc;
  if (!center->bankgiro && !center->iban)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: center->bankgiro, center->iban: one must be given (the account the "
                     "invoices are paid to)", fn);
  if (center->iban && !center->bic)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: center->bic: must be given with center->iban", fn);
  if ((rc = ssvc__check_text(ctx, fn, "actor", actor, 1, ACTOR_MAX))) return rc;
  struct set_args a = {center, actor};
  return ssvc__txn_run(store, fn, set_body, &a);
}

int ssvc_center_load(ssvc_store *store, ssvc_center **out) {
  const char *fn = "ssvc_center_load";
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(store, fn, KEY, sizeof KEY, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) {
    ssvc__log_api(ctx, fn, "ssvc_center_set", NULL);
    return ssvc__err(ctx, rc, "%s: no Support Center identity is set; set it first", fn);
  }
  if (rc) return rc;
  ssvc_rd rd;
  ssvc_field f;
  size_t strings = 0;
  int r, have = 0;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_B_CENTER)) goto malformed;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.wire != SSVC_WIRE_BYTES) continue;
    if (f.id == C_PARTY) {
      if (ssvc__party_strings(&f, &strings) < 0) goto malformed;
      have = 1;
    } else if (f.id == C_ACTOR) {
      strings += f.len + 1;
    }
  }
  if (r < 0 || !have) goto malformed;
  ssvc_center *c = ssvc__malloc(ctx, sizeof *c + strings);
  if (!c) return SSVC_ENOMEM;
  memset(c, 0, sizeof *c);
  c->ctx = ctx;
  c->actor = "";
  char *area = (char *)(c + 1);
  ssvc__rec_open(&rd, v, vlen, SSVC_REC_B_CENTER);
  while (ssvc__rd_next(&rd, &f) == 1) {
    if (f.id == C_PARTY && f.wire == SSVC_WIRE_BYTES) {
      ssvc__party_decode(&f, &c->party, &area);
    } else if (f.id == C_ACTOR && f.wire == SSVC_WIRE_BYTES) {
      memcpy(area, f.bytes, f.len);
      area[f.len] = '\0';
      c->actor = area;
      area += f.len + 1;
    } else if (f.id == C_AT && f.wire == SSVC_WIRE_VARINT) {
      c->at = ssvc__unzigzag(f.u);
    }
  }
  if (!c->party.name || !c->party.org_number) {
    ssvc__free(ctx, c);
    goto malformed;
  }
  *out = c;
  return SSVC_OK;
malformed:
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: the stored Support Center identity is malformed", fn);
}

int ssvc_center_party(const ssvc_center *c, ssvc_party *out) {
  if (!c || !out) return SSVC_EINVAL;
  if (out->version < 1 || out->version > SSVC_PARTY_VERSION)
    return ssvc__err(c->ctx, SSVC_EVERSION, "ssvc_center_party: out: version must be 1..%u (got %u)",
                     SSVC_PARTY_VERSION, out->version);
  unsigned int v = out->version;
  memcpy(out, &c->party, v == 1 ? offsetof(ssvc_party, endpoint) : sizeof *out);
  out->version = v;
  return SSVC_OK;
}

const char *ssvc_center_set_by(const ssvc_center *c) { return c ? c->actor : NULL; }

int64_t ssvc_center_set_at(const ssvc_center *c) { return c ? c->at : 0; }

void ssvc_center_free(ssvc_center *c) {
  if (c) ssvc__free(c->ctx, c);
}

/* xml_workshop: a case's repair order in the XML interchange, the <repair-order> child of its
 * <case> (doc/xml.md, doc/cases.xsd, doc/workshop.md): written from the stored order, read and
 * stored with the case it belongs to. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "swap_record.h"
#include "workshop_internal.h"
#include "xml_exporter.h"
#include "xml_importer.h"

void ssvc__xml_write_repair(struct exporter *x, const char *customer, const char *case_id) {
  if (x->rc) return;
  ssvc_repair_order o;
  uint64_t ver;
  int rc = ssvc__repair_get(x->st, x->func, customer, case_id, &o, &ver);
  if (rc == SSVC_ENOTFOUND) return;
  if (rc) {
    x->rc = rc;
    return;
  }
  ssvc__xml_wstart(x, "repair-order");
  ssvc__xml_wattr(x, "provider", o.provider);
  ssvc__xml_wattr(x, "state", ssvc_repair_state_name(o.state));
  ssvc__xml_wattr_instant(x, "sent", o.sent_at);
  if (o.state != SSVC_REPAIR_SENT) {
    ssvc__xml_wattr_instant(x, "done", o.done_at);
    ssvc__xml_wattr_int(x, "turnaround", o.turnaround_days < 0 ? 0 : o.turnaround_days);
    ssvc__xml_wattr_int(x, "cost", o.cost_minor);
  }
  if (o.estimate_minor >= 0) ssvc__xml_wattr_int(x, "estimate", o.estimate_minor);
  if (o.moved_case) ssvc__xml_wattr(x, "moved-case", "true");
  ssvc__xml_wtext(x, o.note);
  ssvc__xml_wend(x);
}

int ssvc__xml_read_repair(struct importer *im, const xmlNode *c) {
  static const char *const at[] = {"provider", "state", "sent", "done", "turnaround",
                                   "estimate", "cost", "moved-case", NULL};
  const char *v[8], *note = NULL;
  ssvc_repair_order *o = &im->repair;
  memset(o, 0, sizeof *o);
  o->version = SSVC_REPAIR_ORDER_VERSION;
  o->estimate_minor = SSVC_REPAIR_NO_ESTIMATE;
  o->turnaround_days = -1;
  int64_t t = 0;
  int rc;
  if ((rc = ssvc__xml_get_attrs(im, c, at, v)) || (rc = ssvc__xml_need(im, c, v[0], "provider")) ||
      (rc = ssvc__xml_need(im, c, v[1], "state")) ||
      (rc = ssvc__xml_get_instant(im, c, v[2], "sent", &o->sent_at)) ||
      (v[5] && (rc = ssvc__xml_get_int(im, c, v[5], "estimate", 0, SSVC_AMOUNT_MAX,
                                       &o->estimate_minor))) ||
      (rc = ssvc__xml_elem_text(im, c, &note)))
    return rc;
  if (strlen(v[0]) > SSVC_PROVIDER_MAX)
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<repair-order>: provider: longer than %d bytes",
                             SSVC_PROVIDER_MAX);
  if (ssvc_repair_state_from_name(NULL, &o->state, v[1]))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<repair-order>: state: not sent, repaired or "
                             "scrapped (got '%.40s')", v[1]);
  if (o->state != SSVC_REPAIR_SENT &&
      ((rc = ssvc__xml_get_instant(im, c, v[3], "done", &o->done_at)) ||
       (rc = ssvc__xml_get_int(im, c, v[4], "turnaround", 0, 100000, &t)) ||
       (rc = ssvc__xml_get_int(im, c, v[6], "cost", 0, SSVC_AMOUNT_MAX, &o->cost_minor))))
    return rc;
  if (o->state != SSVC_REPAIR_SENT) o->turnaround_days = (int)t;
  if (v[7] && !streq(v[7], "true") && !streq(v[7], "false"))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<repair-order>: moved-case: must be true or "
                             "false (got '%.20s')", v[7]);
  o->moved_case = v[7] && streq(v[7], "true");
  snprintf(o->provider, sizeof o->provider, "%s", v[0]);
  snprintf(o->note, sizeof o->note, "%s", note ? note : "");
  im->has_repair = 1;
  return SSVC_OK;
}

int ssvc__xml_put_repair(struct importer *im, const char *func, const ssvc_case_info *i) {
  if (!im->has_repair) return SSVC_OK;
  ssvc_repair_order *o = &im->repair;
  snprintf(o->case_id, sizeof o->case_id, "%s", i->id);
  snprintf(o->customer_id, sizeof o->customer_id, "%s", i->customer_id);
  snprintf(o->imei, sizeof o->imei, "%s", i->imei ? i->imei : "");
  snprintf(o->model, sizeof o->model, "%s", i->model ? i->model : "");
  o->updated_at = 0;
  struct op p = {im->st, im->ctx, func, "xml-import", ssvc__store_now(im->st)};
  ssvc_repair_order old;
  uint64_t ver = SSVC_STORAGE_NEW;
  int rc = ssvc__repair_get(im->st, func, o->customer_id, o->case_id, &old, &ver);
  if (rc == SSVC_ENOTFOUND)
    ver = SSVC_STORAGE_NEW;
  else if (rc)
    return rc;
  return ssvc__repair_write(&p, o, ver, rc ? 0 : old.state, "imported");
}

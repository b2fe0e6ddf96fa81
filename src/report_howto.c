/* report_howto: the how-to calls of the report's cases per area (doc/guidance.md, doc/report.md):
 * each F_GUIDANCE sub-record of a period case counts for its area, and as solved when it was. */
#include "report_data.h"
#include "smartservice/guidance.h"

/* The index of area @p feature in the report's arrays, or -1. */
static int area_index(unsigned int feature) {
  return feature == SSVC_FEATURE_PHONE_HELP ? 0
         : feature == SSVC_FEATURE_OS_HELP  ? 1
         : feature == SSVC_FEATURE_SYNC     ? 2
                                            : -1;
}

unsigned int ssvc__report_howto_area(int k) {
  static const unsigned int areas[SSVC_REPORT_HOWTO_AREAS] = {
      SSVC_FEATURE_PHONE_HELP, SSVC_FEATURE_OS_HELP, SSVC_FEATURE_SYNC};
  return k >= 0 && k < SSVC_REPORT_HOWTO_AREAS ? areas[k] : 0u;
}

int ssvc__report_count_howto(ssvc_report *r, const ssvc__case_view *v) {
  const uint8_t *it = v->body;
  ssvc__case_sub g;
  int q;
  while ((q = ssvc__case_view_next(v, &it, SSVC__SUB_GUIDANCE, &g)) == 1) {
    int k = area_index((unsigned int)g.kind);
    if (k < 0) continue; /* an area a newer library knows */
    r->howto[k]++;
    if (g.to == SSVC_GUIDE_SOLVED) r->howto_solved[k]++;
  }
  return q < 0 ? -1 : 0;
}

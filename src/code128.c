/* code128: the Code 128 symbol of a text in code set B (ISO/IEC 15417), as modules, for the
 * barcode of the service note and the return label (smartservice/note.h). */
#include "smartservice/note.h"

/* The bar and space widths (in modules, bar first) of symbol values 0-105; each sums to 11. */
static const char *const patterns[106] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
  "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
  "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
  "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
  "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
  "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
  "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
  "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
  "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
  "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
  "113141", "114131", "311141", "411131", "211412", "211214", "211232"};
static const char stop[] = "2331112";
enum { START_B = 104 };

/* Appends the widths @p w (bar first) as modules at @p *at (counting past @p size). */
static void put(unsigned char *m, size_t size, size_t *at, const char *w) {
  for (int k = 0; w[k]; k++)
    for (int n = 0; n < w[k] - '0'; n++, (*at)++)
      if (*at < size) m[*at] = (unsigned char)(k % 2 == 0);
}

size_t ssvc_code128(const char *text, unsigned char *modules, size_t size) {
  if (!text || !*text) return 0;
  for (const char *p = text; *p; p++)
    if ((unsigned char)*p < 32 || (unsigned char)*p > 126) return 0;
  if (!modules) size = 0;
  size_t at = 0;
  unsigned long sum = START_B;
  put(modules, size, &at, patterns[START_B]);
  unsigned long pos = 1;
  for (const char *p = text; *p; p++, pos++) {
    int v = (unsigned char)*p - 32;
    sum += pos * (unsigned long)v;
    put(modules, size, &at, patterns[v]);
  }
  put(modules, size, &at, patterns[sum % 103]);
  put(modules, size, &at, stop);
  return at;
}

#!/usr/bin/env python3
"""The quality report in a real browser (issue 18, doc/report.md "Checked in a browser").

Runs `smartservice demo`, then for every report-*.html it wrote: headless Chromium measures the
page at 1280 px and 390 px (the page in an iframe of that width; a script of the wrapper page writes the frame
document's scroll width and the right edge of every element into the DOM, which --dump-dom
prints: no network, no DevTools connection), renders a PNG at both widths and a PDF (A4, print CSS), and
checks that nothing is wider than the viewport, that the PDF is A4 and that its text holds the
customer's name and the key headings (pdftotext).

Usage: report_browser.py SMARTSERVICE WORKDIR
Exit 77 (skipped, with the reason) without chromium or poppler-utils; CI fails on a skip.
The PNGs and PDFs stay in WORKDIR/browser to look at.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

WIDTHS = (1280, 390)
# Headings that must be in every report, in its language.
KEYS = {"sv": ["Att göra nu", "Månaden i siffror", "Utvecklingen de senaste 13 månaderna"],
        "en": ["To do now", "The month in figures", "The last 13 months"]}
# The page in an iframe of the width measured (a headless window is at least 500 px wide), and a
# script that writes the frame document's widths into the wrapper's DOM when the frame has loaded.
MEASURE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="%s" style="width:%dpx;height:900px;border:0"></iframe>
<script>document.getElementById('f').onload=function(){
var d=this.contentDocument,e=d.documentElement,r=0;
d.querySelectorAll('body *').forEach(function(x){var b=x.getBoundingClientRect();
if(b.right>r)r=b.right;});var o=document.body;
o.setAttribute('data-sw',e.scrollWidth);o.setAttribute('data-vw',e.clientWidth);
o.setAttribute('data-sh',e.scrollHeight);o.setAttribute('data-right',Math.ceil(r));};</script>
</body></html>"""


def find(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def chromium(browser, profile, *args):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--user-data-dir=" + profile, *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit("chromium failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    return p.stdout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cli, work = sys.argv[1], os.path.abspath(sys.argv[2])
    browser = find("chromium", "chromium-browser", "google-chrome")
    tools = [find("pdftotext"), find("pdfinfo")]
    if not browser or not all(tools):
        print("SKIP docs.report.browser: needs chromium and poppler-utils (pdftotext, pdfinfo); "
              "install them with .ci/install-deps")
        return 77
    out = os.path.join(work, "browser")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(out)
    profile = os.path.join(work, "profile")
    demo = os.path.join(work, "demo")
    p = subprocess.run([cli, "demo", "--out", demo], capture_output=True, text=True,
                       env=dict(os.environ, SSVC_NOW="1796371200"))
    if p.returncode != 0:
        sys.exit("demo failed:\n" + p.stderr)
    pages = sorted(glob.glob(os.path.join(demo, "report-*.html")))
    if not pages:
        sys.exit("the demo wrote no report-*.html")
    failures = []
    for page in pages:
        name = os.path.basename(page)[:-5]
        html = open(page, encoding="utf-8").read()
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        title = re.search(r"<h1>(.*?)</h1>", html).group(1)
        for width in WIDTHS:
            probe = os.path.join(out, "%s-measure-%d.html" % (name, width))
            with open(probe, "w", encoding="utf-8") as f:
                f.write(MEASURE % ("file://" + page, width))
            dom = chromium(browser, profile, "--allow-file-access-from-files",
                           "--window-size=1400,900", "--dump-dom", "file://" + probe)
            m = {k: int(v) for k, v in re.findall(r'data-(sw|vw|sh|right)="(\d+)"', dom)}
            if len(m) != 4:
                failures.append("%s at %d px: the measuring script did not run" % (name, width))
                continue
            print("%s at %4d px: scroll width %d, viewport %d, rightmost element %d, height %d"
                  % (name, width, m["sw"], m["vw"], m["right"], m["sh"]))
            if m["sw"] > m["vw"] or m["right"] > m["vw"]:
                failures.append("%s overflows at %d px (scroll width %d, rightmost %d)"
                                % (name, width, m["sw"], m["right"]))
            png = os.path.join(out, "%s-%d.png" % (name, width))
            chromium(browser, profile, "--window-size=%d,%d" % (width, m["sh"] + 20),
                     "--screenshot=" + png, "file://" + page)
            if not os.path.getsize(png):
                failures.append("%s: no PNG at %d px" % (name, width))
        pdf = os.path.join(out, name + ".pdf")
        chromium(browser, profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                 "file://" + page)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        if not size or abs(float(size.group(1)) - 595.3) > 2 or abs(float(size.group(2)) - 841.9) > 2:
            failures.append("%s.pdf is not A4: %s" % (name, size.group(0) if size else info))
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                              text=True).stdout
        for want in [title.replace("&amp;", "&")] + KEYS.get(lang, []):
            if want not in text:
                failures.append("%s.pdf lacks %r" % (name, want))
        pages_n = re.search(r"Pages:\s+(\d+)", info)
        print("%s.pdf: %s pages, A4" % (name, pages_n.group(1) if pages_n else "?"))
    for f in failures:
        print("FAIL " + f)
    print("%d report pages checked, %d failures; PNG and PDF in %s" % (len(pages), len(failures),
                                                                    out))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

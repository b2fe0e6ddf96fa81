#!/usr/bin/env python3
"""The service note and the return label, checked in a real browser and in PDF (issue 18).

Makes a database with `smartservice`: a swap case that was shipped (so its return deadline is
fixed), a workshop referral, and a case whose texts are as long as the library allows (256-byte
words without a space, a 4096-byte reported fault), in Swedish and English. For each note and
label it checks:
  - headless Chromium renders the HTML at 1280 px and 390 px without anything wider than the
    viewport (the document's scroll width equals the viewport width) and saves PNG screenshots;
  - Chromium prints the HTML to PDF on one page (the note A4, the label 100 x 150 mm: pdfinfo);
  - the case id, the IMEI and the return address are on that page (pdftotext), and its barcode
    (the inline SVG), rasterised (pdftoppm) and read by zbarimg, is the case id;
  - the tool's own PDF (--format pdf, libsmartservice-docs) is one page of the same size, has the
    same words on it, and its barcode, rasterised (pdftoppm) and read by zbarimg, is the case id.
Without chromium, pdfinfo, pdftotext, pdftoppm or zbarimg it prints what is missing and exits 77
(ctest: skipped; .ci/run fails on a skipped test, so CI installs them). --keep DIR keeps the
files (the screenshots of doc/documents.md come from here).

usage: browser_check.py --cli PATH [--keep DIR] [--no-pdf-lib]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

NOW = "1796112000"  # 2026-12-01 08:00Z, a Tuesday
SKIP = 77


def find_tools():
    tools = {"chromium": None, "pdfinfo": None, "pdftotext": None, "pdftoppm": None,
             "zbarimg": None}
    for name in tools:
        tools[name] = shutil.which(name) or (shutil.which("chromium-browser")
                                             if name == "chromium" else None)
    missing = [n for n, p in tools.items() if not p]
    return tools, missing


class Check:
    def __init__(self, cli, work):
        self.cli, self.work, self.failures = cli, work, []
        self.env = dict(os.environ, SSVC_NOW=NOW)

    def run(self, *args, ok=True):
        r = subprocess.run([self.cli, "--db", os.path.join(self.work, "docs.db"), *args],
                           capture_output=True, text=True, env=self.env, timeout=60)
        if ok and r.returncode != 0:
            sys.exit(f"browser_check: smartservice {' '.join(args)[:200]}: exit {r.returncode}: "
                     f"{r.stderr.strip()}")
        return r

    def fail(self, what):
        print(f"FAIL: {what}")
        self.failures.append(what)


def chromium(tools, *args):
    base = [tools["chromium"], "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + tempfile.mkdtemp()]
    return subprocess.run(base + list(args), capture_output=True, text=True, timeout=120)


def scroll_width(tools, html, width, work):
    """The document's scroll width and the viewport width, measured by a script that writes them
    into the DOM of a copy of the page (the page itself has no script)."""
    probe = os.path.join(work, "probe-" + os.path.basename(html))
    with open(html, encoding="utf-8") as f:
        text = f.read()
    script = ("<script>document.documentElement.setAttribute('data-probe',"
              "document.documentElement.scrollWidth+' '+window.innerWidth)</script>")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", script + "</body>"))
    r = chromium(tools, f"--window-size={width},900", "--dump-dom", "file://" + probe)
    m = re.search(r'data-probe="(\d+) (\d+)"', r.stdout)
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2))


def pdf_pages(tools, pdf):
    out = subprocess.run([tools["pdfinfo"], pdf], capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", out, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    return (int(pages.group(1)) if pages else 0,
            (float(size.group(1)), float(size.group(2))) if size else (0, 0))


def pdf_text(tools, pdf):
    out = subprocess.run([tools["pdftotext"], "-layout", pdf, "-"], capture_output=True,
                         text=True).stdout
    return re.sub(r"\s+", " ", out)


MM = 72 / 25.4
SIZES = {"note": (210 * MM, 297 * MM), "label": (100 * MM, 150 * MM)}


def check_pdf(c, tools, pdf, kind, must, who):
    pages, size = pdf_pages(tools, pdf)
    if pages != 1:
        c.fail(f"{who}: {pages} pages, expected 1")
    want = SIZES[kind]
    if abs(size[0] - want[0]) > 2 or abs(size[1] - want[1]) > 2:
        c.fail(f"{who}: page {size[0]:.1f} x {size[1]:.1f} pt, expected "
               f"{want[0]:.1f} x {want[1]:.1f}")
    text = pdf_text(tools, pdf)
    for word in must:
        if word not in text:
            c.fail(f"{who}: '{word}' is not on the page")


def check_barcode(c, tools, pdf, cid, who):
    """Rasterises @pdf at 200 dpi and reads its barcode with zbarimg: it must be the case id."""
    stem = pdf[:-4] + "-scan"
    subprocess.run([tools["pdftoppm"], "-r", "200", "-png", "-singlefile", pdf, stem], check=True)
    z = subprocess.run([tools["zbarimg"], "-q", "--raw", stem + ".png"], capture_output=True,
                       text=True)
    if z.stdout.strip() != cid:
        c.fail(f"{who}: the barcode reads '{z.stdout.strip()}', expected {cid}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--keep")
    ap.add_argument("--no-pdf-lib", action="store_true",
                    help="the tool was built without libsmartservice-docs: check the HTML only")
    a = ap.parse_args()
    tools, missing = find_tools()
    if missing:
        print("browser_check: SKIPPED: not installed: " + ", ".join(missing) +
              " (Debian: chromium poppler-utils zbar-tools)")
        return SKIP
    work = a.keep or tempfile.mkdtemp(prefix="ssvc-docs-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "docs.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    c = Check(a.cli, work)
    long_word = "Å" * 128  # 256 bytes without a space
    c.run("center", "set", "--name", "Smartservice Support Center AB", "--org-number",
          "556677-8899", "--vat-number", "SE556677889901", "--street", "Supportvägen 1",
          "--postal-code", "111 22", "--city", "Stockholm", "--f-skatt", "--bankgiro", "123-4566")
    c.run("agreement", "new", "--customer", "KONSULT", "--name", "Konsult AB", "--tier", "PROF",
          "--fleet", "400", "--actor", "lead")
    c.run("agreement", "new", "--customer", "LANG", "--name", long_word, "--tier", "BAS",
          "--fleet", "10", "--actor", "lead")
    c.run("swap", "receive", "--customer", "KONSULT", "--imei", "356938035643809", "--model",
          "Galaxy S24", "--actor", "lead")
    cases = []

    def new_case(customer, name, imei, model, symptom):
        r = c.run("case", "new", "--customer", customer, "--name", name, "--phone",
                  "+46701234567", "--imei", imei, "--model", model, "--serial", "R5CT1234",
                  "--symptom", symptom, "--actor", "agent")
        cid = r.stdout.strip()
        c.run("case", "event", cid, "--to", "diagnosing", "--actor", "agent")
        return cid

    swap = new_case("KONSULT", "Maja Lind", "490154203237518", "Galaxy S24", "Skärmen är svart")
    c.run("case", "event", swap, "--outcome", "definite-fault", "--actor", "agent")
    c.run("swap", "reserve", swap, "--actor", "agent")
    c.run("swap", "ship", swap, "--carrier", "PostNord", "--tracking", "PN1", "--actor", "agent")
    cases.append((swap, "490154203237518"))
    workshop = new_case("LANG", long_word, "353918112233693", long_word,
                        ("Ett mycket långt felmeddelande " * 200).encode()[:4096].decode(
                            errors="ignore"))
    c.run("case", "event", workshop, "--outcome", "workshop", "--actor", "agent")
    c.run("case", "event", workshop, "--to", "referred", "--actor", "agent")
    cases.append((workshop, "353918112233693"))

    ret = ["Smartservice Support Center AB", "Supportvägen 1", "111 22 Stockholm"]
    for cid, imei in cases:
        for kind in ("note", "label"):
            for lang in ("sv", "en"):
                stem = os.path.join(work, f"{cid}-{kind}-{lang}")
                c.run("case", kind, cid, "--lang", lang, "--out", stem + ".html")
                for width in (1280, 390):
                    png = f"{stem}-{width}.png"
                    chromium(tools, f"--window-size={width},1200", "--screenshot=" + png,
                             "file://" + stem + ".html")
                    if not os.path.exists(png):
                        c.fail(f"{stem}.html: no screenshot at {width} px")
                    sw, vw = scroll_width(tools, stem + ".html", width, work)
                    if sw is None:
                        c.fail(f"{stem}.html: the probe did not run at {width} px")
                    elif sw != vw:
                        c.fail(f"{stem}.html at {width} px: scroll width {sw} != viewport {vw}")
                chromium(tools, "--no-pdf-header-footer", "--print-to-pdf=" + stem + "-chromium.pdf",
                         "file://" + stem + ".html")
                must = [cid, imei] + ret
                check_pdf(c, tools, stem + "-chromium.pdf", kind, must, f"{stem}.html printed")
                check_barcode(c, tools, stem + "-chromium.pdf", cid, f"{stem}.html printed")
                if a.no_pdf_lib:
                    continue
                c.run("case", kind, cid, "--lang", lang, "--format", "pdf", "--out", stem + ".pdf")
                check_pdf(c, tools, stem + ".pdf", kind, must, f"{stem}.pdf")
                check_barcode(c, tools, stem + ".pdf", cid, f"{stem}.pdf")
    if c.failures:
        print(f"browser_check: {len(c.failures)} failures (files in {work})")
        return 1
    print(f"browser_check: {len(cases) * 4} documents checked in Chromium at 1280 and 390 px, "
          "printed to PDF, and their barcodes read")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Makes the document-format fixtures of tests/fixtures/formats/ from the bundled article and one
# dev document, with the real tools that make such files, and checks them:
#
#   scripts/make-fixtures.sh          # from the repo root (or anywhere: it finds the root)
#
# Inputs (read-only, from the shared/ folder beside the repo; GOVKG_SHARED overrides it):
#   corpus/digital-government-2025-goals.txt + eval/digital-government-2025-goals.json
#   eval/dev/docs/01_guangdong_2026_gwr_bizenv.txt + eval/dev/gold/01_guangdong_2026_gwr_bizenv.json
#
# Outputs, in tests/fixtures/formats/:
#   article.gbk.html   the article as a saved government page (TRS-CMS style), GBK bytes,
#                      <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
#   article.utf8.html  the same page, HTML5, <meta charset="utf-8">; curly quotes as &ldquo;/&rdquo;
#   article.pdf        article.utf8.html printed by headless Chromium (its print stylesheet keeps
#                      title, date/source line and body); CID TrueType (WenQuanYi Zen Hei) fonts
#   article.docx       pandoc, from an HTML version (Title paragraph + one paragraph a line)
#   table.docx         pandoc, from a small markdown: heading, paragraph, 4x3 pipe table, paragraph
#   article.doc        LibreOffice (soffice --convert-to doc) from article.docx; skipped if
#                      LibreOffice is missing and cannot be installed
#   article.ofd        easyofd (PyPI) OFD().pdf2ofd(article.pdf, optional_text=True): real
#                      TextObject/TextCode text, DocInfo Title + CreationDate
#   scan.pdf           page 1 of article.pdf rendered by pdftoppm (100 dpi, grey JPEG), wrapped by
#                      img2pdf: an image only, no text layer
#   dev-page.gbk.html  the Guangdong dev document as a provincial-portal page, HTML5,
#                      <meta charset="GBK">, body in <div id="zoom">
#   dev-page.pdf       dev-page.gbk.html printed by headless Chromium (Type 3 fonts: Noto CJK)
#   gold/<file>.json   the original gold, "doc" = "../<file>", for the 7 files that carry text
#
# Needs (installed here when missing, as root with apt-get / pip):
#   Debian: chromium fonts-noto-cjk fonts-wqy-zenhei poppler-utils pandoc img2pdf
#           libreoffice-writer (only for article.doc) python3-venv (python3 -m venv)
#   PyPI:   easyofd==20260427 (pulls PyMuPDF, reportlab, ...) in a venv at
#           ${FIXTURES_VENV:-$HOME/.cache/govkg-fixtures-venv}
#   Set FIXTURES_NO_INSTALL=1 to install nothing (then a missing tool is an error).
#
# Determinism: the HTML, article.docx/table.docx (SOURCE_DATE_EPOCH), article.ofd (fixed
# CreationDate, counter font names, repacked zip) and scan.pdf (img2pdf dates fixed) come out
# byte-identical on a rerun with the same tool versions. Chromium's PDFs differ only in
# /CreationDate and /ModDate, which are overwritten in place (same length) with the page's
# PubDate. article.doc (LibreOffice) is not byte-stable.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
shared="${GOVKG_SHARED:-$root/../shared}"
article_txt="$shared/corpus/digital-government-2025-goals.txt"
article_gold="$shared/eval/digital-government-2025-goals.json"
dev_txt="$shared/eval/dev/docs/01_guangdong_2026_gwr_bizenv.txt"
dev_gold="$shared/eval/dev/gold/01_guangdong_2026_gwr_bizenv.json"
out="tests/fixtures/formats"
venv="${FIXTURES_VENV:-$HOME/.cache/govkg-fixtures-venv}"
for f in "$article_txt" "$article_gold" "$dev_txt" "$dev_gold"; do
  [ -f "$f" ] || { echo "missing input: $f (set GOVKG_SHARED)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- tools -------------------------------------------------------------------------------
apt_updated=0
apt_install() {
  if [ "${FIXTURES_NO_INSTALL:-0}" = 1 ]; then
    echo "missing: $* (FIXTURES_NO_INSTALL=1)" >&2; return 1
  fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}
need chromium chromium
need pdftotext poppler-utils
need pandoc pandoc
need img2pdf img2pdf
fc-list :lang=zh | grep -q 'Noto Sans CJK' || apt_install fonts-noto-cjk
fc-list | grep -q 'WenQuanYi Zen Hei' || apt_install fonts-wqy-zenhei
have_soffice=1
command -v soffice >/dev/null 2>&1 || apt_install libreoffice-writer || have_soffice=0
command -v soffice >/dev/null 2>&1 || have_soffice=0
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import easyofd' 2>/dev/null; then
  python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q easyofd==20260427
fi

mkdir -p "$out/gold"

# ---- HTML --------------------------------------------------------------------------------
python3 scripts/fixtures/pages.py "$article_txt" "$dev_txt" "$out" "$work"

# ---- PDF (Chromium) ----------------------------------------------------------------------
print_pdf() { # print_pdf HTML PDF PDF-DATE
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$work/chromium" --print-to-pdf="$2" "file://$root/$1" >"$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; exit 1; }
  # Skia writes the print time as /CreationDate and /ModDate; put the page's date there,
  # with the same length so that the xref offsets stay right.
  python3 - "$2" "$3" <<'EOF'
import re, sys
path, date = sys.argv[1], sys.argv[2].encode()
data = open(path, "rb").read()
def fix(m):
    assert len(m.group(2)) == len(date), m.group(2)
    return m.group(1) + date + b")"
data, n = re.subn(rb"(/(?:CreationDate|ModDate) \()(D:[^)]*)\)", fix, data)
open(path, "wb").write(data)
EOF
}
print_pdf "$out/article.utf8.html" "$out/article.pdf" "D:20220425100000+08'00'"
print_pdf "$out/dev-page.gbk.html" "$out/dev-page.pdf" "D:20260131090000+08'00'"

# ---- DOCX (pandoc) and DOC (LibreOffice) -------------------------------------------------
export SOURCE_DATE_EPOCH=1650852000 # 2022-04-25 10:00 +08:00
pandoc --quiet -f html -t docx --metadata lang=zh-CN -o "$out/article.docx" "$work/article.pandoc.html"
pandoc --quiet -f markdown -t docx --metadata lang=zh-CN \
  -o "$out/table.docx" "$work/table.md"
if [ "$have_soffice" = 1 ]; then
  cp "$out/article.docx" "$work/article.docx"
  soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
    --convert-to doc --outdir "$work/doc" "$work/article.docx" >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; exit 1; }
  mv "$work/doc/article.doc" "$out/article.doc"
else
  echo "LibreOffice not available: article.doc not made" >&2
  rm -f "$out/article.doc"
fi

# ---- OFD (easyofd) -----------------------------------------------------------------------
"$venv/bin/python" -W ignore scripts/fixtures/ofd.py "$out/article.pdf" "$out/article.ofd" \
  "31省份数字政府建设2025年目标汇总" "2022-04-25"

# ---- scan.pdf: an image, no text ---------------------------------------------------------
pdftoppm -r 100 -gray -jpeg -jpegopt quality=75 -f 1 -l 1 -singlefile "$out/article.pdf" "$work/scan"
# (img2pdf's default pikepdf engine writes a random /ID; the internal engine writes none)
(cd "$work" && img2pdf --engine internal --pagesize A4 --creationdate 2022-04-25T10:00:00 \
  --moddate 2022-04-25T10:00:00 --producer img2pdf -o "$root/$out/scan.pdf" scan.jpg)

# ---- gold --------------------------------------------------------------------------------
python3 scripts/fixtures/gold.py "$out" "$article_gold" \
  article.gbk.html article.utf8.html article.pdf article.docx article.ofd
python3 scripts/fixtures/gold.py "$out" "$dev_gold" dev-page.gbk.html dev-page.pdf

# ---- check and list ----------------------------------------------------------------------
python3 scripts/fixtures/check.py "$out" "$article_txt" "$dev_txt"
echo "made in $out:"
(cd "$out" && find . -type f | sort | sed 's|^\./||' | while read -r f; do
  printf '  %8d  %s\n' "$(stat -c %s "$f")" "$f"
done)
printf '  total %s\n' "$(du -sh "$out" | cut -f1)"

#!/usr/bin/env python3
"""Compares two PDF text extractors on the test PDFs: the pure-Rust crate pdf-extract (built
here) and poppler's pdftotext (the one govkg uses). For each PDF with a gold file, it counts the
gold evidence strings found in each extractor's text, as is and with its line breaks removed,
and the CJK radicals (U+2E80-U+2FDF) that stand in for ordinary characters when a font's
Unicode map is misread.

    cargo build --release --manifest-path scripts/pdf-compare/Cargo.toml
    python3 scripts/pdf-compare/compare.py
"""
import json, pathlib, re, shutil, subprocess, sys, tempfile

root = pathlib.Path(__file__).resolve().parents[2]
fixtures = root / "tests/fixtures/formats"
binary = root / "scripts/pdf-compare/target/release/pdf-compare"
if not binary.exists():
    sys.exit(f"build it first: cargo build --release --manifest-path scripts/pdf-compare/Cargo.toml")
radical = lambda s: sum(1 for c in s if "\u2e80" <= c <= "\u2fdf")
joined = lambda s: re.sub(r"\s*\n\s*", "", s)
with tempfile.TemporaryDirectory() as tmp:
    for gold in sorted(fixtures.glob("gold/*.pdf.json")):
        pdf = (gold.parent / json.loads(gold.read_text())["doc"]).resolve()
        copy = pathlib.Path(tmp) / pdf.name
        shutil.copy(pdf, copy)
        subprocess.run([binary, copy], check=True, capture_output=True)
        candidate = (pathlib.Path(tmp) / (pdf.name + ".pdfextract.txt")).read_text()
        poppler = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout
        g = json.loads(gold.read_text())
        evidence = [x["evidence"] for k in ("platforms", "initiatives", "targets", "goals")
                    for x in g.get(k, []) if x.get("evidence")]
        for name, text in (("pdf-extract", candidate), ("pdftotext", poppler)):
            print(f"{pdf.name:14} {name:12} evidence found {sum(e in text for e in evidence):3}/{len(evidence)}"
                  f" as is, {sum(e in joined(text) for e in evidence):3}/{len(evidence)} lines joined;"
                  f" radicals for characters: {radical(text)}")

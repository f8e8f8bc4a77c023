#!/usr/bin/env python3
"""Whole-program benchmark of govkg: builds corpora of 100 MB and 1 GB of text replicated from
the real reports, and measures each build against oxigraph's own bulk loader and the named
queries against the 100 MB store.

    scripts/bench.py                       # 100 MB and 1 GB, in a temporary directory
    scripts/bench.py --sizes 100M --workdir /var/tmp/govkg-bench --json bench.json

For each size it
  1. writes the corpus: the 2026 provincial reports and the national reports of
     ../shared/corpus (else data/corpus and tests/data/dev-docs) copied again and again under
     new file names until the text reaches the size;
  2. runs `govkg build` under /usr/bin/time -v: wall time, peak RSS, MB/s of text, triples/s;
  3. exports the store as N-Quads and loads them into a fresh store with oxigraph's bulk loader
     (examples/bulk_load.rs): the storage reference point, and the build's ratio to it;
  4. on the first size, imports the open datasets of data/open/ and runs every named query
     warm (examples/query_latency.rs).
It prints a Markdown table and writes the figures as JSON (--json, default bench.json in the
work directory). The corpora and stores are deleted at the end unless --keep; they need about
12 times the text size of free disk at once.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", text.strip(), re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 100M or 1G)")
    factor = {"": 1, "K": 1_000, "M": MB, "G": 1000 * MB}[m.group(2).upper()]
    return int(float(m.group(1)) * factor)


def size_label(n):
    return f"{n / (1000 * MB):g} GB" if n >= 1000 * MB else f"{n / MB:g} MB"


def source_documents():
    """The real documents to replicate, and where they come from."""
    shared = ROOT.parent / "shared" / "corpus"
    dirs = [shared / "reports-2026", shared / "national"]
    if not all(d.is_dir() for d in dirs):
        print(f"bench: {shared} is absent; replicating data/corpus and tests/data/dev-docs",
              file=sys.stderr)
        dirs = [ROOT / "data" / "corpus", ROOT / "tests" / "data" / "dev-docs"]
    files = sorted(p for d in dirs if d.is_dir() for p in d.rglob("*.txt"))
    if not files:
        sys.exit("bench: no documents to replicate")
    return files, dirs


def text_bytes(path):
    """Bytes of text as govkg decodes it (UTF-8; the corpus is UTF-8, BOM aside)."""
    data = path.read_bytes()
    return len(data) - (3 if data.startswith(b"\xef\xbb\xbf") else 0)


def write_corpus(target, files, size):
    """Copies of `files` under unique names in `target` until `size` bytes of text."""
    sizes = [(f, text_bytes(f)) for f in files]
    total, copy, count = 0, 0, 0
    while total < size:
        copy += 1
        sub = target / f"copy-{copy:05d}"
        sub.mkdir(parents=True)
        for f, n in sizes:
            if total >= size:
                break
            shutil.copyfile(f, sub / f"c{copy:05d}-{f.name}")
            total += n
            count += 1
    return total, count


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def timed(cmd):
    """Runs `cmd` under /usr/bin/time -v: (stdout, wall seconds, peak RSS in MB)."""
    started = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], text=True, capture_output=True)
    wall = time.monotonic() - started
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = int(m.group(1)) / 1024 if m else None
    return p.stdout, p.stderr, wall, rss


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "rustc": run(["rustc", "--version"]).stdout.strip() if shutil.which("rustc") else "",
    }


def bench_size(size, args, files, bins, measure_queries):
    label = size_label(size)
    work = args.workdir / f"bench-{label.replace(' ', '')}"
    if work.exists():
        shutil.rmtree(work)
    corpus, store, dump, bulk = work / "corpus", work / "store", work / "store.nq", work / "bulk"
    print(f"bench: {label}: writing the corpus", file=sys.stderr)
    text, documents = write_corpus(corpus, files, size)
    print(f"bench: {label}: {documents} documents, {text / MB:.1f} MB; govkg build", file=sys.stderr)
    out, err, wall, rss = timed([bins["govkg"], "build", "--store", store, corpus])
    built = re.search(r"built \d+ documents? into .* in ([\d.]+) s", out)
    triples = re.search(r"triples\s+(\d+)\s+\((\d+) in the store", out)
    shapes = re.search(r"shapes\s+(.*)", out)
    r = {
        "size": label,
        "documents": documents,
        "text_mb": round(text / MB, 1),
        "build_wall_s": round(wall, 2),
        "build_s": float(built.group(1)) if built else None,
        "build_peak_rss_mb": round(rss) if rss else None,
        "document_triples": int(triples.group(1)) if triples else None,
        "store_quads": int(triples.group(2)) if triples else None,
        "shapes": shapes.group(1).strip() if shapes else None,
        "warnings": sum(1 for l in err.splitlines() if l.startswith("warning:")),
    }
    r["store_mb"] = round(sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / MB)
    r["build_mb_per_s"] = round(text / MB / wall, 2)
    r["triples_per_s"] = round(r["document_triples"] / wall) if r["document_triples"] else None
    print(f"bench: {label}: built in {wall:.1f} s, {rss:.0f} MB peak; exporting N-Quads",
          file=sys.stderr)
    _, _, export_wall, _ = timed(
        [bins["govkg"], "export", "--store", store, "--format", "nquads", "--output", dump])
    r["export_s"] = round(export_wall, 2)
    r["nquads_mb"] = round(dump.stat().st_size / MB, 1)
    print(f"bench: {label}: bulk-loading {r['nquads_mb']} MB of N-Quads", file=sys.stderr)
    out, _, load_wall, load_rss = timed([bins["bulk_load"], dump, bulk])
    loaded = json.loads(out.strip().splitlines()[-1])
    r["bulk_load_s"] = loaded["seconds"]
    r["bulk_load_wall_s"] = round(load_wall, 2)
    r["bulk_load_quads"] = loaded["quads"]
    r["bulk_load_peak_rss_mb"] = round(load_rss) if load_rss else None
    r["build_to_bulk_load"] = round(wall / loaded["seconds"], 2)
    shutil.rmtree(bulk, ignore_errors=True)
    dump.unlink(missing_ok=True)
    if measure_queries:
        # As in the golden tests: the open datasets two of the queries join with.
        for dataset in ("un-egov-survey-china.csv", "divisions-per-province.csv"):
            run([bins["govkg"], "import", "--store", store, ROOT / "data" / "open" / dataset])
        print(f"bench: {label}: named queries, warm", file=sys.stderr)
        out, _, _, _ = timed([bins["query_latency"], store, str(args.runs)])
        r["queries"] = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return r


def markdown(results, info):
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}",
        "",
        "| text | documents | build (wall) | build MB/s | triples | triples/s | peak RSS "
        "| bulk load of its quads | build ÷ bulk load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['size']} | {r['documents']:,} | {r['build_wall_s']:.1f} s "
            f"| {r['build_mb_per_s']:.2f} | {r['document_triples']:,} | {r['triples_per_s']:,} "
            f"| {r['build_peak_rss_mb']:,} MB | {r['bulk_load_s']:.1f} s "
            f"({r['bulk_load_quads']:,} quads) | {r['build_to_bulk_load']:.2f} |")
    for r in results:
        if r.get("shapes"):
            lines.append(f"\n{r['size']}: shapes: {r['shapes']}")
    for r in results:
        if "queries" in r:
            lines += [
                "",
                f"Named queries, warm, on the {r['size']} store (median and max of "
                f"{info['runs']} runs):",
                "",
                "| query | rows | median | max |",
                "| --- | --- | --- | --- |",
            ]
            for q in r["queries"]:
                lines.append(f"| {q['query']} | {q['rows']} | {q['median_ms']:.1f} ms "
                             f"| {q['max_ms']:.1f} ms |")
    return "\n".join(lines)


def cargo_target_dir():
    """Where cargo puts what it builds ($CARGO_TARGET_DIR, a .cargo/config.toml, or target/)."""
    try:
        meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                              cwd=ROOT, check=True, capture_output=True, text=True)
        return Path(json.loads(meta.stdout)["target_directory"])
    except (OSError, subprocess.CalledProcessError, KeyError, ValueError):
        return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100M,1G",
                    help="corpus sizes, comma-separated (default 100M,1G)")
    ap.add_argument("--workdir", type=Path,
                    help="where corpora and stores go (default: a new temporary directory)")
    ap.add_argument("--json", type=Path, help="where to write the figures (default bench.json "
                    "in the current directory)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs of each query (10)")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores")
    ap.add_argument("--no-build", action="store_true",
                    help="use target/release as it is, without cargo build")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]

    if not args.no_build:
        print("bench: cargo build --release --examples", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--bins", "--examples"], cwd=ROOT,
                       check=True)
    target = cargo_target_dir() / "release"
    bins = {"govkg": target / "govkg", "bulk_load": target / "examples" / "bulk_load",
            "query_latency": target / "examples" / "query_latency"}
    for name, path in bins.items():
        if not path.exists():
            sys.exit(f"bench: {path} is missing; run cargo build --release --examples")
    if not Path("/usr/bin/time").exists():
        sys.exit("bench: /usr/bin/time is missing (apt-get install time)")

    files, dirs = source_documents()
    temporary = args.workdir is None
    if temporary:
        args.workdir = Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    args.workdir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(args.workdir).free
    if free < 12 * max(sizes):
        print(f"bench: warning: {free / 1e9:.1f} GB free in {args.workdir}; "
              f"{size_label(max(sizes))} needs about {12 * max(sizes) / 1e9:.0f} GB",
              file=sys.stderr)

    info = machine()
    info["runs"] = args.runs
    info["sources"] = [str(d) for d in dirs]
    info["source_documents"] = len(files)
    info["command"] = " ".join(["scripts/bench.py", *sys.argv[1:]])
    results = []
    try:
        for i, size in enumerate(sizes):
            results.append(bench_size(size, args, files, bins, measure_queries=i == 0))
    finally:
        if temporary and not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)

    print(markdown(results, info))
    out = args.json or Path("bench.json")
    out.write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False,
                              indent=2) + "\n")
    print(f"\nbench: figures written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()

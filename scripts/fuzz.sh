#!/bin/sh
# Fuzzes reading and extraction (fuzz/fuzz_targets/read_extract.rs) for a bounded time:
#
#   scripts/fuzz.sh            # 10 minutes
#   scripts/fuzz.sh 3600       # an hour
#
# Installs cargo-fuzz if it is missing. The machine's stable toolchain compiles the fuzzer with
# RUSTC_BOOTSTRAP=1 (cargo fuzz passes nightly-only flags). The first run compiles RocksDB again
# under the fuzzer's flags (about 12 minutes on 2 cores). Seeds are the real documents of
# tests/data/dev-docs and data/corpus; what libFuzzer learns stays in fuzz/corpus/. A crash is
# saved under fuzz/artifacts/read_extract/ and the script exits non-zero: replay it with
# `cargo fuzz run read_extract FILE`, fix it, and add its input as a regression test in
# tests/fuzz_regressions.rs named after what it found.
set -eu
seconds="${1:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
mkdir -p corpus/read_extract
for f in "$root"/tests/data/dev-docs/*.txt "$root"/data/corpus/*.txt; do
  # The first byte picks the encoding (0: detected), the rest is the document.
  seed="corpus/read_extract/seed-$(basename "$f")"
  [ -f "$seed" ] || { printf '\000' > "$seed"; cat "$f" >> "$seed"; }
done
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --release read_extract corpus/read_extract -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1

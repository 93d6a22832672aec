#!/usr/bin/env bash
# Vendors Leaflet (BSD-2-Clause) for the web map (`eventmap map -o map.html`):
# fetches the pinned release from the npm registry and keeps its built
# script, stylesheet and licence in assets/leaflet/, which the binary embeds.
#   assets/fetch_leaflet.sh            # writes assets/leaflet/
# Needs npm (or network access to registry.npmjs.org through it).
set -euo pipefail
VERSION=1.9.4
# The npm registry's integrity of leaflet-1.9.4.tgz (npm view leaflet@1.9.4 dist.integrity).
INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/leaflet"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
(cd "$W" && npm pack --silent "leaflet@$VERSION" >/dev/null)
TGZ="$W/leaflet-$VERSION.tgz"
GOT="sha512-$(openssl dgst -sha512 -binary "$TGZ" | base64 -w0)"
if [ "$GOT" != "$INTEGRITY" ]; then
  echo "leaflet-$VERSION.tgz: integrity $GOT, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$TGZ" -C "$W"
mkdir -p "$OUT"
cp "$W/package/dist/leaflet.js" "$W/package/dist/leaflet.css" "$W/package/LICENSE" "$OUT/"
{
  echo "Leaflet $VERSION (https://leafletjs.com), BSD-2-Clause: see LICENSE."
  echo "From the npm registry: leaflet-$VERSION.tgz, $INTEGRITY"
  echo "Files: package/dist/leaflet.js, package/dist/leaflet.css, package/LICENSE."
  echo "Rebuilt by assets/fetch_leaflet.sh."
} > "$OUT/SOURCE.txt"
echo "wrote $OUT"

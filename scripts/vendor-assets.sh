#!/usr/bin/env bash
# Copy the front-end assets pinned in package.json from node_modules into
# static/vendor/, so the app, the demo and CI need no npm at run time.
# Refresh after bumping package.json:  npm install && scripts/vendor-assets.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NM="$ROOT/node_modules"
DEST="$ROOT/static/vendor"

# Install from the lock file if node_modules is missing or holds other
# versions than package.json pins (e.g. after a bump without npm install).
need_ci=0
for pkg in bootstrap htmx.org dejavu-fonts-ttf; do
  want="$(node -p "require('./package.json').devDependencies['$pkg']")"
  have="$(node -p "try{require('$NM/$pkg/package.json').version}catch(e){''}")"
  [[ "$want" == "$have" ]] || need_ci=1
done
if [[ $need_ci == 1 ]]; then
  echo "vendor-assets: node_modules missing or stale; running npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# copy SRC DST_DIR: copy one file, then any source map it points at, because
# ManifestStaticFilesStorage fails collectstatic on a referenced missing file.
copy() {
  local src="$1" dir="$2" map
  install -D -m 0644 "$src" "$dir/$(basename "$src")"
  map="$(grep -oE 'sourceMappingURL=[^ *"]+' "$src" | tail -n1 | cut -d= -f2- || true)"
  if [[ -n "$map" && "$map" != data:* ]]; then
    if [[ -f "$(dirname "$src")/$map" ]]; then
      install -D -m 0644 "$(dirname "$src")/$map" "$dir/$map"
    else
      echo "vendor-assets: $src references missing $map" >&2
      exit 1
    fi
  fi
}

# Start clean so files dropped upstream do not linger.
rm -rf "$DEST/bootstrap" "$DEST/htmx" "$DEST/dejavu"

copy "$NM/bootstrap/dist/css/bootstrap.min.css"     "$DEST/bootstrap"
copy "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$DEST/bootstrap"
copy "$NM/bootstrap/LICENSE"                        "$DEST/bootstrap"
copy "$NM/htmx.org/dist/htmx.min.js"                "$DEST/htmx"
copy "$NM/htmx.org/LICENSE"                         "$DEST/htmx"
# The report PDFs embed DejaVu Sans from here, so they look the same on any worker.
for face in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique DejaVuSans-BoldOblique; do
  copy "$NM/dejavu-fonts-ttf/ttf/$face.ttf"         "$DEST/dejavu"
done
copy "$NM/dejavu-fonts-ttf/LICENSE"                 "$DEST/dejavu"

echo "vendor-assets: bootstrap $(node -p "require('$NM/bootstrap/package.json').version"), htmx $(node -p "require('$NM/htmx.org/package.json').version") -> ${DEST#"$ROOT"/}"

#!/usr/bin/env bash
# Installs axe-core (the accessibility checker the browser tests inject into
# each page) from the npm registry into a cache folder, once, and prints the
# path of axe.min.js. The browser tests read it from RELANCE_AXE_JS, or from
# this default place.
#
#   scripts/axe.sh            # → /tmp/relance-axe/node_modules/axe-core/axe.min.js
set -euo pipefail
AXE_VERSION=${AXE_VERSION:-4.10.3}
DIR=${RELANCE_AXE_DIR:-${TMPDIR:-/tmp}/relance-axe}
JS="$DIR/node_modules/axe-core/axe.min.js"
if [ ! -s "$JS" ] || ! grep -q "\"version\": \"$AXE_VERSION\"" "$DIR/node_modules/axe-core/package.json" 2>/dev/null; then
	command -v npm >/dev/null 2>&1 || { echo "scripts/axe.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
	mkdir -p "$DIR"
	npm install --prefix "$DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >&2
fi
echo "$JS"

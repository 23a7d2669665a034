#!/usr/bin/env bash
# Build PIF's front-end assets into pif/static/pif/ (committed) and
# tests/browser/vendor/ (axe-core). Run from anywhere: `bash frontend/build.sh`
# or `npm run build` in frontend/. See frontend/README.md.
set -euo pipefail

FRONTEND="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FRONTEND")"
OUT="$ROOT/pif/static/pif"
AXE_OUT="$ROOT/tests/browser/vendor"
NM="$FRONTEND/node_modules"
cd "$FRONTEND"

# Install exactly what package-lock.json pins when node_modules is missing
# (or older than the lock file, e.g. after pulling a version bump).
if [ ! -d "$NM" ] || [ ! -f "$NM/.package-lock.json" ] || [ package-lock.json -nt "$NM/.package-lock.json" ]; then
  npm ci --no-audit --no-fund
fi

# Only the paths this script owns are replaced; anything else in $OUT is kept.
mkdir -p "$OUT" "$AXE_OUT"
rm -rf "$OUT/assets" "$OUT/vendor" "$OUT/licences"
mkdir -p "$OUT/assets" "$OUT/vendor" "$OUT/licences"

# 1. CSS. --quiet-deps hides govuk-frontend's own Sass deprecation warnings;
#    the @import one is ours and deliberate (see scss/pif.scss).
"$NM/.bin/sass" --load-path="$NM" --style=compressed --no-source-map \
  --quiet-deps --silence-deprecation=import \
  scss/pif.scss "$OUT/pif.css"

# 2. JavaScript. Source maps are not shipped, so drop the trailing
#    sourceMappingURL comment: Django's ManifestStaticFilesStorage fails
#    collectstatic when it points to a missing file.
copy_js() {
  node -e '
    const fs = require("fs");
    const src = fs.readFileSync(process.argv[1], "utf8");
    fs.writeFileSync(process.argv[2], src.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));
  ' "$1" "$2"
}
GOVUK="$NM/govuk-frontend/dist/govuk"
copy_js "$GOVUK/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"   # ES module: load with type="module"
copy_js "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx.min.js"
copy_js "$NM/vega/build/vega.min.js" "$OUT/vendor/vega.min.js"
copy_js "$NM/vega-lite/build/vega-lite.min.js" "$OUT/vendor/vega-lite.min.js"
copy_js "$NM/vega-embed/build/vega-embed.min.js" "$OUT/vendor/vega-embed.min.js"

# 3. govuk-frontend images and web app manifest; no fonts (we use Arial).
cp -R "$GOVUK/assets/images" "$OUT/assets/images"
cp "$GOVUK/assets/manifest.json" "$OUT/assets/manifest.json"

# 4. axe-core for the browser tests (not served by Django). MPL-2.0 asks
#    that the licence travels with the file.
cp "$NM/axe-core/axe.min.js" "$AXE_OUT/axe.min.js"
cp "$NM/axe-core/LICENSE" "$AXE_OUT/axe-core-LICENSE.txt"
cp "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$AXE_OUT/axe-core-LICENSE-3RD-PARTY.txt"

# 5. Licences: LICENCES.md plus each package's licence text.
node "$FRONTEND/licences.js" "$OUT" govuk-frontend htmx.org vega vega-lite vega-embed axe-core

# 6. Checks on the built CSS.
node "$FRONTEND/check-css.js" "$OUT/pif.css"

echo "Built $(du -sh "$OUT" | cut -f1) in pif/static/pif/ and tests/browser/vendor/axe.min.js"

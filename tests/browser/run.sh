#!/usr/bin/env bash
# Browser check of the HTML briefing: axe-core (WCAG 2.1 AA) and html-validate on every page of
# the default corpus at 390 and 1280 px, screenshots, and the storyline page and the worksheet
# printed to A4 with their page counts checked (see check.mjs).
# Needs Debian's chromium and poppler-utils (pdfinfo, pdftoppm) and node with npm; installs
# playwright-core (the library only, no browser download), axe-core and html-validate into
# tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/html-validate ]; then
  npm install --no-save --no-audit --no-fund --silent playwright-core@1 axe-core@4 html-validate@9 >/dev/null
fi
cd ../..
rm -rf output/clusters output/articles output/screenshots output/*.html
cargo run --release --quiet -- report corpus -o output --quiet
cargo run --release --quiet -- worksheet corpus -o output --quiet
# html-validate: the recommended rules on every page (long titles are allowed: a title names the
# whole cluster).
find output -name '*.html' -print0 | sort -z | xargs -0 tests/browser/node_modules/.bin/html-validate \
  --config tests/browser/htmlvalidate.json
echo "ok   html-validate: every page valid"
node tests/browser/check.mjs output

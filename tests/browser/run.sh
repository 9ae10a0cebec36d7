#!/usr/bin/env bash
# Browser check of the HTML briefing (issue: reports people want to read).
# Needs Debian's chromium (apt-get install chromium) and node; installs playwright-core (the
# library only, no browser download) into tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/playwright-core ] || npm install --no-save --silent playwright-core@1 >/dev/null
cd ../..
cargo run --release --quiet -- report corpus -o output --quiet
node tests/browser/check.mjs output

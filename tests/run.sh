#!/usr/bin/env bash
# The project's test command (README): every suite, on a fresh machine.
# Installs the Node packages the tests need (from the lockfiles), starts Azurite unless one is
# already given in AZURITE_TABLE_ENDPOINT, runs the Maven build with all Java suites (which also packages
# the development host), the offline Bicep checks, devhost/run.sh's own test, the walkthrough of
# examples/README.md end to end and the dashboard in headless Chromium, both against the local run at
# free ports (or LOCAL_RUN_PORT / WALKTHROUGH_PORT and their *_EMULATOR_PORT). Stops what it started,
# whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."

# node_modules from the root lockfile: Azurite, and Chromium with puppeteer-core for the browser test
if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@sparticuz/chromium ] || [ ! -d node_modules/puppeteer-core ]; then
  npm ci --no-audit --no-fund
fi
[ -d tests/bicep-check/node_modules ] || npm --prefix tests/bicep-check ci --no-audit --no-fund

source tests/azurite.sh
if [ -z "${AZURITE_TABLE_ENDPOINT:-}" ]; then
  trap azurite_stop EXIT
  azurite_start
fi

mvn -B -Dstyle.color=never verify
npm --prefix tests/bicep-check test
bash tests/devhost-run-sh.sh
bash tests/walkthrough.sh
node --test tests/browser/

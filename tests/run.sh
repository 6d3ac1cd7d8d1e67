#!/usr/bin/env bash
# The project's test command (README): every suite, on a fresh machine.
# Installs the Node packages the tests need (from the lockfiles), starts Azurite unless one is
# already given in AZURITE_TABLE_ENDPOINT, runs the Maven build with all Java suites, then the
# offline Bicep checks. Stops what it started, whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
[ -d tests/bicep-check/node_modules ] || npm --prefix tests/bicep-check ci --no-audit --no-fund

source tests/azurite.sh
if [ -z "${AZURITE_TABLE_ENDPOINT:-}" ]; then
  trap azurite_stop EXIT
  azurite_start
fi

mvn -B verify
npm --prefix tests/bicep-check test

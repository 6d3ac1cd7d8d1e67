#!/usr/bin/env bash
# The scale benchmark (README, docs/local-run.md): the app scaled out over development hosts (each its own JVM,
# attached to one emulator process, sharing one Azurite), a fleet of pinned bindings, then one rotation of every key
# (or, with --sweep, one health sweep), with ARM throttling on. Prints the figures of docs/local-run.md.
# Usage: bash tests/benchmark.sh [N] [--bindings N] [--mix storage:des:databricks] [--hosts H] [--keys K]
#                                [--latency PT0.2S] [--operation-duration PT30S] [--time-scale X] [--sweep]
# A bare N is --bindings N (default 100 pinned storage bindings on one key, one host). Uses the Azurite that
# AZURITE_TABLE_ENDPOINT names, else starts one at AZURITE_BASE_PORT (tests/azurite.sh) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
source tests/azurite.sh
if [ -z "${AZURITE_TABLE_ENDPOINT:-}" ]; then
  trap azurite_stop EXIT
  azurite_start >&2
fi
mvn -q -B -DskipTests -pl tests -am install
mvn -q -B -pl tests exec:java -Dexec.mainClass=com.cmkorchestrator.tests.bench.ScaleBenchmark -Dexec.args="$*"

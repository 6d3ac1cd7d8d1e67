#!/usr/bin/env bash
# The rotation fan-out benchmark (README): one key rotation reaching N pinned storage accounts through the app,
# against the emulator with ARM throttling on. Usage: bash tests/benchmark.sh [N]   (N defaults to 100)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl tests -am install
mvn -q -B -pl tests exec:java -Dexec.mainClass=com.cmkorchestrator.tests.bench.RotationFanOutBenchmark \
    -Dexec.args="${1:-100}"

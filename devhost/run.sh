#!/usr/bin/env bash
# The local run (README): builds the app and the development host, then starts the emulator, seeds it and serves
# the functions on http://localhost:7071/api/. Options are passed to LocalRun (--port, --emulator-port,
# --time-scale, --role-propagation, --no-timers). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl devhost -am install
exec java -jar devhost/target/cmk-devhost.jar "$@"

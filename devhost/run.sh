#!/usr/bin/env bash
# The local run (README, docs/local-run.md): builds the app and the development host when their sources changed
# since the last successful build (or when --build is given), then starts the emulator, seeds it and serves the
# functions on http://localhost:7071/api/. Other options go to LocalRun (--port, --emulator-port, --time-scale,
# --role-propagation, --no-timers, or --attach <emulator's first line> --instance <name> to join a running
# emulator beside other hosts: docs/local-run.md). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

started_ms=$(date +%s%3N)
jar=devhost/target/cmk-devhost.jar
stamp_file=devhost/target/cmk-devhost.stamp

force=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--build" ]; then force=true; else args+=("$arg"); fi
done

# What the jar is built from: every module's sources and resources and every pom, by content (a checkout or a copy
# changes times, not contents). The test sources are not in the jar, so they are not in the stamp either.
inputs_stamp() {
  {
    find pom.xml emulator/pom.xml functions/pom.xml devhost/pom.xml emulator/src/main functions/src/main \
      devhost/src/main -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    java -version 2>&1 | head -1
  } | sha256sum | cut -d' ' -f1
}

# Maven's progress without its noise: one line per module as it starts, timed, and no colour codes (Maven 3.8
# prints ESC[0m even with -B -q, so they are stripped here rather than trusted to a flag).
build() {
  local log; log=$(mktemp -t cmk-devhost-build.XXXXXX.log)
  local begin; begin=$(date +%s%3N)
  echo "[build] building the emulator, the app and the development host (tests skipped; --build forces this)"
  if ! mvn -B -Dstyle.color=never -Dmaven.test.skip=true -pl devhost -am package 2>&1 \
      | sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g' | tee "$log" \
      | sed -un 's/^\[INFO\] Building \(cmk-[a-z]*\).* \[\([0-9]*\/[0-9]*\)\]$/[build]   \2 \1/p'; then
    echo "[build] failed; Maven's output:" >&2
    grep -E '^\[(ERROR|WARNING)\]' "$log" >&2 || tail -40 "$log" >&2
    exit 1
  fi
  rm -f "$log"
  build_took=$(awk -v ms=$(( $(date +%s%3N) - begin )) 'BEGIN { printf "%.1f s", ms / 1000 }')
  echo "[build] done in $build_took"
}

stamp=$(inputs_stamp)
if [ "$force" = true ] || [ ! -f "$jar" ] || [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$stamp" ]; then
  build
  echo "$stamp" > "$stamp_file"
else
  build_took="skipped (sources unchanged since the last build; --build forces one)"
  echo "[build] $build_took"
fi

export CMK_LOCAL_RUN_STARTED_MS="$started_ms" CMK_LOCAL_RUN_BUILD="$build_took"
exec java -jar "$jar" "${args[@]+"${args[@]}"}"

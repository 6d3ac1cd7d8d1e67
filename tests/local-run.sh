#!/usr/bin/env bash
# Starts the local run (the packaged development host) in the background for a test, at ports of the caller's
# choosing, and waits until it is Ready. Usage:
#   source tests/local-run.sh; local_run_start <port> <emulator-port> <log file> [LocalRun options]; ...; local_run_stop
# A port of 0 picks a free one; LOCAL_RUN_PORT and LOCAL_RUN_EMULATOR_PORT hold the ports in use afterwards.
# Uses devhost/target/cmk-devhost.jar as built (tests/run.sh builds it with `mvn verify`), building it if missing.

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

local_run_start() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local port="$1" emulator_port="$2" log="$3"
  shift 3
  [ "$port" = 0 ] && port=$(free_port)
  [ "$emulator_port" = 0 ] && emulator_port=$(free_port)
  if [ ! -f "$root/devhost/target/cmk-devhost.jar" ]; then
    echo "building the development host (devhost/target/cmk-devhost.jar is missing)"
    (cd "$root" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true -pl devhost -am package) || return 1
  fi
  mkdir -p "$(dirname "$log")"
  # its own working directory, so that its state folder (target/cmk-local-run) does not meet another run's
  LOCAL_RUN_DIR=$(mktemp -d -t cmk-local-run.XXXXXX)
  (cd "$LOCAL_RUN_DIR" && exec java -jar "$root/devhost/target/cmk-devhost.jar" --port "$port" --emulator-port "$emulator_port" "$@") \
    >"$log" 2>&1 &
  LOCAL_RUN_PID=$!
  LOCAL_RUN_PORT=$port
  LOCAL_RUN_EMULATOR_PORT=$emulator_port
  export LOCAL_RUN_PORT LOCAL_RUN_EMULATOR_PORT
  for _ in $(seq 1 240); do
    if grep -q '^Ready' "$log"; then
      echo "local run is up (pid $LOCAL_RUN_PID): http://localhost:$port, emulator https://127.0.0.1:$emulator_port"
      return 0
    fi
    if ! kill -0 "$LOCAL_RUN_PID" 2>/dev/null; then
      echo "the local run exited before it was ready:" >&2; tail -40 "$log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "the local run was not ready within 120 s:" >&2; tail -40 "$log" >&2
  return 1
}

local_run_stop() {
  if [ -n "${LOCAL_RUN_PID:-}" ] && kill -0 "$LOCAL_RUN_PID" 2>/dev/null; then
    kill "$LOCAL_RUN_PID" 2>/dev/null || true
    wait "$LOCAL_RUN_PID" 2>/dev/null || true
    echo "local run stopped"
  fi
  [ -n "${LOCAL_RUN_DIR:-}" ] && rm -rf "$LOCAL_RUN_DIR"
  return 0
}

#!/usr/bin/env bash
# Starts Azurite (from the project's own node_modules) on loopback and waits until it answers.
# Usage: source tests/azurite.sh; azurite_start; ...; azurite_stop
# Exports AZURITE_TABLE_ENDPOINT, AZURITE_QUEUE_ENDPOINT and AZURITE_BLOB_ENDPOINT for the tests.

azurite_start() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local entry="$root/tests/azurite.cjs"  # Azurite, its queue GC sweeping every second (why: in that file)
  if [ ! -f "$root/node_modules/azurite/dist/src/azurite.js" ]; then
    echo "Azurite is not installed: run 'npm ci' at the repository root" >&2
    return 1
  fi
  local base="${AZURITE_BASE_PORT:-10500}"
  AZURITE_LOG="$(mktemp -t azurite.XXXXXX.log)"
  node "$entry" --silent --inMemoryPersistence --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$base" --queuePort "$((base + 1))" --tablePort "$((base + 2))" >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  export AZURITE_BLOB_ENDPOINT="http://127.0.0.1:$base/devstoreaccount1"
  export AZURITE_QUEUE_ENDPOINT="http://127.0.0.1:$((base + 1))/devstoreaccount1"
  export AZURITE_TABLE_ENDPOINT="http://127.0.0.1:$((base + 2))/devstoreaccount1"
  for _ in $(seq 1 60); do
    if curl -s -o /dev/null "http://127.0.0.1:$((base + 2))/devstoreaccount1/Tables" \
       && curl -s -o /dev/null "http://127.0.0.1:$((base + 1))/devstoreaccount1?comp=list"; then
      echo "Azurite is up (pid $AZURITE_PID): tables $AZURITE_TABLE_ENDPOINT, queues $AZURITE_QUEUE_ENDPOINT"
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite exited early:" >&2; cat "$AZURITE_LOG" >&2; return 1
    fi
    sleep 0.5
  done
  echo "Azurite did not answer within 30 s" >&2; cat "$AZURITE_LOG" >&2
  return 1
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
    echo "Azurite stopped"
  fi
}

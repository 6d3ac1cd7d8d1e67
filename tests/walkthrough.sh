#!/usr/bin/env bash
# Runs the walkthrough of examples/README.md end to end, by executing the document's own ```bash blocks in order
# (so the document cannot drift from what works), against a local run at a non-default port:
# WALKTHROUGH_PORT and WALKTHROUGH_EMULATOR_PORT, or free ports when unset. Then checks, in the transcript, what
# the document promises a reader sees. Timers are off in this run: the document runs the HSM event bridge itself,
# and a real-time timer firing between two commands would make what caused a pass depend on the wall clock.
# Output: target/walkthrough/ (the extracted script, its transcript, the local run's log).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/walkthrough
mkdir -p "$out"

# the ```bash blocks, each de-indented by its fence's own indentation (list items indent theirs)
awk '
  /^[[:space:]]*```bash[[:space:]]*$/ { match($0, /^[[:space:]]*/); indent = RLENGTH; inside = 1; blocks++;
                                        print "echo \"### block " blocks "\""; next }
  /^[[:space:]]*```[[:space:]]*$/ && inside { inside = 0; next }
  inside { print substr($0, indent + 1) }
' examples/README.md > "$out/walkthrough-commands.sh"
blocks=$(grep -c '^echo "### block' "$out/walkthrough-commands.sh" || true)
if [ "$blocks" -lt 5 ]; then
  echo "walkthrough: found only $blocks bash blocks in examples/README.md" >&2; exit 1
fi

source tests/local-run.sh
trap local_run_stop EXIT
local_run_start "${WALKTHROUGH_PORT:-0}" "${WALKTHROUGH_EMULATOR_PORT:-0}" "$out/local-run.log" --no-timers
if [ "$LOCAL_RUN_PORT" = 7071 ]; then
  echo "walkthrough: runs at a port other than the default 7071, to prove the document does not assume it" >&2; exit 1
fi

echo "walkthrough: running the $blocks blocks of examples/README.md at port $LOCAL_RUN_PORT"
if ! PORT="$LOCAL_RUN_PORT" timeout 300 bash -euo pipefail "$out/walkthrough-commands.sh" > "$out/transcript.txt" 2>&1; then
  echo "walkthrough: a command of examples/README.md failed; the transcript ends:" >&2
  tail -30 "$out/transcript.txt" >&2
  exit 1
fi

passed=0 failed=0
expect() {  # <what> <extended regex the transcript must contain>
  if grep -Eq -- "$2" "$out/transcript.txt"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "walkthrough: FAILED: $1 (no line matches /$2/)" >&2
  fi
}
expect "every command used the chosen port" "app http://localhost:$LOCAL_RUN_PORT/api, emulator https://"
expect "the first binding is accepted with 202 and a Location" "^Location: /api/bindings/vm-disks"
expect "a binding right after its POST shows as Pending without failing jq" '^"Pending"$'
for name in vm-disks orders-storage analytics; do
  expect "$name reaches Verified, first bound (not rebound)" "\"name\":\"$name\",\"phase\":\"Verified\",\"bound\":\"Bound\""
done
expect "the on-demand rotation rebinds the pinned bindings" '"rebinding":\[[^]]*"vm-disks"'
expect "after the first jump the last passes were scheduled re-checks" '"lastPassCause":"recheck at '
expect "the bridge ran" '^bridge run: HTTP 202$'
expect "the rebind names the bridge's KeyNewVersionCreated event as its cause" \
  '"cause": "KeyNewVersionCreated event [0-9a-f-]+ from the HSM event bridge: cmk-demo-hsm/orders-cmk/'
expect "the rebind is reported as Rebound" '"reason": "Rebound"'
# the check after the window is the binding's own re-check when one is due sooner (AwaitingPickup asks for the
# window's end): the same work is queued once (docs/concurrency.md section 5), so its cause may be either
expect "Storage is verified by the check after its pickup window" \
  '"phase":"Verified","lastPassCause":"[^"]*(pickup window over|recheck at [^"]*)","inUse":\["[0-9a-f]+"\]'
expect "the health report lists the HSM the bindings use" '"name": "cmk-demo-hsm"'
expect "a bad request lists every faulty field, in the document's order" \
  '"field":"name".*"field":"hsm".*"field":"key.size".*"field":"target".*"field":"versionPolicy"'
expect "stopping to manage answers 204" '^HTTP/1.1 204'

echo "walkthrough: $passed passed, $failed failed (transcript: $out/transcript.txt)"
[ "$failed" -eq 0 ]

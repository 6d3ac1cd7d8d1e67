#!/usr/bin/env bash
# Tests devhost/run.sh itself, in a scratch copy of the files it reads, with stand-ins for the two programs it
# drives (mvn prints what Maven 3.8 prints, colour codes included, and leaves a jar; java records how it was
# started): it builds the first time, starts at once the second, builds again when a source changes or when
# --build says so, shows one line per module, and lets no colour code through.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d -t cmk-run-sh.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/repo/devhost" "$work/bin"
cp "$root/devhost/run.sh" "$work/repo/devhost/run.sh"
for module in emulator functions devhost; do
  mkdir -p "$work/repo/$module/src/main/java"
  echo "class A {}" > "$work/repo/$module/src/main/java/A.java"
  echo "<project/>" > "$work/repo/$module/pom.xml"
done
echo "<project/>" > "$work/repo/pom.xml"

cat > "$work/bin/mvn" <<'MVN'
#!/usr/bin/env bash
echo "mvn $*" >> "$CMK_TEST_CALLS"
e=$'\e'
printf '%s[0m%s[0m\n' "$e" "$e"
printf '[%s[1;34mINFO%s[m] Scanning for projects...\n' "$e" "$e"
for m in "cmk-orchestrator 0.1.0-SNAPSHOT [1/4]" "cmk-emulator: local ARM 0.1.0-SNAPSHOT [2/4]" \
         "cmk-functions: the Function App 0.1.0-SNAPSHOT [3/4]" "cmk-devhost: local development host 0.1.0-SNAPSHOT [4/4]"; do
  printf '[%s[1;34mINFO%s[m] %s[1mBuilding %s%s[m\n' "$e" "$e" "$e" "$m" "$e"
  echo "[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) ---"
done
mkdir -p devhost/target && touch devhost/target/cmk-devhost.jar
MVN
cat > "$work/bin/java" <<'JAVA'
#!/usr/bin/env bash
if [ "$1" = "-version" ]; then echo 'openjdk version "17"' >&2; exit 0; fi
echo "java $* build=$CMK_LOCAL_RUN_BUILD" >> "$CMK_TEST_CALLS"
echo "Ready"
JAVA
chmod +x "$work/bin/mvn" "$work/bin/java"

export CMK_TEST_CALLS="$work/calls"
run() {  # one start of run.sh; its output in $work/out
  : > "$CMK_TEST_CALLS"
  PATH="$work/bin:$PATH" bash "$work/repo/devhost/run.sh" "$@" > "$work/out" 2>&1
}
passed=0 failed=0
check() {  # <what> <command...>
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "devhost/run.sh: FAILED: $1" >&2; cat "$work/out" >&2; fi
}
built() { grep -q '^mvn ' "$CMK_TEST_CALLS"; }
not_built() { ! built; }
started_with() { grep -q "^java -jar devhost/target/cmk-devhost.jar $1" "$CMK_TEST_CALLS"; }
no_escape_codes() { ! grep -q $'\e' "$work/out"; }
shows_modules() { grep -q '^\[build\]   2/4 cmk-emulator$' "$work/out" && grep -q '^\[build\]   4/4 cmk-devhost$' "$work/out"; }

run --port 7090
check "the first start builds" built
check "the build shows one line per module" shows_modules
check "no colour code reaches the terminal" no_escape_codes
check "the options reach the local run" started_with "--port 7090"
run --port 7090
check "a second start with nothing changed does not build" not_built
check "it says the build was skipped" grep -q 'build=skipped' "$CMK_TEST_CALLS"
echo "class B {}" > "$work/repo/functions/src/main/java/A.java"
run
check "a changed source builds again" built
run --build --port 7091
check "--build builds although nothing changed" built
check "--build is not passed on to the local run" started_with "--port 7091"

echo "devhost/run.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

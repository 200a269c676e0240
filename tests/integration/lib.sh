# Shared by the integration tests: a fixture server, a work directory per
# case, the binary under test, and assertions that say what differed.
# Each test file defines t_* functions and ends with `run_cases`.
set -u
MW_BIN=${MW_BIN:?MW_BIN must point at mini-wget}
MW_FIXTURE=${MW_FIXTURE:?MW_FIXTURE must point at mw-fixture}

TMP=$(mktemp -d /tmp/mw-it.XXXXXX)
FIXTURE_PIDS=()
cleanup() {
  for pid in "${FIXTURE_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
export HOME=$TMP/home # per-user state (the HSTS database) stays inside the test
mkdir -p "$HOME"

# The served files, made once per test file.
ROOT=$TMP/root
mkdir -p "$ROOT/dir"
printf 'hello\n' > "$ROOT/small.txt"
: > "$ROOT/empty.bin"
head -c 1048576 /dev/urandom > "$ROOT/1m.bin"
head -c 5242880 /dev/urandom > "$ROOT/5m.bin"
head -c 3000 /dev/urandom > "$ROOT/3k.bin"
printf '<html><body>index</body></html>\n' > "$ROOT/dir/index.html"
printf 'spaced\n' > "$ROOT/with space.txt"

# start_fixture [--family 4|6] : starts a server and sets PORT, BASE, LOG.
start_fixture() {
  local out=$TMP/fixture.$RANDOM
  LOG=$out.log
  "$MW_FIXTURE" --root "$ROOT" --log "$LOG" "$@" > "$out.port" &
  FIXTURE_PIDS+=($!)
  local i
  for i in $(seq 100); do [ -s "$out.port" ] && break; sleep 0.05; done
  PORT=$(head -n1 "$out.port")
  [ -n "$PORT" ] || { echo "fixture did not start"; exit 1; }
  BASE=http://127.0.0.1:$PORT
}

# run_mw ARGS... : runs mini-wget in $WORK; sets RC, OUT and ERR (files).
run_mw() {
  OUT=$CASE_DIR/stdout ERR=$CASE_DIR/stderr
  (cd "$WORK" && timeout 60 "$MW_BIN" "$@" > "$OUT" 2> "$ERR")
  RC=$?
}

fail() {
  echo "    FAIL: $*"
  if [ -n "${ERR:-}" ] && [ -f "$ERR" ]; then echo "    --- stderr:"; sed 's/^/    | /' "$ERR" | head -n 20; fi
  CASE_FAILED=1
}

assert_rc() { [ "$RC" -eq "$1" ] || fail "exit status $RC, expected $1"; }
assert_same_file() {
  [ -f "$1" ] || { fail "missing file $1"; return; }
  [ "$(sha256sum < "$1")" = "$(sha256sum < "$2")" ] || fail "$1 differs from $2"
}
assert_file_absent() { [ ! -e "$1" ] || fail "file $1 should not exist"; }
assert_file_count() {
  local n; n=$(find "$1" -mindepth 1 | wc -l)
  [ "$n" -eq "$2" ] || fail "$1 holds $n entries, expected $2: $(ls -A "$1" | tr '\n' ' ')"
}
assert_stderr_contains() { grep -qF -- "$1" "$ERR" || fail "stderr lacks: $1"; }
assert_stderr_lacks() { ! grep -qF -- "$1" "$ERR" || fail "stderr has: $1"; }
assert_stderr_empty() { [ ! -s "$ERR" ] || fail "stderr is not empty"; }
assert_stdout_same_as() { [ "$(sha256sum < "$OUT")" = "$(sha256sum < "$1")" ] || fail "stdout differs from $1"; }
assert_log_contains() { grep -qF -- "$1" "$LOG" || fail "request log lacks: $1"; }

# Runs every t_* function in a fresh work directory and prints the totals.
run_cases() {
  local passed=0 failed=0 name
  for name in $(declare -F | awk '{print $3}' | grep '^t_'); do
    CASE_DIR=$TMP/case.$name
    WORK=$CASE_DIR/work
    mkdir -p "$WORK"
    CASE_FAILED=0
    "$name"
    if [ "$CASE_FAILED" -eq 0 ]; then
      passed=$((passed + 1)); echo "ok   ${name#t_}"
    else
      failed=$((failed + 1)); echo "FAIL ${name#t_}"
    fi
  done
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

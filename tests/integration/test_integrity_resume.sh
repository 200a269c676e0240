# Interrupted downloads and resume: a kill at any point leaves a file that
# claims no byte it does not have, -c finishes it byte for byte, and no
# range a server gets wrong ever passes for the file.
. "$(dirname "$0")/lib.sh"
start_fixture

mark_of() { getfattr --absolute-names --only-values -n user.mini-wget.incomplete "$1" 2>/dev/null; }
validator_of() { getfattr --absolute-names --only-values -n user.mini-wget.validator "$1" 2>/dev/null; }

# Starts mini-wget in $WORK in the background, with SIGINT at its default
# (a shell's background job would have it ignored); sets PID.
start_mw() {
  ERR=$CASE_DIR/stderr
  (cd "$WORK" && exec python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$MW_BIN" "$@" 2> "$ERR") &
  PID=$!
}

# Waits until FILE holds at least N bytes (at most 10 s).
wait_for_bytes() {
  local i
  for i in $(seq 200); do
    [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
    sleep 0.05
  done
  fail "$1 never reached $2 bytes"
}

# The file holds the first bytes of the original and nothing else.
assert_prefix_of() {
  local size; size=$(stat -c %s "$1")
  cmp -s -n "$size" "$1" "$2" || fail "$1 is not a prefix of $2"
}

# A kill, at any signal, leaves only bytes that came, and -c finishes them.
interrupted_then_continued() {
  local signal=$1 status=$2
  start_mw --limit-rate=1m "$BASE/5m.bin"
  wait_for_bytes "$WORK/5m.bin" 300000
  kill -s "$signal" "$PID"
  wait "$PID"
  RC=$?
  assert_rc "$status"
  local size; size=$(stat -c %s "$WORK/5m.bin")
  [ "$size" -lt 5242880 ] || fail "the interrupted file claims all $size bytes"
  assert_prefix_of "$WORK/5m.bin" "$ROOT/5m.bin"
  [ -n "$(mark_of "$WORK/5m.bin")" ] || fail "the interrupted file is not marked incomplete"
  run_mw -c "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  [ -z "$(mark_of "$WORK/5m.bin")" ] || fail "the finished file is still marked"
  assert_log_contains "Range: bytes=$size-"
}

t_sigkill_leaves_only_the_bytes_that_came() { interrupted_then_continued KILL 137; }

t_sigint_stops_cleanly_and_says_what_was_kept() {
  start_mw --limit-rate=1m "$BASE/5m.bin"
  wait_for_bytes "$WORK/5m.bin" 300000
  kill -INT "$PID"
  wait "$PID"
  RC=$?
  assert_rc 130
  local size; size=$(stat -c %s "$WORK/5m.bin")
  assert_stderr_contains "Interrupted: ‘5m.bin’ is kept with $size bytes, marked incomplete; -c resumes it."
  [ "$(mark_of "$WORK/5m.bin")" = "$size/5242880" ] || fail "mark $(mark_of "$WORK/5m.bin"), expected $size/5242880"
  run_mw -c "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
}

t_sigterm_stops_cleanly() { interrupted_then_continued TERM 143; }
t_sighup_stops_cleanly() { interrupted_then_continued HUP 129; }

# Killed while ranges were written ahead of the first: the mark counts only
# the bytes all in from the start, so -c never continues over a hole.
t_chunked_download_killed_then_continued() {
  start_mw --chunk-size=256k -j 4 --limit-rate=400k "$BASE/5m.bin"
  wait_for_bytes "$WORK/5m.bin" 900000
  kill -KILL "$PID"
  wait "$PID"
  local mark; mark=$(mark_of "$WORK/5m.bin")
  case "$mark" in
    [0-9]*/5242880) ;;
    *) fail "a chunked download's mark must count its valid bytes, not '$mark'" ;;
  esac
  run_mw -c "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
}

t_chunked_download_interrupted_is_cut_to_its_valid_bytes() {
  start_mw --chunk-size=256k -j 4 --limit-rate=400k "$BASE/5m.bin"
  wait_for_bytes "$WORK/5m.bin" 900000
  kill -TERM "$PID"
  wait "$PID"
  RC=$?
  assert_rc 143
  local size; size=$(stat -c %s "$WORK/5m.bin")
  assert_prefix_of "$WORK/5m.bin" "$ROOT/5m.bin"
  [ "$(mark_of "$WORK/5m.bin")" = "$size/5242880" ] || fail "mark $(mark_of "$WORK/5m.bin") for $size bytes"
  run_mw -c "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
}

# What an older run left: the full size reserved, zeros, a mark of 0 bytes.
t_continue_trusts_the_mark_before_the_size() {
  head -c 3000 /dev/zero > "$WORK/3k.bin"
  setfattr -n user.mini-wget.incomplete -v "0/unknown" "$WORK/3k.bin"
  run_mw -c "$BASE/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_log_contains "GET /3k.bin "
}

t_timestamping_fetches_a_marked_partial_again() {
  head -c 3000 /dev/zero > "$WORK/3k.bin"
  setfattr -n user.mini-wget.incomplete -v "*/3000" "$WORK/3k.bin"
  touch -d '2030-01-01' "$WORK/3k.bin"
  run_mw -N "$BASE/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

# A 416 proves nothing about a file of another length: the user's file stays.
t_range_not_satisfiable_for_another_length_leaves_the_file_alone() {
  cat "$ROOT/3k.bin" "$ROOT/3k.bin" > "$WORK/3k.bin"
  cp "$WORK/3k.bin" "$CASE_DIR/mine"
  run_mw -c "$BASE/3k.bin"
  assert_rc 8
  assert_stderr_contains "is not a part of the server's file"
  assert_same_file "$WORK/3k.bin" "$CASE_DIR/mine"
}

# A partial download of version 1; the server then serves version 2 and
# ignores If-Range: the range of version 2 must not be appended.
t_server_ignoring_if_range_restarts_from_zero() {
  head -c 800000 /dev/urandom > "$ROOT/versions.bin"
  mkdir -p "$CASE_DIR/v1" && (cd "$CASE_DIR/v1" && "$MW_BIN" -q "$BASE/ignore-if-range/versions.bin")
  head -c 300000 "$CASE_DIR/v1/versions.bin" > "$WORK/versions.bin"
  setfattr -n user.mini-wget.validator -v "$(validator_of "$CASE_DIR/v1/versions.bin")" "$WORK/versions.bin"
  setfattr -n user.mini-wget.incomplete -v "*/800000" "$WORK/versions.bin"
  head -c 800000 /dev/urandom > "$ROOT/versions.bin"   # version 2, same length
  run_mw -c "$BASE/ignore-if-range/versions.bin"
  assert_rc 0
  assert_stderr_contains "The file changed on the server since the partial download; starting over."
  assert_same_file "$WORK/versions.bin" "$ROOT/versions.bin"
}

t_partial_of_another_length_restarts_from_zero() {
  head -c 300000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  setfattr -n user.mini-wget.incomplete -v "*/999999" "$WORK/1m.bin"
  run_mw -c "$BASE/1m.bin"
  assert_rc 0
  assert_stderr_contains "The file's length on the server differs from the partial download's; starting over."
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

# A 206 that ends before the file does is one more piece, not the file.
t_range_ending_early_is_not_complete() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/3k.bin"
  run_mw -c -t 1 "$BASE/short-range/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "The server sent 2000 of 3000 bytes; the file is incomplete."
  [ "$(mark_of "$WORK/3k.bin")" = "2000/3000" ] || fail "mark $(mark_of "$WORK/3k.bin"), expected 2000/3000"
  run_mw -c -t 3 --waitretry=0 "$BASE/short-range/1000/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_unasked_partial_content_is_not_a_file() {
  run_mw "$BASE/unasked-206/3k.bin"
  assert_rc 7
  assert_stderr_contains "The server sent a part of the file that was not asked for (bytes 0-1499/3000)."
  assert_file_count "$WORK" 0
}

# wget: a 200 no longer than the local file means it is already whole.
t_continue_keeps_the_local_file_when_the_server_ignores_ranges() {
  head -c 3000 /dev/urandom > "$WORK/3k.bin"
  cp "$WORK/3k.bin" "$CASE_DIR/mine"
  run_mw -c "$BASE/ignore-range/3k.bin"
  assert_rc 0
  assert_stderr_contains "The file is already fully retrieved; nothing to do."
  assert_same_file "$WORK/3k.bin" "$CASE_DIR/mine"
}

t_continue_restarts_a_marked_partial_when_the_server_ignores_ranges() {
  head -c 2000 /dev/zero > "$WORK/3k.bin"
  setfattr -n user.mini-wget.incomplete -v "*/3000" "$WORK/3k.bin"
  run_mw -c "$BASE/ignore-range/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

# Every range of a chunked download must be of the one version.
t_chunked_parts_of_another_version_fail() {
  run_mw --chunk-size=1m -t 1 "$BASE/etag-per-request/5m.bin"
  assert_rc 7
  assert_stderr_contains "The server did not send the range asked for"
  local f=$WORK/5m.bin
  [ ! -e "$f" ] || [ -n "$(mark_of "$f")" ] || fail "a failed chunked download left an unmarked file"
}

# -O FILE: a body cut short marks the caller's file too.
t_output_document_cut_short_is_marked() {
  run_mw -t 1 -O out "$BASE/cut/1000/3k.bin"
  assert_rc 4
  [ "$(mark_of "$WORK/out")" = "1000/3000" ] || fail "mark '$(mark_of "$WORK/out")', expected 1000/3000"
}

run_cases

# Integrity: a user's files are never written over or deleted by what a
# download only passes through, and secrets stay with the origin they were
# given for.
. "$(dirname "$0")/lib.sh"
start_fixture
MAIN_LOG=$LOG MAIN_BASE=$BASE MAIN_PORT=$PORT
start_fixture # a second server: "another host" (another port) for redirects and crawls
OTHER_LOG=$LOG OTHER_PORT=$PORT OTHER_BASE=$BASE
LOG=$MAIN_LOG BASE=$MAIN_BASE PORT=$MAIN_PORT

# ---- -O with -j ----

t_output_document_refuses_parallel_downloads() {
  run_mw -j 2 -O out "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 2
  assert_stderr_contains 'their bodies would interleave'
  assert_file_count "$WORK" 0
}

t_output_to_stdout_refuses_parallel_downloads() {
  run_mw -j 3 -O - "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 2
  [ ! -s "$OUT" ] || fail "bodies reached stdout"
}

t_output_document_refuses_a_parallel_list() {
  printf '%s\n' "$BASE/1m.bin" "$BASE/small.txt" > "$CASE_DIR/list"
  run_mw -j 2 -O out -i "$CASE_DIR/list"
  assert_rc 2
}

t_output_document_with_one_job_writes_in_order() {
  run_mw -j 1 -O out "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 0
  cat "$ROOT/1m.bin" "$ROOT/5m.bin" > "$CASE_DIR/both"
  assert_same_file "$WORK/out" "$CASE_DIR/both"
}

t_output_document_with_one_url_may_use_jobs() {
  run_mw -j 4 -O out "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/1m.bin"
}

run_cases

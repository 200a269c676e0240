# Integrity of decoded bodies and bounded response heads: exit 0 only for
# a whole file; a hostile server that never stops talking is cut off at a
# fixed limit with exit 7, quickly, and leaves nothing that passes for complete.
. "$(dirname "$0")/lib.sh"
start_fixture
head -c 300000 /dev/urandom | base64 > "$ROOT/text.txt" # compressible, and bigger than one read

# No file, or one still carrying the incomplete mark (so no -O in these
# cases: the file -O names is the user's, opened before the request).
assert_nothing_complete() {
  local f
  for f in "$WORK"/* "$WORK"/.[!.]*; do
    [ -e "$f" ] || continue
    [ -n "$(getfattr --only-values -n user.mini-wget.incomplete "$f" 2>/dev/null)" ] ||
      fail "$f is left without the incomplete mark"
  done
}

# run_hostile KIND MESSAGE : the endless behaviour is cut with exit 7 within 10 s.
run_hostile() {
  local start=$SECONDS
  OUT=$CASE_DIR/stdout ERR=$CASE_DIR/stderr
  (cd "$WORK" && timeout 10 "$MW_BIN" -t 1 "$BASE/hostile/$1" > "$OUT" 2> "$ERR")
  RC=$?
  assert_rc 7
  assert_stderr_contains "$2"
  [ $((SECONDS - start)) -le 5 ] || fail "took $((SECONDS - start)) s"
  assert_nothing_complete
}

t_gzip_members_are_all_decoded() {
  run_mw --compression=auto -O out "$BASE/hostile/gzip-members/text.txt"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/text.txt"
  run_mw --compression=gzip -O out2 "$BASE/hostile/gzip-members/small.txt"
  assert_rc 0
  assert_same_file "$WORK/out2" "$ROOT/small.txt"
}

t_garbage_after_the_last_gzip_member_is_exit_7() {
  run_mw --compression=auto "$BASE/hostile/gzip-garbage/text.txt"
  assert_rc 7
  assert_stderr_contains 'after the end of the compressed data'
  assert_nothing_complete
}

t_transfer_coding_gzip_is_decoded() {
  run_mw -O out "$BASE/hostile/te-gzip/text.txt"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/text.txt"
  run_mw -O close "$BASE/hostile/te-gzip-close/text.txt"
  assert_rc 0
  assert_same_file "$WORK/close" "$ROOT/text.txt"
}

t_transfer_coding_gzip_cut_is_exit_7() {
  run_mw "$BASE/hostile/te-gzip-cut/text.txt"
  assert_rc 7
  assert_stderr_contains 'ended before the end of its compressed data'
  assert_nothing_complete
}

t_unknown_transfer_coding_is_refused() {
  run_mw "$BASE/hostile/te-br/text.txt"
  assert_rc 7
  assert_stderr_contains "Unsupported transfer coding 'br'"
  assert_file_count "$WORK" 0
}

t_empty_close_delimited_body_is_an_empty_file() {
  run_mw "$BASE/hostile/empty-close"
  assert_rc 0
  assert_file_count "$WORK" 1
  [ -f "$WORK/empty-close" ] && [ ! -s "$WORK/empty-close" ] || fail "no empty file"
  [ -z "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/empty-close" 2>/dev/null)" ] ||
    fail "the empty file is marked incomplete"
}

t_endless_status_line() { run_hostile status-line 'Response head too large'; }
t_endless_blank_lines() { run_hostile blank-lines 'Response head too large'; }
t_endless_header_line() { run_hostile header-line 'Response header too large'; }
t_endless_header_fields() { run_hostile header-fields 'Too many header fields'; }
t_endless_interim_responses() { run_hostile interim 'Response head too large'; }
t_endless_chunk_extension() { run_hostile chunk-extension 'chunk framing'; }
t_endless_chunk_size() { run_hostile chunk-size 'chunk framing'; }
t_endless_trailer() { run_hostile trailer 'Response header too large'; }

run_cases

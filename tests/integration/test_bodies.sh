# Bodies framed every way HTTP/1.1 allows, and bodies that end too soon.
. "$(dirname "$0")/lib.sh"
start_fixture

t_chunked_body_is_reassembled() {
  run_mw -O out "$BASE/chunked/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/1m.bin"
}

t_chunked_body_without_length_names_file_by_url() {
  run_mw "$BASE/chunked/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains "Length: unspecified"
  assert_stderr_contains "’ saved [6]" # no length was announced: wget shows the size alone
  run_mw -nv "$BASE/chunked/small.txt"
  assert_stderr_contains "/chunked/small.txt [6] -> \"small.txt.1\" [1]"
}

t_close_delimited_body_ends_at_eof() {
  run_mw -O out "$BASE/nolength/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/5m.bin"
}

t_cut_body_is_an_error_and_marked_incomplete() {
  run_mw -t 1 "$BASE/cut/1000/1m.bin"
  assert_rc 4
  assert_stderr_contains "Connection closed at byte 1000 of 1048576"
  assert_stderr_lacks "saved"
  [ "$(stat -c %s "$WORK/1m.bin")" -eq 1000 ] || fail "partial file should hold the 1000 bytes received"
  : > "$CASE_DIR/probe"
  if setfattr -n user.probe -v 1 "$CASE_DIR/probe" 2>/dev/null; then # the file system keeps user xattrs
    [ "$(getfattr --absolute-names --only-values -n user.mini-wget.incomplete "$WORK/1m.bin" 2>/dev/null)" = "1000/1048576" ] ||
      fail "partial file not marked user.mini-wget.incomplete=1000/1048576"
  fi
}

t_cut_before_any_body_byte_leaves_no_file() {
  run_mw -t 1 "$BASE/cut/0/1m.bin"
  assert_rc 4
  assert_file_absent "$WORK/1m.bin"
}

t_cut_chunked_body_is_an_error() {
  run_mw -t 1 "$BASE/chunked-cut/1m.bin"
  assert_rc 4
  assert_stderr_lacks "saved"
}

t_slow_drip_still_arrives_whole() {
  run_mw -O out "$BASE/drip/5/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/3k.bin"
}

t_huge_file_to_dev_null_like_sink() {
  run_mw -q -O out "$BASE/close/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/5m.bin"
}

run_cases

# --compression: gzip and deflate bodies decoded on the way to disk; none
# (the default) asks for identity and saves what comes.
. "$(dirname "$0")/lib.sh"
start_fixture
head -c 300000 /dev/urandom | base64 > "$ROOT/text.txt" # compressible, and bigger than one read

t_default_asks_for_identity() {
  run_mw -O echo "$BASE/echo"
  grep -q $'^Accept-Encoding: identity\r' "$WORK/echo" || fail "not identity"
  run_mw "$BASE/gzip/text.txt"
  assert_rc 0
  assert_same_file "$WORK/text.txt" "$ROOT/text.txt"
}

t_auto_decodes_gzip() {
  run_mw --compression=auto "$BASE/gzip/text.txt"
  assert_rc 0
  assert_same_file "$WORK/text.txt" "$ROOT/text.txt"
  assert_log_contains 'Accept-Encoding: gzip'
}

t_gzip_decodes_chunked_gzip() {
  run_mw --compression=gzip "$BASE/gzip-chunked/text.txt"
  assert_rc 0
  assert_same_file "$WORK/text.txt" "$ROOT/text.txt"
}

t_deflate_zlib_and_raw() {
  run_mw --compression=auto -O a "$BASE/deflate/text.txt"
  assert_rc 0
  assert_same_file "$WORK/a" "$ROOT/text.txt"
  run_mw --compression=auto -O b "$BASE/deflate-raw/text.txt"
  assert_rc 0
  assert_same_file "$WORK/b" "$ROOT/text.txt"
}

t_truncated_stream_is_not_complete() {
  run_mw --compression=auto "$BASE/gzip-cut/text.txt"
  assert_rc 7
  assert_stderr_contains 'compressed body ended'
  [ "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/text.txt" 2>/dev/null)" != "" ] ||
    [ ! -e "$WORK/text.txt" ] || fail "a partial file is not marked incomplete"
}

t_corrupt_stream_is_exit_7() {
  run_mw --compression=auto "$BASE/gzip-corrupt/text.txt"
  assert_rc 7
  assert_stderr_contains 'compressed body is corrupt'
}

t_bad_compression_value() {
  run_mw --compression=brotli "$BASE/small.txt"
  assert_rc 2
}

run_cases

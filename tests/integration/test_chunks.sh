# --chunk-size: one file fetched as ranges over several connections, put
# back into the same bytes; a failed range never leaves a file that looks whole.
. "$(dirname "$0")/lib.sh"
start_fixture
head -c 9000000 /dev/urandom > "$ROOT/9m.bin"

requests_for() { grep -c "^conn=.* GET $1 " "$LOG"; }

t_chunked_download_is_byte_identical() {
  local before connections_before
  before=$(requests_for /9m.bin)
  run_mw --chunk-size=1m "$BASE/9m.bin"
  assert_rc 0
  assert_same_file "$WORK/9m.bin" "$ROOT/9m.bin"
  [ $(( $(requests_for /9m.bin) - before )) -eq 9 ] || fail "expected 9 range requests"
  assert_log_contains 'Range: bytes=0-1048575'
  assert_log_contains 'Range: bytes=8388608-8999999'
  assert_stderr_contains "saved [9000000/9000000]"
  [ -z "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/9m.bin" 2>/dev/null)" ] ||
    fail "the finished file is still marked incomplete"
}

t_ranges_travel_over_several_connections() {
  local from to
  from=$(grep -c '^conn=' "$LOG")
  run_mw --chunk-size=512k -j 3 "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  to=$(awk -v from="$from" '/^conn=/{n++; if (n > from) print $1}' "$LOG" | sort -u | wc -l)
  [ "$to" -ge 2 ] && [ "$to" -le 4 ] || fail "used $to connections, expected 2 to 4 (-j 3 parts and the first)"
}

t_small_file_is_one_request() {
  local before
  before=$(requests_for /3k.bin)
  run_mw --chunk-size=1m "$BASE/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  [ $(( $(requests_for /3k.bin) - before )) -eq 1 ] || fail "a small file took more than one request"
}

t_server_without_ranges_sends_it_whole() {
  run_mw --chunk-size=100k "$BASE/chunked/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

t_output_document_is_not_chunked() {
  local before
  before=$(requests_for /5m.bin)
  run_mw --chunk-size=1m -O out "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/5m.bin"
  [ $(( $(requests_for /5m.bin) - before )) -eq 1 ] || fail "-O was chunked"
}

t_failed_range_keeps_only_a_safe_prefix_then_c_completes() {
  run_mw --chunk-size=1m --tries=1 "$BASE/ranges-break-after/3000000/9m.bin"
  assert_rc 4
  local size
  size=$(stat -c %s "$WORK/9m.bin")
  # every range before the broken one that was all in when it broke (ranges
  # from byte 3000000 on break: the first of them starts at 3145728); on a
  # loaded machine that can be only part of the first range
  [ "$size" -le 3145728 ] || fail "partial file is $size bytes, more than the 3145728 before the break"
  assert_stderr_contains "kept up to byte $size "
  [ "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/9m.bin" 2>/dev/null)" = "$size/9000000" ] ||
    fail "the mark does not count the $size valid bytes"
  cmp -s -n "$size" "$WORK/9m.bin" "$ROOT/9m.bin" || fail "the kept prefix differs"
  [ -n "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/9m.bin" 2>/dev/null)" ] ||
    fail "the partial file is not marked incomplete"
  run_mw -c "$BASE/9m.bin"
  assert_rc 0
  assert_same_file "$WORK/9m.bin" "$ROOT/9m.bin"
}

t_bad_chunk_size() {
  run_mw --chunk-size=lots "$BASE/small.txt"
  assert_rc 2
}

run_cases

# Bounds: no wait without a timeout, no memory that grows with a page, and
# no file name that shows itself as another.
. "$(dirname "$0")/lib.sh"
start_fixture --silent # accepts, then never reads nor answers
SILENT_PORT=$PORT
start_fixture

now_ms() { date +%s%3N; }

# run_bounded ARGS... : run_mw under a 20 s bound of its own; sets TOOK (ms).
run_bounded() {
  local start; start=$(now_ms)
  OUT=$CASE_DIR/stdout ERR=$CASE_DIR/stderr
  (cd "$WORK" && timeout 20 "$MW_BIN" "$@" > "$OUT" 2> "$ERR")
  RC=$?
  TOOK=$(( $(now_ms) - start ))
}

t_timeout_bounds_a_tls_handshake_the_server_never_answers() {
  run_bounded -T 1 -t 1 --no-check-certificate "https://127.0.0.1:$SILENT_PORT/small.txt"
  assert_rc 4
  assert_stderr_contains "Unable to establish SSL connection (Connection timed out)."
  [ "$TOOK" -lt 5000 ] || fail "took $TOOK ms"
}

t_read_timeout_bounds_the_handshake_and_is_retried() {
  run_bounded --read-timeout 1 -t 2 --waitretry 0 --no-check-certificate "https://127.0.0.1:$SILENT_PORT/small.txt"
  assert_rc 4
  [ "$(grep -c "Unable to establish SSL connection (Connection timed out)" "$ERR")" -eq 2 ] || fail "expected two timed-out tries"
  [ "$TOOK" -lt 8000 ] || fail "took $TOOK ms"
}

t_timeout_bounds_an_upload_the_server_never_reads() {
  head -c 16777216 /dev/zero > "$CASE_DIR/upload.bin"
  run_bounded -T 1 -t 1 --post-file "$CASE_DIR/upload.bin" "http://127.0.0.1:$SILENT_PORT/upload"
  assert_rc 4
  assert_stderr_contains "Write failed, closing control connection (Connection timed out)."
  [ "$TOOK" -lt 5000 ] || fail "took $TOOK ms"
  assert_file_count "$WORK" 0
}

t_limit_rate_pauses_are_not_read_inactivity() {
  # 1 KB reads at 600 B/s: each pause is longer than -T; the body comes
  # apart from the head, so it is read under the limit from its first byte
  head -c 2048 /dev/urandom > "$ROOT/2k.bin"
  run_bounded -T 1 -t 1 --limit-rate=600 -O got.bin "$BASE/pause-after-head/200/2k.bin"
  assert_rc 0
  assert_same_file "$WORK/got.bin" "$ROOT/2k.bin"
}

t_limit_rate_with_a_short_timeout_downloads_whole() {
  head -c 300000 /dev/urandom > "$ROOT/300k.bin"
  run_bounded -T 1 -t 1 --limit-rate=100k "$BASE/300k.bin"
  assert_rc 0
  assert_same_file "$WORK/300k.bin" "$ROOT/300k.bin"
  [ "$TOOK" -ge 2000 ] || fail "took $TOOK ms: the rate was not limited"
}

RLO=$'\xe2\x80\xae' # U+202E RIGHT-TO-LEFT OVERRIDE: "report<RLO>fdp.exe" shows as "reportexe.pdf"
printf 'not a pdf\n' > "$ROOT/report${RLO}fdp.exe"

t_bidi_override_in_a_url_is_escaped_in_the_file_name() {
  run_mw "$BASE/report%E2%80%AEfdp.exe"
  assert_rc 0
  assert_same_file "$WORK/report%E2%80%AEfdp.exe" "$ROOT/report${RLO}fdp.exe"
  assert_file_count "$WORK" 1
  assert_stderr_lacks "$RLO"
}

t_a_huge_page_is_saved_whole_but_not_scanned_and_memory_stays_bounded() {
  { printf '<html><body>\n'
    yes '<p><a href="small.txt">a link</a> and some text around it, to make the page long</p>' | head -c 41943040
    printf '</body></html>\n'; } > "$ROOT/huge.html"
  (cd "$WORK" && timeout 60 /usr/bin/time -f %M -o "$CASE_DIR/rss" "$MW_BIN" -r -l 1 -nd "$BASE/huge.html" \
     > "$CASE_DIR/stdout" 2> "$CASE_DIR/stderr")
  RC=$? ERR=$CASE_DIR/stderr
  assert_rc 0
  assert_same_file "$WORK/huge.html" "$ROOT/huge.html"
  assert_stderr_contains "‘huge.html’ is too large to scan for links ($(stat -c %s "$ROOT/huge.html") bytes"
  assert_file_absent "$WORK/small.txt"
  local rss_kb; rss_kb=$(tail -n1 "$CASE_DIR/rss")
  [ "$rss_kb" -lt 524288 ] || fail "peak RSS $rss_kb KB, expected below 512 MB"
  rm -f "$ROOT/huge.html"
}

t_a_page_below_the_scan_cap_is_still_followed() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0  # parsing 4 MB of HTML under valgrind outlasts run_mw's 60 s
  { printf '<html><body>\n'
    yes '<p><a href="small.txt">a link</a> and some text around it, to make the page long</p>' | head -c 4194304
    printf '</body></html>\n'; } > "$ROOT/big.html"
  run_mw -r -l 1 -nd "$BASE/big.html"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_lacks "too large to scan"
  rm -f "$ROOT/big.html"
}

run_cases

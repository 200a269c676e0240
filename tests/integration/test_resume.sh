# Retries, resuming with Range, and the safe resume that never garbles a
# file which changed on the server between two runs.
. "$(dirname "$0")/lib.sh"
start_fixture

requests_for() { grep -c "^conn=[0-9]* [A-Z]* $1 " "$LOG"; }

t_retry_resumes_a_cut_body_with_range() {
  run_mw --waitretry 0 "$BASE/flaky/1/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_stderr_contains "Retrying."
  assert_stderr_contains "(try: 2)"
  assert_log_contains "  Range: bytes=524288-"
  assert_log_contains "  If-Range: \""
}

# -nv counts the tries in its closing bracket, as wget: [2] for the second.
t_nv_line_counts_the_tries() {
  run_mw -nv --waitretry 0 "$BASE/flaky/1/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  grep -qE 'URL:.*/flaky/1/3k.bin \[3000/3000\] -> "3k.bin" \[2\]$' "$ERR" || fail "no [2] on the -nv line"
}

t_retries_piece_a_body_together() {
  run_mw --waitretry 0 -t 10 "$BASE/cut-range/300000/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  [ "$(requests_for /cut-range/300000/1m.bin)" -eq 4 ] || fail "expected 4 requests"
}

t_tries_run_out_with_exit_4() {
  run_mw --waitretry 0 -t 3 "$BASE/cut/999/3k.bin"
  assert_rc 4
  assert_stderr_contains "Giving up."
  [ "$(requests_for /cut/999/3k.bin)" -eq 3 ] || fail "expected 3 requests"
}

t_server_ignoring_range_restarts_from_zero() {
  run_mw --waitretry 0 -t 2 "$BASE/cut/1000/3k.bin"
  assert_rc 4
  [ "$(stat -c %s "$WORK/3k.bin")" -eq 1000 ] || fail "the restarted body should hold only its own 1000 bytes"
  cmp -s -n 1000 "$WORK/3k.bin" "$ROOT/3k.bin" || fail "restarted bytes differ from the file's start"
}

t_gateway_timeout_is_retried() {
  run_mw --waitretry 0 "$BASE/gateway-timeout-then/2/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_other_server_errors_are_final() {
  run_mw --waitretry 0 "$BASE/status/503"
  assert_rc 8
  [ "$(requests_for /status/503)" -eq 1 ] || fail "503 must not be retried"
}

# --retry-on-http-error=LIST: those statuses are tried again like 504,
# within -t; when the tries run out it is still the server's error (exit 8).
t_retry_on_http_error_lists_statuses() {
  local before; before=$(requests_for /status/429)
  run_mw --waitretry 0 -t 3 --retry-on-http-error=503,429 "$BASE/status/429"
  assert_rc 8
  [ $(( $(requests_for /status/429) - before )) -eq 3 ] || fail "429 should be tried 3 times"
  assert_stderr_contains "ERROR 429"
  before=$(requests_for /status/404)
  run_mw --waitretry 0 -t 3 --retry-on-http-error=503,429 "$BASE/status/404"
  assert_rc 8
  [ $(( $(requests_for /status/404) - before )) -eq 1 ] || fail "404 is not in the list"
  run_mw -e "retry_on_http_error = 5x3" "$BASE/small.txt"
  assert_rc 2
}

t_refused_connection_is_retried_only_when_asked() {
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run_mw --waitretry 0 -t 3 "http://127.0.0.1:$port/x"
  assert_rc 4
  assert_stderr_lacks "Retrying."
  run_mw --waitretry 0 -t 3 --retry-connrefused "http://127.0.0.1:$port/x"
  assert_rc 4
  [ "$(grep -c 'Retrying.' "$ERR")" -eq 2 ] || fail "expected two retries"
}

t_continue_appends_the_rest() {
  head -c 1000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  run_mw -c "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_log_contains "  Range: bytes=1000-"
  assert_stderr_contains "remaining"
}

t_continue_on_a_complete_file_does_nothing() {
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  run_mw -c "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "The file is already fully retrieved; nothing to do."
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_file_count "$WORK" 1
}

# A run killed after its last byte leaves a whole file still marked incomplete.
t_continue_on_a_whole_but_marked_file_clears_the_mark() {
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  setfattr -n user.mini-wget.incomplete -v "3000/3000" "$WORK/3k.bin"
  run_mw -c "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "already fully retrieved"
  [ -z "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/3k.bin" 2>/dev/null)" ] ||
    fail "the mark stayed on a whole file"
  # longer than the server's file: a 416 too, but this partial download is
  # not of that file, so it is fetched again whole
  cat "$ROOT/3k.bin" "$ROOT/3k.bin" > "$WORK/3k.bin"
  setfattr -n user.mini-wget.incomplete -v "6000/unknown" "$WORK/3k.bin"
  run_mw -c "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "The partial file does not match the server's file; starting over."
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  [ -z "$(getfattr --only-values -n user.mini-wget.incomplete "$WORK/3k.bin" 2>/dev/null)" ] ||
    fail "the mark stayed on the file fetched again"
}

# A partial download of version 1, then the server's file changes.
make_partial_of_changing_file() {
  head -c 800000 /dev/urandom > "$ROOT/changing.bin"
  cp "$ROOT/changing.bin" "$CASE_DIR/v1"
  (cd "$WORK" && timeout 60 "$MW_BIN" -q -t 1 "$BASE/cut-range/300000/changing.bin")
  [ "$(stat -c %s "$WORK/changing.bin")" -eq 300000 ] || fail "setup: partial file should hold 300000 bytes"
}

t_continue_of_an_unchanged_file_appends() {
  make_partial_of_changing_file
  run_mw -c "$BASE/changing.bin"
  assert_rc 0
  assert_same_file "$WORK/changing.bin" "$CASE_DIR/v1"
  assert_log_contains "  If-Range: \""
}

t_continue_of_a_changed_file_starts_over() {
  make_partial_of_changing_file
  sleep 0.01
  head -c 800000 /dev/urandom > "$ROOT/changing.bin"   # version 2, same size
  run_mw -c "$BASE/changing.bin"
  assert_rc 0
  assert_stderr_contains "starting over"
  assert_same_file "$WORK/changing.bin" "$ROOT/changing.bin"
}

t_no_clobber_keeps_an_existing_file() {
  printf 'mine\n' > "$WORK/small.txt"
  run_mw -nc "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "File ‘small.txt’ already there; not retrieving."
  [ "$(cat "$WORK/small.txt")" = mine ] || fail "file was replaced"
  assert_file_count "$WORK" 1
}

t_no_clobber_keeps_an_existing_output_document() {
  printf 'mine\n' > "$WORK/out"
  run_mw -nc -O out "$BASE/small.txt"
  assert_rc 1
  assert_stderr_contains "File ‘out’ already there; not retrieving."
  [ "$(cat "$WORK/out")" = mine ] || fail "-O file was overwritten under -nc"
  run_mw -q -nc -O out "$BASE/small.txt"
  assert_rc 1
  assert_stderr_empty
  run_mw -nc -O new "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/new" "$ROOT/small.txt"
}

t_no_clobber_and_timestamping_exclude_each_other() {
  run_mw -nc -N "$BASE/small.txt"
  assert_rc 1
  assert_stderr_contains "Can't timestamp and not clobber old files at the same time."
  assert_file_count "$WORK" 0
}

# Content-Disposition and -E name the file only once the response is in:
# -nc and -N then look at a file of that name as at the URL's.
t_no_clobber_looks_at_the_content_disposition_name() {
  printf 'mine\n' > "$WORK/report.csv"
  run_mw -nc --content-disposition "$BASE/disposition/report.csv/small.txt"
  assert_rc 0
  assert_stderr_contains "File ‘report.csv’ already there; not retrieving."
  [ "$(cat "$WORK/report.csv")" = mine ] || fail "report.csv was replaced"
  assert_file_count "$WORK" 1
}

t_timestamping_looks_at_the_names_the_response_gives() {
  printf '<p>php</p>\n' > "$ROOT/page.php"
  touch -d '2001-02-03 04:05:06 UTC' "$ROOT/page.php" "$ROOT/small.txt"
  run_mw -N -E "$BASE/page.php"
  run_mw -N -E "$BASE/page.php"
  assert_rc 0
  assert_stderr_contains "Server file no newer than local file ‘page.php.html’ -- not retrieving."
  assert_same_file "$WORK/page.php.html" "$ROOT/page.php"
  assert_file_count "$WORK" 1
  printf 'old\n' > "$WORK/x.txt"
  touch -d '2000-01-01' "$WORK/x.txt"
  run_mw -N --content-disposition "$BASE/disposition/x.txt/small.txt"
  assert_rc 0
  assert_same_file "$WORK/x.txt" "$ROOT/small.txt" # /disposition sends no Last-Modified: replaced
  assert_file_count "$WORK" 2
}

t_timestamping_says_when_last_modified_is_missing() {
  run_mw -N "$BASE/disposition/x.txt/small.txt"
  assert_rc 0
  assert_stderr_contains "Last-modified header missing -- time-stamps turned off."
  run_mw -q -N "$BASE/disposition/y.txt/small.txt"
  assert_stderr_empty
}

t_timestamping_skips_a_current_file() {
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  touch -d '2030-01-01' "$WORK/3k.bin"
  run_mw -N "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "File ‘3k.bin’ not modified on server. Omitting download." # a 304, in wget's words
  assert_log_contains "  If-Modified-Since: "
  assert_file_count "$WORK" 1
}

t_timestamping_replaces_an_older_file() {
  printf 'old\n' > "$WORK/3k.bin"
  touch -d '2000-01-01' "$WORK/3k.bin"
  run_mw -N "$BASE/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_file_count "$WORK" 1
  [ "$(stat -c %Y "$WORK/3k.bin")" = "$(stat -c %Y "$ROOT/3k.bin")" ] || fail "mtime not the server's"
}

t_spider_checks_without_saving() {
  run_mw --spider "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "Spider mode enabled. Check if remote file exists."
  assert_stderr_contains "Length: 6 [text/plain]"
  assert_stderr_contains "Remote file exists."
  assert_file_count "$WORK" 0
  assert_log_contains "HEAD /small.txt HTTP/1.1"
  run_mw --spider "$BASE/nope.txt"
  assert_rc 8
  assert_stderr_contains "broken link"
  assert_file_count "$WORK" 0
}

t_spider_nv_names_what_exists() {
  run_mw --spider -nv "$BASE/small.txt"
  assert_rc 0
  grep -qE "^[0-9-]+ [0-9:]+ URL: $BASE/small.txt 200 OK\$" "$ERR" || fail "no URL: line"
}

t_server_response_shows_the_head() {
  run_mw -S "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "  HTTP/1.1 200 OK"
  assert_stderr_contains "  Content-Length: 6"
}

# As wget: -S prints the head even under -q (wget -q -S -O /dev/null URL 2>&1 | grep ...).
t_server_response_shows_the_head_under_quiet() {
  run_mw -q -S -O /dev/null "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "  HTTP/1.1 200 OK"
  assert_stderr_lacks "Saving to"
  assert_stderr_lacks "saved"
  run_mw -q -S --spider "$BASE/small.txt"
  assert_stderr_contains "  Content-Length: 6"
}

run_cases

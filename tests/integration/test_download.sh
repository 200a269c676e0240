# Downloads to files named as wget names them, with the same bytes.
. "$(dirname "$0")/lib.sh"
start_fixture

t_saves_small_file_under_its_url_name() {
  run_mw "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_file_count "$WORK" 1
}

t_saves_empty_file() {
  run_mw "$BASE/empty.bin"
  assert_rc 0
  assert_same_file "$WORK/empty.bin" "$ROOT/empty.bin"
}

t_saves_5m_file_byte_for_byte() {
  run_mw -q "$BASE/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
}

t_directory_url_becomes_index_html() {
  run_mw "$BASE/dir/"
  assert_rc 0
  assert_same_file "$WORK/index.html" "$ROOT/dir/index.html"
}

t_existing_names_get_numbered_suffixes() {
  printf 'mine\n' > "$WORK/small.txt"
  run_mw "$BASE/small.txt"
  run_mw "$BASE/small.txt"
  assert_rc 0
  [ "$(cat "$WORK/small.txt")" = mine ] || fail "the original file was overwritten"
  assert_same_file "$WORK/small.txt.1" "$ROOT/small.txt"
  assert_same_file "$WORK/small.txt.2" "$ROOT/small.txt"
}

t_output_document_names_the_file() {
  run_mw -O out.bin "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/out.bin" "$ROOT/1m.bin"
  assert_file_count "$WORK" 1
}

t_output_document_dash_writes_stdout() {
  run_mw -q -O - "$BASE/1m.bin"
  assert_rc 0
  assert_stdout_same_as "$ROOT/1m.bin"
  assert_file_count "$WORK" 0
  run_mw -O - "$BASE/small.txt"
  assert_stderr_contains "Saving to: ‘STDOUT’"
}

t_output_document_concatenates_several_urls() {
  run_mw -q -O both "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 0
  cat "$ROOT/small.txt" "$ROOT/3k.bin" > "$CASE_DIR/expected"
  assert_same_file "$WORK/both" "$CASE_DIR/expected"
}

t_directory_prefix_is_created() {
  run_mw -P sub/dir "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/sub/dir/small.txt" "$ROOT/small.txt"
}

t_percent_encoded_name_is_decoded() {
  run_mw "$BASE/with%20space.txt"
  assert_rc 0
  assert_same_file "$WORK/with space.txt" "$ROOT/with space.txt"
}

t_space_in_url_is_encoded_on_the_wire() {
  run_mw "$BASE/with space.txt"
  assert_rc 0
  assert_same_file "$WORK/with space.txt" "$ROOT/with space.txt"
  assert_log_contains "GET /with%20space.txt HTTP/1.1"
}

t_several_urls_in_one_run() {
  run_mw "$BASE/small.txt" "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

t_localhost_works() {
  run_mw "http://localhost:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_url_without_scheme_means_http() {
  run_mw "127.0.0.1:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_quiet_prints_nothing() {
  run_mw -q "$BASE/small.txt"
  assert_rc 0
  assert_stderr_empty
}

t_verbose_output_reads_like_wget() {
  run_mw "$BASE/small.txt"
  assert_stderr_contains "--  $BASE/small.txt"
  assert_stderr_contains "Connecting to 127.0.0.1:$PORT... connected."
  assert_stderr_contains "HTTP request sent, awaiting response... 200 OK"
  assert_stderr_contains "Length: 6 [text/plain]"
  assert_stderr_contains "Saving to: ‘small.txt’"
  assert_stderr_contains "‘small.txt’ saved [6/6]"
}

t_no_verbose_prints_one_line() {
  run_mw -nv "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "URL:$BASE/small.txt [6/6] -> \"small.txt\" [1]"
  [ "$(wc -l < "$ERR")" -eq 1 ] || fail "expected one line"
}

t_request_headers_on_the_wire() {
  run_mw "$BASE/small.txt"
  assert_log_contains "GET /small.txt HTTP/1.1"
  assert_log_contains "  Host: 127.0.0.1:$PORT"
  assert_log_contains "  User-Agent: mini-wget/"
  assert_log_contains "  Accept: */*"
  assert_log_contains "  Accept-Encoding: identity"
}

t_mtime_comes_from_last_modified() {
  touch -d '2001-02-03 04:05:06 UTC' "$ROOT/3k.bin"
  run_mw "$BASE/3k.bin"
  [ "$(stat -c %Y "$WORK/3k.bin")" = "$(stat -c %Y "$ROOT/3k.bin")" ] || fail "mtime not taken from Last-Modified"
  run_mw -O named.bin "$BASE/3k.bin"
  [ "$(stat -c %Y "$WORK/named.bin")" = "$(stat -c %Y "$ROOT/3k.bin")" ] || fail "-O file's mtime not taken from Last-Modified"
  run_mw -O fresh.bin --no-use-server-timestamps "$BASE/3k.bin"
  [ "$(stat -c %Y "$WORK/fresh.bin")" != "$(stat -c %Y "$ROOT/3k.bin")" ] || fail "mtime set despite --no-use-server-timestamps"
}

t_timestamping_with_output_document_warns() {
  run_mw -N -O out "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "WARNING: timestamping does nothing in combination with -O."
  assert_same_file "$WORK/out" "$ROOT/small.txt"
}

# 204 No Content: nothing to save, so no file (as wget), and exit 0.
t_no_content_makes_no_file() {
  run_mw "$BASE/status/204"
  assert_rc 0
  assert_stderr_contains "204 No Content"
  assert_file_count "$WORK" 0
}

# As wget: a run of several URLs (or a list, or -r) that saved something
# ends with FINISHED, the wall clock time and what was downloaded.
t_several_urls_end_with_wgets_summary() {
  run_mw "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "FINISHED --"
  assert_stderr_contains "Total wall clock time: "
  grep -qE '^Downloaded: 2 files, 2\.9K in [0-9.]+s \([0-9.]+ [KMG]?B/s\)$' "$ERR" || fail "no Downloaded: line"
  run_mw -nv "$BASE/small.txt" "$BASE/nope.txt"
  assert_rc 8
  assert_stderr_contains "Downloaded: 1 files, 6 in "
  run_mw -q "$BASE/small.txt" "$BASE/3k.bin"
  assert_stderr_empty
  run_mw "$BASE/small.txt"
  assert_stderr_lacks "FINISHED"
  run_mw -nv "$BASE/nope.txt" "$BASE/nope2.txt"
  assert_stderr_lacks "FINISHED"
  printf '%s\n' "$BASE/small.txt" > "$CASE_DIR/list"
  run_mw -nv -i "$CASE_DIR/list"
  assert_stderr_contains "Downloaded: 1 files, 6 in "
}

t_keep_alive_reuses_one_connection() {
  run_mw "$BASE/small.txt" "$BASE/3k.bin" "$BASE/1m.bin"
  assert_rc 0
  assert_stderr_contains "Reusing existing connection to 127.0.0.1:$PORT."
  local conns; conns=$(grep -c '^conn=' "$LOG")
  local distinct; distinct=$(grep -E "^conn=[0-9]+ GET /(small.txt|3k.bin|1m.bin) " "$LOG" | tail -n 3 | awk '{print $1}' | sort -u | wc -l)
  [ "$distinct" -eq 1 ] || fail "three requests used $distinct connections"
  : "$conns"
}

# A connection goes to the pool and back with the same read watch: epoll is
# told once per connection, not twice per URL (a list of small files is bound
# by such system calls).
t_reusing_a_connection_costs_no_epoll_calls() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0  # strace through valgrind counts valgrind
  for i in $(seq 1 20); do echo "$BASE/small.txt"; done > "$CASE_DIR/list"
  (cd "$WORK" && timeout 60 strace -f -e trace=epoll_ctl -o "$CASE_DIR/trace" "$MW_BIN" -q -i "$CASE_DIR/list")
  assert_file_count "$WORK" 20
  local calls; calls=$(grep -c 'epoll_ctl(' "$CASE_DIR/trace")
  # 5 for the connection, 2 for the run's interrupt pipe (watched once, unwatched once)
  [ "$calls" -le 7 ] || fail "20 downloads over one connection made $calls epoll_ctl calls"
}

t_no_keep_alive_opens_a_connection_per_url() {
  run_mw --no-http-keep-alive "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 0
  assert_log_contains "  Connection: close"
  local distinct; distinct=$(grep -E "^conn=[0-9]+ GET /(small.txt|3k.bin) " "$LOG" | tail -n 2 | awk '{print $1}' | sort -u | wc -l)
  [ "$distinct" -eq 2 ] || fail "expected two connections, saw $distinct"
}

t_parallel_downloads_are_all_intact() {
  for i in $(seq 1 500); do echo "$BASE/3k.bin"; done > "$CASE_DIR/list"
  run_mw -j 8 -i "$CASE_DIR/list"
  assert_rc 0
  assert_file_count "$WORK" 500
  for f in "$WORK"/3k.bin*; do assert_same_file "$f" "$ROOT/3k.bin"; done
}

t_per_host_limit_caps_connections_to_one_server() {
  for i in $(seq 1 12); do echo "$BASE/drip/20/3k.bin"; done > "$CASE_DIR/list"
  local before; before=$(grep -c '^conn=' "$LOG")
  run_mw -q -j 8 --max-per-host=2 -i "$CASE_DIR/list"
  assert_rc 0
  assert_file_count "$WORK" 12
  local conns; conns=$(tail -n +1 "$LOG" | grep '^conn=' | tail -n 12 | awk '{print $1}' | sort -u | wc -l)
  [ "$conns" -le 2 ] || fail "12 downloads used $conns connections with --max-per-host=2"
  : "$before"
}

t_input_file_skips_blank_lines_and_reports_bad_urls() {
  printf '\n  \n%s\ngopher://x/\n%s\n' "$BASE/small.txt" "$BASE/3k.bin" > "$CASE_DIR/list"
  run_mw -nv -i "$CASE_DIR/list"
  assert_rc 1
  assert_stderr_contains "Unsupported scheme"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_input_file_from_stdin() {
  (cd "$WORK" && echo "$BASE/small.txt" | timeout 60 "$MW_BIN" -q -i - 2> "$CASE_DIR/stderr")
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

run_cases

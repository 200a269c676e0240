# What goes into files: --save-headers, --content-on-error, --backups, -Q, -B.
. "$(dirname "$0")/lib.sh"
start_fixture

t_save_headers_puts_the_head_before_the_body() {
  run_mw --save-headers "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "’ saved [6/6]" # the body's bytes, as wget counts them
  head -n1 "$WORK/small.txt" | grep -q '^HTTP/1.1 200 OK' || fail "no status line first"
  grep -q '^Content-Length: 6' "$WORK/small.txt" || fail "no Content-Length line"
  [ "$(tail -c 6 "$WORK/small.txt")" = "$(cat "$ROOT/small.txt")" ] || fail "body not at the end"
}

t_content_on_error_keeps_the_page_and_exit_8() {
  run_mw --content-on-error "$BASE/status/404"
  assert_rc 8
  [ "$(cat "$WORK/404")" = "status 404" ] || fail "error page not saved"
  run_mw -O page "$BASE/status/500"
  assert_rc 8
  [ ! -s "$WORK/page" ] || fail "without the option the page must not be saved"
}

t_backups_rotate_older_versions() {
  printf 'one\n' > "$WORK/small.txt"
  printf 'zero\n' > "$WORK/small.txt.1"
  run_mw --backups=2 "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  [ "$(cat "$WORK/small.txt.1")" = one ] || fail "small.txt.1 should hold the previous version"
  [ "$(cat "$WORK/small.txt.2")" = zero ] || fail "small.txt.2 should hold the one before"
}

# --delete-after: fetched (for a crawl: read for links), then removed, as wget.
t_delete_after_leaves_nothing() {
  run_mw --delete-after "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "Removing small.txt."
  assert_file_count "$WORK" 0
  local before; before=$(grep -c 'GET /dir/index.html ' "$LOG")
  run_mw -r --delete-after -nv "$BASE/dir/index.html"
  assert_rc 0
  [ $(( $(grep -c 'GET /dir/index.html ' "$LOG") - before )) -eq 1 ] || fail "the page was not fetched"
  [ -z "$(find "$WORK" -type f)" ] || fail "files left: $(find "$WORK" -type f)"
}

t_quota_stops_new_downloads() {
  printf '%s\n' "$BASE/1m.bin" "$BASE/3k.bin" "$BASE/small.txt" > "$CASE_DIR/list"
  run_mw -Q 500k -i "$CASE_DIR/list"
  assert_stderr_contains "EXCEEDED"
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_file_absent "$WORK/3k.bin"
  assert_file_absent "$WORK/small.txt"
}

t_base_resolves_relative_list_entries() {
  printf 'small.txt\ndir/\n' > "$CASE_DIR/list"
  run_mw -B "$BASE/" -i "$CASE_DIR/list"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/index.html" "$ROOT/dir/index.html"
}

run_cases

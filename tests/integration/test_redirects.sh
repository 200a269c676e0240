# Redirects: every status, relative and absolute targets, limits and loops.
. "$(dirname "$0")/lib.sh"
start_fixture

t_follows_every_redirect_status() {
  for code in 301 302 303 307 308; do
    rm -f "$WORK/small.txt"
    run_mw "$BASE/redirect/$code/small.txt"
    assert_rc 0
    assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  done
  assert_stderr_contains "Location: /small.txt [following]" # as the server wrote it, as wget shows it
}

t_names_the_file_after_the_original_url() {
  run_mw "$BASE/redirect/302/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  run_mw "$BASE/redirect-to?url=%2Fsmall.txt"
  assert_same_file "$WORK/redirect-to?url=%2Fsmall.txt" "$ROOT/small.txt"
}

t_follows_absolute_and_relative_locations() {
  run_mw -O a "$BASE/redirect-abs/302/small.txt"
  assert_rc 0
  assert_same_file "$WORK/a" "$ROOT/small.txt"
  run_mw -O b "$BASE/redirect-rel/small.txt"
  assert_rc 0
  assert_same_file "$WORK/b" "$ROOT/small.txt"
}

t_follows_a_chain() {
  run_mw "$BASE/chain/5/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_max_redirect_stops_the_chain() {
  run_mw --max-redirect 2 "$BASE/chain/5/small.txt"
  assert_rc 8
  [ "$(grep -c '\[following\]$' "$ERR")" -eq 3 ] || fail "wget names the third Location too, before giving up"
  assert_stderr_contains "2 redirections exceeded."
  assert_file_count "$WORK" 0
}

t_redirect_loop_stops() {
  run_mw "$BASE/loop-a"
  assert_rc 8
  assert_stderr_contains "20 redirections exceeded."
  assert_file_count "$WORK" 0
}

t_redirect_to_unsupported_scheme_fails() {
  run_mw "$BASE/redirect-to?url=gopher%3A%2F%2Fx%2F"
  assert_rc 1
  assert_stderr_contains "Unsupported scheme ‘gopher’"
}

t_redirect_reuses_the_connection() {
  run_mw "$BASE/redirect/302/small.txt"
  assert_rc 0
  assert_stderr_contains "Reusing existing connection"
}

run_cases

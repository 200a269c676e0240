# Timeouts end waits on silent servers with exit 4, within their limits.
. "$(dirname "$0")/lib.sh"
start_fixture

now_ms() { date +%s%3N; }

t_read_timeout_in_headers() {
  local start; start=$(now_ms)
  run_mw -t 1 --read-timeout 1 "$BASE/stall-headers"
  local took=$(( $(now_ms) - start ))
  assert_rc 4
  assert_stderr_contains "Read error (Connection timed out) in headers."
  [ "$took" -lt 5000 ] || fail "took ${took} ms"
}

t_read_timeout_in_body_keeps_the_partial_file_marked() {
  run_mw -t 1 -T 1 "$BASE/stall/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Read error at byte 1000"
  [ "$(stat -c %s "$WORK/3k.bin")" -eq 1000 ] || fail "partial file should hold 1000 bytes"
}

t_connect_timeout_is_accepted() {
  run_mw --connect-timeout 2 --dns-timeout 2 "$BASE/small.txt"
  assert_rc 0
}

t_bad_timeout_value_is_exit_2() {
  run_mw --read-timeout=soon "$BASE/small.txt"
  assert_rc 2
}

run_cases

# Happy Eyeballs and address families: -4, -6, and localhost on either.
. "$(dirname "$0")/lib.sh"

now_ms() { date +%s%3N; }

t_ipv4_only_server_is_reached_through_localhost_at_once() {
  start_fixture --family 4
  local start; start=$(now_ms)
  run_mw "http://localhost:$PORT/small.txt"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  [ "$took" -lt 2000 ] || fail "took ${took} ms"
}

t_ipv6_only_server_is_reached_through_localhost_and_literal() {
  start_fixture --family 6
  run_mw "http://localhost:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains "|::1|:$PORT... connected."
  run_mw -O v6 "http://[::1]:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/v6" "$ROOT/small.txt"
  assert_stderr_contains "Connecting to [::1]:$PORT... connected."
  assert_log_contains "  Host: [::1]:$PORT"
}

t_inet4_only_refuses_an_ipv6_server() {
  start_fixture --family 6
  run_mw -4 "http://localhost:$PORT/small.txt"
  assert_rc 4
  assert_file_count "$WORK" 0
}

t_inet6_only_refuses_an_ipv4_server() {
  start_fixture --family 4
  run_mw -6 "http://localhost:$PORT/small.txt"
  assert_rc 4
  assert_stderr_contains "Connection refused"
}

t_inet6_only_with_ipv4_literal_has_no_address() {
  start_fixture --family 4
  run_mw -6 "http://127.0.0.1:$PORT/small.txt"
  assert_rc 4
}

run_cases

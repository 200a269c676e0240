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

# A name that is neither literal nor localhost goes through c-ares (whose
# channel starts at the first such name): HOSTALIASES maps it to localhost,
# which c-ares then finds in /etc/hosts.
t_a_name_is_resolved_through_c_ares() {
  grep -qE '^127\.0\.0\.1[[:space:]]+(.*[[:space:]])?localhost([[:space:]]|$)' /etc/hosts ||
    { echo "    (skipped: /etc/hosts has no localhost line)"; return 0; }
  start_fixture --family 4
  printf 'mwfixture localhost\n' > "$CASE_DIR/aliases"
  HOSTALIASES=$CASE_DIR/aliases run_mw "http://mwfixture:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains "Resolving mwfixture (mwfixture)... 127.0.0.1"
}

t_literal_hosts_never_start_c_ares() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0  # strace through valgrind sees valgrind's files
  start_fixture --family 4
  (cd "$WORK" && timeout 60 strace -f -e trace=openat -o "$CASE_DIR/trace" "$MW_BIN" -q \
    "http://127.0.0.1:$PORT/small.txt" "http://localhost:$PORT/small.txt")
  assert_file_count "$WORK" 2
  ! grep -qE 'resolv\.conf|nsswitch\.conf|/etc/hosts' "$CASE_DIR/trace" || fail "c-ares started: $(grep -E 'resolv|hosts' "$CASE_DIR/trace")"
}

run_cases

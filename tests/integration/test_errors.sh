# Failures: each gets wget's exit status and a message, and loses nothing.
. "$(dirname "$0")/lib.sh"
start_fixture

# A port with nothing listening: bound once, then released.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 1; }

t_not_found_is_exit_8_and_no_file() {
  run_mw "$BASE/nope.txt"
  assert_rc 8
  assert_stderr_contains "ERROR 404: Not Found."
  assert_file_count "$WORK" 0
}

t_server_error_is_exit_8() {
  run_mw "$BASE/status/500"
  assert_rc 8
  assert_stderr_contains "ERROR 500: Internal Server Error."
}

t_connection_refused_is_exit_4() {
  run_mw "http://127.0.0.1:$(free_port)/x"
  assert_rc 4
  assert_stderr_contains "Connection refused"
}

t_unresolvable_host_is_exit_4() {
  run_mw "http://nonexistent.invalid/"
  assert_rc 4
  assert_stderr_contains "unable to resolve host address ‘nonexistent.invalid’"
}

t_unsupported_scheme_is_exit_1() {
  run_mw "gopher://x"
  assert_rc 1
  assert_stderr_contains "gopher://x: Unsupported scheme ‘gopher’."
}

t_missing_host_is_exit_1() {
  run_mw "http://"
  assert_rc 1
  assert_stderr_contains "Invalid host name."
}

t_bad_port_is_exit_1() {
  run_mw "http://host:99999/"
  assert_rc 1
  assert_stderr_contains "Bad port number."
}

t_unterminated_ipv6_is_exit_1() {
  run_mw "http://[::1"
  assert_rc 1
  assert_stderr_contains "Unterminated IPv6 numeric address."
}

t_control_characters_in_url_are_refused() {
  run_mw "$(printf '%s/small.txt\r\nX-Injected: 1' "$BASE")"
  assert_rc 2 # a line break is header injection: a usage error, as for --header
  ! grep -q "X-Injected" "$LOG" || fail "an injected header reached the server"
  run_mw "$(printf 'http://exa\tmple.com/small.txt')"
  assert_rc 1 # other malformed URLs are wget's exit 1
}

t_unknown_option_is_exit_2() {
  run_mw --bogus
  assert_rc 2
  assert_stderr_contains "unrecognized option '--bogus'"
}

t_bad_option_value_is_exit_2() {
  run_mw --max-redirect=lots "$BASE/small.txt"
  assert_rc 2
}

t_missing_url_is_exit_1() {
  run_mw
  assert_rc 1
  assert_stderr_contains "missing URL"
}

# A full disk and a directory prefix through a file: test_disk.sh.

t_unwritable_output_document_is_exit_3() {
  run_mw -O "$WORK/no/such/dir/out" "$BASE/small.txt"
  assert_rc 3
}

t_worst_status_wins_and_others_still_download() {
  run_mw "$BASE/small.txt" "$BASE/nope.txt" "$BASE/3k.bin"
  assert_rc 8
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  run_mw "$BASE/nope.txt" "http://127.0.0.1:$(free_port)/x"
  assert_rc 4
}

t_malformed_responses_are_exit_7() {
  for kind in status header garbage length chunk duplicate-length; do
    run_mw "$BASE/malformed/$kind"
    assert_rc 7
    assert_stderr_contains "Malformed response"
  done
  assert_file_count "$WORK" 0
}

t_huge_and_numerous_headers_are_refused_in_bounded_memory() {
  run_mw "$BASE/huge-header/200"
  assert_rc 7
  assert_stderr_contains "Response header too large"
  run_mw "$BASE/many-headers/10000"
  assert_rc 7
  assert_stderr_contains "Too many header fields"
}

run_cases

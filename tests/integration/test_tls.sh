# HTTPS: verification against a test CA, each way a certificate can be
# wrong (exit 5), --no-check-certificate, client options, keep-alive.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"

# start_tls_fixture NAME : a TLS fixture with CERTS/NAME.pem; sets HTTPS.
start_tls_fixture() {
  start_fixture --tls "$CERTS/$1.pem" "$CERTS/$1.key"
  HTTPS=https://127.0.0.1:$PORT
}

t_downloads_over_tls_with_the_test_ca() {
  start_tls_fixture good
  run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  run_mw --ca-certificate "$CERTS/ca.pem" -O local "https://localhost:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/local" "$ROOT/small.txt"
}

t_ca_directory_is_accepted() {
  start_tls_fixture good
  run_mw --ca-directory "$CERTS/ca-dir" "$HTTPS/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_unknown_ca_is_exit_5() {
  start_tls_fixture good
  run_mw "$HTTPS/small.txt"
  assert_rc 5
  assert_stderr_contains "cannot verify 127.0.0.1's certificate"
  assert_stderr_contains "--no-check-certificate"
  assert_file_count "$WORK" 0
}

t_self_signed_is_exit_5() {
  start_tls_fixture selfsigned
  run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS/small.txt"
  assert_rc 5
  assert_stderr_contains "self-signed"
}

t_expired_is_exit_5() {
  start_tls_fixture expired
  run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS/small.txt"
  assert_rc 5
  assert_stderr_contains "expired"
}

t_wrong_host_is_exit_5() {
  start_tls_fixture wronghost
  run_mw --ca-certificate "$CERTS/ca.pem" "https://localhost:$PORT/small.txt"
  assert_rc 5
  assert_stderr_contains "does not match the host name"
}

t_no_check_certificate_warns_and_goes_on() {
  start_tls_fixture selfsigned
  run_mw --no-check-certificate "$HTTPS/small.txt"
  assert_rc 0
  assert_stderr_contains "WARNING: cannot verify"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_keep_alive_over_tls() {
  start_tls_fixture good
  run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS/small.txt" "$HTTPS/3k.bin" "$HTTPS/chunked/1m.bin"
  assert_rc 0
  assert_stderr_contains "Reusing existing connection to 127.0.0.1:$PORT."
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

t_plain_http_to_a_tls_server_fails_cleanly() {
  start_tls_fixture good
  run_mw -t 1 "http://127.0.0.1:$PORT/small.txt"
  [ "$RC" -ne 0 ] || fail "expected a failure"
  assert_file_count "$WORK" 0
}

t_https_to_a_plain_server_fails_cleanly() {
  start_fixture
  run_mw -t 1 "https://127.0.0.1:$PORT/small.txt"
  assert_rc 4
  assert_stderr_contains "Unable to establish SSL connection"
}

t_tls13_only_still_connects() {
  start_tls_fixture good
  run_mw --secure-protocol=TLSv1_3 --ca-certificate "$CERTS/ca.pem" "$HTTPS/small.txt"
  assert_rc 0
}

t_bad_protocol_name_is_refused() {
  start_tls_fixture good
  run_mw --secure-protocol=SSLv2 --ca-certificate "$CERTS/ca.pem" "$HTTPS/small.txt"
  assert_rc 1
  assert_stderr_contains "unsupported protocol"
}

t_missing_ca_file_is_reported() {
  start_tls_fixture good
  run_mw --ca-certificate "$CERTS/nope.pem" "$HTTPS/small.txt"
  assert_rc 1
  assert_stderr_contains "Cannot load CA certificates"
}

t_resume_over_tls() {
  start_tls_fixture good
  head -c 5000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  run_mw -c --ca-certificate "$CERTS/ca.pem" "$HTTPS/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

run_cases

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

# As wget: a handshake that fails is not tried again (a retry would fail the same way).
t_https_to_a_plain_server_fails_cleanly() {
  start_fixture
  run_mw -t 3 --waitretry 0 "https://127.0.0.1:$PORT/small.txt"
  assert_rc 4
  assert_stderr_contains "Unable to establish SSL connection"
  assert_stderr_lacks "Retrying."
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

t_pinned_public_key_by_hash_and_by_file() {
  start_tls_fixture good
  openssl x509 -in "$CERTS/good.pem" -pubkey -noout > "$CASE_DIR/good.pub"
  local hash; hash=$(openssl pkey -pubin -in "$CASE_DIR/good.pub" -outform DER | openssl dgst -sha256 -binary | base64)
  run_mw --ca-certificate "$CERTS/ca.pem" --pinnedpubkey "sha256//AAAA;sha256//$hash" -O a "$HTTPS/small.txt"
  assert_rc 0
  run_mw --ca-certificate "$CERTS/ca.pem" --pinnedpubkey "$CASE_DIR/good.pub" -O b "$HTTPS/small.txt"
  assert_rc 0
  openssl x509 -in "$CERTS/wronghost.pem" -pubkey -noout > "$CASE_DIR/other.pub"
  run_mw --ca-certificate "$CERTS/ca.pem" --pinnedpubkey "$CASE_DIR/other.pub" -O c "$HTTPS/small.txt"
  assert_rc 5
  assert_stderr_contains "does not match --pinnedpubkey"
  [ ! -s "$WORK/c" ] || fail "nothing may be written after a pin mismatch"
  run_mw --ca-certificate "$CERTS/ca.pem" --pinnedpubkey "sha256//AAAA" -O d "$HTTPS/small.txt"
  assert_rc 5
}

t_hsts_upgrades_a_host_that_asked_for_it() {
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  run_mw --hsts-file "$CASE_DIR/hsts" --ca-certificate "$CERTS/ca.pem" -O first "https://localhost:$PORT/small.txt"
  assert_rc 0
  grep -q "^localhost" "$CASE_DIR/hsts" || fail "the HSTS database does not name localhost"
  run_mw --hsts-file "$CASE_DIR/hsts" --ca-certificate "$CERTS/ca.pem" -O upgraded "http://localhost:$PORT/3k.bin"
  assert_rc 0
  assert_stderr_contains "URL transformed to HTTPS due to an HSTS policy"
  assert_same_file "$WORK/upgraded" "$ROOT/3k.bin"
  run_mw --no-hsts --hsts-file "$CASE_DIR/hsts" -t 1 -O plain "http://localhost:$PORT/3k.bin"
  [ "$RC" -ne 0 ] || fail "--no-hsts should have sent plain HTTP to the TLS server"
}

t_hsts_ignores_plain_http() {
  start_fixture --sts
  run_mw --hsts-file "$CASE_DIR/hsts" -O a "http://localhost:$PORT/small.txt"
  assert_rc 0
  [ ! -s "$CASE_DIR/hsts" ] || fail "a header over plain HTTP must not set the policy"
}

t_hsts_ignores_unverified_connections() {
  start_fixture --tls "$CERTS/selfsigned.pem" "$CERTS/selfsigned.key" --sts
  run_mw --no-check-certificate --hsts-file "$CASE_DIR/hsts" -O a "https://localhost:$PORT/small.txt"
  assert_rc 0
  [ ! -s "$CASE_DIR/hsts" ] || fail "an unverified connection must not set the policy"
}

t_hsts_ignores_ip_literals() {
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  run_mw --ca-certificate "$CERTS/ca.pem" --hsts-file "$CASE_DIR/hsts" -O b "https://127.0.0.1:$PORT/small.txt"
  assert_rc 0
  [ ! -s "$CASE_DIR/hsts" ] || fail "an IP literal must never become an HSTS host"
}

t_https_only_refuses_plain_urls_and_redirects() {
  start_fixture
  run_mw --https-only "http://127.0.0.1:$PORT/small.txt"
  assert_rc 1
  assert_stderr_contains "refused by --https-only"
  assert_file_count "$WORK" 0
}

run_cases

# Proxies (absolute-form requests and CONNECT tunnels through the fixture's
# forward proxy), the proxy environment, AF_UNIX sockets and --bind-address.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"
start_fixture
ORIGIN=$BASE ORIGIN_LOG=$LOG ORIGIN_PORT=$PORT
start_fixture
PROXY=http://127.0.0.1:$PORT PROXY_LOG=$LOG
start_fixture --proxy-auth 'pu:pp'
LOCKED_PROXY_PORT=$PORT
start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key"
HTTPS_ORIGIN=https://127.0.0.1:$PORT HTTPS_PORT=$PORT
LOG=$PROXY_LOG

proxy_requests() { grep -c '^conn=' "$PROXY_LOG"; }

t_http_through_the_proxy_environment() {
  http_proxy=$PROXY run_mw "$ORIGIN/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  assert_log_contains "GET $ORIGIN/5m.bin HTTP/1.1"
  assert_stderr_contains "Connecting to proxy 127.0.0.1"
}

t_http_proxy_option() {
  run_mw --http-proxy "$PROXY" -O out "$ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/small.txt"
  assert_log_contains "GET $ORIGIN/small.txt HTTP/1.1"
}

t_no_proxy_option_and_use_proxy_off_go_direct() {
  local before
  before=$(proxy_requests)
  http_proxy=$PROXY run_mw --no-proxy -O a "$ORIGIN/small.txt"
  assert_rc 0
  http_proxy=$PROXY run_mw -e use_proxy=off -O b "$ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/b" "$ROOT/small.txt"
  [ "$(proxy_requests)" -eq "$before" ] || fail "the proxy was used"
}

t_no_proxy_list_goes_direct() {
  local before
  before=$(proxy_requests)
  http_proxy=$PROXY no_proxy=example.org,127.0.0.1 run_mw -O a "$ORIGIN/small.txt"
  assert_rc 0
  run_mw --http-proxy "$PROXY" -e no_proxy=.0.0.1 -O b "$ORIGIN/small.txt"
  assert_rc 0
  [ "$(proxy_requests)" -eq "$before" ] || fail "the proxy was used"
  http_proxy=$PROXY no_proxy=other.example run_mw -O c "$ORIGIN/small.txt"
  [ "$(proxy_requests)" -gt "$before" ] || fail "the proxy was not used"
}

t_proxy_credentials() {
  http_proxy=http://pu:pp@127.0.0.1:$LOCKED_PROXY_PORT run_mw -O a "$ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/a" "$ROOT/small.txt"
  run_mw --http-proxy "http://127.0.0.1:$LOCKED_PROXY_PORT" --proxy-user pu --proxy-password pp -O b "$ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/b" "$ROOT/small.txt"
}

t_proxy_refusing_credentials_is_exit_6() {
  http_proxy=http://pu:wrong@127.0.0.1:$LOCKED_PROXY_PORT run_mw "$ORIGIN/small.txt"
  assert_rc 6
  assert_stderr_contains 'Proxy'
  assert_file_count "$WORK" 0
}

t_proxy_credentials_never_reach_the_origin() {
  http_proxy=http://pu:pp@127.0.0.1:$LOCKED_PROXY_PORT run_mw -O echo "$ORIGIN/echo"
  assert_rc 0
  ! grep -qi 'proxy-authorization' "$WORK/echo" || fail "the origin saw the proxy's credentials"
}

t_https_through_a_connect_tunnel() {
  https_proxy=$PROXY run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS_ORIGIN/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_log_contains "CONNECT 127.0.0.1:$HTTPS_PORT HTTP/1.1"
}

t_connect_tunnel_still_verifies_the_origin() {
  https_proxy=$PROXY run_mw "$HTTPS_ORIGIN/small.txt"
  assert_rc 5
  assert_file_count "$WORK" 0
}

t_connect_with_proxy_credentials() {
  https_proxy=http://pu:pp@127.0.0.1:$LOCKED_PROXY_PORT run_mw --ca-certificate "$CERTS/ca.pem" "$HTTPS_ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  https_proxy=http://127.0.0.1:$LOCKED_PROXY_PORT run_mw --ca-certificate "$CERTS/ca.pem" -O x "$HTTPS_ORIGIN/small.txt"
  assert_rc 6
  assert_stderr_contains 'Proxy tunneling failed: 407'
}

t_bad_proxy_url_is_a_parse_error() {
  http_proxy=ftp://proxy.invalid run_mw "$ORIGIN/small.txt"
  assert_rc 2
  assert_stderr_contains 'Invalid proxy URL'
  https_proxy=https://127.0.0.1:1 run_mw "$ORIGIN/small.txt"
  assert_rc 2
  assert_stderr_contains 'only http:// proxies'
}

t_unreachable_proxy_is_a_network_error() {
  http_proxy=http://127.0.0.1:1 run_mw --tries 1 "$ORIGIN/small.txt"
  assert_rc 4
  assert_file_count "$WORK" 0
}

t_unix_socket() {
  local sock=$CASE_DIR/fixture.sock
  start_fixture --unix "$sock"
  run_mw --unix-socket "$sock" http://localhost/5m.bin
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  assert_stderr_contains "Connecting to unix socket $sock... connected."
  run_mw --unix-socket "$sock" -O echo http://api.example/echo
  assert_rc 0
  grep -q $'^Host: api.example\r' "$WORK/echo" || fail "Host should name the URL's host"
  LOG=$PROXY_LOG
}

t_unix_socket_missing_is_exit_4() {
  run_mw --tries 1 --unix-socket "$CASE_DIR/none.sock" http://localhost/small.txt
  assert_rc 4
  assert_file_count "$WORK" 0
}

t_bind_address() {
  run_mw --bind-address 127.0.0.1 -O a "$ORIGIN/small.txt"
  assert_rc 0
  assert_same_file "$WORK/a" "$ROOT/small.txt"
  run_mw --tries 1 --bind-address ::1 -O b "$ORIGIN/small.txt"
  assert_rc 4
  run_mw --bind-address not-an-ip "$ORIGIN/small.txt"
  assert_rc 2
}

run_cases

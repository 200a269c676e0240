# Parity with GNU wget 1.21 on keeping a connection across host names: a
# plain http request to another name for the same address and port goes on
# the idle connection (wget's persistent_available_p), with its own Host,
# cookies and credentials; over TLS, to another port or to another address,
# a new connection. The same command with both against the fixture,
# compared by exit status, files and requests on the wire (parity.sh).
#
# mini-wget answers "localhost" as ::1 then 127.0.0.1 (RFC 6761), wget as
# /etc/hosts says (127.0.0.1 here, maybe ::1 too): on a fixture that
# listens on 127.0.0.1 only, both end on 127.0.0.1, whatever the order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
printf 'file 1\n' > "$ROOT/f1.txt"
make_certs "$CERTS"
start_fixture --family 4
V4_PORT=$PORT V4_LOG=$LOG
start_fixture --family 4
OTHER_PORT=$PORT OTHER_LOG=$LOG
start_fixture # 127.0.0.1 and ::1, on one port
BOTH_PORT=$PORT BOTH_LOG=$LOG
start_fixture --family 4 --tls "$CERTS/good.pem" "$CERTS/good.key"
TLS_PORT=$PORT TLS_LOG=$LOG

# on PORT LOG : the fixture the next runs go to.
on() { PORT=$1 LOG=$2; }

# run_pair ARGS... : run_both, keeping each run's part of the fixture's log
# in $CASE_DIR/NAME.log (every request, with all its fields). $MW_ONLY:
# options for mini-wget alone (wget 1.21 has no HTTP/2 to turn off).
run_pair() {
  local from
  rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
  from=$(( $(wc -l < "$LOG") + 1 ))
  run_tool wget wget "$@"
  tail -n +"$from" "$LOG" > "$CASE_DIR/wget.log"
  from=$(( $(wc -l < "$LOG") + 1 ))
  # shellcheck disable=SC2086
  run_tool mw "$MW_BIN" ${MW_ONLY:-} "$@"
  tail -n +"$from" "$LOG" > "$CASE_DIR/mw.log"
}

# fields NAME FIELD : FIELD's value in each request of the run NAME, one
# line each, "-" where the request had none.
fields() {
  awk -v f="  $2:" '
    /^conn=/ { if (n) print v; n++; v = "-"; next }
    index($0, f) == 1 { v = substr($0, length(f) + 2) }
    END { if (n) print v }' "$CASE_DIR/$1.log"
}

# both_used N : wget and mini-wget each opened N connections.
both_used() {
  [ "$(connections wget)" -eq "$1" ] || fail "wget opened $(connections wget) connections, expected $1"
  [ "$(connections mw)" -eq "$1" ] || fail "mini-wget opened $(connections mw) connections, expected $1"
}

t_localhost_then_its_address_share_one_connection() {
  on "$V4_PORT" "$V4_LOG"
  run_pair "http://localhost:$PORT/small.txt" "http://127.0.0.1:$PORT/3k.bin"
  assert_same_outcome
  both_used 1
  [ "$RC_mw" -eq 0 ] || fail "exit status $RC_mw"
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
  local hosts
  hosts=$(fields mw Host | tr '\n' ' ')
  [ "$hosts" = "localhost:$PORT 127.0.0.1:$PORT " ] || fail "Host fields: $hosts"
  ERR=$CASE_DIR/mw.stderr
  assert_stderr_contains "Reusing existing connection to localhost:$PORT."
}

# The other way round needs no fallback from ::1: it holds on a fixture
# that listens on both families.
t_an_address_then_localhost_share_one_connection() {
  on "$BOTH_PORT" "$BOTH_LOG"
  run_pair "http://127.0.0.1:$PORT/small.txt" "http://localhost:$PORT/3k.bin" "http://127.0.0.1:$PORT/f1.txt"
  assert_same_outcome
  both_used 1
  local hosts
  hosts=$(fields mw Host | tr '\n' ' ')
  [ "$hosts" = "127.0.0.1:$PORT localhost:$PORT 127.0.0.1:$PORT " ] || fail "Host fields: $hosts"
  ERR=$CASE_DIR/mw.stderr
  assert_stderr_contains "Reusing existing connection to 127.0.0.1:$PORT."
}

t_a_redirect_to_the_address_stays_on_the_connection() {
  on "$V4_PORT" "$V4_LOG"
  run_pair "http://localhost:$PORT/redirect-abs/302/3k.bin"
  assert_same_outcome
  both_used 1
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
}

# Only the socket is shared: Basic goes at once only to the name that was
# challenged, a cookie only to the name that set it.
t_credentials_stay_with_their_name() {
  on "$V4_PORT" "$V4_LOG"
  local auth=auth/basic/alice/s3cret
  run_pair --user alice --password s3cret "http://localhost:$PORT/$auth/small.txt" \
    "http://127.0.0.1:$PORT/$auth/3k.bin" "http://localhost:$PORT/$auth/f1.txt"
  assert_same_outcome
  both_used 1
  [ "$(fields mw Authorization | tr '\n' ' ')" = "$(fields wget Authorization | tr '\n' ' ')" ] ||
    fail "Authorization: wget $(fields wget Authorization | tr '\n' ' '), mini-wget $(fields mw Authorization | tr '\n' ' ')"
  [ "$(fields mw Authorization | grep -c Basic)" -eq 3 ] || fail "Basic: $(fields mw Authorization | tr '\n' ' ')"
  [ "$(fields mw Authorization | head -n 3 | tr '\n' ' ')" = "- Basic YWxpY2U6czNjcmV0 - " ] ||
    fail "127.0.0.1 was not challenged on its own: $(fields mw Authorization | tr '\n' ' ')"
}

t_cookies_stay_with_their_name() {
  on "$V4_PORT" "$V4_LOG"
  run_pair "http://127.0.0.1:$PORT/set-cookie/k%3Dv%3B%20Path%3D%2F" "http://localhost:$PORT/small.txt" "http://127.0.0.1:$PORT/f1.txt"
  assert_same_outcome
  both_used 1
  local want="- - k=v "
  [ "$(fields wget Cookie | tr '\n' ' ')" = "$want" ] || fail "wget's Cookie fields: $(fields wget Cookie | tr '\n' ' ')"
  [ "$(fields mw Cookie | tr '\n' ' ')" = "$want" ] || fail "mini-wget's Cookie fields: $(fields mw Cookie | tr '\n' ' ')"
}

# "Don't try to talk to two different SSL sites over the same secure
# connection." With HTTP/2 offered (the default) and without it.
t_tls_names_of_one_address_do_not_share() {
  on "$TLS_PORT" "$TLS_LOG"
  local only
  for only in "" --no-http2; do
    MW_ONLY=$only run_pair --ca-certificate "$CERTS/ca.pem" "https://localhost:$PORT/small.txt" \
      "https://127.0.0.1:$PORT/3k.bin" "https://127.0.0.1:$PORT/f1.txt"
    assert_same_outcome
    both_used 2
    [ "$RC_mw" -eq 0 ] || fail "exit status $RC_mw"
    [ "$CASE_FAILED" -eq 0 ] || { fail "with mini-wget's options: ${only:-none}"; break; }
  done
}

t_another_address_does_not_share() {
  on "$BOTH_PORT" "$BOTH_LOG"
  run_pair "http://127.0.0.1:$PORT/small.txt" "http://[::1]:$PORT/3k.bin"
  assert_same_outcome
  both_used 2
}

# Through a proxy the connection is the proxy's and pooled under it, as
# before: the same connections as wget (the fixture's proxy closes each).
t_through_a_proxy_the_connection_is_the_proxys() {
  on "$OTHER_PORT" "$OTHER_LOG"
  run_pair -e "http_proxy=http://127.0.0.1:$OTHER_PORT" "http://localhost:$V4_PORT/small.txt" \
    "http://127.0.0.1:$V4_PORT/3k.bin" "http://localhost:$V4_PORT/f1.txt"
  assert_same_outcome
  [ "$RC_mw" -eq 0 ] || fail "exit status $RC_mw"
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
}

# Each fixture is one port: each must see one connection from each tool.
t_another_port_does_not_share() {
  local v4_from other_from
  v4_from=$(( $(wc -l < "$V4_LOG") + 1 )) other_from=$(( $(wc -l < "$OTHER_LOG") + 1 ))
  on "$V4_PORT" "$V4_LOG"
  run_pair "http://localhost:$V4_PORT/small.txt" "http://127.0.0.1:$OTHER_PORT/3k.bin"
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
  assert_same_file "$CASE_DIR/wget/3k.bin" "$ROOT/3k.bin"
  local log from
  for log in "$V4_LOG:$v4_from" "$OTHER_LOG:$other_from"; do
    from=${log##*:} log=${log%:*}
    [ "$(tail -n +"$from" "$log" | grep -c '^conn=')" -eq 2 ] || fail "$log: $(tail -n +"$from" "$log" | grep -c '^conn=') requests, expected 2"
    [ "$(tail -n +"$from" "$log" | awk '/^conn=/ {print $1}' | sort -u | wc -l)" -eq 2 ] ||
      fail "$log: not one connection from each tool"
  done
}

run_cases

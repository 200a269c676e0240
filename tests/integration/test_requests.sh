# Shaping requests: headers, methods, bodies; what arrives on the wire is
# read back from the fixture's /echo, which answers with the raw request.
. "$(dirname "$0")/lib.sh"
start_fixture

# assert_echo_has TEXT : the echoed request (the file "echo") holds TEXT
assert_echo_has() { grep -qF -- "$1" "$WORK/echo" || fail "request lacks: $(printf %q "$1")"; }
assert_echo_lacks() { ! grep -qiF -- "$1" "$WORK/echo" || fail "request has: $(printf %q "$1")"; }

t_default_request_is_wgets() {
  run_mw "$BASE/echo"
  assert_rc 0
  assert_echo_has $'GET /echo HTTP/1.1\r'
  assert_echo_has $'Accept: */*\r'
  assert_echo_has $'Accept-Encoding: identity\r'
  assert_echo_has $'Connection: Keep-Alive\r'
}

# The whole head, field by field in order, for a request that uses most of
# them (a resumed download with a referer, --no-cache and two --header lines:
# one replaces a default field where it stands, under the default's name).
# /echo ignores the Range, so the file ends up holding just the request.
t_every_field_in_order() {
  head -c 5 "$ROOT/small.txt" > "$WORK/echo"
  run_mw -c --referer http://example.org/ --no-cache -U agent/1 --header 'X-One: 1' \
    --header 'accept: text/plain' "$BASE/echo"
  local want=$'GET /echo HTTP/1.1\r\nHost: 127.0.0.1:'"$PORT"$'\r\nReferer: http://example.org/\r\n'
  want+=$'Cache-Control: no-cache\r\nPragma: no-cache\r\nUser-Agent: agent/1\r\nAccept: text/plain\r\n'
  want+=$'Accept-Encoding: identity\r\nConnection: Keep-Alive\r\nRange: bytes=5-\r\nX-One: 1\r\n\r\n'
  assert_rc 0
  printf '%s' "$want" | cmp -s - "$WORK/echo" || fail "request head: $(od -c "$WORK/echo" | head -20)"
}

t_header_adds_replaces_and_drops() {
  run_mw --header 'X-One: 1' --header 'X-Two: two words' --header 'User-Agent: custom/1' \
    --header 'Accept-Encoding:' "$BASE/echo"
  assert_rc 0
  assert_echo_has $'X-One: 1\r'
  assert_echo_has $'X-Two: two words\r'
  assert_echo_has $'User-Agent: custom/1\r'
  assert_echo_lacks 'mini-wget/'
  assert_echo_lacks 'Accept-Encoding'
  # replaced in place, as wget: Host stays the first field
  [ "$(sed -n 2p "$WORK/echo")" = $'Host: 127.0.0.1:'"$PORT"$'\r' ] || fail "Host is not the first field"
}

t_empty_header_forgets_earlier_ones() {
  run_mw --header 'X-Gone: 1' --header '' --header 'X-Kept: 2' "$BASE/echo"
  assert_rc 0
  assert_echo_lacks 'X-Gone'
  assert_echo_has $'X-Kept: 2\r'
}

t_header_from_wgetrc_command() {
  run_mw -e 'header = X-Rc: yes' "$BASE/echo"
  assert_rc 0
  assert_echo_has $'X-Rc: yes\r'
}

t_referer_user_agent_and_no_cache() {
  run_mw --referer http://example.org/page -U 'agent 007' --no-cache "$BASE/echo"
  assert_rc 0
  assert_echo_has $'Referer: http://example.org/page\r'
  assert_echo_has $'User-Agent: agent 007\r'
  assert_echo_has $'Cache-Control: no-cache\r'
  assert_echo_has $'Pragma: no-cache\r'
}

t_post_data_sends_a_form() {
  run_mw --post-data 'a=1&b=two' "$BASE/echo"
  assert_rc 0
  assert_echo_has $'POST /echo HTTP/1.1\r'
  assert_echo_has $'Content-Type: application/x-www-form-urlencoded\r'
  assert_echo_has $'Content-Length: 9\r'
  [ "$(tail -c 9 "$WORK/echo")" = 'a=1&b=two' ] || fail "body not sent: $(tail -c 20 "$WORK/echo")"
}

t_post_file_sends_the_file_bytes() {
  head -c 20000 /dev/urandom > "$CASE_DIR/body.bin"
  run_mw --post-file "$CASE_DIR/body.bin" -O echo "$BASE/echo"
  assert_rc 0
  assert_echo_has $'Content-Length: 20000\r'
  tail -c 20000 "$WORK/echo" > "$CASE_DIR/sent"
  assert_same_file "$CASE_DIR/sent" "$CASE_DIR/body.bin"
}

t_method_with_body_data_and_content_type() {
  run_mw --method PUT --body-data '{"k":1}' --header 'Content-Type: application/json' "$BASE/echo"
  assert_rc 0
  assert_echo_has $'PUT /echo HTTP/1.1\r'
  assert_echo_has $'Content-Type: application/json\r'
  assert_echo_lacks 'x-www-form-urlencoded'
  [ "$(tail -c 7 "$WORK/echo")" = '{"k":1}' ] || fail "body not sent"
}

t_method_without_body() {
  run_mw --method DELETE "$BASE/echo"
  assert_rc 0
  assert_echo_has $'DELETE /echo HTTP/1.1\r'
  assert_echo_lacks 'Content-Length'
}

t_body_data_needs_a_method() {
  run_mw --body-data 'x' "$BASE/echo"
  assert_rc 2
  assert_stderr_contains '--method'
  assert_file_absent "$WORK/echo"
}

t_missing_post_file_is_an_io_error() {
  run_mw --post-file "$CASE_DIR/nope" "$BASE/echo"
  assert_rc 3
  assert_stderr_contains 'No such file or directory'
}

t_post_redirected_by_303_becomes_get() {
  run_mw --post-data 'a=1' -O echo "$BASE/redirect/303/echo"
  assert_rc 0
  assert_echo_has $'GET /echo HTTP/1.1\r'
  assert_echo_lacks 'Content-Length'
}

t_post_redirected_by_307_is_repeated() {
  run_mw --post-data 'a=1' -O echo "$BASE/redirect/307/echo"
  assert_rc 0
  assert_echo_has $'POST /echo HTTP/1.1\r'
  [ "$(tail -c 3 "$WORK/echo")" = 'a=1' ] || fail "body not repeated"
}

t_put_redirected_by_302_stays_put() {
  run_mw --method PUT --body-data 'z' -O echo "$BASE/redirect/302/echo"
  assert_rc 0
  assert_echo_has $'PUT /echo HTTP/1.1\r'
}

# Header injection: nothing with CR or LF reaches the wire; exit 2 before any request.
t_line_breaks_are_refused_everywhere() {
  local before after
  before=$(grep -c '^conn=' "$LOG")
  for args in "--header=X-A: 1"$'\r\n'"X-Evil: 1" "--user-agent=a"$'\n'"X-Evil: 1" \
              "--referer=http://r/"$'\r'"X-Evil: 1" "--user=u"$'\n'"x" "--password=p"$'\r\n'"x" \
              "--method=GET /x HTTP/1.1"$'\r\n'; do
    run_mw "$args" "$BASE/echo"
    assert_rc 2
    grep -q 'line break\|Invalid method' "$ERR" || fail "no clear error for $(printf %q "$args")"
  done
  run_mw "$BASE/echo"$'\r\n'"X-Evil: 1"
  assert_rc 2
  assert_stderr_contains 'line break'
  run_mw "$BASE/ec"$'\r'"ho"
  assert_rc 2
  after=$(grep -c '^conn=' "$LOG")
  [ "$before" -eq "$after" ] || fail "$((after - before)) request(s) reached the server"
  assert_file_absent "$WORK/echo"
}

t_malformed_header_option_is_refused() {
  run_mw --header 'NoColonHere' "$BASE/echo"
  assert_rc 2
  assert_stderr_contains 'Invalid header'
}

t_spider_sends_head_even_with_a_method() {
  run_mw --spider "$BASE/echo"
  assert_rc 0
  assert_file_absent "$WORK/echo"
  assert_log_contains 'HEAD /echo HTTP/1.1'
}

run_cases

# Cookies: kept within a run, sent back by the RFC 6265 rules, loaded from and
# saved to Netscape cookies.txt files.
. "$(dirname "$0")/lib.sh"
start_fixture
MAIN_BASE=$BASE MAIN_LOG=$LOG
start_fixture
OTHER_BASE=http://localhost:$PORT # cookies ignore ports: another host needs another name
BASE=$MAIN_BASE LOG=$MAIN_LOG

# cookie_sent_to URL... : the Cookie header /echo saw, after fetching the URLs in one run
assert_echo_cookie() { grep -q $'^Cookie: '"$1"$'\r' "$WORK/echo" || fail "Cookie sent: $(grep -a '^Cookie' "$WORK/echo" | tr -d '\r')"; }
assert_echo_no_cookie() { ! grep -qi '^Cookie:' "$WORK/echo" || fail "a cookie was sent: $(grep -a '^Cookie' "$WORK/echo" | tr -d '\r')"; }

t_cookie_set_then_sent_in_the_same_run() {
  run_mw "$BASE/set-cookie/sid%3Dabc%3B%20Path%3D%2F" -O echo "$BASE/echo"
  assert_rc 0
  assert_echo_cookie 'sid=abc'
}

t_cookie_set_by_a_redirect_is_sent_to_its_target() {
  run_mw -O echo "$BASE/set-cookie-then/flow%3D1%3B%20Path%3D%2F/echo"
  assert_rc 0
  assert_echo_cookie 'flow=1'
}

t_no_cookies() {
  run_mw --no-cookies -O echo "$BASE/set-cookie-then/flow%3D1%3B%20Path%3D%2F/echo"
  assert_rc 0
  assert_echo_no_cookie
}

t_path_and_secure_rules() {
  run_mw -O echo "$BASE/set-cookie/a%3D1%3B%20Path%3D%2Fonly" "$BASE/set-cookie/b%3D2%3B%20Secure%3B%20Path%3D%2F" "$BASE/echo"
  assert_rc 0
  assert_echo_no_cookie
}

t_cookies_are_not_sent_to_another_host() {
  run_mw -O echo "$BASE/set-cookie/sid%3Dsecret%3B%20Path%3D%2F" "$OTHER_BASE/echo"
  assert_rc 0
  assert_echo_no_cookie
}

t_save_and_load_cookies() {
  run_mw -O /dev/null --save-cookies "$CASE_DIR/jar.txt" \
    "$BASE/set-cookie/keep%3Dyes%3B%20Max-Age%3D3600%3B%20Path%3D%2F" "$BASE/set-cookie/session%3Dtmp"
  assert_rc 0
  grep -q $'\tkeep\tyes$' "$CASE_DIR/jar.txt" || fail "persistent cookie not saved: $(cat "$CASE_DIR/jar.txt")"
  ! grep -q 'session' "$CASE_DIR/jar.txt" || fail "session cookie saved without --keep-session-cookies"
  [ "$(stat -c %a "$CASE_DIR/jar.txt")" = 600 ] || fail "cookie file is readable by others"
  run_mw --load-cookies "$CASE_DIR/jar.txt" -O echo "$BASE/echo"
  assert_rc 0
  assert_echo_cookie 'keep=yes'
}

t_keep_session_cookies() {
  run_mw -O /dev/null --save-cookies "$CASE_DIR/jar.txt" --keep-session-cookies "$BASE/set-cookie/session%3Dtmp"
  assert_rc 0
  grep -q $'\tsession\ttmp$' "$CASE_DIR/jar.txt" || fail "session cookie not kept"
}

t_missing_cookie_file_is_reported() {
  run_mw --load-cookies "$CASE_DIR/none.txt" "$BASE/small.txt"
  assert_stderr_contains 'none.txt'
}

run_cases

# Authentication: Basic and Digest against the fixture's realms, credentials
# from options, the URL and ~/.netrc, and never to another host.
. "$(dirname "$0")/lib.sh"
start_fixture
MAIN_LOG=$LOG MAIN_BASE=$BASE MAIN_PORT=$PORT
start_fixture # a second server: "another host" for redirects
OTHER_LOG=$LOG OTHER_PORT=$PORT
LOG=$MAIN_LOG BASE=$MAIN_BASE PORT=$MAIN_PORT

t_basic_after_the_challenge() {
  run_mw --user alice --password s3cret "$BASE/auth/basic/alice/s3cret/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains 'Authentication selected: Basic realm="fixture"'
  assert_log_contains "Authorization: Basic $(printf alice:s3cret | base64)"
}

t_basic_credentials_in_the_url() {
  run_mw "http://bob:pw%40x@127.0.0.1:$PORT/auth/basic/bob/pw@x/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_http_user_overrides_user() {
  run_mw --user nobody --http-user carol --http-password pw "$BASE/auth/basic/carol/pw/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_wrong_password_is_exit_6_and_no_file() {
  run_mw --user alice --password wrong "$BASE/auth/basic/alice/s3cret/small.txt"
  assert_rc 6
  assert_stderr_contains 'Username/Password Authentication Failed.'
  assert_file_count "$WORK" 0
}

t_no_credentials_is_exit_6() {
  run_mw "$BASE/auth/basic/alice/s3cret/small.txt"
  assert_rc 6
  assert_file_count "$WORK" 0
}

t_auth_no_challenge_sends_basic_first() {
  local before
  before=$(grep -c '^conn=' "$LOG")
  run_mw --auth-no-challenge --user dave --password pw "$BASE/auth/basic/dave/pw/small.txt"
  assert_rc 0
  [ $(( $(grep -c '^conn=' "$LOG") - before )) -eq 1 ] || fail "expected one request, not a challenge first"
}

t_digest_md5_sha256_and_sess() {
  for alg in MD5 SHA-256 MD5-sess SHA-256-sess; do
    rm -f "$WORK/3k.bin"
    run_mw --user erin --password 'p"w' "$BASE/auth/digest/$alg/erin/p%22w/3k.bin"
    assert_rc 0
    assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  done
  assert_stderr_contains 'Authentication selected: Digest realm="fixture"'
  assert_log_contains 'algorithm=SHA-256, response='
}

t_digest_without_qop() {
  run_mw --user erin --password pw "$BASE/auth/digest-noqop/MD5/erin/pw/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_digest_wrong_password_is_exit_6() {
  run_mw --user erin --password nope "$BASE/auth/digest/SHA-256/erin/pw/small.txt"
  assert_rc 6
  assert_file_count "$WORK" 0
}

t_netrc_supplies_credentials() {
  printf 'machine 127.0.0.1\n  login frank\n  password "net rc"\n' > "$HOME/.netrc"
  run_mw "$BASE/auth/basic/frank/net%20rc/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  rm -f "$WORK/small.txt"
  run_mw --no-netrc "$BASE/auth/basic/frank/net%20rc/small.txt"
  assert_rc 6
  rm -f "$HOME/.netrc"
}

# As wget: the "default" entry is not for HTTP (it would hand one password to every host).
t_netrc_default_entry_is_not_used() {
  printf 'machine elsewhere.invalid login x password y\ndefault login gina password pw\n' > "$HOME/.netrc"
  run_mw "$BASE/auth/basic/gina/pw/small.txt"
  assert_rc 6
  assert_file_count "$WORK" 0
  rm -f "$HOME/.netrc"
}

# The CVE-2021-31879 class: a redirect to another host must not carry the user's credentials.
t_credentials_never_follow_a_redirect_to_another_host() {
  local target="http://127.0.0.1:$OTHER_PORT/echo"
  for opts in "--auth-no-challenge --user alice --password s3cret" "--user alice --password s3cret"; do
    rm -f "$WORK/echo"
    # shellcheck disable=SC2086
    run_mw $opts -O echo "$BASE/redirect-to?url=$(printf %s "$target" | sed 's/:/%3A/g; s,/,%2F,g')"
    assert_rc 0
    ! grep -qi 'authorization' "$WORK/echo" || fail "credentials reached the other host ($opts)"
  done
  ! grep -qi 'authorization' "$OTHER_LOG" || fail "the other host's log shows credentials"
}

t_url_credentials_never_follow_a_redirect_to_another_host() {
  run_mw --auth-no-challenge -O echo \
    "http://alice:s3cret@127.0.0.1:$PORT/redirect-to?url=http%3A%2F%2F127.0.0.1%3A$OTHER_PORT%2Fecho"
  assert_rc 0
  ! grep -qi 'authorization' "$WORK/echo" || fail "URL credentials reached the other host"
}

t_credentials_follow_a_redirect_on_the_same_host() {
  run_mw --user alice --password s3cret -O out "$BASE/redirect/302/auth/basic/alice/s3cret/small.txt"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/small.txt"
}

t_credentials_are_hidden_in_debug_output() {
  run_mw -d --auth-no-challenge --user alice --password s3cret "$BASE/auth/basic/alice/s3cret/small.txt"
  assert_rc 0
  assert_stderr_contains 'Authorization: <hidden>'
  assert_stderr_lacks "$(printf alice:s3cret | base64)"
}

t_ask_password_reads_standard_input() {
  (cd "$WORK" && printf 'typed\n' | timeout 20 "$MW_BIN" --ask-password --user hank "$BASE/auth/basic/hank/typed/small.txt" \
    > "$CASE_DIR/stdout" 2> "$CASE_DIR/stderr" < /dev/stdin)
  RC=$?
  ERR=$CASE_DIR/stderr
  assert_rc 0
  assert_stderr_contains "Password for user ‘hank’"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

run_cases

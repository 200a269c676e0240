# Per-user state under $HOME: the program finds ~/.mini-wget-hsts (the
# library reads no environment, it takes the path the program gives).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"

t_hsts_database_defaults_to_home() {
  rm -f "$HOME/.mini-wget-hsts"
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  run_mw --ca-certificate "$CERTS/ca.pem" -O first "https://localhost:$PORT/small.txt"
  assert_rc 0
  grep -q "^localhost" "$HOME/.mini-wget-hsts" || fail "~/.mini-wget-hsts does not name localhost"
  run_mw --ca-certificate "$CERTS/ca.pem" -O upgraded "http://localhost:$PORT/3k.bin"
  assert_rc 0
  assert_stderr_contains "URL transformed to HTTPS due to an HSTS policy"
  assert_same_file "$WORK/upgraded" "$ROOT/3k.bin"
  rm -f "$HOME/.mini-wget-hsts"
}

t_no_hsts_leaves_home_alone() {
  rm -f "$HOME/.mini-wget-hsts"
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  run_mw --no-hsts --ca-certificate "$CERTS/ca.pem" -O first "https://localhost:$PORT/small.txt"
  assert_rc 0
  assert_file_absent "$HOME/.mini-wget-hsts"
}

t_without_home_the_policy_lasts_one_run() {
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  ERR=$CASE_DIR/stderr
  (cd "$WORK" && env -u HOME timeout 60 "$MW_BIN" --ca-certificate "$CERTS/ca.pem" -O first \
     "https://localhost:$PORT/small.txt" 2> "$ERR")
  RC=$?
  assert_rc 0
  assert_file_count "$WORK" 1
  assert_same_file "$WORK/first" "$ROOT/small.txt"
}

run_cases

# Parity with GNU wget 1.21 on single-URL downloads, found by a
# differential sweep (the same command with both against the fixture,
# compared by exit status, files and requests on the wire: parity.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity.sh"
start_fixture
printf 'q\n' > "$ROOT/q.txt"

# A redirect or a 401 answered to a HEAD: wget closes the connection
# (a server may send that answer's body anyway: the fixture does), and the
# next request goes on a new one. Reused, the body sent against the rules
# was read as the next answer's head (exit 7 where wget's spider said 0).
t_head_redirects_and_challenges_close_the_connection() {
  local args
  for args in "--spider $BASE/redirect/302/q.txt" "--spider $BASE/loop" "--spider -x $BASE/dir" \
              "--spider --user u --password p $BASE/auth/basic/u/p/q.txt" "--method=HEAD $BASE/chain/3/q.txt" \
              "--spider $BASE/redirect/301/q.txt $BASE/small.txt"; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    # shellcheck disable=SC2086
    run_both $args
    assert_same_outcome
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $args"; break; }
  done
  run_both --spider "$BASE/loop"
  [ "$RC_mw" -eq 8 ] || fail "a redirect loop under --spider: exit $RC_mw, expected 8"
}

run_cases

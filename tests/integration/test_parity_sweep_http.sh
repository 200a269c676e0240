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

# -Q holds back a list's URLs once more than N bytes came (not N: 3000
# bytes under -Q 3000 go on), never the command line's; a list cut short
# is exit 1, unless something worse happened.
t_quota_is_for_lists_not_for_the_command_line() {
  local list=$CASE_DIR/list
  printf '%s\n' "$BASE/3k.bin" "$BASE/q.txt" > "$list"
  local args
  for args in "-Q 3000 -i $list" "-Q 2999 -i $list" "-Q 100 $BASE/3k.bin $BASE/q.txt $BASE/small.txt" \
              "-Q 100 -i $list $BASE/small.txt" "-Q 1 -w 1 $BASE/small.txt -i $list" \
              "-Q 100 -O - $BASE/3k.bin $BASE/q.txt" "-Q 100 -i $list $BASE/status/404"; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    # shellcheck disable=SC2086
    run_both $args
    assert_same_outcome
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $args"; break; }
  done
  run_both -Q 100 -i "$list"
  [ "$RC_mw" -eq 1 ] || fail "a list cut short by -Q: exit $RC_mw, expected 1"
  assert_file_absent "$CASE_DIR/mw/q.txt"
}

# -x and -nd are one switch in wget (dirstruct): whichever comes last wins,
# in a wgetrc command too.
t_force_directories_and_no_directories_the_last_one_wins() {
  mkdir -p "$ROOT/a/b"
  printf 'deep\n' > "$ROOT/a/b/d.txt"
  local args
  for args in "-nd -x" "-x -nd" "-r -l1 -nd -x" "-r -l1 -x -nd" "-x -e dirstruct=off" "-nd -e dirstruct=on" \
              "--no-force-directories -x" "-r -l1 --no-force-directories"; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    # shellcheck disable=SC2086
    run_both $args "$BASE/a/b/d.txt"
    assert_same_outcome
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $args"; break; }
  done
  assert_same_file "$CASE_DIR/mw/d.txt" "$ROOT/a/b/d.txt"
}

# --spider -nc: a file already there is not asked about (wget checks -nc
# first); one that is not there is, as without -nc.
t_spider_no_clobber_asks_nothing_for_a_file_there() {
  local args
  for args in "--spider -nc $BASE/q.txt" "--spider -nc $BASE/q.txt $BASE/small.txt" "--spider -nc $BASE/redirect/302/q.txt" \
              "--spider -nc -N $BASE/q.txt" "--spider -nc $BASE/status/404"; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
    printf 'mine\n' | tee "$CASE_DIR/wget/q.txt" > "$CASE_DIR/mw/q.txt"
    # shellcheck disable=SC2086
    run_both $args
    assert_same_outcome
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $args"; break; }
  done
  run_both --spider -nc "$BASE/q.txt"
  [ ! -s "$CASE_DIR/mw.wire" ] || fail "a request was sent: $(tr '\n' '|' < "$CASE_DIR/mw.wire")"
}

run_cases

# Parity with GNU wget 1.21 on the names files get: numbered names (.1, .2)
# in URL order even with -j (wget fetches one URL after another), a
# directory standing where the file goes, and what -N says after a 304.
# The same command with both against the fixture (parity.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity.sh"
start_fixture
for d in na nb nc nd; do mkdir -p "$ROOT/$d" && printf 'from %s\n' "$d" > "$ROOT/$d/x.txt"; done
# the first URL's answer comes last: completion order is not URL order
SAME_NAME=("$BASE/inflight/600/na/x.txt" "$BASE/nb/x.txt" "$BASE/inflight/300/nc/x.txt" "$BASE/nd/x.txt")

t_numbered_names_follow_url_order_with_j() {
  run_tool wget wget -q "${SAME_NAME[@]}"
  run_tool mw "$MW_BIN" -q -j 4 "${SAME_NAME[@]}"
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_files
  [ "$(cat "$CASE_DIR/mw/x.txt.1" 2> /dev/null)" = "from nb" ] || fail "x.txt.1 is not the second URL's"
}

t_no_clobber_with_j_keeps_the_first_urls_file() {
  run_tool wget wget -nc "${SAME_NAME[@]}"
  run_tool mw "$MW_BIN" -nc -j 4 "${SAME_NAME[@]}"
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_files
  [ "$(cat "$CASE_DIR/mw/x.txt" 2> /dev/null)" = "from na" ] || fail "x.txt is not the first URL's"
}

t_a_failed_url_takes_no_number() {
  local urls=("$BASE/inflight/400/gone/x.txt" "$BASE/nb/x.txt" "$BASE/nc/x.txt")
  run_tool wget wget -q "${urls[@]}"
  run_tool mw "$MW_BIN" -q -j 4 "${urls[@]}"
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_files
}

t_a_directory_where_the_file_goes_is_an_error_as_wget() {
  mkdir -p "$CASE_DIR/wget/small.txt" "$CASE_DIR/mw/small.txt"
  run_both "$BASE/small.txt"
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_outcome
  assert_stderr_contains "Cannot write to ‘small.txt’ (Is a directory)."
  [ -d "$CASE_DIR/mw/small.txt" ] || fail "the directory is gone"
}

t_not_modified_is_said_as_wget() {
  run_both -N "$BASE/small.txt"
  run_both -N "$BASE/small.txt"
  assert_same_outcome
  grep -q "not modified on server" "$CASE_DIR/wget.stderr" || fail "wget did not get a 304: $(cat "$CASE_DIR/wget.stderr")"
  assert_stderr_contains "File ‘small.txt’ not modified on server. Omitting download."
}

run_cases

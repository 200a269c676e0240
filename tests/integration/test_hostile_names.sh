# Hostile names: URL segments that decode to path separators, parent
# directories, absolute paths, NUL and control characters, and a
# Content-Disposition naming a file elsewhere. Whatever the name, the only
# files made are regular files directly inside the work directory.
. "$(dirname "$0")/lib.sh"
start_fixture

# Everything under / that a stray write could reach, without the work
# directory, the per-case output and the fixture's log: this must not change.
snapshot() {
  {
    find "$TMP" \( -path "$WORK" -o -name stdout -o -name stderr -o -name 'fixture.*' -o -name 'snap.*' \) -prune \
      -o -type d -printf '%p/\n' -o -printf '%p %s %T@\n'
    find / -maxdepth 1 -printf '%p\n'
    find /etc -maxdepth 1 -newer "$TMP/started" -printf '%p\n' 2>/dev/null
    sha256sum /etc/passwd
  } | sort
}
: > "$TMP/started"

# fetch_all URL... : downloads each URL in an empty work dir and checks
# that nothing appeared outside it and that it holds regular files only.
fetch_all() {
  snapshot > "$CASE_DIR/snap.before"
  local url
  for url in "$@"; do
    run_mw -t 1 "$url"
    [ "$RC" -eq 0 ] || [ "$RC" -eq 8 ] || fail "$url: exit status $RC"
    ! grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$ERR" || fail "$url: a control character reached the terminal"
  done
  snapshot > "$CASE_DIR/snap.after"
  diff "$CASE_DIR/snap.before" "$CASE_DIR/snap.after" > "$CASE_DIR/snap.diff" || fail "files changed outside the work directory: $(head -c 500 "$CASE_DIR/snap.diff")"
  local odd; odd=$(find "$WORK" -mindepth 1 \( -mindepth 2 -o ! -type f \) -print)
  [ -z "$odd" ] || fail "not a plain file directly in the work directory: $odd"
}

t_segments_decoding_to_paths_stay_in_the_work_dir() {
  fetch_all "$BASE/status/200/%2E%2E%2F" "$BASE/status/200/..%2F..%2F..%2Ftmp%2Fpwned" \
    "$BASE/status/200/%2Fetc%2Fpasswd" "$BASE/status/200/%2f" "$BASE/status/200/%2E%2E" \
    "$BASE/status/200/%2E" "$BASE/x/../../../../etc/passwd" "$BASE/status/200/q?a/../../b"
  assert_file_count "$WORK" 7 # the request for /etc/passwd is a 404
  assert_file_absent "$TMP/pwned"
  [ -f "$WORK/%2Fetc%2Fpasswd" ] || fail "the absolute path was not kept as one escaped name"
}

t_nul_and_control_characters_are_escaped() {
  fetch_all "$BASE/status/200/%00" "$BASE/status/200/a%00b" "$BASE/status/200/%0A%0D%1B%5B31m%7F" \
    "$BASE/status/200/tab%09name" "$BASE/status/200/%C0%AF"
  assert_file_count "$WORK" 5
  [ -f "$WORK/%00" ] && [ -f "$WORK/a%00b" ] || fail "NUL was not escaped to %00"
  local bad; bad=$(find "$WORK" -mindepth 1 -name "*[[:cntrl:]]*")
  [ -z "$bad" ] || fail "a name holds a control character: $bad"
}

t_content_disposition_is_not_followed_by_default() {
  fetch_all "$BASE/disposition/..%2F..%2Fevil.txt/small.txt" "$BASE/disposition/%2Fetc%2Fpasswd/small.txt"
  assert_file_count "$WORK" 2
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/small.txt.1" "$ROOT/small.txt"
}

supports() { "$MW_BIN" --help 2>&1 | grep -q -- "$1"; }

t_content_disposition_names_stay_in_the_work_dir() {
  if ! supports --content-disposition; then
    echo "    skip: mini-wget has no --content-disposition yet"
    return
  fi
  local name urls=()
  for name in "..%2F..%2Fevil.txt" "%2Fetc%2Fpasswd" "%2E%2E" "a%2Fb" "%00x" "%09tab"; do
    urls+=("$BASE/disposition/$name/small.txt")
  done
  snapshot > "$CASE_DIR/snap.before"
  for name in "${urls[@]}"; do
    run_mw -t 1 --content-disposition "$name"
    assert_rc 0
  done
  snapshot > "$CASE_DIR/snap.after"
  diff -q "$CASE_DIR/snap.before" "$CASE_DIR/snap.after" > /dev/null || fail "files changed outside the work directory"
  assert_file_count "$WORK" 6
  [ -z "$(find "$WORK" -mindepth 1 \( -mindepth 2 -o ! -type f -o -name "*[[:cntrl:]]*" \))" ] || fail "odd entries made"
}

t_windows_reserved_names_are_changed() {
  if ! supports --restrict-file-names; then
    echo "    skip: mini-wget has no --restrict-file-names yet"
    return
  fi
  local name
  for name in CON aux.txt "a:b" "a*b?c" 'x%5Cy' "NUL.tar.gz" "trailing." "COM1"; do
    run_mw -t 1 --restrict-file-names=windows "$BASE/status/200/$name"
    assert_rc 0
  done
  assert_file_count "$WORK" 8
  local left; left=$(cd "$WORK" && ls | grep -E -i '^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\.|$)|[:*?"<>|\\]|\.$')
  [ -z "$left" ] || fail "names Windows refuses: $left"
}

run_cases

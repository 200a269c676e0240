# File names from the server: --content-disposition, --trust-server-names,
# --default-page, -E and --restrict-file-names; nothing ever lands outside
# the work directory.
. "$(dirname "$0")/lib.sh"
start_fixture
printf '<html><body>php</body></html>\n' > "$ROOT/page.php"
printf 'p { }\n' > "$ROOT/style"

t_content_disposition_names_the_file() {
  run_mw --content-disposition "$BASE/disposition/report%202026.txt/small.txt"
  assert_rc 0
  assert_same_file "$WORK/report 2026.txt" "$ROOT/small.txt"
}

t_content_disposition_is_off_by_default() {
  run_mw "$BASE/disposition/other.txt/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_file_absent "$WORK/other.txt"
}

t_hostile_disposition_names_stay_inside() {
  local name
  for name in '..%2F..%2Fescaped.txt' '%2Fetc%2Fescaped.txt' '..' '..%5C..%5Cescaped.txt'; do
    run_mw --content-disposition -O /dev/null "$BASE/disposition/$name/small.txt"
    run_mw --content-disposition "$BASE/disposition/$name/small.txt"
    [ "$RC" -eq 0 ] || fail "exit $RC for $name"
  done
  [ ! -e "$CASE_DIR/escaped.txt" ] && [ ! -e "$TMP/escaped.txt" ] && [ ! -e /etc/escaped.txt ] || fail "a name escaped"
  [ -z "$(find "$WORK" -mindepth 2)" ] || fail "a subdirectory was made: $(find "$WORK" -mindepth 2)"
  [ -f "$WORK/escaped.txt" ] || fail "the directories were not stripped: $(ls -A "$WORK" | tr '\n' ' ')"
}

t_trust_server_names_uses_the_last_url() {
  run_mw "$BASE/redirect-to?url=%2F3k.bin"
  assert_same_file "$WORK/redirect-to?url=%2F3k.bin" "$ROOT/3k.bin"
  run_mw --trust-server-names "$BASE/redirect-to?url=%2F3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_default_page() {
  run_mw --default-page=main.html "$BASE/dir/"
  assert_rc 0
  assert_same_file "$WORK/main.html" "$ROOT/dir/index.html"
}

t_adjust_extension() {
  run_mw -E "$BASE/page.php"
  assert_rc 0
  assert_same_file "$WORK/page.php.html" "$ROOT/page.php"
  run_mw -E "$BASE/page.php" # as wget: the number goes before the extension -E adds
  assert_same_file "$WORK/page.php.1.html" "$ROOT/page.php"
  assert_file_absent "$WORK/page.php.html.1"
  run_mw -E "$BASE/dir/index.html"
  assert_file_absent "$WORK/index.html.html"
  run_mw -E "$BASE/small.txt"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_restrict_file_names_windows() {
  run_mw --restrict-file-names=windows "$BASE/echo?a=b"
  assert_rc 0
  [ -f "$WORK/echo@a=b" ] || fail "windows mode: $(ls -A "$WORK" | tr '\n' ' ')"
  run_mw --restrict-file-names=windows --content-disposition "$BASE/disposition/CON.txt/small.txt"
  [ -f "$WORK/CON_.txt" ] || fail "a device name was kept: $(ls -A "$WORK" | tr '\n' ' ')"
  run_mw --restrict-file-names=windows -x "$BASE/small.txt" # as wget: host+port, ':' is not allowed there
  [ -f "$WORK/127.0.0.1+$PORT/small.txt" ] || fail "windows host directory: $(cd "$WORK" && find . -name small.txt)"
  run_mw --restrict-file-names=lowercase -O - "$BASE/small.txt" > /dev/null
  run_mw --restrict-file-names=vms "$BASE/small.txt"
  assert_rc 2
}

run_cases

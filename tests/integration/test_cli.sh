# The command line: help from the option table, version, accepted forms.
. "$(dirname "$0")/lib.sh"
start_fixture

t_help_lists_the_options() {
  run_mw --help
  assert_rc 0
  for opt in --output-document --directory-prefix --quiet --no-verbose --max-redirect --inet4-only \
             --inet6-only --connect-timeout --read-timeout --input-file --max-threads --no-config; do
    grep -qF -- "$opt" "$OUT" || fail "--help lacks $opt"
  done
}

t_man_page_comes_from_the_option_table() {
  run_mw --man
  assert_rc 0
  head -n1 "$OUT" | grep -q '^\.TH MINI-WGET 1' || fail "no .TH header"
  "$MW_BIN" --help | grep -o -- '--[a-z0-9-]*' | sort -u | while read -r opt; do
    grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" "$OUT" || echo "missing $opt"
  done > "$CASE_DIR/missing"
  [ ! -s "$CASE_DIR/missing" ] || fail "man page lacks: $(tr '\n' ' ' < "$CASE_DIR/missing")"
}

t_debug_shows_the_request_and_response() {
  run_mw -d "$BASE/small.txt"
  assert_rc 0
  assert_stderr_contains "---request begin---"
  assert_stderr_contains "GET /small.txt HTTP/1.1"
  assert_stderr_contains "---response begin---"
}

t_negative_tries_is_exit_2() {
  run_mw -t -1 "$BASE/small.txt"
  assert_rc 2
  assert_stderr_contains "Invalid value"
}

t_version_names_the_program() {
  run_mw --version
  assert_rc 0
  grep -q "^mini-wget " "$OUT" || fail "no version line"
}

t_no_config_is_accepted() {
  run_mw --no-config -q "$BASE/small.txt"
  assert_rc 0
}

t_short_options_bundle_and_take_attached_values() {
  run_mw -qOout.txt "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/out.txt" "$ROOT/small.txt"
  assert_stderr_empty
}

t_long_options_take_equals_or_next_argument() {
  run_mw --output-document=a.txt -q "$BASE/small.txt"
  assert_same_file "$WORK/a.txt" "$ROOT/small.txt"
  run_mw --output-document b.txt -q "$BASE/small.txt"
  assert_same_file "$WORK/b.txt" "$ROOT/small.txt"
}

t_double_dash_ends_options() {
  run_mw -q -- "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_user_agent_is_sent() {
  run_mw -q -U "probe/1.0" "$BASE/small.txt"
  assert_log_contains "  User-Agent: probe/1.0"
}

run_cases

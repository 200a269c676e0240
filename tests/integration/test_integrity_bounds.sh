# Bounds: no wait without a timeout, no memory that grows with a page, and
# no file name that shows itself as another.
. "$(dirname "$0")/lib.sh"
start_fixture

RLO=$'\xe2\x80\xae' # U+202E RIGHT-TO-LEFT OVERRIDE: "report<RLO>fdp.exe" shows as "reportexe.pdf"
printf 'not a pdf\n' > "$ROOT/report${RLO}fdp.exe"

t_bidi_override_in_a_url_is_escaped_in_the_file_name() {
  run_mw "$BASE/report%E2%80%AEfdp.exe"
  assert_rc 0
  assert_same_file "$WORK/report%E2%80%AEfdp.exe" "$ROOT/report${RLO}fdp.exe"
  assert_file_count "$WORK" 1
  assert_stderr_lacks "$RLO"
}

run_cases

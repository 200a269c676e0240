# wgetrc-style commands (--config, -e) and the progress displays.
. "$(dirname "$0")/lib.sh"
start_fixture

t_execute_sets_options_by_wgetrc_name() {
  run_mw -e tries=1 -e "read_timeout = 1" "$BASE/stall-headers"
  assert_rc 4
  assert_stderr_contains "Giving up."
}

t_execute_negated_switches() {
  run_mw -e "http_keep_alive = off" -q "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 0
  assert_log_contains "  Connection: close"
}

t_unknown_command_is_exit_2() {
  run_mw -e "frobnicate = off" "$BASE/small.txt"
  assert_rc 2
  assert_stderr_contains "Unknown command ‘frobnicate’"
  run_mw -e "tries = lots" "$BASE/small.txt"
  assert_rc 2
}

# wgetrc names that are not long options (reclevel, dir_prefix, add_hostdir,
# dirstruct, html_extension...), and wget commands for what mini-wget does
# not do (FTP): a wgetrc written for wget works, with a warning for those.
t_wgetrc_names_of_wget() {
  printf 'reclevel = 1\ndir_prefix = out\nadd_hostdir = off\npassive_ftp = on\nfollow_ftp = off\n' > "$CASE_DIR/rc"
  run_mw --config "$CASE_DIR/rc" -r -nv "$BASE/dir/index.html"
  assert_rc 0
  [ -f "$WORK/out/dir/index.html" ] || fail "dir_prefix/add_hostdir not applied: $(cd "$WORK" && find . -type f)"
  assert_stderr_contains "passive_ftp"
  printf '%s\n' "$BASE/small.txt" > "$CASE_DIR/list"
  run_mw -e dirstruct=on -e html_extension=on -e "logfile = log.txt" -e "input = $CASE_DIR/list"
  assert_rc 0
  [ -f "$WORK/127.0.0.1:$PORT/small.txt" ] || fail "dirstruct/input not applied"
  grep -q "small.txt" "$WORK/log.txt" || fail "logfile not applied"
}

t_config_file_is_read_first_and_the_command_line_wins() {
  printf '# settings\n\nquiet = on\noutput_document = from-config.txt\n' > "$CASE_DIR/rc"
  run_mw --config "$CASE_DIR/rc" "$BASE/small.txt"
  assert_rc 0
  assert_stderr_empty
  assert_same_file "$WORK/from-config.txt" "$ROOT/small.txt"
  run_mw --config="$CASE_DIR/rc" -O from-cli.txt "$BASE/small.txt"
  assert_same_file "$WORK/from-cli.txt" "$ROOT/small.txt"
}

t_unreadable_config_is_exit_2() {
  run_mw --config "$CASE_DIR/missing" "$BASE/small.txt"
  assert_rc 2
}

t_dot_styles() {
  run_mw --progress=dot:mega "$BASE/5m.bin"
  assert_rc 0
  assert_stderr_contains "     0K ........ ........ ........ ........ ........ ........ 60%"
  assert_stderr_contains "  3072K ........ ........ ........ ........                  100%"
  run_mw --progress=dot:binary -O x "$BASE/1m.bin"
  assert_stderr_contains "   384K ................ ................ ................ 75%"
  run_mw --progress=dot -O y "$BASE/1m.bin" # plain "dot" is the default style
  assert_rc 0
  assert_stderr_contains "   950K .......... .......... .......... .......... .......... 97%"
  run_mw -e progress=dot -O z "$BASE/1m.bin"
  assert_rc 0
}

t_bad_progress_is_exit_2() {
  run_mw --progress=fancy "$BASE/small.txt"
  assert_rc 2
  assert_stderr_contains "--progress: Invalid value ‘fancy’."
}

t_forced_bar_draws_percent_and_rate() {
  run_mw --progress=bar:force -O x "$BASE/1m.bin"
  assert_rc 0
  assert_stderr_contains "100%["
  assert_stderr_contains "B/s"
}

t_show_progress_with_no_verbose() {
  run_mw -nv --show-progress -O x "$BASE/1m.bin"
  assert_rc 0
  assert_stderr_contains " 100%"
  assert_stderr_contains "URL:"
}

run_cases

# Pacing and logs: --limit-rate, -w, -o and -a.
. "$(dirname "$0")/lib.sh"
start_fixture
head -c 204800 /dev/urandom > "$ROOT/200k.bin"

now_ms() { date +%s%3N; }
# What one tiny download takes here (a process start, a connection): the
# upper bounds below are over that, so a slow machine (valgrind, a loaded
# CI) does not pass for a pause too long.
overhead_ms() {
  local start; start=$(now_ms)
  (cd "$WORK" && timeout 60 "$MW_BIN" -q -O /dev/null "$BASE/small.txt")
  echo $(( $(now_ms) - start ))
}

t_limit_rate_holds_the_pace() {
  local extra; extra=$(overhead_ms)
  local start; start=$(now_ms)
  run_mw -q --limit-rate=100k "$BASE/200k.bin"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  assert_same_file "$WORK/200k.bin" "$ROOT/200k.bin"
  # 200 KiB at 100 KiB/s: about 2 s (the first tenth of a second's worth is free)
  [ "$took" -ge 1600 ] && [ "$took" -le $(( 3500 + extra )) ] || fail "took ${took} ms for 2 s of data"
}

t_limit_rate_rejects_nonsense() {
  run_mw --limit-rate=fast "$BASE/small.txt"
  assert_rc 2
}

t_wait_pauses_between_downloads_only() {
  local extra; extra=$(overhead_ms)
  local start; start=$(now_ms)
  run_mw -q -w 1 "$BASE/small.txt" "$BASE/3k.bin"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  [ "$took" -ge 900 ] && [ "$took" -lt $(( 1900 + extra )) ] || fail "took ${took} ms: expected one 1 s pause"
  start=$(now_ms)
  run_mw -q -w 2 "$BASE/small.txt"
  took=$(( $(now_ms) - start ))
  [ "$took" -lt $(( 1500 + extra )) ] || fail "a single download waited (${took} ms)"
}

t_random_wait_varies_around_the_wait() {
  local extra; extra=$(overhead_ms)
  local start; start=$(now_ms)
  run_mw -q -w 1 --random-wait "$BASE/small.txt" "$BASE/3k.bin"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  [ "$took" -ge 400 ] && [ "$took" -lt $(( 2200 + extra )) ] || fail "took ${took} ms: expected a 0.5-1.5 s pause"
}

t_parallel_downloads_draw_a_block_of_bars_on_a_terminal() {
  printf '%s\n' "$BASE/200k.bin" "$BASE/200k.bin" "$BASE/200k.bin" > "$CASE_DIR/list"
  # script(1) gives mini-wget a terminal, as a person running it would
  (cd "$WORK" && TERM=xterm timeout 60 script -qec "$MW_BIN -j 3 --limit-rate=400k -i $CASE_DIR/list" /dev/null \
    > "$CASE_DIR/tty" 2>&1)
  assert_file_count "$WORK" 3
  for f in "$WORK"/200k.bin*; do assert_same_file "$f" "$ROOT/200k.bin"; done
  [ "$(grep -c '100%\[' "$CASE_DIR/tty")" -ge 3 ] || fail "expected a finished bar per download"
  grep -q $'\033\[[0-9]*A' "$CASE_DIR/tty" || fail "the block of bars was never redrawn in place"
  [ "$(grep -a -o '200k.bin\(\.[12]\)\? *[0-9]*%\[' "$CASE_DIR/tty" | sed 's/ .*//' | sort -u | wc -l)" -eq 3 ] ||
    fail "expected bars for three different files"
}

t_output_file_takes_the_log() {
  run_mw -o "$CASE_DIR/log.txt" "$BASE/small.txt"
  assert_rc 0
  assert_stderr_empty
  grep -qF "‘small.txt’ saved [6/6]" "$CASE_DIR/log.txt" || fail "log file lacks the summary"
}

t_append_output_appends() {
  echo "earlier" > "$CASE_DIR/log.txt"
  run_mw -a "$CASE_DIR/log.txt" -nv "$BASE/small.txt"
  assert_rc 0
  [ "$(head -n1 "$CASE_DIR/log.txt")" = earlier ] || fail "-a replaced the log"
  grep -qF 'URL:' "$CASE_DIR/log.txt" || fail "log lacks the -nv line"
}

run_cases

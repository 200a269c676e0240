# Polite retries: a 429 or 503 with Retry-After (seconds or an HTTP date) is
# tried again no sooner than asked (the fixture answers 400 "too early"
# otherwise) and no later than needed; a longer wait than --max-retry-after
# (or --waitretry) allows gives up; --retry-on-http-error without
# Retry-After backs off with jitter bounded by --waitretry; a busy host gets
# fewer of the -j downloads at once.
. "$(dirname "$0")/lib.sh"
start_fixture

now_ms() { date +%s%3N; }
# the upper bounds allow for valgrind's start-up (tests/valgrind.sh); the lower ones never move
slack=0; [ -z "${MW_UNDER_VALGRIND:-}" ] || slack=8000
counts() { curl -s "$BASE/busy-count/$1"; }

t_retry_after_seconds_is_waited_for() {
  local start; start=$(now_ms)
  run_mw "$BASE/busy/503/1/2/secs/small.txt"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains "ERROR 503: Service Unavailable. Retrying in 2s (Retry-After)."
  [ "$(counts secs)" = "requests=2 early=0" ] || fail "server saw $(counts secs)"
  [ "$took" -ge 2000 ] && [ "$took" -le $((4000 + slack)) ] || fail "took ${took} ms for a Retry-After of 2 s"
}

t_retry_after_http_date_is_waited_for() {
  run_mw -nv --results=r.jsonl "$BASE/busy/429/1/d2/date/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_stderr_contains "ERROR 429: Too Many Requests. Retrying in "
  assert_stderr_contains "(Retry-After)."
  [ "$(counts date)" = "requests=2 early=0" ] || fail "server saw $(counts date)"
  grep -q '"retries":1' "$WORK/r.jsonl" || fail "results: $(cat "$WORK/r.jsonl")"
}

t_longer_than_allowed_gives_up_at_once() {
  local start; start=$(now_ms)
  run_mw --waitretry=1 "$BASE/busy/503/1/30/long/small.txt"
  local took=$(( $(now_ms) - start ))
  assert_rc 8
  assert_stderr_contains "The server asks to wait 30s before trying again, longer than the 1s --waitretry allows; giving up."
  assert_file_absent "$WORK/small.txt"
  [ "$(counts long)" = "requests=1 early=0" ] || fail "server saw $(counts long)"
  [ "$took" -le $((1500 + slack)) ] || fail "took ${took} ms to give up"
}

t_max_retry_after_allows_longer_than_waitretry() {
  run_mw -nv --waitretry=0.5 --max-retry-after=3 "$BASE/busy/503/1/1/max/small.txt"
  assert_rc 0
  assert_stderr_contains "Retrying in 1s (Retry-After)."
  [ "$(counts max)" = "requests=2 early=0" ] || fail "server saw $(counts max)"
  run_mw -nv --waitretry=5 --max-retry-after=0.5 "$BASE/busy/503/1/1/max2/small.txt"
  assert_rc 8
  assert_stderr_contains "longer than the 0.5s --max-retry-after allows"
}

t_a_503_without_retry_after_stays_final_as_in_wget() {
  run_mw "$BASE/busy/503/1/-/plain/small.txt"
  assert_rc 8
  assert_stderr_lacks "Retrying"
  [ "$(counts plain)" = "requests=1 early=0" ] || fail "server saw $(counts plain)"
}

t_listed_status_backs_off_with_jitter_within_waitretry() {
  local start; start=$(now_ms)
  run_mw -nv --retry-on-http-error=503 --waitretry=1 "$BASE/busy/503/3/-/jitter/small.txt"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  [ "$(counts jitter)" = "requests=4 early=0" ] || fail "server saw $(counts jitter)"
  local waits; waits=$(grep -o 'Retrying in [0-9.]*s (backoff)' "$ERR" | grep -o '[0-9.]*s' | tr -d s | tr '\n' ' ')
  [ "$(echo "$waits" | wc -w)" -eq 3 ] || fail "waits: $waits"
  local w; for w in $waits; do awk -v w="$w" 'BEGIN { exit !(w >= 0 && w <= 1) }' || fail "a wait of ${w}s, over --waitretry=1"; done
  [ "$took" -le $((4500 + slack)) ] || fail "took ${took} ms"
}

t_tries_bound_polite_retries() {
  run_mw -t 2 "$BASE/busy/429/5/1/tries/small.txt"
  assert_rc 8
  assert_stderr_contains "Giving up."
  [ "$(counts tries)" = "requests=2 early=0" ] || fail "server saw $(counts tries)"
}

t_a_busy_host_gets_fewer_parallel_downloads() {
  # -j 4: the busy URL and three slow ones start together; the counted ones
  # start only as those end (after 600 ms), when the 503 has long come
  local i; echo "$BASE/busy/503/1/1/share/small.txt" > "$WORK/urls"
  for i in 1 2 3; do echo "$BASE/inflight/600/3k.bin?n=$i" >> "$WORK/urls"; done
  for i in 4 5 6 7 8 9; do echo "$BASE/inflight/300/3k.bin?count&n=$i" >> "$WORK/urls"; done
  run_mw -q -j 4 -i urls
  assert_rc 0
  local max; max=$(curl -s "$BASE/inflight-max")
  # 4 slots, one held by the busy URL while it waits: 3 at once without the
  # lowering; halved to 2 for the host (the busy URL's slot counts), so 1, then 2
  case "$max" in max=1|max=2) ;; *) fail "counted requests at once after the 503: $max" ;; esac
  [ "$(find "$WORK" -name '3k.bin*' | wc -l)" -eq 9 ] || fail "not every file came"
}

run_cases

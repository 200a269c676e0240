# --results=FILE: one JSON object per URL attempted, validated line by line
# with python's json module (results_check.py, which also evaluates each
# case's expectations on the objects, r), for lists, -j, -r, --spider, -c,
# -O, failures, and a run killed half-way.
. "$(dirname "$0")/lib.sh"
start_fixture
export BASE ROOT

# check_results FILE LINES EXPRESSION... : FILE is valid, has LINES objects, and each EXPRESSION holds.
check_results() {
  local why; why=$(python3 "$(dirname "$0")/results_check.py" "$@" 2>&1) || fail "$1: $why"
}

t_one_line_per_url_with_its_file_and_digest() {
  printf '%s\n' "$BASE/1m.bin" "$BASE/missing.bin" "" "$BASE/redirect/302/small.txt" > "$WORK/urls"
  run_mw -nv -i urls --results=out.jsonl
  assert_rc 8
  check_results "$WORK/out.jsonl" 3 \
    'r[0]["path"] == "1m.bin" and r[0]["bytes"] == 1048576 and r[0]["status"] == 200 and r[0]["exit"] == 0' \
    'r[0]["sha256"] == sha(env["ROOT"] + "/1m.bin") and r[0]["retries"] == 0 and r[0]["seconds"] >= 0' \
    'r[1]["status"] == 404 and r[1]["exit"] == 8 and r[1]["path"] is None and r[1]["sha256"] is None' \
    '"404" in r[1]["error"] and r[1]["url"] == env["BASE"] + "/missing.bin"' \
    'r[2]["url"] == env["BASE"] + "/redirect/302/small.txt" and r[2]["final_url"] == env["BASE"] + "/small.txt"' \
    'r[2]["sha256"] == sha(env["ROOT"] + "/small.txt") and r[2]["path"] == "small.txt"'
}

t_stdout_and_a_url_that_does_not_parse() {
  run_mw -q --results=- "http://exa mple/" "$BASE/small.txt"
  assert_rc 1
  check_results "$OUT" 2 \
    'r[0]["final_url"] is None and r[0]["status"] is None and r[0]["exit"] == 1 and r[0]["error"]' \
    'r[1]["exit"] == 0 and r[1]["path"] == "small.txt"'
}

t_parallel_downloads_each_get_a_line() {
  local i; : > "$WORK/urls"
  for i in 1 2 3 4 5 6; do echo "$BASE/3k.bin?n=$i" >> "$WORK/urls"; done
  run_mw -q -j 3 -i urls --results=out.jsonl
  assert_rc 0
  check_results "$WORK/out.jsonl" 6 \
    'sorted(o["url"][-1] for o in r) == list("123456")' \
    '{o["sha256"] for o in r} == {sha(env["ROOT"] + "/3k.bin")} and len({o["path"] for o in r}) == 6'
}

t_spider_and_recursion() {
  run_mw -q --spider --results=spider.jsonl "$BASE/small.txt" "$BASE/nothere"
  assert_rc 8
  check_results "$WORK/spider.jsonl" 2 \
    '[(o["status"], o["exit"], o["path"], o["sha256"]) for o in r] == [(200, 0, None, None), (404, 8, None, None)]'
  mkdir -p "$ROOT/site"
  printf '<a href="a.txt">a</a><img src="b.txt">\n' > "$ROOT/site/index.html"
  echo a > "$ROOT/site/a.txt"; echo b > "$ROOT/site/b.txt"
  run_mw -q -r -nH --results=crawl.jsonl "$BASE/site/"
  assert_rc 0
  check_results "$WORK/crawl.jsonl" 4 \
    'sorted(o["url"].rsplit("/", 1)[1] for o in r) == ["", "a.txt", "b.txt", "robots.txt"]' \
    '[o["sha256"] for o in r if o["url"].endswith("a.txt")] == [sha(env["ROOT"] + "/site/a.txt")]' \
    '[o["exit"] for o in r if o["url"].endswith("robots.txt")] == [0]'
}

t_hostile_server_words_stay_valid_json() {
  # a reason phrase with quotes, a backslash, a tab and bytes that are not UTF-8 (and one that is)
  run_mw -q --results=out.jsonl "$BASE/reason/404/%22x%5C%09y%FF%C3%A9%ED%A0%80z"
  assert_rc 8
  check_results "$WORK/out.jsonl" 1 \
    'r[0]["status"] == 404 and r[0]["error"].endswith("ERROR 404: \"x\\\ty\ufffd\u00e9\ufffd\ufffd\ufffdz.")'
}

t_continue_digests_the_whole_file() {
  head -c 400000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  run_mw -q -c --results=out.jsonl "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  check_results "$WORK/out.jsonl" 1 'r[0]["bytes"] == 648576 and r[0]["sha256"] == sha(env["ROOT"] + "/1m.bin")'
}

t_output_document_is_the_path() {
  run_mw -q -O both.out --results=out.jsonl "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 0
  check_results "$WORK/out.jsonl" 2 \
    '[o["path"] for o in r] == ["both.out", "both.out"]' \
    '[o["sha256"] for o in r] == [sha(env["ROOT"] + "/small.txt"), sha(env["ROOT"] + "/3k.bin")]'
  run_mw -q -O - --results=- "$BASE/small.txt"
  assert_rc 2
}

t_a_killed_run_keeps_the_finished_lines() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0  # kills leave valgrind's descriptors open
  printf '%s\n' "$BASE/small.txt" "$BASE/pause-after-head/20000/3k.bin" > "$WORK/urls"
  (cd "$WORK" && exec "$MW_BIN" -q -i urls --results=out.jsonl) &
  local pid=$! i
  for i in $(seq 100); do [ -s "$WORK/out.jsonl" ] && break; sleep 0.05; done
  sleep 0.3
  kill -KILL "$pid"; wait "$pid" 2>/dev/null
  check_results "$WORK/out.jsonl" 1 'r[0]["path"] == "small.txt"'
}

t_unwritable_results_file_is_an_io_error() {
  run_mw -q --results=/nonexistent-dir/r.jsonl "$BASE/small.txt"
  assert_rc 3
  assert_file_absent "$WORK/small.txt"
}

t_progress_json_lines_for_wrappers() {
  run_mw -q --progress=json --limit-rate=400k "$BASE/1m.bin"
  assert_rc 0
  python3 - "$ERR" <<'PY' || fail "--progress=json: $(head -3 "$ERR")"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(events) >= 3, events
assert all(set(e) == {"progress", "received", "total", "seconds", "finished"} for e in events), events
assert [e["finished"] for e in events] == [False] * (len(events) - 1) + [True], events
assert events[-1]["received"] == events[-1]["total"] == 1048576 and events[-1]["progress"] == "1m.bin", events[-1]
assert all(a["received"] <= b["received"] for a, b in zip(events, events[1:])), events
PY
}

run_cases

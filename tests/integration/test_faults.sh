# Faults injected by the fixture (behaviours.c): resets, trickles, short
# chunks, wrong lengths, 1xx storms, odd redirects, early responses and TLS
# failures mid-stream. Each ends with wget's exit status, a message, and no
# file that passes for complete: either none, or a partial one marked
# incomplete that -c then finishes byte for byte.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"

# Four servers: TLS, two answering before they read the request (with and
# without TLS), and plain
# (started last, so BASE and LOG are the plain one's).
start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key"
HTTPS=https://127.0.0.1:$PORT
start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --respond-first
EARLY_TLS=https://127.0.0.1:$PORT
start_fixture --respond-first
EARLY=$BASE EARLY_LOG=$LOG
start_fixture
TLS=(--ca-certificate "$CERTS/ca.pem")

# Extended attributes in $TMP: without them, the incomplete mark cannot be checked.
XATTRS=1
: > "$TMP/xattr-probe"
setfattr -n user.probe -v 1 "$TMP/xattr-probe" 2>/dev/null || { XATTRS=0; echo "note: no user xattrs in $TMP; incomplete marks are not checked"; }

now_ms() { date +%s%3N; }

# assert_partial FILE ORIGINAL MAX: at most MAX bytes, all of them the
# original's first ones, and marked incomplete.
assert_partial() {
  [ -f "$1" ] || { fail "no partial file $1"; return; }
  local size; size=$(stat -c %s "$1")
  [ "$size" -le "$3" ] || fail "$1 holds $size bytes, more than the $3 sent"
  cmp -s -n "$size" "$1" "$2" || fail "$1 is not a prefix of $2"
  if [ "$XATTRS" = 1 ]; then
    getfattr --only-values -n user.mini-wget.incomplete "$1" > /dev/null 2>&1 || fail "$1 is not marked incomplete"
  fi
}

# assert_completed_by_continue FILE ORIGINAL URL [ARGS...]: -c finishes it.
assert_completed_by_continue() {
  local file=$1 orig=$2 url=$3; shift 3
  local had; had=$(stat -c %s "$file" 2>/dev/null || echo 0)
  run_mw -c -t 1 "$@" "$url"
  assert_rc 0
  assert_same_file "$file" "$orig"
  if [ "$had" -gt 0 ] && [ "$XATTRS" = 1 ]; then
    ! getfattr -n user.mini-wget.incomplete "$file" > /dev/null 2>&1 || fail "$file is still marked incomplete"
  fi
}

t_reset_mid_body_is_exit_4_and_c_completes() {
  run_mw -t 1 "$BASE/reset/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Read error at byte 1000 (Connection reset by peer). Giving up."
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$BASE/3k.bin"
  assert_log_contains "  Range: bytes=1000-"
}

t_reset_before_the_body_leaves_no_file() {
  run_mw -t 1 "$BASE/reset/0/3k.bin"
  assert_rc 4
  assert_stderr_contains "Read error at byte 0 (Connection reset by peer). Giving up."
  assert_file_count "$WORK" 0
}

t_reset_mid_large_body_is_exit_4_and_c_completes() { # the splice(2) path
  run_mw -t 1 "$BASE/reset/500000/1m.bin"
  assert_rc 4
  assert_stderr_contains "(Connection reset by peer). Giving up."
  assert_partial "$WORK/1m.bin" "$ROOT/1m.bin" 500000
  assert_completed_by_continue "$WORK/1m.bin" "$ROOT/1m.bin" "$BASE/1m.bin"
}

t_reset_is_retried_from_where_it_stopped() {
  run_mw -t 2 --waitretry 0 "$BASE/reset/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Retrying."
  assert_log_contains "  Range: bytes=1000-"
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
}

# wget's --read-timeout (and -T) limits the silence between two reads, not
# the length of the download: a server sending a byte every 250 ms under a
# 1 s timeout is slow but alive, and both wget and mini-wget wait for it.
# A bound on the whole run is the caller's (timeout(1)); then the file
# left behind must be marked incomplete.
t_slow_loris_trickle_within_the_read_timeout_completes() {
  local start; start=$(now_ms)
  run_mw -t 1 -T 1 "$BASE/trickle/250/small.txt"
  local took=$(( $(now_ms) - start ))
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  [ "$took" -ge 1200 ] || fail "6 bytes at 250 ms each came in ${took} ms"
}

t_trickle_cut_short_from_outside_leaves_a_marked_file() {
  if [ -n "${MW_UNDER_VALGRIND:-}" ]; then
    echo "    skip: under valgrind, a killed run's open descriptors would count as leaks"
    return
  fi
  (cd "$WORK" && timeout -s INT 1.5 "$MW_BIN" -q -t 1 -T 1 "$BASE/trickle/1/3k.bin")
  local rc=$?
  [ "$rc" -ne 0 ] || fail "3000 bytes at 1 ms each finished within 1.5 s"
  if [ -e "$WORK/3k.bin" ]; then
    assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 3000
    assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$BASE/3k.bin"
  fi
}

t_chunk_shorter_than_announced_is_exit_4_and_c_completes() {
  run_mw -t 1 "$BASE/chunk-short/3k.bin"
  assert_rc 4
  assert_stderr_contains "Connection closed at byte 1500 before the end of the body; the file is incomplete. Giving up."
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1500
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$BASE/3k.bin"
}

t_content_length_too_long_is_exit_4_and_c_completes() {
  run_mw -t 1 "$BASE/cut/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Connection closed at byte 1000 of 3000; the file is incomplete. Giving up."
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$BASE/3k.bin"
}

# Bytes after the announced body, on a kept-alive connection, end with a
# forged response: the next request must not take it for its answer.
check_extra_bytes() { # BASE [mini-wget args...]
  local base=$1; shift
  run_mw -t 1 "$@" "$base/extra/3000/3k.bin" "$base/small.txt"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  rm -f "$WORK/3k.bin" "$WORK/small.txt"
  run_mw -t 1 "$@" "$base/extra/1000/3k.bin" "$base/small.txt"
  assert_rc 0
  [ "$(stat -c %s "$WORK/3k.bin")" -eq 1000 ] && cmp -s -n 1000 "$WORK/3k.bin" "$ROOT/3k.bin" ||
    fail "3k.bin should be the 1000 bytes Content-Length announced"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_content_length_too_short_does_not_corrupt_the_next_request() {
  check_extra_bytes "$BASE"
}

t_content_length_too_short_over_tls_does_not_corrupt_the_next_request() {
  check_extra_bytes "$HTTPS" "${TLS[@]}"
}

# /malformed/duplicate-length (two different Content-Length values) is
# covered by test_errors.sh: exit 7, "Malformed response", no file.

t_interim_responses_under_the_limit_are_skipped() {
  run_mw -t 1 "$BASE/informational/16/3k.bin"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_interim_responses_over_the_limit_are_exit_7() {
  run_mw -t 1 "$BASE/informational/17/3k.bin"
  assert_rc 7
  assert_stderr_contains "Malformed response: Too many informational (1xx) responses."
  assert_file_count "$WORK" 0
  local start; start=$(now_ms)
  run_mw -t 1 "$BASE/informational/100000/3k.bin"
  assert_rc 7
  assert_stderr_contains "Too many informational (1xx) responses"
  assert_file_count "$WORK" 0
  [ $(( $(now_ms) - start )) -lt 10000 ] || fail "a 1xx storm took more than 10 s"
}

t_redirect_to_a_non_http_scheme_is_refused() {
  local target scheme
  for target in "ftp://127.0.0.1/x" "file:///etc/passwd" "javascript:alert(1)" "data:text/plain,hi"; do
    scheme=${target%%:*}
    run_mw -t 1 "$BASE/redirect-to?url=$(printf '%s' "$target" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
    assert_rc 1
    assert_stderr_contains "$target: Unsupported scheme ‘$scheme’."
    assert_file_count "$WORK" 0
  done
}

t_response_sent_before_the_request_is_taken_as_its_answer() {
  # As wget does: the bytes on the connection are the answer; nothing hangs.
  run_mw -t 1 "$EARLY/small.txt" "$EARLY/3k.bin"
  assert_rc 0
  [ "$(cat "$WORK/small.txt")" = "early response" ] || fail "small.txt is not the early response"
  [ "$(cat "$WORK/3k.bin")" = "early response" ] || fail "3k.bin is not the early response"
  grep -q "GET /3k.bin " "$EARLY_LOG" || fail "the request was not sent"
  rm -f "$WORK"/*
  run_mw -t 1 "${TLS[@]}" "$EARLY_TLS/small.txt"
  assert_rc 0
  [ "$(cat "$WORK/small.txt")" = "early response" ] || fail "over TLS, small.txt is not the early response"
}

# With -j, failures come interleaved: under -nv each names its URL on the
# line before its message, as wget does for error answers ("URL:" then
# "ERROR 500").
t_nv_names_the_url_of_each_failure() {
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run_mw -nv -j 4 -t 1 "$BASE/status/500" "$BASE/cut/10/3k.bin" "$BASE/malformed/chunk" "$BASE/reset/3/small.txt" \
    "http://127.0.0.1:$port/refused"
  assert_rc 4
  local url
  for url in "$BASE/status/500" "$BASE/cut/10/3k.bin" "$BASE/malformed/chunk" "$BASE/reset/3/small.txt" \
    "http://127.0.0.1:$port/refused"; do
    grep -qxF "$url:" "$ERR" || fail "no line names $url"
  done
  grep -A1 -xF "$BASE/status/500:" "$ERR" | grep -q "ERROR 500: Internal Server Error." || fail "the URL line is not followed by its error"
}

t_tls_reset_mid_body_is_exit_4_and_c_completes() {
  run_mw -t 1 "${TLS[@]}" "$HTTPS/reset/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Read error at byte 1000 (Connection reset by peer). Giving up."
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$HTTPS/3k.bin" "${TLS[@]}"
}

t_tls_close_notify_mid_body_is_exit_4_and_c_completes() {
  run_mw -t 1 "${TLS[@]}" "$HTTPS/close-notify/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Connection closed at byte 1000 of 3000; the file is incomplete. Giving up."
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$HTTPS/3k.bin" "${TLS[@]}"
}

t_tls_bad_record_mid_body_is_exit_4_and_c_completes() {
  run_mw -t 1 "${TLS[@]}" "$HTTPS/bad-record/1000/3k.bin"
  assert_rc 4
  assert_stderr_contains "Read error at byte 1000 ("
  assert_stderr_contains "bad record mac"
  assert_partial "$WORK/3k.bin" "$ROOT/3k.bin" 1000
  assert_completed_by_continue "$WORK/3k.bin" "$ROOT/3k.bin" "$HTTPS/3k.bin" "${TLS[@]}"
}

t_tls_failures_on_a_large_body_are_exit_4() {
  local kind
  for kind in reset close-notify bad-record; do
    rm -f "$WORK/1m.bin"
    run_mw -t 1 "${TLS[@]}" "$HTTPS/$kind/500000/1m.bin"
    assert_rc 4
    assert_stderr_contains "Giving up."
    assert_partial "$WORK/1m.bin" "$ROOT/1m.bin" 500000
  done
}

run_cases

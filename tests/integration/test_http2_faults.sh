# HTTP/2 servers that misbehave where nginx cannot (mw-fixture --h2 MODE,
# cleartext, spoken to by prior knowledge): every case ends, in bounded
# time and memory, with a clear error and the right exit status.
. "$(dirname "$0")/lib.sh"

# start_h2 MODE : sets H2 to a fixture speaking HTTP/2 as MODE says.
start_h2() {
  start_fixture --h2 "$1"
  H2=$BASE
}

mw_h2() { run_mw --http2-prior-knowledge -t 1 "$@"; }

t_well_behaved_fixture_is_fetched() {
  start_h2 ok
  mw_h2 -O got "$H2/a"
  assert_rc 0
  [ "$(cat "$WORK/got")" = hello ] || fail "body: $(cat "$WORK/got")"
}

t_stalled_body_times_out() {
  start_h2 stall
  local start=$SECONDS
  mw_h2 -T 2 -O got "$H2/a"
  assert_rc 4
  assert_stderr_contains "Read error at byte 1000"
  assert_stderr_contains "timed out"
  [ $((SECONDS - start)) -lt 20 ] || fail "took $((SECONDS - start)) s"
}

t_closed_window_times_out_the_upload() {
  start_h2 window-zero
  mw_h2 -T 2 -O got --post-data="$(head -c 5000 /dev/zero | tr '\0' a)" "$H2/a"
  assert_rc 4
  assert_stderr_contains "timed out"
}

t_endless_continuation_is_refused() {
  start_h2 continuation
  mw_h2 -T 20 "$H2/a"
  assert_rc 7
  assert_stderr_contains "Malformed HTTP/2 response"
  assert_file_count "$WORK" 0
}

t_endless_empty_continuation_is_refused() {
  start_h2 empty-continuation
  mw_h2 -T 20 -O got "$H2/a"
  assert_rc 7
  assert_stderr_contains "Malformed HTTP/2 response"
}

t_frame_on_stream_zero_is_a_protocol_error() {
  start_h2 bad-frame
  mw_h2 -T 20 -O got "$H2/a"
  assert_rc 7
  assert_stderr_contains "Malformed HTTP/2 response"
}

t_goaway_for_every_request_gives_up() {
  start_h2 goaway
  local start=$SECONDS
  mw_h2 -T 20 -O got "$H2/a"
  assert_rc 4
  assert_stderr_contains "REFUSED_STREAM"
  [ $((SECONDS - start)) -lt 20 ] || fail "took $((SECONDS - start)) s"
}

t_refused_stream_is_sent_again() {
  start_h2 refuse-odd
  mw_h2 -O got "$H2/a"
  assert_rc 0
  [ "$(cat "$WORK/got")" = hello ] || fail "body: $(cat "$WORK/got")"
}

run_cases

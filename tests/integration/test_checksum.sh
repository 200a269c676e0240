# --checksum=ALGO:HEX and --checksums=FILE: each body checked as it
# streams; a mismatch is exit 1 and the file is not left under its name;
# -c checks the whole file, kept bytes included; --chunk-size's parts too.
. "$(dirname "$0")/lib.sh"
start_fixture

sum() { "$1sum" < "$ROOT/$2" | cut -d' ' -f1; }

t_right_digest_keeps_the_file() {
  run_mw "--checksum=sha256:$(sum sha256 1m.bin)" "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_stderr_contains "Checksum ok: sha256 $(sum sha256 1m.bin)."
}

t_every_algorithm_and_upper_case_hex() {
  local algo
  for algo in md5 sha1 sha512; do
    run_mw -q "--checksum=$algo:$(sum $algo 3k.bin | tr a-f A-F)" -O "$algo.out" "$BASE/3k.bin"
    assert_rc 0
    assert_same_file "$WORK/$algo.out" "$ROOT/3k.bin"
  done
}

t_mismatch_is_exit_1_and_no_file() {
  run_mw "--checksum=sha256:$(sum sha256 small.txt)" "$BASE/5m.bin"
  assert_rc 1
  assert_stderr_contains "Checksum mismatch for ‘5m.bin’: expected sha256 $(sum sha256 small.txt), got $(sum sha256 5m.bin); the file is removed."
  assert_file_count "$WORK" 0
}

t_bad_checksum_options_are_usage_errors() {
  run_mw -q --checksum=sha256:abc "$BASE/small.txt"
  assert_rc 2
  run_mw -q --checksum=crc32:0123abcd "$BASE/small.txt"
  assert_rc 2
  run_mw -q "--checksum=md5:$(sum md5 small.txt)" "$BASE/small.txt" "$BASE/3k.bin"
  assert_rc 2
  assert_stderr_contains "--checksum is for one URL"
  printf 'not a line\n' > "$WORK/sums"
  run_mw -q --checksums=sums "$BASE/small.txt"
  assert_rc 2
  assert_stderr_contains "sums:1: not a checksum line"
  run_mw -q --checksums=missing "$BASE/small.txt"
  assert_rc 2
  assert_file_count "$WORK" 1
}

t_checksums_file_by_name_url_and_tag() {
  # sha256sum's own output names files; a URL names one URL; --tag lines and md5sum's too
  (cd "$ROOT" && sha256sum 1m.bin && md5sum 3k.bin && sha512sum --tag small.txt) > "$WORK/sums"
  echo "$(sum sha1 5m.bin)  $BASE/5m.bin" >> "$WORK/sums"
  printf '%s\n' "$BASE/1m.bin" "$BASE/3k.bin" "$BASE/small.txt" "$BASE/5m.bin" > "$WORK/urls"
  run_mw -j 2 -i urls --checksums=sums --results=r.jsonl
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  [ "$(grep -c '"checksum":"ok"' "$WORK/r.jsonl")" -eq 4 ] || fail "results: $(cat "$WORK/r.jsonl")"
}

t_checksums_file_mismatch_fails_only_that_url() {
  (cd "$ROOT" && sha256sum small.txt 3k.bin) > "$WORK/sums"
  echo "$(sum sha256 small.txt)  1m.bin" >> "$WORK/sums"
  printf '%s\n' "$BASE/small.txt" "$BASE/1m.bin" "$BASE/3k.bin" "$BASE/empty.bin" > "$WORK/urls"
  run_mw -nv -i urls --checksums=sums
  assert_rc 1
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_file_absent "$WORK/1m.bin"
  assert_stderr_contains "Checksum mismatch for ‘1m.bin’"
  # a URL the file has no digest for is fetched, unverified, and named
  assert_same_file "$WORK/empty.bin" "$ROOT/empty.bin"
  assert_stderr_contains "No checksum for $BASE/empty.bin (or ‘empty.bin’) in sums; it is not verified."
}

t_continue_checks_the_kept_bytes_too() {
  head -c 300000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 1m.bin)" "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_stderr_contains "Checksum ok"
  # kept bytes that are not the server's: the resumed file as a whole is wrong
  head -c 300000 /dev/zero > "$WORK/1m.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 1m.bin)" "$BASE/1m.bin"
  assert_rc 1
  assert_stderr_contains "Checksum mismatch for ‘1m.bin’"
  assert_file_absent "$WORK/1m.bin"
}

t_continue_checks_a_file_already_complete() {
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 3k.bin)" "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "Checksum ok"
  head -c 3000 /dev/zero > "$WORK/3k.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 3k.bin)" "$BASE/3k.bin"
  assert_rc 1
  assert_stderr_contains "already complete: expected sha256"
  [ "$(wc -c < "$WORK/3k.bin")" -eq 3000 ] || fail "the user's file changed"
}

t_continue_checks_a_complete_file_a_rangeless_server_confirms() {
  # a 200 no longer than a local file without our mark: "already fully retrieved", checked whole
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 3k.bin)" "$BASE/ignore-range/3k.bin"
  assert_rc 0
  assert_stderr_contains "already fully retrieved"
  assert_stderr_contains "Checksum ok"
  head -c 3000 /dev/zero > "$WORK/3k.bin"
  run_mw -c "--checksum=sha256:$(sum sha256 3k.bin)" "$BASE/ignore-range/3k.bin"
  assert_rc 1
  assert_stderr_contains "already complete: expected sha256"
  cmp -s "$WORK/3k.bin" <(head -c 3000 /dev/zero) || fail "the user's file changed"
}

t_chunked_download_is_checked_whole() {
  run_mw -q --chunk-size=256k "--checksum=sha256:$(sum sha256 1m.bin)" "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  rm -f "$WORK/1m.bin"
  run_mw -q --chunk-size=256k "--checksum=sha256:$(sum sha256 3k.bin)" "$BASE/1m.bin"
  assert_rc 1
  assert_file_count "$WORK" 0
}

t_compressed_body_is_checked_decoded() {
  run_mw -q --compression=auto "--checksum=sha256:$(sum sha256 1m.bin)" "$BASE/gzip/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
}

run_cases

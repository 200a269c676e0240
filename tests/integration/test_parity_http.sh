# Parity with GNU wget 1.21 on HTTP connections and credentials: the same
# command with both against the fixture, compared by exit status, files and
# requests on the wire (parity.sh). Authentication (Basic sent at once after
# a host's first challenge; .netrc filling the missing half), answers whose
# body has no framing, and connections kept after 404 and 304.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity.sh"
start_fixture
for i in 1 2 3 4 5 6; do printf 'file %s\n' "$i" > "$ROOT/f$i.txt"; done
AUTH=$BASE/auth/basic/alice/s3cret

t_basic_goes_at_once_after_a_hosts_first_challenge() {
  run_both --user alice --password s3cret "$AUTH/small.txt" "$AUTH/3k.bin" "$BASE/f1.txt" "$AUTH/f2.txt"
  assert_same_outcome
  # one challenge, then Basic on every request to the host, on one connection
  [ "$(grep -c '^c' "$CASE_DIR/mw.wire")" -eq 5 ] || fail "expected 5 requests: $(tr '\n' '|' < "$CASE_DIR/mw.wire")"
  [ "$(grep -c 'Authorization: Basic' "$CASE_DIR/mw.wire")" -eq 4 ] || fail "Basic was not sent at once after the challenge"
  [ "$(connections mw)" -eq 1 ] || fail "mini-wget opened $(connections mw) connections"
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
}

t_basic_at_once_is_not_for_url_credentials() {
  run_both "http://alice:s3cret@127.0.0.1:$PORT/auth/basic/alice/s3cret/small.txt" \
    "http://alice:s3cret@127.0.0.1:$PORT/auth/basic/alice/s3cret/f1.txt"
  assert_same_outcome
  [ "$(grep -c '^c' "$CASE_DIR/mw.wire")" -eq 4 ] || fail "each URL should have been challenged"
}

t_netrc_fills_the_missing_half_as_wget() {
  printf 'machine 127.0.0.1\n  login frank\n  password pw\n' > "$HOME/.netrc"
  chmod 600 "$HOME/.netrc"
  local url=$BASE/auth/basic/frank/pw/small.txt args
  # --user with netrc's login: its password; another login: nothing is sent;
  # --password alone: netrc's login, and its password over the given one;
  # an empty --password is a password (not filled in)
  for args in "--user=frank" "--user=other" "--password=zzz" "--password=pw" "--user=frank --password="; do
    # shellcheck disable=SC2086
    run_both $args "$url"
    assert_same_outcome
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $args"; break; }
  done
  run_both --user frank --no-netrc "$url"
  assert_same_outcome
  rm -f "$HOME/.netrc"
}

t_netrc_default_entry_is_not_for_http_as_wget() {
  printf 'default login gina password pw\n' > "$HOME/.netrc"
  chmod 600 "$HOME/.netrc"
  run_both "$BASE/auth/basic/gina/pw/small.txt"
  assert_same_outcome
  [ "$RC_mw" -eq 6 ] || fail "exit status $RC_mw, expected 6"
  rm -f "$HOME/.netrc"
}

# A 401, redirect or error with a body but no length, no chunks and no
# Connection: close, on a connection the server keeps open: the body's end
# is unknown, so the connection is dropped (wget too) and the next request
# goes on a new one, never reading the old body as its answer.
t_unframed_answers_are_never_reused() {
  local path
  for path in ph/nolen/302/small.txt ph/nolen/404/small.txt ph/nolen/500/small.txt ph/nolen/401/small.txt \
              ph/nolen10/302/small.txt ph/nolen10/404/small.txt; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    run_both -t 1 "$BASE/$path" "$BASE/f1.txt"
    assert_same_outcome
    assert_same_file "$CASE_DIR/mw/f1.txt" "$ROOT/f1.txt"
    [ "$(connections mw)" -eq 2 ] || fail "$path: $(connections mw) connections, expected 2"
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $path"; break; }
  done
}

# The same answers with a short chunked body: its end is known, so it is
# read and dropped and the connection goes on, as wget's does.
t_chunked_short_answers_keep_the_connection() {
  local path
  for path in ph/chunked/302/small.txt ph/chunked/404/small.txt ph/chunked/401/small.txt auth/basic/x/y/small.txt; do
    rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
    run_both -t 1 --user a --password b "$BASE/$path" "$BASE/f1.txt"
    assert_same_outcome
    assert_same_file "$CASE_DIR/mw/f1.txt" "$ROOT/f1.txt"
    [ "$(connections mw)" -eq 1 ] || fail "$path: $(connections mw) connections, expected 1"
    [ "$CASE_FAILED" -eq 0 ] || { fail "with $path"; break; }
  done
}

# A redirect whose body ends early (the server closes): the answer is in,
# only the connection is lost; the redirect is followed on a new one.
t_redirect_body_cut_short_is_still_followed() {
  run_both -t 2 "$BASE/ph/cut-redirect/small.txt"
  assert_same_outcome
  assert_same_file "$CASE_DIR/mw/small.txt" "$ROOT/small.txt"
}

t_unframed_challenge_then_the_file() {
  run_both --user a --password b "$BASE/ph/nolen-auth/a/b/small.txt" "$BASE/f1.txt"
  assert_same_outcome
  assert_same_file "$CASE_DIR/mw/small.txt" "$ROOT/small.txt"
  assert_same_file "$CASE_DIR/mw/f1.txt" "$ROOT/f1.txt"
}

t_error_answers_keep_the_connection_as_wget() {
  run_both -t 1 "$BASE/f1.txt" "$BASE/status/404" "$BASE/f2.txt" "$BASE/missing.txt" "$BASE/status/500" "$BASE/f3.txt"
  assert_same_outcome
  [ "$RC_mw" -eq 8 ] || fail "exit status $RC_mw, expected 8"
  [ "$(connections mw)" -eq 1 ] || fail "mini-wget opened $(connections mw) connections, wget $(connections wget)"
}

t_timestamping_unchanged_files_reuse_one_connection() {
  local tool i
  for tool in wget mw; do
    mkdir -p "$CASE_DIR/$tool"
    for i in 1 2 3 4 5 6; do cp -p "$ROOT/f$i.txt" "$CASE_DIR/$tool/"; done
  done
  run_both -N "$BASE/f1.txt" "$BASE/f2.txt" "$BASE/f3.txt" "$BASE/status/404" "$BASE/f4.txt" "$BASE/f5.txt" "$BASE/f6.txt"
  assert_same_outcome
  [ "$(connections mw)" -eq 1 ] || fail "mini-wget opened $(connections mw) connections for unchanged files"
  [ "$(find "$CASE_DIR/mw" -type f | wc -l)" -eq 6 ] || fail "files were added or lost"
}

t_remirror_of_an_unchanged_site_uses_one_connection() {
  mkdir -p "$ROOT/site"
  local links="" i
  for i in $(seq 1 12); do printf 'page %s\n' "$i" > "$ROOT/site/p$i.txt"; links="$links<a href=\"p$i.txt\">$i</a>"; done
  printf '<html><body>%s</body></html>\n' "$links" > "$ROOT/site/index.html"
  run_both -m -nH -e robots=off "$BASE/site/"
  assert_same_outcome
  # wget 1.21 stops at the 304 of the top page (it does not read the local
  # copy for links); mini-wget reads it and asks for every file again, all
  # on the one connection, as wget keeps it across 304s
  run_tool mw "$MW_BIN" -m -nH -e robots=off "$BASE/site/"
  [ "$RC_mw" -eq 0 ] || fail "exit status $RC_mw"
  [ "$(grep -c '^c' "$CASE_DIR/mw.wire")" -eq 13 ] || fail "the re-mirror did not ask for every file once"
  [ "$(connections mw)" -eq 1 ] || fail "the re-mirror opened $(connections mw) connections"
  [ "$(find "$CASE_DIR/mw" -type f | wc -l)" -eq 13 ] || fail "files were added or lost"
}

run_cases

# Integrity: a user's files are never written over or deleted by what a
# download only passes through, and secrets stay with the origin they were
# given for.
. "$(dirname "$0")/lib.sh"
start_fixture
MAIN_LOG=$LOG MAIN_BASE=$BASE MAIN_PORT=$PORT
start_fixture # a second server: "another host" (another port) for redirects and crawls
OTHER_LOG=$LOG OTHER_PORT=$PORT OTHER_BASE=$BASE
LOG=$MAIN_LOG BASE=$MAIN_BASE PORT=$MAIN_PORT

# ---- -O with -j ----

t_output_document_refuses_parallel_downloads() {
  run_mw -j 2 -O out "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 2
  assert_stderr_contains 'their bodies would interleave'
  assert_file_count "$WORK" 0
}

t_output_to_stdout_refuses_parallel_downloads() {
  run_mw -j 3 -O - "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 2
  [ ! -s "$OUT" ] || fail "bodies reached stdout"
}

t_output_document_refuses_a_parallel_list() {
  printf '%s\n' "$BASE/1m.bin" "$BASE/small.txt" > "$CASE_DIR/list"
  run_mw -j 2 -O out -i "$CASE_DIR/list"
  assert_rc 2
}

t_output_document_with_one_job_writes_in_order() {
  run_mw -j 1 -O out "$BASE/1m.bin" "$BASE/5m.bin"
  assert_rc 0
  cat "$ROOT/1m.bin" "$ROOT/5m.bin" > "$CASE_DIR/both"
  assert_same_file "$WORK/out" "$CASE_DIR/both"
}

t_output_document_with_one_url_may_use_jobs() {
  run_mw -j 4 -O out "$BASE/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/1m.bin"
}

# ---- secrets stay with their origin ----

# url-encodes the few characters of a loopback URL for /redirect-to?url=
encoded() { printf %s "$1" | sed 's/:/%3A/g; s,/,%2F,g'; }

# A request log's lines from request $1 on (logs are shared by the cases).
log_since() { tail -n +"$(( $2 + 1 ))" "$1"; }

# wget's CVE-2021-31879: --header secrets went along to the redirect's host.
t_secret_headers_stay_off_a_redirect_to_another_port() {
  local main_before other_before
  main_before=$(wc -l < "$LOG") other_before=$(wc -l < "$OTHER_LOG")
  run_mw --header 'Authorization: Bearer tok-redirect' --header 'Cookie: sid=cookie-redirect' \
    --header 'Proxy-Authorization: Basic cHJveHktcmVkaXJlY3Q=' --header 'X-Kept: kept-redirect' \
    -O echo "$BASE/redirect-to?url=$(encoded "$OTHER_BASE/echo")"
  assert_rc 0
  log_since "$LOG" "$main_before" | grep -qF 'Authorization: Bearer tok-redirect' || fail "the first server lacked the header"
  log_since "$LOG" "$main_before" | grep -qF 'Cookie: sid=cookie-redirect' || fail "the first server lacked the cookie"
  ! grep -qiE 'tok-redirect|cookie-redirect|cHJveHktcmVkaXJlY3Q=' "$OTHER_LOG" || fail "a secret header reached the other port"
  grep -qF 'X-Kept: kept-redirect' "$WORK/echo" || fail "an ordinary --header was dropped too"
}

t_secret_headers_stay_off_another_host_name() {
  run_mw --header 'Authorization: Bearer tok-hostname' -O echo \
    "$BASE/redirect-to?url=$(encoded "http://localhost:$PORT/echo")"
  assert_rc 0
  ! grep -qF 'tok-hostname' "$WORK/echo" || fail "the header reached localhost, another host than 127.0.0.1"
}

t_secret_headers_follow_a_redirect_on_the_same_origin() {
  run_mw --header 'Authorization: Bearer tok-same' --header 'Cookie: sid=cookie-same' -O echo "$BASE/redirect/302/echo"
  assert_rc 0
  grep -qF 'Authorization: Bearer tok-same' "$WORK/echo" || fail "the header was dropped on the same origin"
  grep -qF 'Cookie: sid=cookie-same' "$WORK/echo" || fail "the cookie was dropped on the same origin"
}

# A page on the main server linking to the same files on both servers.
make_crawl_page() {
  mkdir -p "$ROOT/crawl-auth"
  printf '<html><a href="/auth/basic/alice/s3cret/small.txt">home</a>
<a href="http://127.0.0.1:%s/auth/basic/alice/s3cret/3k.bin">away</a>
<a href="http://127.0.0.1:%s/echo">echo</a></html>\n' "$OTHER_PORT" "$OTHER_PORT" > "$ROOT/crawl-auth/index.html"
}

# --user goes to the start URL's scheme+host+port only, not to the links of
# a crawl on another port (with -H or without: the host is the same).
t_crawl_credentials_stay_on_the_start_origin() {
  make_crawl_page
  local other_before
  for opts in "-r -H" "-r" "-r -H --auth-no-challenge" "-r --http-user=alice --http-password=s3cret"; do
    other_before=$(wc -l < "$OTHER_LOG")
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086
    run_mw $opts -l 1 -nd --user alice --password s3cret "$BASE/crawl-auth/index.html"
    assert_rc 6 # the other port asks, and no credentials answer it
    assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
    assert_file_absent "$WORK/3k.bin"
    ! log_since "$OTHER_LOG" "$other_before" | grep -qi '^  authorization' || fail "credentials reached the other port ($opts)"
    log_since "$OTHER_LOG" "$other_before" | grep -qF 'GET /auth/basic/alice/s3cret/3k.bin' || fail "the link was not followed ($opts)"
  done
}

t_crawl_secret_headers_stay_on_the_start_origin() {
  make_crawl_page
  local other_before
  other_before=$(wc -l < "$OTHER_LOG")
  run_mw -r -H -l 1 -nd --header 'Authorization: Bearer tok-crawl' --header 'Cookie: sid=cookie-crawl' \
    "$BASE/crawl-auth/index.html"
  log_since "$OTHER_LOG" "$other_before" | grep -qF 'GET /echo' || fail "the link was not followed"
  ! log_since "$OTHER_LOG" "$other_before" | grep -qE 'tok-crawl|cookie-crawl' || fail "a secret header reached the other port"
}

t_crawl_netrc_entries_stay_on_their_hosts() {
  make_crawl_page
  local other_before
  other_before=$(wc -l < "$OTHER_LOG")
  printf 'machine localhost login alice password s3cret\n' > "$HOME/.netrc"
  run_mw -r -H -l 1 -nd --auth-no-challenge "http://localhost:$PORT/crawl-auth/index.html"
  rm -f "$HOME/.netrc"
  ! log_since "$OTHER_LOG" "$other_before" | grep -qi '^  authorization' || fail "localhost's .netrc entry reached 127.0.0.1"
}

# ---- pages fetched only to be read and deleted ----

# A small site whose directory pages (saved as index.html) link onwards.
make_site() {
  mkdir -p "$ROOT/site/sub"
  printf '<html><a href="a.txt">a</a> <a href="sub/">sub</a></html>\n' > "$ROOT/site/index.html"
  printf 'AAA\n' > "$ROOT/site/a.txt"
  printf '<html><a href="../a.txt">a</a> <a href="b.txt">b</a></html>\n' > "$ROOT/site/sub/index.html"
  printf 'BBB\n' > "$ROOT/site/sub/b.txt"
}

# The user's own files where the crawl's pages would be saved.
plant_users_files() {
  mkdir -p "$1/sub"
  printf 'mine\n' > "$1/index.html"
  printf 'mine too\n' > "$1/sub/index.html"
  cp "$1/index.html" "$CASE_DIR/index.mine"
  cp "$1/sub/index.html" "$CASE_DIR/sub-index.mine"
}

assert_users_files_untouched() {
  assert_same_file "$1/index.html" "$CASE_DIR/index.mine"
  assert_same_file "$1/sub/index.html" "$CASE_DIR/sub-index.mine"
}

# Every file under $1 with its bytes, to compare two trees.
tree_listing() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

# wget saves a rejected page to NAME.tmp and deletes only that.
t_rejected_pages_leave_the_users_files_alone_as_wget() {
  make_site
  plant_users_files "$WORK"
  run_mw -r -nH --cut-dirs=1 -R 'index.html*' "$BASE/site/"
  assert_rc 0
  assert_users_files_untouched "$WORK"
  assert_same_file "$WORK/a.txt" "$ROOT/site/a.txt"
  assert_same_file "$WORK/sub/b.txt" "$ROOT/site/sub/b.txt"
  assert_stderr_contains 'Removing index.html.tmp since it should be rejected.'
  if command -v wget > /dev/null; then
    local theirs=$CASE_DIR/wget
    mkdir -p "$theirs"
    plant_users_files "$theirs"
    (cd "$theirs" && wget -q -r -nH --cut-dirs=1 -R 'index.html*' "$BASE/site/")
    [ "$(tree_listing "$WORK")" = "$(tree_listing "$theirs")" ] || fail "the files differ from wget's: $(diff <(tree_listing "$WORK") <(tree_listing "$theirs") | tr '\n' ' ')"
  fi
}

t_accept_list_leaves_the_users_index_alone() {
  make_site
  plant_users_files "$WORK"
  run_mw -r -nH --cut-dirs=1 -A txt "$BASE/site/"
  assert_rc 0
  assert_users_files_untouched "$WORK"
  assert_same_file "$WORK/sub/b.txt" "$ROOT/site/sub/b.txt"
}

t_spider_crawl_leaves_the_users_index_alone() {
  make_site
  plant_users_files "$WORK"
  run_mw --spider -r -nH --cut-dirs=1 "$BASE/site/"
  assert_rc 0
  assert_users_files_untouched "$WORK"
  assert_file_count "$WORK" 3 # index.html, sub/ and sub/index.html: the user's
}

t_delete_after_crawl_leaves_the_users_files_alone() {
  make_site
  plant_users_files "$WORK"
  printf 'my a\n' > "$WORK/a.txt"
  cp "$WORK/a.txt" "$CASE_DIR/a.mine"
  run_mw --delete-after -r -nH --cut-dirs=1 "$BASE/site/"
  assert_rc 0
  assert_users_files_untouched "$WORK"
  assert_same_file "$WORK/a.txt" "$CASE_DIR/a.mine"
  assert_file_count "$WORK" 4
  assert_stderr_contains 'Removing a.txt.tmp.'
}

# ---- -c and -N with a name from the server ----
# /safety/named/NAME/FILE names NAME in Content-Disposition and answers ranges.

NAMED=/safety/named/other.bin/3k.bin

t_continue_with_a_server_name_not_taken_is_a_fresh_download() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/3k.bin" # the URL's name: partial, but not what the server names
  cp "$WORK/3k.bin" "$CASE_DIR/url-file"
  run_mw -c --content-disposition "$BASE$NAMED"
  assert_rc 0
  assert_same_file "$WORK/other.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/3k.bin" "$CASE_DIR/url-file"
}

# The URL's file is 1000 bytes, the server's 2000: the range asked for the
# first must not be appended to the second.
t_continue_never_appends_a_range_meant_for_another_file() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/3k.bin"
  head -c 2000 "$ROOT/3k.bin" > "$WORK/other.bin"
  cp "$WORK/3k.bin" "$CASE_DIR/url-file"
  local before
  before=$(wc -l < "$LOG")
  run_mw -c --content-disposition "$BASE$NAMED"
  assert_rc 0
  assert_same_file "$WORK/other.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/3k.bin" "$CASE_DIR/url-file"
  log_since "$LOG" "$before" | grep -qF 'Range: bytes=2000-' || fail "the server's file was not continued from its own size"
}

t_continue_resumes_the_file_the_server_names() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/other.bin"
  local before
  before=$(wc -l < "$LOG")
  run_mw -c --content-disposition "$BASE$NAMED"
  assert_rc 0
  assert_same_file "$WORK/other.bin" "$ROOT/3k.bin"
  assert_file_count "$WORK" 1
  log_since "$LOG" "$before" | grep -qF 'Range: bytes=1000-' || fail "the partial file was not continued"
}

t_continue_with_a_whole_url_file_still_fetches_the_servers() {
  cp "$ROOT/3k.bin" "$WORK/3k.bin"
  run_mw -c --content-disposition "$BASE$NAMED"
  assert_rc 0
  assert_same_file "$WORK/other.bin" "$ROOT/3k.bin"
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
}

t_timestamping_with_a_server_name_not_taken() {
  printf 'mine\n' > "$WORK/3k.bin"
  run_mw -N --content-disposition "$BASE$NAMED"
  assert_rc 0
  assert_same_file "$WORK/other.bin" "$ROOT/3k.bin"
  [ "$(cat "$WORK/3k.bin")" = mine ] || fail "the URL's file was changed"
}

t_continue_with_trust_server_names_resumes_the_last_urls_file() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/3k.bin"
  run_mw -c --trust-server-names "$BASE/redirect-to?url=$(encoded "/safety/named/3k.bin/3k.bin")"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  assert_file_count "$WORK" 1
}

# The same cases side by side with wget 1.21: the same files, byte for byte.
# plant_setup DIR SETUP: the files a case starts with (p: partial, w: whole, u: the user's own)
plant_setup() {
  case " $2 " in *" p3k "*) head -c 1000 "$ROOT/3k.bin" > "$1/3k.bin" ;; esac
  case " $2 " in *" pother "*) head -c 2000 "$ROOT/3k.bin" > "$1/other.bin" ;; esac
  case " $2 " in *" w3k "*) cp "$ROOT/3k.bin" "$1/3k.bin" ;; esac
  case " $2 " in *" u3k "*) printf 'mine\n' > "$1/3k.bin" ;; esac
}

t_server_named_files_as_wget() {
  command -v wget > /dev/null || return 0
  local setup ours theirs opts
  for setup in "" "p3k" "p3k pother" "pother" "w3k" "u3k"; do
    for opts in "-c" "-N"; do
      [ "$opts" = -N ] && [ "$setup" != u3k ] && [ "$setup" != "" ] && continue
      ours=$CASE_DIR/ours theirs=$CASE_DIR/theirs
      rm -rf "$ours" "$theirs"
      mkdir -p "$ours" "$theirs"
      plant_setup "$ours" "$setup"
      plant_setup "$theirs" "$setup"
      (cd "$ours" && timeout 60 "$MW_BIN" -q $opts --content-disposition "$BASE$NAMED")
      local rc_ours=$?
      (cd "$theirs" && timeout 60 wget -q $opts --content-disposition "$BASE$NAMED")
      local rc_theirs=$?
      [ "$rc_ours" -eq "$rc_theirs" ] || fail "$opts [$setup]: exit $rc_ours, wget $rc_theirs"
      [ "$(tree_listing "$ours")" = "$(tree_listing "$theirs")" ] || fail "$opts [$setup]: the files differ from wget's"
    done
  done
}

run_cases

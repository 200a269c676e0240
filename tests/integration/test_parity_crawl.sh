# Crawl behaviours side by side with GNU wget: the same command against the
# same fixture, then the files (names and bytes), the exit status and the
# requests on the wire are compared (robots.txt too: both ask for it after
# the first page).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity_crawl.sh"
start_fixture
H=127.0.0.1:$PORT

P=$ROOT/parity
mkdir -p "$P/spider" "$P/dirs/sub" "$P/dirs/other" "$P/clash/d"
# --spider -r: pages, a stylesheet with a link of its own, plain files; the
# broken link comes last (the fixture answers HEAD 404 with a body, which
# wget would read as the next response).
cat > "$P/spider/index.html" <<'HTML'
<html><body><a href="ok.html">ok</a> <img src="i.png"> <a href="s.css">css</a>
<a href="t.txt">text</a></body></html>
HTML
printf '<html><body><a href="index.html">back</a> <a href="deeper.html">deeper</a></body></html>\n' > "$P/spider/ok.html"
printf '<html><body><a href="missing.html">gone</a></body></html>\n' > "$P/spider/deeper.html"
printf 'a { background: url(bg.png) }\n' > "$P/spider/s.css"
printf 'png' > "$P/spider/i.png"
printf 'bg' > "$P/spider/bg.png"
printf 'text\n' > "$P/spider/t.txt"
# -I/-X and the seen-set
cat > "$P/dirs/index.html" <<'HTML'
<html><body><a href="sub/a.html">a</a> <a href="other/b.html">b</a>
<a href="page%31.html">one</a> <a href="page1.html">one again</a>
<a href="%7Euser.html">tilde</a> <a href="~user.html">tilde again</a></body></html>
HTML
printf 'A\n' > "$P/dirs/sub/a.html"
printf '<html><a href="../index.html">up</a> <img src="../other/b.html"></html>\n' > "$P/dirs/sub/up.html"
printf 'B\n' > "$P/dirs/other/b.html"
printf 'one\n' > "$P/dirs/page1.html"
printf 'tilde\n' > "$P/dirs/~user.html"
# directories and files in each other's way
printf '<html><body><a href="d/f.html">f</a></body></html>\n' > "$P/clash/index.html"
printf 'F\n' > "$P/clash/d/f.html"

# -k: local names with characters a URL or HTML reads otherwise
mkdir -p "$P/k" "$P/php"
cat > "$P/k/index.html" <<'HTML'
<html><body>
<a href="a%25b.html">pct</a> <a href="q%23r.html">hash</a> <a href="s;t.html">semi</a>
<a href="page.php?x=1">query</a> <a href="a&amp;b.html">amp</a> <a href="c:d.html">colon</a>
<a href="sp%20ace.html">space</a> <a href="quo%22te.html">quote</a> <a href="lt%3Cgt%3E.html">angles</a>
</body></html>
HTML
for f in 'a%b.html' 'q#r.html' 's;t.html' 'page.php' 'a&b.html' 'c:d.html' 'sp ace.html' 'quo"te.html' 'lt<gt>.html'; do
  printf '<html>%s</html>\n' "$f" > "$P/k/$f"
done
printf '<html><a href="page.php">php</a> <a href="gone.html">gone</a></html>\n' > "$P/php/index.php"
printf '<html>php page <a href="index.php">home</a></html>\n' > "$P/php/page.php"

# a name longer than NAME_MAX - 19, in a page's link too
LONG=$(printf 'n%.0s' $(seq 1 250)).txt
printf 'long\n' > "$P/$LONG"
printf '<html><a href="../%s">long</a></html>\n' "$LONG" > "$P/k/long.html"

t_spider_heads_everything_and_gets_pages_and_stylesheets() {
  both --spider -r "http://$H/parity/spider/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ "$MW_RC" -eq 8 ] || fail "exit status $MW_RC, expected 8 (a broken link)"
  grep -qx 'GET /parity/spider/s.css' "$CASE_DIR/mw.requests" || fail "the stylesheet was not read"
  grep -qx 'HEAD /parity/spider/bg.png' "$CASE_DIR/mw.requests" || fail "the stylesheet's link was not checked"
  ! grep -q 'GET /parity/spider/i.png' "$CASE_DIR/mw.requests" || fail "an image was fetched with GET"
  assert_stderr_contains 'Remote file exists and could contain links to other resources -- retrieving.'
  assert_stderr_contains 'Remote file exists but does not contain any link -- not retrieving.'
  assert_stderr_contains 'Found 1 broken link.'
  [ -z "$(find "$WORK/mw" -type f)" ] || fail "--spider left: $(find "$WORK/mw" -type f | tr '\n' ' ')"
}

t_pages_read_and_deleted_leave_their_directories() {
  # -A txt: the pages are read for links, then deleted; wget keeps their
  # (now empty) directories
  both -r -nv -A txt "http://$H/parity/dirs/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ -d "$WORK/mw/$H/parity/dirs/sub" ] || fail "the empty directory sub/ was removed"
}

t_spider_at_the_depth_limit_still_reads_pages() {
  both --spider -r -l 1 "http://$H/parity/spider/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  grep -qx 'GET /parity/spider/ok.html' "$CASE_DIR/mw.requests" || fail "ok.html was not read"
}

t_exclude_dirs_with_and_without_a_leading_slash() {
  local arg
  for arg in /parity/dirs/sub parity/dirs/sub; do
    rm -rf "${WORK:?}"/*
    both -r -nv -X "$arg" "http://$H/parity/dirs/index.html"
    assert_same_as_wget
    assert_requests_as_wget
    [ ! -e "$WORK/mw/$H/parity/dirs/sub" ] || fail "-X $arg: sub/ was fetched"
  done
}

t_robots_txt_only_once_a_link_passes_the_rules() {
  # -np turns down every link of the page: wget never asks for robots.txt
  both -r -np -nv "http://$H/parity/dirs/sub/up.html"
  assert_same_as_wget
  assert_requests_as_wget
  ! grep -q robots.txt "$CASE_DIR/mw.requests" || fail "robots.txt was asked for"
  rm -rf "${WORK:?}"/*
  both -r -nv "http://$H/parity/spider/index.html"
  assert_requests_as_wget
  [ "$(sed -n 2p "$CASE_DIR/mw.requests")" = "GET /robots.txt" ] || fail "robots.txt not asked for after the first page"
}

t_include_dirs_without_a_leading_slash() {
  both -r -nv -I parity/dirs/other,parity/dirs/sub "http://$H/parity/dirs/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ -f "$WORK/mw/$H/parity/dirs/other/b.html" ] || fail "-I without '/' kept nothing"
}

t_escaped_and_plain_urls_are_fetched_once() {
  both -r -nv "http://$H/parity/dirs/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ "$(grep -c 'page' "$CASE_DIR/mw.requests")" -eq 1 ] || fail "page1 fetched twice: $(tr '\n' ' ' < "$CASE_DIR/mw.requests")"
  [ "$(grep -c 'user' "$CASE_DIR/mw.requests")" -eq 1 ] || fail "~user fetched twice: $(tr '\n' ' ' < "$CASE_DIR/mw.requests")"
}

t_a_directory_in_the_way_of_a_file() {
  mkdir -p "$WORK/seed/$H/parity/clash/d/f.html"
  both -r -nv "http://$H/parity/clash/index.html"
  assert_same_as_wget
  assert_stderr_contains "Cannot write to ‘$H/parity/clash/d/f.html’ (Is a directory)."
}

t_a_file_in_the_way_of_a_directory_is_moved_aside() {
  # wget deletes the file; mini-wget keeps it as d.1 (README, man page)
  mkdir -p "$WORK/seed/$H/parity/clash"
  printf 'mine\n' > "$WORK/seed/$H/parity/clash/d"
  both -r -nv "http://$H/parity/clash/index.html"
  [ "$WGET_RC" -eq "$MW_RC" ] || fail "exit status $MW_RC, wget's $WGET_RC"
  assert_requests_as_wget
  assert_same_file "$WORK/mw/$H/parity/clash/d/f.html" "$P/clash/d/f.html"
  assert_same_file "$WORK/wget/$H/parity/clash/d/f.html" "$P/clash/d/f.html"
  [ "$(cat "$WORK/mw/$H/parity/clash/d.1")" = mine ] || fail "the file in the way was not kept as d.1"
}

t_convert_links_quote_local_names_as_wget() {
  local opts
  for opts in "-k" "-k -E"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086
    both -r -nH $opts "http://$H/parity/k/index.html"
    assert_same_as_wget
  done
  grep -qF 'href="s%3Bt.html"' "$WORK/mw/parity/k/index.html" || fail "';' not quoted"
  grep -qF 'href="page.php%3Fx=1.html"' "$WORK/mw/parity/k/index.html" || fail "'?' not quoted with -E"
  grep -qF 'href="sp&#32;ace.html"' "$WORK/mw/parity/k/index.html" || fail "the space not HTML-quoted"
}

t_convert_links_backup_keeps_the_name_before_adjust_extension() {
  both -r -nH -E -k -K "http://$H/parity/php/index.php"
  assert_same_as_wget
  [ -f "$WORK/mw/parity/php/index.php.orig" ] || fail "no index.php.orig: $(tree_of "$WORK/mw" | tr '\n' ' ')"
}

t_convert_links_point_at_saved_error_pages() {
  both -r -nH -k --content-on-error "http://$H/parity/php/index.php"
  assert_same_as_wget
  grep -qF 'href="gone.html"' "$WORK/mw/parity/php/index.php" || fail "the saved error page is not linked locally"
}

t_long_names_are_cut_as_wget_cuts_them() {
  both -nv "http://$H/parity/$LONG"
  assert_same_as_wget
  assert_stderr_contains "The destination name is too long (254), reducing to 236"
  grep -qF "The destination name is too long (254), reducing to 236" "$CASE_DIR/wget.err" || fail "wget says otherwise"
  [ "$(ls "$WORK/mw" | awk '{print length($0)}')" = 236 ] || fail "not cut to 236 bytes"
  rm -rf "${WORK:?}"/*
  both -r -nv -l 1 "http://$H/parity/k/long.html"
  assert_same_as_wget
}

# --rejected-log's ROBOTS lines: the same lines as wget's (the order aside:
# wget reads robots.txt before it looks at the first page's links, mini-wget
# while it fetches). A fixture of its own, so robots.txt binds no other case.
t_robots_txt_refusals_in_the_rejected_log() {
  local saved=("$ROOT" "$PORT" "$BASE" "$LOG") tool
  ROOT=$TMP/robots-root
  mkdir -p "$ROOT/r/no"
  printf 'User-agent: *\nDisallow: /r/no/\n' > "$ROOT/robots.txt"
  printf '<a href="no/a.html">a</a> <a href="yes.txt">y</a> <a href="no/a.html">again</a>\n' > "$ROOT/r/index.html"
  printf 'yes\n' > "$ROOT/r/yes.txt"
  printf 'no\n' > "$ROOT/r/no/a.html"
  start_fixture
  both -q -r -nH --rejected-log=rejected.log "$BASE/r/index.html"
  for tool in wget mw; do sort -o "$WORK/$tool/rejected.log" "$WORK/$tool/rejected.log"; done
  assert_same_as_wget
  assert_requests_as_wget
  grep -q "^ROBOTS	http%3A//127.0.0.1%3A$PORT/r/no/a.html	.*	http%3A//127.0.0.1%3A$PORT/r/index.html	" "$WORK/mw/rejected.log" ||
    fail "no ROBOTS line: $(cat "$WORK/mw/rejected.log")"
  ROOT=${saved[0]} PORT=${saved[1]} BASE=${saved[2]} LOG=${saved[3]}
}

run_cases

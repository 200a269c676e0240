# Recursive retrieval (-r, -p, -k and the scope options) over a small site
# served by the fixture; the trees of files are checked exactly.
. "$(dirname "$0")/lib.sh"
start_fixture
OTHER_PORT_LOG=$LOG
OTHER=http://localhost:$PORT # the same server under another host name: "another host"
start_fixture
H=127.0.0.1:$PORT

S=$ROOT/site
mkdir -p "$S/img" "$S/css" "$S/js" "$S/sub" "$S/deep" "$S/private"
cat > "$S/index.html" <<HTML
<!DOCTYPE html>
<html><head><title>Site</title>
<link rel="stylesheet" href="css/style.css">
<script src="js/app.js"></script>
</head><body>
<a href="page1.html">one</a> <a href="page1.html#part">one again</a>
<a href="sub/">sub</a> <a href="deep/level2.html">deep</a>
<a href="private/secret.html">secret</a> <a href="nofollow.html">nofollow</a>
<a href="$OTHER/offsite.html">elsewhere</a> <a href="mailto:someone@example.com">mail</a>
<a href="../outside.html">outside</a> <a href="search?q=a%20b">search</a>
<img src="img/logo.png" srcset="img/logo-2x.png 2x, img/logo-3x.png 3x">
<p style="background: url('img/dot.png')">styled</p>
</body></html>
HTML
cat > "$S/page1.html" <<'HTML'
<html><body><a href="index.html">home</a> <a href="/site/page1.html">self</a></body></html>
HTML
printf '<html><body><A HREF="../index.html">up</A> <img src=../img/logo.png></body></html>\n' > "$S/sub/index.html"
printf '<html><body><a href="level3.html">3</a></body></html>\n' > "$S/deep/level2.html"
printf '<html><body><a href="level4.html">4</a></body></html>\n' > "$S/deep/level3.html"
printf '<html><body>bottom</body></html>\n' > "$S/deep/level4.html"
printf '<html><body>hidden</body></html>\n' > "$S/private/secret.html"
printf '<html><head><meta name="robots" content="nofollow"></head><body><a href="notreached.html">x</a><img src="img/nf.png"></body></html>\n' > "$S/nofollow.html"
printf '<html><body>never</body></html>\n' > "$S/notreached.html"
printf 'body { background: url(../img/bg.png) } @import "more.css";\n' > "$S/css/style.css"
printf 'p { color: red }\n' > "$S/css/more.css"
printf 'console.log(1)\n' > "$S/js/app.js"
for f in logo logo-2x logo-3x dot bg nf; do head -c 700 /dev/urandom > "$S/img/$f.png"; done
printf '<html><body>search results</body></html>\n' > "$S/search"
printf '<html><body>outside</body></html>\n' > "$ROOT/outside.html"
printf '<html><body>offsite</body></html>\n' > "$ROOT/offsite.html"
printf 'User-agent: *\nDisallow: /site/private/\n' > "$ROOT/robots.txt"
printf '<html><body><img src="private/p.png"><img src="img/logo.png"></body></html>\n' > "$S/reqs.html"
head -c 300 /dev/urandom > "$S/private/p.png"
printf '<html><body><a href="http://example.invalid/q?a=1&amp;b=2">ext</a></body></html>\n' > "$S/amp.html"
mkdir -p "$S/acc"
printf '<html><body><a href="b.html">b</a> <a href="b.html?x=1">b again</a></body></html>\n' > "$S/acc/index.html"
printf '<html><body>b</body></html>\n' > "$S/acc/b.html"

# tree DIR : the files under DIR, one relative path a line, sorted
tree() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }
assert_tree() {
  local want got
  want=$(printf '%s\n' "$@" | LC_ALL=C sort)
  got=$(tree "$WORK")
  [ "$want" = "$got" ] || fail "tree differs:$(diff <(echo "$want") <(echo "$got") | sed 's/^/ /' | tr '\n' '|')"
}

t_recursive_fetches_the_site_once_each() {
  local before
  before=$(grep -c 'GET /site/page1.html ' "$LOG")
  run_mw -r -nv "http://$H/site/index.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site/index.html" "$H/site/page1.html" "$H/site/sub/index.html" \
    "$H/site/deep/level2.html" "$H/site/deep/level3.html" "$H/site/deep/level4.html" "$H/site/nofollow.html" \
    "$H/site/search?q=a b" "$H/outside.html" "$H/site/css/style.css" "$H/site/css/more.css" "$H/site/js/app.js" \
    "$H/site/img/logo.png" "$H/site/img/logo-2x.png" "$H/site/img/logo-3x.png" "$H/site/img/dot.png" \
    "$H/site/img/bg.png"
  assert_same_file "$WORK/$H/site/img/bg.png" "$S/img/bg.png"
  [ $(( $(grep -c 'GET /site/page1.html ' "$LOG") - before )) -eq 1 ] || fail "page1.html was not fetched exactly once"
  grep -q 'GET /site/private/secret' "$LOG" && fail "robots.txt was not honoured"
  grep -q 'GET /site/notreached.html' "$LOG" && fail "meta robots nofollow was not honoured"
  grep -q 'GET /site/img/nf.png' "$LOG" && fail "meta robots nofollow: wget fetches not even the page's images"
  true
}

t_level_limits_depth() {
  run_mw -r -l 1 -nv "http://$H/site/deep/level2.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site/deep/level2.html" "$H/site/deep/level3.html"
}

t_no_parent_stays_below_the_start() {
  run_mw -r -np -nv "http://$H/site/sub/index.html"
  assert_rc 0
  # not even ../img/logo.png; and, as wget, no robots.txt: no link passed -np
  assert_tree "$H/site/sub/index.html"
}

t_robots_off_fetches_disallowed_pages() {
  run_mw -r -l 1 -e robots=off -nv "http://$H/site/index.html"
  assert_rc 0
  [ -f "$WORK/$H/site/private/secret.html" ] || fail "robots=off did not fetch the private page"
  [ ! -e "$WORK/$H/robots.txt" ] || fail "robots.txt fetched with robots=off"
}

t_no_host_directories_and_cut_dirs() {
  run_mw -r -l 1 -nH --cut-dirs=1 -A html,css -nv "http://$H/site/index.html"
  assert_rc 0
  [ -f "$WORK/index.html" ] && [ -f "$WORK/page1.html" ] && [ -f "$WORK/css/style.css" ] || fail "not laid out without host and site/"
}

t_no_directories_is_flat() {
  run_mw -r -l 1 -nd -nv "http://$H/site/sub/index.html"
  assert_rc 0
  [ -f "$WORK/index.html" ] && [ -f "$WORK/index.html.1" ] && [ -f "$WORK/logo.png" ] || fail "-nd tree: $(tree "$WORK" | tr '\n' ' ')"
}

t_accept_list_keeps_only_matches() {
  run_mw -r -A png "http://$H/site/index.html"
  assert_rc 0
  grep -q 'GET /site/search' "$LOG" && fail "-A png fetched a link without an html suffix (wget rejects it at once)"
  [ -z "$(tree "$WORK" | grep -v '\.png$' | grep -v robots.txt)" ] || fail "non-png files kept: $(tree "$WORK" | tr '\n' ' ')"
  [ -f "$WORK/$H/site/img/logo.png" ] || fail "logo.png missing"
  assert_stderr_contains 'since it should be rejected'
}

# As wget: -A/-R judge the name a file is saved under (a directory URL's
# index.html; "b.html?x=1" does not end in html), after reading it for links.
t_accept_and_reject_look_at_the_saved_name() {
  local d=$WORK/$H/site/acc
  run_mw -r -l 1 -A html -nv "http://$H/site/acc/"
  assert_rc 0
  [ -f "$d/index.html" ] || fail "-A html deleted the start page saved as index.html"
  [ -f "$d/b.html" ] || fail "-A html lost b.html"
  [ ! -e "$d/b.html?x=1" ] || fail "-A html kept b.html?x=1"
  rm -rf "${WORK:?}"/*
  run_mw -r -l 1 -R index.html -nv "http://$H/site/acc/"
  assert_rc 0
  [ ! -e "$d/index.html" ] || fail "-R index.html kept index.html"
  [ -f "$d/b.html" ] || fail "-R index.html lost b.html, linked from the rejected page"
}

# Under -r a skipped file is named by its path, as wget (a name alone is ambiguous).
t_skips_name_the_path() {
  run_mw -r -l 1 -nv "http://$H/site/acc/"
  run_mw -r -l 1 -nc "http://$H/site/acc/"
  assert_rc 0
  assert_stderr_contains "File ‘$H/site/acc/index.html’ already there; not retrieving."
}

# -k writes a link back into HTML escaped as HTML: & stays &amp;.
t_convert_links_keeps_html_escapes() {
  run_mw -r -l 1 -k -nv "http://$H/site/amp.html"
  grep -q 'href="http://example.invalid/q?a=1&amp;b=2"' "$WORK/$H/site/amp.html" ||
    fail "& not escaped: $(grep -o 'href="[^"]*"' "$WORK/$H/site/amp.html")"
}

# A directory URL without its slash (the server redirects to dir/): the page
# is saved as dir/index.html, so the files under dir/ have their directory.
t_directory_url_without_its_slash() {
  run_mw -r -np -nv "http://$H/site/acc"
  assert_rc 0
  assert_same_file "$WORK/$H/site/acc/index.html" "$S/acc/index.html"
  assert_same_file "$WORK/$H/site/acc/b.html" "$S/acc/b.html"
  [ ! -f "$WORK/$H/site/acc" ] || fail "the page was saved as a file named like its directory"
}

t_reject_list_and_exclude_directories() {
  run_mw -r -R 'png,css' -X /site/deep -nv "http://$H/site/index.html"
  assert_rc 0
  tree "$WORK" | grep -q -e '\.png$' -e '\.css$' && fail "rejected files kept"
  [ ! -e "$WORK/$H/site/deep" ] || fail "-X directory was fetched"
  true
}

t_regexes() {
  run_mw -r --reject-regex 'level[34]|img/' -nv "http://$H/site/index.html"
  assert_rc 0
  [ -f "$WORK/$H/site/deep/level2.html" ] && [ ! -e "$WORK/$H/site/deep/level3.html" ] && [ ! -e "$WORK/$H/site/img" ] ||
    fail "--reject-regex: $(tree "$WORK" | tr '\n' ' ')"
  rm -rf "${WORK:?}"/*
  run_mw -r --accept-regex '/site/(index|page1)\.html$' -nv "http://$H/site/index.html"
  assert_tree "$H/robots.txt" "$H/site/index.html" "$H/site/page1.html"
}

t_page_requisites_without_recursion() {
  run_mw -p -nv "http://$H/site/index.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site/index.html" "$H/site/css/style.css" "$H/site/css/more.css" "$H/site/js/app.js" \
    "$H/site/img/logo.png" "$H/site/img/logo-2x.png" "$H/site/img/logo-3x.png" "$H/site/img/dot.png" "$H/site/img/bg.png"
}

# As wget: -p asks robots.txt too, and skips the requisites it forbids.
t_page_requisites_honour_robots() {
  run_mw -p -nv "http://$H/site/reqs.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site/reqs.html" "$H/site/img/logo.png"
  run_mw -p -e robots=off -nv "http://$H/site/reqs.html"
  [ -f "$WORK/$H/site/private/p.png" ] || fail "robots=off did not fetch the forbidden requisite"
}

t_span_hosts_with_domains() {
  run_mw -r -l 1 -H -D localhost,127.0.0.1 -nv "http://$H/site/index.html"
  assert_rc 0
  [ -f "$WORK/${OTHER#http://}/offsite.html" ] || fail "-H did not fetch the other host: $(tree "$WORK" | tr '\n' ' ')"
  rm -rf "${WORK:?}"/*
  run_mw -r -l 1 -nv "http://$H/site/index.html"
  [ ! -e "$WORK/${OTHER#http://}" ] || fail "another host was fetched without -H"
}

t_convert_links_points_at_local_files() {
  run_mw -r -l 1 -k -K -nv "http://$H/site/index.html"
  assert_rc 0
  local page=$WORK/$H/site/index.html
  grep -q 'href="page1.html"' "$page" || fail "relative link not kept local"
  grep -q 'href="page1.html#part"' "$page" || fail "fragment lost"
  grep -q 'src="img/logo.png" srcset="img/logo-2x.png 2x, img/logo-3x.png 3x"' "$page" || fail "img/srcset not local"
  grep -q "href=\"$OTHER/offsite.html\"" "$page" || fail "off-site link not absolute"
  grep -q 'href="../outside.html"' "$page" || fail "parent link lost"
  # as wget: '?' stays without -E, the space is HTML-quoted (test_parity_crawl.sh)
  grep -q 'href="search?q=a&#32;b"' "$page" || fail "query file not quoted as wget: $(grep -o 'href="search[^"]*"' "$page")"
  grep -q 'href="http://'"$H"'/site/deep/level2.html"' "$page" && fail "a downloaded page was made absolute"
  [ -f "$page.orig" ] || fail "-K did not keep the original"
  grep -q 'href="sub/"' "$page.orig" || fail "original changed"
  true
}

# site/ and site/index.html (page1's "home" link) are one file: it is
# converted once, from what the server sent, and -K keeps exactly that.
t_convert_links_once_per_file() {
  run_mw -r -l 2 -k -K "http://$H/site/"
  assert_rc 0
  local page=$WORK/$H/site/index.html
  [ "$(grep -c "Converted links in $H/site/index.html" "$ERR")" -eq 1 ] || fail "index.html converted $(grep -c "Converted links in $H/site/index.html" "$ERR") times"
  grep -q 'href="page1.html"' "$page" || fail "page1 link not local: $(grep -o 'href="page1[^"]*"' "$page")"
  grep -q 'href="sub/index.html"' "$page" || fail "sub/ link not local: $(grep -o 'href="[^"]*sub[^"]*"' "$page")"
  cmp -s "$page.orig" "$S/index.html" || fail "-K's original is not what the server sent"
}

t_links_never_escape_the_prefix() {
  mkdir -p "$WORK/prefix"
  run_mw -r -l 2 -P prefix -nv "http://$H/site/index.html"
  assert_rc 0
  [ -z "$(tree "$WORK" | grep -v '^prefix/')" ] || fail "files outside the prefix: $(tree "$WORK" | grep -v '^prefix/')"
}

t_base_href_redirects_relative_links() {
  mkdir -p "$ROOT/site3/real" "$ROOT/site3/decoy"
  printf '<html><head><base href="/site3/real/"></head><body><a href="page.html">p</a></body></html>\n' > "$ROOT/site3/index.html"
  printf '<html><body>real</body></html>\n' > "$ROOT/site3/real/page.html"
  printf '<html><body>decoy</body></html>\n' > "$ROOT/site3/page.html"
  run_mw -r -l 1 -nv "http://$H/site3/index.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site3/index.html" "$H/site3/real/page.html"
}

t_mirror_fetches_only_what_changed() {
  mkdir -p "$ROOT/site4"
  printf '<html><body><a href="a.html">a</a></body></html>\n' > "$ROOT/site4/index.html"
  printf '<html><body>a</body></html>\n' > "$ROOT/site4/a.html"
  run_mw -m -nv "http://$H/site4/index.html"
  assert_rc 0
  assert_tree "$H/robots.txt" "$H/site4/index.html" "$H/site4/a.html"
  local before
  before=$(grep -c 'If-Modified-Since' "$LOG")
  run_mw -m "http://$H/site4/index.html"
  assert_rc 0
  assert_stderr_contains 'not modified on server. Omitting download.'
  [ $(( $(grep -c 'If-Modified-Since' "$LOG") - before )) -eq 3 ] || fail "-m did not ask If-Modified-Since for each file"
  assert_tree "$H/robots.txt" "$H/site4/index.html" "$H/site4/a.html"
}

t_follow_and_ignore_tags() {
  run_mw -r -l 1 --follow-tags=a -nv "http://$H/site/index.html"
  assert_rc 0
  # style="" url()s count whatever the tag lists say, as in wget
  [ -f "$WORK/$H/site/page1.html" ] && [ ! -e "$WORK/$H/site/img/logo.png" ] && [ ! -e "$WORK/$H/site/css" ] ||
    fail "--follow-tags=a: $(tree "$WORK" | tr '\n' ' ')"
  rm -rf "${WORK:?}"/*
  run_mw -r -l 1 --ignore-tags=img,a -nv "http://$H/site/index.html"
  assert_rc 0
  [ -f "$WORK/$H/site/css/style.css" ] && [ ! -e "$WORK/$H/site/page1.html" ] && [ ! -e "$WORK/$H/site/img/logo.png" ] ||
    fail "--ignore-tags=img,a: $(tree "$WORK" | tr '\n' ' ')"
}

t_ignore_case_for_accept_lists() {
  printf 'x' > "$ROOT/site/img/UPPER.PNG"
  printf '<html><body><img src="img/UPPER.PNG"><img src="img/logo.png"></body></html>\n' > "$ROOT/site/case.html"
  run_mw -r -l 1 -A png --ignore-case -nv "http://$H/site/case.html"
  assert_rc 0
  [ -f "$WORK/$H/site/img/UPPER.PNG" ] && [ -f "$WORK/$H/site/img/logo.png" ] || fail "--ignore-case: $(tree "$WORK" | tr '\n' ' ')"
  rm -rf "${WORK:?}"/*
  run_mw -r -l 1 -A png -nv "http://$H/site/case.html"
  [ ! -e "$WORK/$H/site/img/UPPER.PNG" ] || fail "-A png matched UPPER.PNG without --ignore-case"
}

t_adjust_extension_with_convert_links() {
  printf '<html><body><a href="page.php">php</a></body></html>\n' > "$ROOT/site/to-php.html"
  printf '<html><body>php page</body></html>\n' > "$ROOT/site/page.php"
  run_mw -r -l 1 -E -k -nv "http://$H/site/to-php.html"
  assert_rc 0
  [ -f "$WORK/$H/site/page.php.html" ] || fail "-E name: $(tree "$WORK" | tr '\n' ' ')"
  grep -q 'href="page.php.html"' "$WORK/$H/site/to-php.html" || fail "-k did not use the -E name: $(cat "$WORK/$H/site/to-php.html")"
}

t_spider_reports_broken_links_and_saves_nothing() {
  mkdir -p "$ROOT/site2"
  printf '<html><body><a href="ok.html">ok</a> <a href="missing.html">gone</a> <img src="nope.png"></body></html>\n' > "$ROOT/site2/index.html"
  printf '<html><body><a href="index.html">back</a></body></html>\n' > "$ROOT/site2/ok.html"
  run_mw --spider -r "http://$H/site2/index.html"
  assert_rc 8
  assert_stderr_contains 'Found 2 broken links.'
  assert_stderr_contains "http://$H/site2/missing.html"
  assert_stderr_contains "http://$H/site2/nope.png"
  [ -z "$(tree "$WORK")" ] || fail "--spider left files: $(tree "$WORK" | tr '\n' ' ')"
  # the directories stay, as wget leaves them (test_parity_crawl.sh)
  assert_log_contains 'HEAD /site2/nope.png'
}

run_cases

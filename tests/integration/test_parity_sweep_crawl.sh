# Crawl differences a differential sweep against GNU wget 1.21 found: the
# same command against the same fixture, then the files (names and bytes),
# the exit status and the requests on the wire are compared.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity_crawl.sh"
start_fixture
H=127.0.0.1:$PORT

P=$ROOT/sweep
mkdir -p "$P/acc/sub" "$P/base/css" "$P/base/img"
# -A/-R: pages read for their links and deleted, robots.txt among them
printf 'User-agent: *\nDisallow: /sweep/none/\n' > "$ROOT/robots.txt"
printf '<html><body><a href="sub/a.html">a</a> <a href="doc.pdf">pdf</a> <a href="t.txt">t</a></body></html>\n' > "$P/acc/index.html"
printf '<html><body><a href="../deep.pdf">deep</a></body></html>\n' > "$P/acc/sub/a.html"
printf 'pdf\n' > "$P/acc/doc.pdf"
printf 'deep\n' > "$P/acc/deep.pdf"
printf 'text\n' > "$P/acc/t.txt"
# -k: <base href>, <meta http-equiv=refresh>, -K names of pages with a query
cat > "$P/base/index.html" <<HTML
<html><head><base href="http://$H/sweep/base/css/">
<link rel="stylesheet" href="s.css"></head><body><img src="../img/a.png">
<a href="../page.html">page</a> <a href="../page.html?x=1">query</a></body></html>
HTML
printf 'a { background: url(../img/b.png) }\n' > "$P/base/css/s.css"
printf 'a' > "$P/base/img/a.png"
printf 'b' > "$P/base/img/b.png"
printf '<html><head><base href=css/></head><body><a href="s.css">css</a></body></html>\n' > "$P/base/unquoted.html"
cat > "$P/base/page.html" <<'HTML'
<html><head><meta http-equiv="Refresh" content="5;url=index.html"></head><body>
<a href="other.html">other</a></body></html>
HTML
cat > "$P/base/other.html" <<HTML
<html><head><meta http-equiv="refresh" content='0; URL=img/a.png#x'></head><body>
<a href="http://$H/sweep/base/gone.html">gone</a></body></html>
HTML
printf '<html><body><a href="http://%s/sweep/base/gone.html">absolute, not downloaded</a></body></html>\n' "$H" > "$P/base/absolute.html"
printf '<html><body><a href="absolute.html">a</a> <a href="other.html">o</a></body></html>\n' > "$P/base/links.html"
# a redirect leads to a page that is linked too: fetched once
mkdir -p "$P/redir/d/e"
printf '<html><a href="d/e/f.html">f</a> <a href="/redirect-abs/302/sweep/redir/d/g.html">g</a> <a href="/redirect/302/sweep/redir/d/h.html">h</a></html>\n' > "$P/redir/index.html"
printf '<html><a href="../g.html">g</a> <a href="../h.html">h</a> <a href="../../index.html">up</a></html>\n' > "$P/redir/d/e/f.html"
printf '<html>g</html>\n' > "$P/redir/d/g.html"
printf '<html>h <a href="e/f.html">f</a></html>\n' > "$P/redir/d/h.html"
# -p: requisites two levels past -l, no further (a stylesheet's @import is
# fetched, the images of the imported one are not)
mkdir -p "$P/req/css" "$P/req/img"
printf '<html><head><link rel="stylesheet" href="css/main.css"></head><body><img src="img/a.png"> <a href="next.html">next</a></body></html>\n' > "$P/req/index.html"
printf '<html><head><link rel="stylesheet" href="css/main.css"></head><body><img src="img/n.png"></body></html>\n' > "$P/req/next.html"
printf '@import "imp.css";\nbody { background: url(../img/b.png) }\n' > "$P/req/css/main.css"
printf '@import "imp2.css";\np { background: url(../img/c.png) }\n' > "$P/req/css/imp.css"
printf 'p { background: url(../img/d.png) }\n' > "$P/req/css/imp2.css"
for f in a b c d n; do printf '%s' "$f" > "$P/req/img/$f.png"; done
# a stylesheet served as text/html (a .php): read as CSS all the same
mkdir -p "$P/css/css"
printf '<html><head><link rel="stylesheet" href="css/s.php"><link rel="icon" href="css/icon.php"></head><body>x</body></html>\n' > "$P/css/index.html"
printf '@import "more.php";\na { background: url(../i.png) }\n' > "$P/css/css/s.php"
printf 'b { background: url(../j.png) }\n' > "$P/css/css/more.php"
printf 'a { background: url(../k.png) }\n' > "$P/css/css/icon.php"
for f in i j k; do printf '%s' "$f" > "$P/css/$f.png"; done

t_robots_txt_an_accept_list_turns_down_is_read_then_deleted() {
  local args
  for args in "-A pdf" "-R txt" "-R robots.txt"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086 # the options are two words
    both -r -nv $args "http://$H/sweep/acc/index.html"
    assert_same_as_wget
    assert_requests_as_wget
    grep -qx 'GET /robots.txt' "$CASE_DIR/mw.requests" || fail "$args: robots.txt was not asked for"
    [ ! -e "$WORK/mw/$H/robots.txt" ] && [ ! -e "$WORK/mw/$H/robots.txt.tmp" ] || fail "$args: robots.txt was kept"
  done
  # accepted, it stays
  rm -rf "${WORK:?}"/*
  both -r -nv -A pdf,txt "http://$H/sweep/acc/index.html"
  assert_same_as_wget
  [ -f "$WORK/mw/$H/robots.txt" ] || fail "-A txt: robots.txt was deleted"
}

t_convert_links_empty_the_base_href() {
  # the links are made relative to the page: a <base href> left in place
  # would send them back to the server
  local args
  for args in "-r" "-p" "-r -nd" "-r -nH --cut-dirs=2"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086 # the options are words
    both $args -nv -k "http://$H/sweep/base/index.html"
    assert_same_as_wget
    assert_requests_as_wget
  done
  grep -qF '<base href="">' "$WORK/mw/index.html" || fail "the <base href> was kept: $(head -c 200 "$WORK/mw/index.html")"
  rm -rf "${WORK:?}"/*
  both -p -nv -k "http://$H/sweep/base/unquoted.html"
  assert_same_as_wget
}

t_convert_links_rewrite_a_refresh_as_wget() {
  both -r -nv -k "http://$H/sweep/base/page.html"
  assert_same_as_wget
  assert_requests_as_wget
  grep -qF 'content="5; URL=index.html"' "$WORK/mw/$H/sweep/base/page.html" || fail "refresh: $(head -n 1 "$WORK/mw/$H/sweep/base/page.html")"
}

t_convert_links_leave_a_page_with_nothing_to_convert() {
  # an absolute link that was not downloaded stays as written, and a page
  # with nothing else to convert is not rewritten: no -K backup of it
  both -r -l 1 -nv -k -K "http://$H/sweep/base/links.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ ! -e "$WORK/mw/$H/sweep/base/absolute.html.orig" ] || fail "a page with nothing to convert got a backup"
}

t_convert_links_backup_of_a_page_with_a_query() {
  # -E makes page.html?x=1 page.html?x=1.html; -K keeps page.html?x=1.orig
  both -r -l 1 -nv -k -K -E "http://$H/sweep/base/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  [ -f "$WORK/mw/$H/sweep/base/page.html?x=1.orig" ] || fail "no page.html?x=1.orig: $(tree_of "$WORK/mw" | tr '\n' ' ')"
}

t_where_a_redirect_led_is_not_fetched_again() {
  # f.html's links to g.html and h.html were queued before the redirects
  # led there: wget asks for neither again (nor saves them twice)
  local args
  for args in "" "-k" "-nd"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086 # the options are words
    both -r -nv $args "http://$H/sweep/redir/index.html"
    assert_same_as_wget
    assert_requests_as_wget
    [ "$(grep -c 'GET /sweep/redir/d/g.html' "$CASE_DIR/mw.requests")" -eq 1 ] || fail "$args: g.html was fetched twice"
  done
}

t_page_requisites_go_two_levels_past_the_depth() {
  local args
  for args in "-p" "-p -k" "-r -l 1 -p" "-r -l 2 -p" "-r -l inf -p"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086 # the options are words
    both $args -nv "http://$H/sweep/req/index.html"
    assert_same_as_wget
    assert_requests_as_wget
  done
  rm -rf "${WORK:?}"/*
  both -p -nv "http://$H/sweep/req/index.html"
  [ -f "$WORK/mw/$H/sweep/req/css/imp.css" ] && [ ! -e "$WORK/mw/$H/sweep/req/img/c.png" ] ||
    fail "-p: $(tree_of "$WORK/mw" | tr '\n' ' ')"
}

t_no_clobber_gives_way_to_convert_links() {
  # a second run of -r -nc -k fetches everything again, as wget (which
  # turns -nc off with -k), and converts it
  local tool
  for tool in wget mw; do
    mkdir -p "$WORK/seed.$tool"
    if [ "$tool" = wget ]; then (cd "$WORK/seed.$tool" && wget -q -r "http://$H/sweep/base/index.html"); else
      (cd "$WORK/seed.$tool" && "$MW_BIN" -q -r "http://$H/sweep/base/index.html"); fi
  done
  mv "$WORK/seed.wget" "$WORK/wget"
  mv "$WORK/seed.mw" "$WORK/mw"
  both -r -nv -nc -k "http://$H/sweep/base/index.html"
  assert_same_as_wget
  assert_requests_as_wget
  assert_stderr_contains 'Both --no-clobber and --convert-links were specified, only --convert-links will be used.'
  grep -qx 'GET /sweep/base/index.html' "$CASE_DIR/mw.requests" || fail "-nc -k: the page was not fetched again"
}

t_a_stylesheet_is_read_as_css_whatever_its_type() {
  local args
  for args in "-r" "-p" "-r -k" "-r -nd -k -K" "-r -E -k"; do
    rm -rf "${WORK:?}"/*
    # shellcheck disable=SC2086 # the options are words
    both $args -nv "http://$H/sweep/css/index.html"
    assert_same_as_wget
    assert_requests_as_wget
  done
  grep -qx 'GET /sweep/css/j.png' "$CASE_DIR/mw.requests" || fail "the stylesheet's @import was not read"
  ! grep -q 'k.png' "$CASE_DIR/mw.requests" || fail "an icon was read as CSS"
}

run_cases

# Crawl differences a differential sweep against GNU wget 1.21 found: the
# same command against the same fixture, then the files (names and bytes),
# the exit status and the requests on the wire are compared.
. "$(dirname "$0")/lib.sh"
start_fixture
H=127.0.0.1:$PORT

command -v wget > /dev/null || { echo "wget is missing: apt-get install wget"; exit 1; }

P=$ROOT/sweep
mkdir -p "$P/acc/sub" "$P/base/css" "$P/base/img"
# -A/-R: pages read for their links and deleted, robots.txt among them
printf 'User-agent: *\nDisallow: /sweep/none/\n' > "$ROOT/robots.txt"
printf '<html><body><a href="sub/a.html">a</a> <a href="doc.pdf">pdf</a> <a href="t.txt">t</a></body></html>\n' > "$P/acc/index.html"
printf '<html><body><a href="../deep.pdf">deep</a></body></html>\n' > "$P/acc/sub/a.html"
printf 'pdf\n' > "$P/acc/doc.pdf"
printf 'deep\n' > "$P/acc/deep.pdf"
printf 'text\n' > "$P/acc/t.txt"

# both ARGS... : runs wget and mini-wget with ARGS in $WORK/wget and
# $WORK/mw; sets WGET_RC, MW_RC, and $CASE_DIR/{wget,mw}.requests.
both() {
  local tool
  for tool in wget mw; do
    mkdir -p "$WORK/$tool"
    local before; before=$(grep -c '^conn=' "$LOG")
    if [ "$tool" = wget ]; then
      (cd "$WORK/wget" && timeout 60 wget "$@" > "$CASE_DIR/wget.err" 2>&1); WGET_RC=$?
    else
      (cd "$WORK/mw" && timeout 60 "$MW_BIN" "$@" > "$CASE_DIR/mw.err" 2>&1); MW_RC=$?
    fi
    sleep 0.05 # the fixture logs a request as it answers it
    grep '^conn=' "$LOG" | tail -n +"$((before + 1))" | awk '{print $2, $3}' > "$CASE_DIR/$tool.requests"
  done
  ERR=$CASE_DIR/mw.err
}

tree_of() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort); }
assert_same_as_wget() {
  [ "$WGET_RC" -eq "$MW_RC" ] || fail "exit status $MW_RC, wget's $WGET_RC"
  local a b
  a=$(tree_of "$WORK/wget") b=$(tree_of "$WORK/mw")
  [ "$a" = "$b" ] || fail "files differ from wget's:$(diff <(echo "$a") <(echo "$b") | sed 's/^/ /' | tr '\n' '|')"
  diff -r "$WORK/wget" "$WORK/mw" > /dev/null || fail "bytes differ from wget's: $(diff -r "$WORK/wget" "$WORK/mw" | head -n 8 | tr '\n' '|')"
}
assert_requests_as_wget() {
  diff "$CASE_DIR/wget.requests" "$CASE_DIR/mw.requests" > /dev/null ||
    fail "requests differ from wget's:$(diff "$CASE_DIR/wget.requests" "$CASE_DIR/mw.requests" | sed 's/^/ /' | tr '\n' '|')"
}

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

run_cases

# wget's options: each one accepted, and each that does
# something compared with GNU wget 1.21 side by side: the same command
# against the same fixture server, then the files, exit statuses and
# requests on the wire of the two are compared.
. "$(dirname "$0")/lib.sh"
start_fixture
. "$(dirname "$0")/parity.sh"

mkdir -p "$ROOT/site/sub" "$ROOT/other" "$ROOT/cf" "$ROOT/sc"
printf '<html><body><a href="a.txt">a</a> <a href="sub/b.txt">b</a> <a href="../other/c.txt">c</a> <a href="http://example.invalid/x">x</a> <a href="12.txt">12</a> <a href="/site/rel.txt">abs</a></body></html>' \
  > "$ROOT/site/index.html"
for f in a.txt sub/b.txt 12.txt rel.txt; do echo "$f" > "$ROOT/site/$f"; done
echo c > "$ROOT/other/c.txt"
printf '<html><body><a href="a.txt">a</a> <a href="sub/b.txt">b</a> <a href="http://127.0.0.1:%s/site/12.txt">12</a></body></html>' \
  "$PORT" > "$ROOT/site/list.html"
printf '%s/site/a.txt\n%s/site/12.txt\n' "$BASE" "$BASE" > "$ROOT/site/list.txt"
printf '<html><body><a href="page">p</a> <a href="/cf/other.php?x=1">o</a> <a href="%s/cf/abs">a</a></body></html>' "$BASE" \
  > "$ROOT/cf/index.html"
printf '<html>p</html>' > "$ROOT/cf/page"; printf '<html>o</html>' > "$ROOT/cf/other.php"; printf '<html>a</html>' > "$ROOT/cf/abs"
printf '<html><body><!-- a -- b --> <a href="hidden.html">x</a> --> <a href="shown.html">y</a></body></html>' > "$ROOT/sc/index.html"
echo h > "$ROOT/sc/hidden.html"; echo s > "$ROOT/sc/shown.html"
head -c 100000 /dev/urandom > "$ROOT/100k.bin"

# The wire: the request lines, with the headers named in $WIRE_HEADERS
# (parity.sh's run_tool writes it).
WIRE_HEADERS='^  (Range|If-Modified-Since|Host|Authorization|Connection):'
wire_without_close() { wire_as_sent | grep -av '^  Connection: close'; }
WIRE_FILTER=wire_without_close
# both ARGS...: the same command with wget (in $W) and mini-wget (in $M).
both() { run_both "$@"; }
tree_of() { (cd "$1" && find . -type f ! -name 'wget-log*' -exec sha256sum {} + | sort -k2); }
assert_same_files() {
  [ "$(tree_of "$W")" = "$(tree_of "$M")" ] || fail "files differ: wget: $(tree_of "$W" | awk '{print $2}' | tr '\n' ' ') mini-wget: $(tree_of "$M" | awk '{print $2}' | tr '\n' ' ')"
}
assert_same_rc() { [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"; }
# The request lines in order, and the headers of interest (in any order).
assert_same_wire() {
  diff <(grep -a '^[A-Z]' "$W.wire") <(grep -a '^[A-Z]' "$M.wire") > "$CASE_DIR/wire.diff" &&
    diff <(grep -a '^ ' "$W.wire" | sort) <(grep -a '^ ' "$M.wire" | sort) >> "$CASE_DIR/wire.diff" ||
    fail "requests differ: $(tr '\n' ' ' < "$CASE_DIR/wire.diff")"
}
# A crawl asks for robots.txt at another moment than wget: compare the set.
assert_same_wire_set() {
  diff <(grep -a '^[A-Z]' "$W.wire" | sort) <(grep -a '^[A-Z]' "$M.wire" | sort) > "$CASE_DIR/wire.diff" ||
    fail "requests differ: $(tr '\n' ' ' < "$CASE_DIR/wire.diff")"
}
assert_same_outcome() { assert_same_rc; assert_same_files; assert_same_wire; }

t_every_wget_option_is_accepted() {
  # some 150 runs that only parse: valgrind would take minutes over them
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0
  # wget's --help, less WARC and Metalink (mini-wget has neither: wget's own
  # build here has no metalink either)
  wget --help | grep -oE -- '--[a-z0-9-]+(=[A-Za-z]+)?' | sort -u | grep -vE -- '--(warc|no-warc|metalink)' > "$CASE_DIR/opts"
  local opt name missing=""
  "$MW_BIN" --help > "$CASE_DIR/help"
  while read -r opt; do
    name=${opt%%=*}
    case $name in
      --config) set -- "$name=/dev/null" ;;
      --execute) set -- "$name=tries=1" ;;
      --help|--version) continue ;;
      *) if [ "$name" != "$opt" ]; then set -- "$name=1"; else set -- "$name"; fi ;;
    esac
    # wget's help shows no argument for some that take one (--max-redirect)
    "$MW_BIN" "$@" --version > /dev/null 2> "$CASE_DIR/err" || "$MW_BIN" "$1=1" --version > /dev/null 2>&1 ||
      missing="$missing $*"
    grep -qF -- "$name" "$CASE_DIR/help" || missing="$missing $name(help)"
  done < "$CASE_DIR/opts"
  [ -z "$missing" ] || fail "not accepted:$missing"
  grep -q -- '--follow-ftp' "$CASE_DIR/opts" || fail "wget's option list was not read"
}

t_every_switch_has_its_opposite_form() {
  echo old > "$WORK/small.txt"
  run_mw -q -nc --no-no-clobber "$BASE/small.txt"   # --no-clobber, then turned off again
  assert_rc 0
  assert_same_file "$WORK/small.txt.1" "$ROOT/small.txt"
  run_mw -q --content-disposition --no-content-disposition "$BASE/disposition/named.txt/small.txt"
  assert_rc 0
  assert_file_absent "$WORK/named.txt"
  run_mw -q --check-certificate --use-server-timestamps --http-keep-alive -O "$WORK/c.txt" "$BASE/small.txt"
  assert_rc 0
  run_mw --no-verbose-nothing "$BASE/small.txt"
  assert_rc 2
}

t_version_has_wgets_feature_line() {
  run_mw --version
  assert_rc 0
  for f in +https +ipv6 +iri +ssl/openssl -ftp -metalink; do
    grep -qE -- "(^| )\\$f( |$)" "$OUT" || fail "--version lacks $f"
  done
  head -n1 "$OUT" | grep -q '^mini-wget [0-9.]* built on linux-gnu\.$' || fail "first line: $(head -n1 "$OUT")"
}

wait_for_file() { local i; for i in $(seq 100); do [ -s "$1" ] && grep -q "$2" "$1" && return 0; sleep 0.1; done; return 1; }

t_background_writes_wget_log() {
  both -b "$BASE/small.txt"
  assert_same_rc
  wait_for_file "$W/wget-log" saved && wait_for_file "$M/wget-log" saved || fail "no wget-log with the download in it"
  sed 's/pid [0-9]*/pid N/' "$W.stdout" > "$CASE_DIR/w.out"; sed 's/pid [0-9]*/pid N/' "$M.stdout" > "$CASE_DIR/m.out"
  diff "$CASE_DIR/w.out" "$CASE_DIR/m.out" > /dev/null || fail "parent's lines differ: $(tr '\n' '|' < "$M.stdout")"
  grep -q "^Output will be written to ‘wget-log’.$" "$M.stdout" || fail "no wget-log line"
  sleep 0.3
  assert_same_files
  # a second run takes wget-log.1, as wget
  run_tool mw "$MW_BIN" -b "$BASE/small.txt"
  grep -q "wget-log.1" "$M.stdout" || fail "second run: $(cat "$M.stdout")"
  wait_for_file "$M/wget-log.1" saved || fail "no wget-log.1"
}

t_method_is_upper_cased() {
  both -q --method=delete -O out "$BASE/small.txt"
  assert_same_outcome
  grep -q '^DELETE /small.txt' "$M.wire" || fail "wire: $(cat "$M.wire")"
}

t_method_head_saves_nothing() {
  both -q --method=head "$BASE/small.txt"
  assert_same_outcome
  assert_file_count "$M" 0
  grep -q '^HEAD /small.txt' "$M.wire" || fail "wire: $(cat "$M.wire")"
}

t_ignore_length_reads_to_the_end() {
  both -q --ignore-length "$BASE/wrong-length/3/small.txt"
  assert_same_outcome
  assert_same_file "$M/small.txt" "$ROOT/small.txt"
  grep -q 'Connection: Close' "$M.wire" || fail "no Connection: Close sent, as wget"
}

t_no_if_modified_since_asks_with_head_first() {
  mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
  for d in wget mw; do echo old > "$CASE_DIR/$d/small.txt"; touch -d 2000-01-01 "$CASE_DIR/$d/small.txt"; done
  both -q -N --no-if-modified-since "$BASE/small.txt"
  assert_same_outcome
  [ "$(grep -c '^HEAD' "$M.wire")" -eq 1 ] && [ "$(grep -c '^GET' "$M.wire")" -eq 1 ] || fail "wire: $(cat "$M.wire")"
  assert_same_file "$M/small.txt" "$ROOT/small.txt"
  # now current: the HEAD alone
  both -q -N --no-if-modified-since "$BASE/small.txt"
  assert_same_outcome
  [ "$(grep -a '^[A-Z]' "$M.wire")" = "HEAD /small.txt HTTP/1.1" ] || fail "wire when current: $(cat "$M.wire")"
  # without the option: one GET with If-Modified-Since
  both -q -N "$BASE/small.txt"
  assert_same_outcome
  grep -q 'If-Modified-Since' "$M.wire" || fail "no If-Modified-Since"
}

t_report_speed_in_bits() {
  both --report-speed=bits "$BASE/100k.bin"
  assert_same_rc
  grep -qE '\([0-9.]+ [KMG]?b/s\) - ' "$M.stderr" || fail "no bit rate: $(grep saved "$M.stderr")"
  grep -qE '\([0-9.]+ [KMG]?b/s\) - ' "$W.stderr" || fail "wget has no bit rate either"
  run_mw --report-speed=bytes "$BASE/small.txt"
  assert_rc 2
}

t_prefer_family_orders_the_addresses() {
  both -O /dev/null --prefer-family=IPv4 "http://localhost:$PORT/small.txt"
  assert_same_rc
  grep -q "^Connecting to localhost (localhost)|127.0.0.1|:$PORT... connected." "$M.stderr" || fail "IPv4 not first"
  both -O /dev/null --prefer-family=IPv6 "http://localhost:$PORT/small.txt"
  grep -q "^Connecting to localhost (localhost)|::1|:$PORT... connected." "$M.stderr" || fail "IPv6 not first"
}

xdg_of() { (cd "$1" && getfattr -d -m '^user\.xdg\.' "$2" 2>/dev/null); }
assert_same_xdg() { [ "$(xdg_of "$W" "$1")" = "$(xdg_of "$M" "$1")" ] || fail "$1: wget $(xdg_of "$W" "$1") / mini-wget $(xdg_of "$M" "$1")"; }

t_xattr_records_where_the_file_came_from() {
  both -q --xattr "http://u:p@127.0.0.1:$PORT/redirect/302/small.txt"
  assert_same_outcome
  assert_same_xdg small.txt
  [ "$(getfattr --only-values -n user.xdg.origin.url "$M/small.txt" 2>/dev/null)" = "$BASE/small.txt" ] || fail "origin url"
  [ "$(getfattr --only-values -n user.xdg.referrer.url "$M/small.txt" 2>/dev/null)" = "$BASE" ] || fail "referrer url"
  rm -rf "$W" "$M"
  both -q --xattr -O out "$BASE/small.txt"   # no redirect: the origin only, on an -O file too
  assert_same_outcome
  assert_same_xdg out
  getfattr -n user.xdg.origin.url "$M/out" > /dev/null 2>&1 || fail "no origin on the -O file"
  run_tool plain "$MW_BIN" -q "$BASE/small.txt"
  getfattr -n user.xdg.origin.url "$CASE_DIR/plain/small.txt" > /dev/null 2>&1 && fail "xattr without --xattr"
}

t_unlink_leaves_a_hard_link_alone() {
  mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
  for d in wget mw; do
    echo old > "$CASE_DIR/$d/small.txt"; touch -d 2000-01-01 "$CASE_DIR/$d/small.txt"
    ln "$CASE_DIR/$d/small.txt" "$CASE_DIR/$d/link.txt"
  done
  both -q -N --unlink "$BASE/small.txt"
  assert_same_outcome
  [ "$(cat "$M/link.txt")" = old ] || fail "the hard link was written through"
  assert_same_file "$M/small.txt" "$ROOT/small.txt"
  # without --unlink the file is written through, and the link with it
  echo old > "$CASE_DIR/mw/small.txt"; touch -d 2000-01-01 "$CASE_DIR/mw/small.txt"
  rm -f "$CASE_DIR/mw/link.txt"; ln "$CASE_DIR/mw/small.txt" "$CASE_DIR/mw/link.txt"
  run_tool mw "$MW_BIN" -q -N "$BASE/small.txt"
  assert_same_file "$M/link.txt" "$ROOT/small.txt"
}

t_start_pos_starts_at_the_offset() {
  both -q --start-pos=1000 "$BASE/100k.bin"
  assert_same_outcome
  cmp -s "$M/100k.bin" <(tail -c +1001 "$ROOT/100k.bin") || fail "not the bytes from 1000 on"
  grep -q 'Range: bytes=1000-' "$M.wire" || fail "no Range"
}

t_start_pos_wins_over_continue() {
  mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
  for d in wget mw; do head -c 500 "$ROOT/100k.bin" > "$CASE_DIR/$d/100k.bin"; done
  both -c --start-pos=1k "$BASE/100k.bin"
  assert_same_outcome
  grep -q 'Range: bytes=1024-' "$M.wire" || fail "no Range from 1024"
  grep -q 'Specifying both --start-pos and --continue is not recommended; --continue will be disabled.' "$M.stderr" ||
    fail "no warning"
}

t_continue_resumes_the_output_document() {
  mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
  for d in wget mw; do head -c 30000 "$ROOT/100k.bin" > "$CASE_DIR/$d/out.bin"; done
  both -q -c -O out.bin "$BASE/100k.bin"
  assert_same_outcome
  assert_same_file "$M/out.bin" "$ROOT/100k.bin"
  grep -q 'Range: bytes=30000-' "$M.wire" || fail "not resumed: $(cat "$M.wire")"
}

t_input_file_may_be_a_url() {
  both -q -i "$BASE/site/list.txt"
  assert_same_outcome
  assert_same_file "$M/a.txt" "$ROOT/site/a.txt"
}

t_force_html_reads_links_from_the_input_file() {
  mkdir -p "$CASE_DIR/wget" "$CASE_DIR/mw"
  cp "$ROOT/site/list.html" "$CASE_DIR/wget/"; cp "$ROOT/site/list.html" "$CASE_DIR/mw/"
  both -q -F -i list.html -B "$BASE/site/"
  assert_same_outcome
  assert_same_file "$M/b.txt" "$ROOT/site/sub/b.txt"
  # without a base only the absolute link can be fetched
  both -q -F -i list.html
  assert_same_outcome
  both -q --force-html -i "$BASE/site/list.html"
  assert_same_outcome
  # from standard input
  rm -rf "$W" "$M"
  run_tool wget wget -q -F -i - -B "$BASE/site/" < "$ROOT/site/list.html"
  run_tool mw "$MW_BIN" -q -F -i - -B "$BASE/site/" < "$ROOT/site/list.html"
  assert_same_rc
  assert_same_files
  assert_same_file "$M/b.txt" "$ROOT/site/sub/b.txt"
}

t_rejected_log_in_wgets_format() {
  both -q -r -np -R b.txt --rejected-log=rejected.log "$BASE/site/index.html"
  assert_same_rc
  assert_same_files
  assert_same_wire_set
  grep -q '^PARENT	' "$M/rejected.log" && grep -q '^RULES	' "$M/rejected.log" && grep -q '^SPANNEDHOST	' "$M/rejected.log" ||
    fail "log: $(cat "$M/rejected.log")"
}

t_relative_only_follows_relative_links() {
  both -q -r -L --rejected-log=rejected.log "$BASE/site/index.html"
  assert_same_rc
  assert_same_files
  assert_same_wire_set
  assert_file_absent "$M/127.0.0.1:$PORT/site/rel.txt"
}

t_regex_type_pcre() {
  both -q -r -nd --regex-type=pcre --accept-regex='(index\.html|/\d+\.txt)$' "$BASE/site/index.html"
  assert_same_rc
  assert_same_files
  [ -f "$M/12.txt" ] && [ ! -f "$M/a.txt" ] || fail "pcre not applied: $(ls "$M")"
  run_mw --regex-type=perl "$BASE/small.txt"
  assert_rc 2
}

t_strict_comments_hide_links_in_sgml_comments() {
  both -q -r -nd --strict-comments "$BASE/sc/index.html"
  assert_same_rc
  assert_same_files
  assert_same_wire_set
  assert_file_absent "$M/hidden.html"
  both -q -r -nd "$BASE/sc/index.html"
  assert_same_rc
  assert_same_files
  [ -f "$M/hidden.html" ] || fail "HTML5 comments end at the first -->"
}

t_convert_file_only_rewrites_the_base_name() {
  both -q -r -E --convert-file-only "$BASE/cf/index.html"
  assert_same_rc
  assert_same_files
  grep -q 'href="/cf/other.php%3Fx=1.html"' "$M/127.0.0.1:$PORT/cf/index.html" || fail "$(cat "$M/127.0.0.1:$PORT/cf/index.html")"
}

t_use_askpass_asks_a_program() {
  cat > "$CASE_DIR/askpass" <<'EOF'
#!/bin/sh
echo "$1" >> "$(dirname "$0")/asked"
case $1 in Username*) echo alice ;; *) echo s3cret ;; esac
EOF
  chmod +x "$CASE_DIR/askpass"
  both -q --use-askpass="$CASE_DIR/askpass" "$BASE/auth/basic/alice/s3cret/small.txt"
  assert_same_outcome
  assert_same_file "$M/small.txt" "$ROOT/small.txt"
  grep -q "^Username for '$BASE/auth/basic/alice/s3cret/small.txt': $" "$CASE_DIR/asked" || fail "asked: $(cat "$CASE_DIR/asked")"
}

t_crl_file_refuses_a_revoked_certificate() {
  . "$(dirname "$0")/certs.sh"
  local d=$CASE_DIR/certs
  make_certs "$d"
  openssl ca -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" -gencrl -crldays 30 -out "$d/empty.crl" 2>/dev/null
  openssl ca -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" -revoke "$d/good.pem" 2>/dev/null
  openssl ca -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" -gencrl -crldays 30 -out "$d/revoked.crl" 2>/dev/null
  local base=$BASE port=$PORT log=$LOG
  start_fixture --tls "$d/good.pem" "$d/good.key"
  local https=https://127.0.0.1:$PORT
  BASE=$base PORT=$port LOG=$log
  run_mw -q --ca-certificate="$d/ca.pem" --crl-file="$d/empty.crl" -O ok.txt "$https/small.txt"
  assert_rc 0
  run_mw -q --ca-certificate="$d/ca.pem" --crl-file="$d/revoked.crl" "$https/small.txt"
  assert_rc 5
  assert_file_absent "$WORK/small.txt"
  run_mw -q --crl-file="$CASE_DIR/missing.crl" "$https/small.txt"
  [ "$RC" -ne 0 ] || fail "a missing CRL file was accepted"
}

t_ftp_options_are_accepted_and_do_nothing() {
  both -q --no-passive-ftp --follow-ftp --retr-symlinks --no-remove-listing --no-glob --preserve-permissions \
    --ftp-user=x --ftp-password=y --no-dns-cache "$BASE/small.txt"
  assert_same_outcome
}

run_cases

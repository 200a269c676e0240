# IRI and IDN, side by side with GNU wget 1.21 (built with
# libidn2): host names through IDNA 2008, links read in the page's charset,
# URLs from the local encoding, saved names in it. An IDN host reaches the
# fixture through http_proxy, which answers for any host name: the request
# line and Host header on the wire are what a real server would see.
. "$(dirname "$0")/lib.sh"
start_fixture
. "$(dirname "$0")/parity.sh"
export LC_ALL=C.UTF-8

E_UTF8=$(printf '\303\251') E_LATIN1=$(printf '\351')
mkdir -p "$ROOT/i"
printf 'utf8\n' > "$ROOT/i/caf${E_UTF8}.txt"
printf 'latin1\n' > "$ROOT/i/caf${E_LATIN1}.txt"
printf 'utf8\n' > "$ROOT/caf${E_UTF8}.txt"
printf 'latin1\n' > "$ROOT/caf${E_LATIN1}.txt"
printf '<html><body><a href="caf%s.txt">x</a></body></html>\n' "$E_UTF8" > "$ROOT/i/utf8.html"
printf '<html><body><p>d%sj%s vu</p><a href="caf%s.txt">x</a></body></html>\n' "$E_LATIN1" "$E_LATIN1" "$E_LATIN1" > "$ROOT/i/latin1.html"
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><a href="caf%s.txt">x</a></body></html>\n' \
  "$E_LATIN1" > "$ROOT/i/equiv.html"
printf '<html><head><meta charset="iso-8859-1"></head><body><a href="caf%s.txt">x</a></body></html>\n' "$E_LATIN1" > "$ROOT/i/meta.html"

# the wire: request lines and Host fields; robots.txt is asked at other moments
WIRE_HEADERS='^  Host:'
wire_without_robots() { wire_as_sent | grep -av '^GET /robots.txt'; }
WIRE_FILTER=wire_without_robots
both() { run_both "$@"; }
# parity.sh's assert_same_outcome, but names compared byte by byte and the
# Host fields as a set
names_in() { (cd "$1" && find . -type f | LC_ALL=C sort | od -An -c | tr -s ' \n' ' '); }
assert_same_outcome() {
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  [ "$(names_in "$W")" = "$(names_in "$M")" ] || fail "saved names: wget $(names_in "$W") / mini-wget $(names_in "$M")"
  diff <(grep -a '^[A-Z]' "$W.wire") <(grep -a '^[A-Z]' "$M.wire") > "$CASE_DIR/diff" &&
    diff <(grep -a '^ ' "$W.wire" | sort -u) <(grep -a '^ ' "$M.wire" | sort -u) >> "$CASE_DIR/diff" ||
    fail "wire: $(tr '\n' ' ' < "$CASE_DIR/diff")"
}
wire_has() { grep -qaF -- "$1" "$M.wire" || fail "wire lacks $1: $(tr '\n' ' ' < "$M.wire")"; }

t_idn_host_goes_out_as_punycode() {
  http_proxy=$BASE both -q "http://bücher.example/small.txt"
  assert_same_outcome
  wire_has "GET http://xn--bcher-kva.example/small.txt HTTP/1.1"
  wire_has "Host: xn--bcher-kva.example"
  assert_same_file "$M/small.txt" "$ROOT/small.txt"
}

t_idn_is_idna2008_and_case_folded() {
  http_proxy=$BASE both -q -O out "http://faß.de/small.txt"   # IDNA 2008 keeps ß (2003 made it "fass")
  assert_same_outcome
  wire_has "Host: xn--fa-hia.de"
  http_proxy=$BASE both -q -O out "http://BÜCHER.Example/small.txt"
  assert_same_outcome
  wire_has "Host: xn--bcher-kva.example"
  http_proxy=$BASE both -q -O out "http://b%C3%BCcher.example/small.txt"
  wire_has "Host: xn--bcher-kva.example"
}

t_invalid_idn_is_refused() {
  run_mw -q "http://a${E_UTF8}%00b.example/small.txt"
  assert_rc 1
  # a leading combining mark is no IDNA name: wget says so, then sends the
  # bytes anyway; mini-wget stops there (exit 1, nothing on the wire)
  local before; before=$(wc -l < "$LOG")
  http_proxy=$BASE run_mw "http://$(printf '\314\201')a.example/x"
  assert_rc 1
  assert_stderr_contains "Invalid host name (idn_encode failed (-303)"
  [ "$(tail -n +"$((before + 1))" "$LOG" | grep -c '^conn=')" -eq 0 ] || fail "a request went out"
}

t_utf8_page_links() {
  both -q -r -l1 -nd "$BASE/i/utf8.html"
  assert_same_outcome
  wire_has "GET /i/caf%C3%A9.txt"
  assert_same_file "$M/caf${E_UTF8}.txt" "$ROOT/i/caf${E_UTF8}.txt"
}

t_latin1_page_by_its_content_type() {
  both -q -r -l1 -nd "$BASE/charset/ISO-8859-1/i/latin1.html"
  assert_same_outcome
  wire_has "GET /charset/ISO-8859-1/i/caf%C3%A9.txt"
}

t_latin1_page_by_its_meta_http_equiv() {
  both -q -r -l1 -nd "$BASE/i/equiv.html"
  assert_same_outcome
  wire_has "GET /i/caf%C3%A9.txt"
  assert_same_file "$M/caf${E_UTF8}.txt" "$ROOT/i/caf${E_UTF8}.txt"
}

t_latin1_page_by_its_meta_charset() {
  # wget 1.21 reads only <meta http-equiv>; HTML5's <meta charset> names the
  # charset as well, and mini-wget reads it too
  run_tool mw "$MW_BIN" -q -r -l1 -nd "$BASE/i/meta.html"
  M=$CASE_DIR/mw
  wire_has "GET /i/caf%C3%A9.txt"
}

t_page_without_charset_keeps_its_bytes() {
  both -q -r -l1 -nd "$BASE/i/latin1.html"
  assert_same_outcome
  wire_has "GET /i/caf%E9.txt"
  assert_same_file "$M/caf${E_LATIN1}.txt" "$ROOT/i/caf${E_LATIN1}.txt"
}

t_remote_encoding_names_the_pages_charset() {
  both -q -r -l1 -nd --remote-encoding=ISO-8859-1 "$BASE/i/latin1.html"
  assert_same_outcome
  wire_has "GET /i/caf%C3%A9.txt"
}

t_no_iri_reads_links_as_bytes() {
  both -q -r -l1 -nd --no-iri "$BASE/charset/ISO-8859-1/i/latin1.html"
  assert_same_outcome
  wire_has "GET /charset/ISO-8859-1/i/caf%E9.txt"
}

t_local_encoding_of_the_command_line() {
  both -q --local-encoding=ISO-8859-1 "$BASE/caf${E_LATIN1}.txt"
  assert_same_outcome
  wire_has "GET /caf%C3%A9.txt"
  # saved under the local encoding's name
  assert_same_file "$M/caf${E_LATIN1}.txt" "$ROOT/caf${E_UTF8}.txt"
  both -q "$BASE/caf${E_UTF8}.txt"
  assert_same_outcome
  wire_has "GET /caf%C3%A9.txt"
  LC_ALL=C both -q "$BASE/caf${E_UTF8}.txt"
  assert_same_outcome
}

t_convert_links_in_a_latin1_page_keeps_its_bytes() {
  both -q -r -l1 -nd -k "$BASE/charset/ISO-8859-1/i/latin1.html"
  assert_same_outcome
  # the link was found in UTF-8 but rewritten where it stands in the page:
  # the text around it is the page's own latin1 bytes
  grep -qa "<p>d${E_LATIN1}j${E_LATIN1} vu</p><a href=\"" "$M/latin1.html" || fail "page bytes around the link changed"
  grep -qa '">x</a>' "$M/latin1.html" || fail "the link's end moved: $(cat "$M/latin1.html")"
}

run_cases

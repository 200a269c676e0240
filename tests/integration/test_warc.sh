# WARC output (--warc-file and the --warc-* options): the archive is read
# back with warcio (the Webrecorder project's reader, from npm) and every
# digest recomputed (warc_check.mjs); the bytes in the records are the ones
# on the wire; the CDX offsets open their own gzip members; memory stays
# flat for a large body.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

# warcio, installed once per build directory (CI starts without it). No
# reader, no test: this fails loudly rather than pass without checking.
WARCIO_DIR=${MW_WARCIO_DIR:-$(cd "$(dirname "$MW_FIXTURE")" && pwd)/warcio}
WARCIO_VERSION=2.4.11
if [ ! -f "$WARCIO_DIR/node_modules/warcio/package.json" ]; then
  command -v npm > /dev/null || { echo "FAIL: npm is missing (bash .ci/install-deps installs nodejs and npm)"; exit 1; }
  mkdir -p "$WARCIO_DIR"
  timeout 300 npm install --prefix "$WARCIO_DIR" --no-audit --no-fund --loglevel=error "warcio@$WARCIO_VERSION" > "$TMP/npm.log" 2>&1 ||
    { echo "FAIL: npm install warcio@$WARCIO_VERSION failed (is the npm registry reachable?):"; tail -n 20 "$TMP/npm.log"; exit 1; }
fi
WARCIO=$WARCIO_DIR/node_modules/.bin/warcio

start_fixture

# warc_check FILE... : warcio reads the files and each digest is checked
# (warc_check.mjs), and warcio's own command indexes them; RECORDS holds one
# JSON line per record.
warc_check() {
  run_queries
  RECORDS=$CASE_DIR/records.jsonl
  node "$HERE/warc_check.mjs" "$WARCIO_DIR/node_modules/warcio" "$@" > "$RECORDS" 2> "$CASE_DIR/check.err" ||
    { fail "warc_check: $(grep problems "$RECORDS" | head -n 3) $(head -c 600 "$CASE_DIR/check.err")"; return 1; }
  "$WARCIO" index "$@" > "$CASE_DIR/index.out" 2>&1 || fail "warcio index $*: $(head -c 400 "$CASE_DIR/index.out")"
  [ "$(wc -l < "$CASE_DIR/index.out")" -eq "$(wc -l < "$RECORDS")" ] || fail "warcio index lists $(wc -l < "$CASE_DIR/index.out") records, warc_check $(wc -l < "$RECORDS")"
}

# assert_query EXPECTED PYTHON-EXPRESSION : the expression, evaluated with
# `records` (the dicts warc_check read), must print EXPECTED. The queries
# run together (one python per archive checked) when the case ends or the
# next archive is checked.
assert_query() {
  printf '%s\t%s\n' "$1" "$2" >> "$CASE_DIR/queries"
}
run_queries() {
  [ -s "$CASE_DIR/queries" ] || return 0
  python3 - "$RECORDS" "$CASE_DIR/queries" > "$CASE_DIR/queries.out" <<'PY' || fail "$(cat "$CASE_DIR/queries.out")"
import json, re, sys
records = [json.loads(l) for l in open(sys.argv[1])]
bad = 0
for line in open(sys.argv[2]):
    want, expr = line.rstrip("\n").split("\t", 1)
    got = str(eval(expr))
    if got != want:
        bad += 1
        print(f"{expr}: got '{got}', expected '{want}'")
sys.exit(1 if bad else 0)
PY
  rm -f "$CASE_DIR/queries"
}

# Every response answers a request record of the same file (WARC-Concurrent-To).
PAIRS_OK='all(any(q["type"]=="request" and q["id"]==r["concurrent"] and q["uri"]==r["uri"] for q in records) for r in records if r["type"] in ("response","revisit"))'

t_a_download_is_recorded_as_request_and_response() {
  run_mw --warc-file=arc "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  warc_check "$WORK/arc.warc.gz" || return
  assert_query "['warcinfo', 'request', 'response', 'resource']" '[r["type"] for r in records]'
  assert_query "True" 'all(r["version"]=="WARC/1.1" for r in records)'
  assert_query "$BASE/small.txt $BASE/small.txt" '" ".join(r["uri"] for r in records[1:3])'
  assert_query "True" "$PAIRS_OK"
  assert_query "127.0.0.1 127.0.0.1" '" ".join(r["ip"] for r in records[1:3])'
  # sub-second dates, as WARC 1.1 allows
  assert_query "True" 'all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", r["date"]) for r in records)'
  # the request as sent (the fixture logs what it got), the response with the body
  zcat "$WORK/arc.warc.gz" > "$CASE_DIR/plain"
  grep -aq $'^GET /small.txt HTTP/1.1\r$' "$CASE_DIR/plain" || fail "no request line in the request record"
  grep -aq $'^HTTP/1.1 200 OK\r$' "$CASE_DIR/plain" || fail "no status line in the response record"
  grep -aq $'^WARC-Target-URI: <' "$CASE_DIR/plain" && fail "WARC-Target-URI in angle brackets (WARC 1.0's mistake)"
  grep -aq "‘small.txt’ saved \[6/6\]" "$CASE_DIR/plain" || fail "the log record lacks the download's line"
}

# The records have wget's shape: the same fields in the same order.
t_records_have_the_fields_wget_writes_in_its_order() {
  command -v wget > /dev/null || { echo "    skip: wget is not installed"; return; }
  (cd "$WORK" && timeout 60 wget -q --warc-file=wget "$BASE/small.txt" -O /dev/null)
  run_mw --warc-file=mine -O /dev/null "$BASE/small.txt"
  assert_rc 0
  fields() { zcat "$1" | tr -d '\r' | awk -v type="$2" '
      /^WARC\/1\.[01]$/ { inrec = 1; n = ""; next }
      inrec && /^$/ { if (t == type) { print n; exit } inrec = 0; next }
      inrec { split($0, a, ":"); if (a[1] == "WARC-Type") { t = substr($0, 12) } n = n " " a[1] }'; }
  local type
  for type in request response; do
    [ "$(fields "$WORK/wget.warc.gz" $type)" = "$(fields "$WORK/mine.warc.gz" $type)" ] ||
      fail "$type fields differ from wget's: $(fields "$WORK/wget.warc.gz" $type) / $(fields "$WORK/mine.warc.gz" $type)"
  done
}

t_a_chunked_body_is_recorded_with_its_framing_and_digested_without() {
  run_mw --warc-file=arc -O /dev/null "$BASE/chunked/3k.bin"
  assert_rc 0
  warc_check "$WORK/arc.warc.gz" || return
  zcat "$WORK/arc.warc.gz" | grep -aq $'^Transfer-Encoding: chunked\r$' || fail "the head as received is not there"
  local want; want=sha1:$(python3 -c 'import base64,hashlib,sys; print(base64.b32encode(hashlib.sha1(open(sys.argv[1],"rb").read()).digest()).decode())' "$ROOT/3k.bin")
  zcat "$WORK/arc.warc.gz" | grep -aq "^WARC-Payload-Digest: $want" || fail "payload digest is not the file's ($want)"
}

t_a_redirect_and_its_target_are_both_recorded() {
  run_mw --warc-file=arc "$BASE/redirect/301/small.txt"
  assert_rc 0
  warc_check "$WORK/arc.warc.gz" || return
  assert_query "['warcinfo', 'request', 'response', 'request', 'response', 'resource']" '[r["type"] for r in records]'
  assert_query "$BASE/redirect/301/small.txt $BASE/small.txt" '" ".join(r["uri"] for r in records if r["type"]=="response")'
  assert_query "True" "$PAIRS_OK"
}

t_a_recursive_crawl_is_archived_whole() {
  mkdir -p "$ROOT/site"
  printf '<html><body><a href="a.html">a</a><img src="pic.bin"><link rel=stylesheet href="s.css"></body></html>\n' > "$ROOT/site/index.html"
  printf '<html><body><a href="index.html">back</a></body></html>\n' > "$ROOT/site/a.html"
  printf 'body { background: url(bg.bin) }\n' > "$ROOT/site/s.css"
  head -c 70000 /dev/urandom > "$ROOT/site/pic.bin"
  head -c 2000 /dev/urandom > "$ROOT/site/bg.bin"
  run_mw -r -l 3 -nv --warc-file=site --warc-cdx "$BASE/site/index.html"
  assert_rc 0
  warc_check "$WORK/site.warc.gz" || return
  local u
  for u in robots.txt site/index.html site/a.html site/s.css site/pic.bin site/bg.bin; do
    assert_query 1 "sum(1 for r in records if r['type']=='response' and r['uri']=='$BASE/$u')"
  done
  assert_query "True" "$PAIRS_OK"
  [ "$(grep -c ' 200 ' "$WORK/site.cdx")" -eq 5 ] || fail "the CDX lists $(grep -c ' 200 ' "$WORK/site.cdx") 200s, expected 5"
  # -p: the page and what it displays, not the page it links to
  run_mw -p -nd -P req --warc-file=req "$BASE/site/index.html"
  assert_rc 0
  warc_check "$WORK/req.warc.gz" || return
  assert_query "['index.html', 'pic.bin', 's.css', 'bg.bin']" \
    "[r['uri'].rsplit('/', 1)[1] for r in records if r['type']=='response' and 'robots' not in r['uri']]"
}

# Parallel transfers: each record is written whole, so warcio reads every
# one, and each response follows the request it answers.
t_parallel_transfers_never_interleave_records() {
  local i
  for i in 1 2 3 4 5 6; do
    cp "$ROOT/3k.bin" "$ROOT/c$i.bin"
    echo "$BASE/1m.bin?$i"; echo "$BASE/chunked/c$i.bin"; echo "$BASE/small.txt?$i"
  done > "$CASE_DIR/list"
  run_mw -j 6 -nd -O /dev/null -i "$CASE_DIR/list" --warc-file=par
  assert_rc 2 # -O with several downloads needs -j 1
  run_mw -j 6 -i "$CASE_DIR/list" --warc-file=par
  assert_rc 0
  warc_check "$WORK/par.warc.gz" || return
  assert_query 18 'sum(1 for r in records if r["type"]=="response")'
  assert_query "True" "$PAIRS_OK"
  assert_query "True" 'all(records[i-1]["type"]=="request" and records[i-1]["id"]==r["concurrent"] for i,r in enumerate(records) if r["type"]=="response")'
}

t_https_exchanges_are_recorded_in_plaintext() {
  local certs=$TMP/certs
  [ -f "$certs/good.pem" ] || make_certs "$certs"
  local plain_port=$PORT plain_base=$BASE plain_log=$LOG
  start_fixture --tls "$certs/good.pem" "$certs/good.key"
  local tls_port=$PORT
  PORT=$plain_port BASE=$plain_base LOG=$plain_log # the other cases go on with the plain server
  run_mw --ca-certificate "$certs/ca.pem" --warc-file=tls "https://127.0.0.1:$tls_port/small.txt"
  assert_rc 0
  warc_check "$WORK/tls.warc.gz" || return
  assert_query "https://127.0.0.1:$tls_port/small.txt" 'records[2]["uri"]'
  zcat "$WORK/tls.warc.gz" | grep -aq $'^GET /small.txt HTTP/1.1\r$' || fail "no plaintext request"
  zcat "$WORK/tls.warc.gz" | grep -aq '^hello$' || fail "no plaintext body"
}

t_max_size_rolls_over_to_numbered_files_each_with_its_warcinfo() {
  run_mw --warc-file=roll --warc-max-size=2k "$BASE/3k.bin" "$BASE/small.txt" "$BASE/dir/index.html"
  assert_rc 0
  assert_file_absent "$WORK/roll.warc.gz"
  local f n=0
  for f in "$WORK"/roll-0000[0-9].warc.gz; do
    n=$((n + 1))
    warc_check "$f" || return
    assert_query "warcinfo $(basename "$f")" 'records[0]["type"] + " " + records[0]["file"]'
  done
  [ "$n" -ge 3 ] || fail "$n files, expected one per exchange past 2k"
  warc_check "$WORK"/roll-0000[0-9].warc.gz || return
  assert_query 3 'sum(1 for r in records if r["type"]=="response")'
  assert_query "True" "$PAIRS_OK"
}

# Each CDX line's offset starts a gzip member of its own, which holds
# exactly the response record the line names.
t_cdx_offsets_open_their_own_records() {
  run_mw --warc-file=idx --warc-cdx --warc-max-size=4k "$BASE/3k.bin" "$BASE/small.txt" "$BASE/status/404" "$BASE/redirect/302/small.txt"
  assert_rc 8
  [ "$(head -n1 "$WORK/idx.cdx")" = " CDX a b a m s k r M V g u" ] || fail "CDX header: $(head -n1 "$WORK/idx.cdx")"
  [ "$(tail -n +2 "$WORK/idx.cdx" | wc -l)" -eq 5 ] || fail "CDX lines: $(tail -n +2 "$WORK/idx.cdx" | wc -l), expected 5"
  grep -q " 302 [A-Z2-7]\{32\} /small.txt - " "$WORK/idx.cdx" || fail "the redirect's line lacks its Location"
  python3 - "$WORK" > "$CASE_DIR/cdx.out" <<'PY' || fail "$(cat "$CASE_DIR/cdx.out")"
import sys, zlib
work = sys.argv[1]
lines = open(work + "/idx.cdx").read().splitlines()[1:]
for line in lines:
    f = line.split(" ")
    url, status, digest, offset, name, rid = f[0], f[4], f[5], int(f[8]), f[9], f[10]
    data = open(work + "/" + name, "rb").read()[offset:]
    z = zlib.decompressobj(31)
    record = z.decompress(data)
    assert z.eof, f"{name}@{offset}: not one whole gzip member"
    head = record.split(b"\r\n\r\n", 1)[0].decode()
    assert head.startswith("WARC/1.1\r\n"), f"{name}@{offset}: {head[:40]!r}"
    assert "WARC-Type: response" in head and f"WARC-Record-ID: {rid}" in head, f"{name}@{offset}: not {rid}"
    assert f"WARC-Target-URI: {url}\r\n" in head and f"WARC-Payload-Digest: sha1:{digest}" in head, head
    rest = z.unused_data
    assert not rest or zlib.decompressobj(31).decompress(rest).startswith(b"WARC/1.1\r\n"), "what follows is no record"
print("ok")
PY
}

t_dedup_writes_revisit_records_for_payloads_the_cdx_holds() {
  run_mw --warc-file=first --warc-cdx -O /dev/null "$BASE/3k.bin"
  assert_rc 0
  local id; id=$(tail -n1 "$WORK/first.cdx" | cut -d' ' -f11)
  run_mw --warc-file=second --warc-dedup="$WORK/first.cdx" "$BASE/3k.bin" "$BASE/small.txt"
  assert_rc 0
  assert_same_file "$WORK/3k.bin" "$ROOT/3k.bin"
  warc_check "$WORK/second.warc.gz" || return
  assert_query "revisit response" '" ".join(r["type"] for r in records if r["type"] in ("response","revisit"))'
  assert_query "$id" '[r["refers"] for r in records if r["type"]=="revisit"][0]'
  assert_query "True" "$PAIRS_OK"
  zcat "$WORK/second.warc.gz" > "$CASE_DIR/plain"
  grep -aq '^WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest' "$CASE_DIR/plain" || fail "no revisit profile"
  grep -aq "^WARC-Refers-To-Target-URI: $BASE/3k.bin" "$CASE_DIR/plain" || fail "no WARC-Refers-To-Target-URI"
  # the revisit holds the head only: the 3000 bytes are in the first archive
  assert_query "True" '[r["length"] < 1000 for r in records if r["type"]=="revisit"][0]'
  run_mw --warc-file=third --warc-dedup="$WORK/missing.cdx" "$BASE/small.txt"
  assert_rc 1
  assert_stderr_contains "missing.cdx"
}

t_options_no_compression_no_digests_no_log_and_headers() {
  run_mw --warc-file=plain --no-warc-compression --no-warc-digests --no-warc-keep-log \
    --warc-header="operator: the test suite" --warc-header="description: a plain archive" "$BASE/small.txt"
  assert_rc 0
  assert_file_absent "$WORK/plain.warc.gz"
  [ "$(head -c 10 "$WORK/plain.warc" | od -An -c | tr -d ' ')" = 'WARC/1.1\r\n' ] || fail "plain.warc is not an uncompressed WARC"
  warc_check "$WORK/plain.warc" || return
  assert_query "['warcinfo', 'request', 'response']" '[r["type"] for r in records]'
  grep -aq "Digest:" "$WORK/plain.warc" && fail "digests written despite --no-warc-digests"
  grep -aq $'^operator: the test suite\r$' "$WORK/plain.warc" || fail "--warc-header is not in the warcinfo record"
  grep -aq $'^description: a plain archive\r$' "$WORK/plain.warc" || fail "the second --warc-header is missing"
  run_mw --warc-file=secret --no-warc-keep-log --password=hunter2 --proxy-password hunter3 -e http_password=hunter4 \
    "http://me:hunter5@127.0.0.1:$PORT/small.txt"
  assert_rc 0
  zcat "$WORK/secret.warc.gz" | grep -aq hunter && fail "a password reached the archive"
  zcat "$WORK/secret.warc.gz" | grep -aq '"--password=\*" "--proxy-password" "\*" "-e" "http_password=\*" "http://me:\*@127' ||
    fail "the arguments are not in the warcinfo record: $(zcat "$WORK/secret.warc.gz" | grep -a arguments)"
  run_mw --warc-file="$WORK/no/such/dir/x" "$BASE/small.txt"
  assert_rc 1
  assert_stderr_contains "no/such/dir/x.warc.gz"
  # a body too large for memory, and nowhere to spool it: the file is saved, the archive is not whole
  run_mw --warc-file=nospool --warc-tempdir="$WORK/no/such/dir" "$BASE/1m.bin" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "Cannot write the WARC output ($WORK/no/such/dir/mini-wget-warc."
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

# As wget: an archive holds whole exchanges, so -nc, -c and -N are turned off.
t_no_clobber_continue_and_timestamping_are_turned_off_as_wget_does() {
  head -c 1000 "$ROOT/3k.bin" > "$WORK/3k.bin"
  run_mw -c --warc-file=arc "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "WARC output does not work with --continue or --start-pos, they will be disabled."
  assert_stderr_contains "Opening WARC file ‘arc.warc.gz’."
  assert_same_file "$WORK/3k.bin.1" "$ROOT/3k.bin" # fetched whole, beside the partial file
  warc_check "$WORK/arc.warc.gz" || return
  assert_query 200 'records[2]["length"] > 3000 and 200'
  run_mw -nc --warc-file=arc2 "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_contains "WARC output does not work with --no-clobber, --no-clobber will be disabled."
  assert_same_file "$WORK/3k.bin.2" "$ROOT/3k.bin"
  run_mw -N -q --warc-file=arc3 "$BASE/3k.bin"
  assert_rc 0
  assert_stderr_empty
}

# A 20 MB body (with a length, and chunked) passes through a temporary file:
# the peak RSS stays near a small download's.
t_a_large_body_keeps_memory_flat() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0 # valgrind measures itself
  [ -x /usr/bin/time ] || { fail "/usr/bin/time (package time) is missing"; return; }
  head -c 20971520 /dev/urandom > "$ROOT/20m.bin"
  rss() { (cd "$WORK" && /usr/bin/time -f %M -o "$CASE_DIR/rss" timeout 60 "$MW_BIN" -q "$@" > /dev/null 2>&1); RC=$?; tail -n1 "$CASE_DIR/rss"; }
  local small big chunked
  small=$(rss --warc-file=s -O /dev/null "$BASE/small.txt"); assert_rc 0
  big=$(rss --warc-file=big --warc-tempdir="$CASE_DIR" -O got "$BASE/20m.bin"); assert_rc 0
  assert_same_file "$WORK/got" "$ROOT/20m.bin"
  chunked=$(rss --warc-file=chunked --no-warc-compression -O /dev/null "$BASE/chunked/20m.bin"); assert_rc 0
  echo "    peak RSS: small $small KB, 20 MB $big KB, 20 MB chunked $chunked KB"
  [ $((big - small)) -lt 8192 ] || fail "20 MB body: peak RSS $big KB against $small KB for a small one"
  [ $((chunked - small)) -lt 8192 ] || fail "20 MB chunked body: peak RSS $chunked KB against $small KB"
  [ -z "$(ls -A "$CASE_DIR" | grep mini-wget-warc)" ] || fail "a temporary file was left in --warc-tempdir"
  warc_check "$WORK/big.warc.gz" "$WORK/chunked.warc" || return
  assert_query "True" 'all(r["length"] > 20971520 for r in records if r["type"]=="response")'
  rm -f "$ROOT/20m.bin"
}

# Each case ends by running the queries it asked for.
for name in $(declare -F | awk '{print $3}' | grep '^t_'); do
  eval "$(declare -f "$name" | sed "1s/^t_/case_/")"
  eval "$name() { case_${name#t_}; run_queries; }"
done

run_cases

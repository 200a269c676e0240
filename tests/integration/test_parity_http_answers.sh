# Parity with GNU wget 1.21 on how answers are read and where requests go:
# 300 with a Location, bare-LF heads, gzip files served with a gzip
# Content-Encoding, no_proxy's leading dot, -6 and localhost, HSTS and
# ports (parity.sh compares exit status, files and requests on the wire).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/parity.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"
start_fixture
mkdir -p "$ROOT/arc"
printf 'archived\n' > "$ROOT/arc/a.txt"
(cd "$ROOT" && tar czf a.tar.gz arc && for n in a.tgz a.GZ plain.bin a.zip; do cp a.tar.gz "$n"; done)

t_300_with_a_location_is_followed() {
  run_both "$BASE/ph/300/small.txt"
  assert_same_outcome
  assert_same_file "$CASE_DIR/mw/small.txt" "$ROOT/small.txt"
}

t_300_without_a_location_is_saved() {
  run_both "$BASE/status/300"
  assert_same_outcome
  [ "$RC_mw" -eq 0 ] || fail "exit status $RC_mw"
}

t_bare_lf_head_is_read() {
  run_both "$BASE/ph/lf/3k.bin" "$BASE/ph/lf/small.txt"
  assert_same_outcome
  assert_same_file "$CASE_DIR/mw/3k.bin" "$ROOT/3k.bin"
}

# A .tar.gz with Content-Encoding gzip is a server's label for a gzip file:
# kept as served when its type is gzip or its name ends in .gz or .tgz;
# otherwise the coding is decoded.
t_gzip_files_are_kept_as_served() {
  local spec mode
  for mode in auto gzip; do
    for spec in raw/x-gzip/application~x-gzip/a.tar.gz raw/gzip/application~x-tar/a.tar.gz \
                raw/gzip/application~octet-stream/a.tgz raw/x-gzip/text~plain/a.GZ \
                raw/gzip/application~gzip/plain.bin raw/gzip/application~octet-stream/plain.bin \
                raw/gzip/application~octet-stream/a.zip encoded/gzip/text~plain/small.txt \
                encoded/gzip/application~x-gzip/small.txt; do
      rm -rf "$CASE_DIR/wget" "$CASE_DIR/mw"
      run_both --compression=$mode "$BASE/ph/$spec"
      assert_same_outcome
      [ "$CASE_FAILED" -eq 0 ] || { fail "with $spec, --compression=$mode"; return; }
    done
  done
  assert_same_file "$CASE_DIR/mw/small.txt" "$(cd "$CASE_DIR/wget" && pwd)/small.txt"
  run_tool mw "$MW_BIN" --compression=auto -O kept.tar.gz "$BASE/ph/raw/gzip/application~x-tar/a.tar.gz"
  assert_same_file "$CASE_DIR/mw/kept.tar.gz" "$ROOT/a.tar.gz"
}

# no_proxy: "localhost" matches itself and its subdomains, ".localhost"
# only the subdomains (the fixture is also a forward proxy: an
# absolute-form request line shows the proxy was used).
t_no_proxy_leading_dot_as_wget() {
  local entry via_wget via_mw
  for entry in .localhost localhost .host calhost; do
    run_tool wget env http_proxy="$BASE" no_proxy="$entry" wget -t 1 -O out "http://localhost:$PORT/small.txt"
    run_tool mw env http_proxy="$BASE" no_proxy="$entry" "$MW_BIN" -t 1 -O out "http://localhost:$PORT/small.txt"
    via_wget=$(grep -c ' http://' "$CASE_DIR/wget.wire")
    via_mw=$(grep -c ' http://' "$CASE_DIR/mw.wire")
    [ "$via_wget" = "$via_mw" ] || fail "no_proxy=$entry: wget proxied $via_wget request(s), mini-wget $via_mw"
    [ "$RC_wget" = "$RC_mw" ] || fail "no_proxy=$entry: exit status: wget $RC_wget, mini-wget $RC_mw"
  done
  # a subdomain of a dotted entry goes direct (the proxy sees nothing)
  run_tool mw env http_proxy="$BASE" no_proxy=.localhost "$MW_BIN" -t 1 -O out "http://sub.localhost:$PORT/small.txt"
  [ "$(grep -c ' http://' "$CASE_DIR/mw.wire")" -eq 0 ] || fail "sub.localhost went through the proxy"
}

# -6 localhost is ::1, from mini-wget's own rule (RFC 6761), even though
# /etc/hosts may name only 127.0.0.1 (then wget fails to resolve it).
t_ipv6_only_localhost() {
  local main=("$PORT" "$BASE" "$LOG")
  start_fixture --family 6
  run_mw -6 -O out "http://localhost:$PORT/small.txt"
  assert_rc 0
  assert_same_file "$WORK/out" "$ROOT/small.txt"
  assert_stderr_contains '|::1|'
  PORT=${main[0]} BASE=${main[1]} LOG=${main[2]}
}

# HSTS as wget keeps it: the policy is for the port it came from. Each tool
# learns it in its own file, then asks for http:// on another port (plain,
# not upgraded) and on the policy's port (upgraded); each reads the other's file.
t_hsts_policy_keeps_its_port_as_wget() {
  local plain=$PORT plain_log=$LOG tls
  start_fixture --tls "$CERTS/good.pem" "$CERTS/good.key" --sts
  tls=$PORT
  mkdir -p "$CASE_DIR/hw" "$CASE_DIR/hm"
  local w=(env HOME="$CASE_DIR/hw" wget --ca-certificate="$CERTS/ca.pem" -t 1)
  local m=("$MW_BIN" --hsts-file="$CASE_DIR/hm/.wget-hsts" --ca-certificate="$CERTS/ca.pem" -t 1)
  run_tool wget "${w[@]}" -O a "https://localhost:$tls/small.txt"
  run_tool mw "${m[@]}" -O a "https://localhost:$tls/small.txt"
  grep -q "^localhost	$tls	0	" "$CASE_DIR/hm/.wget-hsts" || fail "mini-wget's file lacks the policy with its port"
  # another port of the host: plain http, as wget
  LOG=$plain_log
  run_tool wget "${w[@]}" -O b "http://localhost:$plain/small.txt"
  run_tool mw "${m[@]}" -O b "http://localhost:$plain/small.txt"
  assert_same_outcome
  [ "$RC_mw" -eq 0 ] || fail "another port: exit status $RC_mw"
  assert_stderr_lacks "HSTS"
  # the policy's own port: upgraded, as wget
  run_tool wget "${w[@]}" -O c "http://localhost:$tls/small.txt"
  run_tool mw "${m[@]}" -O c "http://localhost:$tls/small.txt"
  [ "$RC_wget" = "$RC_mw" ] && [ "$RC_mw" -eq 0 ] || fail "the policy's port: exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_stderr_contains "URL transformed to HTTPS due to an HSTS policy"
  assert_same_file "$CASE_DIR/mw/c" "$ROOT/small.txt"
  [ ! -s "$CASE_DIR/mw.wire" ] || fail "a request reached the plain server: $(cat "$CASE_DIR/mw.wire")"
  # each reads the other's file: wget with mini-wget's, mini-wget with wget's
  run_tool wget env HOME="$CASE_DIR/hm" wget --ca-certificate="$CERTS/ca.pem" -t 1 -O d "http://localhost:$tls/small.txt"
  assert_stderr_contains "URL transformed to HTTPS due to an HSTS policy"
  run_tool mw "$MW_BIN" --hsts-file="$CASE_DIR/hw/.wget-hsts" --ca-certificate="$CERTS/ca.pem" -t 1 -O d \
    "http://localhost:$tls/small.txt"
  assert_stderr_contains "URL transformed to HTTPS due to an HSTS policy"
  [ "$RC_wget" = 0 ] && [ "$RC_mw" = 0 ] || fail "reading each other's file: wget $RC_wget, mini-wget $RC_mw"
  LOG=$plain_log PORT=$plain BASE=http://127.0.0.1:$plain
}

run_cases

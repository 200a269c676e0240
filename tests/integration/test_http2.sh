# HTTP/2: against nginx (http2 module, started here on loopback ports with
# its own config), over TLS with ALPN and in cleartext by prior knowledge;
# nginx's access log says the protocol ($server_protocol) and the
# connection ($connection) of every request.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/certs.sh"
CERTS=$TMP/certs
make_certs "$CERTS"
command -v nginx > /dev/null || { echo "nginx is needed (Debian: nginx-light)"; exit 1; }

mkdir -p "$ROOT/many" "$ROOT/private" "$ROOT/text"
for i in $(seq 1 60); do head -c $((i * 37)) /dev/urandom > "$ROOT/many/f$i.bin"; done
for i in $(seq 1 2000); do echo "line $i of a text that compresses well"; done > "$ROOT/text/words.txt"
printf 'secret\n' > "$ROOT/private/s.txt"
mkdir -p "$ROOT/site/sub"
printf '<html><body><a href="a.html">a</a><img src="img.bin"><a href="sub/b.html">b</a></body></html>\n' > "$ROOT/site/index.html"
printf '<html><a href="index.html">back</a><a href="c.txt">c</a></html>\n' > "$ROOT/site/a.html"
printf 'b\n' > "$ROOT/site/sub/b.html"
printf 'c\n' > "$ROOT/site/c.txt"
head -c 5000 /dev/urandom > "$ROOT/site/img.bin"
printf 'user:%s\n' "$(openssl passwd -apr1 pass)" > "$TMP/htpasswd"

# start_nginx : nginx on free ports; sets H2 (https, h2 by ALPN), H2C
# (http, h2 only: prior knowledge), H2_GOAWAY (https, a GOAWAY after 7
# requests per connection) and ACCESS (its log).
start_nginx() {
  local dir=$TMP/nginx try port user=""
  mkdir -p "$dir/tmp"
  [ "$(id -u)" -eq 0 ] && user="user root;" # workers read the test's private directory
  ACCESS=$dir/access.log
  for try in $(seq 10); do
    port=$((20000 + RANDOM % 40000))
    cat > "$dir/nginx.conf" <<CONF
$user
daemon on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 512; }
http {
    log_format h2 '\$request_method \$uri \$server_protocol \$status \$connection \$server_port';
    access_log $ACCESS h2;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    types { text/plain txt; application/octet-stream bin; text/html html; }
    ssl_certificate $CERTS/good.pem;
    ssl_certificate_key $CERTS/good.key;
    gzip on; gzip_types text/plain; gzip_min_length 100;
    server {
        listen 127.0.0.1:$port ssl http2;
        listen 127.0.0.1:$((port + 1)) http2;
        root $ROOT;
        location = /redirect { return 302 /small.txt; }
        location = /set-cookie { add_header Set-Cookie "session=h2yes; Path=/"; return 200 "set\n"; }
        location = /need-cookie { if (\$cookie_session != "h2yes") { return 403; } return 200 "cookie seen\n"; }
        location = /post { if (\$request_method != POST) { return 405; } return 200 "posted\n"; }
        location /private/ { auth_basic "h2"; auth_basic_user_file $TMP/htpasswd; }
    }
    server {
        listen 127.0.0.1:$((port + 2)) ssl http2;
        keepalive_requests 7;
        root $ROOT;
    }
}
CONF
    : > "$dir/error.log"
    if nginx -c "$dir/nginx.conf" -e "$dir/error.log" 2> /dev/null; then
      local i
      for i in $(seq 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.05; done
      FIXTURE_PIDS+=("$(cat "$dir/nginx.pid")")
      H2=https://127.0.0.1:$port H2C=http://127.0.0.1:$((port + 1)) H2_GOAWAY=https://127.0.0.1:$((port + 2))
      return 0
    fi
  done
  echo "nginx did not start: $(cat "$dir/error.log")"
  exit 1
}
start_nginx

mw_tls() { run_mw --ca-certificate "$CERTS/ca.pem" "$@"; }
# access_count PATTERN : lines of the access log matching an extended regex.
access_count() { grep -cE -- "$1" "$ACCESS"; }
assert_access() { grep -qE -- "$1" "$ACCESS" || fail "access log lacks: $1 ($(tail -n 3 "$ACCESS" | tr '\n' '|'))"; }
# connections URI_PREFIX : distinct connections that carried requests under it.
connections() { grep -F " $1" "$ACCESS" | awk '{print $5}' | sort -u | wc -l; }

t_downloads_over_h2_chosen_by_alpn() {
  mw_tls "$H2/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_access "^GET /1m.bin HTTP/2.0 200 "
  assert_stderr_contains "200 OK"
}

t_no_http2_speaks_http_1_1() {
  mw_tls --no-http2 "$H2/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_access "^GET /small.txt HTTP/1.1 200 "
}

# A WARC holds HTTP/1.1 exchanges as they were on the wire (wget's kind):
# with --warc-file the h2 server is spoken to in HTTP/1.1.
t_warc_file_speaks_http_1_1() {
  mw_tls --warc-file="$WORK/arch" "$H2/small.txt"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
  assert_access "^GET /small.txt HTTP/1.1 200 "
  zcat "$WORK/arch.warc.gz" | grep -qa "^HTTP/1.1 200 OK" || fail "the archive holds no HTTP/1.1 response"
}

t_h2c_by_prior_knowledge() {
  run_mw --http2-prior-knowledge "$H2C/5m.bin"
  assert_rc 0
  assert_same_file "$WORK/5m.bin" "$ROOT/5m.bin"
  assert_access "^GET /5m.bin HTTP/2.0 200 "
}

t_list_shares_one_connection_with_j() {
  : > "$ACCESS" # one nginx serves every case: count this one's requests only
  for i in $(seq 1 60); do echo "$H2/many/f$i.bin"; done > "$CASE_DIR/list"
  mw_tls -nv -j 8 -P got -i "$CASE_DIR/list"
  assert_rc 0
  for i in $(seq 1 60); do assert_same_file "$WORK/got/f$i.bin" "$ROOT/many/f$i.bin"; done
  [ "$(access_count "^GET /many/f[0-9]+.bin HTTP/2.0 200 ")" -eq 60 ] || fail "not 60 requests over HTTP/2"
  [ "$(connections /many/)" -eq 1 ] || fail "$(connections /many/) connections, expected 1"
}

t_list_over_h2c_shares_one_connection() {
  : > "$ACCESS" # one nginx serves every case: count this one's requests only
  for i in $(seq 1 60); do echo "$H2C/many/f$i.bin"; done > "$CASE_DIR/list"
  run_mw -nv -j 16 --max-per-host=0 --http2-prior-knowledge -P got -i "$CASE_DIR/list"
  assert_rc 0
  for i in $(seq 1 60); do assert_same_file "$WORK/got/f$i.bin" "$ROOT/many/f$i.bin"; done
  [ "$(connections /many/)" -eq 1 ] || fail "$(connections /many/) connections, expected 1"
}

t_sequential_list_reuses_the_connection() {
  : > "$ACCESS" # one nginx serves every case: count this one's requests only
  mw_tls -nv "$H2/many/f1.bin" "$H2/many/f2.bin" "$H2/many/f3.bin"
  assert_rc 0
  assert_same_file "$WORK/f3.bin" "$ROOT/many/f3.bin"
  [ "$(connections /many/)" -eq 1 ] || fail "$(connections /many/) connections, expected 1"
}

t_goaway_retries_only_the_refused_urls() {
  : > "$ACCESS" # one nginx serves every case: count this one's requests only
  for i in $(seq 1 60); do echo "$H2_GOAWAY/many/f$i.bin"; done > "$CASE_DIR/list"
  mw_tls -nv -j 8 -t 1 -P got -i "$CASE_DIR/list"
  assert_rc 0
  for i in $(seq 1 60); do assert_same_file "$WORK/got/f$i.bin" "$ROOT/many/f$i.bin"; done
  # each connection answers 7 requests: the others were refused and sent again on a new one
  [ "$(access_count "^GET /many/f[0-9]+.bin HTTP/2.0 200 ")" -eq 60 ] || fail "not 60 answered requests"
  [ "$(connections /many/)" -ge 9 ] || fail "only $(connections /many/) connections for 60 requests, 7 each"
}

t_redirect_over_h2() {
  mw_tls -O got "$H2/redirect"
  assert_rc 0
  assert_same_file "$WORK/got" "$ROOT/small.txt"
  assert_access "^GET /redirect HTTP/2.0 302 "
  assert_access "^GET /small.txt HTTP/2.0 200 "
}

t_spider_over_h2() {
  mw_tls --spider "$H2/1m.bin"
  assert_rc 0
  assert_stderr_contains "Remote file exists."
  assert_access "^HEAD /1m.bin HTTP/2.0 200 "
  mw_tls --spider "$H2/missing.bin"
  assert_rc 8
  assert_file_count "$WORK" 0
}

t_missing_file_is_exit_8() {
  mw_tls "$H2/missing.bin"
  assert_rc 8
  assert_stderr_contains "ERROR 404: Not Found."
  assert_file_count "$WORK" 0
}

t_continue_asks_for_the_rest() {
  head -c 300000 "$ROOT/1m.bin" > "$WORK/1m.bin"
  mw_tls -c "$H2/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  assert_access "^GET /1m.bin HTTP/2.0 206 "
}

t_timestamping_skips_a_current_file() {
  mw_tls -N "$H2/small.txt"
  assert_rc 0
  mw_tls -N "$H2/small.txt"
  assert_rc 0
  assert_access "^GET /small.txt HTTP/2.0 304 "
  assert_file_count "$WORK" 1
}

t_basic_auth_after_the_challenge() {
  mw_tls --user=user --password=pass "$H2/private/s.txt"
  assert_rc 0
  assert_same_file "$WORK/s.txt" "$ROOT/private/s.txt"
  assert_access "^GET /private/s.txt HTTP/2.0 401 "
  assert_access "^GET /private/s.txt HTTP/2.0 200 "
  mw_tls -O wrong --user=user --password=nope "$H2/private/s.txt"
  assert_rc 6
}

t_cookies_come_back_over_h2() {
  mw_tls -O - "$H2/set-cookie" "$H2/need-cookie"
  assert_rc 0
  grep -q "cookie seen" "$OUT" || fail "the cookie was not sent back"
}

t_gzip_body_is_decoded() {
  mw_tls --compression=auto "$H2/text/words.txt"
  assert_rc 0
  assert_same_file "$WORK/words.txt" "$ROOT/text/words.txt"
}

t_post_goes_with_its_body() {
  mw_tls -O got --post-data="a=1&b=2" "$H2/post"
  assert_rc 0
  grep -q posted "$WORK/got" || fail "no answer to the POST"
  assert_access "^POST /post HTTP/2.0 200 "
}

t_save_headers_writes_the_h2_head() {
  mw_tls --save-headers -O got "$H2/small.txt"
  assert_rc 0
  head -n 1 "$WORK/got" | grep -q "^HTTP/2.0 200 OK" || fail "no status line saved: $(head -n 1 "$WORK/got")"
  tail -n 1 "$WORK/got" | grep -q "^hello" || fail "body missing after the head"
}

t_limit_rate_paces_an_h2_body() {
  local start=$SECONDS
  mw_tls --limit-rate=300k "$H2/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  [ $((SECONDS - start)) -ge 2 ] || fail "1 MiB at 300 KiB/s took $((SECONDS - start)) s"
}

t_crawl_shares_one_connection() {
  : > "$ACCESS"
  mw_tls -nv -r -np -j 4 -nH "$H2/site/index.html"
  assert_rc 0
  for f in index.html a.html c.txt img.bin sub/b.html; do assert_same_file "$WORK/site/$f" "$ROOT/site/$f"; done
  [ "$(access_count "^GET /site/.* HTTP/2.0 200 ")" -eq 5 ] || fail "not 5 requests over HTTP/2"
  [ "$(connections /site/)" -eq 1 ] || fail "$(connections /site/) connections, expected 1"
}

t_chunks_are_streams_of_one_connection() {
  : > "$ACCESS"
  mw_tls --chunk-size=200k -j 4 "$H2/1m.bin"
  assert_rc 0
  assert_same_file "$WORK/1m.bin" "$ROOT/1m.bin"
  [ "$(access_count "^GET /1m.bin HTTP/2.0 206 ")" -ge 5 ] || fail "not 5 ranges over HTTP/2"
  [ "$(connections /1m.bin)" -eq 1 ] || fail "$(connections /1m.bin) connections, expected 1"
}

run_cases

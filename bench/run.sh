#!/usr/bin/env bash
# Benchmarks mini-wget against wget, wget2 and curl on the same work, in one
# run, against a local nginx (loopback only, sendfile on), and prints medians
# and mini-wget's ratio to each tool.
#
#   bash bench/run.sh [--quick|--h2|--crawl]  (--quick: 256 MiB instead of 1 GiB, fewer runs;
#                                       --h2: case (e) alone; --crawl: case (g) alone)
#
# Cases: (a) one large file to disk, (b) 2,000 files of 2 KiB from a URL list,
# into a directory on disk and again into a tmpfs one (file creation on this
# machine's disk varies by 10x from minute to minute; tmpfs leaves the tools'
# own work), with the CPU the server spent per run, (c) one tiny file
# (start-up cost), (d) peak RSS of (a) and (b), (f) what --results costs, (e) the 2,000 files over HTTP/2
# (TLS, ALPN h2) with 100 at once: mini-wget's streams on one connection,
# curl --parallel --http2 and wget2 --http2 (wget has no HTTP/2), with peak RSS,
# (g) `-m` of Apache's manual (Debian's apache2-doc: 2,700 files, most of them
# HTML) against wget and wget2, checking that mini-wget saves the same files
# with the same bytes as wget.
#
# Packages (bench only, not in .ci/install-deps):
#   apt-get install -y nginx-light hyperfine wget wget2 curl time apache2-doc
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
MW=${MW:-$repo/build/mini-wget}
big_mib=1024 runs=5 list_runs=5 crawl_runs=5 only_crawl=
only_h2=false
if [ "${1:-}" = "--quick" ]; then big_mib=256 runs=3 list_runs=3 crawl_runs=3; fi
if [ "${1:-}" = "--h2" ]; then big_mib=1 only_h2=true; fi
if [ "${1:-}" = "--crawl" ]; then big_mib=1 only_crawl=1; fi
docroot=/usr/share/doc/apache2-doc/manual

for tool in nginx hyperfine wget wget2 curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing: apt-get install nginx-light hyperfine wget wget2 curl time" >&2; exit 1; }
done
[ -f "$docroot/index.html" ] || { echo "bench: Apache's manual is missing: apt-get install apache2-doc" >&2; exit 1; }
[ -x "$MW" ] || { echo "bench: build mini-wget first ($MW)" >&2; exit 1; }

work=$(mktemp -d /tmp/mw-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as another user
shm=$(mktemp -d /dev/shm/mw-bench.XXXXXX 2>/dev/null || mktemp -d)  # tmpfs for (b)
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work" "$shm"; }
trap cleanup EXIT
mkdir -p "$work/root/small" "$work/tmp" "$work/out"

echo "Generating data in $work ..."
[ -n "$only_crawl" ] && big_mib=1
head -c "$((big_mib * 1024 * 1024))" /dev/urandom > "$work/root/big.bin"
head -c 100 /dev/urandom > "$work/root/tiny.bin"
for i in $(seq 1 2000); do head -c 2048 /dev/urandom > "$work/root/small/f$i.bin"; done

port=$(( 20000 + RANDOM % 20000 )) tls_port=$(( 40000 + RANDOM % 20000 )) h2_port=$(( 40000 + RANDOM % 20000 ))
[ "$h2_port" -ne "$tls_port" ] || h2_port=$((tls_port + 1))
doc_port=$(( 20000 + RANDOM % 20000 ))
[ "$doc_port" -ne "$port" ] || doc_port=$((port + 1))
. "$repo/tests/integration/certs.sh"
make_certs "$work/certs"
chmod -R a+rX "$work/certs"
sed -e "s#@DIR@#$work#g; s#@ROOT@#$work/root#g; s#@PORT@#$port#g; s#@TLSPORT@#$tls_port#g; s#@H2PORT@#$h2_port#g; s#@DOCPORT@#$doc_port#g; s#@DOCROOT@#$docroot#g" \
  "$here/nginx.conf.in" > "$work/nginx.conf"
nginx -c "$work/nginx.conf" &
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/tiny.bin" && break; sleep 0.1; done
base="http://127.0.0.1:$port" tls="https://127.0.0.1:$tls_port" ca=$work/certs/ca.pem doc="http://127.0.0.1:$doc_port"
for i in $(seq 1 2000); do echo "$base/small/f$i.bin"; done > "$work/list.txt"
{ for i in $(seq 1 2000); do echo "url = \"$base/small/f$i.bin\""; echo "output = \"f$i.bin\""; done; } > "$work/curl.cfg"
h2="https://127.0.0.1:$h2_port"
for i in $(seq 1 2000); do echo "$h2/small/f$i.bin"; done > "$work/h2list.txt"
{ for i in $(seq 1 2000); do echo "url = \"$h2/small/f$i.bin\""; echo "output = \"f$i.bin\""; done; } > "$work/curl_h2.cfg"

out="$work/out"
declare -A cmd_a cmd_t cmd_b cmd_c
cmd_a[mini-wget]="$MW -q $base/big.bin"
cmd_a[wget]="wget -q $base/big.bin"
cmd_a[wget2]="wget2 -q --no-robots $base/big.bin"
cmd_a[curl]="curl -s -o big.bin $base/big.bin"
cmd_t[mini-wget]="$MW -q --ca-certificate $ca $tls/big.bin"
cmd_t[wget]="wget -q --ca-certificate=$ca $tls/big.bin"
cmd_t[wget2]="wget2 -q --no-robots --no-hsts --no-ocsp --ca-certificate=$ca $tls/big.bin"
cmd_t[curl]="curl -s --cacert $ca -o big.bin $tls/big.bin"
cmd_b[mini-wget]="$MW -q -j 10 -i $work/list.txt"
cmd_b[wget]="wget -q -i $work/list.txt"
cmd_b[wget2]="wget2 -q --no-robots --max-threads=10 -i $work/list.txt"
cmd_b[curl]="curl -s --parallel --parallel-max 10 -K $work/curl.cfg"
cmd_c[mini-wget]="$MW -q $base/tiny.bin"
cmd_c[wget]="wget -q $base/tiny.bin"
cmd_c[wget2]="wget2 -q --no-robots $base/tiny.bin"
cmd_c[curl]="curl -s -o tiny.bin $base/tiny.bin"
declare -A cmd_h
cmd_h[mini-wget]="$MW -q -j 100 --max-per-host=0 --ca-certificate $ca -i $work/h2list.txt"
cmd_h[wget2]="wget2 -q --no-robots --no-hsts --no-ocsp --http2 --max-threads=100 --http2-request-window=100 --ca-certificate=$ca -i $work/h2list.txt"
cmd_h[curl]="curl -s --http2 --parallel --parallel-max 100 --cacert $ca -K $work/curl_h2.cfg"
tools=(mini-wget wget wget2 curl)
# (e) the site has broken links: every tool ends with 8, as wget does
declare -A cmd_g
cmd_g[mini-wget]="$MW -q -m $doc/index.html"
cmd_g[wget]="wget -q -m $doc/index.html"
cmd_g[wget2]="wget2 -q -m $doc/index.html"

# (e): the 2,000 files over HTTP/2, and peak RSS; wget speaks HTTP/1.1 only.
run_h2_case() {
  local tools=(mini-wget wget2 curl)
  measure h "$list_runs" cmd_h > "$work/h.txt"
  measure ht "$list_runs" cmd_h "$shm" > "$work/ht.txt"
  report "(e) 2,000 files of 2 KiB over HTTP/2 (TLS), 100 at once (mini-wget -j 100: streams of one connection; curl --parallel --http2; wget2 --http2)" "$work/h.txt"
  report "(e-tmpfs) the same into a tmpfs directory" "$work/ht.txt"
  echo "peak RSS (KiB):"
  for t in "${tools[@]}"; do printf '  %-10s %10s\n' "$t" "$(peak_rss_kb "${cmd_h[$t]}")"; done
}

# Runs one case through hyperfine in directory $4 (default $out); prints
# "tool median_s user_s system_s" rows.
measure() {
  local name=$1 n=$2; local -n cmds=$3; local dir=${4:-$out}
  local args=()
  for t in "${tools[@]}"; do [ -n "${cmds[$t]:-}" ] && args+=(-n "$t" "${cmds[$t]}"); done
  [ "$name" = g ] && args+=(-i)  # exit 8: the manual's own broken links
  # The previous case's files are still being written back: let that end
  # first, and after each run's clean-up, so no run pays for another's.
  sync; sleep 2
  if ! (cd "$dir" && hyperfine -N -w 1 --show-output -r "$n" --prepare "sh -c 'find $dir -mindepth 1 -delete && sync'" \
      --export-json "$work/$name.json" "${args[@]}" >"$work/$name.log" 2>&1); then
    echo "bench: case $name failed:" >&2; tail -n 30 "$work/$name.log" >&2; exit 1
  fi
  python3 - "$work/$name.json" <<'PY'
import json, sys, statistics
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], statistics.median(r["times"]), r["user"], r["system"])
PY
}

# CPU seconds nginx's workers spent serving one run of $1 (median of 3), in $shm.
server_cpu() {
  local tick; tick=$(getconf CLK_TCK) runs=()
  local pids; pids=$(pgrep -P "$(cat "$work/nginx.pid")")
  ticks() { local sum=0; for p in $pids; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$sum"; }
  for _ in 1 2 3; do
    (cd "$shm" && find . -mindepth 1 -delete)
    local before; before=$(ticks)
    (cd "$shm" && sh -c "$1" >/dev/null 2>&1)
    runs+=($(( $(ticks) - before )))
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p | awk -v t="$tick" '{printf "%.3f", $1 / t}'
}

peak_rss_kb() { (cd "$out" && find . -mindepth 1 -delete && /usr/bin/time -f %M sh -c "$1" 2>&1 >/dev/null | tail -n1); }

report() {
  local title=$1 file=$2
  echo; echo "## $title"
  printf '%-10s %10s %10s %10s %12s\n' tool "median s" "user s" "sys s" "mini/tool"
  local mine; mine=$(awk '$1=="mini-wget"{print $2}' "$file")
  while read -r tool median user sys; do
    printf '%-10s %10.4f %10.4f %10.4f %12.2f\n' "$tool" "$median" "$user" "$sys" "$(awk -v a="$mine" -v b="$median" 'BEGIN{print a/b}')"
  done < "$file"
  local mine_cpu; mine_cpu=$(awk '$1=="mini-wget"{print $3+$4}' "$file")
  echo "CPU (user+sys) ratio, mini-wget/tool:"
  while read -r tool median user sys; do
    printf '  %-10s %6.2f\n' "$tool" "$(awk -v a="$mine_cpu" -v b="$user" -v c="$sys" 'BEGIN{print a/(b+c)}')"
  done < "$file"
}

if $only_h2; then
  echo "# mini-wget benchmark, HTTP/2 only, $(date -u +%Y-%m-%d), $(nproc) cores, nginx on loopback"
  run_h2_case
  exit 0
fi
# (g): mini-wget and wget must save the same files, byte for byte.
crawl() {
  for t in mini-wget wget; do
    mkdir -p "$work/crawl-$t"
    (cd "$work/crawl-$t" && sh -c "${cmd_g[$t]}" >/dev/null 2>&1 || true)
  done
  if diff -r "$work/crawl-mini-wget" "$work/crawl-wget" > "$work/crawl.diff"; then
    echo "(g) same files as wget: yes ($(find "$work/crawl-wget" -type f | wc -l) files)"
  else
    echo "(g) same files as wget: NO"; head -n 20 "$work/crawl.diff"
  fi
  measure g "$crawl_runs" cmd_g > "$work/g.txt"
  report "(g) -m of Apache's manual (2,700 files) on loopback (wget2: its default 5 threads)" "$work/g.txt"
  echo "wall s of each run (min median max), for the noise:"
  python3 - "$work/g.json" <<'PY'
import json, sys, statistics
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print("  %-10s %7.3f %7.3f %7.3f" % (r["command"], min(t), statistics.median(t), max(t)))
PY
}
if [ -n "$only_crawl" ]; then
  echo "# mini-wget benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, nginx on loopback"
  crawl
  exit 0
fi

echo "Running (a) ${big_mib} MiB file over HTTP and HTTPS, (b) 2,000 x 2 KiB list, (c) tiny file, (e) the list over HTTP/2, (g) a crawl ..."
measure a "$runs" cmd_a > "$work/a.txt"
measure t "$runs" cmd_t > "$work/t.txt"
measure b "$list_runs" cmd_b > "$work/b.txt"
measure bt "$list_runs" cmd_b "$shm" > "$work/bt.txt"
measure c 30 cmd_c > "$work/c.txt"

echo "# mini-wget benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, nginx on loopback"
report "(a) one ${big_mib} MiB file to disk" "$work/a.txt"
report "(a-tls) the same file over HTTPS (TLS 1.3)" "$work/t.txt"
mine_plain=$(awk '$1=="mini-wget"{print $3+$4}' "$work/a.txt"); mine_tls=$(awk '$1=="mini-wget"{print $3+$4}' "$work/t.txt")
echo "mini-wget CPU over HTTPS vs HTTP: $(awk -v a="$mine_tls" -v b="$mine_plain" 'BEGIN{printf "%.2f", a/b}')x"
report "(b) 2,000 files of 2 KiB from a list (mini-wget -j 10, wget2 --max-threads=10, curl --parallel-max 10, wget sequential)" "$work/b.txt"
report "(b-tmpfs) the same list into a tmpfs directory" "$work/bt.txt"
echo "CPU s nginx spent serving one run of (b-tmpfs), median of 3:"
for t in "${tools[@]}"; do printf '  %-10s %6s\n' "$t" "$(server_cpu "${cmd_b[$t]}")"; done
report "(c) one tiny file (start-up cost)" "$work/c.txt"

# (f) what --results costs mini-wget: the same downloads with and without
# it (the JSON line per URL, and the sha256 of every body, which also
# turns splice off: the bytes must pass through memory to be hashed).
declare -A cmd_r cmd_rb
cmd_r[plain]="$MW -q $base/big.bin"
cmd_r[results]="$MW -q --results=$work/r.jsonl $base/big.bin"
cmd_rb[plain]="$MW -q -j 10 -i $work/list.txt"
cmd_rb[results]="$MW -q -j 10 -i $work/list.txt --results=$work/rb.jsonl"
all_tools=("${tools[@]}"); tools=(plain results)
measure r "$runs" cmd_r > "$work/r.txt"
measure rb "$list_runs" cmd_rb "$shm" > "$work/rb.txt"
tools=("${all_tools[@]}")
echo; echo "## (f) --results: mini-wget with it / without it"
printf '%-28s %10s %10s %10s %10s
' case "plain s" "results s" "wall x" "CPU x"
for c in r rb; do
  read -r _ pm pu ps < <(awk '$1=="plain"' "$work/$c.txt"); read -r _ rm ru rs < <(awk '$1=="results"' "$work/$c.txt")
  printf '%-28s %10.4f %10.4f %10.2f %10.2f
' "$([ $c = r ] && echo "(a) ${big_mib} MiB file" || echo "(b-tmpfs) 2,000 files")" \
    "$pm" "$rm" "$(awk -v a="$rm" -v b="$pm" 'BEGIN{print a/b}')" "$(awk -v a="$ru" -v b="$rs" -v c="$pu" -v d="$ps" 'BEGIN{print (a+b)/(c+d)}')"
done

echo; echo "## (d) peak RSS (KiB)"
printf '%-10s %12s %12s\n' tool "(a) big" "(b) list"
for t in "${tools[@]}"; do
  printf '%-10s %12s %12s\n' "$t" "$(peak_rss_kb "${cmd_a[$t]}")" "$(peak_rss_kb "${cmd_b[$t]}")"
done

run_h2_case
crawl

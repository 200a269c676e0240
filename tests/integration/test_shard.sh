# --shard=I/N: each URL of the list goes to exactly one of N processes, the
# one FNV-1a 64 of its lowercase "host:port" modulo N names (computed here
# again, independently, in python); a URL that does not parse goes to 0.
. "$(dirname "$0")/lib.sh"
start_fixture; P1=$PORT
start_fixture; P2=$PORT
start_fixture; P3=$PORT

# the shard python computes for each URL of a file, one "URL SHARD" line each
expected_shards() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.parse
def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.lower().encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    return h
n = int(sys.argv[2])
for line in open(sys.argv[1]):
    url = line.strip()
    try:
        u = urllib.parse.urlsplit(url)
        host = u.hostname
        if not host or " " in url:
            raise ValueError
        port = u.port or {"http": 80, "https": 443}[u.scheme]
        key = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        print(url, fnv1a64(key) % n)
    except (ValueError, KeyError):
        print(url, 0)
PY
}

make_list() {
  local i host port; : > "$WORK/urls"
  for port in $P1 $P2 $P3; do
    for host in 127.0.0.1 localhost '[::1]' LOCALHOST; do
      for i in 1 2; do echo "http://$host:$port/small.txt?$i" >> "$WORK/urls"; done
    done
  done
  echo "http://bad host/x" >> "$WORK/urls"
}

t_four_shards_split_the_list_as_documented() {
  make_list
  local n=4 i
  : > "$WORK/got"
  for i in 0 1 2 3; do
    run_mw -q --spider --shard=$i/$n -i urls --results=r$i.jsonl
    [ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] || fail "shard $i: exit $RC"
    python3 -c "
import json, sys
for l in open(sys.argv[1]): print(json.loads(l)['url'], sys.argv[2])" "$WORK/r$i.jsonl" $i >> "$WORK/got"
  done
  # the results hold URLs normalised (lowercase host): compare on the list's order after the same lowercasing
  expected_shards "$WORK/urls" $n | awk '{ print tolower($1), $2 }' | sed 's/ /\t/' | sort > "$WORK/want"
  awk '{ print tolower($1), $2 }' "$WORK/got" | sed 's/ /\t/' | sort > "$WORK/have"
  [ "$(wc -l < "$WORK/have")" -eq 25 ] || fail "$(wc -l < "$WORK/have") URLs fetched over the shards, expected 25"
  diff "$WORK/want" "$WORK/have" > "$WORK/diff" || fail "shards differ from FNV-1a: $(head -5 "$WORK/diff")"
  # every host:port stays within one shard, and more than one shard has work
  [ "$(cut -f2 "$WORK/have" | sort -u | wc -l)" -ge 2 ] || fail "one shard took everything"
}

t_one_shard_is_everything() {
  make_list
  run_mw -q --spider --shard=0/1 -i urls --results=r.jsonl
  [ "$(wc -l < "$WORK/r.jsonl")" -eq 25 ] || fail "$(wc -l < "$WORK/r.jsonl") lines"
}

t_command_line_urls_are_sharded_too() {
  local url=http://127.0.0.1:$P1/small.txt mine other
  mine=$(expected_shards <(echo "$url") 2 | cut -d' ' -f2)
  other=$((1 - mine))
  run_mw -q --shard=$other/2 "$url"
  assert_rc 0
  assert_file_absent "$WORK/small.txt"
  run_mw -q --shard=$mine/2 "$url"
  assert_rc 0
  assert_same_file "$WORK/small.txt" "$ROOT/small.txt"
}

t_bad_shards_are_usage_errors() {
  local bad
  for bad in 4/4 1/0 a/2 1 -1/2 1/2x; do
    run_mw -q "--shard=$bad" "http://127.0.0.1:$P1/small.txt"
    [ "$RC" -eq 2 ] || fail "--shard=$bad: exit $RC"
  done
  assert_file_count "$WORK" 0
}

run_cases

# The scale-out recipes, run as written: README's GNU parallel lines
# (between <!-- recipe:parallel --> and <!-- /recipe -->) and the command of
# examples/k8s-indexed-job.yaml for every index (its YAML read with PyYAML).
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
start_fixture; P1=$PORT
start_fixture; P2=$PORT
mkdir -p "$TMP/bin" && ln -sf "$MW_BIN" "$TMP/bin/mini-wget"
export PATH="$TMP/bin:$PATH"

# urls.txt over two servers and three host spellings, one URL missing
make_urls() {
  local i host port n=0; : > "$1"
  for port in $P1 $P2; do
    for host in 127.0.0.1 localhost '[::1]'; do
      for i in 1 2 3; do n=$((n + 1)); echo "http://$host:$port/3k.bin?n=$n" >> "$1"; done
    done
  done
  echo "http://127.0.0.1:$P1/missing.bin" >> "$1"
}

# every URL of $1 has exactly one line in the results $2, and the saved files are the server's
check_union() {
  python3 - "$1" "$2" "$ROOT/3k.bin" <<'PY' || fail "results do not cover the list once"
import collections, hashlib, json, sys
want = [l.strip() for l in open(sys.argv[1]) if l.strip()]
lines = [json.loads(l) for l in open(sys.argv[2])]
seen = collections.Counter(o["url"] for o in lines)
assert sorted(seen) == sorted(want), (sorted(seen), want)
assert all(n == 1 for n in seen.values()), seen
good = hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest()
for o in lines:
    if o["url"].endswith("missing.bin"):
        assert o["exit"] == 8 and o["status"] == 404, o
    else:
        assert o["exit"] == 0 and o["sha256"] == good, o
PY
}

t_gnu_parallel_recipe_from_the_readme() {
  command -v parallel > /dev/null || { fail "GNU parallel is not installed (.ci/install-deps)"; return; }
  sed -n '/<!-- recipe:parallel -->/,/<!-- \/recipe -->/p' "$SRC/README.md" | grep -v '^<!--\|^```' > "$WORK/recipe.sh"
  grep -q -- '--shard={}/4' "$WORK/recipe.sh" || fail "README's recipe not found: $(cat "$WORK/recipe.sh")"
  make_urls "$WORK/urls.txt"
  (cd "$WORK" && timeout 60 bash -e recipe.sh > "$CASE_DIR/stdout" 2> "$CASE_DIR/stderr")
  RC=$?; ERR=$CASE_DIR/stderr
  # bash -e stops at parallel's status: one shard failed (the missing URL's)
  assert_rc 1
  (cd "$WORK" && cat r0.jsonl r1.jsonl r2.jsonl r3.jsonl > results.jsonl)
  check_union "$WORK/urls.txt" "$WORK/results.jsonl"
  # --joblog: the failed shard's Exitval is wget's 8, the others 0
  [ "$(awk 'NR > 1 { print $7 }' "$WORK/jobs.log" | sort | tr '\n' ' ')" = "0 0 0 8 " ] ||
    fail "joblog: $(cat "$WORK/jobs.log")"
  [ "$(find "$WORK" -name '3k.bin*' | wc -l)" -eq 18 ] || fail "not every file came"
}

t_kubernetes_indexed_job_manifest() {
  python3 - "$SRC/examples/k8s-indexed-job.yaml" "$WORK" <<'PY' || { fail "the manifest is not a valid Indexed Job"; return; }
import shlex, sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
assert len(docs) == 1
job = docs[0]
assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
spec = job["spec"]
assert spec["completionMode"] == "Indexed"
pod = spec["template"]["spec"]
assert pod["restartPolicy"] in ("Never", "OnFailure")
(c,) = pod["containers"]
env = {e["name"]: e["value"] for e in c["env"]}
assert int(env["SHARDS"]) == spec["completions"] == spec["parallelism"], (env, spec)
assert c["command"] == ["/bin/sh", "-c"] and len(c["args"]) == 1
assert "JOB_COMPLETION_INDEX" in c["args"][0] and "--shard=" in c["args"][0]
mounts = {m["name"] for m in c["volumeMounts"]}
assert mounts == {v["name"] for v in pod["volumes"]}
open(sys.argv[2] + "/pod.sh", "w").write(c["args"][0] + "\n")
open(sys.argv[2] + "/shards", "w").write(env["SHARDS"] + "\n")
PY
  make_urls "$WORK/urls.txt"
  local k shards; shards=$(cat "$WORK/shards")
  : > "$WORK/all.jsonl"
  for k in $(seq 0 $((shards - 1))); do
    (cd "$WORK" && JOB_COMPLETION_INDEX=$k SHARDS=$shards URLS=$WORK/urls.txt OUT=$WORK/out timeout 60 sh -c "$(cat pod.sh)" \
      > "$CASE_DIR/stdout" 2> "$CASE_DIR/stderr.$k")
    RC=$?; ERR=$CASE_DIR/stderr.$k
    [ "$RC" -eq 0 ] || [ "$RC" -eq 8 ] || fail "pod $k: exit $RC"
    cat "$WORK/out/results-$k.jsonl" >> "$WORK/all.jsonl"
  done
  check_union "$WORK/urls.txt" "$WORK/all.jsonl"
  [ "$(find "$WORK/out" -name '3k.bin*' | wc -l)" -eq 18 ] || fail "not every file came"
}

run_cases

# Fault injection: 200 downloads killed at random points (SIGKILL, SIGTERM,
# SIGINT; plain and --chunk-size), some killed again while resuming, each
# then finished with -c. After every kill the file may claim no byte it
# does not have (unmarked: whole; marked: a prefix of the original up to
# what the mark vouches for); every final file is byte-exact. A fixed seed
# makes every run the same plan; the timing, and so the kill points, vary.
. "$(dirname "$0")/lib.sh"
start_fixture

t_killed_anywhere_then_continued_is_byte_exact() {
  [ -z "${MW_UNDER_VALGRIND:-}" ] || return 0  # kills leave valgrind's descriptors open
  python3 - "$MW_BIN" "$BASE" "$ROOT" "$CASE_DIR" <<'PY' > "$CASE_DIR/report" 2>&1
import concurrent.futures, os, random, signal, subprocess, sys, time
mw, base, root, case = sys.argv[1:5]
ROUNDS, WORKERS, BUDGET_S, MIN_ROUNDS = 200, 4, 75, 50
rng = random.Random(20261206)
os.makedirs(f"{root}/kill", exist_ok=True)
files = {}
for i in range(12):
    name = f"k{i:02d}.bin"
    data = rng.randbytes(rng.randrange(64 * 1024, 1536 * 1024))
    with open(f"{root}/kill/{name}", "wb") as f:
        f.write(data)
    files[name] = data

def mark(path):
    try:
        return os.getxattr(path, "user.mini-wget.incomplete").decode()
    except OSError:
        return None

def check_after_kill(path, data):
    """The file claims no byte it does not have."""
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        got = f.read()
    m = mark(path)
    if m is None and not got:
        # an empty file claims no byte: a SIGKILL between creating a file and
        # marking it (adjacent system calls) can leave one, and -c fills it
        return None
    if m is None:
        return None if got == data else f"unmarked but not whole ({len(got)} of {len(data)} bytes)"
    valid, _, expected = m.partition("/")
    if expected not in ("unknown", str(len(data))):
        return f"mark {m} names another length than {len(data)}"
    n = len(got) if valid == "*" else int(valid)
    if n > len(got) or got[:n] != data[:n]:
        return f"mark {m}: the first {n} bytes are not the original's"
    return None

def run(args, cwd, kill_after, sig):
    p = subprocess.Popen([mw, "-q"] + args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    if kill_after is not None:
        time.sleep(lead + kill_after)
        p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        return -999, b"timed out"
    return p.returncode, err

def one_round(i, plan):
    name, chunked, sig, delay, rate, kill_resume = plan
    data = files[name]
    cwd = f"{case}/r{i:03d}"
    os.makedirs(cwd)
    path = f"{cwd}/{name}"
    url = f"{base}/kill/{name}"
    first = ["--chunk-size=128k", "-j", "3"] if chunked else []
    rc, err = run(first + [f"--limit-rate={rate}", url], cwd, delay, sig)
    if mark(path) is not None:
        partial.append(i)
    problem = check_after_kill(path, data)
    if problem:
        return f"round {i} ({plan}): after the kill (rc {rc}): {problem}"
    if kill_resume:
        rc, err = run(["-c", f"--limit-rate={rate}", url], cwd, delay / 2, signal.SIGKILL)
        problem = check_after_kill(path, data)
        if problem:
            return f"round {i} ({plan}): after killing the resume (rc {rc}): {problem}"
    rc, err = run(["-c", url], cwd, None, None)
    if rc != 0:
        return f"round {i} ({plan}): -c exit {rc}: {err.decode(errors='replace')[-300:]}"
    with open(path, "rb") as f:
        if f.read() != data:
            return f"round {i} ({plan}): the continued file differs from the original"
    if mark(path) is not None:
        return f"round {i} ({plan}): the finished file is still marked"
    if sorted(os.listdir(cwd)) != [name]:
        return f"round {i} ({plan}): stray files {sorted(os.listdir(cwd))}"
    return None

# A slow machine (a sanitizer build, a loaded CI) takes longer to reach a
# body: the kills wait most of the time a whole tiny download takes there,
# so they still land mostly inside bodies (and some before them).
lead = 0.0
timings = []
for _ in range(3):
    t0 = time.monotonic()
    run(["-O", "/dev/null", f"{base}/kill/k00.bin"], case, None, None)
    timings.append(time.monotonic() - t0)
lead = 0.8 * sorted(timings)[1]
sigs = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]
plans = [(rng.choice(sorted(files)), rng.random() < 0.35, rng.choice(sigs), rng.uniform(0.0, 0.25),
          rng.choice(["2m", "4m", "8m"]), rng.random() < 0.25) for _ in range(ROUNDS)]
started = time.monotonic()
problems, done, partial = [], 0, []
with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
    futures = [pool.submit(one_round, i, plan) for i, plan in enumerate(plans)]
    for fut in futures:
        remaining = BUDGET_S - (time.monotonic() - started)
        try:
            problem = fut.result(timeout=max(remaining, 0.1))
        except concurrent.futures.TimeoutError:
            # a slow machine gets fewer rounds, not a failure: running out of
            # time is no lie about a file (at least MIN_ROUNDS must be done)
            print(f"the budget of {BUDGET_S} s ran out; the rounds not started are dropped")
            for f in futures:
                f.cancel()
            break
        done += 1
        if problem:
            problems.append(problem)
print(f"{done} rounds in {time.monotonic() - started:.1f} s (kills {lead * 1000:.0f} ms later than planned), {len(partial)} killed mid-body, {len(problems)} problems")
for p in problems[:20]:
    print(p)
# the kills must mostly land inside bodies, or the run proves little
sys.exit(1 if problems or done < MIN_ROUNDS or len(partial) < done // 4 else 0)
PY
  local rc=$?
  sed 's/^/    /' "$CASE_DIR/report"
  [ "$rc" -eq 0 ] || fail "the fault-injection run found problems"
}

run_cases

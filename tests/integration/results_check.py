"""Validates a --results file: every line one JSON object (strict UTF-8,
python's json module) with exactly the documented keys and their types.
Then each EXPRESSION must be true, evaluated with r = the list of objects,
sha(path) = a file's sha256 hex, and env = the environment (one python
start for all: it is slow on a loaded machine).
Usage: results_check.py FILE EXPECTED_LINES [EXPRESSION...]"""
import hashlib
import json
import os
import sys

KEYS = {
    "url": (str,), "final_url": (str, type(None)), "status": (int, type(None)), "exit": (int,),
    "path": (str, type(None)), "bytes": (int,), "sha256": (str, type(None)), "seconds": (int, float),
    "retries": (int,), "checksum": (str, type(None)), "error": (str, type(None)),
}

def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()

def main(path, expected, *expressions):
    data = open(path, "rb").read()
    if data and not data.endswith(b"\n"):
        sys.exit(f"{path}: the last line is not whole")
    objects = []
    for n, raw in enumerate(data.splitlines(), 1):
        obj = json.loads(raw.decode("utf-8"))  # strict: raises on a bad byte or bad JSON
        if not isinstance(obj, dict) or set(obj) != set(KEYS):
            sys.exit(f"{path}:{n}: keys {sorted(obj) if isinstance(obj, dict) else obj} are not the schema's")
        for key, types in KEYS.items():
            if not isinstance(obj[key], types) or isinstance(obj[key], bool):
                sys.exit(f"{path}:{n}: {key} is {obj[key]!r}")
        if obj["sha256"] is not None and (len(obj["sha256"]) != 64 or obj["sha256"].strip("0123456789abcdef")):
            sys.exit(f"{path}:{n}: sha256 {obj['sha256']!r}")
        if (obj["exit"] == 0) != (obj["error"] is None):
            sys.exit(f"{path}:{n}: exit {obj['exit']} with error {obj['error']!r}")
        objects.append(obj)
    if len(objects) != int(expected):
        sys.exit(f"{path}: {len(objects)} lines, expected {expected}: {objects}")
    for e in expressions:
        if not eval(e, {"r": objects, "sha": sha, "env": os.environ}):
            sys.exit(f"not true: {e}\n  results: {objects}")

if __name__ == "__main__":
    main(*sys.argv[1:])

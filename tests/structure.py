"""The house: the library's files stand on floors, each using only files
below it (no circle, no upward arrow); every global symbol carries the mw_
prefix; no source file grows past 800 lines.

    python3 tests/structure.py LIBRARY.a SRC_DIR

The arrows are read off the compiled library (nm): file A uses file B when
A refers to a symbol that B defines."""
import collections, pathlib, subprocess, sys

# Bottom to top; within a floor, a file may use those listed before it.
FLOORS = [
    ["strbuf", "strmap", "fields", "loop", "addr", "format", "date", "inflate", "digest", "iri"],
    ["url", "tls", "dns", "connect", "robots", "conn"],
    ["http", "request", "cookies", "hsts", "pool", "naming", "links", "links_css", "links_html_tree",
     "links_html_scan", "links_html", "scope", "slowhosts", "h2"],
    ["sink", "auth", "tunnel", "layout", "document", "rejected", "input_html"],
    ["warc_digest", "warc_spool", "warc_http", "warc_file", "warc_cdx", "warc"],
    ["ctx"],
    ["transfer_ranges", "transfer_report", "transfer_life", "transfer_digest", "transfer_polite", "transfer_files",
     "transfer_auth", "transfer_parts", "transfer_head", "transfer_read", "transfer_h2", "transfer"],
    ["convert", "crawl", "download"],
]
MAX_LINES = 800


def objects(library):
    out = subprocess.run(["nm", "-A", library], capture_output=True, text=True, check=True).stdout
    defined, used, globals_ = {}, collections.defaultdict(set), []
    for line in out.splitlines():
        head, symbol = line.rsplit(" ", 1)
        obj = line.split(":")[1].removesuffix(".c.o")
        kind = head.split()[-1]
        if kind in "TDBRC":
            defined[symbol] = obj
            globals_.append((obj, symbol))
        elif kind == "U":
            used[obj].add(symbol)
    arrows = {(a, defined[s]) for a, syms in used.items() for s in syms if s in defined and defined[s] != a}
    return sorted(arrows), globals_, set(defined.values()) | set(used)


def main(library, src):
    problems = []
    rank = {name: i for i, name in enumerate(n for floor in FLOORS for n in floor)}
    arrows, globals_, files = objects(library)
    for f in sorted(files - set(rank)):
        problems.append(f"{f}: not on any floor (add it to FLOORS in tests/structure.py and to README's layout)")
    for a, b in arrows:
        if a in rank and b in rank and rank[b] >= rank[a]:
            problems.append(f"{a} -> {b}: an arrow up or sideways (a circle, or a floor out of order)")
    for obj, symbol in globals_:
        if not symbol.startswith("mw_"):
            problems.append(f"{obj}: global symbol {symbol} without the mw_ prefix")
    for path in sorted(pathlib.Path(src).rglob("*.[ch]")):
        n = sum(1 for _ in path.open(encoding="utf-8", errors="replace"))
        if n > MAX_LINES:
            problems.append(f"{path}: {n} lines, more than {MAX_LINES}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(arrows)} arrows between {len(files)} files checked; {len(problems)} problems")
    print(f"{1 if not problems else 0} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

# Differential runs: the same command with GNU wget and with mini-wget
# against the same fixture, compared by exit status, files (names and
# bytes) and the requests on the wire. Sourced after lib.sh.
command -v wget > /dev/null || { echo "GNU wget is needed (.ci/install-deps installs it)"; exit 1; }

# The wire filters: the fixture's log on stdin, from where a run began, as
# the requests the run sent. run_tool uses $WIRE_FILTER.
# wire_by_connection : one line a request ("cN METHOD TARGET", N numbering
# connections in order of first use), with the Authorization field under
# its request, if any.
wire_by_connection() {
  awk '
    /^conn=/ { split($1, c, "="); if (!(c[2] in seen)) seen[c[2]] = ++n; print "c" seen[c[2]], $2, $3; next }
    /^  Authorization:/ { print }'
}
# wire_as_sent : the request lines as sent, with the header lines that
# match $WIRE_HEADERS (an extended regular expression).
wire_as_sent() { grep -aE "^conn=|$WIRE_HEADERS" | sed 's/^conn=[0-9]* //'; }
WIRE_FILTER=wire_by_connection

# run_tool NAME CMD ARGS... : runs CMD in $CASE_DIR/NAME; sets RC_NAME, and
# ERR to its stderr ($CASE_DIR/NAME.stderr, beside NAME.stdout and
# NAME.wire, the requests it sent through $WIRE_FILTER).
run_tool() {
  local name=$1; shift
  local dir=$CASE_DIR/$name from
  mkdir -p "$dir"
  from=$(( $(wc -l < "$LOG") + 1 ))
  ERR=$CASE_DIR/$name.stderr
  (cd "$dir" && timeout 60 "$@" > "$CASE_DIR/$name.stdout" 2> "$ERR")
  printf -v "RC_$name" '%s' "$?"
  sleep 0.05 # the fixture logs a request as it answers it
  tail -n +"$from" "$LOG" | "$WIRE_FILTER" > "$CASE_DIR/$name.wire"
}

# run_both ARGS... : wget ARGS and mini-wget ARGS, each in its own
# directory (W=$CASE_DIR/wget, M=$CASE_DIR/mw), one after the other.
run_both() {
  W=$CASE_DIR/wget M=$CASE_DIR/mw
  run_tool wget wget "$@"
  run_tool mw "$MW_BIN" "$@"
}

# files_of DIR : "sha256  ./name" for every file under DIR, names sorted
# (names with spaces, quotes or semicolons included).
files_of() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

# assert_same_files : the two runs left the same files (names and bytes).
assert_same_files() {
  local a b
  a=$(files_of "$CASE_DIR/wget") b=$(files_of "$CASE_DIR/mw")
  [ "$a" = "$b" ] || fail "files differ: wget: $(echo "$a" | cut -c67- | tr '\n' ' ') mini-wget: $(echo "$b" | cut -c67- | tr '\n' ' ')"
}

# assert_same_outcome : the two runs ended alike: exit status, the files
# they left (names and bytes), and the requests they sent.
assert_same_outcome() {
  [ "$RC_wget" = "$RC_mw" ] || fail "exit status: wget $RC_wget, mini-wget $RC_mw"
  assert_same_files
  diff -u "$CASE_DIR/wget.wire" "$CASE_DIR/mw.wire" > "$CASE_DIR/wire.diff" ||
    fail "requests on the wire differ (- wget, + mini-wget): $(tail -n +3 "$CASE_DIR/wire.diff" | tr '\n' '|')"
}

# connections NAME : how many connections the run NAME opened.
connections() { awk '{print $1}' "$CASE_DIR/$1.wire" | grep '^c' | sort -u | wc -l; }

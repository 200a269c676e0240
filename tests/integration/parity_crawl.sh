# Crawls side by side: the same command with GNU wget and with mini-wget
# against the same fixture, compared by the tree they leave (names and
# bytes), the exit status and the request lines. Sourced after lib.sh.
command -v wget > /dev/null || { echo "wget is missing: apt-get install wget"; exit 1; }

# both ARGS... : runs wget and mini-wget with ARGS in $WORK/wget and
# $WORK/mw (each starting from a copy of $WORK/seed when there is one);
# sets WGET_RC, MW_RC, and $CASE_DIR/{wget,mw}.requests.
both() {
  local tool
  for tool in wget mw; do
    mkdir -p "$WORK/$tool"
    [ -d "$WORK/seed" ] && cp -a "$WORK/seed/." "$WORK/$tool/"
    local before; before=$(grep -c '^conn=' "$LOG")
    if [ "$tool" = wget ]; then
      (cd "$WORK/wget" && timeout 60 wget "$@" > "$CASE_DIR/wget.err" 2>&1); WGET_RC=$?
    else
      (cd "$WORK/mw" && timeout 60 "$MW_BIN" "$@" > "$CASE_DIR/mw.err" 2>&1); MW_RC=$?
    fi
    sleep 0.05 # the fixture logs a request as it answers it
    grep '^conn=' "$LOG" | tail -n +"$((before + 1))" | awk '{print $2, $3}' > "$CASE_DIR/$tool.requests"
  done
  ERR=$CASE_DIR/mw.err
}

tree_of() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort); }
assert_same_as_wget() {
  [ "$WGET_RC" -eq "$MW_RC" ] || fail "exit status $MW_RC, wget's $WGET_RC"
  local a b
  a=$(tree_of "$WORK/wget") b=$(tree_of "$WORK/mw")
  [ "$a" = "$b" ] || fail "files differ from wget's:$(diff <(echo "$a") <(echo "$b") | sed 's/^/ /' | tr '\n' '|')"
  diff -r "$WORK/wget" "$WORK/mw" > /dev/null || fail "bytes differ from wget's: $(diff -r "$WORK/wget" "$WORK/mw" | head -n 8 | tr '\n' '|')"
}
assert_requests_as_wget() {
  diff "$CASE_DIR/wget.requests" "$CASE_DIR/mw.requests" > /dev/null ||
    fail "requests differ from wget's:$(diff "$CASE_DIR/wget.requests" "$CASE_DIR/mw.requests" | sed 's/^/ /' | tr '\n' '|')"
}

#!/usr/bin/env bash
# Runs every integration test with mini-wget under valgrind (memcheck, fd
# tracking) and fails on any memory error, leak or descriptor left open.
#   bash tests/valgrind.sh BUILD_DIR
set -uo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
logs=$(mktemp -d /tmp/mw-valgrind.XXXXXX)
wrapper=$logs/mini-wget
cat > "$wrapper" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --track-fds=yes --log-file=$logs/vg.%p.log "$build/mini-wget" "\$@"
WRAP
chmod +x "$wrapper"
failed=0
# Tests that kill mini-wget on purpose skip that under valgrind: a killed
# process leaves descriptors open, which --track-fds would call a leak.
export MW_UNDER_VALGRIND=1
for t in "$here"/integration/test_*.sh; do
  # 1000 URLs at -j 50 under valgrind take minutes, and its memory and
  # descriptor checks measure mini-wget itself, which valgrind would distort.
  [ "$(basename "$t")" != test_load.sh ] || { echo "test_load.sh: skipped under valgrind (too slow)"; continue; }
  printf '%s: ' "$(basename "$t")"
  MW_BIN=$wrapper MW_FIXTURE=$build/mw-fixture timeout 900 bash "$t" | tail -n1
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed=1
done
# Descriptors 0-2, valgrind's log and the ones the shell passed down are not ours.
bad=$(grep -l -E "Invalid|uninitialised|definitely lost|indirectly lost|Mismatched" "$logs"/vg.*.log 2>/dev/null)
leaked_fds=$(awk '/Open file descriptor/ { fd = $0; getline; if ($0 !~ /inherited from parent/ && fd !~ /vg\.[0-9]+\.log/) print FILENAME ": " fd }' "$logs"/vg.*.log)
if [ -n "$bad" ] || [ -n "$leaked_fds" ]; then
  echo "valgrind found problems:"; for f in $bad; do cat "$f"; done; echo "$leaked_fds"
  failed=1
fi
n=$(ls "$logs"/vg.*.log | wc -l)
echo "valgrind: $n runs of mini-wget checked"
rm -rf "$logs"
exit $failed

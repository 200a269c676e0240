#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default
# 20) from the seed corpus. A crash fails the run and leaves its input in
# build-fuzz/crashes/; make it a regression test and a corpus seed.
#   bash tests/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds=${1:-20}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build-fuzz
cmake -S "$repo" -B "$build" -DMW_FUZZ=ON -DMW_TESTS=OFF -DMW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang-14 > /dev/null
targets=(url http naming options links cookies h2)
cmake --build "$build" -j2 $(printf -- '--target fuzz_%s ' "${targets[@]}") > /dev/null
mkdir -p "$build/crashes"
status=0
for target in "${targets[@]}"; do
  work=$(mktemp -d)
  cp "$repo/tests/fuzz/corpus/$target/"* "$work/"
  if "$build/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$build/crashes/" \
       "$work" > "$build/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$build/fuzz_$target.log")"
  else
    echo "fuzz_$target: FAILED"; tail -n 40 "$build/fuzz_$target.log"; status=1
  fi
  rm -rf "$work"
done
exit $status

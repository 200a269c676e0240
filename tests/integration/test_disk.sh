# Disk faults: a full device, a read-only directory, a path through a
# regular file, names longer than the file system takes. Each is exit 3
# with the system's reason, and no file passes for complete.
. "$(dirname "$0")/lib.sh"
start_fixture

# Mounts and immutable flags made here are undone however the file ends.
UNDO=()
undo_all() {
  local i
  for ((i = ${#UNDO[@]} - 1; i >= 0; i--)); do eval "${UNDO[$i]}" 2>/dev/null; done
  UNDO=()
}
trap 'undo_all; cleanup' EXIT

XATTRS=1
: > "$TMP/xattr-probe"
setfattr -n user.probe -v 1 "$TMP/xattr-probe" 2>/dev/null || XATTRS=0
assert_marked_incomplete() {
  [ "$XATTRS" = 1 ] || return 0
  getfattr --only-values -n user.mini-wget.incomplete "$1" > /dev/null 2>&1 || fail "$1 is not marked incomplete"
}

# make_readonly DIR: makes DIR unwritable even for root and sets RO_ERROR to
# the reason open(2) will give; returns 1 (with a reason in RO_SKIP) when no
# way works here. chmod is enough for other users; root needs a read-only
# bind mount or the immutable flag.
make_readonly() {
  local dir=$1
  chmod 0555 "$dir"
  RO_SKIP= RO_ERROR=
  if [ "$(id -u)" -ne 0 ]; then
    RO_ERROR="Permission denied"
  elif mount --bind "$dir" "$dir" 2>/dev/null; then
    UNDO+=("umount '$dir'")
    if mount -o remount,ro,bind "$dir" 2>/dev/null; then
      RO_ERROR="Read-only file system"
    else
      umount "$dir"; unset 'UNDO[-1]'
      RO_SKIP="a read-only bind mount failed"
    fi
  fi
  if [ "$(id -u)" -eq 0 ] && [ -z "${RO_ERROR:-}" ]; then
    if chattr +i "$dir" 2>/dev/null; then
      UNDO+=("chattr -i '$dir'")
      RO_ERROR="Operation not permitted"
    else
      RO_SKIP="${RO_SKIP:+$RO_SKIP, }running as root without mount(8) or chattr(1) at work here"
    fi
  fi
  if [ -n "${RO_ERROR:-}" ] && touch "$dir/.probe" 2>/dev/null; then
    rm -f "$dir/.probe"
    RO_SKIP="$dir stayed writable"
  fi
  [ -z "$RO_SKIP" ] || { RO_ERROR=; return 1; }
}

t_full_device_is_exit_3() {
  local url
  for url in "$BASE/small.txt" "$BASE/1m.bin" "$BASE/chunked/1m.bin" "$BASE/nolength/3k.bin"; do
    run_mw -O /dev/full "$url"
    assert_rc 3
    assert_stderr_contains "Cannot write to ‘/dev/full’ (No space left on device)."
  done
}

t_full_file_system_is_exit_3_and_leaves_a_marked_partial() {
  mkdir -p "$CASE_DIR/small-fs"
  if ! mount -t tmpfs -o size=64k tmpfs "$CASE_DIR/small-fs" 2>/dev/null; then
    echo "    skip: cannot mount a small tmpfs here (not root, or no mount permission)"
    return
  fi
  UNDO+=("umount '$CASE_DIR/small-fs'")
  run_mw -P "$CASE_DIR/small-fs" "$BASE/1m.bin"
  assert_rc 3
  assert_stderr_contains "Cannot write to ‘$CASE_DIR/small-fs/1m.bin’ (No space left on device)."
  [ "$(stat -c %s "$CASE_DIR/small-fs/1m.bin")" -lt 1048576 ] || fail "a full file system held the whole file"
  assert_marked_incomplete "$CASE_DIR/small-fs/1m.bin"
  # The disk stays full: a second try gets no byte and leaves nothing.
  run_mw -P "$CASE_DIR/small-fs" "$BASE/chunked/1m.bin"
  assert_rc 3
  assert_stderr_contains "(No space left on device)."
  assert_file_absent "$CASE_DIR/small-fs/1m.bin.1"
  umount "$CASE_DIR/small-fs" && unset 'UNDO[-1]'
}

t_read_only_directory_is_exit_3() {
  local ro=$CASE_DIR/ro
  mkdir -p "$ro"
  if ! make_readonly "$ro"; then
    echo "    skip: no read-only directory: $RO_SKIP"
    return
  fi
  run_mw -P "$ro" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "Cannot write to ‘$ro/small.txt’ ($RO_ERROR)."
  run_mw -P "$ro/sub" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "Cannot create directory ‘$ro/sub’ ($RO_ERROR)."
  run_mw -O "$ro/out" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "$RO_ERROR"
  assert_file_count "$ro" 0
  assert_file_count "$WORK" 0
  undo_all
}

t_directory_prefix_through_a_regular_file_is_exit_3() {
  printf 'keep\n' > "$WORK/afile"
  run_mw -P "$WORK/afile/sub" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "Cannot create directory ‘$WORK/afile/sub’ (Not a directory)."
  [ "$(cat "$WORK/afile")" = keep ] || fail "the regular file in the way changed"
  assert_file_count "$WORK" 1
  run_mw -O "$WORK/afile/out" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "Not a directory"
  assert_file_count "$WORK" 1
}

t_long_last_segment_is_cut_to_a_valid_name() {
  local long; long=$(printf 'a%.0s' $(seq 300))
  run_mw "$BASE/status/200/$long"
  assert_rc 0
  local name; name=$(ls "$WORK")
  [ "$(find "$WORK" -mindepth 1 | wc -l)" -eq 1 ] || fail "expected one file"
  [ "${#name}" -le 255 ] && [ "${#name}" -ge 200 ] || fail "name of ${#name} bytes"
  [ "$name" = "${long:0:${#name}}" ] || fail "the name is not the segment's start"
  [ "$(cat "$WORK/$name")" = "status 200" ] || fail "wrong content"
  run_mw "$BASE/status/200/$long"
  assert_rc 0
  [ -f "$WORK/$name.1" ] || fail "the second download is not $name.1"
}

t_long_multibyte_segment_is_cut_between_characters() {
  local long; long=$(python3 -c "print('%C3%A9' * 150)") # 300 bytes once decoded
  run_mw "$BASE/status/200/$long"
  assert_rc 0
  local name; name=$(ls "$WORK")
  [ "$(printf '%s' "$name" | wc -c)" -le 255 ] || fail "name too long"
  printf '%s' "$name" | iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1 || fail "the cut split a character: $name"
}

t_output_document_name_too_long_is_exit_3() {
  local long; long=$(printf 'b%.0s' $(seq 300))
  run_mw -O "$long" "$BASE/small.txt"
  assert_rc 3
  assert_stderr_contains "File name too long"
  assert_file_count "$WORK" 0
}

run_cases

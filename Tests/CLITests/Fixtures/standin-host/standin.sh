# Shared by the stand-in tools of this fake FreeBSD host (see README.md). Each tool logs its
# argv to calls.log, then prints its recorded output, unless control/TOOL asks it to fail,
# hang, print garbage, or report racct as disabled.
standin_log() {
  # One write per line: tools run concurrently and must not interleave their lines.
  line=$1
  shift
  for a in "$@"; do line="$line $a"; done
  printf '%s\n' "$line" >> "$root/calls.log"
}
standin_mode() {
  cat "$root/control/$1" 2>/dev/null || true
}
standin_misbehave() {
  case "$(standin_mode "$1")" in
    fail) echo "$1: simulated failure: Operation not permitted" >&2; exit 1 ;;
    hang) echo $$ >> "$root/hung.pids"; exec sleep 600 ;;
    garbage) printf '\033[31mgarbage\001 not %s output\n{{{\n' "$1"; exit 0 ;;
  esac
}

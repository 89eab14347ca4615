#!/bin/sh
# Every stand-in jail manager CLI of this host (usr/local/bin/bastille, iocage, appjail, pot,
# cbsd, ezjail-admin, qjail; usr/local/sbin/iocell are copies of this script): logs its argv as
# `MANAGER ARG…` to calls.log, then starts, stops or restarts the named jail in state/running
# the way the real one would (kernel name and root from outputs/managed.txt). control/MANAGER:
# `fail` exits 1, `lie` exits 0 having done nothing, `hang` sleeps.
manager=${0##*/}
[ "$manager" = ezjail-admin ] && manager=ezjail
case "$0" in
  */usr/local/bin/*) root=${0%/usr/local/bin/*} ;;
  *) root=${0%/usr/local/sbin/*} ;;
esac
. "$root/standin.sh"
standin_log "$manager" "$@"
mkdir -p "$root/state"
[ -f "$root/state/running" ] || cp "$root/outputs/running.txt" "$root/state/running"
verb=$1
# Limits, as Bastille (`limits NAME add RES VALUE`, `limits NAME remove RES`) and iocage
# (`set RES=ACTION=AMOUNT NAME`, `set RES=off NAME`) keep them: in the kernel (the stand-in
# rctl's state) and in state/MANAGER-limits.
touch "$root/state/rules.added" "$root/state/rules.removed"
case "$manager $verb" in
  "bastille limits")
    case "$(standin_mode "$manager")" in fail) echo "$manager: simulated failure" >&2; exit 1 ;; esac
    rule="jail:$2:$4:deny=$5"
    case "$3" in
      add) echo "$rule" >> "$root/state/rules.added"; echo "$rule" >> "$root/state/bastille-limits" ;;
      remove) grep -h "^jail:$2:$4:" "$root/outputs/rctl-rules.txt" "$root/state/rules.added" 2>/dev/null >> "$root/state/rules.removed" ;;
    esac
    exit 0 ;;
  "iocage set")
    value=${2#*=}
    res=${2%%=*}
    kernel="ioc-$(echo "$3" | tr . _)"
    if [ "$value" = off ]; then
      grep -h "^jail:$kernel:$res:" "$root/outputs/rctl-rules.txt" "$root/state/rules.added" 2>/dev/null >> "$root/state/rules.removed"
    else
      echo "jail:$kernel:$res:$value" >> "$root/state/rules.added"
    fi
    echo "$2 $3" >> "$root/state/iocage-limits"
    exit 0 ;;
esac
name=""
for a in "$@"; do
  case "$a" in
    jname=*) name=${a#jname=} ;;
    inter=*|remote=*|-p|-z|lab) ;;
    *) [ "$a" = "$verb" ] || name=$a ;;
  esac
done
case "$verb" in
  jstart|onestart) verb=start ;;
  jstop|onestop) verb=stop ;;
  jrestart|onerestart) verb=restart ;;
  console|login|term|jlogin) echo "stand-in $manager console of $name"; exec /bin/sh -i ;;
esac
case "$(standin_mode "$manager")" in
  fail) echo "$manager: simulated failure starting $name" >&2; exit 1 ;;
  lie) echo "[$name]: jail: $name: failed"; exit 0 ;;
  hang) exec sleep 600 ;;
esac
entry=$(awk -v m="$manager" -v n="$name" '$1 == m && $2 == n { print $3 " " $4; exit }' "$root/outputs/managed.txt")
if [ -z "$entry" ]; then
  echo "$manager: $name: no such jail" >&2
  exit 1
fi
kernel=${entry%% *}
path=${entry#* }
stop() {
  awk -v k="$kernel" '$2 != k' "$root/state/running" > "$root/state/running.new" && mv "$root/state/running.new" "$root/state/running"
}
start() {
  if awk -v k="$kernel" '$2 == k { found = 1 } END { exit !found }' "$root/state/running"; then
    echo "$name: already running"
    return
  fi
  jid=$(awk 'BEGIN { m = 99 } $1 > m { m = $1 } END { print m + 1 }' "$root/state/running")
  echo "$jid $kernel $path" >> "$root/state/running"
  echo "$name: created"
}
case "$verb" in
  start) start ;;
  stop) stop; echo "$name: removed" ;;
  restart) stop; start ;;
  *) echo "$manager: unknown command $verb" >&2; exit 1 ;;
esac

#!/bin/sh
# Measures the dashboard's CPU use while idle: runs `jailtop -d INTERVAL` in a detached tmux
# session for SECONDS, then reads its user+system time and RSS from /proc (Linux) or ps(1)
# (FreeBSD, which has no /proc unless procfs(5) is mounted, and whose procfs has no stat file).
# Usage: Benchmarks/idle-cpu.sh [SECONDS] [INTERVAL] [extra jailtop arguments...]
# Needs tmux and a built binary (`make`, which builds .build/release/jailtop; JAILTOP=path to override).
# IDLE_CPU_SOURCE=ps uses ps even where /proc is there (to try the FreeBSD path on Linux).
set -eu
seconds=${1:-60}
interval=${2:-1}
shift 2 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${JAILTOP:-$here/.build/release/jailtop}
[ -x "$bin" ] || { echo "build first: make" >&2; exit 1; }

# CPU seconds from the TIME column of ps, in either format:
#   FreeBSD ps:  M:SS.hh  (minutes not wrapped into hours; hundredths; bin/ps/print.c
#                printtime() in freebsd-src, from ki_runtime, user + system)
#   procps:      [DD-]HH:MM:SS  (whole seconds)
# ps is run with LC_ALL=C: FreeBSD's ps prints the locale's decimal point (a comma in de_DE).
ps_seconds() {
  awk '{
    t = $1; days = 0
    if (index(t, "-") > 0) { split(t, d, "-"); days = d[1]; t = d[2] }
    n = split(t, f, ":")
    s = 0
    for (i = 1; i <= n; i++) s = s * 60 + f[i]
    printf "%.2f\n", days * 86400 + s
  }'
}

# /proc/PID/stat counts in clock ticks (1/100 s on Linux); procps `ps -o time` rounds to whole
# seconds, too coarse for an idle dashboard (±1 s over 60 s is ±1.7% of a core), so ps is used
# only where /proc/PID/stat is missing, i.e. on FreeBSD, whose ps has hundredths (keywords
# `time`: "accumulated CPU time, user + system", and `rss`: "resident set size" in KiB, ps(1)).
# Separate -o options: POSIX gives "time=,rss=" as one keyword with the header ",rss=".
cpu_seconds() {
  if [ "$source" = proc ]; then
    awk -v hz="$hz" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"
  else
    LC_ALL=C ps -o time= -p "$1" | tail -n 1 | ps_seconds
  fi
}
rss_kib() {
  if [ "$source" = proc ]; then
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
  else
    LC_ALL=C ps -o rss= -p "$1" | tail -n 1 | awk '{print $1}'
  fi
}

sock="jailtop-idle-$$"
pidfile=$(mktemp)
tmux -L "$sock" new-session -d -x 120 -y 40 "sh -c 'echo \$\$ > $pidfile; exec $bin -d $interval $*'"
sleep 2
pid=$(cat "$pidfile")
source=${IDLE_CPU_SOURCE:-}
if [ -z "$source" ]; then
  if [ -r "/proc/$pid/stat" ]; then source=proc; else source=ps; fi
fi
hz=$(getconf CLK_TCK)
start=$(cpu_seconds "$pid")
sleep "$seconds"
kill -0 "$pid" 2>/dev/null || { echo "jailtop (pid $pid) is gone; see: $bin -d $interval $*" >&2; exit 1; }
end=$(cpu_seconds "$pid")
rss=$(rss_kib "$pid")
tmux -L "$sock" kill-server
rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"  # kill-server leaves the socket file
rm -f "$pidfile"
awk -v s="$start" -v e="$end" -v t="$seconds" -v rss="$rss" -v i="$interval" -v src="$source" 'BEGIN {
  cpu = e - s
  printf "jailtop -d %s for %d s: %.2f s of CPU = %.2f%% of one core; RSS %.1f MiB (%s)\n", i, t, cpu, cpu / t * 100, rss / 1024, src
}'

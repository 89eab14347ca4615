#!/bin/sh
# Measures the dashboard's CPU use while idle: runs `jailtop -d INTERVAL` in a detached tmux
# session for SECONDS, then reads its user+system time from /proc (Linux) or ps (FreeBSD).
# Usage: Benchmarks/idle-cpu.sh [SECONDS] [INTERVAL] [extra jailtop arguments...]
# Needs tmux and a built binary (swift build -c release; JAILTOP=path to override).
set -eu
seconds=${1:-60}
interval=${2:-1}
shift 2 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${JAILTOP:-$here/.build/release/jailtop}
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
sock="jailtop-idle-$$"
pidfile=$(mktemp)
tmux -L "$sock" new-session -d -x 120 -y 40 "sh -c 'echo \$\$ > $pidfile; exec $bin -d $interval $*'"
sleep 2
pid=$(cat "$pidfile")
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
start=$(ticks "$pid")
sleep "$seconds"
end=$(ticks "$pid")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
tmux -L "$sock" kill-server
rm -f "$pidfile"
awk -v s="$start" -v e="$end" -v hz="$hz" -v t="$seconds" -v rss="$rss" -v i="$interval" 'BEGIN {
  cpu = (e - s) / hz
  printf "jailtop -d %s for %d s: %.2f s of CPU = %.2f%% of one core; RSS %.1f MiB\n", i, t, cpu, cpu / t * 100, rss / 1024
}'

#!/usr/bin/env bash
# The fleet dashboard at scale (issue 15): HOSTS remote hosts of JAILS jails each, at -d 2, in
# one dashboard. Measures the local jailtop's own CPU and RSS, and counts the ssh processes.
#
# 1. Makes one stand-in host of JAILS jails / PROCESSES processes with Benchmarks/large-host.sh
#    (ROOT_ONLY=1) and records RECORDED samples of it (`jailtop record`).
# 2. Plays every host with a stand-in ssh client (JAILTOP_SSH): it takes ssh's argv as jailtop
#    builds it, and runs the far side's command locally replaying that recording
#    (`jailtop snapshot --stream --json -d S --fixture REC`), so the far sides cost little and
#    what is measured is the dashboard reading HOSTS streams. Each host's stream is its own
#    process, as each would be one ssh.
# 3. Runs `jailtop -d 2 --host h1 … --host hHOSTS` in a detached tmux for SECONDS with
#    Benchmarks/idle-cpu.sh, and prints its CPU % of one core and RSS, then the same dashboard
#    on one host's recording (`--fixture`) for comparison.
#
# Usage: Benchmarks/fleet.sh
# Environment: HOSTS (50), JAILS (100), PROCESSES (3000), SECONDS (30), RECORDED (5),
#   RUNS (3: the fleet is measured RUNS times and the median reported, since its 50 far sides
#   share the machine's cores with it and one run varies by a point), SCRATCH (.build-bench),
#   NO_BUILD=1 to use binaries already built there.
set -euo pipefail
HOSTS=${HOSTS:-50}
JAILS=${JAILS:-100}
PROCESSES=${PROCESSES:-3000}
DASH_SECONDS=${SECONDS_TO_RUN:-${DASH_SECONDS:-30}}
RECORDED=${RECORDED:-5}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-$here/.build-bench}
bin=$SCRATCH/release
log() { printf '== %s\n' "$*" >&2; }

if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building (release, scratch $SCRATCH)"
  # Linked as `make` links the installed jailtop (and as Benchmarks/large-host.sh builds, sharing its scratch).
  for product in jailtop-synth jailtop; do
    (cd "$here" && nice -n 10 swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$product" >&2)
  done
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/jailtop-fleet.XXXXXX")
root=""
cleanup() {
  [ -n "$root" ] && rm -rf "$root"
  rm -rf "$work"
}
trap cleanup EXIT

log "one host: $JAILS jails, $PROCESSES processes"
root=$(JAILS=$JAILS PROCESSES=$PROCESSES NO_BUILD=1 SCRATCH=$SCRATCH ROOT_ONLY=1 "$here/Benchmarks/large-host.sh")
JAILTOP_ROOT=$root "$bin/jailtop" record --count "$RECORDED" -d 1 -o "$work/host.jsonl"
log "recording: $(wc -c < "$work/host.jsonl") bytes for $RECORDED samples"

# The stand-in ssh: skips ssh's options (-o X, -T, -t), takes the host, and after `--` runs
# the far side's words, replaying the recording instead of reading a host.
cat > "$work/ssh" <<SSH
#!/bin/sh
while [ \$# -gt 0 ]; do
  case "\$1" in -o) shift 2 ;; -T|-t) shift ;; --) shift; break ;; *) shift ;; esac
done
PATH=$bin:\$PATH exec /bin/sh -c "\$* --fixture $work/host.jsonl"
SSH
chmod +x "$work/ssh"

hosts=()
for i in $(seq 1 "$HOSTS"); do hosts+=(--host "h$i"); done
fleet_runs=()
for run in $(seq 1 "$RUNS"); do
  log "the dashboard on $HOSTS hosts for $DASH_SECONDS s (run $run of $RUNS)"
  # Halfway through, count the far sides running (one per host, as ssh would be).
  (sleep $((DASH_SECONDS / 2 + 2)); pgrep -f -- "^jailtop snapshot --stream --json -d 2 .*--fixture $work/host.jsonl" | wc -l > "$work/streams") &
  fleet_runs+=("$(JAILTOP_SSH="$work/ssh" XDG_RUNTIME_DIR="$work" JAILTOP="$bin/jailtop" "$here/Benchmarks/idle-cpu.sh" "$DASH_SECONDS" 2 "${hosts[@]}")")
  wait
done
# The median run by its CPU % ("… = 5.37% of one core …").
fleet=$(printf '%s\n' "${fleet_runs[@]}" | sed 's/.*= \([0-9.]*\)% .*/\1 &/' | sort -n | awk '{ line[NR] = $0 } END { sub(/^[^ ]* /, "", line[int((NR + 1) / 2)]); print line[int((NR + 1) / 2)] }')
all=$(printf '%s\n' "${fleet_runs[@]}" | sed 's/.*= \([0-9.]*%\) .*/\1/' | paste -sd ' ')
streams=$(cat "$work/streams")
log "the dashboard on one host's recording for $DASH_SECONDS s"
single=$(JAILTOP="$bin/jailtop" "$here/Benchmarks/idle-cpu.sh" "$DASH_SECONDS" 2 --fixture "$work/host.jsonl")
echo
echo "fleet: $HOSTS hosts x $JAILS jails ($PROCESSES processes each), -d 2"
echo "  median of $RUNS runs: $fleet"
echo "  each run: $all"
echo "  streams running halfway: $streams (one per host)"
echo "one host ($JAILS jails), same recording, -d 2"
echo "  $single"
echo "goal: under 5% of one core for the fleet, one ssh per host"

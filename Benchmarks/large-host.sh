#!/usr/bin/env bash
# jailtop on a large host, end to end, against what an admin would script instead (issue 13).
#
# 1. Builds jailtop and jailtop-synth in release mode (into .build-bench, or $SCRATCH).
# 2. Generates a host of $JAILS jails / $PROCESSES processes with the project's own generator
#    (`jailtop-synth --preset large --tool-outputs DIR`) into a temporary stand-in root whose
#    tools only `cat` fixed output, with the argv contract of Tests/CLITests/Fixtures/standin-host:
#      usr/sbin/jls                      -> outputs/jls.json      (jls -d -n --libxo json)
#      usr/sbin/jls … jid name path dying     -> outputs/jls-list.json (the short listing)
#      usr/sbin/jls … ip6.addr parent osrelease -> outputs/jls-summary.json (the fields a table shows)
#      bin/ps                            -> outputs/ps.txt        (ps -ax -ww -o jid=JID … -o args=ARGS)
#      bin/ps … -o pid=PIDCHECK          -> work/ps-steady.txt    (a steady refresh: no user, no args;
#                                           made once from ps.txt by the stand-in host's ps-layouts.awk)
#      bin/ps … -o nlwp=NLWP             -> work/ps-counters.txt  (the dashboard's counters run, made
#                                           likewise: jid pid rss time etimes nlwp)
#      bin/ps … -p LIST                  -> those rows of ps.txt  (awk, per call; in the steady layout
#                                           when PIDCHECK is asked for)
#      usr/bin/rctl                      -> outputs/rctl-rules.txt (plain rctl: every rule)
#      usr/bin/rctl -u jail:NAME…        -> outputs/rctl-u-NAME.txt of each (their usage, in turn)
#      sbin/sysctl                       -> outputs/sysctl.txt    (sysctl -e -i …)
#      usr/bin/netstat -j JID -ibn …     -> outputs/netstat-JID.json
#    The tools log nothing (ps only notes its argv once), so each call costs one sh + one cat,
#    except while work/cost.on exists: then each call logs its tool and stdout bytes to
#    work/cost.log (step 4 counts a steady refresh's spawns and bytes from it).
# 3. Times, in the same run, `jailtop snapshot`, `jailtop ps` and `jailtop snapshot --json`
#    against `ps <jailtop's exact ps argv> | awk` summing processes, CPU and RSS per JID (the
#    same stand-in ps; for the table, whose ps has no user or args column, that argv), with
#    hyperfine when installed (else its own 10 runs, median), and
#    measures peak RSS with /usr/bin/time. The ratios come from $RUNS pairs of runs, jailtop's
#    and awk's in turn, so a drift in the machine's speed during the run cannot bias them.
# 4. Runs the dashboard (`jailtop -d 1`) in a detached tmux session for $DASH_SECONDS and reads
#    its CPU time and RSS (as Benchmarks/idle-cpu.sh does); records one sample with
#    `jailtop record --count 1`, times `jailtop snapshot --fixture FILE` and the dashboard's RSS
#    on that fixture.
# 5. Prints a table: what | jailtop | alternative | ratio | goal.
#
# Usage: Benchmarks/large-host.sh
# Environment: JAILS (1000), PROCESSES (50000), RUNS (10), DASH_SECONDS (20),
#   SCRATCH (.build-bench), NO_BUILD=1 to use binaries already built there,
#   KEEP_ROOT=1 to leave the stand-in root behind (its path is printed),
#   ROOT_ONLY=1 to only make the stand-in root and print its path (kept),
#   TIMER=own to use the script's own timing loop even where hyperfine is installed,
#   MANAGERS=1 to have every jail kept by Bastille (`jailtop-synth --manager-files`: jail.conf,
#   settings.conf, tags and fstab per jail), so every command also reads a jail manager's files.
# Needs: bash, awk, tmux, GNU time (/usr/bin/time -v) or BSD time (-l); hyperfine optional.
set -euo pipefail

JAILS=${JAILS:-1000}
PROCESSES=${PROCESSES:-50000}
RUNS=${RUNS:-10}
DASH_SECONDS=${DASH_SECONDS:-20}
MANAGERS=${MANAGERS:-0}
here=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-$here/.build-bench}
bin=$SCRATCH/release

# ---------------------------------------------------------------------------------------------
# Cleanup: the temporary root and the tmux server (its own socket, so no other session is hit).
# ---------------------------------------------------------------------------------------------
root=""
sock="jailtop-large-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"  # kill-server leaves the socket file
  if [ -n "$root" ] && [ -d "$root" ]; then
    if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "stand-in root kept: $root" >&2; else rm -rf "$root"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

log() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# 1. Build.
# ---------------------------------------------------------------------------------------------
if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building jailtop and jailtop-synth (release, scratch $SCRATCH)"
  # Linked as `make` links the installed jailtop: the Swift runtime inside (STATIC_STDLIB there).
  for product in jailtop-synth jailtop jailtop-bench; do
    (cd "$here" && nice -n 10 swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$product" >&2)
  done
fi
needed="jailtop jailtop-synth jailtop-bench"
[ "${ROOT_ONLY:-0}" = 1 ] && needed="jailtop jailtop-synth"
for b in $needed; do
  [ -x "$bin/$b" ] || { echo "missing $bin/$b (build first, or unset NO_BUILD)" >&2; exit 1; }
done
for t in tmux awk; do
  command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 1; }
done

# ---------------------------------------------------------------------------------------------
# 2. The stand-in root.
# ---------------------------------------------------------------------------------------------
root=$(mktemp -d "${TMPDIR:-/tmp}/jailtop-large.XXXXXX")
out=$root/outputs
log "generating $JAILS jails / $PROCESSES processes into $root"
"$bin/jailtop-synth" --preset large --jails "$JAILS" --processes "$PROCESSES" --samples 2 --tool-outputs "$out" \
  $([ "$MANAGERS" = 1 ] && printf -- '--manager-files %s' "$root")
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/etc" "$root/work"
# An empty passwd and jail.conf: user names stay numeric ids as ps printed them; no configured jails.
: > "$root/etc/passwd"
: > "$root/etc/jail.conf"
cat_bin=$(command -v cat)

# Writes an executable sh script: tool PATH BODY. The body prints with `emit COMMAND…`, which
# execs it, or (cost logging on) runs it into a file and logs "TOOL BYTES" first.
cat > "$root/work/emit.sh" <<EMIT
emit() {
  if [ -e '$root/work/cost.on' ]; then
    out='$root/work/out.'\$\$
    "\$@" > "\$out"; status=\$?
    printf '%s %s\\n' "\$tool" "\$(wc -c < "\$out")" >> '$root/work/cost.log'
    cat "\$out"; rm -f "\$out"; exit \$status
  fi
  exec "\$@"
}
EMIT
tool() {
  printf '#!/bin/sh\n# Stand-in for %s on a generated large host: fixed output only.\ntool=%s\n. %s\n%s\n' \
    "$1" "${1##*/}" "$root/work/emit.sh" "$2" > "$root$1"
  chmod +x "$root$1"
}
layouts=$here/Tests/CLITests/Fixtures/standin-host/ps-layouts.awk
LC_ALL=C awk -v mode=steady -f "$layouts" "$out/ps.txt" > "$root/work/ps-steady.txt"
LC_ALL=C awk -v mode=counters -f "$layouts" "$out/ps.txt" > "$root/work/ps-counters.txt"
# ps records the argv it was given once per layout (argv.ps: every column; argv.ps-figures:
# no user or args, what the snapshot table reads), so the awk alternatives run with exactly
# jailtop's argv; the check is one test(1) builtin per call.
tool /bin/ps "case \" \$* \" in
  *' pid=PIDCHECK '*'-p '*) while [ \"\$1\" != -p ]; do shift; done
    tool=ps-steady-pids; emit awk -v mode=steady -v pids=\"\$2\" -f '$layouts' '$out/ps.txt' ;;
  *' -p '*) while [ \"\$1\" != -p ]; do shift; done
    tool=ps-pids; emit awk -v mode=pids -v pids=\"\$2\" -f '$layouts' '$out/ps.txt' ;;
  *' pid=PIDCHECK '*) [ -e '$root/work/argv.ps-figures' ] || printf '%s\\n' \"\$@\" > '$root/work/argv.ps-figures'
    tool=ps-steady; emit $cat_bin '$root/work/ps-steady.txt' ;;
  *' nlwp=NLWP ') tool=ps-counters; emit $cat_bin '$root/work/ps-counters.txt' ;;
esac
[ -e '$root/work/argv.ps' ] || printf '%s\\n' \"\$@\" > '$root/work/argv.ps'
tool=ps-full; emit $cat_bin '$out/ps.txt'"
tool /usr/sbin/jls "case \"\$*\" in
  *' jid name path dying') tool=jls-list; emit $cat_bin '$out/jls-list.json' ;;
  *' ip6.addr parent osrelease') tool=jls-summary; emit $cat_bin '$out/jls-summary.json' ;;
esac
tool=jls-full; emit $cat_bin '$out/jls.json'"
tool /sbin/sysctl "emit $cat_bin '$out/sysctl.txt'"
tool /usr/bin/rctl "case \"\${1:-}\" in
  -u) shift; files=''
    for f in \"\$@\"; do files=\"\$files $out/rctl-u-\${f#jail:}.txt\"; done
    emit $cat_bin \$files ;;
  jail:*) emit grep -F \"\$1:\" '$out/rctl-rules.txt' ;;
  *) emit $cat_bin '$out/rctl-rules.txt' ;;
esac"
tool /usr/bin/netstat "jid=''
while [ \$# -gt 0 ]; do
  if [ \"\$1\" = -j ]; then jid=\$2; fi
  shift
done
emit $cat_bin \"$out/netstat-\$jid.json\""

export JAILTOP_ROOT=$root
# Only the stand-in root, for other benchmarks (Benchmarks/fleet.sh): its path on stdout, kept.
if [ "${ROOT_ONLY:-0}" = 1 ]; then
  KEEP_ROOT=1
  printf '%s\n' "$root"
  exit 0
fi
ps_kib=$(( $(wc -c < "$out/ps.txt") / 1024 ))
log "ps text: $ps_kib KiB, $(($(wc -l < "$out/ps.txt") - 1)) rows; $(ls "$out" | grep -c '^netstat-') VNET jails"

# One run first, to record jailtop's ps argv and to fail early if jailtop cannot read the host.
"$bin/jailtop" ps > /dev/null
"$bin/jailtop" snapshot > /dev/null
[ -s "$root/work/argv.ps" ] || { echo "jailtop ps did not run the stand-in ps" >&2; exit 1; }
[ -s "$root/work/argv.ps-figures" ] || { echo "jailtop snapshot did not run ps without args" >&2; exit 1; }
ps_args=()
while IFS= read -r a; do ps_args+=("$a"); done < "$root/work/argv.ps"
figures_args=()
while IFS= read -r a; do figures_args+=("$a"); done < "$root/work/argv.ps-figures"
# What jailtop read from the host (needs jq; only reported).
seen="?"
if command -v jq >/dev/null; then
  seen=$("$bin/jailtop" snapshot --json | jq -r '"\(.jails | length) jails, \(.processes | length) processes"')
fi

# The admin's alternative: jailtop's exact ps argv (LC_ALL=C, as jailtop runs ps when the host
# has no C.UTF-8 locale, like this root), then awk summing processes, %CPU ($6) and RSS in KiB
# ($8) per JID ($1); the header row is skipped.
awk_program='NR > 1 { n[$1]++; cpu[$1] += $6; rss[$1] += $8 } END { for (j in n) printf "%s %d %.1f %d\n", j, n[j], cpu[j], rss[j] }'
printf -v ps_argv_quoted '%q ' "${ps_args[@]}"
alt_cmd="LC_ALL=C $root/bin/ps ${ps_argv_quoted% } | awk '$awk_program'"
printf '%s\n' "$alt_cmd" > "$root/work/alternative.sh"
# The snapshot table reads per-jail totals only, so jailtop asks ps for no user and no args;
# the alternative for it is awk over that same output (%CPU is $5 and RSS $7 there).
figures_program='NR > 1 { n[$1]++; cpu[$1] += $5; rss[$1] += $7 } END { for (j in n) printf "%s %d %.1f %d\n", j, n[j], cpu[j], rss[j] }'
printf -v figures_argv_quoted '%q ' "${figures_args[@]}"
figures_cmd="LC_ALL=C $root/bin/ps ${figures_argv_quoted% } | awk '$figures_program'"

# ---------------------------------------------------------------------------------------------
# Timing helpers. Each prints "MEDIAN_MS USER_S SYSTEM_S" (user/system: mean per run, in s).
# ---------------------------------------------------------------------------------------------
if [ "${TIMER:-}" != own ] && command -v hyperfine >/dev/null; then timer=hyperfine; else timer="own loop (median of $RUNS)"; fi
time_cmd() {
  local cmd=$1 csv=$root/work/hf.csv
  if [ "$timer" = hyperfine ]; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-csv "$csv" "$cmd" > /dev/null 2>&1 || {
      echo "hyperfine failed on: $cmd" >&2; exit 1; }
    # command,mean,stddev,median,user,system,min,max (seconds); the command may hold commas
    # (so the numbers are read from the end of the line), never a newline.
    awk -F, 'NR == 2 { printf "%.1f %.4f %.4f\n", $(NF-4) * 1000, $(NF-3), $(NF-2) }' "$csv"
  else
    local i t0 t1 runs_us=() w=$root/work
    sh -c "$cmd" > /dev/null
    # `times` must run in the shell that waited for the runs, not in a $(...) subshell (which
    # has no children of its own); its second line is the children's user and system time.
    times > "$w/times0"
    for ((i = 0; i < RUNS; i++)); do
      t0=$(date +%s%N)
      sh -c "$cmd" > /dev/null
      t1=$(date +%s%N)
      runs_us+=($(( (t1 - t0) / 1000 )))
    done
    times > "$w/times1"
    printf '%s\n' "${runs_us[@]}" | sort -n | awk -v r="$RUNS" -v f0="$w/times0" -v f1="$w/times1" '
      function cpu(f, which,   line, a, n) {  # "0m1.234s 0m0.456s" -> seconds of field `which`
        getline < f; getline line < f; close(f)
        split(line, a, " "); n = split(a[which], p, /[ms]/); return p[1] * 60 + p[2] }
      { t[NR] = $1 } END {
      m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "%.1f %.4f %.4f\n", m / 1000, (cpu(f1, 1) - cpu(f0, 1)) / r, (cpu(f1, 2) - cpu(f0, 2)) / r }'
  fi
}

# Peak RSS in KiB of a command (all its processes: the largest one's), one run.
if /usr/bin/time -v true > /dev/null 2>&1; then time_style=gnu; else time_style=bsd; fi
peak_rss_kib() {
  local err=$root/work/time.err
  if [ "$time_style" = gnu ]; then
    /usr/bin/time -v sh -c "$1" > /dev/null 2> "$err"
    awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$err"
  else
    # BSD time -l: "N maximum resident set size" (KiB on FreeBSD).
    /usr/bin/time -l sh -c "$1" > /dev/null 2> "$err"
    awk '/maximum resident set size/ { print $1 }' "$err"
  fi
}

# ---------------------------------------------------------------------------------------------
# 3. Batch commands against ps | awk.
# ---------------------------------------------------------------------------------------------
log "timing with $timer"
J=$bin/jailtop
declare -A ms usr sys rss
measure() {  # key command
  local r
  log "  $1: $2"
  r=$(time_cmd "$2")
  ms[$1]=${r%% *}
  r=${r#* }
  usr[$1]=${r% *}
  sys[$1]=${r#* }
  rss[$1]=$(peak_rss_kib "$2")
}
measure startup "$J --version"  # process start alone, for reference
measure awk "$alt_cmd"
measure awkf "$figures_cmd"
measure snapshot "$J snapshot"
measure ps "$J ps"
measure json "$J snapshot --json"
measure awk2 "$alt_cmd"  # again after jailtop's runs: the spread between the two shows the noise
measure awkf2 "$figures_cmd"
# The ratios: jailtop's command and the awk pipeline run in turn, one of each per pair (which
# goes first swapped every pair), and the median of the pairs' ratios. Timed one after the
# other, the two drift apart with the machine's speed during the run (seen on a VM: the same
# awk at 58 ms before jailtop's runs and 39 ms after); a pair's two runs share that speed.
# Each run is `sh -c` between two `date` calls, whose own cost (a median of `sh -c :` timed
# the same way) is taken off both.
run_ns() {  # command -> nanoseconds of one run
  local t0 t1
  t0=$(date +%s%N)
  sh -c "$1" > /dev/null
  t1=$(date +%s%N)
  echo $((t1 - t0))
}
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.4f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
shell_ns=$(for ((i = 0; i < RUNS; i++)); do run_ns :; done | median)
paired_ratio() {  # command alternative -> median of the pairs' ratios
  local i a b
  sh -c "$1" > /dev/null
  sh -c "$2" > /dev/null
  for ((i = 0; i < RUNS; i++)); do
    if ((i % 2)); then b=$(run_ns "$2"); a=$(run_ns "$1"); else a=$(run_ns "$1"); b=$(run_ns "$2"); fi
    awk -v a="$a" -v b="$b" -v s="$shell_ns" 'BEGIN { print (a - s) / (b - s) }'
  done | median
}
log "paired runs (jailtop, awk in turn): snapshot, ps, snapshot --json"
declare -A paired
paired[snapshot]=$(paired_ratio "$J snapshot" "$figures_cmd")
paired[ps]=$(paired_ratio "$J ps" "$alt_cmd")
paired[json]=$(paired_ratio "$J snapshot --json" "$alt_cmd")
awk_ms=$(awk -v a="${ms[awk]}" -v b="${ms[awk2]}" 'BEGIN { printf "%.1f", (a < b ? a : b) }')
awkf_ms=$(awk -v a="${ms[awkf]}" -v b="${ms[awkf2]}" 'BEGIN { printf "%.1f", (a < b ? a : b) }')
awk_rss=${rss[awk]}

# ---------------------------------------------------------------------------------------------
# 4. The dashboard, live at -d 1 and on a one-sample recording.
# ---------------------------------------------------------------------------------------------
hz=$(getconf CLK_TCK)
# "OWN CHILDREN" CPU seconds of a process: /proc/PID/stat utime+stime and cutime+cstime (the
# tools it spawned and waited for), or ps(1) TIME where there is no /proc (no children then).
cpu_of() {
  if [ -r "/proc/$1/stat" ]; then
    # The comm field (2) is in parentheses and may hold spaces: count fields after the last ')'.
    sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$hz" '{ printf "%.2f %.2f\n", ($12 + $13) / hz, ($14 + $15) / hz }'
  else
    LC_ALL=C ps -o time= -p "$1" | awk '{ t = $1; n = split(t, f, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + f[i]; printf "%.2f 0\n", s }'
  fi
}
# "NOW PEAK" RSS in KiB (peak = VmHWM on Linux; ps has no peak, so NOW twice).
rss_of() {
  if [ -r "/proc/$1/status" ]; then
    awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { print r, h }' "/proc/$1/status"
  else
    LC_ALL=C ps -o rss= -p "$1" | awk '{ print $1, $1 }'
  fi
}
# dashboard NAME SETTLE SECONDS ARGS...: starts `jailtop ARGS` in tmux, waits SETTLE seconds
# (first samples), then measures for SECONDS; sets dash_cpu (% of a core, own), dash_child
# (% of a core, its tools), dash_rss, dash_peak (KiB).
dashboard() {
  local name=$1 settle=$2 seconds=$3 pidfile=$root/work/$1.pid c0 c1 pid
  shift 3
  rm -f "$pidfile"
  tmux -L "$sock" new-session -d -s "$name" -x 120 -y 40 \
    "echo \$\$ > $pidfile; exec env JAILTOP_ROOT=$root $J $*"
  for _ in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
  pid=$(cat "$pidfile")
  sleep "$settle"
  kill -0 "$pid" 2>/dev/null || { echo "dashboard ($J $*) is gone" >&2; exit 1; }
  c0=$(cpu_of "$pid")
  sleep "$seconds"
  kill -0 "$pid" 2>/dev/null || { echo "dashboard ($J $*) is gone" >&2; exit 1; }
  c1=$(cpu_of "$pid")
  read -r dash_rss dash_peak < <(rss_of "$pid")
  tmux -L "$sock" kill-session -t "$name" 2>/dev/null || true
  read -r dash_cpu dash_child < <(awk -v a="$c0" -v b="$c1" -v t="$seconds" 'BEGIN {
    split(a, x, " "); split(b, y, " "); printf "%.2f %.2f\n", (y[1] - x[1]) / t * 100, (y[2] - x[2]) / t * 100 }')
}
log "dashboard: $J -d 1 for $DASH_SECONDS s (after 3 s to settle)"
dashboard live 3 "$DASH_SECONDS" -d 1
live_cpu=$dash_cpu live_child=$dash_child live_rss=$dash_rss live_peak=$dash_peak

# What a refresh asks of the host: the dashboard again, with every tool call logged (its kind
# and stdout bytes). Every refresh runs ps once over all processes: in full (the first refresh,
# and every refresh before issue 13), or as counters (the dashboard since; the steady layout
# before that); the other calls (sysctl, rctl, the budgeted rctl -u and netstat) are the same
# in both, so they are averaged over all refreshes. A full refresh: those plus ps and jls in
# full; a steady one: those plus what the steady refreshes ran (ps counters or steady, the
# listed jail's ps -p, ps -p of new processes, jls list, and any full jls re-read) per steady
# refresh.
# Logging costs a file per call, so this run is not timed.
log "host cost per refresh: $J -d 1 for 8 s with tool calls logged"
: > "$root/work/cost.log"
touch "$root/work/cost.on"
dashboard cost 0 8 -d 1
rm -f "$root/work/cost.on"
read -r first_spawns first_bytes steady_spawns steady_bytes steady_refreshes < <(awk '
  { n[$1]++; b[$1] += $2 }
  $1 !~ /^(ps|jls)-/ { other_n++; other_b += $2 }
  END {
    steady = n["ps-steady"] + n["ps-counters"]; refreshes = n["ps-full"] + steady
    if (refreshes == 0 || steady == 0 || n["ps-full"] == 0 || n["jls-full"] == 0) { print "0 0 0 0 0"; exit }
    os = other_n / refreshes; ob = other_b / refreshes
    full_s = os + 2; full_b = ob + b["ps-full"] / n["ps-full"] + b["jls-full"] / n["jls-full"]
    # The first refresh read jls in full; any later full jls is part of the steady cost.
    st_s = os + (steady + n["ps-steady-pids"] + n["ps-pids"] + n["jls-list"] + n["jls-full"] - 1) / steady
    st_b = ob + (b["ps-steady"] + b["ps-counters"] + b["ps-steady-pids"] + b["ps-pids"] + b["jls-list"] \
      + b["jls-full"] - b["jls-full"] / n["jls-full"]) / steady
    printf "%.0f %.0f %.1f %.0f %d\n", full_s, full_b, st_s, st_b, steady }' "$root/work/cost.log")

fixture=$root/work/large.jsonl
log "recording one sample: $J record --count 1 -o $fixture"
"$J" record --count 1 -o "$fixture"
fixture_kib=$(( $(wc -c < "$fixture") / 1024 ))
measure fixture "$J snapshot --fixture $fixture"
# The decode alone (what replaying a sample costs the dashboard), timed in-process by
# jailtop-bench: "  read: … BEST MEDIAN".
decode_ms=$("$bin/jailtop-bench" --json-file "$fixture" --runs "$RUNS" | awk '/^  read:/ { print $NF }')
log "dashboard on the fixture: $J --fixture $fixture for 5 s"
dashboard replay 3 5 --fixture "$fixture"
replay_rss=$dash_rss replay_peak=$dash_peak replay_cpu=$dash_cpu

# ---------------------------------------------------------------------------------------------
# 5. Report.
# ---------------------------------------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
cpu_pct() { awk -v u="$1" -v s="$2" -v ms="$3" 'BEGIN { printf "%.0f%%", (u + s) / (ms / 1000) * 100 }'; }
# Once a second, the alternative costs its CPU time per run: that is its share of a core.
awk_core=$(awk -v u="${usr[awk]}" -v s="${sys[awk]}" 'BEGIN { printf "%.1f", (u + s) * 100 }')

echo
echo "host: $JAILS jails, $PROCESSES processes (jailtop read $seen); ps text $ps_kib KiB; recording $fixture_kib KiB"
echo "timer: $timer; $(nproc 2>/dev/null || sysctl -n hw.ncpu) CPUs; $(uname -sr)"
echo "alternative (exact), for ps and snapshot --json (every column):"
echo "  $alt_cmd"
echo "alternative for the snapshot table (the columns it reads: no user, no args):"
echo "  $figures_cmd"
echo "awk: $(readlink -f "$(command -v awk)")  (runs: ${ms[awk]} / ${ms[awkf]} ms before jailtop's, ${ms[awk2]} / ${ms[awkf2]} ms after; the lower is shown)"
echo "ratios of snapshot, ps, snapshot --json: the median over $RUNS pairs of runs, jailtop's and awk's in turn"
echo "  (the medians timed apart give $(ratio "${ms[snapshot]}" "$awkf_ms") / $(ratio "${ms[ps]}" "$awk_ms") / $(ratio "${ms[json]}" "$awk_ms"))"
echo
fmt='%-36s | %-24s | %-22s | %-7s | %s\n'
printf "$fmt" what jailtop alternative ratio goal
printf "$fmt" "$(printf '%.0s-' {1..36})" "$(printf '%.0s-' {1..24})" "$(printf '%.0s-' {1..22})" "-------" "-----------------------"
printf "$fmt" "snapshot (table)" "${ms[snapshot]} ms" "$awkf_ms ms (no args)" "$(printf %.2fx "${paired[snapshot]}")" "<= 1.0x awk"
printf "$fmt" "ps" "${ms[ps]} ms" "$awk_ms ms" "$(printf %.2fx "${paired[ps]}")" "<= 1.0x awk"
printf "$fmt" "snapshot --json" "${ms[json]} ms" "$awk_ms ms" "$(printf %.2fx "${paired[json]}")" "<= 1.5x awk"
printf "$fmt" "snapshot --json peak RSS" "$(mib "${rss[json]}")" "$(mib "$awk_rss")" "$(ratio "${rss[json]}" "$awk_rss")" "< 64 MiB"
printf "$fmt" "dashboard -d 1 CPU (own)" "$live_cpu% of a core" "$awk_core% (ps|awk each 1 s)" "$(ratio "$live_cpu" "$awk_core")" "<= 3% of a core"
printf "$fmt" "dashboard -d 1 RSS (now / peak)" "$(mib "$live_rss") / $(mib "$live_peak")" "$(mib "$awk_rss")" "$(ratio "$live_peak" "$awk_rss")" "< 64 MiB"
printf "$fmt" "host cost of a steady refresh" "$steady_spawns spawns, $(mib $((steady_bytes / 1024)))" "$first_spawns, $(mib $((first_bytes / 1024))) (full)" "$(ratio "$steady_bytes" "$first_bytes")" "<= 0.25x the bytes"
printf "$fmt" "fixture decode (1 sample, in-process)" "${decode_ms:-?} ms" "-" "-" "<= 100 ms"
printf "$fmt" "snapshot --fixture (whole command)" "${ms[fixture]} ms" "-" "-" "-"
printf "$fmt" "snapshot --fixture peak RSS" "$(mib "${rss[fixture]}")" "-" "-" "< 64 MiB"
printf "$fmt" "dashboard on fixture RSS (now/peak)" "$(mib "$replay_rss") / $(mib "$replay_peak")" "-" "-" "< 64 MiB"
echo
echo "details (median wall ms; CPU is user+system per run, as % of the wall time; peak RSS):"
for k in startup awk awk2 awkf awkf2 snapshot ps json fixture; do
  printf '  %-9s %8s ms  user %6.3f s  sys %6.3f s  (%s of a core)  peak RSS %s\n' "$k" "${ms[$k]}" "${usr[$k]}" "${sys[$k]}" \
    "$(cpu_pct "${usr[$k]}" "${sys[$k]}" "${ms[$k]}")" "$(mib "${rss[$k]}")"
done
echo "  host cost: a full refresh (the first: ps and jls in full, as every refresh read them before issue 13) ran $first_spawns tools printing $first_bytes bytes;"
echo "    a steady refresh (mean of $steady_refreshes) ran $steady_spawns printing $steady_bytes bytes"
echo "  dashboard -d 1: the tools it spawned used $live_child% of a core (sh + cat here; real ps/rctl cost more)"
echo "  dashboard on the fixture: $replay_cpu% of a core"

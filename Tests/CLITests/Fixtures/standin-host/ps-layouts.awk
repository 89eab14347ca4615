# Turns a recorded `ps -ax -ww -o jid=JID … -o comm=COMM -o args=ARGS` table (outputs/ps.txt)
# into what the other ps calls jailtop makes would print, laid out as ps lays out columns
# (each as wide as its widest value or title):
#   mode=steady    `-o jid=JID … -o nice=NI -o comm=COMM -o pid=PIDCHECK` (no USER, no ARGS);
#   mode=counters  `-o jid=JID -o pid=PID -o rss=RSS -o time=TIME -o etimes=ETIMES -o nlwp=NLWP`;
#   mode=pids      every column;
# and with pids=LIST (comma-separated) only those processes (`-p LIST`): ps then exits 1 when
# none matched. Rows are split at the header's COMM and ARGS offsets, so names must be ASCII
# (as here). Used by bin/ps here and by Benchmarks/large-host.sh.
NR == 1 {
  comm_at = index($0, " COMM") + 1
  args_at = index($0, " ARGS") + 1
  if (pids != "") {
    n = split(pids, list, ",")
    for (i = 1; i <= n; i++) wanted[list[i]] = 1
  }
  if (mode == "pids") print
  next
}
pids != "" && !($2 in wanted) { next }
{ matched++ }
mode == "pids" { print; next }
{
  rows++
  comm = substr($0, comm_at, args_at - comm_at)
  sub(/ +$/, "", comm)
  # jid pid ppid uid (user) cpu mem rss vsz time etimes stat nlwp pri nice
  if (mode == "counters") split("1 2 8 10 11 13", pick, " "); else split("1 2 3 4 6 7 8 9 10 11 12 13 14 15", pick, " ")
  picked = (mode == "counters") ? 6 : 14
  for (k = 1; k <= picked; k++) {
    cell[rows, k] = $(pick[k])
    if (length(cell[rows, k]) > width[k]) width[k] = length(cell[rows, k])
  }
  if (mode == "counters") next
  cell[rows, 15] = comm
  if (length(comm) > width[15]) width[15] = length(comm)
  cell[rows, 16] = $2
}
END {
  if (mode == "pids") exit(matched > 0 ? 0 : 1)
  if (mode == "counters") {
    columns = split("JID PID RSS TIME ETIMES NLWP", title, " ")
  } else {
    columns = split("JID PID PPID UID CPU MEM RSS VSZ TIME ETIMES STAT NLWP PRI NI COMM PIDCHECK", title, " ")
    width[16] = 0
  }
  for (k = 1; k <= columns; k++) if (length(title[k]) > width[k]) width[k] = length(title[k])
  for (r = 0; r <= rows; r++) {
    line = ""
    for (k = 1; k <= columns; k++) {
      v = (r == 0) ? title[k] : cell[r, k]
      # STAT and COMM are left-aligned; the last column is not padded when left-aligned.
      if (mode != "counters" && (k == 11 || k == 15)) f = "%-" width[k] "s"; else f = "%" width[k] "s"
      line = line (k > 1 ? " " : "") sprintf(f, v)
    }
    print line
  }
  if (pids != "" && matched == 0) exit 1
}

# Turns a recorded `ps -ax -ww -o jid=JID … -o comm=COMM -o args=ARGS` table (outputs/ps.txt)
# into what the other ps calls jailtop makes would print, laid out as ps lays out columns
# (each as wide as its widest value or title):
#   mode=steady  `-o jid=JID … -o nice=NI -o comm=COMM -o pid=PIDCHECK` (no USER, no ARGS);
#   mode=pids    `-p LIST` with every column: the header and the rows of those pids (pids=LIST,
#                comma-separated); ps exits 1 when none matched.
# Rows are split at the header's COMM and ARGS offsets, so names must be ASCII (as here).
# Used by bin/ps here and by Benchmarks/large-host.sh.
NR == 1 {
  header = $0
  comm_at = index($0, " COMM") + 1
  args_at = index($0, " ARGS") + 1
  if (mode == "pids") {
    print
    n = split(pids, list, ",")
    for (i = 1; i <= n; i++) wanted[list[i]] = 1
  }
  next
}
mode == "pids" { if ($2 in wanted) { print; matched++ } ; next }
{
  rows++
  comm = substr($0, comm_at, args_at - comm_at)
  sub(/ +$/, "", comm)
  # jid pid ppid uid (user) cpu mem rss vsz time etimes stat nlwp pri nice
  split("1 2 3 4 6 7 8 9 10 11 12 13 14 15", pick, " ")
  for (k = 1; k <= 14; k++) {
    cell[rows, k] = $(pick[k])
    if (length(cell[rows, k]) > width[k]) width[k] = length(cell[rows, k])
  }
  cell[rows, 15] = comm
  if (length(comm) > width[15]) width[15] = length(comm)
  cell[rows, 16] = $2
}
END {
  if (mode == "pids") exit(matched > 0 ? 0 : 1)
  split("JID PID PPID UID CPU MEM RSS VSZ TIME ETIMES STAT NLWP PRI NI COMM PIDCHECK", title, " ")
  width[16] = 0
  for (k = 1; k <= 16; k++) if (length(title[k]) > width[k]) width[k] = length(title[k])
  for (r = 0; r <= rows; r++) {
    line = ""
    for (k = 1; k <= 16; k++) {
      v = (r == 0) ? title[k] : cell[r, k]
      # STAT and COMM are left-aligned; the last column is not padded when left-aligned.
      if (k == 11 || k == 15) f = "%-" width[k] "s"; else f = "%" width[k] "s"
      line = line (k > 1 ? " " : "") sprintf(f, v)
    }
    print line
  }
}

#!/usr/bin/env bash
# Two (or more) builds compared on one big folder, in alternating runs, so that the host's drift
# falls on all of them alike.
#
#   benches/ab.sh DIR ROUNDS BIN...
#
# Each round runs every BIN twice: `list DIR --format count` with a fresh state directory (the
# first run, which builds the index), then again with that index in place. At the end it prints,
# for each build and kind of run, the medians of wall time, user and system time (s), peak memory
# (KB) and minor page faults. Needs GNU time (/usr/bin/time) and, to warm the page cache first,
# ripgrep.
set -euo pipefail

dir=${1:?usage: benches/ab.sh DIR ROUNDS BIN...}
rounds=${2:?usage: benches/ab.sh DIR ROUNDS BIN...}
shift 2
[ $# -ge 1 ] || { echo "ab.sh: name at least one binary" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

command -v rg >/dev/null && rg -c SUBJECT "$dir" >/dev/null
for i in $(seq "$rounds"); do
    for k in $(seq $#); do
        bin=${!k}
        rm -rf "$out/state"
        for kind in first indexed; do
            /usr/bin/time -f "%e %U %S %M %R" "$bin" --state "$out/state" list "$dir" --format count \
                2>&1 >/dev/null | tail -n 1 >>"$out/$k.$kind"
        done
    done
done
median() {
    sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%s", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}
printf '%-8s %-40s %6s %6s %6s %9s %7s\n' kind binary wall user sys peakKB faults
for k in $(seq $#); do
    for kind in first indexed; do
        printf '%-8s %-40s' "$kind" "${!k}"
        for c in 1 2 3 4 5; do
            printf ' %6s' "$(cut -d' ' -f"$c" "$out/$k.$kind" | median)"
        done
        echo
    done
done

#!/usr/bin/env bash
# Paired timing of a large traffic folder against ripgrep, the figures of the README's
# "Performance" section.
#
#   benches/scale.sh DIR [PAIRS]
#
# DIR is a big folder of cables (`cabletriage gen --count 250000 DIR`, or copies of a corpus).
# Each of our runs comes right after its own `rg -c SUBJECT DIR`, so that a change in the
# machine's speed shows in both; the ratio of each pair is printed, then the median ratio of each
# kind of run. Needs a release build (`cargo build --release`), ripgrep and GNU time
# (/usr/bin/time). The page cache is warmed first; nothing is dropped from it.
set -euo pipefail

dir=${1:?usage: benches/scale.sh DIR [PAIRS]}
pairs=${2:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CABLETRIAGE:-$here/target/release/cabletriage}
for tool in rg /usr/bin/time "$bin"; do
    command -v "$tool" >/dev/null || { echo "scale.sh: $tool not found" >&2; exit 2; }
done
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

# Wall seconds and peak RSS (KB) of one command, its output discarded.
timed() {
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1
}
rg_time() {
    timed rg -c SUBJECT "$dir" | cut -d' ' -f1
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}
median() {
    sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.2f", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

rg -c SUBJECT "$dir" >/dev/null
rg -c SUBJECT "$dir" >/dev/null
: >"$state/first"
: >"$state/noindex"
: >"$state/indexed"
printf '%-4s %-28s %-28s %-28s\n' pair "first run (builds index)" "--no-index" "index in place"
for i in $(seq "$pairs"); do
    rm -rf "$state/s"
    r1=$(rg_time)
    read -r t1 m1 < <(timed "$bin" --state "$state/s" list "$dir" --format count)
    r2=$(rg_time)
    read -r t2 m2 < <(timed "$bin" list "$dir" --format count --no-index)
    r3=$(rg_time)
    read -r t3 m3 < <(timed "$bin" --state "$state/s" list "$dir" --format count)
    x1=$(ratio "$t1" "$r1")
    x2=$(ratio "$t2" "$r2")
    x3=$(ratio "$t3" "$r3")
    echo "$x1" >>"$state/first"
    echo "$x2" >>"$state/noindex"
    echo "$x3" >>"$state/indexed"
    printf '%-4s %-28s %-28s %-28s\n' "$i" \
        "${t1}s/${r1}s=${x1}x ${m1}KB" "${t2}s/${r2}s=${x2}x ${m2}KB" "${t3}s/${r3}s=${x3}x ${m3}KB"
done
printf '%-4s %-28s %-28s %-28s\n' median \
    "$(median <"$state/first")x (aim 2x)" "$(median <"$state/noindex")x" "$(median <"$state/indexed")x (aim 0.5x)"

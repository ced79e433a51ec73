#!/usr/bin/env sh
# Fuzz sitrep's readers for longer than CI does: each harness for SECONDS (default 3600).
#
#   fuzz/run_long.sh [SECONDS] [HARNESS...]      e.g.  fuzz/run_long.sh 3600 warc feed
#
# Harnesses: html (reader + cleaner), warc, feed. The corpus each run grows is kept in
# fuzz/work/corpus/NAME (git-ignored), so a second run starts where the first stopped; it also
# replays fuzz/regressions/NAME. A crash, hang (over 10 s) or blow-up (over 2 GB) is saved as
# fuzz/work/crashes/NAME-crash-*; reproduce it with  .venv/bin/python fuzz/fuzz_NAME.py FILE.
# The summary line per harness gives the number of inputs tried.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-3600}
[ $# -gt 0 ] && shift
harnesses=${*:-html warc feed}
python=${PYTHON:-.venv/bin/python}
work=fuzz/work

"$python" fuzz/seeds.py "$work/seeds" >/dev/null
mkdir -p "$work/crashes"
status=0
for name in $harnesses; do
    mkdir -p "$work/corpus/$name"
    echo "fuzz_$name: $seconds s (log: $work/$name.log)"
    if ! "$python" "fuzz/fuzz_$name.py" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$work/crashes/$name-" -print_final_stats=1 \
            "$work/corpus/$name" "$work/seeds/$name" "fuzz/regressions/$name" >"$work/$name.log" 2>&1; then
        status=1
        echo "  CRASH: see $work/$name.log and $work/crashes/"
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
    corpus=$(ls "$work/corpus/$name" | wc -l)
    echo "  ${runs:-?} inputs tried; corpus now $corpus inputs"
done
exit $status

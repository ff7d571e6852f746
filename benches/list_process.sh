#!/usr/bin/env bash
# Whole-process time of `knead list` (target: under 5 ms): start, load the built-in library,
# print the table, exit. Builds the release binary, then measures with hyperfine when it is
# installed and with a plain bash loop otherwise; prints the median either way.
#
#   benches/list_process.sh                 # `knead list`, 300 runs
#   RUNS=1000 benches/list_process.sh areas # any other knead arguments
#   NO_HYPERFINE=1 benches/list_process.sh  # force the bash loop
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-300}
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(list)
target_ms=5

cargo build --release --quiet --bin knead
target_dir=${CARGO_TARGET_DIR:-target}
bin="$(cd "$target_dir/release" && pwd)/knead"

# A private, empty home: the figure is the built-in library's, not this machine's routines.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" NO_COLOR=1
unset KNEAD_ROUTINES_DIR
"$bin" "${args[@]}" >/dev/null # fails loudly here rather than inside the timing

ms() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e6 }'; }
verdict() { awk -v ns="$1" -v t="$target_ms" 'BEGIN { print (ns / 1e6 < t) ? "met" : "MISSED" }'; }

if command -v hyperfine >/dev/null 2>&1 && [ -z "${NO_HYPERFINE:-}" ]; then
    # -N runs the command without a shell, so the shell's start-up is not counted.
    hyperfine -N --warmup 20 --runs "$runs" --export-json "$home/result.json" \
        --command-name "knead ${args[*]}" "$bin ${args[*]}" >&2
    median_s=$(grep -o '"median": *[0-9.eE+-]*' "$home/result.json" | head -1 | sed 's/.*: *//')
    min_s=$(grep -o '"min": *[0-9.eE+-]*' "$home/result.json" | head -1 | sed 's/.*: *//')
    median_ns=$(awk -v s="$median_s" 'BEGIN { printf "%.0f", s * 1e9 }')
    min_ns=$(awk -v s="$min_s" 'BEGIN { printf "%.0f", s * 1e9 }')
    how="hyperfine"
else
    # Each sample also holds one `date` process (the one that reads the end time); its cost
    # is measured the same way around a no-op and taken off.
    sample() {
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        echo $((end - start))
    }
    median_of() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    for _ in $(seq 20); do sample "$bin" "${args[@]}" >/dev/null; done # warm-up
    overhead_ns=$(for _ in $(seq "$runs"); do sample true; done | median_of)
    samples=$(for _ in $(seq "$runs"); do sample "$bin" "${args[@]}"; done)
    raw_ns=$(echo "$samples" | median_of)
    median_ns=$((raw_ns - overhead_ns))
    min_ns=$(($(echo "$samples" | sort -n | head -1) - overhead_ns))
    how="bash loop with date +%s%N; $(ms "$raw_ns") ms raw, less $(ms "$overhead_ns") ms for date itself"
fi

echo "knead ${args[*]}: median $(ms "$median_ns") ms, min $(ms "$min_ns") ms over $runs runs ($how); target under $target_ms ms: $(verdict "$median_ns")"

#!/usr/bin/env bash
# When a 30-second plain session really ends, against the wall clock.
#
# Runs `knead run temple-tension --plain --minutes 0.5` (release build): every timed part,
# the get-ready countdown included, is scaled to fill 30 s. Each line of its output is
# stamped as it arrives, from a clock read just before the process starts, and the time of
# the summary line ("Done: ...") is compared with 30.000 s: within 50 ms is the target.
# Start-up (the time to the first line, which is printed before the session's clock starts)
# is part of that error, and is also shown on its own, with the session's own error beside
# it (summary line minus first line, minus 30 s). The process's exit is stamped too.
#
# Lines are stamped with bash's $EPOCHREALTIME (microseconds, read without starting a
# process), since forking `date +%s%N` for every line would add its own delay to each stamp;
# `date +%s%N` is the fallback for a bash older than 5.
#
# Usage: benches/plain_end_time.sh [RUNS]    RUNS (default 1) back-to-back runs, 30 s each.
# KNEAD_BIN=path measures that binary instead of building one. KNEAD_RUN_ARGS adds arguments
# to the run, e.g. KNEAD_RUN_ARGS="--voice-command benches/slow_speech.sh" to show that a
# speech program taking 2 s per utterance does not delay the session.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
target_ms=30000

if [[ -z ${KNEAD_BIN:-} ]]; then
    cargo build --release --quiet
    target_dir=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
    KNEAD_BIN=$target_dir/release/knead
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state
unset KNEAD_ROUTINES_DIR

if [[ -n ${EPOCHREALTIME:-} ]]; then
    now_ns() { local t=${EPOCHREALTIME//[.,]/}; echo $((10#$t * 1000)); }
else
    now_ns() { date +%s%N; }
fi
ms() { awk -v n="$1" 'BEGIN {printf "%+.1f", n / 1e6}'; }
secs() { awk -v n="$1" 'BEGIN {printf "%7.3f", n / 1e9}'; }

echo "plain_end_time: $KNEAD_BIN run temple-tension --plain --minutes 0.5 ${KNEAD_RUN_ARGS:-}; $(nproc) cores"
worst=0
for ((run = 1; run <= runs; run++)); do
    first='' summary='' stamps=() lines=()
    start=$(now_ns)
    # shellcheck disable=SC2086 # KNEAD_RUN_ARGS is a list of words
    exec 3< <(exec "$KNEAD_BIN" run temple-tension --plain --minutes 0.5 ${KNEAD_RUN_ARGS:-})
    child=$!
    # Nothing in this loop starts a process, so a line is read as soon as it is written.
    while IFS= read -r line <&3; do
        at=$(($(now_ns) - start))
        [[ -z $first ]] && first=$at
        [[ $line == Done:* || $line == "Ended early:"* ]] && summary=$at
        stamps+=("$at") lines+=("$line")
    done
    exec 3<&-
    status=0
    wait "$child" || status=$?
    exited=$(($(now_ns) - start))
    if ((runs == 1)); then
        for i in "${!lines[@]}"; do
            printf '  %s s  %.70s\n' "$(secs "${stamps[$i]}")" "${lines[$i]}"
        done
    fi
    if [[ -z $summary || $status -ne 0 ]]; then
        echo "plain_end_time: run $run printed no summary line or failed (exit $status)" >&2
        exit 1
    fi
    error=$((summary - target_ms * 1000000))
    session_error=$((summary - first - target_ms * 1000000))
    printf 'run %d: summary at %s s: error %s ms (first line after %s ms, so the session itself %s ms); exit at %s s (%s ms)\n' \
        "$run" "$(secs "$summary")" "$(ms "$error")" "$(ms "$first")" "$(ms "$session_error")" \
        "$(secs "$exited")" "$(ms $((exited - target_ms * 1000000)))"
    ((${error#-} > ${worst#-})) && worst=$error
done
verdict=$(awk -v e="${worst#-}" 'BEGIN {print (e < 50e6) ? "met" : "MISSED"}')
echo "worst error of the summary line: $(ms "$worst") ms; target within 50 ms: $verdict"

#!/usr/bin/env bash
# CPU time and peak memory of a guided session, in a real (tmux) terminal.
#
# Runs `knead run neck-release --no-bell` (release build) in a private tmux server at 80x24,
# begins the session and skips to step 5, "Circles beside the spine": 60 s of circles at
# 30 a minute, the fastest-moving figure in the built-in library (a new frame every 250 ms,
# on top of the countdown's second). Then:
#   1. samples the process's CPU time (utime + stime of all its threads, /proc/PID/stat) over
#      a 20 s window that lies inside that one step: under 1% of one core is the target;
#   2. presses Space and samples 20 s of the pause: under 0.1% is the target;
#   3. reads the peak resident memory (VmHWM, /proc/PID/status): under 10 MB is the target.
# It also counts the threads' voluntary context switches in each window: about how often the
# event loop woke up.
# The same CPU time is also summed from each thread's /proc/PID/task/*/schedstat, in
# nanoseconds, since a clock tick (10 ms at CLK_TCK=100) is coarse against 0.1% of 20 s.
#
# Usage: benches/session_cpu.sh [STEP]     STEP (1-10, default 5) is the step measured; every
# step of neck-release but 7 and 10 lasts at least 30 s (step 7 is 30 s a side).
# KNEAD_BIN=path measures that binary instead of building one. KNEAD_SIZE=200x60 sets the
# pane's size (default 80x24): the step screen draws more, and larger, there. Linux only (/proc).
set -euo pipefail
SIZE="${KNEAD_SIZE:-80x24}"
COLUMNS_="${SIZE%x*}"
ROWS_="${SIZE#*x}"
cd "$(dirname "$0")/.."

step=${1:-5}
window=${KNEAD_BENCH_WINDOW:-20}
case $step in
    [1-9] | 10) ;;
    *) echo "usage: $0 [STEP 1-10]" >&2; exit 2 ;;
esac
command -v tmux >/dev/null || { echo "session_cpu: needs tmux (apt-get install tmux)" >&2; exit 1; }

if [[ -z ${KNEAD_BIN:-} ]]; then
    cargo build --release --quiet
    target_dir=$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
    KNEAD_BIN=$target_dir/release/knead
fi

tmp=$(mktemp -d)
socket=knead-bench-$$
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

t() { tmux -L "$socket" "$@"; }
screen() { t capture-pane -p -t 0; }
wait_for() { # TEXT SECONDS
    local deadline=$((SECONDS + $2))
    until screen | grep -qF -- "$1"; do
        if ((SECONDS > deadline)); then
            echo "session_cpu: waited $2 s for \"$1\"; the screen shows:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.05
    done
}

# Given as separate arguments, the command is executed directly: the pane's process is knead.
t -f /dev/null new-session -d -x "$COLUMNS_" -y "$ROWS_" \
    -e "HOME=$tmp" -e "XDG_CONFIG_HOME=$tmp/config" -e "XDG_DATA_HOME=$tmp/data" \
    -e "XDG_STATE_HOME=$tmp/state" -e "XDG_CACHE_HOME=$tmp/cache" -e "TERM=xterm-256color" \
    -e "KNEAD_ROUTINES_DIR=" \
    "$KNEAD_BIN" run neck-release --no-bell
pid=$(t display-message -p -t 0 '#{pane_pid}')
if [[ $(cat "/proc/$pid/comm") != knead ]]; then
    echo "session_cpu: the pane's process $pid is not knead" >&2
    exit 1
fi

wait_for "press Enter to begin" 10
t send-keys -t 0 Enter
wait_for "step 1 of 10" 10
for ((i = 1; i < step; i++)); do
    t send-keys -t 0 n
    wait_for "step $((i + 1)) of 10" 5
done
# The step's name: the first line of text inside the frame.
step_line=$(screen | sed -n '3,$p' | sed 's/^│ *//; s/ *│$//' | grep -m1 .)
sleep 0.5 # let the key handling and the step's first frame pass

ticks() { # utime + stime, all threads: fields 14 and 15, counted after the ")" of the name
    local stat
    stat=$(<"/proc/$pid/stat")
    awk '{print $12 + $13}' <<<"${stat##*) }"
}
nanos() { # the threads' run time from the scheduler, in ns
    cat /proc/"$pid"/task/*/schedstat | awk '{sum += $1} END {printf "%d", sum}'
}
wakes() { # the threads' voluntary context switches: how often they went to sleep
    cat /proc/"$pid"/task/*/status | awk '/^voluntary_ctxt_switches:/ {sum += $2} END {print sum}'
}
now() { date +%s%N; }

hz=$(getconf CLK_TCK)
# Samples CPU use over $window seconds; sets $ticks, $ns, $sleeps and $elapsed_ns.
sample() {
    local t0 n0 s0 w0 t1 n1 s1 w1
    w0=$(now) t0=$(ticks) n0=$(nanos) s0=$(wakes)
    sleep "$window"
    t1=$(ticks) n1=$(nanos) s1=$(wakes) w1=$(now)
    ticks=$((t1 - t0)) ns=$((n1 - n0)) sleeps=$((s1 - s0)) elapsed_ns=$((w1 - w0))
}
percent() { # NUMERATOR_NS ELAPSED_NS
    awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", 100 * a / b}'
}
verdict() { # VALUE TARGET
    awk -v v="$1" -v t="$2" 'BEGIN {print (v < t) ? "met" : "MISSED"}'
}

sample
run_ticks=$ticks run_ns=$ns run_sleeps=$sleeps run_elapsed=$elapsed_ns
if ! screen | grep -qF "step $step of 10"; then
    echo "session_cpu: the step ended inside the window; choose a longer step" >&2
    exit 1
fi

t send-keys -t 0 Space
wait_for "Paused · Space to resume" 5
sleep 0.5
sample
pause_ticks=$ticks pause_ns=$ns pause_sleeps=$sleeps pause_elapsed=$elapsed_ns

hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")

run_pct=$(percent $((run_ticks * 1000000000 / hz)) "$run_elapsed")
run_sched=$(percent "$run_ns" "$run_elapsed")
pause_pct=$(percent $((pause_ticks * 1000000000 / hz)) "$pause_elapsed")
pause_sched=$(percent "$pause_ns" "$pause_elapsed")
hwm_mb=$(awk -v k="$hwm_kb" 'BEGIN {printf "%.2f", k * 1024 / 1e6}')

secs() { awk -v n="$1" 'BEGIN {printf "%.1f", n / 1e9}'; }
echo "session_cpu: $KNEAD_BIN run neck-release --no-bell, tmux ${COLUMNS_}x${ROWS_}"
echo "  $(nproc) cores, CLK_TCK=$hz; step $step of 10: $step_line; window inside that one step"
ms() { awk -v n="$1" 'BEGIN {printf "%.1f", n / 1e6}'; }
printf '  running: %s%% of one core (%d ticks in %s s; schedstat %s%%, %s ms); target under 1%%: %s\n' \
    "$run_pct" "$run_ticks" "$(secs "$run_elapsed")" "$run_sched" "$(ms "$run_ns")" "$(verdict "$run_pct" 1)"
printf '  paused:  %s%% of one core (%d ticks in %s s; schedstat %s%%, %s ms); target under 0.1%%: %s\n' \
    "$pause_pct" "$pause_ticks" "$(secs "$pause_elapsed")" "$pause_sched" "$(ms "$pause_ns")" "$(verdict "$pause_pct" 0.1)"
echo "  the threads slept $run_sleeps times while the step ran, $pause_sleeps times while paused"
printf '  peak RSS (VmHWM): %s MB (%d KiB); target under 10 MB: %s\n' \
    "$hwm_mb" "$hwm_kb" "$(verdict "$hwm_mb" 10)"

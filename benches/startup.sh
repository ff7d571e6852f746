#!/usr/bin/env bash
# Start-up, whole process, of this build of knead side by side with an older one: `knead
# --version`, `knead paths`, `knead list` and `knead due`, run in turn (new, old, new, old, ...)
# so a drift in the machine's speed touches both alike; the median of each is printed with
# the targets (--version under 1 ms, list and due under 2 ms).
#
#   benches/startup.sh                        # against 126d36b, the commit before the change
#   OLD=main benches/startup.sh               # against any commit
#   KNEAD_OLD_BIN=/path/knead benches/startup.sh   # against a binary already built
#   RUNS=500 benches/startup.sh               # runs per command and binary (default 300)
#   KNEAD_NEW_BIN=/usr/bin/knead benches/startup.sh  # the new side too: an installed package
#
# The old binary is built from a `git worktree` of OLD in a temporary folder, with its own
# target folder (a clean release build: minutes). Timing needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-300}
old_ref=${OLD:-126d36b}

if [ -n "${KNEAD_NEW_BIN:-}" ]; then
    new_bin=$KNEAD_NEW_BIN
else
    cargo build --release --locked --quiet --bin knead
    new_bin="$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)/knead"
fi

work=$(mktemp -d)
cleanup() {
    if [ -d "$work/old-src" ]; then
        git worktree remove --force "$work/old-src" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${KNEAD_OLD_BIN:-}" ]; then
    old_bin=$KNEAD_OLD_BIN
else
    echo "building knead at $old_ref (a clean release build in its own target folder)..." >&2
    git worktree add --detach --quiet "$work/old-src" "$old_ref"
    CARGO_TARGET_DIR="$work/old-target" cargo build --release --locked --quiet \
        --manifest-path "$work/old-src/Cargo.toml" --bin knead
    cp "$work/old-target/release/knead" "$work/knead-old"
    old_bin="$work/knead-old"
fi

# A private home with an empty log: the figures are the built-in library's and the program's,
# not this machine's routines or history. `due` then reads an empty log and nudges (exit 1).
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data" NO_COLOR=1
unset KNEAD_ROUTINES_DIR KNEAD_CONFIG KNEAD_LOG_FILE
mkdir -p "$HOME"

python3 - "$new_bin" "$old_bin" "$runs" <<'EOF'
import os, statistics, subprocess, sys, time

new_bin, old_bin, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [(["--version"], 1.0), (["paths"], None), (["list"], 2.0), (["due"], 2.0)]
devnull = os.open(os.devnull, os.O_WRONLY)

def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, _, usage = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    return wall, (usage.ru_utime + usage.ru_stime) * 1e3

# The start-up of python's own spawn is in both columns alike; `true` shows how much it is.
floor = statistics.median(once(["/bin/true"])[0] for _ in range(runs))
print(f"median of {runs} runs each, wall and cpu (user + system) ms; spawning /bin/true takes {floor:.2f} ms wall")
print(f"{'knead ...':<12}{'new wall':>9}{'old wall':>9}{'new/old':>8}{'new cpu':>9}{'old cpu':>9}   target (wall)")
for args, target in cases:
    for _ in range(10):
        once([new_bin] + args); once([old_bin] + args)
    new, old = [], []
    for _ in range(runs):
        new.append(once([new_bin] + args))
        old.append(once([old_bin] + args))
    n, o = statistics.median(w for w, _ in new), statistics.median(w for w, _ in old)
    nc, oc = statistics.median(c for _, c in new), statistics.median(c for _, c in old)
    verdict = "" if target is None else f"< {target:g} ms {'met' if n < target else 'MISSED'}"
    print(f"{' '.join(args):<12}{n:>9.2f}{o:>9.2f}{n / o:>8.2f}{nc:>9.2f}{oc:>9.2f}   {verdict}")
EOF

#!/usr/bin/env bash
# The whole test suite under each sanitizer, each in its own scratch folder:
#
#   Scripts/sanitize-all.sh            # address, then undefined, then thread
#   Scripts/sanitize-all.sh thread     # one of: address, undefined, thread
#   Scripts/sanitize-all.sh address GLMTTSTests   # a --filter for a quicker look
#
# address    swift test --sanitize=address (ASan and LeakSanitizer over Swift and C).
# undefined  UBSan over the C targets (SwiftPM refuses --sanitize=undefined for Swift on Linux; Swift
#            traps on overflow and bounds by itself): -Xcc -fsanitize=undefined, no recovery.
# thread     swift test --sanitize=thread (TSan): Swift Testing runs tests in parallel, and
#            PipelineTests/ConcurrencyTests run sessions over one shared Synthesizer on many threads.
#
# Suppressions: Scripts/lsan.supp and Fuzz/lsan.supp (leaks inside system libraries, each entry
# explained), Scripts/tsan.supp. A run passes when the tests pass and the log holds no sanitizer
# report. Logs: .build-<sanitizer>/sanitize-all.log. Scripts/sanitize.sh is the quick kernel-only run.
set -uo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
filter=()
[[ -n "${2:-}" ]] && filter=(--filter "$2")

supp="$PWD/.build-sanitize-suppressions"
mkdir -p "$supp"
cat Scripts/lsan.supp Fuzz/lsan.supp >"$supp/lsan.supp"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="suppressions=$PWD/Scripts/tsan.supp:halt_on_error=0:second_deadlock_stack=1"
export UBSAN_OPTIONS="print_stacktrace=1"
export SWIFT_BACKTRACE=enable=no

status=0
results=()
run() {
    local name="$1" scratch="$2"; shift 2
    mkdir -p "$scratch"
    local log="$scratch/sanitize-all.log"
    echo "== $name: swift test $* ${filter[*]} (log: $log)"
    local start=$SECONDS
    swift test --scratch-path "$scratch" "$@" "${filter[@]}" >"$log" 2>&1
    local rc=$?
    local reports
    reports=$(grep -cE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|runtime error:" "$log")
    local summary
    summary=$(grep -E "^(✔|✘) Test run with|Test Suite 'All tests' (passed|failed)|Executed [0-9]+ tests" "$log" | tail -n 2 | tr '\n' ' ')
    results+=("$name: exit $rc, $reports sanitizer report(s), $((SECONDS - start)) s; $summary")
    if [[ $rc -ne 0 || $reports -ne 0 ]]; then
        status=1
        grep -E -A12 "ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|runtime error:" "$log" | head -n 60
        grep -E "✘" "$log" | head -n 20
    fi
}

toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
runtime="$(ls -d "$toolchain"/lib/clang/*/lib/linux | head -n 1)"

[[ $which == all || $which == address ]] && run address .build-asan --sanitize=address
[[ $which == all || $which == undefined ]] && run undefined .build-ubsan \
    -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined \
    -Xlinker -L"$runtime" -Xlinker -lclang_rt.ubsan_standalone-x86_64 -Xlinker -rpath -Xlinker "$runtime"
[[ $which == all || $which == thread ]] && run thread .build-tsan --sanitize=thread

echo
echo "== summary"
printf '%s\n' "${results[@]}"
exit $status

#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets and runs each for a fixed time.
#
#   Scripts/fuzz.sh                 # every target, 60 s each
#   Scripts/fuzz.sh 120 safetensors # one target, 120 s
#   Scripts/fuzz.sh build           # build only
#   Scripts/fuzz.sh 0 audio-reader CRASH-FILE   # replay one input (a crash artifact) and exit
#
# How: the library modules are built by SwiftPM into their own scratch folder (.build-fuzz) with
# coverage and AddressSanitizer (-sanitize=fuzzer,address for Swift, -fsanitize=fuzzer-no-link,address
# for the C targets), building targets only so that nothing is linked against libFuzzer's main. Each
# fuzz target, one Swift file with an @_cdecl("LLVMFuzzerTestOneInput") function plus
# Fuzz/Targets/Support.swift, is then compiled by swiftc against those modules and linked with their
# object files and the system libraries. Package.swift is untouched (no unsafeFlags).
#
# Inputs grow in a working corpus (.build-fuzz/corpus/TARGET, seeded from Fuzz/corpus/TARGET); crashes,
# leaks, timeouts and out-of-memory inputs land in .build-fuzz/artifacts/TARGET. The exit status is
# non-zero when any target found something. Docs/Reliability.md records the runs.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
only="${2:-}"
replay="${3:-}"
targets=(audio-reader safetensors model-config batch-jsonl text-normalizer voice-file)
scratch=.build-fuzz
bin="$scratch/debug"

echo "== building the library with coverage and AddressSanitizer ($scratch)"
swift build --scratch-path "$scratch" --target GLMTTS \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address 2>&1 \
    | grep -E "error|Compiling|Build" | grep -v "warning" || true
test -f "$bin/Modules/GLMTTS.swiftmodule" || { echo "library build failed" >&2; exit 2; }

objects=()
for module in GLMTTS ModelStorage SpeakerStyle TextEncoding WaveformOutput CKernels CFlite; do
    objects+=("$bin/$module.build/"*.o)
done

build_target() {
    local name="$1"
    swiftc -sanitize=fuzzer,address -parse-as-library -g -Onone \
        Fuzz/Targets/Support.swift "Fuzz/Targets/$name.swift" -o "$bin/fuzz-$name" \
        -I "$bin/Modules" \
        -Xcc -fmodule-map-file="$bin/CKernels.build/module.modulemap" \
        -Xcc -fmodule-map-file="$bin/CFlite.build/module.modulemap" \
        -I Sources/CSndFile -I Sources/CSoxr -I Sources/CWebRTCVAD -I CKernels/include -I Sources/CFlite/include \
        "${objects[@]}" \
        -lopenblas -llapacke -lflite_usenglish -lflite_cmulex -lflite -lsndfile -lsoxr -lwebrtc_audio_processing -lm \
        2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" || true
    test -x "$bin/fuzz-$name" || { echo "cannot build fuzz target $name" >&2; exit 2; }
}

selected=("${targets[@]}")
[[ -n "$only" ]] && selected=("$only")
for t in "${selected[@]}"; do
    echo "== building fuzz-$t"
    build_target "$t"
done
[[ "$seconds" == "build" ]] && exit 0

# A single OpenBLAS thread: the machine is shared, and the targets never run big products.
export OPENBLAS_NUM_THREADS=1
# Swift's own crash backtracer races ASan's handler and can keep the pipe open after a crash.
export SWIFT_BACKTRACE=enable=no
# Leaks inside system libraries (Foundation's caches, flite's lexicon) are not ours: see the file.
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"

if [[ -n "$replay" ]]; then
    exec "$bin/fuzz-${only:?name the target}" "$replay"
fi

status=0
summary=()
for t in "${selected[@]}"; do
    work="$scratch/corpus/$t"
    artifacts="$scratch/artifacts/$t"
    mkdir -p "$work" "$artifacts"
    cp -n Fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
    dict=()
    [[ -f "Fuzz/dict/$t.dict" ]] && dict=(-dict="Fuzz/dict/$t.dict")
    log="$scratch/fuzz-$t.log"
    echo "== fuzzing $t for ${seconds} s (log: $log)"
    set +e
    "$bin/fuzz-$t" "$work" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=1024 -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo "?")
    found=$(ls "$artifacts" | wc -l)
    line="$t: ${seconds} s, ${execs} executions, coverage ${cov} edges, exit ${rc}, ${found} artifact(s) in $artifacts"
    summary+=("$line")
    if [[ $rc -ne 0 ]]; then
        status=1
        grep -E "ERROR|Fatal error|Assertion|precondition|SUMMARY" "$log" | head -n 5 || true
    fi
done
echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status

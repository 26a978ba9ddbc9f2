#!/usr/bin/env bash
# Runs the kernel tests under AddressSanitizer and UndefinedBehaviorSanitizer, each in its own
# scratch folder. SwiftPM's --sanitize=undefined is refused for Swift code on Linux, so the
# undefined-behaviour run instruments the C kernels through clang (-Xcc) and links clang's UBSan
# runtime from the Swift toolchain; any report aborts the run (-fno-sanitize-recover).
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-CKernelsTests}"

echo "== AddressSanitizer ($filter)"
export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan.supp:print_suppressions=0"
swift test --sanitize=address --filter "$filter" --scratch-path .build-asan

echo "== UndefinedBehaviorSanitizer ($filter, C kernels)"
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
runtime="$(ls -d "$toolchain"/lib/clang/*/lib/linux | head -n 1)"
swift test --filter "$filter" --scratch-path .build-ubsan \
    -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined \
    -Xlinker -L"$runtime" -Xlinker -lclang_rt.ubsan_standalone-x86_64 -Xlinker -rpath -Xlinker "$runtime"
echo "sanitizer runs clean"

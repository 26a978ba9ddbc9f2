#!/usr/bin/env bash
# Memory soak: a few hundred requests in one process, resident memory sampled as they go, in three
# shapes — one shared session per rate (as `glmtts batch` runs), a new session per request (as a
# server would), and a shared session given a new voice on every request (the per-voice prefix
# cache at work). Each fails (exit status 1) when resident memory grows by more than 16 MB after
# the warm-up. Not part of `swift test`: it takes minutes. Docs/Reliability.md records the curves.
#
#   Scripts/soak.sh            # 300 requests per shape, release build
#   Scripts/soak.sh 1000       # more requests
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-300}"
swift build -c release --product glmtts >/dev/null
bin="$(swift build -c release --show-bin-path)/glmtts"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
status=0
for shape in "--sessions shared" "--sessions per-request" "--sessions shared --distinct-voices"; do
    echo "== glmtts bench soak --requests $requests --every 25 --warmup 50 $shape"
    "$bin" bench soak --requests "$requests" --every 25 --warmup 50 $shape 2>/dev/null || status=1
done
exit $status

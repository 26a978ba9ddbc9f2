#!/usr/bin/env bash
# Interrupted batch: starts `glmtts batch` on 30 lines, stops it with SIGINT partway, resumes and
# stops that with SIGKILL, kills six more resumes at random moments, then resumes to the end. After
# each stop it checks that every .wav in the output folder is a complete WAV (RIFF sizes match the
# file, data length as announced), that every manifest entry names such a file, and that no
# temporary file looks like an output. The final resume must finish every line and leave the files
# finished before it untouched (same inode and modification time: a rewrite would change the inode).
#
#   Scripts/test-interrupt.sh                  # builds glmtts (debug) and runs
#   GLMTTS=.build/release/glmtts Scripts/test-interrupt.sh
#
# Exit status 0 when every check holds. Docs/Reliability.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${GLMTTS:-}" ]]; then
    swift build --product glmtts >/dev/null
    GLMTTS="$(swift build --show-bin-path)/glmtts"
fi
GLMTTS="$(readlink -f "$GLMTTS")"
work="$(mktemp -d "${TMPDIR:-/tmp}/glmtts-interrupt.XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="$work/out"
lines=30
rounds=6
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for i in $(seq 1 "$lines"); do
    printf '{"uttid": "line%02d", "syn_text": "Line %d of an interrupted batch. It is long enough to take a moment to speak, so that a signal lands in the middle of the work."}\n' "$i" "$i"
done >"$work/jobs.jsonl"

manifest_count() {
    if [[ -f "$out/manifest.jsonl" ]]; then grep -c '"output"' "$out/manifest.jsonl" || true; else echo 0; fi
}

# Starts a batch in the background and stops it with `signal` once `after` more lines are finished.
run_and_stop() {
    local signal="$1" after="$2" resume="$3"
    local before
    before=$(manifest_count)
    # Job control on: a non-interactive shell starts background jobs with SIGINT ignored.
    set -m
    "$GLMTTS" batch "$work/jobs.jsonl" --out-dir "$out" $resume >"$work/log-$signal" 2>&1 &
    local pid=$!
    set +m
    local waited=0
    while (( $(manifest_count) < before + after )); do
        sleep 0.05
        waited=$((waited + 1))
        if ! kill -0 "$pid" 2>/dev/null; then fail "batch ended before the $signal (log: $(tail -n 2 "$work/log-$signal"))"; return; fi
        if (( waited > 6000 )); then fail "no progress in 300 s"; kill -KILL "$pid"; return; fi
    done
    # Land the signal inside a line's synthesis rather than right after a manifest append.
    sleep 0.15
    kill -"$signal" "$pid"
    local status=0
    wait "$pid" || status=$?
    echo "$signal after $(( $(manifest_count) - before )) more finished lines: exit status $status"
}

# Every WAV parses and its sizes agree; the manifest names only such files; nothing else but the
# manifest is a visible file; lists hidden leftovers (temporary files of an interrupted atomic write).
check_outputs() {
    local stage="$1"
    python3 - "$out" "$stage" <<'EOF' || failures=$((failures + 1))
import json, os, struct, sys
out, stage = sys.argv[1], sys.argv[2]
bad = []
wavs = sorted(f for f in os.listdir(out) if f.endswith(".wav"))
for name in wavs:
    data = open(os.path.join(out, name), "rb").read()
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        bad.append(f"{name}: not a RIFF/WAVE file"); continue
    if struct.unpack("<I", data[4:8])[0] + 8 != len(data):
        bad.append(f"{name}: RIFF size {struct.unpack('<I', data[4:8])[0]} + 8 != file size {len(data)}"); continue
    pos, data_size = 12, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if cid == b"data": data_size = size; break
        pos += 8 + size + (size & 1)
    if data_size is None or pos + 8 + data_size != len(data) or data_size == 0:
        bad.append(f"{name}: data chunk {data_size} bytes does not fill the file")
entries = []
lines = open(os.path.join(out, "manifest.jsonl")).read().split("\n") if os.path.exists(os.path.join(out, "manifest.jsonl")) else []
for i, line in enumerate(l for l in lines if l.strip()):
    try:
        entries.append(json.loads(line)["output"])
    except Exception:
        bad.append(f"manifest line {i + 1} is not a JSON entry: {line[:60]!r}")
for e in entries:
    if e not in wavs: bad.append(f"manifest names {e}, which is missing")
others = [f for f in os.listdir(out) if not f.endswith(".wav") and f != "manifest.jsonl"]
visible = [f for f in others if not f.startswith(".")]
if visible: bad.append(f"unexpected visible files: {visible}")
unrecorded = [w for w in wavs if w not in entries]
print(f"[{stage}] {len(wavs)} complete WAVs, {len(entries)} manifest entries, "
      f"{len(unrecorded)} WAV(s) written but not yet recorded {unrecorded}, hidden leftovers {[f for f in others if f.startswith('.')]}")
for b in bad: print(f"FAIL [{stage}]: {b}")
sys.exit(1 if bad else 0)
EOF
}

snapshot() { (cd "$out" && for f in *.wav; do stat -c '%n %i %Y' "$f"; done) | sort; }

echo "== batch of $lines lines, stopped with SIGINT"
run_and_stop INT 3 ""
check_outputs "after SIGINT"

echo "== --resume, stopped with SIGKILL"
run_and_stop KILL 4 --resume
check_outputs "after SIGKILL"

echo "== --resume, stopped with SIGKILL at random moments, $rounds times"
for round in $(seq 1 "$rounds"); do
    set -m
    "$GLMTTS" batch "$work/jobs.jsonl" --out-dir "$out" --resume >"$work/log-stress" 2>&1 &
    pid=$!
    set +m
    sleep "0.$(( RANDOM % 9 + 1 ))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    check_outputs "random SIGKILL $round" | grep -E "FAIL|\\[" | sed 's/^/  /'
done

echo "== --resume to the end"
finished_before=$(python3 -c 'import json,sys; print("\n".join(sorted(json.loads(l)["output"] for l in open(sys.argv[1]) if l.strip())))' "$out/manifest.jsonl")
snapshot_before=$(snapshot | grep -F -f <(echo "$finished_before") || true)
status=0
"$GLMTTS" batch "$work/jobs.jsonl" --out-dir "$out" --resume >"$work/log-final" 2>&1 || status=$?
tail -n 1 "$work/log-final"
[[ $status -eq 0 ]] || fail "final resume exited with $status"
check_outputs "after the final resume"
snapshot_after=$(snapshot | grep -F -f <(echo "$finished_before") || true)
if [[ "$snapshot_before" != "$snapshot_after" ]]; then
    fail "files finished before the resume were rewritten:"; diff <(echo "$snapshot_before") <(echo "$snapshot_after") || true
else
    echo "the $(echo "$finished_before" | wc -l) files finished before the final resume are untouched (same inode and mtime)"
fi
wavs=$(ls "$out"/*.wav | wc -l)
entries=$(python3 -c 'import json,sys; print(len({json.loads(l)["output"] for l in open(sys.argv[1]) if l.strip()}))' "$out/manifest.jsonl")
[[ $wavs -eq $lines && $entries -eq $lines ]] || fail "expected $lines WAVs and manifest entries, got $wavs and $entries"

if (( failures > 0 )); then echo "interrupted-batch test: $failures failure(s)"; exit 1; fi
echo "interrupted-batch test passed"

#!/bin/sh
# Start (or resume) upsampler training in the background; one thread, so a core stays free.
# PID in /work/train/train_upsampler.pid, output in /work/train/logs/train_upsampler.out.
cd "$(dirname "$0")/../.." || exit 1
PIDFILE=/work/train/train_upsampler.pid
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "already running: pid $(cat "$PIDFILE")"; exit 0
fi
mkdir -p /work/train/logs /work/train/ckpt
OMP_NUM_THREADS=1 nohup /opt/venv/bin/python Tools/train/train_upsampler.py \
    --plan "${PLAN:-24000:8000,32000:4000}" "$@" >> /work/train/logs/train_upsampler.out 2>&1 &
echo $! > "$PIDFILE"
echo "started pid $(cat "$PIDFILE")"

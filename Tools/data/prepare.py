#!/usr/bin/env python3
"""Resample the synthesized audio to 24 and 32 kHz and compute the GLM-TTS mel (Tools/data/mel.py).

Reads DATA/utterances.tsv and DATA/wav/{speaker}/{id}.wav; resamples with libsoxr at very high
quality (the resampler of `sox … rate -v`), scales each utterance to a peak drawn per utterance
(deterministic) from 0.3–0.95 so the vocoder sees a range of levels, trims to whole frames, and packs
everything into DATA/pack{rate}/: audio.npy (int16, concatenated), mel.npy (float32 [frames, 80],
concatenated) and index.tsv (speaker, id, split, audio offset, samples, mel offset, frames, text).
Rebuilds the packs from scratch (about a minute per thousand utterances on one core).

    /opt/venv/bin/python Tools/data/prepare.py --data /work/train/data --jobs 2
"""
import argparse
import hashlib
import os
import sys
from multiprocessing import Pool

import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mel as melmod  # noqa: E402

RATES = (24000, 32000)


def gain_for(spk, uid):
    h = int(hashlib.md5(f"{spk}/{uid}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return 0.3 + 0.65 * h


def process(row):
    import torch
    torch.set_num_threads(1)
    spk, uid, split, _, text, data = row
    x, sr = sf.read(os.path.join(data, "wav", spk, f"{uid}.wav"), dtype="float64")
    if x.ndim > 1:
        x = x.mean(1)
    out = {}
    for rate in RATES:
        hop = melmod.MEL_CONFIGS[rate][1]
        y = soxr.resample(x, sr, rate, quality="VHQ") if sr != rate else x
        y = y[: len(y) // hop * hop]
        peak = np.abs(y).max() + 1e-9
        y = (y * (gain_for(spk, uid) / peak)).astype(np.float32)
        y16 = np.round(y * 32767).astype(np.int16)
        m = melmod.mel_spectrogram(y16.astype(np.float32) / 32767, rate)  # [80, frames]
        out[rate] = (y16, m.T.astype(np.float32))
    return spk, uid, split, text, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    rows = []
    for l in open(os.path.join(a.data, "utterances.tsv")):
        f = l.rstrip("\n").split("\t")
        if os.path.exists(os.path.join(a.data, "wav", f[0], f"{f[1]}.wav")):
            rows.append((*f, a.data))
    audio = {r: [] for r in RATES}
    mels = {r: [] for r in RATES}
    index = {r: [] for r in RATES}
    offs = {r: [0, 0] for r in RATES}
    with Pool(a.jobs) as pool:
        for n, (spk, uid, split, text, out) in enumerate(pool.imap(process, rows, chunksize=16)):
            for r in RATES:
                y, m = out[r]
                index[r].append((spk, uid, split, offs[r][0], len(y), offs[r][1], len(m), text))
                offs[r][0] += len(y)
                offs[r][1] += len(m)
                audio[r].append(y)
                mels[r].append(m)
            if n % 1000 == 0:
                print(f"{n}/{len(rows)}", flush=True)
    for r in RATES:
        d = os.path.join(a.data, f"pack{r}")
        os.makedirs(d, exist_ok=True)
        np.save(os.path.join(d, "audio.npy.tmp.npy"), np.concatenate(audio[r]))
        np.save(os.path.join(d, "mel.npy.tmp.npy"), np.concatenate(mels[r]))
        with open(os.path.join(d, "index.tsv.tmp"), "w") as f:
            for e in index[r]:
                f.write("\t".join(str(v) for v in e) + "\n")
        os.replace(os.path.join(d, "audio.npy.tmp.npy"), os.path.join(d, "audio.npy"))
        os.replace(os.path.join(d, "mel.npy.tmp.npy"), os.path.join(d, "mel.npy"))
        os.replace(os.path.join(d, "index.tsv.tmp"), os.path.join(d, "index.tsv"))
        hours = offs[r][0] / r / 3600
        print(f"{r} Hz: {len(index[r])} utterances, {hours:.2f} h, {offs[r][1]} frames")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The acoustic stage's mel of every utterance, from its true codes and aligned phones ("ground-truth
aligned" mel), laid out exactly like DATA/pack24000/mel.npy, for fine-tuning the upsamplers on what the
acoustic stage really produces (Tools/train/train_upsampler.py --gta-fraction). The mel is 24 kHz-style
for both rates, as in the engine (one acoustic stage feeds both upsamplers); an odd last frame, which
the acoustic stage does not cover, keeps the recording's frame.

    /opt/venv/bin/python Tools/train/make_gta.py [--ckpt /work/train/ckpt/bundled_acoustic/best.pt]
    → DATA/pack24000/mel_gta.npy, and a link DATA/pack32000/mel_gta.npy to it
"""
import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
sys.path.insert(0, HERE)
import acoustic as A  # noqa: E402
from train_bundled import Data  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--ckpt", default="/work/train/ckpt/bundled_acoustic/best.pt")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ck = torch.load(a.ckpt, weights_only=False)
    model = A.AcousticStage(ck["config"])
    model.load_state_dict(ck["model"])
    model.eval()
    data = Data(a.data)
    out = np.array(data.mel, dtype=np.float32)  # starts as the recording's mel: frames not covered stay
    with torch.no_grad():
        for n, r in enumerate(data.rows):
            phones = r["ids"][r["plan"][0]]
            mel = model(r["codes"][None], r["speaker"][None], phones[None])[0].numpy().T  # [2T, 80]
            out[r["mo"]: r["mo"] + len(mel)] = mel
            if n % 2000 == 0:
                print(f"{n}/{len(data.rows)}", flush=True)
    d24 = os.path.join(a.data, "pack24000")
    tmp = os.path.join(d24, "mel_gta.tmp.npy")
    np.save(tmp, out)
    os.replace(tmp, os.path.join(d24, "mel_gta.npy"))
    link = os.path.join(a.data, "pack32000", "mel_gta.npy")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.join(d24, "mel_gta.npy"), link)
    print(f"mel_gta.npy: {len(out)} frames from {a.ckpt} (step {ck['step']})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Export trained upsamplers to the bundled model directory:
    Sources/GLMTTS/Resources/bundled/upsampler-{rate}.safetensors   (Generator.export_state(), fp16 by default)
    Sources/GLMTTS/Resources/bundled/upsampler-{rate}.json          (exactly the Generator's config dict)
No weight norm is used in training, so export_state() is the state dict renamed. The script checks the
fp16 rounding against fp32 on held-out mels and prints the held-out mel L1 of the exported weights.

    /opt/venv/bin/python Tools/train/export_upsampler.py --rates 24000,32000 [--which best|latest]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Pack, U, mel_l1  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="/work/train/ckpt")
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--out", default=os.path.join(ROOT, "Sources", "GLMTTS", "Resources", "bundled"))
    ap.add_argument("--rates", default="24000,32000")
    ap.add_argument("--which", default="best", help="best (lowest held-out mel L1) or latest")
    ap.add_argument("--dtype", default="f16", choices=["f16", "f32", "bf16"])
    ap.add_argument("--check", type=int, default=8, help="held-out utterances for the fp16 check")
    a = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)
    dt = {"f16": torch.float16, "f32": torch.float32, "bf16": torch.bfloat16}[a.dtype]
    for rate in (int(r) for r in a.rates.split(",")):
        path = os.path.join(a.ckpt, f"up{rate}", f"{a.which}.pt")
        if not os.path.exists(path):
            print(f"{rate}: no checkpoint {path}, skipped")
            continue
        ck = torch.load(path, map_location="cpu", weights_only=False)
        cfg = ck["cfg"]
        g = U.Generator(cfg)
        g.load_state_dict(ck["model"])
        g.eval()
        state = {k: v.to(dt).contiguous() for k, v in g.export_state().items()}
        meta = {"step": str(ck["step"]), "heldout_mel_l1": f"{ck['best']:.4f}", "checkpoint": a.which,
                "format": "GLMTTS upsampler, Tools/model/upsampler.py"}
        st_path = os.path.join(a.out, f"upsampler-{rate}.safetensors")
        save_file(state, st_path, metadata=meta)
        os.chmod(st_path, 0o644)
        with open(os.path.join(a.out, f"upsampler-{rate}.json"), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        # check: the rounded weights against fp32 on held-out mels
        g16 = U.Generator(cfg)
        rounded = {k: v.float() for k, v in state.items()}
        own = g16.state_dict()
        exported_names = g.export_state().keys()
        assert set(exported_names) == set(own.keys()), "export naming differs from state_dict (snake?)"
        g16.load_state_dict(rounded)
        g16.eval()
        pack = Pack(a.data, rate)
        test = [it for it in pack.split("test") if it["spk"].startswith("flite_")][:: 25][: a.check]
        snr, l1_32, l1_16 = [], [], []
        with torch.no_grad():
            for it in test:
                y, m = pack.utterance(it)
                mt = torch.from_numpy(m)[None]
                y32, y16 = g(mt), g16(mt)
                snr.append(10 * np.log10(float((y32 ** 2).sum() / ((y32 - y16) ** 2).sum().clamp(min=1e-20))))
                l1_32.append(mel_l1(y32, mt, rate).item())
                l1_16.append(mel_l1(y16, mt, rate).item())
        n = sum(v.numel() for v in state.values())
        print(f"{rate}: step {ck['step']} ({a.which}), {n} parameters, {os.path.getsize(st_path)} bytes "
              f"({a.dtype}) -> {st_path}")
        print(f"{rate}: held-out mel L1 fp32 {np.mean(l1_32):.4f}, {a.dtype} {np.mean(l1_16):.4f}; "
              f"{a.dtype} vs fp32 output SNR {np.mean(snr):.1f} dB (min {np.min(snr):.1f}) over {len(test)} utts")


if __name__ == "__main__":
    main()

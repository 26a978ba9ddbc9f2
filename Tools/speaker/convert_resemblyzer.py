#!/usr/bin/env python3
"""Converts resemblyzer's pretrained GE2E speaker encoder to the safetensors file SpeakerStyle ships.

resemblyzer (PyPI, Apache-2.0, by Corentin Jemine) ships `pretrained.pt`: a checkpoint whose
`model_state` holds a 3-layer LSTM (40 → 256, gate order i, f, g, o, as torch.nn.LSTM) and a
256 → 256 linear layer. The optimizer state and GE2E's similarity scale/bias are not needed for
embedding and are dropped.

Usage: /opt/venv/bin/python Tools/speaker/convert_resemblyzer.py [--dtype f16|f32] [--out PATH]
(needs `pip install resemblyzer torch safetensors`). The default output is the library resource.
"""
import argparse
import hashlib
import pathlib

import torch
from safetensors.torch import save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "Sources/SpeakerStyle/Resources/ge2e_resemblyzer.safetensors"

KEEP = [f"lstm.{kind}_l{layer}" for layer in range(3)
        for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")] + ["linear.weight", "linear.bias"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dtype", choices=["f16", "f32"], default="f16")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    import resemblyzer
    source = pathlib.Path(resemblyzer.__file__).parent / "pretrained.pt"
    checkpoint = torch.load(source, map_location="cpu")
    state = checkpoint["model_state"]
    dtype = torch.float16 if args.dtype == "f16" else torch.float32
    tensors = {name: state[name].to(dtype).contiguous() for name in KEEP}
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    metadata = {
        "format": "glmtts-speaker-encoder",
        "architecture": "ge2e-lstm",
        "source": "resemblyzer 0.1.4 pretrained.pt (PyPI), Apache-2.0",
        "source_sha256": digest,
        "training_step": str(checkpoint.get("step", "")),
        "mel_bins": "40", "hidden_size": "256", "layers": "3", "embedding_size": "256",
        "sample_rate": "16000", "n_fft": "400", "hop": "160", "partial_frames": "160",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(args.out), metadata=metadata)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {args.dtype})")


if __name__ == "__main__":
    main()

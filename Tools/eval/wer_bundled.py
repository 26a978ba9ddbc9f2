#!/usr/bin/env python3
"""Word error rate of the bundled model (issue 9) by pocketsphinx on held-out sentences (the test
split: no speaker read them in training), beside flite's own audio of the same sentences:

    flite : the held-out recording by the voice itself (flite output), as in Tools/data/
    torch : the PyTorch reference pipeline from training checkpoints (phone encoder, durations,
            greedy decoder, acoustic stage, the exported upsampler): for checks during training
    swift : `glmtts speak TEXT --model DIR --sample-rate RATE` per sentence (the Swift engine with the
            exported model: what a user gets). With --voice-clips, `--voice CLIP` of the same speaker.
    resynth: the recording's own 24 kHz mel through the exported upsampler (the upsampler's ceiling)
    oracle : the recording's codes and aligned durations through the acoustic stage and the upsampler
             (the ceiling of the codes and the acoustic stage: what a perfect decoder would give)

Symbols come from the Swift front end (DATA/bundled/symbols.tsv), so torch and swift read the same input.
Scoring as Tools/eval/wer_upsampler.py (lowercase words, WER = edits / reference words, summed).

    /opt/venv/bin/python Tools/eval/wer_bundled.py --systems flite,swift --voices flite_rms --count 50
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import soundfile as sf
import soxr
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "train"))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
from wer_upsampler import edit_distance, recognize, words  # noqa: E402

DEFAULT_MODEL = os.path.join(ROOT, "Sources", "GLMTTS", "Resources", "bundled")


class TorchPipeline:
    def __init__(self, ckpt, model_dir, rate):
        import acoustic as A
        import bundled as B
        import upsampler as U
        from safetensors.torch import load_file
        from bundled_data import SILENT, symbol_table
        self.table = {s: i for i, s in enumerate(symbol_table())}
        self.is_phone = torch.tensor([s not in SILENT for s in symbol_table()])
        t = torch.load(os.path.join(ckpt, "bundled_t2t", "best.pt"), weights_only=False)
        self.t2t = B.TextToTokens(t["config"])
        self.t2t.load_state_dict(t["model"])
        self.t2t.eval()
        ac = torch.load(os.path.join(ckpt, "bundled_acoustic", "best.pt"), weights_only=False)
        self.acoustic = A.AcousticStage(ac["config"])
        self.acoustic.load_state_dict(ac["model"])
        self.acoustic.eval()
        cfg = json.load(open(os.path.join(model_dir, f"upsampler-{rate}.json")))
        self.up = U.Generator(cfg)
        self.up.load_state_dict({k: v.float() for k, v in load_file(os.path.join(model_dir, f"upsampler-{rate}.safetensors")).items()})
        self.up.eval()
        self.steps = (t["step"], ac["step"])

    @torch.no_grad()
    def render(self, codes, phones, speaker):
        mel = self.acoustic(codes[None], torch.tensor(speaker, dtype=torch.float32)[None], phones[None])
        return self.up(mel)[0].numpy()

    @torch.no_grad()
    def upsample(self, mel):
        return self.up(torch.from_numpy(mel)[None])[0].numpy()

    @torch.no_grad()
    def __call__(self, symbols, speaker):
        ids = torch.tensor([self.table.get(s, self.table["<unk>"]) for s in ["<sil>"] + symbols + ["<sil>"]])
        spk = torch.tensor(speaker, dtype=torch.float32)
        dur, codes = self.t2t.generate(ids, self.is_phone[ids], spk)
        from bundled import step_plan
        phones = ids[step_plan(dur)[0]]
        mel = self.acoustic(codes[None], spk[None], phones[None])
        return self.up(mel)[0].numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--ckpt", default="/work/train/ckpt")
    ap.add_argument("--model", default=DEFAULT_MODEL, help="model directory (swift; torch takes its upsampler)")
    ap.add_argument("--rate", type=int, default=24000)
    ap.add_argument("--voices", default="flite_rms")
    ap.add_argument("--count", type=int, default=50, help="held-out sentences per voice")
    ap.add_argument("--first", type=int, default=100, help="skip the first N test sentences (the training held-out loss set overlaps them)")
    ap.add_argument("--systems", default="flite,swift")
    ap.add_argument("--voice-clips", action="store_true", help="swift: speak with a training clip of the voice (default: the model's default voice)")
    ap.add_argument("--glmtts", default=os.path.join(ROOT, ".build", "release", "glmtts"))
    ap.add_argument("--work", default="/work/train/eval/bundled")
    ap.add_argument("--speak-args", default="", help="swift: more `glmtts speak` arguments, e.g. \"--sampling ras --seed 3\"")
    ap.add_argument("--tag", default="", help="a name for this run's folder (e.g. ras-seed3)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    sents = [l.rstrip("\n").split("\t") for l in open(os.path.join(a.data, "sentences.tsv"))]
    test = [(i, t) for i, s, _, t in sents if s == "test"][a.first: a.first + a.count]
    symbols = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(a.data, "bundled", "symbols.tsv")))
    speakers = json.load(open(os.path.join(a.data, "bundled", "speakers.json")))
    results = {}
    pipeline = None
    for system in a.systems.split(","):
        if system in ("torch", "resynth", "oracle") and pipeline is None:
            pipeline = TorchPipeline(a.ckpt, a.model, a.rate)
            print(f"torch: checkpoints at steps {pipeline.steps}")
        if system in ("resynth", "oracle") and "data" not in locals():
            from train_bundled import Data
            data = Data(a.data)
            recorded = {(r["spk"], r["uid"]): r for r in data.rows}
        for voice in a.voices.split(","):
            folder = os.path.join(a.work, system + (f"-{a.tag}" if a.tag else ""), voice)
            os.makedirs(folder, exist_ok=True)
            names, refs, t_synth, secs = [], [], 0.0, 0.0
            clip = None
            if system == "swift" and a.voice_clips:
                train = sorted(f for f in os.listdir(os.path.join(a.data, "wav", voice)) if f.endswith(".wav"))
                clip = os.path.join(a.data, "wav", voice, train[-1])
            for uid, text in test:
                name = f"{voice}-{uid}"
                names.append(name)
                refs.append(text)
                t0 = time.time()
                if system == "flite":
                    y, sr = sf.read(os.path.join(a.data, "wav", voice, f"{uid}.wav"), dtype="float64")
                elif system == "torch":
                    y, sr = pipeline(symbols[uid].split(), speakers[voice]).astype(np.float64), a.rate
                elif system in ("resynth", "oracle"):
                    r = recorded[(voice, uid)]
                    t = len(r["codes"])
                    if system == "resynth":
                        y = pipeline.upsample(data.mel_of(r, 0, t).numpy())
                    else:
                        y = pipeline.render(r["codes"], r["ids"][r["plan"][0]], speakers[voice])
                    y, sr = y.astype(np.float64), a.rate
                else:
                    out = os.path.join(folder, name + ".full.wav")
                    cmd = [a.glmtts, "speak", text, "--model", a.model, "--sample-rate", str(a.rate), "-o", out]
                    if clip:
                        cmd += ["--voice", clip]
                    cmd += a.speak_args.split()
                    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                    y, sr = sf.read(out, dtype="float64")
                t_synth += time.time() - t0
                secs += len(y) / sr
                y16 = soxr.resample(y, sr, 16000, quality="VHQ") if sr != 16000 else y
                sf.write(os.path.join(folder, name + ".wav"), np.clip(y16, -1, 1), 16000, subtype="PCM_16")
            hyps = recognize(folder, names)
            e = n = 0
            with open(os.path.join(folder, "wer.tsv"), "w") as f:
                for name, ref in zip(names, refs):
                    r, h = words(ref), words(hyps.get(name, ""))
                    e += edit_distance(r, h)
                    n += len(r)
                    f.write(f"{name}\t{ref}\t{hyps.get(name, '')}\n")
            results[(system, voice)] = e / n
            extra = f"; {t_synth / secs:.3f} s per second of audio (incl. process start)" if system != "flite" else ""
            print(f"{system} {voice}: WER {100 * e / n:.1f}% over {len(names)} sentences ({n} words){extra}", flush=True)
    voices = a.voices.split(",")
    print("| system | " + " | ".join(voices) + " |")
    print("|---|" + "---|" * len(voices))
    for system in a.systems.split(","):
        print(f"| {system} | " + " | ".join(f"{100 * results[(system, v)]:.1f}" for v in voices) + " |")


if __name__ == "__main__":
    main()

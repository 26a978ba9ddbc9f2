#!/usr/bin/env python3
"""Word error rate of the upsampler by pocketsphinx (Debian's pocketsphinx 0.8 + pocketsphinx-en-us,
`pocketsphinx_batch`, offline) on held-out sentences, for
    original : the held-out audio itself (flite/festival output, resampled to the rate as in training)
    neural   : re-synthesis from its GLM-TTS mel through the PyTorch generator (a checkpoint)
    swift    : the same clip through the Swift engine, `glmtts resynth --upsampler DIR` (Swift mel + Swift
               upsampler with the exported weights): what a user of the library gets
    griffinlim: re-synthesis from the same mel by Griffin-Lim (pseudo-inverse mel -> linear magnitude clipped at 0,
                60 iterations, n_fft/window 1920, hop 480 at 24 kHz), the baseline.
Everything is resampled to 16 kHz for the recognizer. Words: lowercase, hyphens as spaces, other
punctuation dropped. WER = (substitutions + deletions + insertions) / reference words, summed.

    /opt/venv/bin/python Tools/eval/wer_upsampler.py --rate 24000 --count 25 \
        --voices flite_rms,flite_slt,flite_awb,flite_kal16 [--ckpt /work/train/ckpt/up24000/best.pt]
Writes WAVs and hypotheses under --work (default /work/train/eval/{rate}).
"""
import argparse
import os
import re
import subprocess
import sys
import time

import librosa
import numpy as np
import soundfile as sf
import soxr
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
from common import MEL_CONFIGS, Pack, U  # noqa: E402

PS_MODEL = "/usr/share/pocketsphinx/model/en-us"


def words(text):
    t = text.lower().replace("-", " ")
    t = re.sub(r"[^a-z' ]", " ", t)
    return [w.strip("'") for w in t.split() if w.strip("'")]


def edit_distance(r, h):
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)]


def recognize(folder, names):
    ctl = os.path.join(folder, "ctl")
    with open(ctl, "w") as f:
        f.writelines(n + "\n" for n in names)
    hyp = os.path.join(folder, "out.hyp")
    subprocess.run(["pocketsphinx_batch", "-adcin", "yes", "-adchdr", "44", "-cepdir", folder, "-cepext", ".wav",
                    "-ctl", ctl, "-hyp", hyp, "-hmm", f"{PS_MODEL}/en-us", "-lm", f"{PS_MODEL}/en-us.lm.bin",
                    "-dict", f"{PS_MODEL}/cmudict-en-us.dict", "-logfn", os.path.join(folder, "ps.log")],
                   check=True)
    out = {}
    for line in open(hyp):
        m = re.match(r"^(.*)\((\S+) -?\d+\)\s*$", line.strip())
        if m:
            out[m.group(2)] = m.group(1).strip()
    return out


def griffin_lim(mel, rate, n_iter=60):
    n_fft, hop = MEL_CONFIGS[rate]
    basis = librosa.filters.mel(sr=rate, n_fft=n_fft, n_mels=mel.shape[0], fmin=0, fmax=8000, htk=False,
                                norm="slaney")
    mag = np.maximum(np.linalg.pinv(basis) @ np.exp(mel).astype(np.float64), 0.0)
    y = librosa.griffinlim(mag, n_iter=n_iter, hop_length=hop, win_length=n_fft, n_fft=n_fft, center=True,
                           random_state=0)
    return y.astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=int, default=24000)
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--ckpt", default=None, help="default /work/train/ckpt/up{rate}/best.pt")
    ap.add_argument("--voices", default="flite_rms,flite_slt,flite_awb,flite_kal16")
    ap.add_argument("--count", type=int, default=25, help="held-out sentences per voice")
    ap.add_argument("--systems", default="original,neural,griffinlim")
    ap.add_argument("--work", default=None)
    ap.add_argument("--glmtts", default=".build/release/glmtts", help="the built command-line tool (system swift)")
    ap.add_argument("--upsampler-dir", default="Sources/GLMTTS/Resources/bundled", help="exported upsampler (system swift)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    ckpt = a.ckpt or f"/work/train/ckpt/up{a.rate}/best.pt"
    work = a.work or f"/work/train/eval/{a.rate}"
    pack = Pack(a.data, a.rate)
    voices = a.voices.split(",")
    items = []
    for v in voices:
        items += [it for it in pack.split("test") if it["spk"] == v][: a.count]
    systems = a.systems.split(",")
    gen = None
    if "neural" in systems:
        ck = torch.load(ckpt, map_location="cpu", weights_only=False)
        gen = U.Generator(ck["cfg"])
        gen.load_state_dict(ck["model"])
        gen.eval()
        print(f"checkpoint {ckpt}: step {ck['step']}, best held-out mel L1 {ck['best']:.4f}")
    results = {}
    for system in systems:
        folder = os.path.join(work, system)
        os.makedirs(folder, exist_ok=True)
        names, t_synth, secs = [], 0.0, 0.0
        for it in items:
            name = f"{it['spk']}-{it['uid']}"
            names.append(name)
            if system not in ("neural", "swift") and os.path.exists(os.path.join(folder, name + ".wav")):
                continue  # original and Griffin-Lim do not change between checkpoints: reuse
            y, m = pack.utterance(it)
            t0 = time.time()
            if system == "neural":
                with torch.no_grad():
                    y = gen(torch.from_numpy(m)[None])[0].numpy()
            elif system == "griffinlim":
                y = griffin_lim(m, a.rate)
            elif system == "swift":
                source, out = os.path.join(folder, name + ".in.wav"), os.path.join(folder, name + ".out.wav")
                sf.write(source, y, a.rate, subtype="FLOAT")
                subprocess.run([a.glmtts, "resynth", source, "--upsampler", a.upsampler_dir, "--sample-rate", str(a.rate),
                                "--threads", "1", "-o", out], check=True, stdout=subprocess.DEVNULL)
                y, _ = sf.read(out, dtype="float32")
            t_synth += time.time() - t0
            secs += len(y) / a.rate
            sf.write(os.path.join(folder, name + ".full.wav"), y, a.rate, subtype="PCM_16")
            y16 = soxr.resample(y.astype(np.float64), a.rate, 16000, quality="VHQ")
            sf.write(os.path.join(folder, name + ".wav"), np.clip(y16, -1, 1), 16000, subtype="PCM_16")
        hyps = recognize(folder, names)
        per_voice = {}
        for it, name in zip(items, names):
            ref, hyp = words(it["text"]), words(hyps.get(name, ""))
            e = edit_distance(ref, hyp)
            pv = per_voice.setdefault(it["spk"], [0, 0])
            pv[0] += e
            pv[1] += len(ref)
        with open(os.path.join(folder, "wer.tsv"), "w") as f:
            for it, name in zip(items, names):
                f.write(f"{name}\t{it['text']}\t{hyps.get(name, '')}\n")
        tot_e = sum(v[0] for v in per_voice.values())
        tot_n = sum(v[1] for v in per_voice.values())
        results[system] = (tot_e / tot_n, {k: v[0] / v[1] for k, v in per_voice.items()},
                           t_synth / secs if system != "original" and secs else None)
        print(f"{system}: WER {100 * tot_e / tot_n:.1f}% over {len(items)} utterances ({tot_n} words); " +
              ", ".join(f"{k} {100 * v[0] / v[1]:.1f}%" for k, v in per_voice.items()) +
              (f"; synthesis RTF {t_synth / secs:.3f} (1 thread)" if system != "original" and secs else ""),
              flush=True)
    print("| system | " + " | ".join(voices) + " | all |")
    print("|---|" + "---|" * (len(voices) + 1))
    for s, (w, pv, _) in results.items():
        print(f"| {s} | " + " | ".join(f"{100 * pv.get(v, float('nan')):.1f}" for v in voices) + f" | {100 * w:.1f} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Synthesize training audio with flite and festival, plus sox pitch/tempo pseudo-speakers.

Every speaker is (engine, voice, pitch shift in cents, tempo factor). Base voices: flite's rms, slt,
awb, kal16 (16 kHz) and festival's kal diphone (16 kHz) and cmu_us_slt_arctic_hts (32 kHz). Pseudo-
speakers apply `sox pitch CENTS tempo -s FACTOR` to a base voice. Each training speaker reads its own
deterministic random subset of the train sentences; the base voices also read the first --test-count
test sentences (held out: evaluation only).

Writes DATA/wav/{speaker}/{id}.wav at the engine's native rate, DATA/wav/{speaker}/{id}.phones (flite
voices: `flite -psdur` phone end times in seconds, scaled by the tempo), and DATA/utterances.tsv
(speaker, id, split, native rate, text). Existing files are kept, so a rerun only adds what is missing.

    python3 Tools/data/synthesize.py --data /work/train/data --per-speaker 500 --jobs 2
"""
import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from multiprocessing import Pool

# name: (engine, voice, cents, tempo)
BASE = {
    "flite_rms": ("flite", "rms", 0, 1.0),
    "flite_slt": ("flite", "slt", 0, 1.0),
    "flite_awb": ("flite", "awb", 0, 1.0),
    "flite_kal16": ("flite", "kal16", 0, 1.0),
    "fest_kal": ("festival", "voice_kal_diphone", 0, 1.0),
    "fest_slt": ("festival", "voice_cmu_us_slt_arctic_hts", 0, 1.0),
}
PSEUDO = {
    "flite_rms_p+300": ("flite", "rms", 300, 1.0),
    "flite_rms_p-200_t0.9": ("flite", "rms", -200, 0.9),
    "flite_slt_p-250_t1.1": ("flite", "slt", -250, 1.1),
    "flite_slt_p+200": ("flite", "slt", 200, 1.0),
    "flite_awb_p+400_t0.95": ("flite", "awb", 400, 0.95),
    "flite_awb_p-150_t1.1": ("flite", "awb", -150, 1.1),
    "flite_kal16_p+250_t0.9": ("flite", "kal16", 250, 0.9),
    "fest_slt_p-300": ("festival", "voice_cmu_us_slt_arctic_hts", -300, 1.0),
    "fest_slt_p+150_t0.9": ("festival", "voice_cmu_us_slt_arctic_hts", 150, 0.9),
    "fest_kal_p+300_t1.05": ("festival", "voice_kal_diphone", 300, 1.05),
}
SPEAKERS = {**BASE, **PSEUDO}


def synth_one(job):
    spk, uid, text, out_dir = job
    engine, voice, cents, tempo = SPEAKERS[spk]
    wav = os.path.join(out_dir, f"{uid}.wav")
    if os.path.exists(wav):
        return spk, uid, None
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.wav")
        phones = None
        if engine == "flite":
            r = subprocess.run(["flite", "-voice", voice, "-psdur", "-t", text, "-o", raw],
                               capture_output=True, text=True, check=True)
            phones = []
            for tok in r.stdout.split():
                if ":" in tok:
                    p, t = tok.rsplit(":", 1)
                    phones.append((p, float(t) / tempo))
        else:
            txt = os.path.join(tmp, "t.txt")
            with open(txt, "w") as f:
                f.write(text + "\n")
            subprocess.run(["text2wave", "-eval", f"({voice})", txt, "-o", raw],
                           capture_output=True, check=True)
        effects = []
        if cents:
            effects += ["pitch", str(cents)]
        if tempo != 1.0:
            effects += ["tempo", "-s", str(tempo)]
        tmp_out = wav + ".part.wav"
        subprocess.run(["sox", raw, "-b", "16", tmp_out] + effects, capture_output=True, check=True)
        os.replace(tmp_out, wav)
        if phones is not None:
            with open(os.path.join(out_dir, f"{uid}.phones"), "w") as f:
                f.writelines(f"{p}\t{t:.4f}\n" for p, t in phones)
    return spk, uid, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--per-speaker", type=int, default=500, help="train sentences per speaker")
    ap.add_argument("--test-count", type=int, default=100, help="test sentences per base voice")
    ap.add_argument("--speakers", default=",".join(SPEAKERS), help="comma-separated subset")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--manifest-only", action="store_true", help="write utterances.tsv, synthesize nothing")
    a = ap.parse_args()
    sents = [l.rstrip("\n").split("\t") for l in open(os.path.join(a.data, "sentences.tsv"))]
    train = [(i, t) for i, s, _, t in sents if s == "train"]
    test = [(i, t) for i, s, _, t in sents if s == "test"]
    jobs, rows = [], []
    for spk in a.speakers.split(","):
        engine = SPEAKERS[spk][0]
        rate = 32000 if SPEAKERS[spk][1] == "voice_cmu_us_slt_arctic_hts" else 16000
        out_dir = os.path.join(a.data, "wav", spk)
        os.makedirs(out_dir, exist_ok=True)
        rng = random.Random(int(hashlib.md5(spk.encode()).hexdigest()[:8], 16))
        chosen = [(i, t, "train") for i, t in rng.sample(train, min(a.per_speaker, len(train)))]
        if spk in BASE:
            chosen += [(i, t, "test") for i, t in test[: a.test_count]]
        for uid, text, split in chosen:
            jobs.append((spk, uid, text, out_dir))
            rows.append((spk, uid, split, rate, text))
    # the manifest first (merged with an existing one), so prepare.py can run while synthesis goes on;
    # it packs only the utterances whose audio exists
    # merge with an existing manifest
    path = os.path.join(a.data, "utterances.tsv")
    have = {}
    if os.path.exists(path):
        for l in open(path):
            f = l.rstrip("\n").split("\t")
            have[(f[0], f[1])] = f
    for r in rows:
        have[(r[0], r[1])] = [str(x) for x in r]
    with open(path, "w") as f:
        for k in sorted(have):
            f.write("\t".join(have[k]) + "\n")
    if not a.manifest_only:
        with Pool(a.jobs) as pool:
            for n, _ in enumerate(pool.imap_unordered(synth_one, jobs, chunksize=8)):
                if n % 500 == 0:
                    print(f"{n}/{len(jobs)}", flush=True)
    print(f"{len(jobs)} utterances requested, manifest has {len(have)}")


if __name__ == "__main__":
    main()

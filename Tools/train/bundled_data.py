#!/usr/bin/env python3
"""Training data of the bundled model's text-to-token half (issue 9), from the data of
Tools/data/ (flite voices: audio, `flite -psdur` phone end times) and the Swift front end.

    glmtts text phonemes --lines --file sentences.txt > DATA/symbols.txt     (done by `symbols`)
    python Tools/train/bundled_data.py symbols  --data /work/train/data --glmtts .build/release/glmtts
    python Tools/train/bundled_data.py speakers --data /work/train/data --glmtts .build/release/glmtts
    python Tools/train/bundled_data.py align    --data /work/train/data
    python Tools/train/bundled_data.py codes    --data /work/train/data --codes 1024

symbols:  the Swift front end's symbols for every sentence (ARPAbet with stress, punctuation), so
          training reads exactly what the engine will produce.
speakers: each flite speaker's GE2E embedding through the Swift encoder (mean of 6 training clips,
          L2-normalized) → DATA/bundled/speakers.json.
align:    per utterance, [<sil>] + symbols + [<sil>] aligned to flite's phones (stress removed,
          AH0 → ax as flite's post-lexical rule does, punctuation and <sil> ↔ pau) with difflib;
          durations in decoder steps (25 per second, 2 mel frames) from the phone end times, at least
          one step per phone (taken from a longer neighbour); a
          pause flite inserts where the text has no mark goes to the symbol before it →
          DATA/bundled/align.tsv (speaker, id, split, symbols, durations).
codes:    k-means (Lloyd, k-means++ seeding on a sample) of 2-frame chunks of the 24 kHz mel
          (160-d) over the training utterances → DATA/bundled/codebook.npy [K, 160] and
          DATA/bundled/codes.npy (one code per step, concatenated in align.tsv order).
"""
import argparse
import difflib
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

FLITE_SPEAKERS = ["flite_rms", "flite_slt", "flite_awb", "flite_kal16", "flite_rms_p+300", "flite_rms_p-200_t0.9",
                  "flite_slt_p-250_t1.1", "flite_slt_p+200", "flite_awb_p+400_t0.95", "flite_awb_p-150_t1.1",
                  "flite_kal16_p+250_t0.9"]
PUNCTUATION = [",", ".", "?", "!", ";", ":"]
BOUNDARY = "<sil>"
STEPS_PER_SECOND = 25


def symbol_table():
    """The bundled model's symbols: the order of the Swift test model's table plus the boundary."""
    vowels = ["AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"]
    consonants = ["B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R", "S", "SH", "T", "TH",
                  "V", "W", "Y", "Z", "ZH"]
    phones = [v + s for v in vowels for s in "012"] + consonants
    return ["<pad>", "<unk>"] + PUNCTUATION + phones + [BOUNDARY]


SILENT = ["<pad>", "<unk>"] + PUNCTUATION + [BOUNDARY]


def flite_name(symbol):
    if symbol in PUNCTUATION or symbol == BOUNDARY:
        return "pau"
    if symbol == "AH0":
        return "ax"
    return symbol.rstrip("012").lower()


def out_dir(data):
    d = os.path.join(data, "bundled")
    os.makedirs(d, exist_ok=True)
    return d


def cmd_symbols(a):
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(a.data, "sentences.tsv"))]
    tmp = os.path.join(out_dir(a.data), "sentences.txt")
    with open(tmp, "w") as f:
        f.writelines(r[3] + "\n" for r in rows)
    r = subprocess.run([a.glmtts, "text", "phonemes", "--lines", "--file", tmp], capture_output=True, text=True, check=True)
    lines = r.stdout.split("\n")[: len(rows)]
    with open(os.path.join(out_dir(a.data), "symbols.tsv"), "w") as f:
        for row, line in zip(rows, lines):
            f.write(f"{row[0]}\t{line.strip()}\n")
    print(f"{len(rows)} sentences → symbols.tsv")


def utterances(data):
    for l in open(os.path.join(data, "utterances.tsv")):
        spk, uid, split, rate, text = l.rstrip("\n").split("\t")
        if spk in FLITE_SPEAKERS:
            yield spk, uid, split, text


def cmd_speakers(a):
    out = {}
    for spk in FLITE_SPEAKERS:
        clips = sorted(uid for s, uid, split, _ in utterances(a.data) if s == spk and split == "train")[:6]
        embs = []
        for uid in clips:
            wav = os.path.join(a.data, "wav", spk, f"{uid}.wav")
            r = subprocess.run([a.glmtts, "voice", "extract", wav, "--json"], capture_output=True, text=True, check=True)
            embs.append(np.array(json.loads(r.stdout)["embedding"], np.float64))
        m = np.mean(embs, 0)
        out[spk] = (m / np.linalg.norm(m)).tolist()
        print(spk, len(embs), "clips, spread", float(np.mean([1 - e @ m / np.linalg.norm(m) for e in embs])), flush=True)
    with open(os.path.join(out_dir(a.data), "speakers.json"), "w") as f:
        json.dump(out, f)


def align_one(symbols, phones, steps):
    """symbols: list of str ([<sil>] + text + [<sil>]); phones: [(name, end seconds)]; steps: the
    utterance's decoder steps → durations (ints, sum = steps)."""
    ends = [min(steps, round(t * STEPS_PER_SECOND)) for _, t in phones]
    ends[-1] = steps
    starts = [0] + ends[:-1]
    pd = [max(0, e - s) for s, e in zip(starts, ends)]
    names = [p for p, _ in phones]
    mapped = [flite_name(s) for s in symbols]
    dur = [0] * len(symbols)
    sm = difflib.SequenceMatcher(None, mapped, names, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        total = sum(pd[j1:j2])
        if op == "equal":
            for k in range(i2 - i1):
                dur[i1 + k] += pd[j1 + k]
        elif op == "replace":
            n = i2 - i1
            share = [total // n + (1 if k < total % n else 0) for k in range(n)]
            for k in range(n):
                dur[i1 + k] += share[k]
        elif op == "insert":  # flite phones the text lacks (mostly pauses): the symbol before
            dur[max(0, i1 - 1)] += total
        # "delete": symbols flite did not speak (a mark without a pause) keep 0
    # A phone shorter than half a step rounds to 0; the engine gives every phone at least one step,
    # so training does too: the step comes from the longer neighbour.
    for i, s in enumerate(symbols):
        if dur[i] == 0 and s not in SILENT:
            nb = [j for j in (i - 1, i + 1) if 0 <= j < len(dur) and dur[j] >= 2]
            if nb:
                j = max(nb, key=lambda j: dur[j])
                dur[j] -= 1
                dur[i] = 1
    return dur


def cmd_align(a):
    sym = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(out_dir(a.data), "symbols.tsv")))
    index = {}
    for l in open(os.path.join(a.data, "pack24000", "index.tsv")):
        spk, uid, split, ao, an, mo, mn, text = l.rstrip("\n").split("\t")
        index[(spk, uid)] = int(mn)
    table = set(symbol_table())
    n_ok = n_bad = 0
    exact = 0
    total = 0
    with open(os.path.join(out_dir(a.data), "align.tsv"), "w") as f:
        for spk, uid, split, text in utterances(a.data):
            ph = os.path.join(a.data, "wav", spk, f"{uid}.phones")
            if (spk, uid) not in index or not os.path.exists(ph):
                continue
            phones = [(p, float(t)) for p, t in (l.split("\t") for l in open(ph))]
            symbols = [BOUNDARY] + [s if s in table else "<unk>" for s in sym[uid].split()] + [BOUNDARY]
            steps = index[(spk, uid)] // 2
            if not phones or steps < 4:
                n_bad += 1
                continue
            dur = align_one(symbols, phones, steps)
            mapped = [flite_name(s) for s in symbols]
            sm = difflib.SequenceMatcher(None, mapped, [p for p, _ in phones], autojunk=False)
            exact += sum(b.size for b in sm.get_matching_blocks())
            total += len(mapped)
            f.write(f"{spk}\t{uid}\t{split}\t{' '.join(symbols)}\t{' '.join(map(str, dur))}\n")
            n_ok += 1
    print(f"{n_ok} utterances aligned, {n_bad} skipped; {exact / max(1, total):.3f} of symbols matched a flite phone exactly")


def load_align(data):
    rows = []
    for l in open(os.path.join(data, "bundled", "align.tsv")):
        spk, uid, split, symbols, durs = l.rstrip("\n").split("\t")
        rows.append(dict(spk=spk, uid=uid, split=split, symbols=symbols.split(), durations=list(map(int, durs.split()))))
    return rows


def chunks_of(data, rows):
    """2-frame chunks [steps, 160] of the 24 kHz mel for each row (frame-major within a chunk)."""
    mel = np.load(os.path.join(data, "pack24000", "mel.npy"), mmap_mode="r")
    where = {}
    for l in open(os.path.join(data, "pack24000", "index.tsv")):
        spk, uid, split, ao, an, mo, mn, text = l.rstrip("\n").split("\t")
        where[(spk, uid)] = (int(mo), int(mn))
    for r in rows:
        mo, mn = where[(r["spk"], r["uid"])]
        steps = sum(r["durations"])
        m = np.asarray(mel[mo: mo + 2 * steps], np.float32)  # [2T, 80]
        yield m.reshape(steps, 160)


def cmd_codes(a):
    import torch
    torch.set_num_threads(a.threads)
    rows = load_align(a.data)
    x_all = np.concatenate(list(chunks_of(a.data, rows)))
    train = np.concatenate([c for c, r in zip(chunks_of(a.data, rows), rows) if r["split"] == "train"])
    rng = np.random.default_rng(0)
    sample = torch.from_numpy(train[rng.choice(len(train), min(len(train), a.sample), replace=False)])
    k = a.codes
    d = out_dir(a.data)
    if a.keep_codebook:  # more data, same codes: models trained on the old assignment stay valid
        C = torch.from_numpy(np.load(os.path.join(d, "codebook.npy")))
        k = len(C)
        a.iterations = 0
    # k-means++ seeding on a sub-sample, then Lloyd iterations on the sample
    if not a.keep_codebook:
        C = seed_centers(sample, k, rng)

    def assign(x):
        out = []
        for i in range(0, len(x), 65536):
            b = x[i: i + 65536]
            dist = (b * b).sum(1, keepdim=True) - 2 * b @ C.T + (C * C).sum(1)[None]
            out.append(dist.argmin(1))
        return torch.cat(out)

    for it in range(a.iterations):
        lab = assign(sample)
        sums = torch.zeros_like(C).index_add_(0, lab, sample)
        cnt = torch.bincount(lab, minlength=k).float()
        empty = cnt == 0
        C = torch.where(empty[:, None], sample[torch.randint(len(sample), (k,))], sums / cnt.clamp(min=1)[:, None])
        err = ((sample - C[lab]) ** 2).mean().item()
        print(f"iteration {it}: mse {err:.4f}, empty {int(empty.sum())}", flush=True)
    codes = assign(torch.from_numpy(x_all)).numpy().astype(np.int16)
    np.save(os.path.join(d, "codebook.npy"), C.numpy())
    np.save(os.path.join(d, "codes.npy"), codes)
    used = len(np.unique(codes))
    print(f"{len(codes)} steps coded with {k} codes ({used} used)")


def seed_centers(sample, k, rng):
    """k-means++ seeding on a sub-sample of 20·k points."""
    import torch
    seed_set = sample[torch.from_numpy(rng.choice(len(sample), min(len(sample), 20 * k), replace=False))]
    centers = [seed_set[int(rng.integers(len(seed_set)))]]
    d2 = ((seed_set - centers[0]) ** 2).sum(1)
    for _ in range(1, k):
        c = seed_set[int(torch.multinomial(d2 / d2.sum(), 1))]
        centers.append(c)
        d2 = torch.minimum(d2, ((seed_set - c) ** 2).sum(1))
    return torch.stack(centers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["symbols", "speakers", "align", "codes"])
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--glmtts", default=".build/release/glmtts")
    ap.add_argument("--codes", type=int, default=1024)
    ap.add_argument("--sample", type=int, default=200000)
    ap.add_argument("--iterations", type=int, default=25)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--keep-codebook", action="store_true", help="codes: assign with the existing codebook.npy")
    a = ap.parse_args()
    {"symbols": cmd_symbols, "speakers": cmd_speakers, "align": cmd_align, "codes": cmd_codes}[a.command](a)


if __name__ == "__main__":
    main()

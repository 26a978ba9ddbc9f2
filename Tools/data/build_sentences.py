#!/usr/bin/env python3
"""Build the training sentence list from Debian's fortune cookie files.

Source: Debian packages `fortunes-min` and `fortunes` (fortune-mod 1.99.1, /usr/share/games/fortunes/),
BSD licence (Regents of the University of California; see /usr/share/doc/fortunes-min/copyright).
Offensive files (off/) are not read.

Filter: ASCII only; split each cookie into sentences; keep sentences of 4–20 words made of letters,
digits and simple punctuation, no abbreviations (a word with an inner period or a short capitalised
word followed by a period), no runs of capitals, no attribution lines, no digits (flite reads numbers
in ways a recognizer may transcribe differently). Deduplicate (case-insensitive), shuffle with a fixed
seed, and hold out a test split.

Writes OUT/sentences.tsv: id<TAB>split<TAB>source_file<TAB>text, ids s00000…, split train|test.
    python3 Tools/data/build_sentences.py --out /work/train/data --max 12000 --test 200
"""
import argparse
import os
import random
import re

FORTUNE_DIR = "/usr/share/games/fortunes"
ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|Inc|Ltd|Co|Mt|No|Vol|Prof|Gen|Col|Capt|Sgt|Lt|Rev|Gov|Sen)\.", re.I)
ALLOWED = re.compile(r"^[A-Za-z' ,.;:!?\-]+$")


def cookies(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    for block in re.split(r"^%\s*$", text, flags=re.M):
        yield block


def sentences_of(block):
    lines = []
    for line in block.splitlines():
        s = line.strip()
        if not s:
            lines.append("")  # paragraph break
            continue
        if s.startswith("--") or s.startswith("-- ") or s.startswith("\t\t"):
            break  # attribution follows
        lines.append(s)
    text = " ".join(l if l else "\n" for l in lines)
    for para in text.split("\n"):
        para = re.sub(r"\s+", " ", para).strip()
        for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", para):
            yield sent.strip().strip('"').strip()


def clean(sent):
    if not sent or any(ord(c) > 126 for c in sent):
        return None
    if ABBREV.search(sent) or re.search(r"\b[A-Za-z]\.[A-Za-z]", sent):
        return None
    if re.search(r"[A-Z]{2,}", sent):  # runs of capitals (acronyms, shouting)
        return None
    if not ALLOWED.match(sent):
        return None
    if sent[-1] not in ".!?":
        return None
    if sent[0].islower() or "--" in sent or ":" in sent:
        return None
    words = sent.split()
    if not 4 <= len(words) <= 20:
        return None
    if any(len(w.strip(",.;:!?'-")) == 0 for w in words):
        return None
    return sent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/train/data")
    ap.add_argument("--max", type=int, default=12000)
    ap.add_argument("--test", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    files = sorted(f for f in os.listdir(FORTUNE_DIR)
                   if not f.endswith((".dat", ".u8")) and os.path.isfile(os.path.join(FORTUNE_DIR, f)))
    seen, items = set(), []
    for name in files:
        for block in cookies(os.path.join(FORTUNE_DIR, name)):
            for s in sentences_of(block):
                s = clean(s)
                if s and s.lower() not in seen:
                    seen.add(s.lower())
                    items.append((name, s))
    rng = random.Random(a.seed)
    rng.shuffle(items)
    items = items[: a.max]
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "sentences.tsv"), "w") as f:
        for i, (src, s) in enumerate(items):
            split = "test" if i < a.test else "train"
            f.write(f"s{i:05d}\t{split}\t{src}\t{s}\n")
    print(f"{len(items)} sentences ({min(a.test, len(items))} test) from {len(files)} files")


if __name__ == "__main__":
    main()

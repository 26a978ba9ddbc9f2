#!/usr/bin/env python3
"""Writes Tests/TextEncodingTests/Fixtures/flite_t2p.tsv: words and the phones flite's own `t2p`
prints for each (one word per run, so no context crosses words).

Needs Debian's `flite` (for /usr/bin/t2p) and `wamerican` (for /usr/share/dict/words):
    apt-get install -y flite wamerican
    python3 Tools/text/make_g2p_fixture.py

The word list is deterministic: every k-th entry of the dictionary that is lowercase letters,
optionally with a possessive 's, plus a few hand-picked words that exercise flite's paths
(letter-to-sound rules, spelled-out non-words, apostrophes, homographs).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "TextEncodingTests", "Fixtures", "flite_t2p.tsv")
DICT = "/usr/share/dict/words"
TARGET = 1200
EXTRA = [
    "hello", "world", "the", "a", "read", "record", "present", "live", "data", "ironically",
    "synthesizer", "glmtts", "blorp", "xkcd", "zyxq", "don't", "can't", "i'm", "you're", "we'll",
    "dog's", "church's", "cat's", "o'clock", "naive", "tomato", "schedule", "pneumonia",
]


def t2p(word):
    out = subprocess.run(["t2p", word], capture_output=True, text=True, check=True).stdout
    return " ".join(p for p in out.split() if p != "pau")


def flite_version():
    out = subprocess.run(["flite", "--version"], capture_output=True, text=True).stdout
    return next((line.split("version:")[1].split("(")[0].strip() for line in out.splitlines() if "version:" in line), "?")


def main():
    with open(DICT, encoding="utf-8") as f:
        words = [w.strip() for w in f if re.fullmatch(r"[a-z]+('s)?", w.strip())]
    step = max(1, len(words) // TARGET)
    chosen = words[::step][:TARGET]
    seen = set()
    rows = []
    for w in EXTRA + chosen:
        if w in seen:
            continue
        seen.add(w)
        rows.append((w, t2p(w)))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# word\tphones printed by flite's t2p (%s); from Tools/text/make_g2p_fixture.py\n"
                % flite_version())
        for w, p in rows:
            f.write("%s\t%s\n" % (w, p))
    print("wrote %s: %d words" % (OUT, len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main()

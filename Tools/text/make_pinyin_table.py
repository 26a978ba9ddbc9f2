#!/usr/bin/env python3
"""Builds Sources/TextEncoding/Resources/pinyin.txt from the data of the pypinyin package (MIT).

Run with the venv that has pypinyin (pip install pypinyin==0.55.0):
    /opt/venv/bin/python Tools/text/make_pinyin_table.py

The table keeps, in tone-number form (neutral tone 5):
  @default    every character of the CJK Unified Ideographs block (U+4E00-U+9FFF) that pypinyin
              knows, grouped by its first (most common) reading;
  @alternate  the other readings of those characters, grouped the same way;
  @phrase     the phrases of pypinyin's phrase dictionary whose characters are all in GB 2312 and
              whose reading differs from the characters' default readings: the word-level polyphone
              data (银行 yin2 hang2, 长大 zhang3 da4).
Phrases that read like their characters' defaults add nothing to a longest-match reader, so they are
left out; that keeps the file near 300 KB. OVERRIDES corrects the few phrases where pypinyin's data
departs from the Xiandai Hanyu Cidian reading; each is listed with its source reading.
"""
import collections
import os
import sys

import pypinyin
from pypinyin.contrib.tone_convert import to_tone3
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Sources", "TextEncoding", "Resources", "pinyin.txt")

# phrase -> tone-number syllables that replace pypinyin's reading (Xiandai Hanyu Cidian, 7th ed.)
OVERRIDES = {
    "头发": ["tou2", "fa5"],  # pypinyin: tóu fà; the dictionary gives tóu·fa with a neutral second syllable
}


def tone3(syllable):
    return to_tone3(syllable, neutral_tone_with_five=True).replace("ü", "v")


def in_gb2312(ch):
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def main():
    default = {}
    alternates = collections.defaultdict(list)
    for code, readings in sorted(pinyin_dict.items()):
        if not 0x4E00 <= code <= 0x9FFF:
            continue
        ch = chr(code)
        syllables = []
        for r in readings.split(","):
            s = tone3(r)
            if s not in syllables:
                syllables.append(s)
        default[ch] = syllables[0]
        for s in syllables[1:]:
            alternates[s].append(ch)

    by_default = collections.defaultdict(list)
    for ch, s in default.items():
        by_default[s].append(ch)

    phrases = []
    for phrase, readings in sorted(phrases_dict.items()):
        if not all(0x4E00 <= ord(c) <= 0x9FFF and in_gb2312(c) for c in phrase):
            continue
        syllables = OVERRIDES.get(phrase) or [tone3(r[0]) for r in readings]
        if len(syllables) != len(phrase):
            continue
        if any(default.get(c) != s for c, s in zip(phrase, syllables)):
            phrases.append((phrase, syllables))

    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Pinyin with tone numbers (5 = neutral), converted from pypinyin %s (MIT licence,\n"
                % pypinyin.__version__)
        f.write("# https://github.com/mozillazg/python-pinyin) by Tools/text/make_pinyin_table.py.\n")
        f.write("@default\n")
        for s in sorted(by_default):
            f.write("%s %s\n" % (s, "".join(by_default[s])))
        f.write("@alternate\n")
        for s in sorted(alternates):
            f.write("%s %s\n" % (s, "".join(alternates[s])))
        f.write("@phrase\n")
        for phrase, syllables in phrases:
            f.write("%s %s\n" % (phrase, " ".join(syllables)))
    print("wrote %s: %d characters, %d phrases, %d bytes"
          % (OUT, len(default), len(phrases), os.path.getsize(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()

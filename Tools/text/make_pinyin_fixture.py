#!/usr/bin/env python3
"""Writes Tests/TextEncodingTests/Fixtures/pypinyin_sentences.tsv: Chinese text and pypinyin's
reading of it (lazy_pinyin, TONE3, neutral tone 5, ü as v), the reference the Swift reader is
compared with.

    /opt/venv/bin/pip install pypinyin==0.55.0
    /opt/venv/bin/python Tools/text/make_pinyin_fixture.py

Texts: hand-written sentences with polyphones, and strings made by joining two to four phrases drawn
(with a fixed seed) from pypinyin's phrase dictionary, so that phrase boundaries fall everywhere.
"""
import os
import random
import re

from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "TextEncodingTests", "Fixtures", "pypinyin_sentences.tsv")

SENTENCES = [
    "我去银行取钱", "他们一行人走在路上", "这孩子长大了", "长城很长", "这件事很重要", "请重新输入",
    "我喜欢音乐", "祝你生日快乐", "我了解他", "好了我们走吧", "我要睡觉了", "我觉得不错",
    "你还是去吧", "他还钱了", "为了明天", "因为下雨", "作为老师", "历史上的朝代", "他得到了奖励",
    "警察正在调查", "调整一下", "我喜欢数学", "处理问题", "他是处长", "这本传记", "古老的传说",
    "他去出差了", "没有差别", "我发现了", "她的头发很长", "他是好人", "我的爱好", "中国人",
    "他中奖了", "他在教书", "教育很重要", "我看见了", "便宜一点", "很方便", "她是会计", "我们开会",
    "大夫来了", "大家好", "什么地方", "我的目的", "世界和平", "天气暖和", "你应该去", "他答应了",
    "别着急", "看着我", "都是我的错", "北京是首都", "操作系统", "我曾经去过", "反省自己",
    "强大的国家", "背着包", "在背后", "种子发芽", "我们去种树", "行长来了", "这一行业", "重庆火锅",
]


def main():
    rng = random.Random(5)
    keys = sorted(k for k in phrases_dict if re.fullmatch(r"[\u4e00-\u9fff]+", k))
    texts = list(SENTENCES)
    while len(texts) < 300:
        texts.append("".join(rng.choice(keys) for _ in range(rng.randint(2, 4))))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# text\tpypinyin lazy_pinyin(style=TONE3, neutral_tone_with_five=True); "
                "from Tools/text/make_pinyin_fixture.py\n")
        for t in texts:
            f.write("%s\t%s\n" % (t, " ".join(lazy_pinyin(t, style=Style.TONE3, neutral_tone_with_five=True))))
    print("wrote", OUT, len(texts))


if __name__ == "__main__":
    main()

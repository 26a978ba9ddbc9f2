#!/usr/bin/env python3
"""Exports the bundled model (issue 9) into the model directory the Swift engine loads as a resource of
the GLMTTS module (Docs/ModelFormat.md, "duration" layout):

    Sources/GLMTTS/Resources/bundled/
        config.json                  every stage's architecture, the symbols, the layout
        decoder/                     Hugging Face Llama checkpoint (config.json, model.safetensors)
        conditioning.safetensors     speaker_proj, step_proj, default_speaker (the flite rms voice)
        encoder.safetensors          phone encoder + duration head
        acoustic.safetensors         codes + phones + speaker → mel
        upsampler-{rate}.json/.safetensors   (Tools/train/export_upsampler.py; kept as they are)
        LICENSE

    /opt/venv/bin/python Tools/train/export_bundled.py [--which best|latest] [--dtype f16]

Weights are stored in fp16 (the engine widens them to fp32 on load). The script checks that the
rounded weights give the same greedy durations and codes as fp32 on held-out sentences and prints
the agreement.
"""
import argparse
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
sys.path.insert(0, HERE)
import acoustic as A  # noqa: E402
import bundled as B  # noqa: E402
from bundled_data import BOUNDARY, SILENT, symbol_table  # noqa: E402

LICENSE = """GLMTTS bundled English model

Trained by the GLMTTS project's own scripts (Tools/data, Tools/train) on speech synthesized with
flite 2.2 (voices rms, slt, awb, kal16; Carnegie Mellon University, Language Technologies
Institute; free use, modification and redistribution with this notice kept) reading sentences from
Debian's fortune-mod (BSD licence, Regents of the University of California). The speaker encoder
(resemblyzer's GE2E, Apache-2.0) is not part of this directory. The weights are distributed under
the same terms as the GLMTTS project. See Docs/Training.md for the data, the recipe and the
licences of every source.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="/work/train/ckpt")
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--out", default=os.path.join(ROOT, "Sources", "GLMTTS", "Resources", "bundled"))
    ap.add_argument("--which", default="best")
    ap.add_argument("--dtype", default="f16", choices=["f16", "f32"])
    ap.add_argument("--default-voice", default="flite_rms")
    ap.add_argument("--check", type=int, default=10)
    a = ap.parse_args()
    torch.set_num_threads(1)
    dt = {"f16": torch.float16, "f32": torch.float32}[a.dtype]
    t = torch.load(os.path.join(a.ckpt, "bundled_t2t", f"{a.which}.pt"), weights_only=False)
    ac = torch.load(os.path.join(a.ckpt, "bundled_acoustic", f"{a.which}.pt"), weights_only=False)
    cfg, acfg = t["config"], ac["config"]
    t2t = B.TextToTokens(cfg)
    t2t.load_state_dict(t["model"])
    t2t.eval()
    acoustic = A.AcousticStage(acfg)
    acoustic.load_state_dict(ac["model"])
    speakers = json.load(open(os.path.join(a.data, "bundled", "speakers.json")))
    os.makedirs(a.out, exist_ok=True)
    meta = {"t2t_step": str(t["step"]), "acoustic_step": str(ac["step"]), "format": "GLMTTS bundled model"}

    def save(state, name):
        path = os.path.join(a.out, name)
        save_file({k: v.detach().to(dt).contiguous() for k, v in state.items()}, path, metadata=meta)
        os.chmod(path, 0o644)

    dec = os.path.join(a.out, "decoder")
    shutil.rmtree(dec, ignore_errors=True)
    t2t.llama.to(dt).save_pretrained(dec, safe_serialization=True)
    t2t.llama.float()
    for name in os.listdir(dec):
        os.chmod(os.path.join(dec, name), 0o644)
    for extra in ("generation_config.json",):
        p = os.path.join(dec, extra)
        if os.path.exists(p):
            os.remove(p)
    save({"speaker_proj.weight": t2t.speaker_proj.weight, "speaker_proj.bias": t2t.speaker_proj.bias,
          "step_proj.weight": t2t.step_proj.weight, "step_proj.bias": t2t.step_proj.bias,
          "default_speaker": torch.tensor(speakers[a.default_voice])}, "conditioning.safetensors")
    save(t2t.encoder.state_dict(), "encoder.safetensors")
    save(acoustic.state_dict(), "acoustic.safetensors")
    upsamplers = {}
    for rate in (24000, 32000):
        ucfg = json.load(open(os.path.join(a.out, f"upsampler-{rate}.json")))
        upsamplers[str(rate)] = dict(ucfg, weights=f"upsampler-{rate}.safetensors")
    symbols = symbol_table()
    config = {
        "format": "glmtts-model", "version": 1,
        "name": f"GLMTTS bundled English 1 (flite voices; steps {t['step']}/{ac['step']})",
        "license": "see LICENSE (trained by GLMTTS's scripts on flite speech; Docs/Training.md)",
        "symbols": symbols, "boundary_symbol": BOUNDARY, "silent_symbols": SILENT,
        "speaker": {"embedding_size": 256, "encoder": "resemblyzer-ge2e"},
        "decoder": {"layout": "duration", "directory": "decoder", "conditioning": "conditioning.safetensors",
                    "speech_offset": 0, "speech_codes": cfg["codes"], "begin_audio": cfg["codes"],
                    "sampling": "greedy", "max_tokens_per_segment": 1500},
        "encoder": dict(type="conv", channels=cfg["encoder"]["channels"], encoding=cfg["encoder"]["encoding"],
                        kernel=cfg["encoder"]["kernel"], dilations=cfg["encoder"]["dilations"], weights="encoder.safetensors"),
        "acoustic": dict(acfg, weights="acoustic.safetensors"),
        "upsamplers": upsamplers,
    }
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
        f.write("\n")
    with open(os.path.join(a.out, "LICENSE"), "w") as f:
        f.write(LICENSE)

    # fp16 check: greedy durations and codes with the rounded weights against fp32
    if a.check and dt != torch.float32:
        rounded = B.TextToTokens(cfg)
        rounded.load_state_dict({k: v.to(dt).float() for k, v in t["model"].items()})
        rounded.eval()
        table = {s: i for i, s in enumerate(symbols)}
        is_phone = torch.tensor([s not in SILENT for s in symbols])
        sym = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(a.data, "bundled", "symbols.tsv"))]
        sents = {l.split("\t")[0]: l.split("\t")[1] for l in open(os.path.join(a.data, "sentences.tsv"))}
        test = [s for uid, s in sym if sents[uid] == "test"][: a.check]
        spk = torch.tensor(speakers[a.default_voice])
        same_d = same_c = total_c = 0
        for line in test:
            ids = torch.tensor([table.get(s, 1) for s in [BOUNDARY] + line.split() + [BOUNDARY]])
            d1, c1 = t2t.generate(ids, is_phone[ids], spk)
            d2, c2 = rounded.generate(ids, is_phone[ids], spk)
            same_d += int(torch.equal(d1, d2))
            if len(c1) == len(c2):
                same_c += int((c1 == c2).sum())
            total_c += len(c1)
        print(f"fp16 check on {len(test)} held-out sentences: durations identical in {same_d}, codes identical {same_c}/{total_c}")
    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(a.out) for f in fs)
    print(f"exported to {a.out}: {size / 1e6:.1f} MB (steps {t['step']} / {ac['step']})")


if __name__ == "__main__":
    main()

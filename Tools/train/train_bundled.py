#!/usr/bin/env python3
"""Trains the bundled model's text-to-token half (issue 9) on two CPU cores: two independent parts that
run side by side, one thread each, in the background, resumable.

    nohup python Tools/train/train_bundled.py --part t2t      &   # phone encoder + durations + decoder
    nohup python Tools/train/train_bundled.py --part acoustic &   # codes + phones + speaker → mel

Data: DATA/bundled/{align.tsv, codes.npy, speakers.json} (Tools/train/bundled_data.py) and the 24 kHz mel
pack (Tools/data/prepare.py). Checkpoints: CKPT/bundled_{part}/latest.pt (every --save-minutes, at exit
on SIGTERM/SIGINT, written atomically) and best.pt (lowest held-out loss). A restart resumes from
latest.pt with the optimizer state. Log: LOGS/bundled_{part}.log; held-out metrics every --eval-every
steps in LOGS/heldout_bundled_{part}.tsv (held-out = the test sentences, spoken by the base voices).

Losses: t2t — cross-entropy of the next code (teacher forcing, --corrupt of the previous codes replaced
by random ones, dropout 0.1 in attention and on the input rows) + MSE of log(1 + duration);
acoustic — L1 of the log-mel (random crops of --crop steps).
"""
import argparse
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
sys.path.insert(0, HERE)
import acoustic as A  # noqa: E402
import bundled as B  # noqa: E402
from bundled_data import SILENT, load_align, symbol_table  # noqa: E402

CONFIG = dict(
    symbols=len(symbol_table()), speaker_dim=256, codes=1024,
    encoder=dict(channels=192, encoding=128, kernel=5, dilations=[1, 2, 4, 1, 2, 4]),
    decoder=dict(hidden=256, intermediate=768, layers=4, heads=4, kv_heads=2, dropout=0.1),
)
ACOUSTIC = dict(type="conv", codes=1024, phones=len(symbol_table()), channels=256, speaker_dim=256, mel_bins=80,
                kernel=5, dilations=[1, 2, 4, 8, 1, 2, 4, 8], postnet_channels=256)


class Data:
    def __init__(self, data):
        self.rows = load_align(data)
        codes = np.load(os.path.join(data, "bundled", "codes.npy")).astype(np.int64)
        spk = json.load(open(os.path.join(data, "bundled", "speakers.json")))
        ids = {s: i for i, s in enumerate(symbol_table())}
        self.silent = torch.tensor([s in SILENT for s in symbol_table()])
        mel = np.load(os.path.join(data, "pack24000", "mel.npy"), mmap_mode="r")
        where = {}
        for l in open(os.path.join(data, "pack24000", "index.tsv")):
            f = l.rstrip("\n").split("\t")
            where[(f[0], f[1])] = int(f[5])
        off = 0
        for r in self.rows:
            t = sum(r["durations"])
            r["codes"] = torch.from_numpy(codes[off: off + t])
            off += t
            r["ids"] = torch.tensor([ids[s] for s in r["symbols"]])
            r["dur"] = torch.tensor(r["durations"])
            r["speaker"] = torch.tensor(spk[r["spk"]], dtype=torch.float32)
            r["plan"] = B.step_plan(r["dur"])
            r["mo"] = where[(r["spk"], r["uid"])]
        assert off == len(codes), (off, len(codes))
        self.mel = mel
        self.train = [r for r in self.rows if r["split"] == "train"]
        base = {"flite_rms", "flite_slt", "flite_awb", "flite_kal16"}
        # validation: the first 100 test sentences (Tools/eval/wer_bundled.py scores sentences 100 on,
        # which no model selection has seen), every 4th of the base voices' readings
        first = sorted({r["uid"] for r in self.rows if r["split"] == "test"})[:100]
        self.heldout = [r for r in self.rows if r["split"] == "test" and r["spk"] in base and r["uid"] in first][::4]

    def mel_of(self, r, t0, t1):
        return torch.from_numpy(np.asarray(self.mel[r["mo"] + 2 * t0: r["mo"] + 2 * t1], np.float32).T.copy())


def noisy(speaker, std):
    if std <= 0:
        return speaker
    s = speaker + std * torch.randn_like(speaker)
    return s / s.norm(dim=-1, keepdim=True)


def t2t_loss(model, batch, noise, corrupt=0.0):
    bsz = len(batch)
    lmax = max(len(r["ids"]) for r in batch)
    ids = torch.zeros(bsz, lmax, dtype=torch.long)
    dmask = torch.zeros(bsz, lmax)
    dur = torch.zeros(bsz, lmax)
    for i, r in enumerate(batch):
        n = len(r["ids"])
        ids[i, :n] = r["ids"]
        dmask[i, :n] = 1
        dur[i, :n] = r["dur"].float()
    spk = noisy(torch.stack([r["speaker"] for r in batch]), noise)
    enc, logd = model.encoder(ids, spk)
    dloss = (((logd - torch.log1p(dur)) ** 2) * dmask).sum() / dmask.sum()
    tmax = max(len(r["codes"]) for r in batch)
    h = CONFIG["decoder"]["hidden"]
    rows = torch.zeros(bsz, 1 + tmax, h)
    amask = torch.zeros(bsz, 1 + tmax, dtype=torch.long)
    target = torch.full((bsz, tmax), -100, dtype=torch.long)
    bos = CONFIG["codes"]
    for i, r in enumerate(batch):
        t = len(r["codes"])
        prev = torch.cat([torch.tensor([bos]), r["codes"][:-1]])
        if corrupt > 0:  # exposure to its own mistakes: some previous codes replaced by random ones
            hit = torch.rand(t) < corrupt
            hit[0] = False
            prev = torch.where(hit, torch.randint(0, bos, (t,)), prev)
        rows[i, : 1 + t] = model.decoder_inputs(enc[i, : len(r["ids"])], r["plan"], prev, spk[i])
        amask[i, : 1 + t] = 1
        target[i, :t] = r["codes"]
    logits = model.llama(inputs_embeds=rows, attention_mask=amask).logits[:, 1:]
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100)
    with torch.no_grad():
        acc = ((logits.argmax(-1) == target) & (target >= 0)).sum().item() / (target >= 0).sum().item()
    return ce + dloss, dict(ce=ce.item(), dur=dloss.item(), acc=acc)


def acoustic_loss(model, data, batch, crop, rng):
    bsz = len(batch)
    spans = []
    for r in batch:
        t = len(r["codes"])
        t0 = int(rng.integers(0, t - crop + 1)) if t > crop else 0
        spans.append((t0, min(t, t0 + crop)))
    tmax = max(b - a for a, b in spans)
    codes = torch.zeros(bsz, tmax, dtype=torch.long)
    phones = torch.zeros(bsz, tmax, dtype=torch.long)
    mel = torch.zeros(bsz, 80, 2 * tmax)
    mask = torch.zeros(bsz, 1, 2 * tmax)
    for i, (r, (a, b)) in enumerate(zip(batch, spans)):
        codes[i, : b - a] = r["codes"][a:b]
        phones[i, : b - a] = r["ids"][r["plan"][0][a:b]]
        mel[i, :, : 2 * (b - a)] = data.mel_of(r, a, b)
        mask[i, :, : 2 * (b - a)] = 1
    spk = torch.stack([r["speaker"] for r in batch])
    out = model(codes, spk, phones)
    l1 = ((out - mel).abs() * mask).sum() / (mask.sum() * 80)
    return l1, dict(l1=l1.item())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=["t2t", "acoustic"], required=True)
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--root", default="/work/train")
    ap.add_argument("--steps", type=int, default=100000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--crop", type=int, default=64)
    ap.add_argument("--noise", type=float, default=0.03, help="std of the noise added to speaker embeddings")
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--save-minutes", type=float, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--corrupt", type=float, default=0.1, help="t2t: fraction of previous codes replaced by random codes")
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--init", default=None, help="start from this checkpoint's weights when no latest.pt exists")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    ckdir = os.path.join(a.root, "ckpt", f"bundled_{a.part}")
    logdir = os.path.join(a.root, "logs")
    os.makedirs(ckdir, exist_ok=True)
    os.makedirs(logdir, exist_ok=True)
    log = open(os.path.join(logdir, f"bundled_{a.part}.log"), "a")
    heldout_log = os.path.join(logdir, f"heldout_bundled_{a.part}.tsv")

    def say(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    data = Data(a.data)
    model = B.TextToTokens(CONFIG) if a.part == "t2t" else A.AcousticStage(ACOUSTIC)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.weight_decay)
    step, best = 0, float("inf")
    latest = os.path.join(ckdir, "latest.pt")
    if os.path.exists(latest):
        ck = torch.load(latest, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, best = ck["step"], ck["best"]
        say(f"resumed at step {step} (best held-out {best:.4f})")
    else:
        if a.init:
            model.load_state_dict(torch.load(a.init, weights_only=False)["model"])
        say(f"start: {a.part}, {B.parameter_count(model)} parameters, {len(data.train)} training utterances"
            + (f", weights from {a.init}" if a.init else ""))

    def save(path, extra=None):
        tmp = path + ".tmp"
        torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), step=step, best=best,
                        config=CONFIG if a.part == "t2t" else ACOUSTIC, **(extra or {})), tmp)
        os.replace(tmp, path)

    stop = {"now": False}

    def on_signal(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    rng = np.random.default_rng(step)
    last_save = time.time()
    t_last = time.time()
    while step < a.steps and not stop["now"]:
        lr = a.lr * min(1.0, (step + 1) / 300) * max(0.05, 0.5 ** (step / 4000))
        for g in opt.param_groups:
            g["lr"] = lr
        batch = [data.train[i] for i in rng.choice(len(data.train), a.batch, replace=False)]
        model.train()
        if a.part == "t2t":
            loss, info = t2t_loss(model, batch, a.noise, a.corrupt)
        else:
            loss, info = acoustic_loss(model, data, batch, a.crop, rng)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 25 == 0:
            dt = (time.time() - t_last) / 25
            t_last = time.time()
            say(f"step {step} lr {lr:.2e} " + " ".join(f"{k} {v:.4f}" for k, v in info.items()) + f" ({dt:.2f} s/step)")
        if step % a.eval_every == 0:
            model.eval()
            tot, n = {}, 0
            with torch.no_grad():
                erng = np.random.default_rng(1)
                for i in range(0, len(data.heldout), 20):
                    b = data.heldout[i: i + 20]
                    _, info = t2t_loss(model, b, 0) if a.part == "t2t" else acoustic_loss(model, data, b, 10 ** 6, erng)
                    for k, v in info.items():
                        tot[k] = tot.get(k, 0) + v * len(b)
                    n += len(b)
            m = {k: v / n for k, v in tot.items()}
            key = m["ce"] + m["dur"] if a.part == "t2t" else m["l1"]
            new = not os.path.exists(heldout_log)
            with open(heldout_log, "a") as f:
                if new:
                    f.write("step\t" + "\t".join(m) + "\n")
                f.write(f"{step}\t" + "\t".join(f"{v:.4f}" for v in m.values()) + "\n")
            say(f"held-out at {step}: " + " ".join(f"{k} {v:.4f}" for k, v in m.items()))
            if key < best:
                best = key
                save(os.path.join(ckdir, "best.pt"))
        if time.time() - last_save > a.save_minutes * 60:
            save(latest)
            last_save = time.time()
    save(latest)
    say(f"stopped at step {step}")


if __name__ == "__main__":
    main()

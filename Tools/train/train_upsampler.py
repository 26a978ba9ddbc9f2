#!/usr/bin/env python3
"""Train the bundled upsamplers (Tools/model/upsampler.py, configs BUNDLED_24K / BUNDLED_32K) on the
packs of Tools/data/prepare.py with multi-resolution STFT loss (spectral convergence + log magnitude)
plus L1 on the GLM-TTS log-mel; random segments; Adam; no adversarial loss.

One process follows a plan of per-rate step targets, e.g. "24000:6000,32000:3000": train 24 kHz up to
step 6000, then 32 kHz up to step 3000 (a 32 kHz model with no checkpoint starts from the 24 kHz
weights: every tensor but the last upsampling layer has the same shape). After the plan it alternates
--then-chunk steps per rate (the rate least past its plan target first) until --max-steps. Resumes automatically from CKPT/up{rate}/latest.pt.
Checkpoints every --ckpt-minutes; CKPT/up{rate}/best.pt keeps the best held-out mel L1. Logs training
losses and the held-out metric (mel L1 and MR-STFT over fixed held-out utterances of the base voices)
to LOGS/train_upsampler.log and LOGS/heldout_{rate}.tsv.

    OMP_NUM_THREADS=1 nohup /opt/venv/bin/python Tools/train/train_upsampler.py \
        --plan 24000:6000,32000:3000 > /work/train/logs/train_upsampler.out 2>&1 &
"""
import argparse
import os
import signal
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import CONFIGS, Pack, U, mel_l1, mr_stft_loss  # noqa: E402


def log(msg, path):
    line = time.strftime("%Y-%m-%d %H:%M:%S ") + msg
    print(line, flush=True)
    with open(path, "a") as f:
        f.write(line + "\n")


class Run:
    """One rate: model, optimizer, data, checkpoint paths."""

    def __init__(self, rate, a):
        self.rate, self.a = rate, a
        self.cfg = CONFIGS[rate]
        self.model = U.Generator(self.cfg)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=a.lr, betas=(0.8, 0.99))
        self.step = 0
        self.best = float("inf")
        self.dir = os.path.join(a.ckpt, f"up{rate}")
        os.makedirs(self.dir, exist_ok=True)
        self.pack = Pack(a.data, rate)
        self.train = self.pack.split("train")
        test = self.pack.split("test")
        by_spk = {}
        for it in test:
            if it["spk"] in a.heldout_voices.split(","):
                by_spk.setdefault(it["spk"], []).append(it)
        self.heldout = [it for spk in sorted(by_spk) for it in by_spk[spk][: a.heldout_per_voice]]
        self.rng = np.random.default_rng(1000 + rate)
        gta = os.path.join(a.data, f"pack{rate}", "mel_gta.npy")
        self.gta = np.load(gta, mmap_mode="r") if a.gta_fraction > 0 and os.path.exists(gta) else None
        self.train_time = 0.0
        self.load()

    def load(self):
        p = os.path.join(self.dir, "latest.pt")
        if os.path.exists(p):
            ck = torch.load(p, map_location="cpu", weights_only=False)
            self.model.load_state_dict(ck["model"])
            self.opt.load_state_dict(ck["opt"])
            self.step, self.best = ck["step"], ck["best"]
            self.train_time = ck.get("train_time", 0.0)
            self.rng = np.random.default_rng(ck["seed_base"] + self.step)
            return f"resumed {p} at step {self.step}"
        if self.a.init_from:
            # no checkpoint (a new machine): continue from the exported weights, optimizer state fresh
            from safetensors import safe_open
            path = os.path.join(self.a.init_from, f"upsampler-{self.rate}.safetensors")
            if os.path.exists(path):
                with safe_open(path, "pt") as f:
                    state = {k: f.get_tensor(k).float() for k in f.keys()}
                    meta = f.metadata() or {}
                self.model.load_state_dict(state)
                self.step = int(meta.get("step", 0))
                self.best = float(meta.get("heldout_mel_l1", "inf"))
                return f"initialized from {path} at step {self.step}"
        if self.rate == 32000:
            p24 = os.path.join(self.a.ckpt, "up24000", "latest.pt")
            if os.path.exists(p24):
                src = torch.load(p24, map_location="cpu", weights_only=False)["model"]
                own = self.model.state_dict()
                for k, v in src.items():
                    if k in own and own[k].shape == v.shape:
                        own[k] = v
                    elif k in own and own[k].dim() == 3:  # last upsampling layer: resample the kernel
                        own[k] = torch.nn.functional.interpolate(v, size=own[k].shape[-1], mode="linear",
                                                                 align_corners=True) * (v.shape[-1] / own[k].shape[-1])
                self.model.load_state_dict(own)
                return f"initialized from {p24}"
        return "fresh"

    def save(self, name="latest.pt"):
        ck = dict(model=self.model.state_dict(), opt=self.opt.state_dict(), step=self.step, best=self.best,
                  cfg=self.cfg, train_time=self.train_time, seed_base=1000 + self.rate)
        tmp = os.path.join(self.dir, name + ".tmp")
        torch.save(ck, tmp)
        os.replace(tmp, os.path.join(self.dir, name))

    def lr(self):
        return max(self.a.lr * (self.a.lr_decay ** self.step), self.a.lr_min)

    def train_step(self):
        a = self.a
        for g in self.opt.param_groups:
            g["lr"] = self.lr()
        audio, mels, inputs = [], [], []
        for k in range(a.batch):
            it = self.train[int(self.rng.integers(len(self.train)))]
            if self.gta is not None and k < round(a.gta_fraction * a.batch):
                # the acoustic stage's mel of the utterance in, the recording out ("ground-truth aligned")
                y, m, x = self.pack.segment(it, a.segment_frames, self.rng, inputs=self.gta)
            else:
                y, m = self.pack.segment(it, a.segment_frames, self.rng)
                x = m
            audio.append(y)
            mels.append(m)
            inputs.append(x)
        y = torch.from_numpy(np.stack(audio))
        m = torch.from_numpy(np.stack(mels))
        t0 = time.time()
        self.model.train()
        y_hat = self.model(torch.from_numpy(np.stack(inputs)))
        sc, mag = mr_stft_loss(y_hat, y, self.rate)
        ml = mel_l1(y_hat, m, self.rate)
        loss = sc + mag + a.mel_weight * ml
        self.opt.zero_grad()
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(self.model.parameters(), a.clip)
        self.opt.step()
        self.step += 1
        self.train_time += time.time() - t0
        return dict(loss=loss.item(), sc=sc.item(), mag=mag.item(), mel=ml.item(), gn=float(gn))

    @torch.no_grad()
    def evaluate(self):
        self.model.eval()
        tot_mel, tot_sc, tot_mag, n = 0.0, 0.0, 0.0, 0
        t0 = time.time()
        secs = 0.0
        for it in self.heldout:
            y, m = self.pack.utterance(it)
            y_hat = self.model(torch.from_numpy(m)[None])
            yt = torch.from_numpy(y)[None]
            tot_mel += mel_l1(y_hat, torch.from_numpy(m)[None], self.rate).item()
            sc, mag = mr_stft_loss(y_hat, yt, self.rate)
            tot_sc += sc.item()
            tot_mag += mag.item()
            n += 1
            secs += len(y) / self.rate
        return dict(mel=tot_mel / n, sc=tot_sc / n, mag=tot_mag / n, n=n, secs=secs, eval_s=time.time() - t0)


def parse_plan(s):
    return [(int(r), int(n)) for r, n in (p.split(":") for p in s.split(",") if p)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/train/data")
    ap.add_argument("--ckpt", default="/work/train/ckpt")
    ap.add_argument("--logs", default="/work/train/logs")
    ap.add_argument("--plan", default="24000:6000,32000:3000")
    ap.add_argument("--then-chunk", type=int, default=2000)
    ap.add_argument("--max-steps", type=int, default=200000, help="per rate")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--segment-frames", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--lr-decay", type=float, default=0.99993)
    ap.add_argument("--lr-min", type=float, default=5e-5)
    ap.add_argument("--mel-weight", type=float, default=1.0)
    ap.add_argument("--clip", type=float, default=10.0)
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--heldout-per-voice", type=int, default=4)
    ap.add_argument("--heldout-voices", default="flite_rms,flite_slt,flite_awb,flite_kal16",
                    help="fixed held-out set: the first --heldout-per-voice test utterances of each")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--gta-fraction", type=float, default=0.0,
                    help="share of each batch whose input is the acoustic stage's mel (DATA/pack{rate}/mel_gta.npy, "
                         "Tools/train/make_gta.py) instead of the recording's; the loss still compares with the recording")
    ap.add_argument("--init-from", default=None,
                    help="a folder of exported upsampler-{rate}.safetensors to start from when no checkpoint exists")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.logs, exist_ok=True)
    logf = os.path.join(a.logs, "train_upsampler.log")
    log(f"start pid {os.getpid()} args {vars(a)}", logf)
    runs = {}

    def run_for(rate):
        if rate not in runs:
            runs[rate] = Run(rate, a)
            r = runs[rate]
            log(f"{rate}: {r.load() if r.step == 0 else 'resumed at step %d' % r.step}; "
                f"{len(r.train)} train utterances, {len(r.heldout)} held-out; cfg {r.cfg}", logf)
        return runs[rate]

    plan = parse_plan(a.plan)
    last_ckpt = time.time()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))  # kill PID: checkpoint, then exit
    while True:
        # choose the current rate: the first plan entry not yet reached, else alternate by chunk
        target = None
        for rate, n in plan:
            r = run_for(rate)
            if r.step < n:
                target = (rate, n)
                break
        if target is None:
            rates = sorted({p[0] for p in plan})
            steps = {rt: run_for(rt).step for rt in rates}
            goal = {rt: max(n for r2, n in plan if r2 == rt) for rt in rates}
            rate = min(rates, key=lambda rt: (steps[rt] - goal[rt], rt))  # least past its plan target
            if steps[rate] >= a.max_steps:
                break
            target = (rate, min(a.max_steps, steps[rate] + a.then_chunk))
        rate, n = target
        r = run_for(rate)
        log(f"{rate}: training from step {r.step} to {n}", logf)
        acc, t_chunk = {}, time.time()
        while r.step < n:
            st = r.train_step()
            st["steps"] = 1
            for k, v in st.items():
                acc[k] = acc.get(k, 0.0) + v
            if r.step % 50 == 0:
                k = acc.pop("steps")
                log(f"{rate} step {r.step} " + " ".join(f"{x}={acc[x] / k:.4f}" for x in acc) +
                    f" lr={r.lr():.2e} s/step={(time.time() - t_chunk) / k:.2f}", logf)
                acc, t_chunk = {}, time.time()
            if r.step % a.eval_every == 0:
                ev = r.evaluate()
                improved = ev["mel"] < r.best
                if improved:
                    r.best = ev["mel"]
                hp = os.path.join(a.logs, f"heldout_{rate}.tsv")
                new = not os.path.exists(hp)
                with open(hp, "a") as f:
                    if new:
                        f.write("time\tstep\ttrain_hours\theldout_mel_l1\theldout_sc\theldout_logmag\tutts\n")
                    f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}\t{r.step}\t{r.train_time / 3600:.3f}\t"
                            f"{ev['mel']:.4f}\t{ev['sc']:.4f}\t{ev['mag']:.4f}\t{ev['n']}\n")
                log(f"{rate} HELDOUT step {r.step} mel_l1={ev['mel']:.4f} sc={ev['sc']:.4f} "
                    f"logmag={ev['mag']:.4f} ({ev['n']} utts, {ev['secs']:.0f} s audio, "
                    f"rtf {ev['eval_s'] / ev['secs']:.3f} incl. losses){' best' if improved else ''}", logf)
                if improved:
                    r.save("best.pt")
            if time.time() - last_ckpt > a.ckpt_minutes * 60 or stop:
                r.save()
                last_ckpt = time.time()
            if stop:
                log(f"{rate}: SIGTERM at step {r.step}, checkpoint saved, exiting", logf)
                return
        r.save()
        last_ckpt = time.time()
    log("done", logf)


if __name__ == "__main__":
    main()

"""Shared pieces of upsampler training, export and evaluation: data packs, configs, losses."""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
import upsampler as U  # noqa: E402
from mel import MEL_CONFIGS, mel_spectrogram  # noqa: E402

CONFIGS = {24000: U.BUNDLED_24K, 32000: U.BUNDLED_32K}


class Pack:
    """DATA/pack{rate}: audio int16 (concatenated), mel float32 [frames, 80], index.tsv."""

    def __init__(self, data, rate):
        d = os.path.join(data, f"pack{rate}")
        self.rate = rate
        self.hop = MEL_CONFIGS[rate][1]
        self.audio = np.load(os.path.join(d, "audio.npy"), mmap_mode="r")
        self.mel = np.load(os.path.join(d, "mel.npy"), mmap_mode="r")
        self.items = []
        for l in open(os.path.join(d, "index.tsv")):
            spk, uid, split, ao, an, mo, mn, text = l.rstrip("\n").split("\t")
            self.items.append(dict(spk=spk, uid=uid, split=split, ao=int(ao), an=int(an), mo=int(mo),
                                   mn=int(mn), text=text))

    def split(self, name):
        return [it for it in self.items if it["split"] == name]

    def utterance(self, it):
        a = self.audio[it["ao"]: it["ao"] + it["an"]].astype(np.float32) / 32767
        m = np.array(self.mel[it["mo"]: it["mo"] + it["mn"]]).T  # [80, frames]
        return a, m

    def segment(self, it, frames, rng, inputs=None):
        """A random segment: audio and its mel; with `inputs` (an array laid out like mel.npy, e.g.
        the acoustic stage's mels of the same utterances) also that array's frames of the segment."""
        n = it["mn"]
        if n <= frames:
            f0 = 0
        else:
            f0 = int(rng.integers(0, n - frames + 1))
        if inputs is not None:
            _, m = self.segment_from(it, f0, frames, self.mel)
            a, x = self.segment_from(it, f0, frames, inputs)
            return a, m, x
        return self.segment_from(it, f0, frames, self.mel)

    def segment_from(self, it, f0, frames, source):
        n = it["mn"]
        m = np.array(source[it["mo"] + f0: it["mo"] + min(n, f0 + frames)]).T
        a = self.audio[it["ao"] + f0 * self.hop: it["ao"] + (f0 + m.shape[1]) * self.hop].astype(np.float32) / 32767
        if m.shape[1] < frames:  # pad short utterances with silence-level mel and zeros
            pad = frames - m.shape[1]
            m = np.concatenate([m, np.full((m.shape[0], pad), np.log(1e-5), np.float32)], 1)
            a = np.concatenate([a, np.zeros(pad * self.hop, np.float32)])
        return a, m


def stft_mag(x, n_fft, hop):
    w = torch.hann_window(n_fft, device=x.device)
    s = torch.stft(x, n_fft, hop, n_fft, window=w, center=True, return_complex=True)
    return torch.sqrt(s.real ** 2 + s.imag ** 2 + 1e-7)


def resolutions(rate):
    """(n_fft = window, hop) of the multi-resolution STFT loss: 10.7–85 ms windows at either rate."""
    if rate == 32000:
        return [(340, 84), (680, 170), (1364, 340), (2728, 680)]
    return [(256, 64), (512, 128), (1024, 256), (2048, 512)]


def mr_stft_loss(y_hat, y, rate):
    sc, mag = 0.0, 0.0
    res = resolutions(rate)
    for n_fft, hop in res:
        S_hat, S = stft_mag(y_hat, n_fft, hop), stft_mag(y, n_fft, hop)
        sc = sc + torch.linalg.norm(S - S_hat) / torch.linalg.norm(S)
        mag = mag + torch.mean(torch.abs(torch.log(S) - torch.log(S_hat)))
    return sc / len(res), mag / len(res)


def mel_l1(y_hat, mel_target, rate):
    m_hat = mel_spectrogram(y_hat, rate)
    n = min(m_hat.shape[-1], mel_target.shape[-1])
    return torch.mean(torch.abs(m_hat[..., :n] - mel_target[..., :n]))

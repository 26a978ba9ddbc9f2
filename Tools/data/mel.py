"""GLM-TTS's prompt mel (../shared/REFERENCE.md; Sources/SpeakerStyle/PromptMel.swift), the one
definition used by data preparation, training and evaluation:

reflect padding of (n_fft − hop)/2 each side, uncentered STFT with a periodic Hann window as long as
the FFT, magnitude √(|X|² + 1e-9), 80 Slaney-scale, Slaney-normalized mel bands over 0–8 kHz,
log(max(·, 1e-5)). 24 kHz: n_fft = win = 1920, hop 480; 32 kHz: 2560 / 2560 / 640 (50 frames/s).
A clip of n samples gives n // hop frames (for n a multiple of hop).
"""
import functools

import librosa
import numpy as np
import torch
import torch.nn.functional as F

MEL_CONFIGS = {24000: (1920, 480), 32000: (2560, 640)}


@functools.lru_cache(maxsize=None)
def _basis(sample_rate, n_fft, mel_bins, fmin, fmax):
    fb = librosa.filters.mel(sr=sample_rate, n_fft=n_fft, n_mels=mel_bins, fmin=fmin, fmax=fmax,
                             htk=False, norm="slaney")
    return torch.from_numpy(fb.astype(np.float32))


def mel_spectrogram(audio, sample_rate, mel_bins=80, fmin=0.0, fmax=8000.0):
    """audio: torch [batch, samples] or [samples] (float, −1…1), or a numpy array (returned as numpy).
    Returns log-mel [batch, mel_bins, frames] (or [mel_bins, frames])."""
    as_numpy = isinstance(audio, np.ndarray)
    x = torch.from_numpy(audio.astype(np.float32)) if as_numpy else audio
    squeeze = x.dim() == 1
    if squeeze:
        x = x.unsqueeze(0)
    n_fft, hop = MEL_CONFIGS[sample_rate]
    pad = (n_fft - hop) // 2
    x = F.pad(x.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    window = torch.hann_window(n_fft, periodic=True, device=x.device, dtype=x.dtype)
    spec = torch.stft(x, n_fft, hop_length=hop, win_length=n_fft, window=window, center=False,
                      normalized=False, onesided=True, return_complex=True)
    mag = torch.sqrt(spec.real ** 2 + spec.imag ** 2 + 1e-9)
    mel = torch.matmul(_basis(sample_rate, n_fft, mel_bins, fmin, fmax).to(x.device, x.dtype), mag)
    mel = torch.log(torch.clamp(mel, min=1e-5))
    if squeeze:
        mel = mel[0]
    return mel.numpy() if as_numpy else mel

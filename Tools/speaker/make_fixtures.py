#!/usr/bin/env python3
"""Builds the SpeakerStyle and WaveformOutput test fixtures from independent references.

- speech clips synthesized with flite and festival voices, stored as 16 kHz 16-bit mono WAV, and
  the embeddings that resemblyzer itself computes for them (its full pipeline: preprocess_wav, i.e.
  resample + volume normalization + webrtcvad silence trimming, then embed_utterance), plus the
  embedding of the raw clip without preprocessing (the encoder alone);
- the expected embeddings of the ALSA test recordings (real human speech, /usr/share/sounds/alsa,
  GPL, so only the numbers are committed, and the test runs where the files exist);
- resemblyzer's 40-bin encoder mel of a clip;
- the GLM-TTS prompt mel (80-bin log-magnitude Slaney mel, REFERENCE.md) from a numpy
  implementation, cross-checked here against GLM-TTS's own torch code;
- a Kaldi fbank (torchaudio.compliance.kaldi.fbank's definition, written in numpy);
- one short stereo test signal in every format the reader supports, made with sox (MP3 with
  soundfile, since Debian's sox cannot encode MP3).

Needs: flite, festival (festvox-kallpc16k, festvox-us-slt-hts), sox, and in /opt/venv: resemblyzer,
librosa, soundfile, torch, numpy. Run from anywhere:
    /opt/venv/bin/python Tools/speaker/make_fixtures.py
"""
import json
import pathlib
import shutil
import subprocess
import tempfile
import warnings

import numpy as np
import scipy.io.wavfile
import soundfile as sf

warnings.filterwarnings("ignore")
ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEAKER = ROOT / "Tests/SpeakerStyleTests/Fixtures"
FORMATS = ROOT / "Tests/SpeakerStyleTests/Fixtures/formats"

# (name, synthesizer command, text). Each clip is 1-3 s once synthesized.
CLIPS = [
    ("flite_kal", ["flite", "-voice", "kal"], "The quick brown fox jumps over the lazy dog."),
    ("flite_kal16", ["flite", "-voice", "kal16"], "Please call Stella and ask her to bring these things."),
    ("flite_awb", ["flite", "-voice", "awb"], "Six spoons of fresh snow peas for her brother Bob."),
    ("flite_rms", ["flite", "-voice", "rms"], "We also need a small plastic snake for the kids."),
    ("flite_slt", ["flite", "-voice", "slt"], "She can scoop these things into three red bags."),
    ("festival_kal", ["festival", "(voice_kal_diphone)"], "A big toy frog sat quietly near the pond."),
    ("festival_slt_hts", ["festival", "(voice_cmu_us_slt_arctic_hts)"], "Meet her at the train station tomorrow."),
]
ALSA = ["Front_Center", "Front_Left", "Rear_Right", "Side_Left"]


def synthesize(command, text, out):
    if command[0] == "flite":
        subprocess.run(command + ["-t", text, "-o", str(out)], check=True)
    else:
        subprocess.run(["text2wave", "-eval", command[1], "-o", str(out)], input=text.encode(), check=True)


def to_16k_pcm16(src, dst, max_seconds=2.0):
    # sox's rate effect (high quality by default), no dither (-D) and sox's fixed random seed (-R) so
    # that reruns give the same bytes; trimmed so that every fixture stays small.
    subprocess.run(["sox", "-R", "-D", str(src), "-r", "16000", "-b", "16", "-c", "1", str(dst),
                    "trim", "0", str(max_seconds)], check=True)


def floats(a, digits=7):
    return [float(f"{x:.{digits}g}") for x in np.asarray(a, dtype=np.float64).ravel()]


# ---------------------------------------------------------------- GLM-TTS prompt mel (numpy)
def glm_prompt_mel(y, sr, n_fft, hop, win):
    """log(clamp(mel · sqrt(|STFT|² + 1e-9), 1e-5)), reflect-padded by (n_fft − hop)/2, no centering."""
    import librosa
    pad = (n_fft - hop) // 2
    y = np.pad(y.astype(np.float64), (pad, pad), mode="reflect")
    n = np.arange(win)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / win)  # periodic Hann (torch.hann_window default)
    frames = 1 + (len(y) - n_fft) // hop
    spec = np.stack([np.fft.rfft(y[t * hop:t * hop + n_fft] * window) for t in range(frames)])
    mag = np.sqrt(np.abs(spec) ** 2 + 1e-9)
    basis = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=80, fmin=0, fmax=8000).astype(np.float64)
    return np.log(np.maximum(mag @ basis.T, 1e-5))  # [frames, 80]


def glm_prompt_mel_torch(y, sr, n_fft, hop, win):
    """GLM-TTS's utils/audio.py mel_spectrogram, re-typed (torch), for the cross-check only."""
    import torch
    import librosa
    basis = torch.from_numpy(librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=80, fmin=0, fmax=8000)).float()
    x = torch.from_numpy(y).float()[None]
    pad = int((n_fft - hop) / 2)
    x = torch.nn.functional.pad(x.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    spec = torch.view_as_real(torch.stft(x, n_fft, hop_length=hop, win_length=win,
                                         window=torch.hann_window(win), center=False,
                                         normalized=False, onesided=True, return_complex=True))
    spec = torch.sqrt(spec.pow(2).sum(-1) + 1e-9)
    return torch.log(torch.clamp(basis @ spec, min=1e-5))[0].T.numpy()


# ---------------------------------------------------------------- Kaldi fbank (numpy)
def kaldi_fbank(wave, sr=16000, num_mel_bins=80):
    """torchaudio.compliance.kaldi.fbank with CAMPPlus's settings (dither 0) and its defaults:
    25 ms / 10 ms frames with snip_edges, DC removal, pre-emphasis 0.97, povey window, FFT of the
    next power of two, power spectrum, HTK-mel triangles from 20 Hz to Nyquist, log floored at
    float32 epsilon. Then the mean over frames is subtracted, as CosyVoice's frontend does."""
    wave = wave.astype(np.float64)
    flen, fshift = int(sr * 0.025), int(sr * 0.010)
    n_fft = 1 << (flen - 1).bit_length()
    frames = 1 + (len(wave) - flen) // fshift
    eps = np.finfo(np.float32).eps
    n = np.arange(flen)
    povey = (0.5 - 0.5 * np.cos(2 * np.pi * n / (flen - 1))) ** 0.85
    strided = np.stack([wave[t * fshift:t * fshift + flen] for t in range(frames)])
    strided = strided - strided.mean(axis=1, keepdims=True)
    prev = np.concatenate([strided[:, :1], strided[:, :-1]], axis=1)
    strided = (strided - 0.97 * prev) * povey
    spec = np.abs(np.fft.rfft(strided, n=n_fft)) ** 2  # [frames, n_fft/2 + 1]

    def mel(f):
        return 1127.0 * np.log(1.0 + f / 700.0)
    low, high = 20.0, sr / 2
    mlow, mhigh = mel(low), mel(high)
    delta = (mhigh - mlow) / (num_mel_bins + 1)
    freqs = sr / n_fft * np.arange(n_fft // 2)  # Kaldi drops the Nyquist bin
    m = mel(freqs)
    banks = np.zeros((num_mel_bins, n_fft // 2 + 1))
    for b in range(num_mel_bins):
        left, center, right = mlow + b * delta, mlow + (b + 1) * delta, mlow + (b + 2) * delta
        up = (m - left) / (center - left)
        down = (right - m) / (right - center)
        banks[b, :n_fft // 2] = np.maximum(0, np.minimum(up, down))
    feats = np.log(np.maximum(spec @ banks.T, eps))
    return feats - feats.mean(axis=0, keepdims=True)


def kaldi_fbank_torchaudio(wave):
    """The cross-check: torchaudio's own kaldi.fbank. torchaudio wheels may not match the installed
    torch; its compliance/kaldi.py is plain Python, so TORCHAUDIO_KALDI_PY may name that file alone
    (e.g. from `pip install --no-deps --target /tmp/ta torchaudio==2.11.0`)."""
    import os
    import torch
    try:
        import torchaudio.compliance.kaldi as kaldi
    except Exception:
        path = os.environ.get("TORCHAUDIO_KALDI_PY")
        if not path:
            return None
        import importlib.util
        import sys
        import types
        sys.modules.setdefault("torchaudio", types.ModuleType("torchaudio"))  # fbank needs nothing from it
        spec = importlib.util.spec_from_file_location("torchaudio_kaldi", path)
        kaldi = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(kaldi)
    f = kaldi.fbank(torch.from_numpy(wave).float()[None], num_mel_bins=80, dither=0, sample_frequency=16000)
    return (f - f.mean(dim=0, keepdim=True)).numpy()


# ---------------------------------------------------------------- main
def main():
    import librosa
    from resemblyzer import VoiceEncoder, preprocess_wav, audio

    SPEAKER.mkdir(parents=True, exist_ok=True)
    (SPEAKER / "clips").mkdir(exist_ok=True)
    encoder = VoiceEncoder(device="cpu", verbose=False)
    expected = {"source": "resemblyzer 0.1.4 (VoiceEncoder.embed_utterance, preprocess_wav), librosa "
                + librosa.__version__, "clips": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for name, command, text in CLIPS:
            raw = tmp / f"{name}_raw.wav"
            synthesize(command, text, raw)
            clip = SPEAKER / "clips" / f"{name}.wav"
            to_16k_pcm16(raw, clip)
            wav, sr = librosa.load(str(clip), sr=None)
            processed = preprocess_wav(clip)
            expected["clips"].append({
                "file": f"clips/{name}.wav", "text": text, "voice": " ".join(command),
                "samples": len(wav), "preprocessed_samples": len(processed),
                "embedding": floats(encoder.embed_utterance(processed)),
                "raw_embedding": floats(encoder.embed_utterance(wav)),
            })
            print(f"{name}: {len(wav) / sr:.2f} s, {len(processed) / 16000:.2f} s after trimming")

        # The resampling and mixing path: one clip as a 22.05 kHz stereo FLAC.
        src = SPEAKER / "clips" / "flite_slt.wav"
        stereo = SPEAKER / "clips" / "flite_slt_22k_stereo.flac"
        subprocess.run(["sox", "-R", "-D", str(src), "-r", "22050", "-b", "16", str(stereo),
                        "remix", "1", "1v0.8"], check=True)
        processed = preprocess_wav(stereo)
        expected["clips"].append({
            "file": "clips/flite_slt_22k_stereo.flac", "text": CLIPS[4][2], "voice": "flite -voice slt, sox",
            "samples": sf.info(str(stereo)).frames, "preprocessed_samples": len(processed),
            "embedding": floats(encoder.embed_utterance(processed)), "raw_embedding": None,
        })

    expected["alsa"] = []
    for name in ALSA:
        path = pathlib.Path(f"/usr/share/sounds/alsa/{name}.wav")
        if path.exists():
            processed = preprocess_wav(path)
            expected["alsa"].append({"file": str(path), "preprocessed_samples": len(processed),
                                     "embedding": floats(encoder.embed_utterance(processed))})
    (SPEAKER / "embeddings.json").write_text(json.dumps(expected, indent=1))

    # resemblyzer's encoder mel (power mel, 40 bins, centered STFT) of the first 0.4 s of a clip.
    wav, _ = librosa.load(str(SPEAKER / "clips" / "flite_awb.wav"), sr=None)
    wav = wav[:6400]
    mel = audio.wav_to_mel_spectrogram(wav)
    (SPEAKER / "encoder_mel.json").write_text(json.dumps({
        "file": "clips/flite_awb.wav", "samples": len(wav), "frames": mel.shape[0], "bins": mel.shape[1],
        "mel": floats(mel)}))

    # GLM-TTS prompt mel: 0.4 s of speech at 24 and 32 kHz (resampled with soxr, stored as float WAV).
    speech, _ = librosa.load(str(SPEAKER / "clips" / "flite_rms.wav"), sr=None)
    prompt = {}
    for sr, n_fft, hop in [(24000, 1920, 480), (32000, 2560, 640)]:
        y = librosa.resample(speech, orig_sr=16000, target_sr=sr)[int(0.3 * sr):int(0.7 * sr)].astype(np.float32)
        # scipy writes no PEAK chunk (libsndfile's carries a timestamp), so reruns give the same bytes.
        scipy.io.wavfile.write(str(SPEAKER / f"prompt_{sr // 1000}k.wav"), sr, y)
        m = glm_prompt_mel(y, sr, n_fft, hop, n_fft)
        t = glm_prompt_mel_torch(y, sr, n_fft, hop, n_fft)
        print(f"prompt mel {sr}: {m.shape}, numpy vs GLM-TTS torch code max |diff| {np.abs(m - t).max():.2e}")
        prompt[str(sr)] = {"file": f"prompt_{sr // 1000}k.wav", "frames": m.shape[0], "mel": floats(m)}
    silent = glm_prompt_mel(np.zeros(4800, np.float32), 24000, 1920, 480, 1920)
    prompt["silence_value"] = float(silent[0, 0])
    (SPEAKER / "prompt_mel.json").write_text(json.dumps(prompt))

    # Kaldi fbank at 16 kHz of the first 0.3 s of a clip.
    wav, _ = librosa.load(str(SPEAKER / "clips" / "flite_kal16.wav"), sr=None)
    wav = wav[:4800]
    fb = kaldi_fbank(wav)
    ta = kaldi_fbank_torchaudio(wav)
    if ta is not None:
        print(f"fbank numpy vs torchaudio max |diff| {np.abs(fb - ta).max():.2e}")
    (SPEAKER / "kaldi_fbank.json").write_text(json.dumps({
        "file": "clips/flite_kal16.wav", "samples": len(wav), "frames": fb.shape[0], "fbank": floats(fb)}))

    make_format_files()


def make_format_files():
    """A 0.15 s stereo signal (left 0.5·sin 440 Hz, right 0.25·sin 660 Hz) at 22.05 kHz in every format."""
    FORMATS.mkdir(parents=True, exist_ok=True)
    sr, n = 22050, 3308
    t = np.arange(n) / sr
    stereo = np.stack([0.5 * np.sin(2 * np.pi * 440 * t), 0.25 * np.sin(2 * np.pi * 660 * t)], axis=1)
    source = FORMATS / "source_f64.wav"
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "source.wav"
        sf.write(str(src), stereo, sr, subtype="DOUBLE")
        variants = {
            "pcm_u8.wav": ["-e", "unsigned-integer", "-b", "8"],
            "pcm_s16.wav": ["-e", "signed-integer", "-b", "16"],
            "pcm_s24.wav": ["-e", "signed-integer", "-b", "24"],
            "pcm_s32.wav": ["-e", "signed-integer", "-b", "32"],
            "float32.wav": ["-e", "floating-point", "-b", "32"],
            "pcm_s16.flac": ["-b", "16"],
            "pcm_s24.flac": ["-b", "24"],
            "vorbis.ogg": ["-C", "5"],
            "pcm_s16.aiff": ["-b", "16"],
        }
        for name, options in variants.items():
            subprocess.run(["sox", "-R", "-D", str(src)] + options + [str(FORMATS / name)], check=True)
        sf.write(str(FORMATS / "mpeg.mp3"), stereo, sr, format="MP3")
    if source.exists():
        source.unlink()
    manifest = {"sample_rate": sr, "frames": n, "left": {"amplitude": 0.5, "hz": 440},
                "right": {"amplitude": 0.25, "hz": 660}, "files": sorted(p.name for p in FORMATS.glob("*.*")
                                                                         if p.suffix != ".json")}
    (FORMATS / "manifest.json").write_text(json.dumps(manifest, indent=1))
    for p in sorted(FORMATS.iterdir()):
        print(f"  {p.name}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()

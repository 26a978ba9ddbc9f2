"""The upsampler (vocoder) as the Swift engine runs it: a HiFi-GAN generator with multi-receptive-field
residual blocks, in plain PyTorch. Training (Tools/train/) and the golden tests
(Tools/fixtures/make_upsampler_fixtures.py) both import this file, so the three agree by construction.

Config (the "upsampler" entry of a model's config.json, one per sample rate):
    {"type": "hifigan", "sample_rate": 24000, "mel_bins": 80, "channels": 128,
     "upsample_rates": [8, 5, 4, 3], "upsample_kernel_sizes": [16, 11, 8, 7],
     "resblock_kernel_sizes": [3, 7, 11], "resblock_dilations": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
     "activation": "leaky_relu",          # or "snake"
     "istft": null}                       # or {"n_fft": 16, "hop": 4}: HiFT-style head
Channels halve at each upsampling stage. The product of upsample_rates (times the iSTFT hop, when
there is an iSTFT head) is the samples per mel frame (480 at 24 kHz, 640 at 32 kHz).
The iSTFT head (as GLM-TTS's HiFT): conv_post gives n_fft + 2 channels; magnitude = exp(first
n_fft/2 + 1, clamped at 1e2), phase = sin(the rest); audio = istft(magnitude · e^{i·phase}, periodic Hann
window of n_fft, center=True, length = frames · hop), clamped to [−0.99, 0.99]. (kernel − rate) must be even so each stage multiplies the length exactly.

Tensor names in the exported safetensors (weight norm folded away):
    conv_pre.{weight,bias}; ups.{i}.{weight,bias}; resblocks.{i*K+j}.convs1.{d}.{weight,bias},
    resblocks.{i*K+j}.convs2.{d}.{weight,bias}; [resblocks.{…}.alpha1.{d}, alpha2.{d} for snake];
    [ups_alpha.{i}, post_alpha for snake]; conv_post.{weight,bias}
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LRELU_SLOPE = 0.1


class Snake(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(channels))

    def forward(self, x):
        a = self.alpha.view(1, -1, 1)
        return x + torch.sin(a * x) ** 2 / (a + 1e-9)


def activation(kind, channels, slope=LRELU_SLOPE):
    if kind == "snake":
        return Snake(channels)
    return nn.LeakyReLU(slope)


class ResBlock(nn.Module):
    """x ← x + conv₁(act(conv_d(act(x)))) for each dilation d."""

    def __init__(self, channels, kernel, dilations, kind):
        super().__init__()
        self.convs1 = nn.ModuleList(nn.Conv1d(channels, channels, kernel, dilation=d, padding=d * (kernel - 1) // 2)
                                    for d in dilations)
        self.convs2 = nn.ModuleList(nn.Conv1d(channels, channels, kernel, padding=(kernel - 1) // 2) for _ in dilations)
        self.acts1 = nn.ModuleList(activation(kind, channels) for _ in dilations)
        self.acts2 = nn.ModuleList(activation(kind, channels) for _ in dilations)

    def forward(self, x):
        for c1, c2, a1, a2 in zip(self.convs1, self.convs2, self.acts1, self.acts2):
            x = x + c2(a2(c1(a1(x))))
        return x


class Generator(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        kind = cfg.get("activation", "leaky_relu")
        ch = cfg["channels"]
        self.conv_pre = nn.Conv1d(cfg["mel_bins"], ch, 7, padding=3)
        self.ups = nn.ModuleList()
        self.up_acts = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        self.num_kernels = len(cfg["resblock_kernel_sizes"])
        for u, k in zip(cfg["upsample_rates"], cfg["upsample_kernel_sizes"]):
            assert (k - u) % 2 == 0, "kernel − rate must be even"
            self.up_acts.append(activation(kind, ch))
            self.ups.append(nn.ConvTranspose1d(ch, ch // 2, k, stride=u, padding=(k - u) // 2))
            ch //= 2
            for rk, rd in zip(cfg["resblock_kernel_sizes"], cfg["resblock_dilations"]):
                self.resblocks.append(ResBlock(ch, rk, rd, kind))
        self.post_act = activation(kind, ch, slope=0.01)
        self.istft = cfg.get("istft")
        self.conv_post = nn.Conv1d(ch, self.istft["n_fft"] + 2 if self.istft else 1, 7, padding=3)

    def forward(self, mel):
        """mel: [batch, mel_bins, frames] → audio [batch, frames · Π rates] in (−1, 1)."""
        x = self.conv_pre(mel)
        for i, (act, up) in enumerate(zip(self.up_acts, self.ups)):
            x = up(act(x))
            blocks = self.resblocks[i * self.num_kernels:(i + 1) * self.num_kernels]
            x = sum(b(x) for b in blocks) / self.num_kernels
        x = self.conv_post(self.post_act(x))
        if not self.istft:
            return torch.tanh(x).squeeze(1)
        n_fft, hop = self.istft["n_fft"], self.istft["hop"]
        bins = n_fft // 2 + 1
        magnitude = torch.exp(x[:, :bins]).clamp(max=1e2)
        phase = torch.sin(x[:, bins:])
        spec = torch.complex(magnitude * torch.cos(phase), magnitude * torch.sin(phase))
        audio = torch.istft(spec, n_fft, hop, n_fft, window=torch.hann_window(n_fft, device=x.device),
                            center=True, length=x.shape[-1] * hop)
        return audio.clamp(-0.99, 0.99)

    def export_state(self):
        """Tensors named as the Swift engine reads them: weight norm removed first, snake alphas
        as ups_alpha.{i}, resblocks.{b}.alpha1.{d}, resblocks.{b}.alpha2.{d}, post_alpha."""
        out = {}
        for name, t in self.state_dict().items():
            if name.startswith("up_acts."):  # up_acts.{i}.alpha
                name = "ups_alpha." + name.split(".")[1]
            elif name == "post_act.alpha":
                name = "post_alpha"
            elif ".acts1." in name or ".acts2." in name:  # resblocks.{b}.acts1.{d}.alpha
                name = name.replace(".acts1.", ".alpha1.").replace(".acts2.", ".alpha2.")[: -len(".alpha")]
            out[name] = t.detach().float().contiguous()
        return out


# The smallest useful generator: the model-directory fixtures (Tools/fixtures/make_*model_fixture.py).
TINY_24K = {"type": "hifigan", "sample_rate": 24000, "mel_bins": 80, "channels": 8, "upsample_rates": [8, 5, 3],
            "upsample_kernel_sizes": [16, 11, 7], "resblock_kernel_sizes": [3], "resblock_dilations": [[1]],
            "activation": "leaky_relu", "istft": {"n_fft": 16, "hop": 4}}

CONFIG_24K = {"type": "hifigan", "sample_rate": 24000, "mel_bins": 80, "channels": 128,
              "upsample_rates": [8, 5, 4, 3], "upsample_kernel_sizes": [16, 11, 8, 7],
              "resblock_kernel_sizes": [3, 7, 11], "resblock_dilations": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
              "activation": "leaky_relu"}
CONFIG_32K = dict(CONFIG_24K, sample_rate=32000, upsample_rates=[8, 5, 4, 4], upsample_kernel_sizes=[16, 11, 8, 8])


def samples_per_frame(cfg):
    n = cfg["istft"]["hop"] if cfg.get("istft") else 1
    for u in cfg["upsample_rates"]:
        n *= u
    return n


def receptive_context_frames(cfg):
    """Mel frames of context on each side beyond which an output sample cannot change: streaming
    renders each chunk with this much context so that chunks concatenate to the offline output."""
    frames = 3.0  # conv_pre, kernel 7
    scale = 1
    for u, k in zip(cfg["upsample_rates"], cfg["upsample_kernel_sizes"]):
        frames += -(-k // u) / scale  # transposed conv reaches ceil(k/u) input steps
        scale *= u
        block = max(sum(d * (rk - 1) // 2 + (rk - 1) // 2 for d in rd)
                    for rk, rd in zip(cfg["resblock_kernel_sizes"], cfg["resblock_dilations"]))
        frames += block / scale
    frames += 3 / scale  # conv_post
    if cfg.get("istft"):
        frames += cfg["istft"]["n_fft"] / (scale * cfg["istft"]["hop"])
    return int(frames) + 1


HIFT_24K = dict(CONFIG_24K, channels=128, upsample_rates=[8, 5, 3], upsample_kernel_sizes=[16, 11, 7],
                istft={"n_fft": 16, "hop": 4})
HIFT_32K = dict(HIFT_24K, sample_rate=32000, upsample_rates=[8, 5, 4], upsample_kernel_sizes=[16, 11, 8])

# The bundled model's upsamplers (Tools/train/train_upsampler.py): the HiFT presets at 96 channels
# (96 → 48 → 24 → 12), which keeps the multi-receptive-field blocks [3, 7, 11] and costs about
# 0.79 GFLOP per second of audio at 24 kHz and 0.87 at 32 kHz (1.39 / 1.53 at 128 channels).
BUNDLED_24K = dict(HIFT_24K, channels=96)
BUNDLED_32K = dict(HIFT_32K, channels=96)

"""The acoustic stage as the Swift engine runs it: speech tokens (25 per second) and a speaker
embedding → 80-bin log-mel frames (50 per second). A small non-causal convolutional network:

    x = embed[codes]                                   [C, T]      (codebook of K codes)
    x = x + phone_embed[phones]                        (optional: "phones": P, the spoken symbol of each token)
    x = repeat each step twice                         [C, 2T]     (2 mel frames per token)
    x = x + speaker_proj(speaker)[:, None]             (speaker_proj: Linear(S, C))
    for each layer l (kernel k, dilation d_l):
        x = x + conv2_l(lrelu(conv1_l(lrelu(x))))      (conv1 dilated, conv2 kernel 1)
    mel = conv_out(lrelu(x))                           [80, 2T]    (kernel 1)
    mel = mel + postnet(mel)                           (postnet: conv k, tanh, conv k; optional)

Config (the "acoustic" entry of a model's config.json):
    {"type": "conv", "codes": 4096, "channels": 256, "speaker_dim": 256, "mel_bins": 80,
     "kernel": 5, "dilations": [1, 2, 4, 8, 1, 2, 4, 8], "postnet_channels": 256}   # 0: no postnet
Tensor names: embed.weight, phone_embed.weight (with "phones"), speaker_proj.{weight,bias}, layers.{l}.conv1.{weight,bias},
layers.{l}.conv2.{weight,bias}, conv_out.{weight,bias}, postnet.0.{weight,bias}, postnet.2.{weight,bias}.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

SLOPE = 0.1


class Layer(nn.Module):
    def __init__(self, channels, kernel, dilation):
        super().__init__()
        self.conv1 = nn.Conv1d(channels, channels, kernel, dilation=dilation, padding=dilation * (kernel - 1) // 2)
        self.conv2 = nn.Conv1d(channels, channels, 1)

    def forward(self, x):
        return x + self.conv2(F.leaky_relu(self.conv1(F.leaky_relu(x, SLOPE)), SLOPE))


class AcousticStage(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        c = cfg["channels"]
        self.embed = nn.Embedding(cfg["codes"], c)
        self.phone_embed = nn.Embedding(cfg["phones"], c) if cfg.get("phones", 0) else None
        self.speaker_proj = nn.Linear(cfg["speaker_dim"], c)
        self.layers = nn.ModuleList(Layer(c, cfg["kernel"], d) for d in cfg["dilations"])
        self.conv_out = nn.Conv1d(c, cfg["mel_bins"], 1)
        p = cfg.get("postnet_channels", 0)
        k = cfg["kernel"]
        self.postnet = nn.Sequential(nn.Conv1d(cfg["mel_bins"], p, k, padding=(k - 1) // 2), nn.Tanh(),
                                     nn.Conv1d(p, cfg["mel_bins"], k, padding=(k - 1) // 2)) if p else None

    def forward(self, codes, speaker, phones=None):
        """codes: [batch, T] long; speaker: [batch, speaker_dim]; phones: [batch, T] long (with
        "phones") → mel [batch, mel_bins, 2T]."""
        x = self.embed(codes)
        if self.phone_embed is not None:
            x = x + self.phone_embed(phones)
        x = x.transpose(1, 2)
        x = x.repeat_interleave(2, dim=2)
        x = x + self.speaker_proj(speaker).unsqueeze(2)
        for layer in self.layers:
            x = layer(x)
        mel = self.conv_out(F.leaky_relu(x, SLOPE))
        if self.postnet is not None:
            mel = mel + self.postnet(mel)
        return mel

"""The bundled English model's text-to-token half, as the Swift engine runs it (the "duration" layout
of Docs/ModelFormat.md). Three networks, all conditioned on the speaker embedding (256-d GE2E):

Phone encoder (a conv stack, Tools/model/acoustic.py's residual layers):
    x = embed[symbols] + speaker_proj(speaker)           [C, L]
    x = residual dilated layers(x)
    y = conv_out(lrelu(x))                               [E + 1, L]
    encoding = y[:E]; log_duration = y[E]                duration d = max(0, round(exp(y[E]) - 1)) tokens

Decoder (a Hugging Face Llama checkpoint, run with its KV cache): the sequence is
    row 0:   speaker_proj(speaker)                        (conditioning.safetensors)
    row t+1: embed_tokens[previous code, or BOS = codes for the first step]
             + step_proj([enc[p_t], enc[next(p_t)], f_t])  (conditioning.safetensors)
where p_t is the symbol spoken at step t (symbols with d = 0 are skipped), next(p_t) the next spoken
symbol (zeros after the last), and f_t = [log s_left, log(1 + s_done), 1 / s_left] with s_left the
steps left in the phone counting this one, s_done the steps already spent in it. The logits at row t+1
give code t. There is no end token: the durations fix the length.

Acoustic stage (Tools/model/acoustic.py with "phones"): codes + the spoken symbol of each token
+ speaker → mel.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from acoustic import SLOPE, Layer

STEP_FEATURES = 3


def step_features(s_left, s_done):
    """The decoder's per-step duration features (see the module docstring)."""
    s_left = s_left.float()
    return torch.stack([torch.log(s_left), torch.log1p(s_done.float()), 1.0 / s_left], -1)


class PhoneEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        c = cfg["channels"]
        self.embed = nn.Embedding(cfg["symbols"], c)
        self.speaker_proj = nn.Linear(cfg["speaker_dim"], c)
        self.layers = nn.ModuleList(Layer(c, cfg["kernel"], d) for d in cfg["dilations"])
        self.conv_out = nn.Conv1d(c, cfg["encoding"] + 1, 1)

    def forward(self, symbols, speaker):
        """symbols [B, L] long, speaker [B, S] → encoding [B, L, E], log duration [B, L]."""
        x = self.embed(symbols).transpose(1, 2) + self.speaker_proj(speaker).unsqueeze(2)
        for layer in self.layers:
            x = layer(x)
        y = self.conv_out(F.leaky_relu(x, SLOPE))
        e = self.cfg["encoding"]
        return y[:, :e].transpose(1, 2), y[:, e]


def durations_from_log(log_duration, is_phone):
    """Predicted durations in tokens: round(exp(y) - 1), at least one token for a phone."""
    d = torch.clamp(torch.round(torch.exp(log_duration) - 1), min=0)
    return torch.where(is_phone, torch.clamp(d, min=1), d).long()


def step_plan(durations):
    """For one utterance's durations [L] → per step: symbol index, next spoken symbol (-1: none),
    s_left, s_done (each [T])."""
    spoken = [i for i, d in enumerate(durations.tolist()) if d > 0]
    cur, nxt, left, done = [], [], [], []
    for k, i in enumerate(spoken):
        d = int(durations[i])
        n = spoken[k + 1] if k + 1 < len(spoken) else -1
        for j in range(d):
            cur.append(i)
            nxt.append(n)
            left.append(d - j)
            done.append(j)
    t = lambda v: torch.tensor(v, dtype=torch.long)
    return t(cur), t(nxt), t(left), t(done)


def step_inputs(encoding, plan, step_proj):
    """encoding [L, E], a step plan → the step_proj term [T, H] of the decoder inputs."""
    cur, nxt, left, done = plan
    zero = torch.zeros(1, encoding.shape[1], dtype=encoding.dtype)
    padded = torch.cat([encoding, zero], 0)  # index L (= -1 mapped below) is the zero row
    nxt = torch.where(nxt < 0, torch.full_like(nxt, encoding.shape[0]), nxt)
    feats = torch.cat([padded[cur], padded[nxt], step_features(left, done)], -1)
    return step_proj(feats)


def llama_config(cfg):
    from transformers import LlamaConfig
    d = cfg["decoder"]
    return LlamaConfig(vocab_size=cfg["codes"] + 1, hidden_size=d["hidden"], intermediate_size=d["intermediate"],
                       num_hidden_layers=d["layers"], num_attention_heads=d["heads"], num_key_value_heads=d["kv_heads"],
                       head_dim=d["hidden"] // d["heads"], max_position_embeddings=4096, rms_norm_eps=1e-5,
                       rope_theta=10000.0, tie_word_embeddings=False, attention_bias=False, mlp_bias=False,
                       attention_dropout=d.get("dropout", 0.0))


class TextToTokens(nn.Module):
    """Phone encoder, duration head and decoder, trained together."""

    def __init__(self, cfg):
        super().__init__()
        from transformers import LlamaForCausalLM
        self.cfg = cfg
        self.encoder = PhoneEncoder(dict(cfg["encoder"], symbols=cfg["symbols"], speaker_dim=cfg["speaker_dim"]))
        h = cfg["decoder"]["hidden"]
        e = cfg["encoder"]["encoding"]
        self.speaker_proj = nn.Linear(cfg["speaker_dim"], h)
        self.step_proj = nn.Linear(2 * e + STEP_FEATURES, h)
        self.llama = LlamaForCausalLM(llama_config(cfg))
        self.input_dropout = nn.Dropout(cfg["decoder"].get("dropout", 0.0))  # training only

    def decoder_inputs(self, encoding, plan, prev_codes, speaker):
        """One utterance: [1 + T, H] input rows (speaker row, then one per step)."""
        emb = self.llama.get_input_embeddings()(prev_codes)
        rows = self.input_dropout(emb + step_inputs(encoding, plan, self.step_proj))
        return torch.cat([self.speaker_proj(speaker).unsqueeze(0), rows], 0)

    @torch.no_grad()
    def generate(self, symbols, is_phone, speaker):
        """Greedy synthesis of one utterance without a cache (the reference the Swift engine matches):
        symbols [L], speaker [S] → durations [L], codes [T]."""
        enc, logd = self.encoder(symbols[None], speaker[None])
        dur = durations_from_log(logd[0], is_phone)
        plan = step_plan(dur)
        bos = self.cfg["codes"]
        codes = []
        for t in range(len(plan[0])):
            prev = torch.tensor([bos] + codes, dtype=torch.long)
            sub = tuple(p[: t + 1] for p in plan)
            rows = self.decoder_inputs(enc[0], sub, prev, speaker)
            logits = self.llama(inputs_embeds=rows[None]).logits[0, -1, : self.cfg["codes"]]
            codes.append(int(torch.argmax(logits)))
        return dur, torch.tensor(codes, dtype=torch.long)


def parameter_count(m):
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    cfg = dict(symbols=80, speaker_dim=256, codes=1024,
               encoder=dict(channels=256, encoding=128, kernel=5, dilations=[1, 2, 4, 1, 2, 4]),
               decoder=dict(hidden=256, intermediate=768, layers=4, heads=4, kv_heads=2))
    m = TextToTokens(cfg)
    print(parameter_count(m), math.log(2))

"""The GLM-TTS-sized decode benchmark in PyTorch + transformers on this machine's CPU, for the
side-by-side table in Docs/Performance.md (`glmtts bench decoder` is the Swift side).

A LlamaForCausalLM of GLM-TTS's shape (28 layers, hidden 2048, 16/4 heads of 128, MLP 6144,
vocabulary 98304, tied) with random weights, float32 (and bfloat16 with --bf16); 8 prompt tokens,
then N one-token decode steps with the KV cache, timed. Run with a venv holding torch and transformers:
    python Tools/bench/torch_decoder.py --tokens 16 [--threads 2] [--bf16] [--small]
"""
import argparse
import json
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM

p = argparse.ArgumentParser()
p.add_argument("--tokens", type=int, default=16)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--bf16", action="store_true")
p.add_argument("--small", action="store_true", help="4 layers of 256 instead of GLM-TTS's size")
args = p.parse_args()
torch.set_num_threads(args.threads)

if args.small:
    cfg = LlamaConfig(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
                      head_dim=64, intermediate_size=768, vocab_size=1024)
else:
    cfg = LlamaConfig(hidden_size=2048, num_hidden_layers=28, num_attention_heads=16, num_key_value_heads=4,
                      head_dim=128, intermediate_size=6144, vocab_size=98304, tie_word_embeddings=True,
                      rms_norm_eps=1e-5)
dtype = torch.bfloat16 if args.bf16 else torch.float32
with torch.device("cpu"):
    model = LlamaForCausalLM(cfg).to(dtype).eval()
params = sum(p.numel() for p in model.parameters())

with torch.no_grad():
    ids = torch.arange(8).unsqueeze(0)
    out = model(ids, use_cache=True)
    past, token = out.past_key_values, out.logits[:, -1:].argmax(-1)
    start = time.perf_counter()
    for _ in range(args.tokens):
        out = model(token, past_key_values=past, use_cache=True)
        past, token = out.past_key_values, out.logits[:, -1:].argmax(-1)
    elapsed = time.perf_counter() - start

print(json.dumps({"framework": f"torch {torch.__version__}", "precision": str(dtype).replace("torch.", ""),
                  "parameters": params, "threads": args.threads, "tokens": args.tokens,
                  "tokens_per_second": args.tokens / elapsed}))

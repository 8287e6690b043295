#!/usr/bin/python3
"""Build the tiny InstructPix2Pix bundles with the exact Hugging Face Optimum ONNX export signature.

    /usr/bin/python3 models/scripts/make_optimum_fixture.py            # writes models/fixtures/instruct-pix2pix-tiny{,-fp16}/
    /usr/bin/python3 models/scripts/make_optimum_fixture.py --out DIR

What `optimum-cli export onnx --model timbrooks/instruct-pix2pix` writes, with small seeded random weights:
  text_encoder/model.onnx  input_ids int32 [B,77] -> last_hidden_state [B,77,Dtext], pooler_output [B,Dtext]
  unet/model.onnx          sample [B,8,h,w], timestep int64 [B], encoder_hidden_states [B,77,Dtext] -> out_sample [B,4,h,w]
  vae_encoder/model.onnx   sample [B,3,H,W] -> latent_parameters [B,8,H/8,W/8]   (mean ⊕ logvar)
  vae_decoder/model.onnx   latent_sample [B,4,h,w] -> sample [B,3,8h,8w]
  tokenizer/               vocab.json, merges.txt, special_tokens_map.json, tokenizer_config.json (CLIP byte-level BPE)
  scheduler/scheduler_config.json   timbrooks/instruct-pix2pix's (Euler-ancestral, scaled_linear)
  model_index.json, */config.json, bundle.json
Dtext is 32 here (768 in the real checkpoint). The -fp16 variant is the same networks with fp16 weights and
fp16 float inputs/outputs (as `optimum-cli ... --fp16` gives; compute is cast back to fp32 inside so that CPU
kernels exist), and a float16 timestep. Deterministic: each network is built right after torch.manual_seed.
"""
import argparse
import collections
import json
import math
import shutil
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn
from torch.nn import functional as F

import clip_bpe
import vocab
from fixture_renderer_nets import TinyUNet
from make_fixtures import export_module

TOKENS, DTEXT, LATENT, MERGES = 77, 32, 4, 160
VERSION = "fixture-1"
ONNX_TYPES = {1: "float32", 6: "int32", 7: "int64", 10: "float16"}


def train_bpe(words, merges):
    """Greedy BPE on the project's words: the most frequent adjacent pair (ties: first seen) is merged, MERGES times."""
    corpus = [list(w[:-1]) + [w[-1] + "</w>"] for w in words if w.isalpha()]
    out = []
    for _ in range(merges):
        counts = collections.Counter()
        for word in corpus:
            for pair in zip(word, word[1:]):
                counts[pair] += 1
        if not counts:
            break
        best = max(counts.items(), key=lambda kv: kv[1])[0]
        out.append(best)
        corpus = [clip_bpe.merge_pair(word, best) for word in corpus]
    return out


def write_tokenizer(out):
    """CLIP's vocabulary layout: 256 byte symbols, the same with </w>, merge results, then the two specials."""
    base = clip_bpe.byte_chars()
    merges = train_bpe([w for w in vocab.words() if not w.startswith("[")], MERGES)
    tokens = base + [c + "</w>" for c in base] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    ids = {}
    for t in tokens:
        ids.setdefault(t, len(ids))
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.json").write_text(json.dumps(ids, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n", encoding="utf-8")
    special = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
               "pad_token": "<|endoftext|>"}
    write_json(out / "special_tokens_map.json", special)
    write_json(out / "tokenizer_config.json", dict(special, model_max_length=TOKENS, do_lower_case=True,
                                                    tokenizer_class="CLIPTokenizer"))
    return len(ids)


class TextEncoder(nn.Module):
    """CLIP text transformer in miniature: causal self-attention, final LayerNorm, pooled at the end token."""

    def __init__(self, vocab_size, dim=DTEXT, layers=2, heads=4):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, dim)
        self.pos = nn.Parameter(torch.randn(TOKENS, dim) * 0.02)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(dim, heads, 4 * dim, dropout=0.0, activation="gelu",
                                                               batch_first=True, norm_first=True) for _ in range(layers))
        self.final = nn.LayerNorm(dim)
        self.register_buffer("causal", torch.triu(torch.full((TOKENS, TOKENS), -1e4), diagonal=1))

    def forward(self, input_ids):
        ids = input_ids.long()
        h = self.tok(ids) + self.pos[None, : ids.shape[1]]
        for layer in self.layers:
            h = layer(h, src_mask=self.causal)
        h = self.final(h)
        # CLIP pools at the end token, the highest id of the vocabulary
        pooled = h[torch.arange(h.shape[0]), ids.argmax(dim=-1)]
        return h, pooled


class VaeEncoder8(nn.Module):
    """sample [B,3,H,W] in [-1,1] -> latent_parameters [B,8,H/8,W/8] (mean ⊕ logvar), like AutoencoderKL's encoder."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.GroupNorm(8, 32), nn.SiLU(),
            nn.Conv2d(32, 32, 3, stride=2, padding=1), nn.GroupNorm(8, 32), nn.SiLU(),
            nn.Conv2d(32, 2 * LATENT, 3, padding=1))

    def forward(self, sample):
        return self.net(sample)


class VaeDecoder8(nn.Module):
    """latent_sample [B,4,h,w] -> sample [B,3,8h,8w]."""

    def __init__(self):
        super().__init__()
        self.c_in = nn.Conv2d(LATENT, 32, 3, padding=1)
        self.ups = nn.ModuleList(nn.Conv2d(32, 32, 3, padding=1) for _ in range(3))
        self.norm, self.c_out = nn.GroupNorm(8, 32), nn.Conv2d(32, 3, 3, padding=1)

    def forward(self, latent_sample):
        h = self.c_in(latent_sample)
        for up in self.ups:
            h = up(F.silu(F.interpolate(h, scale_factor=2.0, mode="nearest")))
        return self.c_out(F.silu(self.norm(h)))


def export(seed, factory, args, path, inputs, outputs, dynamic):
    torch.manual_seed(seed)
    return export_module(factory(), args, path, inputs, outputs, dynamic)


def cast_io(model, elem, inputs=None):
    """`elem` (FLOAT16, BFLOAT16) float IO around an fp32 graph, as half-precision exports take and give it: the float
    inputs (those named in `inputs`, else all) and the float outputs change type, each with a Cast at the border.
    Returns the (head, tail) Cast nodes for the caller to splice around the graph's nodes."""
    graph = model.graph
    head, tail = [], []
    for value in graph.input:
        if value.name in inputs if inputs is not None else value.type.tensor_type.elem_type == TensorProto.FLOAT:
            inner = value.name + "_fp32"
            for node in graph.node:
                node.input[:] = [inner if n == value.name else n for n in node.input]
            head.append(helper.make_node("Cast", [value.name], [inner], to=TensorProto.FLOAT))
            value.type.tensor_type.elem_type = elem
    for value in graph.output:
        if value.type.tensor_type.elem_type == TensorProto.FLOAT:
            inner = value.name + "_fp32"
            for node in graph.node:
                node.output[:] = [inner if n == value.name else n for n in node.output]
                node.input[:] = [inner if n == value.name else n for n in node.input]
            tail.append(helper.make_node("Cast", [inner], [value.name], to=elem))
            value.type.tensor_type.elem_type = elem
    return head, tail


def to_fp16(model, fp16_inputs):
    """fp16 weights and fp16 float IO around the fp32 graph: initializers become FLOAT16 + Cast, float inputs
    (those named in fp16_inputs) and float outputs become FLOAT16 with a Cast at the border."""
    graph = model.graph
    casts = []
    for init in list(graph.initializer):
        if init.data_type == TensorProto.FLOAT:
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            graph.initializer.remove(init)
            graph.initializer.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT))
    head, tail = cast_io(model, TensorProto.FLOAT16, fp16_inputs)
    nodes = casts + head + list(graph.node) + tail
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


def describe(model):
    def sig(values):
        return {v.name: {"dtype": ONNX_TYPES[v.type.tensor_type.elem_type],
                         "shape": [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]} for v in values}
    return {"inputs": sig(model.graph.input), "outputs": sig(model.graph.output)}


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def make(out, fp16):
    shutil.rmtree(out, ignore_errors=True)
    vocab_size = write_tokenizer(out / "tokenizer")
    b, size = 2, 64
    h = size // 8
    ids = torch.full((b, TOKENS), vocab_size - 1, dtype=torch.int32)
    ids[:, 0] = vocab_size - 2
    graphs = {
        "text_encoder": export(51, lambda: TextEncoder(vocab_size), (ids,), out / "text_encoder" / "model.onnx",
                               ["input_ids"], ["last_hidden_state", "pooler_output"],
                               {"input_ids": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"},
                                "pooler_output": {0: "batch_size"}}),
        "unet": export(52, lambda: TinyUNet(ctx=DTEXT), (torch.randn(b, 2 * LATENT, h, h), torch.tensor([999, 500]),
                                                         torch.randn(b, TOKENS, DTEXT)),
                       out / "unet" / "model.onnx", ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                       {"sample": {0: "batch_size", 2: "height", 3: "width"}, "timestep": {0: "steps"},
                        "encoder_hidden_states": {0: "batch_size", 1: "sequence_length"},
                        "out_sample": {0: "batch_size", 2: "height", 3: "width"}}),
        "vae_encoder": export(53, VaeEncoder8, (torch.rand(b, 3, size, size) * 2 - 1,), out / "vae_encoder" / "model.onnx",
                              ["sample"], ["latent_parameters"],
                              {"sample": {0: "batch_size", 2: "height", 3: "width"},
                               "latent_parameters": {0: "batch_size", 2: "height_latent", 3: "width_latent"}}),
        "vae_decoder": export(54, VaeDecoder8, (torch.randn(b, LATENT, h, h),), out / "vae_decoder" / "model.onnx",
                              ["latent_sample"], ["sample"],
                              {"latent_sample": {0: "batch_size", 2: "height_latent", 3: "width_latent"},
                               "sample": {0: "batch_size", 2: "height", 3: "width"}}),
    }
    if fp16:
        float_inputs = {"unet": ["sample", "timestep", "encoder_hidden_states"], "vae_encoder": ["sample"],
                        "vae_decoder": ["latent_sample"], "text_encoder": []}
        for role, model in graphs.items():
            onnx.save(to_fp16(model, float_inputs[role]), str(out / role / "model.onnx"))
    write_configs(out, vocab_size, size, h)
    name = "instruct-pix2pix-tiny" + ("-fp16" if fp16 else "")
    write_json(out / "bundle.json", {
        "name": name, "version": VERSION, "kind": "renderer", "layout": "optimum",
        "description": "Random-weight fixture with the exact Optimum ONNX signature of timbrooks/instruct-pix2pix"
                       + (" (fp16)" if fp16 else "") + "; text width 32 instead of 768.",
        "longSide": size,
        "signatures": {role: describe(model) for role, model in graphs.items()}})


def write_configs(out, vocab_size, size, h):
    component = ["diffusers", "OnnxRuntimeModel"]
    write_json(out / "model_index.json", {
        "_class_name": "ORTStableDiffusionInstructPix2PixPipeline", "_diffusers_version": "0.25.0",
        "feature_extractor": [None, None], "requires_safety_checker": False, "safety_checker": [None, None],
        "scheduler": ["diffusers", "EulerAncestralDiscreteScheduler"], "text_encoder": component,
        "tokenizer": ["transformers", "CLIPTokenizer"], "unet": component, "vae_decoder": component,
        "vae_encoder": component})
    write_json(out / "text_encoder" / "config.json", {
        "architectures": ["CLIPTextModel"], "hidden_size": DTEXT, "max_position_embeddings": TOKENS,
        "vocab_size": vocab_size, "bos_token_id": vocab_size - 2, "eos_token_id": vocab_size - 1, "model_type": "clip_text_model"})
    write_json(out / "unet" / "config.json", {
        "_class_name": "UNet2DConditionModel", "in_channels": 2 * LATENT, "out_channels": LATENT, "sample_size": h,
        "cross_attention_dim": DTEXT})
    for part in ("vae_encoder", "vae_decoder"):
        write_json(out / part / "config.json", {
            "_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": LATENT,
            "sample_size": size, "scaling_factor": 0.18215})
    # timbrooks/instruct-pix2pix scheduler/scheduler_config.json, verbatim keys
    write_json(out / "scheduler" / "scheduler_config.json", {
        "_class_name": "EulerAncestralDiscreteScheduler", "_diffusers_version": "0.12.0.dev0", "beta_end": 0.012,
        "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": False, "num_train_timesteps": 1000,
        "prediction_type": "epsilon", "set_alpha_to_one": False, "skip_prk_steps": True, "steps_offset": 1,
        "trained_betas": None})


def main():
    repo = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=repo / "models" / "fixtures")
    out = parser.parse_args().out
    for fp16 in (False, True):
        bundle = out / ("instruct-pix2pix-tiny" + ("-fp16" if fp16 else ""))
        make(bundle, fp16)
        size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
        print(f"{bundle.name:26s} {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()

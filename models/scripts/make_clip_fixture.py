#!/usr/bin/python3
"""Build models/fixtures/clip-hf/: a tiny seeded CLIP with the exact Hugging Face / Optimum ONNX signatures.

    /usr/bin/python3 models/scripts/make_clip_fixture.py            # writes models/fixtures/clip-hf/ (+ test graphs)
    /usr/bin/python3 models/scripts/make_clip_fixture.py --out DIR  # somewhere else (no test graphs)

The bundle holds what a user gets from exporting openai/clip-vit-base-patch32 (see models/README.md, "clip-hf"):
  model.onnx              `optimum-cli export onnx --task feature-extraction` of CLIPModel:
                          input_ids int64 [Bt,T], pixel_values f32 [Bi,3,H,W], attention_mask int64 [Bt,T]
                          -> logits_per_image [Bi,Bt], logits_per_text [Bt,Bi], text_embeds [Bt,P], image_embeds [Bi,P]
                          (embeddings L2-normalised, as CLIPModel.forward returns them)
  vision_model.onnx       CLIPVisionModelWithProjection: pixel_values -> image_embeds [B,P], last_hidden_state [B,1+N,Dv]
  text_model.onnx         CLIPTextModelWithProjection (Optimum "clip-text-with-projection"):
                          input_ids int64 [B,T] -> text_embeds [B,P], last_hidden_state [B,T,Dt]
  visual_projection.onnx  post_layernorm + visual_projection of the vision tower applied to every token:
                          last_hidden_state [B,S,Dv] -> patch_embeds [B,S,P] (how patch tokens reach the joint space)
  config.json             CLIPConfig (projection_dim, text_config, vision_config)
  preprocessor_config.json  CLIPImageProcessor: shortest edge 224, bicubic, centre crop 224, CLIP mean/std
  vocab.json merges.txt special_tokens_map.json tokenizer_config.json   CLIP byte-level BPE (the same 160-merge
                          vocabulary as instruct-pix2pix-tiny), next to model.onnx as optimum-cli writes them
Sizes: 224-pixel input and 32-pixel patches (a 7x7 grid, as ViT-B/32), vision width 16, text width 32,
projection 16, two layers each, quick-GELU, pre-LN; random weights, so the numbers mean nothing.
Deterministic: built right after torch.manual_seed, exported at opset 17.

It also writes the malformed graphs the Java start-up checks are tested with, to
services/platform-onnx/src/test/resources/wrong-exports/.
"""
import argparse
import json
import shutil
from pathlib import Path

import torch
from torch import nn

from make_fixtures import export_module
from make_optimum_fixture import describe, write_json, write_tokenizer

SEED = 20240611
TOKENS = 77
IMAGE, PATCH = 224, 32
DV, DV_HEADS, DT, DT_HEADS, PROJ, LAYERS = 16, 2, 32, 4, 16, 2
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
LOGIT_SCALE = 2.6592
REPO = Path(__file__).resolve().parents[2]


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """CLIPAttention: separate q/k/v/out projections, queries scaled by head_dim^-0.5, optional additive bias."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, x, bias=None):
        b, s, d = x.shape
        hd = d // self.heads

        def split(t):
            return t.reshape(b, s, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q_proj(x) * hd ** -0.5), split(self.k_proj(x)), split(self.v_proj(x))
        w = q @ k.transpose(-1, -2)
        if bias is not None:
            w = w + bias
        return self.out_proj((torch.softmax(w, dim=-1) @ v).transpose(1, 2).reshape(b, s, d))


class Layer(nn.Module):
    """CLIPEncoderLayer: pre-LN attention and quick-GELU MLP, both residual."""

    def __init__(self, dim, heads):
        super().__init__()
        self.layer_norm1, self.layer_norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.self_attn = Attention(dim, heads)
        self.fc1, self.fc2 = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)

    def forward(self, x, bias=None):
        x = x + self.self_attn(self.layer_norm1(x), bias)
        return x + self.fc2(quick_gelu(self.fc1(self.layer_norm2(x))))


class Vision(nn.Module):
    """CLIPVisionTransformer + visual_projection: last_hidden_state is the encoder output (no post-LN);
    the pooled output is post_layernorm(CLS), projected to image_embeds."""

    def __init__(self):
        super().__init__()
        n = (IMAGE // PATCH) ** 2
        self.patch_embedding = nn.Conv2d(3, DV, PATCH, PATCH, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(DV) * 0.5)
        self.position_embedding = nn.Parameter(torch.randn(1 + n, DV) * 0.1)
        self.pre_layrnorm, self.post_layernorm = nn.LayerNorm(DV), nn.LayerNorm(DV)
        self.layers = nn.ModuleList(Layer(DV, DV_HEADS) for _ in range(LAYERS))
        self.visual_projection = nn.Linear(DV, PROJ, bias=False)

    def forward(self, pixel_values):
        x = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1), x], dim=1) + self.position_embedding
        x = self.pre_layrnorm(x)
        for layer in self.layers:
            x = layer(x)
        return self.visual_projection(self.post_layernorm(x[:, 0])), x

    def project(self, hidden):
        return self.visual_projection(self.post_layernorm(hidden))


class Text(nn.Module):
    """CLIPTextTransformer + text_projection: causal (and padding) masked, final LN, pooled at the end token
    (the highest id, found by argmax as transformers does for CLIP's original vocabulary)."""

    def __init__(self, vocab_size):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, DT)
        self.position_embedding = nn.Parameter(torch.randn(TOKENS, DT) * 0.02)
        self.layers = nn.ModuleList(Layer(DT, DT_HEADS) for _ in range(LAYERS))
        self.final_layer_norm = nn.LayerNorm(DT)
        self.text_projection = nn.Linear(DT, PROJ, bias=False)
        self.register_buffer("causal", torch.triu(torch.full((TOKENS, TOKENS), -1e4), diagonal=1))

    def forward(self, input_ids, attention_mask=None):
        s = input_ids.shape[1]
        x = self.token_embedding(input_ids) + self.position_embedding[None, :s]
        bias = self.causal[None, None, :s, :s]
        if attention_mask is not None:
            bias = bias + (1.0 - attention_mask[:, None, None, :].float()) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        x = self.final_layer_norm(x)
        pooled = x[torch.arange(x.shape[0]), input_ids.argmax(dim=-1)]
        return self.text_projection(pooled), x


class TinyClip(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.vision, self.text = Vision(), Text(vocab_size)
        self.logit_scale = nn.Parameter(torch.tensor(LOGIT_SCALE))


class Monolithic(nn.Module):
    """CLIPModel.forward as optimum exports it for feature-extraction."""

    def __init__(self, clip):
        super().__init__()
        self.clip = clip

    def forward(self, input_ids, pixel_values, attention_mask):
        image_embeds = self.clip.vision(pixel_values)[0]
        text_embeds = self.clip.text(input_ids, attention_mask)[0]
        image_embeds = image_embeds / image_embeds.norm(p=2, dim=-1, keepdim=True)
        text_embeds = text_embeds / text_embeds.norm(p=2, dim=-1, keepdim=True)
        logits_per_text = text_embeds @ image_embeds.t() * self.clip.logit_scale.exp()
        return logits_per_text.t(), logits_per_text, text_embeds, image_embeds


class Tower(nn.Module):
    """One tower of the CLIP model as a graph of its own, like the Hugging Face export's vision, text and projection
    files: `clip.<name>` called, or its `method`. The tower keeps its attribute name, so its weights keep their names."""

    def __init__(self, clip, name, method=None):
        super().__init__()
        self.name = name
        self.method = method
        self.add_module(name, getattr(clip, name))

    def forward(self, x):
        tower = getattr(self, self.name)
        return tower(x) if self.method is None else getattr(tower, self.method)(x)


def build(vocab_size):
    torch.manual_seed(SEED)
    return TinyClip(vocab_size).eval()


def dummy_ids(vocab_size, b):
    ids = torch.full((b, TOKENS), vocab_size - 1, dtype=torch.int64)
    ids[:, 0] = vocab_size - 2
    ids[:, 1:4] = torch.tensor([300, 301, 302])
    return ids


def make(out):
    shutil.rmtree(out, ignore_errors=True)
    vocab_size = write_tokenizer(out)
    clip = build(vocab_size)
    pixels = torch.randn(2, 3, IMAGE, IMAGE)
    ids = dummy_ids(vocab_size, 2)
    text_axes = {0: "text_batch_size", 1: "sequence_length"}
    image_axes = {0: "image_batch_size", 1: "num_channels", 2: "height", 3: "width"}
    graphs = {
        "model": export_module(Monolithic(clip), (ids, pixels, torch.ones_like(ids)), out / "model.onnx",
                               ["input_ids", "pixel_values", "attention_mask"],
                               ["logits_per_image", "logits_per_text", "text_embeds", "image_embeds"],
                               {"input_ids": text_axes, "attention_mask": text_axes, "pixel_values": image_axes,
                                "logits_per_image": {0: "image_batch_size", 1: "text_batch_size"},
                                "logits_per_text": {0: "text_batch_size", 1: "image_batch_size"},
                                "text_embeds": {0: "text_batch_size"}, "image_embeds": {0: "image_batch_size"}}),
        "vision_model": export_module(Tower(clip, "vision"), (pixels,), out / "vision_model.onnx",
                                      ["pixel_values"], ["image_embeds", "last_hidden_state"],
                                      {"pixel_values": {0: "batch_size", 1: "num_channels", 2: "height", 3: "width"},
                                       "image_embeds": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}}),
        "text_model": export_module(Tower(clip, "text"), (ids,), out / "text_model.onnx",
                                    ["input_ids"], ["text_embeds", "last_hidden_state"],
                                    {"input_ids": {0: "batch_size", 1: "sequence_length"},
                                     "text_embeds": {0: "batch_size"},
                                     "last_hidden_state": {0: "batch_size", 1: "sequence_length"}}),
        "visual_projection": export_module(Tower(clip, "vision", "project"), (torch.randn(2, 50, DV),),
                                           out / "visual_projection.onnx", ["last_hidden_state"], ["patch_embeds"],
                                           {"last_hidden_state": {0: "batch_size", 1: "sequence_length"},
                                            "patch_embeds": {0: "batch_size", 1: "sequence_length"}}),
    }
    special = json.loads((out / "special_tokens_map.json").read_text())
    write_json(out / "config.json", {
        "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": PROJ,
        "logit_scale_init_value": LOGIT_SCALE, "torch_dtype": "float32",
        "text_config": {"model_type": "clip_text_model", "vocab_size": vocab_size, "hidden_size": DT,
                        "intermediate_size": 4 * DT, "num_hidden_layers": LAYERS, "num_attention_heads": DT_HEADS,
                        "max_position_embeddings": TOKENS, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5,
                        "bos_token_id": vocab_size - 2, "eos_token_id": vocab_size - 1, "pad_token_id": 1,
                        "projection_dim": PROJ},
        "vision_config": {"model_type": "clip_vision_model", "hidden_size": DV, "intermediate_size": 4 * DV,
                          "num_hidden_layers": LAYERS, "num_attention_heads": DV_HEADS, "num_channels": 3,
                          "image_size": IMAGE, "patch_size": PATCH, "hidden_act": "quick_gelu",
                          "layer_norm_eps": 1e-5, "projection_dim": PROJ}})
    assert special["pad_token"] == "<|endoftext|>"
    # what CLIPProcessor.save_pretrained writes for openai/clip-vit-base-patch32 (modern key layout)
    write_json(out / "preprocessor_config.json", {
        "crop_size": {"height": IMAGE, "width": IMAGE}, "do_center_crop": True, "do_convert_rgb": True,
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": CLIP_MEAN,
        "image_processor_type": "CLIPImageProcessor", "image_std": CLIP_STD, "processor_class": "CLIPProcessor",
        "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": IMAGE}})
    write_json(out / "bundle.json", {
        "name": "clip-hf-fixture", "version": "fixture-1", "kind": "clip-hf",
        "description": "Random-weight fixture with the Hugging Face / Optimum ONNX signatures of "
                       "openai/clip-vit-base-patch32 (224 px, 32 px patches); widths 16/32, projection 16.",
        "signatures": {role: describe(model) for role, model in graphs.items()}})


class WrongVision(nn.Module):
    """CLIPVisionModel without projection (the stock clip_vision_model export): last_hidden_state + pooler_output."""

    def forward(self, pixel_values):
        h = pixel_values.mean(dim=1).flatten(1)[:, None, :8].repeat(1, 5, 1)
        return h, h[:, 0]


class RankThreeVision(nn.Module):
    def forward(self, pixel_values):
        h = pixel_values[:, :, :8]
        return h.mean(dim=1), h


class FloatIdsText(nn.Module):
    def forward(self, input_ids):
        h = input_ids[:, :, None].repeat(1, 1, 8)
        return h[:, 0], h


def make_wrong_exports(out):
    out.mkdir(parents=True, exist_ok=True)
    export_module(WrongVision(), (torch.rand(1, 3, 16, 16),), out / "vision_without_projection.onnx",
                  ["pixel_values"], ["last_hidden_state", "pooler_output"], {"pixel_values": {0: "batch_size"}})
    export_module(RankThreeVision(), (torch.rand(1, 3, 16),), out / "vision_rank3.onnx",
                  ["pixel_values"], ["image_embeds", "last_hidden_state"], {"pixel_values": {0: "batch_size"}})
    export_module(FloatIdsText(), (torch.rand(1, TOKENS),), out / "text_float_ids.onnx",
                  ["input_ids"], ["text_embeds", "last_hidden_state"], {"input_ids": {0: "batch_size"}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or REPO / "models" / "fixtures" / "clip-hf"
    make(out)
    if args.out is None:
        make_wrong_exports(REPO / "services" / "platform-onnx" / "src" / "test" / "resources" / "wrong-exports")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"wrote {out} ({size / 1e3:.0f} KB)")


if __name__ == "__main__":
    main()

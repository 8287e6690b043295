#!/usr/bin/python3
"""Build the DINO fixture bundle: a tiny seeded ViT with the DINOv2 Optimum ONNX signature.

    /usr/bin/python3 models/scripts/make_dino_fixture.py            # writes models/fixtures/dino/
    /usr/bin/python3 models/scripts/make_dino_fixture.py --out DIR  # somewhere else

A Hugging Face DINOv2 export (`optimum-cli export onnx --model facebook/dinov2-small out/`) takes
`pixel_values` f32[B,3,H,W] and returns `last_hidden_state` f32[B,1+N,D] (CLS token first) and
`pooler_output` f32[B,D] (the layer-normed CLS token), next to the model's `config.json` and its
`preprocessor_config.json` (BitImageProcessor: shortest edge 256, bicubic, centre crop 224, ImageNet mean/std).
This fixture has exactly those names, patch 14, 224/4 = 56 pixels (16 patches), width 32, two pre-norm
blocks, random weights: the scorer's DINO path runs for real, its numbers mean nothing. Its
preprocessor_config.json keeps DINOv2's ratio at this size: shortest edge 64 (= 256/4), crop 56 (= 224/4).
Deterministic (torch.manual_seed before building), opset 17.
"""
import argparse
import json
from pathlib import Path

import onnx
import torch
from torch import nn

OPSET = 17
SIZE, PATCH, WIDTH, HEADS, DEPTH = 56, 14, 32, 4, 2
RESIZE = 64  # shortest edge before the centre crop: DINOv2's 256 -> 224, scaled by 1/4
SEED = 20240501
IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.proj = nn.Linear(WIDTH, WIDTH)
        self.norm2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, 4 * WIDTH), nn.GELU(), nn.Linear(4 * WIDTH, WIDTH))

    def forward(self, x):
        # plain attention: torch 1.13 cannot export nn.MultiheadAttention's fused kernel
        b, n, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).reshape(b, n, 3, HEADS, WIDTH // HEADS).permute(2, 0, 3, 1, 4)
        weights = torch.softmax(q @ k.transpose(-2, -1) / (WIDTH // HEADS) ** 0.5, dim=-1)
        x = x + self.proj((weights @ v).transpose(1, 2).reshape(b, n, WIDTH))
        return x + self.mlp(self.norm2(x))


class TinyDino(nn.Module):
    def __init__(self):
        super().__init__()
        patches = (SIZE // PATCH) ** 2
        self.patch = nn.Conv2d(3, WIDTH, PATCH, PATCH)
        self.cls = nn.Parameter(torch.randn(1, 1, WIDTH) * 0.5)
        self.pos = nn.Parameter(torch.randn(1, 1 + patches, WIDTH) * 0.1)
        self.blocks = nn.ModuleList(Block() for _ in range(DEPTH))
        self.norm = nn.LayerNorm(WIDTH)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return x, x[:, 0]


def build():
    torch.manual_seed(SEED)
    return TinyDino().eval()


def preprocessor_config(resize, crop):
    """facebook/dinov2-*'s preprocessor_config.json (BitImageProcessor) with the given sizes."""
    return {"crop_size": {"height": crop, "width": crop}, "do_center_crop": True, "do_convert_rgb": True,
            "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": IMAGENET_MEAN,
            "image_processor_type": "BitImageProcessor", "image_std": IMAGENET_STD, "resample": 3,
            "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": resize}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "fixtures" / "dino")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    model = build()
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), str(out / "model.onnx"),
                          input_names=["pixel_values"], output_names=["last_hidden_state", "pooler_output"],
                          dynamic_axes={"pixel_values": {0: "B"}, "last_hidden_state": {0: "B"}, "pooler_output": {0: "B"}},
                          opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(str(out / "model.onnx")))
    tokens = 1 + (SIZE // PATCH) ** 2
    manifest = {
        "name": "dino-fixture", "version": "fixture-1", "kind": "dino",
        "description": "Random-weight fixture with the DINOv2 Optimum signature; the scorer compares pooler_output (CLS) embeddings.",
        "files": {"model": "model.onnx"},
        "signatures": {"model": {
            "inputs": {"pixel_values": {"dtype": "float32", "shape": ["B", 3, SIZE, SIZE]}},
            "outputs": {"last_hidden_state": {"dtype": "float32", "shape": ["B", tokens, WIDTH]},
                        "pooler_output": {"dtype": "float32", "shape": ["B", WIDTH]}}}},
    }
    (out / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n")
    config = {"architectures": ["Dinov2Model"], "model_type": "dinov2", "hidden_size": WIDTH, "image_size": SIZE,
              "patch_size": PATCH, "num_attention_heads": HEADS, "num_hidden_layers": DEPTH, "mlp_ratio": 4,
              "num_channels": 3, "layer_norm_eps": 1e-5, "torch_dtype": "float32"}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (out / "preprocessor_config.json").write_text(json.dumps(preprocessor_config(RESIZE, SIZE), indent=2) + "\n")
    print("wrote", out)


if __name__ == "__main__":
    main()

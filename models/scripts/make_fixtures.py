#!/usr/bin/python3
"""Build the EditStream test fixture bundles: small seeded networks with the real bundle signatures.

Run from anywhere with the Debian interpreter (torch 1.13 and onnx come from Debian; if `import torch`
fails: `apt-get install -y python3-torch python3-onnx`):

    /usr/bin/python3 models/scripts/make_fixtures.py            # writes models/fixtures/
    /usr/bin/python3 models/scripts/make_fixtures.py --out DIR  # somewhere else

The output is deterministic (every network is built right after torch.manual_seed) and is committed,
so the Java build never needs Python. Layout and signatures: models/README.md and docs/contracts.md.
"""
import argparse
import json
import shutil
from pathlib import Path

import onnx
import torch
from onnx import TensorProto, helper

import vocab
from fixture_nets import (D, DC, G, L, S, T, NUM_PATCHES, REASONING_TYPES, ClipImageEncoder,
                          ClipTextEncoder, Fusion, ReasonerDecoder, ReasonerEncoder)
from fixture_renderer_nets import LATENT, TinyUNet, VaeDecoder, VaeEncoder

OPSET = 17
VERSION = "fixture-1"
CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]
SCALING_FACTOR = 0.18215
ONNX_TYPES = {1: "float32", 7: "int64", 10: "float16"}


def export_module(module, args, path, inputs, outputs, dynamic):
    """Export a module at opset 17 (eval mode, no grad), check the graph and return it. Every bundle
    script (fixtures, Optimum fixture, trained defaults) exports through here."""
    module.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(str(path))
    onnx.checker.check_model(model)
    return model


def signature(model):
    return {"inputs": describe(model.graph.input), "outputs": describe(model.graph.output)}


def export(seed, factory, args, path, inputs, outputs, dynamic):
    """Seed, build, export at opset 17, check, and return the graph's signature for the manifest."""
    torch.manual_seed(seed)
    return signature(export_module(factory(), args, path, inputs, outputs, dynamic))


def describe(values):
    out = {}
    for v in values:
        t = v.type.tensor_type
        dims = [d.dim_param if d.dim_param else d.dim_value for d in t.shape.dim]
        out[v.name] = {"dtype": ONNX_TYPES[t.elem_type], "shape": dims}
    return out


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2) + "\n")


def sample_text(batch=1):
    ids = torch.randint(4, 100, (batch, T), dtype=torch.long)
    mask = torch.ones(batch, T, dtype=torch.long)
    mask[:, 10:] = 0
    return ids, mask


def make_clip(out, words):
    v = len(words)
    sig = {
        "image_encoder": export(11, ClipImageEncoder, (torch.randn(2, 3, S, S),), out / "image_encoder.onnx",
                                ["pixel_values"], ["patch_tokens", "image_embeds"],
                                {"pixel_values": {0: "B"}, "patch_tokens": {0: "B"}, "image_embeds": {0: "B"}}),
        "text_encoder": export(12, lambda: ClipTextEncoder(v), sample_text(2), out / "text_encoder.onnx",
                               ["input_ids", "attention_mask"], ["token_states", "text_embeds"],
                               {"input_ids": {0: "B"}, "attention_mask": {0: "B"},
                                "token_states": {0: "B"}, "text_embeds": {0: "B"}}),
    }
    write_json(out / "bundle.json", {
        "name": "clip-fixture", "version": VERSION, "kind": "clip",
        "description": "Random-weight fixture with the CLIP bundle signature (patch tokens + unit embeddings).",
        "files": {"image_encoder": "image_encoder.onnx", "text_encoder": "text_encoder.onnx", "vocab": "vocab.txt"},
        "tokenizer": "vocab.txt", "imageSize": S, "mean": CLIP_MEAN, "std": CLIP_STD,
        "maxTokens": T, "embedDim": D, "patchTokens": NUM_PATCHES, "vocabSize": v, "signatures": sig})


def make_reasoner(out, words):
    v = len(words)
    ids, mask = sample_text()
    sig = {
        "encoder": export(21, lambda: ReasonerEncoder(v), (torch.randn(1, 3, S, S), ids, mask),
                          out / "encoder.onnx", ["pixel_values", "input_ids", "attention_mask"],
                          ["memory", "reasoning_logits", "guidance"], None),
        "decoder": export(22, lambda: ReasonerDecoder(v),
                          (torch.randn(1, NUM_PATCHES + T, D), torch.tensor([[2, 40, 41]], dtype=torch.long)),
                          out / "decoder.onnx", ["memory", "decoder_input_ids"], ["logits"],
                          {"memory": {1: "M"}, "decoder_input_ids": {1: "t"}, "logits": {1: "t"}}),
    }
    write_json(out / "bundle.json", {
        "name": "reasoner-fixture", "version": VERSION, "kind": "reasoner",
        "description": "Random-weight fixture with the reasoner signature; greedy decoding runs in Java.",
        "files": {"encoder": "encoder.onnx", "decoder": "decoder.onnx", "vocab": "vocab.txt"},
        "tokenizer": "vocab.txt", "imageSize": S, "mean": CLIP_MEAN, "std": CLIP_STD,
        "maxTokens": T, "maxDecodeTokens": T, "maxDecoderPositions": ReasonerDecoder.MAX_POSITIONS,
        "memoryTokens": NUM_PATCHES + T, "guidanceTokens": G, "embedDim": D, "vocabSize": v,
        "reasoningTypes": REASONING_TYPES, "signatures": sig})


def make_enhancer(out):
    cue_mask = torch.tensor([[1.0, 1.0, 1.0, 0.0, 0.0]])
    sig = {"fusion": export(31, Fusion, (torch.randn(1, G, D), torch.randn(1, 5, D), cue_mask), out / "fusion.onnx",
                            ["guidance", "cues", "cue_mask"], ["conditioning"],
                            {"cues": {1: "K"}, "cue_mask": {1: "K"}})}
    write_json(out / "bundle.json", {
        "name": "enhancer-fixture", "version": VERSION, "kind": "enhancer",
        "description": "Random-weight fixture: guidance reads the cues (masked cross-attention), L slots read that.",
        "files": {"fusion": "fusion.onnx"}, "guidanceTokens": G, "cueDim": D,
        "conditioningTokens": L, "conditioningDim": DC, "signatures": sig})


def make_renderer(out):
    h = S // 4
    b = 2
    sig = {
        "unet": export(41, TinyUNet, (torch.randn(b, 2 * LATENT, h, h), torch.tensor([999.0, 500.0]),
                                      torch.randn(b, L, DC)), out / "unet" / "model.onnx",
                       ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                       {"sample": {0: "B", 2: "h", 3: "w"}, "timestep": {0: "B"},
                        "encoder_hidden_states": {0: "B", 1: "L"}, "out_sample": {0: "B", 2: "h", 3: "w"}}),
        "vae_encoder": export(42, VaeEncoder, (torch.rand(b, 3, S, S) * 2 - 1,), out / "vae_encoder" / "model.onnx",
                              ["sample"], ["latent_parameters"],
                              {"sample": {0: "B", 2: "H", 3: "W"}, "latent_parameters": {0: "B", 2: "h", 3: "w"}}),
        "vae_decoder": export(43, VaeDecoder, (torch.randn(b, LATENT, h, h),), out / "vae_decoder" / "model.onnx",
                              ["latent_sample"], ["sample"],
                              {"latent_sample": {0: "B", 2: "h", 3: "w"}, "sample": {0: "B", 2: "H", 3: "W"}}),
    }
    write_optimum_configs(out, h)
    write_json(out / "bundle.json", {
        "name": "renderer-fixture", "version": VERSION, "kind": "renderer", "layout": "optimum",
        "unconditional": "zeros",
        "description": "Random-weight fixture in the Optimum ONNX layout of an InstructPix2Pix pipeline.",
        "files": {"unet": "unet/model.onnx", "vae_encoder": "vae_encoder/model.onnx",
                  "vae_decoder": "vae_decoder/model.onnx", "scheduler": "scheduler/scheduler_config.json",
                  "model_index": "model_index.json"},
        "imageSize": S, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "latentChannels": LATENT,
        "latentDownsample": 4, "scalingFactor": SCALING_FACTOR, "conditioningTokens": L,
        "conditioningDim": DC, "signatures": sig})


def write_optimum_configs(out, h):
    write_json(out / "model_index.json", {
        "_class_name": "ORTStableDiffusionInstructPix2PixPipeline", "_diffusers_version": "0.25.0",
        "scheduler": ["diffusers", "EulerAncestralDiscreteScheduler"],
        "unet": ["diffusers", "OnnxRuntimeModel"], "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
        "vae_encoder": ["diffusers", "OnnxRuntimeModel"], "requires_safety_checker": False})
    write_json(out / "unet" / "config.json", {
        "_class_name": "UNet2DConditionModel", "in_channels": 2 * LATENT, "out_channels": LATENT,
        "sample_size": h, "cross_attention_dim": DC})
    for part in ("vae_encoder", "vae_decoder"):
        write_json(out / part / "config.json", {
            "_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3, "latent_channels": LATENT,
            "sample_size": S, "scaling_factor": SCALING_FACTOR})
    write_json(out / "scheduler" / "scheduler_config.json", {
        "_class_name": "EulerAncestralDiscreteScheduler", "_diffusers_version": "0.25.0",
        "num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012,
        "beta_schedule": "scaled_linear", "prediction_type": "epsilon", "timestep_spacing": "linspace",
        "steps_offset": 1, "trained_betas": None})


def make_fp16_probe(path):
    """A hand-built fp16 graph for platform-onnx's conversion test: y = 2x + ids (fp16), argmax(x) (int64)."""
    two = helper.make_tensor("two", TensorProto.FLOAT16, [], [2.0])
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "two"], ["scaled"]),
         helper.make_node("Cast", ["ids"], ["ids_half"], to=TensorProto.FLOAT16),
         helper.make_node("Add", ["scaled", "ids_half"], ["y"]),
         helper.make_node("ArgMax", ["x"], ["argmax"], axis=1, keepdims=0)],
        "fp16_probe",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, ["B", 4]),
         helper.make_tensor_value_info("ids", TensorProto.INT64, ["B", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, ["B", 4]),
         helper.make_tensor_value_info("argmax", TensorProto.INT64, ["B"])],
        initializer=[two])
    save_probe(graph, path)


def save_probe(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="make_fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


def make_bf16_probe(path):
    """A bfloat16-IO graph (FLUX checkpoints ship bf16): y = bf16(2 * float(x)); the casts keep CPU kernels available."""
    two = helper.make_tensor("two", TensorProto.FLOAT, [], [2.0])
    graph = helper.make_graph(
        [helper.make_node("Cast", ["x"], ["x32"], to=TensorProto.FLOAT),
         helper.make_node("Mul", ["x32", "two"], ["y32"]),
         helper.make_node("Cast", ["y32"], ["y"], to=TensorProto.BFLOAT16)],
        "bf16_probe",
        [helper.make_tensor_value_info("x", TensorProto.BFLOAT16, ["B", 4])],
        [helper.make_tensor_value_info("y", TensorProto.BFLOAT16, ["B", 4])],
        initializer=[two])
    save_probe(graph, path)


def main():
    repo = Path(__file__).resolve().parent.parent.parent
    default_out = repo / "models" / "fixtures"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out)
    out = parser.parse_args().out
    words = vocab.words()
    for name in ("clip", "reasoner", "enhancer", "renderer"):
        shutil.rmtree(out / name, ignore_errors=True)
        (out / name).mkdir(parents=True)
    for name in ("clip", "reasoner"):
        (out / name / "vocab.txt").write_text("\n".join(words) + "\n")
    torch.manual_seed(0)
    make_clip(out / "clip", words)
    make_reasoner(out / "reasoner", words)
    make_enhancer(out / "enhancer")
    make_renderer(out / "renderer")
    make_fp16_probe(repo / "services" / "platform-onnx" / "src" / "test" / "resources" / "fp16_probe.onnx")
    make_bf16_probe(repo / "services" / "platform-onnx" / "src" / "test" / "resources" / "bf16_probe.onnx")
    for bundle in sorted(p for p in out.iterdir() if p.is_dir()):
        size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
        print(f"{bundle.name:10s} {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()

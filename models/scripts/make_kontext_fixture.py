#!/usr/bin/python3
"""Build the tiny FLUX.1 Kontext bundle with the exact Optimum ONNX export layout of black-forest-labs/FLUX.1-Kontext-dev.

    /usr/bin/python3 models/scripts/make_kontext_fixture.py            # writes models/fixtures/flux-kontext-tiny/
    /usr/bin/python3 models/scripts/make_kontext_fixture.py --out DIR  # (and the kontext-bad/ graphs beside the renderer tests)

What `optimum-cli export onnx --model black-forest-labs/FLUX.1-Kontext-dev` writes, with small seeded weights:
  transformer/model.onnx (+ model.onnx_data, external weights as a 12B export needs)
      hidden_states f32 [batch_size, packed_height_width, 64], encoder_hidden_states f32 [batch_size, sequence_length, 32],
      pooled_projections f32 [batch_size, 32], timestep f32 [step], img_ids f32 [packed_height_width, 3],
      txt_ids f32 [sequence_length, 3], guidance f32 [batch_size] -> out_hidden_states f32 [batch_size, packed_height_width, 64]
  text_encoder/model.onnx    input_ids int64 [batch_size, sequence_length] -> last_hidden_state [B, L, 32], pooler_output [B, 32]
  text_encoder_2/model.onnx  input_ids int64 [batch_size, sequence_length] -> last_hidden_state [B, L, 32]
  vae_encoder/model.onnx     sample [B,3,H,W] -> latent_parameters [B,32,H/8,W/8]   (mean ⊕ logvar)
  vae_decoder/model.onnx     latent_sample [B,16,h,w] -> sample [B,3,8h,8w]
  tokenizer/    CLIP byte-level BPE (make_optimum_fixture.write_tokenizer, 77 tokens)
  tokenizer_2/  T5 sentencepiece unigram (spiece.model, tokenizer.json, tokenizer_config.json, special_tokens_map.json)
  scheduler/scheduler_config.json  Kontext-dev's FlowMatchEulerDiscreteScheduler
  model_index.json, */config.json, bundle.json
The widths are 32 (768 pooled CLIP and 4096 T5 in the real checkpoint), the transformer has one double- and one
single-stream block of 2 heads × 16 (19 + 38 blocks of 24 × 128 in the real one), RoPE axes [4, 6, 6] ([16, 56, 56]).
Also writes services/diffusion-renderer/src/test/resources/kontext-bad/: three wrong graphs, each to be laid over a
copy of the fixture at the same relative path. Deterministic (torch.manual_seed before each network, sentencepiece
trained single-threaded), byte-identical on rerun.
"""
import argparse
import json
import shutil
from pathlib import Path

import onnx
import torch
from onnx import TensorProto, helper

import vocab
from kontext_fixture_nets import (LATENT, SCALING_FACTOR, SHIFT_FACTOR, ClipText, FluxTransformer, T5Encoder,
                                  VaeDecoder, VaeEncoder)
from make_fixtures import OPSET, export_module
from make_optimum_fixture import cast_io, describe, write_json
from make_optimum_fixture import write_tokenizer as write_clip_tokenizer
from make_t5_tokenizer import write_tokenizer

REPO = Path(__file__).resolve().parents[2]
NAME, VERSION = "flux-kontext-tiny", "fixture-1"
CLIP_TOKENS, T5_TOKENS = 77, 512
DP, DT = 32, 32                      # pooled CLIP width (pooled_projection_dim), T5 width (joint_attention_dim)
TRANSFORMER = dict(in_channels=64, num_layers=1, num_single_layers=1, attention_head_dim=16, num_attention_heads=2,
                   joint_attention_dim=DT, pooled_projection_dim=DP, axes_dims_rope=(4, 6, 6))
TRANSFORMER_GAIN = 1.5
T5 = dict(d_model=DT, d_kv=8, heads=4, d_ff=64, layers=2, num_buckets=32, max_distance=128)
CLIP = dict(dim=DP, layers=2, heads=2, positions=CLIP_TOKENS)
SEEDS = {"text_encoder": 61, "text_encoder_2": 62, "transformer": 63, "vae_encoder": 64, "vae_decoder": 65}
LONG_SIDE = 64
BAD = REPO / "services" / "diffusion-renderer" / "src" / "test" / "resources" / "kontext-bad"


# ---------------------------------------------------------------- networks


def build(role, vocab_size=None):
    """The fixture's network for a role, rebuilt from its seed (kontext_reference.py calls this too)."""
    torch.manual_seed(SEEDS[role])
    module = {"text_encoder": lambda: ClipText(vocab_size, **CLIP),
              "text_encoder_2": lambda: T5Encoder(vocab_size, **T5),
              "transformer": lambda: FluxTransformer(**TRANSFORMER, gain=TRANSFORMER_GAIN),
              "vae_encoder": VaeEncoder, "vae_decoder": VaeDecoder}[role]()
    return module.eval()


def set_shapes(model, shapes):
    """Declare each named graph input/output's shape (dim names for dynamic axes, ints for static ones)."""
    for value in list(model.graph.input) + list(model.graph.output):
        if value.name in shapes:
            dims = value.type.tensor_type.shape.dim
            del dims[:]
            for d in shapes[value.name]:
                dim = dims.add()
                if isinstance(d, str):
                    dim.dim_param = d
                else:
                    dim.dim_value = d
    onnx.checker.check_model(model)
    return model


def export(role, module, args, out, inputs, outputs, shapes):
    dynamic = {name: {i: d for i, d in enumerate(dims) if isinstance(d, str)} for name, dims in shapes.items()}
    path = out / role / "model.onnx"
    model = set_shapes(export_module(module, args, path, inputs, outputs, dynamic), shapes)
    if role == "transformer":
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx_data", size_threshold=0)
    else:
        onnx.save(model, str(path))
    return model


TRANSFORMER_SHAPES = {
    "hidden_states": ["batch_size", "packed_height_width", 64],
    "encoder_hidden_states": ["batch_size", "sequence_length", DT],
    "pooled_projections": ["batch_size", DP],
    "timestep": ["step"],
    "img_ids": ["packed_height_width", 3],
    "txt_ids": ["sequence_length", 3],
    "guidance": ["batch_size"],
    "out_hidden_states": ["batch_size", "packed_height_width", 64]}
TRANSFORMER_INPUTS = ["hidden_states", "encoder_hidden_states", "pooled_projections", "timestep", "img_ids", "txt_ids",
                      "guidance"]


def transformer_args(b=2, image=24, text=16):
    g = torch.Generator().manual_seed(0)
    ids = torch.zeros(image, 3)
    ids[:, 1], ids[:, 2] = torch.arange(image) // 4, torch.arange(image) % 4
    return (torch.randn(b, image, 64, generator=g), torch.randn(b, text, DT, generator=g), torch.randn(b, DP, generator=g),
            torch.tensor([1.0, 0.5])[:b], ids, torch.zeros(text, 3), torch.full((b,), 2.5))


def make(out):
    shutil.rmtree(out, ignore_errors=True)
    clip_vocab = write_clip_tokenizer(out / "tokenizer")
    t5_vocab = write_tokenizer(out / "tokenizer_2")
    b, size = 2, LONG_SIDE
    h = size // 8
    clip_ids = torch.full((b, CLIP_TOKENS), clip_vocab - 1, dtype=torch.int64)
    clip_ids[:, 0] = clip_vocab - 2
    t5_ids = torch.zeros((b, 24), dtype=torch.int64)
    t5_ids[:, :5] = torch.tensor([7, 8, 9, 10, 1])
    graphs = {
        "text_encoder": export("text_encoder", build("text_encoder", clip_vocab), (clip_ids,), out, ["input_ids"],
                               ["last_hidden_state", "pooler_output"],
                               {"input_ids": ["batch_size", "sequence_length"],
                                "last_hidden_state": ["batch_size", "sequence_length", DP],
                                "pooler_output": ["batch_size", DP]}),
        "text_encoder_2": export("text_encoder_2", build("text_encoder_2", t5_vocab), (t5_ids,), out, ["input_ids"],
                                 ["last_hidden_state"],
                                 {"input_ids": ["batch_size", "sequence_length"],
                                  "last_hidden_state": ["batch_size", "sequence_length", DT]}),
        "transformer": export("transformer", build("transformer"), transformer_args(), out, TRANSFORMER_INPUTS,
                              ["out_hidden_states"], TRANSFORMER_SHAPES),
        "vae_encoder": export("vae_encoder", build("vae_encoder"), (torch.rand(b, 3, size, size) * 2 - 1,), out,
                              ["sample"], ["latent_parameters"],
                              {"sample": ["batch_size", 3, "height", "width"],
                               "latent_parameters": ["batch_size", 2 * LATENT, "height_latent", "width_latent"]}),
        "vae_decoder": export("vae_decoder", build("vae_decoder"), (torch.randn(b, LATENT, h, h),), out,
                              ["latent_sample"], ["sample"],
                              {"latent_sample": ["batch_size", LATENT, "height_latent", "width_latent"],
                               "sample": ["batch_size", 3, "height", "width"]}),
    }
    write_configs(out, clip_vocab, t5_vocab)
    write_json(out / "bundle.json", {
        "name": NAME, "version": VERSION, "kind": "renderer", "layout": "optimum", "family": "flux-kontext",
        "description": "Random-weight fixture with the exact Optimum ONNX layout and signatures of "
                       "black-forest-labs/FLUX.1-Kontext-dev (transformer weights as external data); CLIP and T5 "
                       "widths 32 instead of 768 and 4096, one double- and one single-stream block.",
        "guidance": {"text": 2.5}, "maxSequenceLength": T5_TOKENS, "autoResize": False, "longSide": LONG_SIDE,
        "signatures": {role: describe(model) for role, model in graphs.items()}})
    return graphs


def write_configs(out, clip_vocab, t5_vocab):
    write_json(out / "model_index.json", {
        "_class_name": "FluxKontextPipeline", "_diffusers_version": "0.35.0.dev0",
        "feature_extractor": [None, None], "image_encoder": [None, None],
        "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
        "text_encoder": ["transformers", "CLIPTextModel"], "text_encoder_2": ["transformers", "T5EncoderModel"],
        "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "T5TokenizerFast"],
        "transformer": ["diffusers", "FluxTransformer2DModel"], "vae": ["diffusers", "AutoencoderKL"]})
    write_json(out / "transformer" / "config.json", dict(
        {"_class_name": "FluxTransformer2DModel", "_diffusers_version": "0.35.0.dev0", "patch_size": 1,
         "out_channels": None, "guidance_embeds": True},
        **{k: (list(v) if isinstance(v, tuple) else v) for k, v in TRANSFORMER.items()}))
    write_json(out / "text_encoder" / "config.json", {
        "architectures": ["CLIPTextModel"], "model_type": "clip_text_model", "hidden_act": "quick_gelu",
        "hidden_size": DP, "intermediate_size": 4 * DP, "num_attention_heads": CLIP["heads"],
        "num_hidden_layers": CLIP["layers"], "max_position_embeddings": CLIP_TOKENS, "layer_norm_eps": 1e-5,
        "projection_dim": DP, "vocab_size": clip_vocab, "bos_token_id": clip_vocab - 2,
        "eos_token_id": clip_vocab - 1, "pad_token_id": clip_vocab - 1, "torch_dtype": "float32"})
    write_json(out / "text_encoder_2" / "config.json", {
        "architectures": ["T5EncoderModel"], "model_type": "t5", "d_model": DT, "d_kv": T5["d_kv"],
        "d_ff": T5["d_ff"], "num_heads": T5["heads"], "num_layers": T5["layers"], "num_decoder_layers": T5["layers"],
        "relative_attention_num_buckets": T5["num_buckets"], "relative_attention_max_distance": T5["max_distance"],
        "feed_forward_proj": "gated-gelu", "dense_act_fn": "gelu_new", "is_gated_act": True,
        "layer_norm_epsilon": 1e-6, "dropout_rate": 0.1, "is_encoder_decoder": True, "tie_word_embeddings": False,
        "vocab_size": t5_vocab, "pad_token_id": 0, "eos_token_id": 1, "decoder_start_token_id": 0,
        "torch_dtype": "float32"})
    vae = {"_class_name": "AutoencoderKL", "_diffusers_version": "0.35.0.dev0", "act_fn": "silu",
           "block_out_channels": [16, 16, 16, 16], "down_block_types": ["DownEncoderBlock2D"] * 4,
           "up_block_types": ["UpDecoderBlock2D"] * 4, "force_upcast": True, "in_channels": 3, "out_channels": 3,
           "latent_channels": LATENT, "latents_mean": None, "latents_std": None, "layers_per_block": 1,
           "mid_block_add_attention": False, "norm_num_groups": 8, "sample_size": LONG_SIDE,
           "scaling_factor": SCALING_FACTOR, "shift_factor": SHIFT_FACTOR, "use_post_quant_conv": False,
           "use_quant_conv": False}
    for part in ("vae_encoder", "vae_decoder"):
        write_json(out / part / "config.json", vae)
    # black-forest-labs/FLUX.1-Kontext-dev scheduler/scheduler_config.json
    write_json(out / "scheduler" / "scheduler_config.json", {
        "_class_name": "FlowMatchEulerDiscreteScheduler", "_diffusers_version": "0.35.0.dev0",
        "base_image_seq_len": 256, "base_shift": 0.5, "invert_sigmas": False, "max_image_seq_len": 4096,
        "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 3.0, "shift_terminal": None,
        "stochastic_sampling": False, "time_shift_type": "exponential", "use_beta_sigmas": False,
        "use_dynamic_shifting": True, "use_exponential_sigmas": False, "use_karras_sigmas": False})


# ---------------------------------------------------------------- wrong exports


def tiny_graph(name, nodes, inputs, outputs, initializers=()):
    def value(n, dtype, dims):
        return helper.make_tensor_value_info(n, dtype, dims)
    graph = helper.make_graph(nodes, name, [value(*i) for i in inputs], [value(*o) for o in outputs],
                              initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="make_kontext_fixture")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def transformer_io(drop=None, output="out_hidden_states"):
    f = TensorProto.FLOAT
    shapes = {k: v for k, v in TRANSFORMER_SHAPES.items() if k != "out_hidden_states"}
    inputs = [(n, f, shapes[n]) for n in TRANSFORMER_INPUTS if n != drop]
    return inputs, [(output, f, TRANSFORMER_SHAPES["out_hidden_states"])]


def make_bad(out):
    """Three wrong exports, each at the path it replaces in a copy of the fixture (its README says which)."""
    shutil.rmtree(out, ignore_errors=True)
    cases = {}
    inputs, outputs = transformer_io(drop="guidance")
    cases["no-guidance/transformer/model.onnx"] = (
        "a FLUX.1-schnell-style transformer (guidance_embeds false): no `guidance` input",
        tiny_graph("no_guidance", [helper.make_node("Identity", ["hidden_states"], ["out_hidden_states"])], inputs, outputs))
    inputs, outputs = transformer_io(output="out_sample")
    cases["wrong-output/transformer/model.onnx"] = (
        "a transformer whose output is named `out_sample` instead of Optimum's `out_hidden_states`",
        tiny_graph("wrong_output", [helper.make_node("Identity", ["hidden_states"], ["out_sample"])], inputs, outputs))
    wide = 48
    scale = helper.make_tensor("scale", TensorProto.FLOAT, [wide], [0.01 * (i + 1) for i in range(wide)])
    cases["t5-wrong-width/text_encoder_2/model.onnx"] = (
        f"a T5 encoder whose last_hidden_state is {wide} wide while the transformer's encoder_hidden_states takes {DT}",
        tiny_graph("t5_wrong_width", [helper.make_node("Cast", ["input_ids"], ["ids"], to=TensorProto.FLOAT),
                                      helper.make_node("Unsqueeze", ["ids", "axes"], ["column"]),
                                      helper.make_node("Mul", ["column", "scale"], ["last_hidden_state"])],
                   [("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"])],
                   [("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", wide])],
                   [scale, helper.make_tensor("axes", TensorProto.INT64, [1], [2])]))
    lines = ["# Wrong FLUX.1 Kontext exports for the renderer's start-up checks",
             "", "Written by `models/scripts/make_kontext_fixture.py`. Each file replaces the graph at the same relative",
             "path in a copy of `models/fixtures/flux-kontext-tiny/`; the bundle must then be refused at start-up.", ""]
    for rel, (what, model) in cases.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        onnx.save(model, str(path))
        lines.append(f"- `{rel}`: {what}.")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_half_io(bundle, out):
    """kontext-half/{fp16,bf16}/transformer/model.onnx: the fixture's transformer with float16 / bfloat16 inputs and
    output, as fp16 and bf16 exports take and give them. Casts at the border keep fp32 compute (CPU kernels exist);
    the weights stay the fixture's external data (the graphs point at the same model.onnx_data, so the test lays them
    over a copy of the fixture)."""
    for name, elem in (("fp16", TensorProto.FLOAT16), ("bf16", TensorProto.BFLOAT16)):
        model = onnx.load(str(bundle / "transformer" / "model.onnx"), load_external_data=False)
        head, tail = cast_io(model, elem)
        nodes = head + list(model.graph.node) + tail
        del model.graph.node[:]
        model.graph.node.extend(nodes)
        target = out / name / "transformer"
        target.mkdir(parents=True, exist_ok=True)
        onnx.save(model, str(target / "model.onnx"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "models" / "fixtures")
    parser.add_argument("--bad", type=Path, default=BAD)
    args = parser.parse_args()
    bundle = args.out / NAME
    make(bundle)
    make_bad(args.bad)
    half = args.bad.parent / "kontext-half"
    make_half_io(bundle, half)
    for folder in (bundle, args.bad, half):
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        print(f"{folder.name:20s} {size / 1e6:6.3f} MB")


if __name__ == "__main__":
    main()

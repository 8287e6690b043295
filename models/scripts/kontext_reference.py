#!/usr/bin/python3
"""Reference render for the Java FLUX.1 Kontext pipeline: FluxKontextPipeline.__call__ restated in torch float32 on
the flux-kontext-tiny fixture's own networks.

    /usr/bin/python3 models/scripts/kontext_reference.py            # writes models/fixtures/reference/flux-kontext.json,
                                                                    #   kontext-source.png and kontext-expected.png
    /usr/bin/python3 models/scripts/kontext_reference.py --dump DIR # also every graph call's inputs/outputs as raw
                                                                    #   little-endian arrays + calls.json (for checking
                                                                    #   the ONNX graphs against torch elsewhere)

Run make_kontext_fixture.py first; the networks are rebuilt from its seeds and every parameter is asserted to be in
the exported graphs' initializers (as is, or transposed, as torch's exporter folds Linear weights). diffusers is not
installed; this restates, from its source (guidance-distilled Kontext-dev, true CFG off, batch 1, one image):
  - encode_prompt: CLIP ids (CLIPTokenizer, max_length 77, padded with <|endoftext|>) -> pooler_output;
    T5 ids (T5TokenizerFast, max_length 512, truncation keeps 511 pieces + </s>, padded with <pad>=0, no attention
    mask given to the encoder) -> last_hidden_state; text_ids zeros [512, 3];
  - the reference image: the source's sides floored to multiples of 16, no _auto_resize (the fixture's
    "autoResize": false), pixels to [-1, 1] as the Java ImageTensors.toSignedChw does (value / 127.5f - 1f, CHW);
    vae_encoder -> latent_parameters, mode = the mean half (retrieve_latents sample_mode "argmax"),
    (mean - shift_factor) * scaling_factor, _pack_latents, image ids with first coordinate 1;
  - noise: the Java GaussianNoise (SplittableRandom + Box-Muller, restated below) drawn in the unpacked latent
    layout [1, 16, h, w] (C order), then _pack_latents, as prepare_latents packs torch.randn's [B, C, H, W];
    noise ids (0, row, col); the transformer's ids = noise ids then reference ids; its hidden_states = noise
    tokens then reference tokens, and only the first (noise) tokens of its output are kept;
  - sigmas = linspace(1, 1/steps, steps), mu = calculate_shift(noise tokens), FlowMatchEulerDiscreteScheduler
    set_timesteps / step (flow_match_reference.py's functions); transformer timestep = t / 1000 (float32),
    guidance = [guidance_scale];
  - _unpack_latents, latents / scaling_factor + shift_factor, vae_decoder, and the Java 8-bit conversion
    (ImageTensors.fromSignedChw: clamp to [-1, 1], Math.round((v + 1f) * 127.5f)).
Deterministic: byte-identical files on rerun.
"""
import argparse
import contextlib
import hashlib
import io
import json
import math
from pathlib import Path

import numpy as np
import onnx
import sentencepiece as spm
import torch
from onnx import numpy_helper
from PIL import Image

import make_kontext_fixture as fx
from clip_reference import ClipBpe
from kontext_fixture_nets import SCALING_FACTOR, SHIFT_FACTOR

with contextlib.redirect_stdout(io.StringIO()):  # the pinned scheduler formulas; that script prints on import
    import flow_match_reference as fm

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "models" / "fixtures" / fx.NAME
OUT = REPO / "models" / "fixtures" / "reference"
SOURCE_IMAGE, SOURCE_CROP = REPO / "samples" / "tabletop-1.png", (0, 8, 64, 56)  # PIL box: 64×48 from the 64×64 scene
PROMPT, SEED, STEPS, GUIDANCE = "move the green cube to the left of the red cone", 42, 4, 2.5
BATCH_ROW = dict(prompt="leave the red cone where it is", seed=7, guidance=3.5)
VAE_SCALE = 8

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class GaussianNoise:
    """io.editstream.renderer.GaussianNoise: java.util.SplittableRandom(seed) (nextLong = mix64(seed += gamma),
    nextDouble = (nextLong >>> 11) · 2^-53) and Box–Muller with u1 = 1 − nextDouble, u2 = nextDouble: first
    r·cos(2πu2), then the spare r·sin(2πu2); each cast to float."""

    def __init__(self, seed):
        self.seed = seed & MASK64
        self.spare = None

    def next_long(self):
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        radius = math.sqrt(-2.0 * math.log(u1))
        self.spare = radius * math.sin(2 * math.pi * u2)
        return radius * math.cos(2 * math.pi * u2)

    def sample(self, count):
        return np.array([self.next() for _ in range(count)], dtype=np.float64).astype(np.float32)


def pack(latents):
    """FluxKontextPipeline._pack_latents: [B, C, H, W] -> [B, (H/2)(W/2), 4C]."""
    b, c, h, w = latents.shape
    return latents.view(b, c, h // 2, 2, w // 2, 2).permute(0, 2, 4, 1, 3, 5).reshape(b, (h // 2) * (w // 2), c * 4)


def unpack(latents, height, width):
    """_unpack_latents for a pixel height × width."""
    b, _, channels = latents.shape
    h, w = 2 * (height // (VAE_SCALE * 2)), 2 * (width // (VAE_SCALE * 2))
    latents = latents.view(b, h // 2, w // 2, channels // 4, 2, 2).permute(0, 3, 1, 4, 2, 5)
    return latents.reshape(b, channels // 4, h, w)


def image_ids(rows, cols, image):
    """_prepare_latent_image_ids, with ids[..., 0] = image (1 for the Kontext reference)."""
    ids = torch.zeros(rows, cols, 3)
    ids[..., 0] = image
    ids[..., 1] = ids[..., 1] + torch.arange(rows)[:, None]
    ids[..., 2] = ids[..., 2] + torch.arange(cols)[None, :]
    return ids.reshape(rows * cols, 3)


def to_signed_chw(rgb):
    """ImageTensors.toSignedChw for an image already at size: value / 127.5f - 1f in float32, planes R, G, B."""
    return (rgb.astype(np.float32) / np.float32(127.5) - np.float32(1.0)).transpose(2, 0, 1)[None].copy()


def to_rgb(signed):
    """ImageTensors.fromSignedChw: NaN -> 0, clamp to [-1, 1], Math.round((v + 1f) * 127.5f) (= floor(x + 0.5))."""
    v = np.nan_to_num(signed[0].astype(np.float32), nan=0.0)
    v = np.clip(v, np.float32(-1), np.float32(1))
    scaled = (v + np.float32(1)) * np.float32(127.5)
    return np.floor(scaled.astype(np.float64) + 0.5).astype(np.uint8).transpose(1, 2, 0).copy()


def floats(t):
    return [float(v) for v in np.asarray(t, dtype=np.float32).ravel()]


def stats(t, first=8):
    a = np.asarray(t, dtype=np.float32)
    return {"shape": list(a.shape), "sum": float(a.astype(np.float64).sum()),
            "sumSquares": float((a.astype(np.float64) ** 2).sum()), "first": floats(a.ravel()[:first])}


def sha256(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


class Recorder:
    """Runs the networks, optionally writing each call's inputs and outputs for an ONNX runtime check."""

    def __init__(self, modules, dump):
        self.modules, self.dump, self.calls = modules, dump, []
        if dump:
            dump.mkdir(parents=True, exist_ok=True)

    def __call__(self, role, inputs, outputs):
        with torch.no_grad():
            result = self.modules[role](*inputs.values())
        result = result if isinstance(result, tuple) else (result,)
        if self.dump:
            n = len(self.calls)
            call = {"graph": role, "inputs": {}, "outputs": {}}
            for kind, named in (("inputs", inputs), ("outputs", dict(zip(outputs, result)))):
                for name, t in named.items():
                    a = t.numpy()
                    file = f"{n:02d}-{role}-{name}.bin"
                    (self.dump / file).write_bytes(a.astype(a.dtype.newbyteorder("<")).tobytes())
                    call[kind][name] = {"file": file, "dtype": str(a.dtype), "shape": list(a.shape)}
            self.calls.append(call)
        return result

    def close(self):
        if self.dump:
            (self.dump / "calls.json").write_text(json.dumps(self.calls, indent=1) + "\n")


def check_weights(modules):
    """Every parameter of the rebuilt networks is in its exported graph's initializers (bytes as is or transposed)."""
    for role, module in modules.items():
        model = onnx.load(str(BUNDLE / role / "model.onnx"))  # loads transformer/model.onnx_data too
        stored = {sha256(numpy_helper.to_array(init)) for init in model.graph.initializer}
        for name, p in module.named_parameters():
            a = p.detach().numpy()
            if sha256(a) not in stored and (a.ndim != 2 or sha256(a.T) not in stored):
                raise AssertionError(f"{role}.{name} is not in {role}/model.onnx: rerun make_kontext_fixture.py")


def t5_vocab_size(sp):
    """The T5 embedding rows: the sentencepiece pieces plus the <extra_id_N> tokens T5Tokenizer appends after them."""
    config = json.loads((BUNDLE / "tokenizer_2" / "tokenizer_config.json").read_text())
    return sp.get_piece_size() + int(config.get("extra_ids", 0))


def t5_ids(sp, prompt, length):
    ids = sp.encode(prompt)[: length - 1] + [1]
    return ids + [0] * (length - len(ids))


def render(run, clip_tok, sp, rgb, prompt, seed, guidance, steps, record=None):
    """One FluxKontextPipeline call; record (a dict) receives the intermediate values."""
    record = {} if record is None else record
    height, width = rgb.shape[:2]
    clip_ids = torch.tensor([clip_tok.encode(prompt)[0]], dtype=torch.int64)
    ids_2 = torch.tensor([t5_ids(sp, prompt, fx.T5_TOKENS)], dtype=torch.int64)
    _, pooled = run("text_encoder", {"input_ids": clip_ids}, ["last_hidden_state", "pooler_output"])
    prompt_embeds, = run("text_encoder_2", {"input_ids": ids_2}, ["last_hidden_state"])
    text_ids = torch.zeros(fx.T5_TOKENS, 3)

    pixels = torch.from_numpy(to_signed_chw(rgb))
    params, = run("vae_encoder", {"sample": pixels}, ["latent_parameters"])
    mean = params[:, : params.shape[1] // 2]
    image_latents = (mean - SHIFT_FACTOR) * SCALING_FACTOR
    lat_h, lat_w = image_latents.shape[2:]
    packed_image = pack(image_latents)
    ref_ids = image_ids(lat_h // 2, lat_w // 2, 1)

    h, w = 2 * (height // (VAE_SCALE * 2)), 2 * (width // (VAE_SCALE * 2))
    noise = torch.from_numpy(GaussianNoise(seed).sample(16 * h * w).reshape(1, 16, h, w))
    latents = pack(noise)
    noise_ids = image_ids(h // 2, w // 2, 0)
    ids = torch.cat([noise_ids, ref_ids], dim=0)

    cfg = dict(fm.KONTEXT_DEV)
    seq = latents.shape[1]
    mu = fm.calculate_shift(seq, cfg["base_image_seq_len"], cfg["max_image_seq_len"], cfg["base_shift"], cfg["max_shift"])
    timesteps, sigmas = fm.set_timesteps(cfg, np.linspace(1.0, 1 / steps, steps), mu)
    guidance_t = torch.full([1], guidance, dtype=torch.float32)
    record.update(clip_ids=clip_ids[0].tolist(), t5_ids=ids_2[0].tolist(), pooled=pooled[0], prompt_embeds=prompt_embeds[0],
                  pixels=pixels, mean=mean, image_latents=packed_image, noise=noise, packed_noise=latents,
                  ids=ids, mu=mu, sigmas=sigmas, timesteps=timesteps, steps=[])
    for i, t in enumerate(timesteps):
        model_input = torch.cat([latents, packed_image], dim=1)
        timestep = t.expand(latents.shape[0]).to(latents.dtype) / 1000
        inputs = {"hidden_states": model_input, "encoder_hidden_states": prompt_embeds, "pooled_projections": pooled,
                  "timestep": timestep, "img_ids": ids, "txt_ids": text_ids, "guidance": guidance_t}
        if i == 0:
            record["first_call"] = inputs
        out, = run("transformer", inputs, ["out_hidden_states"])
        noise_pred = out[:, :seq]
        latents = (latents.to(torch.float32) + (sigmas[i + 1] - sigmas[i]) * noise_pred).to(torch.float32)
        record["steps"].append({"index": i, "timestep": float(t), "transformerTimestep": float(timestep[0]),
                                "sigma": float(sigmas[i]), "sigmaNext": float(sigmas[i + 1]),
                                "modelOutput": stats(out[0]), "noisePrediction": stats(noise_pred[0]),
                                "latents": stats(latents[0])})
    record["final_latents"] = latents
    decoder_input = unpack(latents, height, width) / SCALING_FACTOR + SHIFT_FACTOR
    decoded, = run("vae_decoder", {"latent_sample": decoder_input}, ["sample"])
    record.update(decoder_input=decoder_input, decoded=decoded)
    return to_rgb(decoded.numpy())


def batch_check(run, main, other):
    """The transformer on two different rows at once equals each row alone (the Java micro-batcher relies on it)."""
    a, b = main["first_call"], other["first_call"]
    together = {k: (torch.cat([a[k], b[k]], dim=0) if k not in ("img_ids", "txt_ids") else a[k]) for k in a}
    assert torch.equal(a["img_ids"], b["img_ids"]) and torch.equal(a["txt_ids"], b["txt_ids"])
    both, = run("transformer", together, ["out_hidden_states"])
    alone = [run("transformer", x, ["out_hidden_states"])[0] for x in (a, b)]
    diff = max(float((both[i] - alone[i][0]).abs().max()) for i in range(2))
    assert diff <= 1e-5, diff  # float32 rounding: about 1 ulp of values of magnitude ~5
    return {"what": "the first transformer call of this render (row 0) and of a second render (row 1: prompt, seed, "
                    "guidance below, same source and steps), run as one [2, ...] batch and each alone",
            "row1": dict(BATCH_ROW), "maxAbsDifference": diff,
            "rows": [{"guidance": float(x["guidance"][0]), "timestep": float(x["timestep"][0]),
                      "pooledFirst": floats(x["pooled_projections"][0, :8]),
                      "hiddenStates": stats(x["hidden_states"][0]),
                      "alone": stats(alone[i][0], 16), "batched": stats(both[i], 16)} for i, x in enumerate((a, b))]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, default=None)
    args = parser.parse_args()
    config = json.loads((BUNDLE / "scheduler" / "scheduler_config.json").read_text())
    for key, value in fm.KONTEXT_DEV.items():
        assert config[key] == value, (key, config[key], value)
    clip_tok = ClipBpe(BUNDLE / "tokenizer")
    sp = spm.SentencePieceProcessor(model_file=str(BUNDLE / "tokenizer_2" / "spiece.model"))
    modules = {role: fx.build(role, {"text_encoder": len(clip_tok.encoder),
                                     "text_encoder_2": t5_vocab_size(sp)}.get(role)) for role in fx.SEEDS}
    check_weights(modules)
    run = Recorder(modules, args.dump)

    OUT.mkdir(parents=True, exist_ok=True)
    source = Image.open(SOURCE_IMAGE).convert("RGB").crop(SOURCE_CROP)
    source.save(OUT / "kontext-source.png")
    rgb = np.array(Image.open(OUT / "kontext-source.png").convert("RGB"))
    height, width = rgb.shape[:2]
    assert (width, height) == fm.reference_size(width, height, auto_resize=False) == (64, 48)

    rec, other = {}, {}
    out = render(run, clip_tok, sp, rgb, PROMPT, SEED, GUIDANCE, STEPS, rec)
    render(run, clip_tok, sp, rgb, BATCH_ROW["prompt"], BATCH_ROW["seed"], BATCH_ROW["guidance"], STEPS, other)
    batch = batch_check(run, rec, other)
    run.close()
    Image.fromarray(out, "RGB").save(OUT / "kontext-expected.png")

    pe = rec["prompt_embeds"]
    t5_count = sum(1 for i in rec["t5_ids"] if i != 0)
    data = {
        "bundle": "models/fixtures/" + fx.NAME, "source": "models/fixtures/reference/kontext-source.png",
        "expected": "models/fixtures/reference/kontext-expected.png",
        "inputs": {"prompt": PROMPT, "seed": SEED, "steps": STEPS, "guidance": GUIDANCE, "sourceWidth": width,
                   "sourceHeight": height, "width": width, "height": height, "autoResize": False,
                   "latentChannels": 16, "latentHeight": int(rec["noise"].shape[2]),
                   "latentWidth": int(rec["noise"].shape[3]), "noiseTokens": int(rec["packed_noise"].shape[1]),
                   "referenceTokens": int(rec["image_latents"].shape[1]), "maxSequenceLength": fx.T5_TOKENS,
                   "scalingFactor": SCALING_FACTOR, "shiftFactor": SHIFT_FACTOR},
        "order": {
            "noise": "GaussianNoise(seed).next(16*h*w) fills the unpacked latent [1, 16, h, w] in C order "
                     "(channel, row, column), which is then packed 2x2 (_pack_latents)",
            "packing": "token (r, c) = concat over channel ch of [x[ch, 2r, 2c], x[ch, 2r, 2c+1], x[ch, 2r+1, 2c], "
                       "x[ch, 2r+1, 2c+1]]; tokens row-major",
            "sequence": "hidden_states = noise tokens then reference tokens; img_ids = noise ids (0, r, c) then "
                        "reference ids (1, r, c); txt_ids = zeros [512, 3]; keep out_hidden_states[:, :noiseTokens]",
            "timestep": "transformer timestep = float32(t) / 1000 (the graph multiplies by 1000 again); guidance = "
                        "[guidance] unscaled (the graph multiplies by 1000)",
            "scheduler": "latents = latents + (sigmas[i+1] - sigmas[i]) * noise_pred, float32",
            "decode": "unpack, / scalingFactor + shiftFactor, vae_decoder, clamp [-1, 1], Math.round((v + 1) * 127.5)"},
        "clipIds": rec["clip_ids"],
        "t5Ids": {"first": rec["t5_ids"][:40], "count": len(rec["t5_ids"]), "nonPadding": t5_count,
                  "pieces": sp.encode(PROMPT, out_type=str)},
        "pooledPromptEmbeds": floats(rec["pooled"]),
        "promptEmbeds": dict(stats(pe), firstRows=[floats(r) for r in pe[:3]], eosRow=floats(pe[t5_count - 1]),
                             lastRow=floats(pe[-1])),
        "pixels": stats(rec["pixels"]),
        "encoderMean": stats(rec["mean"]),
        "imageLatents": dict(stats(rec["image_latents"][0]), values=floats(rec["image_latents"][0])),
        "noise": dict(stats(rec["noise"][0], 16), packedFirst=floats(rec["packed_noise"][0, 0, :8])),
        "imgIds": [[int(v) for v in row] for row in rec["ids"].tolist()],
        "mu": rec["mu"], "sigmas": floats(rec["sigmas"]), "timesteps": floats(rec["timesteps"]),
        "steps": rec["steps"],
        "finalLatents": dict(stats(rec["final_latents"][0]), values=floats(rec["final_latents"][0])),
        "decoderInput": stats(rec["decoder_input"][0]),
        "decoded": dict(stats(rec["decoded"][0]), values=floats(rec["decoded"][0])),
        "output": {"width": width, "height": height, "rgbSha256": sha256(out),
                   "first": [int(v) for v in out.reshape(-1)[:24]]},
        "batch": batch,
    }
    path = OUT / "flux-kontext.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} KB), kontext-source.png, kontext-expected.png")


if __name__ == "__main__":
    main()

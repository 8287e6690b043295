#!/usr/bin/python3
"""Train the `renderer` (InstructPix2Pix-style latent diffusion) and the `enhancer` fusion together.

The conditioning path is the pipeline's: the frozen trained reasoner turns (source, wording) into
guidance tokens, cues are what the cue extractor computes with the frozen trained clip (patch tokens,
mask-pooled boxes, sentence embeddings of object phrases), the fusion turns both into the UNet's
conditioning. Every wording of an item (explicit, four hypothetical) asks for the target; its
no-change instruction asks for the source unchanged (so DiscEdit has something to find).
Classifier-free guidance needs the null branches, so the text conditioning (zeros, as the bundle's
"unconditional": "zeros" says) and the source latent are each dropped 5% of the time, both 5%.

    /usr/bin/python3 models/training/train_renderer.py --data /work/data/sim --minutes 45 \
        --clip-weights /work/data/clip-weights.pt --reasoner-weights /work/data/reasoner-weights.pt
"""
import argparse
import copy
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import common
import dataset
from nets import Fusion
from nets import G, T, D, L, DC, ClipImageEncoder, ClipTextEncoder, ReasonerEncoder
from renderer_nets import FACTOR, LATENT, TRAIN_STEPS, UNet, VaeDecoder, VaeEncoder, train_sigmas
import sampler

NO_CHANGE_SHARE = 0.1
# validation sampler settings: (name, text scale, image scale, ancestral, steps); the first also runs DiscEdit
SETTINGS = (("euler_1.0_1.0", 1.0, 1.0, False, 20), ("euler_a_1.0_1.0", 1.0, 1.0, True, 20),
            ("euler_1.5_1.0", 1.5, 1.0, False, 20), ("euler_7.5_1.5", 7.5, 1.5, False, 20))


def load_frozen(clip_path, reasoner_path):
    c = torch.load(clip_path)
    r = torch.load(reasoner_path)
    assert c["vocab"] == r["vocab"], "clip and reasoner must share one vocabulary"
    vocab = dataset.Vocab(c["vocab"])
    image_enc, text_enc, reasoner = ClipImageEncoder(), ClipTextEncoder(len(vocab)), ReasonerEncoder(len(vocab))
    image_enc.load_state_dict(c["image"]), text_enc.load_state_dict(c["text"]), reasoner.load_state_dict(r["encoder"])
    for m in (image_enc, text_enc, reasoner):
        m.eval().requires_grad_(False)
    return vocab, image_enc, text_enc, reasoner


class Conditioner:
    """Everything the fusion reads for an item, precomputed once with the frozen models."""

    def __init__(self, records, src_u8, vocab, image_enc, text_enc, reasoner, batch=256, wordings=0, seed=0):
        self.records = records
        clip_px = common.clip_pixels(src_u8)
        with torch.no_grad():
            self.patches = torch.cat([image_enc(clip_px[i:i + batch])[0] for i in range(0, len(records), batch)]).half()
            phrases = sorted({p for r in records for p in r.get("objects", [])})
            ids = torch.tensor([vocab.encode(p, T) for p in phrases])
            emb = text_enc(ids, (ids != 0).long())[1]
        self.phrase = {p: emb[i] for i, p in enumerate(phrases)}
        # (item, wording, is_no_change) and its guidance
        self.examples = []
        texts = []
        pick = np.random.default_rng(seed)
        for i, r in enumerate(records):
            ways = dataset.phrasings(r)
            if wordings:  # a random subset keeps the frozen reasoner's pass affordable
                ways = [ways[j] for j in sorted(pick.choice(len(ways), size=min(wordings, len(ways)), replace=False))]
            for _, text in ways:
                self.examples.append((i, False))
                texts.append(text)
            if r.get("no_change_instruction"):
                self.examples.append((i, True))
                texts.append(r["no_change_instruction"])
        ids = torch.tensor([vocab.encode(t, T) for t in texts])
        img = torch.tensor([e[0] for e in self.examples])
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), batch):
                x = ids[i:i + batch]
                out.append(reasoner(clip_px[img[i:i + batch]], x, (x != 0).long())[2].half())
        self.guidance = torch.cat(out)
        self.item = img
        self.no_change = torch.tensor([e[1] for e in self.examples])

    def cues(self, items, rng, train=True):
        """[B,K,D] cues and [B,K] mask: 64 patch tokens, pooled boxes, object phrase embeddings."""
        rows = []
        for i in items.tolist():
            r = self.records[i]
            p = self.patches[i].float()
            boxes = []
            if r.get("region"):
                boxes.append(r["region"])
            for _ in range(rng.integers(1, 5) if train else 3):
                x0, y0 = rng.integers(0, 56, size=2)
                w, h = rng.integers(6, 24, size=2)
                boxes.append([int(x0), int(y0), int(min(63, x0 + w)), int(min(63, y0 + h))])
            pooled = [pool(p, b) for b in boxes]
            words = [self.phrase[o] for o in r.get("objects", []) if o in self.phrase]
            rows.append(torch.cat([p, torch.stack(pooled), torch.stack(words)]) if words else torch.cat([p, torch.stack(pooled)]))
        k = max(len(x) for x in rows)
        cues = torch.zeros(len(rows), k, D)
        mask = torch.zeros(len(rows), k)
        for j, x in enumerate(rows):
            cues[j, :len(x)] = x
            mask[j, :len(x)] = 1
        return cues, mask


def pool(patches, box):
    """RegionPooling (cue-extractor): mean of the patch tokens whose centre lies in the box, else the
    patch under the box centre. Patches are 8 px, row-major on an 8×8 grid."""
    x0, y0, x1, y1 = box
    sel = [gy * 8 + gx for gy in range(8) for gx in range(8)
           if x0 <= gx * 8 + 4 <= x1 and y0 <= gy * 8 + 4 <= y1]
    if not sel:
        cx, cy = min(7, ((x0 + x1) // 2) // 8), min(7, ((y0 + y1) // 2) // 8)
        sel = [cy * 8 + cx]
    return patches[sel].mean(0)


def latents(u8):
    return F.pixel_unshuffle(common.signed_pixels(u8), FACTOR)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--clip-weights", required=True)
    ap.add_argument("--reasoner-weights", required=True)
    ap.add_argument("--out", default=str(common.DEFAULT_OUT))
    ap.add_argument("--minutes", type=float, default=45.0)
    ap.add_argument("--batch", type=int, default=48)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--eval-items", type=int, default=200)
    ap.add_argument("--wordings", type=int, default=2, help="wordings per item given to the renderer (0: all five)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--checkpoint", default="renderer-weights.pt")
    ap.add_argument("--resume", metavar="CKPT", help="continue from a checkpoint's EMA weights (a second, lower-rate phase)")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--scheduler", default="EulerDiscreteScheduler", help="diffusers class written to scheduler_config.json")
    ap.add_argument("--guidance", type=float, nargs=2, default=[1.0, 1.0], metavar=("TEXT", "IMAGE"),
                    help="the bundle's recommended guidance scales (requests that leave them unset get these)")
    a = ap.parse_args()
    common.setup(a.seed)
    rng = np.random.default_rng(a.seed)

    records, src_u8, tgt_u8 = dataset.load_split(f"{a.data}/train")
    if a.limit:
        records, src_u8, tgt_u8 = records[: a.limit], src_u8[: a.limit], tgt_u8[: a.limit]
    vocab, image_enc, text_enc, reasoner = load_frozen(a.clip_weights, a.reasoner_weights)
    clock = common.Clock()
    cond = Conditioner(records, src_u8, vocab, image_enc, text_enc, reasoner, wordings=a.wordings, seed=a.seed)
    print(f"precomputed {len(cond.examples)} conditionings in {clock.elapsed():.0f} s", flush=True)
    src, tgt = latents(src_u8), latents(tgt_u8)
    changed = (src - tgt).abs().amax(1, keepdim=True) > 0.02  # [N,1,16,16] blocks the edit touches

    unet, fusion = UNet(), Fusion()
    resumed = 0
    if a.resume:
        ck = torch.load(a.resume)
        torch.nn.ModuleDict({"unet": unet, "fusion": fusion}).load_state_dict(ck["ema"])
        resumed = ck["step"]
    ema = copy.deepcopy(torch.nn.ModuleDict({"unet": unet, "fusion": fusion})).requires_grad_(False)
    params = list(unet.parameters()) + list(fusion.parameters())
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
    ac = torch.tensor(1.0 / (train_sigmas() ** 2 + 1.0), dtype=torch.float32)
    clock, budget = common.Clock(), a.minutes * 60
    step, seen, hist = 0, 0, []
    edits = torch.nonzero(~cond.no_change).flatten()
    keeps = torch.nonzero(cond.no_change).flatten()
    while clock.elapsed() < budget:
        n_keep = int(round(a.batch * NO_CHANGE_SHARE)) if len(keeps) else 0
        ex = torch.cat([edits[torch.randint(len(edits), (a.batch - n_keep,))], keeps[torch.randint(max(1, len(keeps)), (n_keep,))]])
        items = cond.item[ex]
        cues, mask = cond.cues(items, rng)
        c = fusion(cond.guidance[ex].float(), cues, mask)
        s = src[items]
        x0 = torch.where(cond.no_change[ex][:, None, None, None], s, tgt[items])
        weight = 1.0 + 4.0 * (changed[items] & ~cond.no_change[ex][:, None, None, None]).float()
        drop = torch.rand(len(ex))
        c = torch.where(((drop < 0.05) | (drop >= 0.10) & (drop < 0.15))[:, None, None], torch.zeros_like(c), c)
        s_in = torch.where(((drop >= 0.05) & (drop < 0.15))[:, None, None, None], torch.zeros_like(s), s)
        t = torch.randint(0, TRAIN_STEPS, (len(ex),))
        a_t = ac[t][:, None, None, None]
        noisy = a_t.sqrt() * x0 + (1 - a_t).sqrt() * torch.randn_like(x0)
        pred = unet.predict_x0(torch.cat([noisy, s_in], 1), t.float(), c)
        loss = (weight * (pred - x0) ** 2).mean()
        frac = min(clock.elapsed() / budget, 1.0)
        for g in opt.param_groups:
            g["lr"] = a.lr * min(1.0, (step + 1) / 300) * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * frac)))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        decay = min(0.999, (1 + step + resumed) / (10 + step + resumed))
        with torch.no_grad():
            for e, p in zip(ema.parameters(), params):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
        step, seen = step + 1, seen + len(ex)
        hist.append(loss.item())
        if clock.due():
            print(f"renderer step {step} seen {seen} loss {np.mean(hist[-100:]):.5f} "
                  f"{seen / clock.elapsed():.0f} ex/s {clock.elapsed() / 60:.1f} min", flush=True)
        if step % 2000 == 0:
            torch.save({"ema": ema.state_dict(), "step": step + resumed}, a.checkpoint)
    torch.save({"ema": ema.state_dict(), "step": step + resumed}, a.checkpoint)
    train_minutes = clock.elapsed() / 60
    unet_e, fusion_e = ema["unet"].eval(), ema["fusion"].eval()
    metrics = sampler.evaluate(unet_e, fusion_e, a.data, "validation", vocab, image_enc, text_enc, reasoner,
                               a.eval_items, Conditioner, latents, settings=SETTINGS)
    print("validation", json.dumps(metrics), flush=True)
    card = {"steps": step + resumed, "examples_seen": seen, "resumed_from_step": resumed, "train_minutes": round(train_minutes, 1),
            "final_loss": round(float(np.mean(hist[-100:])), 5), "validation": metrics, "train_items": len(records),
            "data": a.data}
    export(Path(a.out), unet_e, fusion_e, card, a.scheduler, a.guidance)


def export(out, unet, fusion, card, scheduler="EulerDiscreteScheduler", guidance=(1.0, 1.0)):
    r = out / "renderer"
    h = 16
    sig = {
        "unet": common.export(unet, (torch.randn(2, 2 * LATENT, h, h), torch.tensor([999.0, 500.0]), torch.randn(2, L, DC)),
                              r / "unet" / "model.onnx", ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
                              {"sample": {0: "B", 2: "h", 3: "w"}, "timestep": {0: "B"}, "encoder_hidden_states": {0: "B"},
                               "out_sample": {0: "B", 2: "h", 3: "w"}}),
        "vae_encoder": common.export(VaeEncoder(), (torch.randn(1, 3, 64, 64),), r / "vae_encoder" / "model.onnx",
                                     ["sample"], ["latent_parameters"],
                                     {"sample": {0: "B", 2: "H", 3: "W"}, "latent_parameters": {0: "B", 2: "h", 3: "w"}}),
        "vae_decoder": common.export(VaeDecoder(), (torch.randn(1, LATENT, h, h),), r / "vae_decoder" / "model.onnx",
                                     ["latent_sample"], ["sample"],
                                     {"latent_sample": {0: "B", 2: "h", 3: "w"}, "sample": {0: "B", 2: "H", 3: "W"}}),
    }
    vae = {"_class_name": "SpaceToDepth", "in_channels": 3, "out_channels": 3, "latent_channels": LATENT,
           "sample_size": 64, "scaling_factor": 1.0, "downsample": FACTOR}
    common.write_json(r / "vae_encoder" / "config.json", vae)
    common.write_json(r / "vae_decoder" / "config.json", vae)
    common.write_json(r / "unet" / "config.json", {"_class_name": "UNet2DConditionModel", "in_channels": 2 * LATENT,
                                                   "out_channels": LATENT, "sample_size": 16, "cross_attention_dim": DC,
                                                   "prediction": "x0 inside, epsilon out"})
    common.write_json(r / "scheduler" / "scheduler_config.json", sampler.SCHEDULER_CONFIG | {"_class_name": scheduler})
    common.write_json(r / "model_index.json", {
        "_class_name": "ORTStableDiffusionInstructPix2PixPipeline", "_diffusers_version": "0.25.0",
        "scheduler": ["diffusers", scheduler], "unet": ["diffusers", "OnnxRuntimeModel"],
        "vae_decoder": ["diffusers", "OnnxRuntimeModel"], "vae_encoder": ["diffusers", "OnnxRuntimeModel"],
        "requires_safety_checker": False})
    common.write_json(r / "bundle.json", {
        "name": "renderer-editstream", "version": "sim-1", "kind": "renderer", "layout": "optimum", "unconditional": "zeros",
        "description": "InstructPix2Pix-style renderer trained on the EditStream simulator (models/training/train_renderer.py).",
        "files": {"unet": "unet/model.onnx", "vae_encoder": "vae_encoder/model.onnx", "vae_decoder": "vae_decoder/model.onnx",
                  "scheduler": "scheduler/scheduler_config.json", "model_index": "model_index.json"},
        "imageSize": 64, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "latentChannels": LATENT,
        "latentDownsample": FACTOR, "scalingFactor": 1.0, "conditioningTokens": L, "conditioningDim": DC,
        "guidance": {"text": guidance[0], "image": guidance[1]},
        # the source's pixels are put back wherever the rendering moved them by at most 24/255 (the edited area grown by
        # 2 px): on 200 held-out items L1 fell from 0.0083 to 0.0058 (copy 0.0055), L2 from 0.0015 to 0.0014 (copy 0.0018);
        # thresholds up to 64 cut L1 to 0.0054 but erase this renderer's faint edits (the demo's toppled cone)
        "keepUnedited": {"threshold": 24, "grow": 2},
        "signatures": sig, "training": card | {"parameters": common.params(unet)}})
    e = out / "enhancer"
    sig = {"fusion": common.export(fusion, (torch.randn(1, G, D), torch.randn(1, 70, D), torch.ones(1, 70)), e / "fusion.onnx",
                                   ["guidance", "cues", "cue_mask"], ["conditioning"],
                                   {"cues": {1: "K"}, "cue_mask": {1: "K"}})}
    common.write_json(e / "bundle.json", {
        "name": "enhancer-editstream", "version": "sim-1", "kind": "enhancer",
        "description": "Cross-modal fusion trained with the renderer (models/training/train_renderer.py).",
        "files": {"fusion": "fusion.onnx"}, "guidanceTokens": G, "cueDim": D, "conditioningTokens": L,
        "conditioningDim": DC, "signatures": sig, "training": {"trained_with": "renderer", "parameters": common.params(fusion)}})
    print("wrote", r, e, flush=True)


if __name__ == "__main__":
    main()

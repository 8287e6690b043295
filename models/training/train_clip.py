#!/usr/bin/python3
"""Train the `clip` bundle: a small image-text contrastive encoder for the cue extractor (patch
tokens) and the scorer (CLIP-I / CLIP-T).

Pairs from a simulator dataset: (target image, canonical explicit instruction) — the text says what
the edited scene shows — and (source image, no-change instruction) — a statement true of the source.
Symmetric InfoNCE over the batch with a learned temperature, as CLIP.

    /usr/bin/python3 models/training/train_clip.py --data /work/data/sim --minutes 12
"""
import argparse
import json

import numpy as np
import torch
import torch.nn.functional as F

import common
import dataset
from nets import T, ClipImageEncoder, ClipTextEncoder


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="simulator dataset root (train/ validation/)")
    ap.add_argument("--out", default=str(common.DEFAULT_OUT / "clip"))
    ap.add_argument("--minutes", type=float, default=12.0, help="training time budget")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N train items (smoke runs)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--weights", default="clip-weights.pt", help="torch checkpoint for train_renderer.py (not committed)")
    a = ap.parse_args()
    common.setup(a.seed)

    records, src, tgt = dataset.load_split(f"{a.data}/train")
    if a.limit:
        records, src, tgt = records[: a.limit], src[: a.limit], tgt[: a.limit]
    vocab = dataset.Vocab.build(dataset.all_texts(records))
    images = np.concatenate([tgt, src])
    texts = [r["explicit_instruction"] for r in records] + [r["no_change_instruction"] for r in records]
    ids = torch.tensor([vocab.encode(t, T) for t in texts])
    pixels = common.clip_pixels(images)

    image_enc, text_enc = ClipImageEncoder(), ClipTextEncoder(len(vocab))
    logit_scale = torch.nn.Parameter(torch.tensor(np.log(1 / 0.07), dtype=torch.float32))
    opt = torch.optim.AdamW(list(image_enc.parameters()) + list(text_enc.parameters()) + [logit_scale], lr=2e-3,
                            weight_decay=0.05)
    clock = common.Clock()
    n, step, seen, losses = len(texts), 0, 0, []
    budget = a.minutes * 60
    total_steps_guess = None
    for idx in common.timed_batches(clock, budget, n, a.batch):
        # Same-scene pairs (a target and its source) are not negatives of each other by
        # construction only when drawn together; rare enough at this batch size to ignore.
        _, ie = image_enc(pixels[idx])
        x = ids[idx]
        _, te = text_enc(x, (x != dataset.PAD).long())
        logits = logit_scale.exp().clamp(max=100) * ie @ te.t()
        labels = torch.arange(len(idx))
        loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2
        frac = clock.elapsed() / budget
        for g in opt.param_groups:
            g["lr"] = 2e-3 * min(1.0, (step + 1) / 200) * (0.5 * (1 + np.cos(np.pi * min(frac, 1.0))))
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        seen += len(idx)
        losses.append(loss.item())
        if clock.due():
            print(f"clip step {step} seen {seen} loss {np.mean(losses[-50:]):.3f} "
                  f"{seen / clock.elapsed():.0f} pairs/s {clock.elapsed() / 60:.1f} min", flush=True)
    train_minutes = clock.elapsed() / 60

    metrics = evaluate(image_enc, text_enc, vocab, f"{a.data}/validation")
    print("validation", json.dumps(metrics), flush=True)
    export(a, image_enc, text_enc, vocab, {"steps": step, "pairs_seen": seen, "train_minutes": round(train_minutes, 1),
                                           "final_loss": round(float(np.mean(losses[-50:])), 4), "validation": metrics,
                                           "train_items": len(records), "data": a.data})


@torch.no_grad()
def evaluate(image_enc, text_enc, vocab, folder, group=100):
    """Text->image top-1 retrieval among groups of `group` targets, and the matched-vs-copy margin:
    how often CLIP-T(target, instruction) > CLIP-T(source, instruction) (the edit is visible)."""
    image_enc.eval(), text_enc.eval()
    records, src, tgt = dataset.load_split(folder)
    ids = torch.tensor([vocab.encode(r["explicit_instruction"], T) for r in records])
    _, te = text_enc(ids, (ids != dataset.PAD).long())
    _, it = image_enc(common.clip_pixels(tgt))
    _, isrc = image_enc(common.clip_pixels(src))
    hits, total = 0, 0
    for g in range(0, len(records) - group + 1, group):
        sim = te[g:g + group] @ it[g:g + group].t()
        hits += (sim.argmax(1) == torch.arange(group)).sum().item()
        total += group
    edit_visible = ((te * it).sum(1) > (te * isrc).sum(1)).float().mean().item()
    image_enc.train(), text_enc.train()
    return {"text_to_image_top1_of_100": round(hits / total, 4), "target_beats_source": round(edit_visible, 4),
            "items": len(records)}


def export(a, image_enc, text_enc, vocab, card):
    from pathlib import Path
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    vocab.write(out / "vocab.txt")
    ids = torch.tensor([vocab.encode("move the red ball", T)] * 2)
    sig = {
        "image_encoder": common.export(image_enc, (torch.randn(2, 3, 64, 64),), out / "image_encoder.onnx",
                                       ["pixel_values"], ["patch_tokens", "image_embeds"],
                                       {"pixel_values": {0: "B"}, "patch_tokens": {0: "B"}, "image_embeds": {0: "B"}}),
        "text_encoder": common.export(text_enc, (ids, (ids != 0).long()), out / "text_encoder.onnx",
                                      ["input_ids", "attention_mask"], ["token_states", "text_embeds"],
                                      {"input_ids": {0: "B"}, "attention_mask": {0: "B"},
                                       "token_states": {0: "B"}, "text_embeds": {0: "B"}}),
    }
    common.write_json(out / "bundle.json", {
        "name": "clip-editstream", "version": "sim-1", "kind": "clip",
        "description": "Image-text contrastive encoder trained on the EditStream simulator (models/training/train_clip.py).",
        "files": {"image_encoder": "image_encoder.onnx", "text_encoder": "text_encoder.onnx", "vocab": "vocab.txt"},
        "tokenizer": "vocab.txt", "imageSize": 64, "mean": common.CLIP_MEAN.tolist(), "std": common.CLIP_STD.tolist(),
        "maxTokens": T, "embeddingDim": 64, "patchGrid": 8, "signatures": sig,
        "training": card | {"parameters": common.params(image_enc, text_enc)},
    })
    torch.save({"image": image_enc.state_dict(), "text": text_enc.state_dict(), "vocab": vocab.tokens}, a.weights)
    print("wrote", out, flush=True)


if __name__ == "__main__":
    main()

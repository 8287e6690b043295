#!/usr/bin/python3
"""Train the `reasoner` bundle: image + (hypothetical) instruction -> reasoning type, the canonical
explicit instruction (decoded token by token in Java), and G guidance tokens.

Every train triplet gives six examples: its explicit wording and its four hypothetical wordings, all
with the canonical explicit instruction as target, and its no-change instruction, which is already
explicit and maps to itself. Losses: next-token cross-entropy (teacher forcing), reasoning-type
cross-entropy, and a guidance probe that must read the explicit instruction back out of the guidance
tokens (so they carry the whole edit to the renderer; the probe is not exported).

    /usr/bin/python3 models/training/train_reasoner.py --data /work/data/sim --minutes 25
"""
import argparse
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import common
import dataset
from nets import D, G, NUM_PATCHES, REASONING_TYPES, T, GuidanceProbe, ReasonerDecoder, ReasonerEncoder

MAX_OUT = 16  # canonical explicit instructions are at most 11 words (+[BOS]/[EOS])
COLOURS = ["blue", "cyan", "green", "orange", "purple", "red", "yellow"]
SHAPES = ["ball", "bottle", "cone", "cube", "cylinder", "mug"]


def swap_words(texts, rng):
    """One random permutation of the colour words and one of the shape words, applied to every text of
    an example alike: new colour-shape combinations, so the decoder learns to copy the object words it
    reads instead of recalling the combinations it saw (held-out splits hold unseen combinations)."""
    c = dict(zip(COLOURS, rng.permutation(COLOURS)))
    s = dict(zip(SHAPES, rng.permutation(SHAPES)))
    return [" ".join(c.get(w, s.get(w, w)) for w in dataset.words(t)) for t in texts]


def texts(records, no_change=True):
    """(image index, instruction, target text, reasoning type) for every wording of every item."""
    rows = []
    for i, r in enumerate(records):
        for category, text in dataset.phrasings(r):
            rows.append((i, text, r["explicit_instruction"], REASONING_TYPES.index(category)))
        if no_change and r.get("no_change_instruction"):
            rows.append((i, r["no_change_instruction"], r["no_change_instruction"], 0))
    return rows


def examples(records, vocab, no_change=True):
    """(image index, input ids, target ids, reasoning type) for every wording of every item."""
    rows = texts(records, no_change)
    return (torch.tensor([r[0] for r in rows]), torch.tensor([vocab.encode(r[1], T) for r in rows]),
            torch.tensor([vocab.encode(r[2], MAX_OUT) for r in rows]), torch.tensor([r[3] for r in rows]))


def finetune_decoder(a, vocab, records, pixels):
    """Second stage: the encoder (and so the guidance the renderer was trained on) stays frozen; the
    decoder is trained further on wordings whose colour and shape words are swapped consistently."""
    ck = torch.load(a.finetune_decoder)
    enc, dec = ReasonerEncoder(len(vocab)), ReasonerDecoder(len(vocab))
    enc.load_state_dict(ck["encoder"]), dec.load_state_dict(ck["decoder"])
    enc.eval().requires_grad_(False)
    rows = texts(records)
    rng = np.random.default_rng(a.seed)
    opt = torch.optim.AdamW(dec.parameters(), lr=5e-4, weight_decay=0.01)
    clock, budget = common.Clock(), a.minutes * 60
    step, seen, hist = 0, 0, []
    while clock.elapsed() < budget:
        b = rng.choice(len(rows), a.batch, replace=False)
        inputs, targets = [], []
        for j in b:
            pair = [rows[j][1], rows[j][2]]
            if rng.random() < 0.7:
                pair = swap_words(pair, rng)
            inputs.append(vocab.encode(pair[0], T)), targets.append(vocab.encode(pair[1], MAX_OUT))
        x, y = torch.tensor(inputs), torch.tensor(targets)
        with torch.no_grad():
            memory, _, _ = enc(pixels[[rows[j][0] for j in b]], x, (x != dataset.PAD).long())
        pred = dec(memory, y[:, :-1])
        loss = F.cross_entropy(pred.reshape(-1, len(vocab)), y[:, 1:].reshape(-1), ignore_index=dataset.PAD)
        frac = min(clock.elapsed() / budget, 1.0)
        for g in opt.param_groups:
            g["lr"] = 5e-4 * min(1.0, (step + 1) / 100) * 0.5 * (1 + np.cos(np.pi * frac))
        opt.zero_grad()
        loss.backward()
        opt.step()
        step, seen = step + 1, seen + len(b)
        hist.append(loss.item())
        if clock.due():
            print(f"decoder step {step} seen {seen} text {np.mean(hist[-50:]):.4f} {seen / clock.elapsed():.0f} ex/s "
                  f"{clock.elapsed() / 60:.1f} min", flush=True)
    return enc, dec, {"decoder_finetune": {"steps": step, "examples_seen": seen, "minutes": round(clock.elapsed() / 60, 1),
                                           "final_loss": round(float(np.mean(hist[-50:])), 4),
                                           "augmentation": "consistent colour/shape word swaps, 70% of examples"}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=str(common.DEFAULT_OUT / "reasoner"))
    ap.add_argument("--vocab", default=str(common.DEFAULT_OUT / "clip" / "vocab.txt"),
                    help="shared word vocabulary (the clip bundle's); built from the data when absent")
    ap.add_argument("--minutes", type=float, default=25.0)
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--weights", default="reasoner-weights.pt", help="torch checkpoint for train_renderer.py (not committed)")
    ap.add_argument("--finetune-decoder", metavar="CKPT",
                    help="stage 2: load CKPT, freeze its encoder, train the decoder with word-swap augmentation")
    a = ap.parse_args()
    common.setup(a.seed)

    records, src, _ = dataset.load_split(f"{a.data}/train")
    if a.limit:
        records, src = records[: a.limit], src[: a.limit]
    vocab = dataset.Vocab.read(a.vocab) if Path(a.vocab).exists() else dataset.Vocab.build(dataset.all_texts(records))
    pixels = common.clip_pixels(src)
    if a.finetune_decoder:
        enc, dec, card = finetune_decoder(a, vocab, records, pixels)
        metrics = evaluate(enc, dec, vocab, f"{a.data}/validation")
        print("validation", json.dumps(metrics), flush=True)
        previous = json.loads((Path(a.out) / "bundle.json").read_text()).get("training", {}) if (Path(a.out) / "bundle.json").exists() else {}
        export(a, enc, dec, vocab, previous | card | {"validation_before_finetune": previous.get("validation"), "validation": metrics})
        return
    img, ids, out, kind = examples(records, vocab)
    enc, dec, probe = ReasonerEncoder(len(vocab)), ReasonerDecoder(len(vocab)), GuidanceProbe(len(vocab))
    opt = torch.optim.AdamW(list(enc.parameters()) + list(dec.parameters()) + list(probe.parameters()), lr=1e-3,
                            weight_decay=0.01)
    probe_target = torch.tensor([vocab.encode(vocab.decode(o[1:].tolist()), T) for o in out])
    clock, budget = common.Clock(), a.minutes * 60
    n, step, seen, hist = len(img), 0, 0, []
    for b in common.timed_batches(clock, budget, n, a.batch):
        x = ids[b]
        memory, logits, guidance = enc(pixels[img[b]], x, (x != dataset.PAD).long())
        y = out[b]
        pred = dec(memory, y[:, :-1])
        loss_text = F.cross_entropy(pred.reshape(-1, len(vocab)), y[:, 1:].reshape(-1), ignore_index=dataset.PAD)
        loss_type = F.cross_entropy(logits, kind[b])
        pt = probe_target[b]
        loss_probe = F.cross_entropy(probe(guidance).reshape(-1, len(vocab)), pt.reshape(-1), ignore_index=dataset.PAD)
        loss = loss_text + 0.3 * loss_type + 0.5 * loss_probe
        frac = min(clock.elapsed() / budget, 1.0)
        for g in opt.param_groups:
            g["lr"] = 1e-3 * min(1.0, (step + 1) / 300) * 0.5 * (1 + np.cos(np.pi * frac))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(enc.parameters(), 1.0)
        opt.step()
        step, seen = step + 1, seen + len(b)
        hist.append([loss_text.item(), loss_type.item(), loss_probe.item()])
        if clock.due():
            m = np.mean(hist[-50:], axis=0)
            print(f"reasoner step {step} seen {seen} text {m[0]:.3f} type {m[1]:.3f} probe {m[2]:.3f} "
                  f"{seen / clock.elapsed():.0f} ex/s {clock.elapsed() / 60:.1f} min", flush=True)
    train_minutes = clock.elapsed() / 60
    metrics = evaluate(enc, dec, vocab, f"{a.data}/validation")
    print("validation", json.dumps(metrics), flush=True)
    m = np.mean(hist[-50:], axis=0)
    export(a, enc, dec, vocab, {"steps": step, "examples_seen": seen, "train_minutes": round(train_minutes, 1),
                                "final_losses": {"text": round(m[0], 4), "type": round(m[1], 4), "probe": round(m[2], 4)},
                                "validation": metrics, "train_items": len(records), "data": a.data})


@torch.no_grad()
def greedy(enc, dec, pixels, ids):
    """Batch greedy decoding, as the Java Reasoner does one request at a time ([PAD]/[UNK]/[BOS] never chosen)."""
    memory, logits, _ = enc(pixels, ids, (ids != dataset.PAD).long())
    seq = torch.full((ids.shape[0], 1), dataset.BOS, dtype=torch.long)
    done = torch.zeros(ids.shape[0], dtype=torch.bool)
    for _ in range(MAX_OUT):
        step = dec(memory, seq)[:, -1]
        step[:, [dataset.PAD, dataset.UNK, dataset.BOS]] = -1e9
        nxt = step.argmax(-1)
        nxt[done] = dataset.PAD
        seq = torch.cat([seq, nxt[:, None]], 1)
        done |= nxt == dataset.EOS
        if done.all():
            break
    return seq[:, 1:], logits.argmax(-1)


@torch.no_grad()
def evaluate(enc, dec, vocab, folder):
    """Exact match of the decoded explicit instruction per reasoning type, and type accuracy."""
    enc.eval(), dec.eval()
    records, src, _ = dataset.load_split(folder)
    pixels = common.clip_pixels(src)
    img, ids, out, kind = examples(records, vocab, no_change=False)
    hits = {c: [0, 0] for c in REASONING_TYPES}
    type_hits = 0
    for i in range(0, len(img), 256):
        seq, types = greedy(enc, dec, pixels[img[i:i + 256]], ids[i:i + 256])
        for j in range(len(seq)):
            c = REASONING_TYPES[kind[i + j]]
            hits[c][0] += vocab.decode(seq[j].tolist()) == vocab.decode(out[i + j, 1:].tolist())
            hits[c][1] += 1
        type_hits += (types == kind[i:i + 256]).sum().item()
    enc.train(), dec.train()
    hyp = [hits[c] for c in REASONING_TYPES[1:]]
    return {"exact_match": {c: round(h / t, 4) for c, (h, t) in hits.items()},
            "exact_match_hypothetical": round(sum(h for h, _ in hyp) / sum(t for _, t in hyp), 4),
            "reasoning_type_accuracy": round(type_hits / len(img), 4), "items": len(records)}


def export(a, enc, dec, vocab, card):
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    vocab.write(out / "vocab.txt")
    x = torch.tensor([vocab.encode("move the red ball to the left of the blue cube", T)])
    m = NUM_PATCHES + T
    sig = {
        "encoder": common.export(enc, (torch.randn(1, 3, 64, 64), x, (x != 0).long()), out / "encoder.onnx",
                                 ["pixel_values", "input_ids", "attention_mask"], ["memory", "reasoning_logits", "guidance"], {}),
        "decoder": common.export(dec, (torch.randn(1, m, D), torch.tensor([[2, 5, 6]])), out / "decoder.onnx",
                                 ["memory", "decoder_input_ids"], ["logits"],
                                 {"decoder_input_ids": {1: "t"}, "logits": {1: "t"}}),
    }
    common.write_json(out / "bundle.json", {
        "name": "reasoner-editstream", "version": "sim-1", "kind": "reasoner",
        "description": "Instruction reasoner trained on the EditStream simulator (models/training/train_reasoner.py); greedy decoding runs in Java.",
        "files": {"encoder": "encoder.onnx", "decoder": "decoder.onnx", "vocab": "vocab.txt"},
        "tokenizer": "vocab.txt", "imageSize": 64, "mean": common.CLIP_MEAN.tolist(), "std": common.CLIP_STD.tolist(),
        "maxTokens": T, "maxDecodeTokens": MAX_OUT, "maxDecoderPositions": ReasonerDecoder.MAX_POSITIONS,
        "memoryTokens": m, "guidanceTokens": G, "embedDim": D, "vocabSize": len(vocab), "reasoningTypes": REASONING_TYPES,
        "signatures": sig, "training": card | {"parameters": common.params(enc, dec)},
    })
    torch.save({"encoder": enc.state_dict(), "decoder": dec.state_dict(), "vocab": vocab.tokens}, a.weights)
    print("wrote", out, flush=True)


if __name__ == "__main__":
    main()

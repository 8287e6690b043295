#!/usr/bin/python3
"""Write MODEL_CARD.md for every trained bundle in models/default from its bundle.json ("training":
data, size, time, validation figures) and the pipeline benchmark's report.json (the test split run
through Kafka and S3 by `editstream benchmark`).

    /usr/bin/python3 models/training/write_cards.py --report models/default/benchmark/report.json
"""
import argparse
import json
from pathlib import Path

import common

PURPOSE = {
    "clip": "Image-text contrastive encoder. Its patch tokens are the cue extractor's visual cues (FRCE); its "
            "embeddings give the scorer's CLIP-I and CLIP-T and the cue extractor's textual cues.",
    "reasoner": "Instruction reasoner (the MLLM's role in ReasonBrain): source image + instruction (explicit or "
                "hypothetical) -> reasoning type, the canonical explicit instruction (greedy decoding in Java) and "
                "8 guidance tokens.",
    "enhancer": "Cross-modal enhancer (CME): the guidance tokens cross-attend over the cues; 16 slots read the result "
                "and become the renderer's conditioning. Trained jointly with the renderer.",
    "renderer": "InstructPix2Pix-style latent diffusion in the Hugging Face Optimum layout: the UNet sees the noisy "
                "latent concatenated with the source latent, 3-way classifier-free guidance over text and image.",
}

DESIGN = {
    "renderer": [
        "The VAE is a fixed, lossless space-to-depth by 4 (latents 48×16×16, scaling factor 1): at 64×64 a learned "
        "4-channel autoencoder loses more than a minimal edit changes, so its reconstruction error alone would exceed "
        "the copy baseline.",
        "The UNet predicts the clean latent as source + delta and converts it to ε inside the graph, with σ(t) "
        "interpolated from the training schedule as diffusers does for fractional timesteps; every ε-based Java "
        "scheduler therefore works unchanged.",
        "Its bundle.json asks the renderer to keep unedited pixels (`keepUnedited`: threshold 24, grow 2): wherever the "
        "rendering differs from the source's reconstruction by at most 24/255 per channel, outside an edited area grown "
        "by 2 px, the source's exact pixels are put back, which removes the denoiser's diffuse drift (L1 0.0083 -> 0.0058 "
        "on 200 held-out items; `render.keepUneditedThreshold` 0 turns it off).",
        "Training drops the text conditioning (zeros, `\"unconditional\": \"zeros\"`) and the source latent 5% of "
        "the time each and both 5%, as InstructPix2Pix; 10% of the examples are no-change instructions whose target "
        "is the source (what DiscEdit measures).",
    ],
    "reasoner": [
        "Targets are the canonical explicit wording (the first explicit template of the edit), so exact match is "
        "well defined: hypothetical and varied explicit wordings of one edit all map to one sentence.",
        "A training-only probe must read the explicit instruction back out of the guidance tokens, so the guidance "
        "carries the whole edit to the renderer.",
    ],
}


def fmt(e, digits=3):
    if not e or e.get("mean") is None:
        return "–"
    se = e.get("se")
    return f"{e['mean']:.{digits}f}" + (f" ± {se:.{digits}f}" if se is not None else "")


def table(title, groups, first):
    metrics = [("l1", "L1 ↓"), ("l2", "L2 ↓"), ("clip_t", "CLIP-T"), ("clip_i", "CLIP-I")]
    head = [first, "items"] + [f"{t} (copy)" for _, t in metrics] + ["DiscEdit acc", "exact match"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, g in groups.items():
        cells = [name or "(none)", str(g.get("items", 0))]
        for m, _ in metrics:
            s = g.get("scores", {}).get(m)
            c = g.get("copyBaseline", {}).get(m)
            cells.append(f"{fmt(s, 4 if m.startswith('l') else 3)} ({fmt(c, 4 if m.startswith('l') else 3).split(' ±')[0]})")
        cells.append(fmt(g.get("discEdit")))
        cells.append(fmt(g.get("exactMatch")))
        rows.append("| " + " | ".join(cells) + " |")
    return f"**{title}**\n\n" + "\n".join(rows) + "\n"


def benchmark_section(report, grid_rel):
    if not report:
        return ""
    model = next(iter(report["models"].values()))
    c = report["counts"]
    out = ["## Pipeline benchmark (held-out test split)", "",
           f"`editstream benchmark` over `{report['benchmark']}`: {c['scored']} of {c['requests']} requests scored "
           f"({c['failed']} failed, {c['skipped']} items skipped), seeds {report['seeds']}, {report['steps']} steps, "
           "every request through Kafka and S3 (embedded broker and S3Proxy), all four default bundles. L1/L2 are to "
           "the ground-truth target on [0,1] RGB, next to the copy-the-input baseline in brackets; DiscEdit pairs each "
           "edit with its no-change instruction rendered from the same noise (4 seeds); exact match compares the "
           "reasoner's decoded instruction with the canonical explicit one. ± is one standard error.", ""]
    out.append(table("Per edit family", model.get("families", {}), "family"))
    out.append(table("Per reasoning scenario", model["categories"], "scenario"))
    out.append(table("Per task", model["tasks"] | {"overall (balanced)": model["overall"]}, "task"))
    if grid_rel:
        out += ["Sample per task (rows: source, target, output):", "", f"![grid]({grid_rel})", ""]
    return "\n".join(out)


def card(name, bundle, report, grid_rel):
    t = bundle.get("training", {})
    files = sorted(p for p in (common.DEFAULT_OUT / name).rglob("*.onnx"))
    size = sum(p.stat().st_size for p in files)
    lines = [f"# {bundle['name']} ({bundle['version']})", "", PURPOSE.get(name, ""), "",
             "## Training", "",
             f"- Data: simulator dataset `editstream simulate --seed 7 --train 20000 --validation 1000 --test 500` "
             f"({t.get('train_items', '?')} train triplets; validation/test scenes never share an object–phrase combination with train).",
             f"- Script: `models/training/train_{'renderer' if name == 'enhancer' else name}.py` (PyTorch 1.13 from Debian, CPU, 1 thread).",
             f"- Parameters: {bundle.get('training', {}).get('parameters', '?'):,}; ONNX size {size / 1e6:.2f} MB.",
             f"- Training: {t.get('train_minutes', '?')} min, {t.get('steps', '?')} steps, "
             f"{t.get('examples_seen', t.get('pairs_seen', '?'))} examples seen"
             + (f" (a second phase at a lower rate, after a first of {t['earlier_phase']['train_minutes']} min and "
                f"{t['earlier_phase']['steps']} steps at lr {t['earlier_phase']['lr']}: {t['earlier_phase']['train_minutes'] + t['train_minutes']:.0f} min in all)"
                if t.get("earlier_phase") else "")
             + (f"; then the decoder alone {t['decoder_finetune']['minutes']} min with word swaps (see Design)" if t.get("decoder_finetune") else "") + ".",
             "", "## Validation (during training, in PyTorch)", "", "```json", json.dumps(t.get("validation", {}), indent=2), "```", ""]
    for d in reversed(DESIGN.get(name, [])):
        lines.insert(4, f"- {d}")
    if DESIGN.get(name):
        lines.insert(4, "## Design")
        lines.insert(5, "")
        lines.insert(6 + len(DESIGN[name]), "")
    lines.append(benchmark_section(report, grid_rel))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", default=str(common.DEFAULT_OUT / "benchmark" / "report.json"))
    a = ap.parse_args()
    report_path = Path(a.report)
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    for name in ["clip", "reasoner", "enhancer", "renderer"]:
        folder = common.DEFAULT_OUT / name
        bundle = json.loads((folder / "bundle.json").read_text())
        if name == "enhancer":
            renderer = json.loads((common.DEFAULT_OUT / "renderer" / "bundle.json").read_text())
            bundle["training"] = renderer.get("training", {}) | {"parameters": bundle["training"].get("parameters")}
        grid = report_path.parent / "grid.png"
        grid_rel = ("../" + str(grid.relative_to(common.DEFAULT_OUT))) if grid.exists() and common.DEFAULT_OUT in grid.parents else None
        (folder / "MODEL_CARD.md").write_text(card(name, bundle, report, grid_rel))
        print("wrote", folder / "MODEL_CARD.md")


if __name__ == "__main__":
    main()

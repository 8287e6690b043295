#!/usr/bin/python3
"""Reference numbers for the cue extractor's SAM region proposer, restated in torch/numpy.

    /usr/bin/python3 models/scripts/sam_reference.py     # writes services/cue-extractor/src/test/resources/sam/

A restatement (not a copy) of segment-anything's automatic mask generator path with crop_n_layers = 0 and
min_mask_region_area = 0, on models/fixtures/sam and a committed 64x48 test image:

* ResizeLongestSide.apply_image: PIL's bilinear resize of the uint8 image to long side 1024 (what
  torchvision's resize does to a PIL image); Sam.preprocess: (x - pixel_mean) / pixel_std in float32,
  zero padding bottom-right to 1024x1024.
* build_point_grid(points_per_side) scaled to the image (x by W, y by H), then ResizeLongestSide.apply_coords.
* One decoder call per grid point, as the ONNX decoder takes one prompt (batch 1): the point plus the
  padding point (0, 0) with label -1 (what SamPredictor / the ONNX example add when there is no box),
  mask_input zeros, has_mask_input 0, orig_im_size (H, W). multimask_output: masks 1..3 of the 4.
* Filters: predicted IoU > pred_iou_thresh, calculate_stability_score >= stability_score_thresh,
  masks > mask_threshold, batched_mask_to_box, torchvision-style NMS (stable sort by score, IoU on the
  XYXY boxes as continuous coordinates, suppress when IoU > box_nms_thresh).
* Mask pooling over a g x g patch grid: pixel (x, y) belongs to cell (floor((y+.5) g / H), floor((x+.5) g / W));
  a cell's weight is the share of its pixels inside the mask; the region cue is the weighted mean of the
  cells' tokens. Tokens are synthetic: t[p, d] = float32(sin(0.37 p + 0.11 d + 0.5)), D = 16.

The networks run in torch (the same seeded modules make_sam_fixture.py exports); the Java side runs the
ONNX graphs, so the comparison covers export and runtime too. Also written: Pillow resizes of the test image
at other sizes (shrinking too), the fixture encoder exported as samexporter's --use-preprocess wraps it
(encoder_use_preprocess.onnx), and three tiny graphs with almost SAM's signature under bad/.
"""
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper
from PIL import Image

from make_fixtures import export_module
from make_sam_fixture import PIXEL_MEAN, PIXEL_STD, build_decoder, build_encoder
from sam_fixture_nets import IMG, LOW_RES

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "services" / "cue-extractor" / "src" / "test" / "resources" / "sam"
BUNDLE = ROOT / "models" / "fixtures" / "sam" / "bundle.json"
TOKEN_DIM = 16
GRIDS = [8, 7]


def test_image():
    """The committed test image: rows 8..55 of samples/tabletop-2.png (64 wide, 48 high, RGB)."""
    path = OUT / "scene-64x48.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.open(ROOT / "samples" / "tabletop-2.png").convert("RGB").crop((0, 8, 64, 56)).save(path)
    return np.array(Image.open(path).convert("RGB"))


def preprocess_shape(h, w, long_side):
    scale = long_side * 1.0 / max(h, w)
    return int(h * scale + 0.5), int(w * scale + 0.5)


def preprocess(image):
    h, w = image.shape[:2]
    new_h, new_w = preprocess_shape(h, w, IMG)
    resized = np.array(Image.fromarray(image).resize((new_w, new_h), Image.BILINEAR))
    x = torch.as_tensor(resized).permute(2, 0, 1).contiguous()[None]
    mean = torch.tensor(PIXEL_MEAN, dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(PIXEL_STD, dtype=torch.float32).view(-1, 1, 1)
    x = (x - mean) / std
    x = torch.nn.functional.pad(x, (0, IMG - new_w, 0, IMG - new_h))
    return resized, x


def point_grid(n):
    offset = 1 / (2 * n)
    side = np.linspace(offset, 1 - offset, n)
    xs = np.tile(side[None, :], (n, 1))
    ys = np.tile(side[:, None], (1, n))
    return np.stack([xs, ys], axis=-1).reshape(-1, 2)


def stability(logits, threshold, offset):
    inter = int((logits > threshold + offset).sum())
    union = int((logits > threshold - offset).sum())
    return inter, union, np.float32(np.float32(inter) / np.float32(union)) if union else np.float32("nan")


def mask_box(mask):
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if len(rows) == 0:
        return [0, 0, 0, 0]
    return [int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])]


def nms(boxes, scores, threshold):
    boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
    order = np.argsort(-np.asarray(scores, dtype=np.float32), kind="stable")
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    suppressed = np.zeros(len(boxes), dtype=bool)
    keep = []
    for a, i in enumerate(order):
        if suppressed[i]:
            continue
        keep.append(int(i))
        for j in order[a + 1:]:
            if suppressed[j]:
                continue
            w = np.maximum(np.float32(0), np.minimum(boxes[i, 2], boxes[j, 2]) - np.maximum(boxes[i, 0], boxes[j, 0]))
            h = np.maximum(np.float32(0), np.minimum(boxes[i, 3], boxes[j, 3]) - np.maximum(boxes[i, 1], boxes[j, 1]))
            inter = np.float32(w * h)
            with np.errstate(invalid="ignore", divide="ignore"):
                iou = np.float32(inter / np.float32(np.float32(areas[i] + areas[j]) - inter))
            if float(iou) > threshold:
                suppressed[j] = True
    return keep


def tokens(grid):
    p = np.arange(grid * grid)[:, None]
    d = np.arange(TOKEN_DIM)[None, :]
    return np.sin(0.37 * p + 0.11 * d + 0.5).astype(np.float32)


def pool(mask, grid, toks):
    h, w = mask.shape
    ys, xs = np.mgrid[0:h, 0:w]
    cell = ((2 * ys + 1) * grid // (2 * h)) * grid + ((2 * xs + 1) * grid // (2 * w))
    total = np.bincount(cell.ravel(), minlength=grid * grid).astype(np.float64)
    inside = np.bincount(cell.ravel(), weights=mask.ravel().astype(np.float64), minlength=grid * grid)
    coverage = np.divide(inside, total, out=np.zeros_like(inside), where=total > 0)
    return (coverage @ toks.astype(np.float64)) / coverage.sum()


def bad_graphs():
    """Tiny graphs with almost SAM's signature, for the start-up checks: each differs in one way."""
    def graph(name, inputs, outputs):
        """outputs: (value_info, name of the input it is an Identity of)."""
        nodes = [helper.make_node("Identity", [source], [o.name]) for o, source in outputs]
        model = helper.make_model(helper.make_graph(nodes, name, inputs, [o for o, _ in outputs]),
                                  opset_imports=[helper.make_opsetid("", 17)], producer_name="sam_reference.py")
        model.ir_version = 8
        onnx.checker.check_model(model)
        (OUT / "bad").mkdir(parents=True, exist_ok=True)
        onnx.save(model, str(OUT / "bad" / f"{name}.onnx"))
    t = helper.make_tensor_value_info
    graph("encoder_int64", [t("input_image", TensorProto.INT64, [1, 3, 1024, 1024])],
          [(t("image_embeddings", TensorProto.INT64, [1, 3, 1024, 1024]), "input_image")])
    graph("encoder_hwc", [t("input_image", TensorProto.FLOAT, ["h", "w", 3])],
          [(t("image_embeddings", TensorProto.FLOAT, ["h", "w", 3]), "input_image")])
    f = TensorProto.FLOAT
    decoder_inputs = [t("image_embeddings", f, [1, 256, 64, 64]), t("point_coords", f, [1, "n", 2]),
                      t("point_labels", f, [1, "n"]), t("mask_input", f, [1, 1, 256, 256]), t("has_mask_input", f, [1])]
    graph("decoder_no_orig_im_size", decoder_inputs,
          [(t("masks", f, [1, 256, 64, 64]), "image_embeddings"), (t("iou_predictions", f, [1, "n"]), "point_labels"),
           (t("low_res_masks", f, [1, 1, 256, 256]), "mask_input")])


class PreprocessingEncoder(torch.nn.Module):
    """The fixture encoder as samexporter's export_encoder.py --use-preprocess wraps one: input_image is the
    resized HWC image on the 0..255 scale; normalisation, CHW and padding happen inside the graph."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.register_buffer("mean", torch.tensor(PIXEL_MEAN, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(PIXEL_STD, dtype=torch.float32))

    def forward(self, input_image):
        x = ((input_image - self.mean) / self.std).permute(2, 0, 1)
        x = torch.nn.functional.pad(x, (0, IMG - x.shape[2], 0, IMG - x.shape[1]))
        return self.encoder(x.unsqueeze(0))


def export_preprocessing_encoder():
    export_module(PreprocessingEncoder(build_encoder()), (torch.zeros(IMG, 768, 3),), OUT / "encoder_use_preprocess.onnx",
                  ["input_image"], ["image_embeddings"], {"input_image": {0: "image_height", 1: "image_width"}})


def pil_checks(image):
    """Pillow bilinear resizes of the test image, shrinking (antialiased) and growing, as SHA-256 of the RGB bytes."""
    out = []
    for w, h in [(40, 30), (17, 13), (64, 48), (100, 75), (1024, 768)]:
        data = np.array(Image.fromarray(image).resize((w, h), Image.BILINEAR)).tobytes()
        out.append({"width": w, "height": h, "sha256": hashlib.sha256(data).hexdigest()})
    return out


def main():
    cfg = json.loads(BUNDLE.read_text())
    bad_graphs()
    export_preprocessing_encoder()
    image = test_image()
    h, w = image.shape[:2]
    resized, x = preprocess(image)
    encoder, decoder = build_encoder(), build_decoder()
    with torch.no_grad():
        embeddings = encoder(x)
    rng = np.random.default_rng(7)
    flat_x = x.numpy().ravel()
    flat_e = embeddings.numpy().ravel()
    x_idx = sorted(int(i) for i in rng.choice(flat_x.size, 200, replace=False))
    e_idx = sorted(int(i) for i in rng.choice(flat_e.size, 200, replace=False))

    n = cfg["pointsPerSide"]
    points = point_grid(n) * np.array(image.shape[:2])[None, ::-1]
    new_h, new_w = preprocess_shape(h, w, IMG)
    transformed = points.astype(float).copy()
    transformed[:, 0] *= new_w / w
    transformed[:, 1] *= new_h / h

    threshold, offset = cfg["maskThreshold"], cfg["stabilityScoreOffset"]
    iou_thresh, stab_thresh = np.float32(cfg["predIouThresh"]), np.float32(cfg["stabilityScoreThresh"])
    candidates, masks, margin = [], [], float("inf")
    for p, (px, py) in enumerate(transformed.astype(np.float32)):
        coords = torch.tensor([[[px, py], [0.0, 0.0]]], dtype=torch.float32)
        labels = torch.tensor([[1.0, -1.0]])
        with torch.no_grad():
            out, iou, _ = decoder(embeddings, coords, labels, torch.zeros(1, 1, LOW_RES, LOW_RES),
                                  torch.tensor([0.0]), torch.tensor([float(h), float(w)]))
        for k in range(1, out.shape[1]):
            logits = out[0, k].numpy()
            margin = min(margin, float(np.abs(np.concatenate([(logits - t).ravel() for t in
                                                                (threshold - offset, threshold, threshold + offset)])).min()))
            inter, union, score = stability(logits, threshold, offset)
            mask = logits > threshold
            c = {"point": p, "mask": k, "iou": float(iou[0, k]), "intersections": inter, "unions": union,
                 "stability": None if np.isnan(score) else float(score), "area": int(mask.sum()),
                 "box": mask_box(mask), "logitSamples": [float(logits[(7 * i) % h, (13 * i) % w]) for i in range(16)]}
            c["passesIou"] = bool(np.float32(c["iou"]) > iou_thresh)
            c["passesStability"] = bool(c["passesIou"] and not np.isnan(score) and score >= stab_thresh)
            candidates.append(c)
            masks.append(mask)
    survivors = [i for i, c in enumerate(candidates) if c["passesStability"]]
    keep = [survivors[i] for i in nms([candidates[i]["box"] for i in survivors],
                                      [candidates[i]["iou"] for i in survivors], cfg["boxNmsThresh"])]
    regions = []
    for i in keep:
        mask = masks[i]
        x0, y0, x1, y1 = candidates[i]["box"]
        mean_rgb = (image[mask].astype(np.float64).mean(axis=0) / 255.0).tolist()
        regions.append({"candidate": i, "x": x0, "y": y0, "width": x1 - x0 + 1, "height": y1 - y0 + 1,
                        "areaFraction": float(mask.sum()) / (h * w), "meanRgb": mean_rgb,
                        "pooled": {str(g): pool(mask, g, tokens(g)).tolist() for g in GRIDS}})
    expected = {
        "image": "scene-64x48.png", "width": w, "height": h, "resized": [new_h, new_w],
        "resizedSha256": hashlib.sha256(resized.tobytes()).hexdigest(), "pilResizes": pil_checks(image),
        "pixelSamples": [[i, float(flat_x[i])] for i in x_idx],
        "pixelChannelSums": [float(v) for v in x[0].double().sum(dim=(1, 2))],
        "embeddingSamples": [[i, float(flat_e[i])] for i in e_idx],
        "embeddingSum": float(embeddings.double().sum()),
        "points": transformed.tolist(),
        "candidates": candidates, "keep": keep, "regions": regions,
        "minLogitMargin": margin, "tokenDim": TOKEN_DIM,
    }
    (OUT / "reference.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{len(candidates)} candidates, {sum(c['passesIou'] for c in candidates)} pass IoU, "
          f"{len(survivors)} pass stability, {len(keep)} kept; min |logit - threshold| {margin:.3g}")
    for r in regions:
        print(" ", {k: r[k] for k in ("candidate", "x", "y", "width", "height", "areaFraction")})


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference values for the Java CLIP / DINOv2 code, restating the reference implementations in Python.

    /usr/bin/python3 models/scripts/clip_reference.py   # writes models/fixtures/reference/{clip-hf,dino}.json

Needs python3-torch, python3-numpy and python3-pil (Debian); no transformers. What is restated:
- transformers' slow image processors (CLIPImageProcessor, BitImageProcessor for DINOv2), i.e. for a RGB
  image: size = get_resize_output_image_size(shortest_edge, default_to_square=False) (short side -> S,
  long side -> int(S * long / short)); PIL Image.resize(bicubic, reducing_gap=None) on the uint8 image;
  centre crop with top = (H - h) // 2, left = (W - w) // 2; float64 x * rescale_factor cast to float32;
  (x - mean) / std in float32; CHW. PIL itself does the resampling, so this is the real bicubic.
- CLIP's tokenizer (simple_tokenizer / CLIPTokenizer without ftfy): HTML unescape, whitespace collapse,
  lower case, CLIP's split pattern (with `re` classes equal to \\p{L} / \\p{N} for the test strings),
  byte-to-unicode, BPE by merge rank, <|startoftext|> ... <|endoftext|>, truncation to 77, pad.
- the fixture networks (rebuilt from the seeds in make_clip_fixture.py / make_dino_fixture.py): projected,
  L2-normalised image and text embeddings; patch tokens = last_hidden_state without CLS through
  post_layernorm + visual_projection; DINO CLS token.
The test images are computed from a formula (`pattern`) that the Java tests restate, so no image files.
"""
import hashlib
import html
import json
import re
from pathlib import Path

import numpy as np
import torch
from PIL import Image

import clip_bpe
import make_clip_fixture as clipfix
import make_dino_fixture as dinofix

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "models" / "fixtures" / "reference"
IMAGES = [(480, 320, 1), (200, 333, 2), (224, 224, 3), (97, 61, 4), (1000, 250, 5), (225, 301, 6)]
TEXTS = ["a photo of a cat", "Move the red ball to the LEFT of the green cube!", "what if it rained?",
         "  several   spaces\tand &amp; entities  ", "don't they're we'll I'd", "numbers 123 and 4.5",
         "", "the small shiny cube placed beside the large wooden ball " * 8]
SAMPLES = 48


def pattern(width, height, seed):
    """uint8 HWC RGB test image: a wrapped ramp (sharp edges) plus hashed noise. Java: ReferenceImages."""
    x = np.arange(width, dtype=np.int64)[None, :, None]
    y = np.arange(height, dtype=np.int64)[:, None, None]
    c = np.arange(3, dtype=np.int64)[None, None, :]
    smooth = x * (3 + c) + y * (5 - c) + seed * 17
    hashed = ((x * 73856093) ^ (y * 19349663) ^ ((c + 1) * 83492791) ^ (seed * 2654435761)) & 0xFFFFFFFF
    return ((smooth + (hashed >> 11) % 64) % 256).astype(np.uint8)


def size_dict(value, default_to_square):
    if isinstance(value, int):
        return {"height": value, "width": value} if default_to_square else {"shortest_edge": value}
    return value


def preprocess(rgb, config):
    """transformers' slow CLIPImageProcessor / BitImageProcessor .preprocess for one RGB uint8 image."""
    image = Image.fromarray(rgb, "RGB")
    height, width = rgb.shape[:2]
    size = size_dict(config["size"], False)
    if config.get("do_resize", True):
        if "shortest_edge" in size:
            short, long = (width, height) if width <= height else (height, width)
            new_short, new_long = size["shortest_edge"], int(size["shortest_edge"] * long / short)
            new_h, new_w = (new_long, new_short) if width <= height else (new_short, new_long)
        else:
            new_h, new_w = size["height"], size["width"]
        image = image.resize((new_w, new_h), resample=config.get("resample", 3), reducing_gap=None)
    resized = np.array(image)
    arr = resized
    crop = [0, 0, arr.shape[1], arr.shape[0]]
    if config.get("do_center_crop", True):
        c = size_dict(config["crop_size"], True)
        top, left = (arr.shape[0] - c["height"]) // 2, (arr.shape[1] - c["width"]) // 2
        assert top >= 0 and left >= 0, "the fixtures never need crop padding"
        arr = arr[top:top + c["height"], left:left + c["width"]]
        crop = [left, top, c["width"], c["height"]]
    x = arr
    if config.get("do_rescale", True):
        x = (x.astype(np.float64) * config.get("rescale_factor", 1 / 255)).astype(np.float32)
    if config.get("do_normalize", True):
        x = (x - np.array(config["image_mean"], dtype=np.float32)) / np.array(config["image_std"], dtype=np.float32)
    return [resized.shape[1], resized.shape[0]], crop, np.ascontiguousarray(arr), \
        np.ascontiguousarray(x.transpose(2, 0, 1).astype(np.float32))


def sha(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def image_entries(config, seed):
    rng = np.random.default_rng(seed)
    out = []
    for width, height, s in IMAGES:
        resized, crop, cropped, pixels = preprocess(pattern(width, height, s), config)
        idx = [[int(rng.integers(0, n)) for n in pixels.shape] for _ in range(SAMPLES)]
        out.append({"width": width, "height": height, "seed": s, "resized": resized, "crop": crop,
                    "cropSha256": sha(cropped), "pixelValuesSha256": sha(pixels.astype("<f4")),
                    "samples": [[c, y, x, float(pixels[c, y, x])] for c, y, x in idx],
                    "sum": float(pixels.astype(np.float64).sum())})
    return out, [preprocess(pattern(w, h, s), config)[3] for w, h, s in IMAGES]


class ClipBpe:
    """openai/CLIP simple_tokenizer.SimpleTokenizer restated (ftfy left out, as in the Java tokenizer)."""

    PAT = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|(?:[^\s\w]|_)+",
                     re.IGNORECASE)

    def __init__(self, folder):
        self.encoder = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        merges = [tuple(line.split()) for line in (folder / "merges.txt").read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#version")]
        self.ranks = {m: i for i, m in reversed(list(enumerate(merges)))}
        self.byte_encoder = dict(enumerate(clip_bpe.byte_chars()))

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            word = tuple(clip_bpe.merge_pair(word, best))
        return word

    def encode(self, text, length=clipfix.TOKENS):
        text = html.unescape(html.unescape(text)).strip()
        text = re.sub(r"\s+", " ", text).strip().lower()
        ids = []
        for piece in self.PAT.findall(text):
            chars = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.encoder.get(t, self.encoder["<|endoftext|>"]) for t in self.bpe(chars))
        ids = [self.encoder["<|startoftext|>"]] + ids[:length - 2] + [self.encoder["<|endoftext|>"]]
        mask = [1] * len(ids) + [0] * (length - len(ids))
        return ids + [self.encoder["<|endoftext|>"]] * (length - len(ids)), mask


def unit(t):
    return t / t.norm(p=2, dim=-1, keepdim=True)


def rounded(values):
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def clip_reference():
    folder = REPO / "models" / "fixtures" / "clip-hf"
    config = json.loads((folder / "preprocessor_config.json").read_text())
    tokenizer = ClipBpe(folder)
    clip = clipfix.build(len(tokenizer.encoder))
    images, pixels = image_entries(config, 7)
    texts = []
    with torch.no_grad():
        for entry, p in zip(images, pixels):
            embeds, hidden = clip.vision(torch.from_numpy(p)[None])
            entry["imageEmbeds"] = rounded(unit(embeds)[0])
            if entry["seed"] in (1, 2):
                entry["patchEmbeds"] = rounded(clip.vision.project(hidden[:, 1:])[0])
        for text in TEXTS:
            ids, mask = tokenizer.encode(text)
            embeds, _ = clip.text(torch.tensor([ids]), torch.tensor([mask]))
            texts.append({"text": text, "inputIds": ids, "attentionMask": mask, "textEmbeds": rounded(unit(embeds)[0])})
    return {"bundle": "models/fixtures/clip-hf", "preprocessor": config, "images": images, "texts": texts,
            "patchGrid": clipfix.IMAGE // clipfix.PATCH, "embeddingWidth": clipfix.PROJ}


def dino_reference():
    folder = REPO / "models" / "fixtures" / "dino"
    config = json.loads((folder / "preprocessor_config.json").read_text())
    images, pixels = image_entries(config, 11)
    model = dinofix.build()
    with torch.no_grad():
        for entry, p in zip(images, pixels):
            hidden, pooled = model(torch.from_numpy(p)[None])
            assert torch.equal(hidden[:, 0], pooled)
            entry["cls"] = rounded(hidden[0, 0])
    real = dinofix.preprocessor_config(256, 224)
    real_images, _ = image_entries(real, 13)
    return {"bundle": "models/fixtures/dino", "preprocessor": config, "images": images,
            "dinov2": {"preprocessor": real, "images": real_images}}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("clip-hf", clip_reference()), ("dino", dino_reference())):
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} KB)")


if __name__ == "__main__":
    main()

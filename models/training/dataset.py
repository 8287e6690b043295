"""Simulator datasets for training: images as uint8 arrays, instructions as word ids.

A split folder written by `editstream simulate` holds benchmark.json (AURORA format with the
project's extensions) and NNNNN_{input,output}.png. `load_split` decodes it once and caches the
arrays next to the JSON (`.train-cache.npz`), so every training script reads the same pixels.
The tokenizer is WordTokenizer (platform-onnx) in Python: lower-case, runs of letters/digits are
words, every other visible character is a token, [BOS] words [EOS] [PAD]..., cut to keep [EOS].
"""
import json
import re
from pathlib import Path

import numpy as np
from PIL import Image

SPECIAL = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]
PAD, UNK, BOS, EOS = 0, 1, 2, 3
CATEGORIES = ["EXPLICIT", "PHYSICAL", "TEMPORAL", "CAUSAL", "STORY"]
WORD = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)


def words(text):
    return WORD.findall((text or "").lower())


class Vocab:
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens)}

    @staticmethod
    def build(texts, extra=()):
        seen = set(SPECIAL)
        tokens = list(SPECIAL)
        for w in sorted({w for t in texts for w in words(t)} | set(extra)):
            if w not in seen:
                seen.add(w)
                tokens.append(w)
        return Vocab(tokens)

    @staticmethod
    def read(path):
        return Vocab(Path(path).read_text().splitlines())

    def write(self, path):
        Path(path).write_text("\n".join(self.tokens) + "\n")

    def __len__(self):
        return len(self.tokens)

    def encode(self, text, length):
        ids = [self.ids.get(w, UNK) for w in words(text)][: length - 2]
        seq = [BOS] + ids + [EOS]
        return seq + [PAD] * (length - len(seq))

    def decode(self, ids):
        out = []
        for i in ids:
            if i == EOS:
                break
            if i > EOS:
                out.append(self.tokens[i])
        return " ".join(out)


def normalise(text):
    """The comparison form of an instruction: its words joined by single spaces."""
    return " ".join(words(text))


def load_split(folder):
    """(records, src uint8 [N,S,S,3], tgt uint8 [N,S,S,3]) for one split folder, cached."""
    folder = Path(folder)
    records = json.loads((folder / "benchmark.json").read_text())
    cache = folder / ".train-cache.npz"
    if cache.exists():
        data = np.load(cache)
        if data["src"].shape[0] == len(records):
            return records, data["src"], data["tgt"]
    src = np.stack([np.asarray(Image.open(folder / r["input"]).convert("RGB")) for r in records])
    tgt = np.stack([np.asarray(Image.open(folder / r["output"]).convert("RGB")) for r in records])
    np.savez(cache, src=src, tgt=tgt)
    return records, src, tgt


def phrasings(record):
    """Every way the item's edit is asked for, with its reasoning type: (category, instruction)."""
    out = [("EXPLICIT", record.get("explicit_variant") or record["explicit_instruction"])]
    for c, text in record.get("hypothetical_instructions", {}).items():
        out.append((c, text))
    return out


def all_texts(records):
    texts = []
    for r in records:
        texts.append(r["explicit_instruction"])
        texts.append(r.get("no_change_instruction") or "")
        texts.extend(t for _, t in phrasings(r))
        texts.extend(r.get("objects", []))
    return texts

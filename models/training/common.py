"""Shared helpers of the training scripts: threads, image tensors, ONNX export, bundle files."""
import json
import os
import time
from pathlib import Path

import numpy as np
import torch

import nets  # noqa: F401  (puts models/scripts on the path)
from make_fixtures import export_module, signature  # one exporter for fixtures and trained bundles

CLIP_MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
CLIP_STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)
REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "models" / "default"


def setup(seed, threads=1):
    """Seeds everything. One thread by default: on a shared 2-core machine OpenMP's barriers made two
    threads 3-5x slower than one (measured); set TRAIN_THREADS on a quiet machine."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", threads)))


def clip_pixels(images_u8):
    """uint8 [N,S,S,3] -> CLIP-normalised float [N,3,S,S], as ImageTensors.toNormalizedChw."""
    x = images_u8.astype(np.float32) / 255.0
    x = (x - CLIP_MEAN) / CLIP_STD
    return torch.from_numpy(x.transpose(0, 3, 1, 2).copy())


def signed_pixels(images_u8):
    """uint8 [N,S,S,3] -> [-1,1] float [N,3,S,S], as the renderer's VAE input."""
    x = images_u8.astype(np.float32) / 127.5 - 1.0
    return torch.from_numpy(x.transpose(0, 3, 1, 2).copy())


def export(module, args, path, inputs, outputs, dynamic):
    """Export at opset 17, check the graph, return its signature for bundle.json."""
    return signature(export_module(module, args, Path(path), inputs, outputs, dynamic))


def write_json(path, obj):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2) + "\n")


def params(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def timed_batches(clock, budget, n, batch):
    """Index batches of shuffled epochs over `n` items (a short last batch dropped) until `budget`
    seconds have passed on `clock`: the data loop of the contrastive and reasoner training."""
    while clock.elapsed() < budget:
        perm = torch.randperm(n)
        for i in range(0, n - batch + 1, batch):
            if clock.elapsed() >= budget:
                return
            yield perm[i:i + batch]


class Clock:
    """Wall time and a one-line progress report every `every` seconds."""

    def __init__(self, every=30):
        self.start = time.time()
        self.last = 0.0
        self.every = every

    def elapsed(self):
        return time.time() - self.start

    def due(self):
        now = self.elapsed()
        if now - self.last >= self.every:
            self.last = now
            return True
        return False

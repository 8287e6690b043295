"""The trained default networks: the fixture architectures (models/scripts/fixture_nets.py) with
the text length and depth of the trained bundles, plus the renderer's UNet and fixed VAE.

Signatures are those of models/README.md; only sizes differ: T = 36 text tokens (the longest
simulator instruction is 33 words), deeper encoders.
"""
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import fixture_nets  # noqa: E402
from fixture_nets import Attention, Block, Fusion, D, G, L, DC, NUM_PATCHES, REASONING_TYPES  # noqa: E402,F401

T = 36


class ClipImageEncoder(fixture_nets.ClipImageEncoder):
    """pixel_values [B,3,64,64] -> patch_tokens [B,64,D], image_embeds [B,D] (unit length); 3 blocks."""

    def __init__(self, depth=3):
        super().__init__(depth)


class ClipTextEncoder(fixture_nets.ClipTextEncoder):
    """input_ids, attention_mask [B,T] -> token_states [B,T,D], text_embeds [B,D] (unit length)."""

    def __init__(self, vocab, depth=2):
        super().__init__(vocab, depth, length=T)


class ReasonerEncoder(fixture_nets.ReasonerEncoder):
    """Image patches and instruction tokens in one sequence -> memory, reasoning type, guidance; 4 blocks."""

    def __init__(self, vocab, depth=4):
        super().__init__(vocab, depth, mlp_ratio=4, length=T, query_scale=0.02, guide_norm=True)


class ReasonerDecoder(fixture_nets.ReasonerDecoder):
    """Causal decoder over the encoder memory: decoder_input_ids [1,t] -> next-token logits [1,t,V]."""

    def __init__(self, vocab, depth=2):
        super().__init__(vocab, depth, mlp_ratio=4)


class GuidanceProbe(nn.Module):
    """Training-only head: reads the explicit instruction back out of the G guidance tokens, so the
    guidance carries the whole edit (which object, which change) for the renderer downstream."""

    def __init__(self, vocab):
        super().__init__()
        self.pos = nn.Parameter(torch.randn(1, T, D) * 0.02)
        self.read = Block(D, cross=True, mlp_ratio=2)
        self.head = nn.Linear(D, vocab)

    def forward(self, guidance):
        q = self.pos.expand(guidance.shape[0], -1, -1)
        return self.head(self.read(q, ctx=guidance))

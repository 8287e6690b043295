"""The trained default networks: the fixture architectures (models/scripts/fixture_nets.py) with
the text length and depth of the trained bundles, plus the renderer's UNet and fixed VAE.

Signatures are those of models/README.md; only sizes differ: T = 36 text tokens (the longest
simulator instruction is 33 words), deeper encoders.
"""
import math
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from fixture_nets import Attention, Block, Fusion, PatchEmbed, l2_normalise, mask_bias, D, G, L, DC, NUM_PATCHES, REASONING_TYPES, NEG  # noqa: E402,F401

T = 36


class ClipImageEncoder(nn.Module):
    """pixel_values [B,3,64,64] -> patch_tokens [B,64,D], image_embeds [B,D] (unit length)."""

    def __init__(self, depth=3):
        super().__init__()
        self.patches = PatchEmbed()
        self.blocks = nn.ModuleList([Block(D) for _ in range(depth)])
        self.norm, self.proj = nn.LayerNorm(D), nn.Linear(D, D)

    def forward(self, pixel_values):
        x = self.patches(pixel_values)
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return x, l2_normalise(self.proj(x.mean(dim=1)))


class ClipTextEncoder(nn.Module):
    """input_ids, attention_mask [B,T] -> token_states [B,T,D], text_embeds [B,D] (unit length)."""

    def __init__(self, vocab, depth=2):
        super().__init__()
        self.tokens = nn.Embedding(vocab, D)
        self.pos = nn.Parameter(torch.randn(1, T, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D) for _ in range(depth)])
        self.norm, self.proj = nn.LayerNorm(D), nn.Linear(D, D)

    def forward(self, input_ids, attention_mask):
        x = self.tokens(input_ids) + self.pos
        bias = mask_bias(attention_mask)
        for block in self.blocks:
            x = block(x, bias)
        x = self.norm(x)
        m = attention_mask.float()[:, :, None]
        pooled = (x * m).sum(dim=1) / m.sum(dim=1).clamp_min(1.0)
        return x, l2_normalise(self.proj(pooled))


class ReasonerEncoder(nn.Module):
    """Image patches and instruction tokens in one sequence -> memory, reasoning type, guidance."""

    def __init__(self, vocab, depth=4):
        super().__init__()
        self.patches = PatchEmbed()
        self.tokens = nn.Embedding(vocab, D)
        self.text_pos = nn.Parameter(torch.randn(1, T, D) * 0.02)
        self.modality = nn.Parameter(torch.randn(2, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D, mlp_ratio=4) for _ in range(depth)])
        self.norm = nn.LayerNorm(D)
        self.classify = nn.Linear(D, len(REASONING_TYPES))
        self.queries = nn.Parameter(torch.randn(1, G, D) * 0.02)
        self.guide = Block(D, cross=True, mlp_ratio=2)
        self.guide_norm = nn.LayerNorm(D)

    def forward(self, pixel_values, input_ids, attention_mask):
        img = self.patches(pixel_values) + self.modality[0]
        txt = self.tokens(input_ids) + self.text_pos + self.modality[1]
        x = torch.cat([img, txt], dim=1)
        mask = torch.cat([torch.ones_like(attention_mask[:, :1]).expand(-1, NUM_PATCHES), attention_mask], 1)
        bias = mask_bias(mask)
        for block in self.blocks:
            x = block(x, bias)
        memory = self.norm(x)
        m = mask.float()[:, :, None]
        logits = self.classify((memory * m).sum(1) / m.sum(1))
        guidance = self.guide_norm(self.guide(self.queries.expand(memory.shape[0], -1, -1), ctx=memory, ctx_bias=bias))
        return memory, logits, guidance


class ReasonerDecoder(nn.Module):
    """Causal decoder over the encoder memory: decoder_input_ids [1,t] -> next-token logits [1,t,V]."""

    MAX_POSITIONS = 64

    def __init__(self, vocab, depth=2):
        super().__init__()
        self.tokens = nn.Embedding(vocab, D)
        self.pos = nn.Parameter(torch.randn(1, self.MAX_POSITIONS, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D, cross=True, mlp_ratio=4) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(D), nn.Linear(D, vocab)

    def forward(self, memory, decoder_input_ids):
        t = decoder_input_ids.shape[1]
        x = self.tokens(decoder_input_ids) + self.pos[:, :t]
        idx = torch.arange(t)
        causal = (idx[None, :] > idx[:, None]).float() * NEG
        for block in self.blocks:
            x = block(x, causal, ctx=memory)
        return self.head(self.norm(x))


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

"""Small torch networks with the exact input/output signatures of the EditStream model bundles.

Every block is built from plain ops (Linear, Conv2d, GroupNorm, LayerNorm, softmax attention) so the
ONNX export at opset 17 needs no custom or fused kernels and runs on ONNX Runtime's CPU and CUDA
providers alike. Widths follow docs/contracts.md: D=64, S=64, T=24, G=8, L=16, Dc=64, latents S/4.
"""
import math

import torch
from torch import nn

D, S, T, G, L, DC, PATCH, HEADS = 64, 64, 24, 8, 16, 64, 8, 4
NUM_PATCHES = (S // PATCH) ** 2
REASONING_TYPES = ["EXPLICIT", "PHYSICAL", "TEMPORAL", "CAUSAL", "STORY"]
NEG = -1.0e4  # finite "minus infinity": a fully masked row stays finite instead of NaN


def mask_bias(mask):
    """[B,K] 1/0 (int or float) -> additive attention bias [B,1,1,K]."""
    return ((1.0 - mask.float()) * NEG)[:, None, None, :]


class Attention(nn.Module):
    def __init__(self, dim, ctx_dim=None, heads=HEADS):
        super().__init__()
        self.heads, self.dh = heads, dim // heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(ctx_dim or dim, 2 * dim)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, ctx, bias=None):
        b = x.shape[0]
        q = self.q(x).reshape(b, -1, self.heads, self.dh).transpose(1, 2)
        k, v = self.kv(ctx).chunk(2, dim=-1)
        k = k.reshape(b, -1, self.heads, self.dh).transpose(1, 2)
        v = v.reshape(b, -1, self.heads, self.dh).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.dh)
        if bias is not None:
            scores = scores + bias
        out = scores.softmax(dim=-1) @ v
        return self.o(out.transpose(1, 2).reshape(b, -1, self.heads * self.dh))


class Block(nn.Module):
    """Pre-norm transformer block: self-attention, optional cross-attention, MLP."""

    def __init__(self, dim, cross=False, ctx_dim=None, mlp_ratio=4):
        super().__init__()
        self.n1, self.attn = nn.LayerNorm(dim), Attention(dim)
        self.cross = Attention(dim, ctx_dim) if cross else None
        self.n2 = nn.LayerNorm(dim) if cross else None
        self.n3 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim))

    def forward(self, x, bias=None, ctx=None, ctx_bias=None):
        h = self.n1(x)
        x = x + self.attn(h, h, bias)
        if self.cross is not None:
            x = x + self.cross(self.n2(x), ctx, ctx_bias)
        return x + self.mlp(self.n3(x))


def l2_normalise(x):
    return x / x.norm(dim=-1, keepdim=True).clamp_min(1e-6)


class PatchEmbed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(3, D, PATCH, stride=PATCH)
        self.pos = nn.Parameter(torch.randn(1, NUM_PATCHES, D) * 0.02)

    def forward(self, pixels):
        return self.proj(pixels).flatten(2).transpose(1, 2) + self.pos


class ClipImageEncoder(nn.Module):
    """pixel_values [B,3,S,S] -> patch_tokens [B,64,D], image_embeds [B,D] (unit length)."""

    def __init__(self, depth=2):
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

    def __init__(self, vocab, depth=2, length=T):
        super().__init__()
        self.tokens = nn.Embedding(vocab, D)
        self.pos = nn.Parameter(torch.randn(1, length, D) * 0.02)
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
    """Image patches and instruction tokens in one sequence -> memory, reasoning type, guidance queries.
    The trained reasoner is deeper, wider in its MLPs, and normalises its guidance (`guide_norm`)."""

    def __init__(self, vocab, depth=2, mlp_ratio=2, length=T, query_scale=1.0, guide_norm=False):
        super().__init__()
        self.patches = PatchEmbed()
        self.tokens = nn.Embedding(vocab, D)
        self.text_pos = nn.Parameter(torch.randn(1, length, D) * 0.02)
        self.modality = nn.Parameter(torch.randn(2, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D, mlp_ratio=mlp_ratio) for _ in range(depth)])
        self.norm = nn.LayerNorm(D)
        self.classify = nn.Linear(D, len(REASONING_TYPES))
        self.queries = nn.Parameter(torch.randn(1, G, D) * query_scale)
        self.guide = Block(D, cross=True, mlp_ratio=2)
        self.guide_norm = nn.LayerNorm(D) if guide_norm else nn.Identity()

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

    def __init__(self, vocab, depth=2, mlp_ratio=2):
        super().__init__()
        self.tokens = nn.Embedding(vocab, D)
        self.pos = nn.Parameter(torch.randn(1, self.MAX_POSITIONS, D) * 0.02)
        self.blocks = nn.ModuleList([Block(D, cross=True, mlp_ratio=mlp_ratio) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(D), nn.Linear(D, vocab)

    def forward(self, memory, decoder_input_ids):
        t = decoder_input_ids.shape[1]
        x = self.tokens(decoder_input_ids) + self.pos[:, :t]
        idx = torch.arange(t)
        causal = (idx[None, :] > idx[:, None]).float() * NEG
        for block in self.blocks:
            x = block(x, causal, ctx=memory)
        return self.head(self.norm(x))


class Fusion(nn.Module):
    """Guidance queries read the cues (masked cross-attention); L learned slots then read the result."""

    def __init__(self):
        super().__init__()
        self.read_cues = Block(D, cross=True)
        self.slots = nn.Parameter(torch.randn(1, L, DC))
        self.read_guidance = Block(DC, cross=True, ctx_dim=D)
        self.out = nn.Sequential(nn.LayerNorm(DC), nn.Linear(DC, DC))

    def forward(self, guidance, cues, cue_mask):
        g = self.read_cues(guidance, ctx=cues, ctx_bias=mask_bias(cue_mask))
        slots = self.read_guidance(self.slots.expand(guidance.shape[0], -1, -1), ctx=g)
        return self.out(slots)

"""The renderer's networks: a fixed lossless "VAE", an x0-parameterised UNet exported as an ε
predictor, and the enhancer's fusion (trained together with the UNet, exported on its own).

Why a fixed VAE: at 64×64 a learned 4-channel autoencoder loses more (edges, small objects) than a
minimal edit changes, so its reconstruction error alone would exceed the copy-the-input baseline.
Space-to-depth by 4 is invertible: latents are 48×16×16 pixel blocks, decoding is exact.

Why x0 inside an ε graph: the network predicts the clean latent as source + delta (zero almost
everywhere for a minimal edit), and the graph converts it to the ε the Optimum contract and the Java
schedulers expect, using σ(t) interpolated from the training schedule exactly as diffusers does for
fractional timesteps. Any ε-based sampler then sees x̂0 = source + delta.
"""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from nets import Block, L, DC
from nets import Attention

FACTOR = 4
LATENT = 3 * FACTOR * FACTOR  # 48
TRAIN_STEPS = 1000


def train_sigmas():
    betas = np.linspace(0.00085 ** 0.5, 0.012 ** 0.5, TRAIN_STEPS, dtype=np.float64) ** 2
    alphas_cumprod = np.cumprod(1.0 - betas)
    return ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5


class VaeEncoder(nn.Module):
    """sample [B,3,H,W] in [-1,1] -> latent_parameters [B,2C,h,w] = mean ⊕ logvar (logvar: very small)."""

    def forward(self, sample):
        mean = F.pixel_unshuffle(sample, FACTOR)
        return torch.cat([mean, torch.full_like(mean, -30.0)], dim=1)


class VaeDecoder(nn.Module):
    """latent_sample [B,C,h,w] -> sample [B,3,H,W]."""

    def forward(self, latent_sample):
        return F.pixel_shuffle(latent_sample, FACTOR)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim):
        super().__init__()
        self.n1, self.c1 = nn.GroupNorm(8, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.t = nn.Linear(tdim, 2 * cout)
        self.n2, self.c2 = nn.GroupNorm(8, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x)))
        scale, shift = self.t(temb)[:, :, None, None].chunk(2, dim=1)
        h = self.n2(h) * (1 + scale) + shift
        return self.skip(x) + self.c2(F.silu(h))


class SpatialAttention(nn.Module):
    """Self-attention over positions, then cross-attention to the conditioning tokens."""

    def __init__(self, ch, ctx_dim):
        super().__init__()
        self.norm = nn.GroupNorm(8, ch)
        self.block = Block(ch, cross=True, ctx_dim=ctx_dim, mlp_ratio=2)

    def forward(self, x, ctx):
        b, c, h, w = x.shape
        seq = self.norm(x).flatten(2).transpose(1, 2)
        seq = self.block(seq, ctx=ctx)
        return x + seq.transpose(1, 2).reshape(b, c, h, w)


class CrossAttention(nn.Module):
    """Positions read the conditioning tokens (no self-attention: cheaper where it is not needed)."""

    def __init__(self, ch, ctx_dim):
        super().__init__()
        self.norm = nn.GroupNorm(8, ch)
        self.attn = Attention(ch, ctx_dim)

    def forward(self, x, ctx):
        b, c, h, w = x.shape
        seq = self.norm(x).flatten(2).transpose(1, 2)
        return x + self.attn(seq, ctx).transpose(1, 2).reshape(b, c, h, w)


class UNet(nn.Module):
    """sample [B,2C,h,w] (noisy latent ⊕ source latent), timestep [B], encoder_hidden_states [B,L,DC]
    -> out_sample [B,C,h,w] (ε)."""

    def __init__(self, ch=64, ch2=128, tdim=128):
        super().__init__()
        self.register_buffer("sigmas", torch.tensor(train_sigmas(), dtype=torch.float32))
        self.tdim = tdim
        self.temb = nn.Sequential(nn.Linear(tdim, tdim), nn.SiLU(), nn.Linear(tdim, tdim))
        self.inp = nn.Conv2d(2 * LATENT, ch, 3, padding=1)
        self.d1, self.d2 = ResBlock(ch, ch, tdim), ResBlock(ch, ch, tdim)
        self.down = nn.Conv2d(ch, ch2, 3, stride=2, padding=1)
        self.m1 = ResBlock(ch2, ch2, tdim)
        self.attn8 = SpatialAttention(ch2, DC)
        self.m2 = ResBlock(ch2, ch2, tdim)
        self.cross8 = CrossAttention(ch2, DC)
        self.up = nn.ConvTranspose2d(ch2, ch, 2, stride=2)
        self.u1, self.u2 = ResBlock(2 * ch, ch, tdim), ResBlock(ch, ch, tdim)
        self.out_norm, self.out = nn.GroupNorm(8, ch), nn.Conv2d(ch, LATENT, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def sigma(self, timestep):
        """σ at a (fractional) timestep by linear interpolation of the training sigmas (np.interp)."""
        t = timestep.float().clamp(0, TRAIN_STEPS - 1)
        i0 = t.floor()
        w = t - i0
        i0 = i0.long()
        i1 = (i0 + 1).clamp(max=TRAIN_STEPS - 1)
        return self.sigmas[i0] * (1 - w) + self.sigmas[i1] * w

    def predict_x0(self, sample, timestep, encoder_hidden_states):
        noisy, source = sample[:, :LATENT], sample[:, LATENT:]
        temb = self.temb(timestep_embedding(timestep, self.tdim))
        ctx = encoder_hidden_states
        h = self.inp(sample)
        h = self.d2(self.d1(h, temb), temb)
        skip = h
        h = self.down(h)
        h = self.attn8(self.m1(h, temb), ctx)
        h = self.cross8(self.m2(h, temb), ctx)
        h = torch.cat([self.up(h), skip], dim=1)
        h = self.u2(self.u1(h, temb), temb)
        return source + self.out(F.silu(self.out_norm(h)))

    def forward(self, sample, timestep, encoder_hidden_states):
        x0 = self.predict_x0(sample, timestep, encoder_hidden_states)
        sigma = self.sigma(timestep)[:, None, None, None]
        # The scheduler fed x/sqrt(σ²+1) = sqrt(ᾱ)·x0 + sqrt(1-ᾱ)·ε; solve that for ε.
        a = 1.0 / torch.sqrt(sigma * sigma + 1.0)
        s = sigma * a
        return (sample[:, :LATENT] - a * x0) / s

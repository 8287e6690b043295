"""Small latent-diffusion networks in the shapes of an InstructPix2Pix Optimum export.

The UNet takes the noisy latent concatenated with the source-image latent (8 channels), a float
timestep per batch item and the conditioning hidden states; the VAE down- and up-samples by 4 with
4 latent channels, its encoder emitting mean ⊕ logvar like diffusers' AutoencoderKL.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F

from fixture_nets import Attention, DC

LATENT = 4


def norm(channels):
    return nn.GroupNorm(8, channels)


class ResBlock(nn.Module):
    """GroupNorm-SiLU-conv twice, with the time/conditioning embedding added in between."""

    def __init__(self, cin, cout, emb):
        super().__init__()
        self.n1, self.c1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.emb = nn.Linear(emb, cout)
        self.n2, self.c2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.c1(F.silu(self.n1(x))) + self.emb(F.silu(emb))[:, :, None, None]
        return self.skip(x) + self.c2(F.silu(self.n2(h)))


class TinyUNet(nn.Module):
    """sample [B,8,h,w], timestep [B], encoder_hidden_states [B,L,Dc] -> out_sample [B,4,h,w]."""

    def __init__(self, base=32, emb=128, ctx=DC):
        super().__init__()
        half = base
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half) / half))
        self.time = nn.Sequential(nn.Linear(2 * half, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.pooled = nn.Linear(ctx, emb)
        self.conv_in = nn.Conv2d(2 * LATENT, base, 3, padding=1)
        self.down_res = ResBlock(base, base, emb)
        self.down = nn.Conv2d(base, 2 * base, 3, stride=2, padding=1)
        self.mid_res = ResBlock(2 * base, 2 * base, emb)
        self.mid_norm = nn.LayerNorm(2 * base)
        self.mid_attn = Attention(2 * base, ctx)
        self.up = nn.Conv2d(2 * base, base, 3, padding=1)
        self.up_res = ResBlock(2 * base, base, emb)
        self.out_norm, self.conv_out = norm(base), nn.Conv2d(base, LATENT, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states):
        args = timestep[:, None].float() * self.freqs[None, :]
        emb = self.time(torch.cat([torch.sin(args), torch.cos(args)], dim=-1))
        emb = emb + self.pooled(encoder_hidden_states.mean(dim=1))
        skip = self.down_res(self.conv_in(sample), emb)
        h = self.mid_res(self.down(skip), emb)
        b, c, hh, ww = h.shape
        tokens = h.flatten(2).transpose(1, 2)
        tokens = tokens + self.mid_attn(self.mid_norm(tokens), encoder_hidden_states)
        h = tokens.transpose(1, 2).reshape(b, c, hh, ww)
        h = self.up(F.interpolate(h, scale_factor=2.0, mode="nearest"))
        h = self.up_res(torch.cat([h, skip], dim=1), emb)
        return self.conv_out(F.silu(self.out_norm(h)))


class VaeEncoder(nn.Module):
    """sample [B,3,H,W] in [-1,1] -> latent_parameters [B,8,H/4,W/4] (mean ⊕ logvar)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.SiLU(),
            nn.Conv2d(32, 32, 3, stride=2, padding=1), norm(32), nn.SiLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), norm(64), nn.SiLU(),
            nn.Conv2d(64, 2 * LATENT, 3, padding=1))

    def forward(self, sample):
        return self.net(sample)


class VaeDecoder(nn.Module):
    """latent_sample [B,4,h,w] -> sample [B,3,4h,4w] (roughly [-1,1]; callers clamp)."""

    def __init__(self):
        super().__init__()
        self.c_in = nn.Conv2d(LATENT, 64, 3, padding=1)
        self.n1, self.c1 = norm(64), nn.Conv2d(64, 32, 3, padding=1)
        self.n2, self.c2 = norm(32), nn.Conv2d(32, 32, 3, padding=1)
        self.n3, self.c_out = norm(32), nn.Conv2d(32, 3, 3, padding=1)

    def forward(self, latent_sample):
        h = self.c_in(latent_sample)
        h = self.c1(F.interpolate(F.silu(self.n1(h)), scale_factor=2.0, mode="nearest"))
        h = self.c2(F.interpolate(F.silu(self.n2(h)), scale_factor=2.0, mode="nearest"))
        return self.c_out(F.silu(self.n3(h)))

"""The renderer's sampler in Python, for validation while training: diffusers' Euler-ancestral and
Euler schedulers (linspace spacing, steps_offset 1, scaled_linear betas) with InstructPix2Pix 3-way
classifier-free guidance, as the Java DiffusionPipeline runs them. Noise comes from torch here (the
Java side has its own seeded generator), so figures agree in distribution, not bit for bit.
"""
import numpy as np
import torch

import common
import dataset
from nets import T
from renderer_nets import TRAIN_STEPS, train_sigmas

SCHEDULER_CONFIG = {
    "_class_name": "EulerAncestralDiscreteScheduler", "_diffusers_version": "0.25.0", "num_train_timesteps": TRAIN_STEPS,
    "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "prediction_type": "epsilon",
    "timestep_spacing": "linspace", "steps_offset": 1, "trained_betas": None}


def schedule(steps):
    timesteps = np.linspace(0, TRAIN_STEPS - 1, steps, dtype=np.float64)[::-1].copy()
    sig = train_sigmas()
    sigmas = np.interp(timesteps, np.arange(TRAIN_STEPS), sig)
    return torch.tensor(timesteps, dtype=torch.float32), torch.tensor(np.append(sigmas, 0.0), dtype=torch.float32)


@torch.no_grad()
def sample(unet, cond, src_latent, steps=20, text_scale=7.5, image_scale=1.5, ancestral=True, generator=None):
    """Edited latents [B,C,h,w] for conditioning [B,L,Dc] and source latents [B,C,h,w]."""
    b = src_latent.shape[0]
    timesteps, sigmas = schedule(steps)
    x = torch.randn(src_latent.shape, generator=generator) * float((sigmas[0] ** 2 + 1) ** 0.5)
    zeros_c, zeros_s = torch.zeros_like(cond), torch.zeros_like(src_latent)
    for i, t in enumerate(timesteps):
        s, s_next = sigmas[i], sigmas[i + 1]
        xin = x / (s * s + 1) ** 0.5
        eps = unet(torch.cat([torch.cat([xin, src_latent], 1), torch.cat([xin, src_latent], 1), torch.cat([xin, zeros_s], 1)]),
                   t.repeat(3 * b), torch.cat([cond, zeros_c, zeros_c]))
        e_text, e_img, e_none = eps.chunk(3)
        e = e_none + text_scale * (e_text - e_img) + image_scale * (e_img - e_none)
        denoised = x - s * e
        if ancestral:
            up = (s_next ** 2 * (s ** 2 - s_next ** 2) / s ** 2) ** 0.5
            down = (s_next ** 2 - up ** 2) ** 0.5
            x = x + (x - denoised) / s * (down - s)
            if s_next > 0:
                x = x + torch.randn(x.shape, generator=generator) * up
        else:
            x = x + (x - denoised) / s * (s_next - s)
    return x


def to_u8(latent):
    img = torch.nn.functional.pixel_shuffle(latent, 4).clamp(-1, 1)
    return ((img + 1) * 127.5).round().permute(0, 2, 3, 1).numpy().astype(np.uint8)


def l2(a, b):
    return ((a.astype(np.float64) - b.astype(np.float64)) / 255.0) ** 2


@torch.no_grad()
def evaluate(unet, fusion, data, split, vocab, image_enc, text_enc, reasoner, items, conditioner_cls, latents,
             settings=(("euler_a", 7.5, 1.5, True), ("euler", 7.5, 1.5, False))):
    """L2 to the target next to the copy baseline per edit family, for a few sampler settings, and
    DiscEdit-style no-change preference (latent L2 to source of the no-change render < of the edit render)."""
    records, src_u8, tgt_u8 = dataset.load_split(f"{data}/{split}")
    records, src_u8, tgt_u8 = records[:items], src_u8[:items], tgt_u8[:items]
    cond = conditioner_cls(records, src_u8, vocab, image_enc, text_enc, reasoner)
    rng = np.random.default_rng(0)
    # the item's own wording (its category) and its no-change wording
    own, keep = [], []
    for i, r in enumerate(records):
        wordings = [e for e, (item, nc) in enumerate(zip(cond.item.tolist(), cond.no_change.tolist())) if item == i]
        texts = [t for _, t in dataset.phrasings(r)]
        own.append(wordings[texts.index(r["instruction"])] if r["instruction"] in texts else wordings[0])
        keep.append(wordings[-1])
    own, keep = torch.tensor(own), torch.tensor(keep)
    src = latents(src_u8)
    family = [r["task"].split("/")[0] for r in records]
    copy = l2(src_u8, tgt_u8).mean(axis=(1, 2, 3))
    out = {"items": len(records), "copy_l2": round(float(copy.mean()), 5)}
    for setting in settings:
        name, ts, isc, anc = setting[:4]
        steps = setting[4] if len(setting) > 4 else 20
        res = []
        disc = []
        for i in range(0, len(records), 50):
            sl = slice(i, i + 50)
            items_ = torch.arange(len(records))[sl]
            cues, mask = cond.cues(items_, rng, train=False)
            c = fusion(cond.guidance[own[sl]].float(), cues, mask)
            g = torch.Generator().manual_seed(1234 + i)
            edit = sample(unet, c, src[sl], steps=steps, text_scale=ts, image_scale=isc, ancestral=anc, generator=g)
            res.append(l2(to_u8(edit), tgt_u8[sl]).mean(axis=(1, 2, 3)))
            if name == settings[0][0]:
                ck = fusion(cond.guidance[keep[sl]].float(), cues, mask)
                g = torch.Generator().manual_seed(1234 + i)
                nochange = sample(unet, ck, src[sl], steps=steps, text_scale=ts, image_scale=isc, ancestral=anc, generator=g)
                d_edit = ((edit - src[sl]) ** 2).mean(dim=(1, 2, 3))
                d_keep = ((nochange - src[sl]) ** 2).mean(dim=(1, 2, 3))
                disc.append((d_keep < d_edit).float().numpy())
        res = np.concatenate(res)
        per = {}
        for f in sorted(set(family)):
            m = np.array([x == f for x in family])
            per[f] = {"l2": round(float(res[m].mean()), 5), "copy_l2": round(float(copy[m].mean()), 5), "n": int(m.sum())}
        out[name] = {"text_scale": ts, "image_scale": isc, "steps": steps, "ancestral": anc, "l2": round(float(res.mean()), 5),
                     "per_family": per}
        if disc:
            d = np.concatenate(disc)
            out["discedit_accuracy"] = round(float(d.mean()), 4)
    return out

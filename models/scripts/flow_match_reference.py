#!/usr/bin/python3
"""Expected values for the renderer's FLUX.1 Kontext unit tests (FlowMatchEulerSchedulerTest,
LatentPackingTest, KontextSizeTest), computed independently from diffusers' formulas.

diffusers itself is not installed here; this restates, from its source as remembered:
  - FluxKontextPipeline's `sigmas = np.linspace(1.0, 1 / n, n)` and `calculate_shift` (mu from the packed
    image sequence length), then FlowMatchEulerDiscreteScheduler.set_timesteps(sigmas=..., mu=...):
    float32 sigmas, `time_shift` (exponential or linear) or the static `shift`, the optional
    `stretch_shift_to_terminal`, timesteps = sigmas * num_train_timesteps, a final sigma 0;
  - FlowMatchEulerDiscreteScheduler.step (deterministic): prev = sample + (sigma_next - sigma) * model_output;
  - FluxKontextPipeline._pack_latents / _unpack_latents / _prepare_latent_image_ids, the reference image's
    ids with first coordinate 1, txt_ids zeros, and the noise + reference sequence concatenation;
  - the reference image's resolution: VaeImageProcessor.get_default_height_width (sides floored to
    multiples of 16), the PREFERRED_KONTEXT_RESOLUTIONS entry nearest in aspect ratio (_auto_resize),
    both sides floored to multiples of 16; and the output size's max_area fit.
with numpy (float32 arrays, as diffusers keeps them) and torch float32 tensors.

    /usr/bin/python3 models/scripts/flow_match_reference.py      # needs python3-torch and python3-numpy
"""
import math

import numpy as np
import torch

KONTEXT_DEV = dict(num_train_timesteps=1000, shift=3.0, use_dynamic_shifting=True, base_shift=0.5, max_shift=1.15,
                   base_image_seq_len=256, max_image_seq_len=4096, time_shift_type="exponential", shift_terminal=None)


def show(name, values):
    print(name, ", ".join(repr(float(v)) for v in values))


def calculate_shift(image_seq_len, base_seq_len, max_seq_len, base_shift, max_shift):
    m = (max_shift - base_shift) / (max_seq_len - base_seq_len)
    b = base_shift - m * base_seq_len
    return image_seq_len * m + b


def set_timesteps(cfg, sigmas, mu):
    sigmas = np.array(sigmas).astype(np.float32)
    if cfg["use_dynamic_shifting"]:
        if cfg["time_shift_type"] == "exponential":
            sigmas = math.exp(mu) / (math.exp(mu) + (1 / sigmas - 1) ** 1.0)
        else:
            sigmas = mu / (mu + (1 / sigmas - 1) ** 1.0)
    else:
        shift = cfg["shift"]
        sigmas = shift * sigmas / (1 + (shift - 1) * sigmas)
    if cfg["shift_terminal"]:
        one_minus_z = 1 - sigmas
        scale_factor = one_minus_z[-1] / (1 - cfg["shift_terminal"])
        sigmas = 1 - (one_minus_z / scale_factor)
    assert sigmas.dtype == np.float32, sigmas.dtype
    sigmas = torch.from_numpy(sigmas).to(dtype=torch.float32)
    timesteps = sigmas * cfg["num_train_timesteps"]
    sigmas = torch.cat([sigmas, torch.zeros(1)])
    return timesteps, sigmas


def kontext_schedule(cfg, steps, width, height):
    seq = (height // 16) * (width // 16)
    mu = calculate_shift(seq, cfg["base_image_seq_len"], cfg["max_image_seq_len"], cfg["base_shift"], cfg["max_shift"])
    timesteps, sigmas = set_timesteps(cfg, np.linspace(1.0, 1 / steps, steps), mu)
    return seq, mu, timesteps, sigmas


print("# FlowMatchEuler: FLUX.1-Kontext-dev config (shift 3, dynamic exponential)")
for steps, size in ((4, 512), (4, 1024), (28, 512), (28, 1024)):
    seq, mu, ts, sig = kontext_schedule(KONTEXT_DEV, steps, size, size)
    print(f"kontext {steps} steps {size}px seq {seq} mu {mu!r}")
    show(f"kontext {steps} steps {size}px sigmas", sig.numpy())
    show(f"kontext {steps} steps {size}px timesteps", ts.numpy())

print("# other configs")
cases = {
    "linear-shift 6 steps 768x512": (dict(KONTEXT_DEV, time_shift_type="linear"), 6, 768, 512),
    "static shift 3 4 steps": (dict(KONTEXT_DEV, use_dynamic_shifting=False), 4, 1024, 1024),
    "static shift 1 4 steps": (dict(KONTEXT_DEV, use_dynamic_shifting=False, shift=1.0), 4, 1024, 1024),
    "static shift 3 terminal 0.1 5 steps": (dict(KONTEXT_DEV, use_dynamic_shifting=False, shift_terminal=0.1), 5, 1024, 1024),
    "dynamic terminal 0.02 4 steps 512px": (dict(KONTEXT_DEV, shift_terminal=0.02), 4, 512, 512),
    "kontext 1 step 1024px": (KONTEXT_DEV, 1, 1024, 1024),
}
for name, (cfg, steps, w, h) in cases.items():
    seq, mu, ts, sig = kontext_schedule(cfg, steps, w, h)
    print(f"{name} seq {seq} mu {mu!r}")
    show(f"{name} sigmas", sig.numpy())
    show(f"{name} timesteps", ts.numpy())

print("# one step (kontext 28 steps 1024px)")
_, _, ts, sig = kontext_schedule(KONTEXT_DEV, 28, 1024, 1024)
sample = torch.tensor([0.5, -1.25, 2.0])
out = torch.tensor([0.1, -0.3, 0.7])
for i in (3, 27):
    dt = sig[i + 1] - sig[i]
    show(f"step i{i}", (sample.to(torch.float32) + dt * out).numpy())
    show(f"transformer timestep i{i}", [(ts[i].expand(1).to(torch.float32) / 1000).item()])

print("# packing: latents [2, 3, 4, 6] = arange")
B, C, H, W = 2, 3, 4, 6
lat = torch.arange(B * C * H * W, dtype=torch.float32).reshape(B, C, H, W)
packed = lat.view(B, C, H // 2, 2, W // 2, 2).permute(0, 2, 4, 1, 3, 5).reshape(B, (H // 2) * (W // 2), C * 4)
print("packed shape", list(packed.shape))
show("packed batch 0 token 0", packed[0, 0])
show("packed batch 0 token 4", packed[0, 4])
show("packed batch 1 token 5", packed[1, 5])
pixel_h, pixel_w = H * 8, W * 8  # _unpack_latents takes the pixel size
h2, w2 = 2 * (pixel_h // 16), 2 * (pixel_w // 16)
unpacked = packed.view(B, h2 // 2, w2 // 2, packed.shape[2] // 4, 2, 2).permute(0, 3, 1, 4, 2, 5).reshape(B, C, h2, w2)
print("unpacked equals input", bool(torch.equal(unpacked, lat)))


def image_ids(h, w):
    ids = torch.zeros(h, w, 3)
    ids[..., 1] = ids[..., 1] + torch.arange(h)[:, None]
    ids[..., 2] = ids[..., 2] + torch.arange(w)[None, :]
    return ids.reshape(h * w, 3)


latent_ids = image_ids(H // 2, W // 2)
ref_ids = image_ids(1, 2)  # a reference latent of [*, *, 2, 4]
ref_ids[..., 0] = 1
print("img_ids", latent_ids.int().tolist())
print("ref_ids", ref_ids.int().tolist())
print("concatenated ids", torch.cat([latent_ids, ref_ids], dim=0).int().tolist())
print("txt_ids 2", torch.zeros(2, 3).int().tolist())
ref = torch.arange(2 * 2 * 12, dtype=torch.float32).reshape(2, 2, 12) + 1000  # packed [2, 3, 2, 4] reference
model_input = torch.cat([packed, ref], dim=1)
print("model input shape", list(model_input.shape))
show("model input batch 1 token 5", model_input[1, 5])
show("model input batch 1 token 6", model_input[1, 6])
print("noise part equals", bool(torch.equal(model_input[:, : packed.shape[1]], packed)))

print("# Kontext resolutions (width, height)")
PREFERRED = [(672, 1568), (688, 1504), (720, 1456), (752, 1392), (800, 1328), (832, 1248), (880, 1184), (944, 1104),
             (1024, 1024), (1104, 944), (1184, 880), (1248, 832), (1328, 800), (1392, 752), (1456, 720), (1504, 688),
             (1568, 672)]


def reference_size(width, height, auto_resize=True, multiple_of=16):
    width, height = (x - x % multiple_of for x in (width, height))  # get_default_height_width
    aspect_ratio = width / height
    if auto_resize:
        _, width, height = min((abs(aspect_ratio - w / h), w, h) for w, h in PREFERRED)
    return width // multiple_of * multiple_of, height // multiple_of * multiple_of


def output_size(width, height, max_area=1024 ** 2, multiple_of=16):
    aspect_ratio = width / height
    width = round((max_area * aspect_ratio) ** 0.5)
    height = round((max_area / aspect_ratio) ** 0.5)
    return width // multiple_of * multiple_of, height // multiple_of * multiple_of


for w, h in ((1024, 1024), (512, 512), (640, 480), (480, 640), (1920, 1080), (1080, 1920), (3000, 1000), (1000, 3000),
             (1000, 700), (700, 1000), (1200, 1000), (33, 31)):
    print(f"reference {w}x{h} auto {reference_size(w, h)} plain {reference_size(w, h, auto_resize=False)}")
for w, h, area in ((1024, 1024, 1024 ** 2), (512, 512, 1024 ** 2), (1920, 1080, 1024 ** 2), (640, 480, 512 ** 2),
                   (1000, 700, 1024 ** 2), (333, 1000, 768 ** 2)):
    print(f"output {w}x{h} max_area {area} {output_size(w, h, area)}")

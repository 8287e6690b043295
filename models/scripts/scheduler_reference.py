#!/usr/bin/python3
"""Expected values for the Java schedulers' unit tests, computed independently from diffusers' formulas.

diffusers itself is not installed here; this re-states its set_timesteps / scale_model_input / step
(EulerDiscrete, EulerAncestralDiscrete, DDIM, DPMSolverMultistep with dpmsolver++ order 2 midpoint,
final_sigmas_type "zero", lower_order_final) with torch float32 tensors and numpy, as diffusers keeps
them, on Stable Diffusion's schedule (scaled_linear 0.00085-0.012, 1000 train steps).

    /usr/bin/python3 models/scripts/scheduler_reference.py
"""
import numpy as np
import torch

T = 1000
betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, T, dtype=torch.float32) ** 2
acp = torch.cumprod(1.0 - betas, dim=0)
train_sigmas = np.array(((1 - acp) / acp) ** 0.5)


def spaced_karras_free(n, spacing, offset):
    """Euler / Euler-ancestral timesteps (float)."""
    if spacing == "linspace":
        return np.linspace(0, T - 1, n, dtype=float)[::-1].copy()
    if spacing == "leading":
        ratio = T // n
        return (np.arange(0, n) * ratio).round()[::-1].copy().astype(float) + offset
    ratio = T / n
    return np.arange(T, 0, -ratio).round().copy().astype(float) - 1


def euler_sigmas(ts):
    s = np.interp(ts, np.arange(0, len(train_sigmas)), train_sigmas)
    return np.concatenate([s, [0.0]]).astype(np.float32)


def show(name, values):
    print(name, ", ".join(repr(float(v)) for v in values))


print("# Euler (and Euler-ancestral) sigmas")
for spacing, n in (("leading", 10), ("trailing", 10), ("linspace", 7)):
    ts = spaced_karras_free(n, spacing, 1)
    show(f"euler {spacing} {n} timesteps", ts)
    show(f"euler {spacing} {n} sigmas", euler_sigmas(ts))

# one Euler step, epsilon and v_prediction, linspace 10 steps, index 3
ts = spaced_karras_free(10, "linspace", 1)
sig = torch.from_numpy(euler_sigmas(ts))
sample = torch.tensor([0.5, -1.25, 2.0])
eps = torch.tensor([0.1, -0.3, 0.7])
s, s_next = sig[3], sig[4]
x0 = sample - s * eps
prev = sample + (sample - x0) / s * (s_next - s)
show("euler step linspace10 i3 epsilon", prev.numpy())
x0v = eps * (-s / (s ** 2 + 1) ** 0.5) + (sample / (s ** 2 + 1))
prev_v = sample + (sample - x0v) / s * (s_next - s)
show("euler step linspace10 i3 v_prediction", prev_v.numpy())
show("euler init_noise_sigma leading10", [np.sqrt(euler_sigmas(spaced_karras_free(10, 'leading', 1)).max() ** 2 + 1)])

print("# DDIM (set_alpha_to_one false, clip_sample false, eta 0)")
for spacing, n in (("leading", 10), ("trailing", 10), ("linspace", 7)):
    if spacing == "linspace":
        t = np.linspace(0, T - 1, n).round()[::-1].copy().astype(np.int64)
    elif spacing == "leading":
        t = (np.arange(0, n) * (T // n)).round()[::-1].copy().astype(np.int64) + 1
    else:
        t = np.round(np.arange(T, 0, -T / n)).astype(np.int64) - 1
    show(f"ddim {spacing} {n} timesteps", t)


def ddim_step(t, n, sample, out, prediction="epsilon", final=acp[0]):
    prev_t = t - T // n
    a_t = acp[t]
    a_prev = acp[prev_t] if prev_t >= 0 else final
    b_t = 1 - a_t
    if prediction == "epsilon":
        x0 = (sample - b_t ** 0.5 * out) / a_t ** 0.5
        e = out
    else:
        x0 = a_t ** 0.5 * sample - b_t ** 0.5 * out
        e = a_t ** 0.5 * out + b_t ** 0.5 * sample
    return a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * e


show("ddim step leading10 t=401 epsilon", ddim_step(401, 10, sample, eps).numpy())
show("ddim step leading10 t=401 v_prediction", ddim_step(401, 10, sample, eps, "v_prediction").numpy())
show("ddim step leading10 t=1 (last, prev<0 -> alphas_cumprod[0])", ddim_step(1, 10, sample, eps).numpy())

print("# DPM-Solver++(2M), final_sigmas_type zero")


def dpm_timesteps(n, spacing):
    if spacing == "linspace":
        return np.linspace(0, T - 1, n + 1).round()[::-1][:-1].copy().astype(np.int64)
    if spacing == "leading":
        return (np.arange(0, n + 1) * (T // (n + 1))).round()[::-1][:-1].copy().astype(np.int64) + 1
    return np.arange(T, 0, -T / n).round().copy().astype(np.int64) - 1


for spacing, n in (("leading", 10), ("linspace", 10), ("trailing", 10)):
    t = dpm_timesteps(n, spacing)
    show(f"dpm {spacing} {n} timesteps", t)
    s = np.interp(t, np.arange(0, len(train_sigmas)), train_sigmas)
    show(f"dpm {spacing} {n} sigmas", np.concatenate([s, [0.0]]).astype(np.float32))

t = dpm_timesteps(10, "leading")
sig = torch.from_numpy(np.concatenate([np.interp(t, np.arange(0, T), train_sigmas), [0.0]]).astype(np.float32))


def at(s):
    a = 1 / (s ** 2 + 1) ** 0.5
    return a, s * a


def lam(s):
    a, st = at(s)
    return torch.log(a) - torch.log(st)


def x0_of(i, x, out):
    a, st = at(sig[i])
    return (x - st * out) / a


def first_order(i, x, m0):
    a_t, s_t = at(sig[i + 1])
    a_s, s_s = at(sig[i])
    h = lam(sig[i + 1]) - lam(sig[i])
    return (s_t / s_s) * x - a_t * (torch.exp(-h) - 1.0) * m0


def second_order(i, x, m0, m1):
    a_t, s_t = at(sig[i + 1])
    _, s_s0 = at(sig[i])
    h = lam(sig[i + 1]) - lam(sig[i])
    h0 = lam(sig[i]) - lam(sig[i - 1])
    r0 = h0 / h
    d1 = (1.0 / r0) * (m0 - m1)
    return (s_t / s_s0) * x - a_t * (torch.exp(-h) - 1.0) * m0 - 0.5 * a_t * (torch.exp(-h) - 1.0) * d1


eps2 = torch.tensor([-0.2, 0.4, 0.05])
m0 = x0_of(0, sample, eps)
x1 = first_order(0, sample, m0)
show("dpm leading10 step0 (first order)", x1.numpy())
m1 = x0_of(1, x1, eps2)
x2 = second_order(1, x1, m1, m0)
show("dpm leading10 step1 (second order, eps2)", x2.numpy())

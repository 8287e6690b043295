"""Tiny networks in the shapes of a FLUX.1 Kontext Optimum ONNX export (make_kontext_fixture.py builds them,
kontext_reference.py runs them again in torch). Restated from diffusers' FluxTransformer2DModel and
transformers' CLIPTextModel / T5EncoderModel, at a few dozen channels, with manual attention (no fused
kernels, no scaled_dot_product_attention) so torch 1.13 exports them at opset 17.

- FluxTransformer: x_embedder, context_embedder, CombinedTimestepGuidanceTextProjEmbeddings (timestep and
  guidance ×1000, 256 sinusoidal channels with flip_sin_to_cos, two TimestepEmbedding MLPs, the pooled-text
  MLP), FluxPosEmbed RoPE from txt_ids ⊕ img_ids, double-stream blocks (AdaLayerNormZero on both streams,
  joint attention with RMS q/k norms, gelu-tanh feed-forwards), single-stream blocks (AdaLayerNormZeroSingle,
  attention ∥ MLP, gated proj_out), AdaLayerNormContinuous norm_out and proj_out.
- ClipText: token + position embeddings, causal pre-LN layers with quick_gelu, final LayerNorm,
  pooler_output at the argmax id (the end token has the highest id).
- T5Encoder: shared embedding, bidirectional relative-position buckets (layer 0's bias reused by every
  layer), attention without 1/sqrt(d) scaling, T5 RMS LayerNorm, gated-gelu (gelu_new) feed-forward, final norm.
- VaeEncoder / VaeDecoder: ×8 down/up-sampling with 16 latent channels; the first three mean channels hold
  the 8×8 block colour and the decoder reads them back, so decode(encode(x)) is a blurred copy of x.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F

LATENT = 16
SCALING_FACTOR, SHIFT_FACTOR = 0.3611, 0.1159
COLOUR_GAIN = 2.5


def gelu_tanh(x):
    """GELU(approximate="tanh") / transformers' gelu_new, written out so the export needs no Gelu op."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))


def layer_norm(x, eps=1e-6):
    """nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6), as FLUX's AdaLN norms, written out (torch 1.13 exports
    a weightless layer_norm as a LayerNormalization with an empty scale, which ONNX rejects)."""
    centred = x - x.mean(-1, keepdim=True)
    return centred * torch.rsqrt(centred.pow(2).mean(-1, keepdim=True) + eps)


def attention(q, k, v, scale, bias=None):
    """q, k, v [B, H, S, D] -> [B, H, S, D]: softmax(q·kᵀ·scale (+ bias)) · v."""
    scores = torch.matmul(q, k.transpose(-1, -2))
    if scale != 1.0:
        scores = scores * scale
    if bias is not None:
        scores = scores + bias
    return torch.matmul(torch.softmax(scores, dim=-1), v)


# ---------------------------------------------------------------- FLUX transformer


class RMSNorm(nn.Module):
    """diffusers RMSNorm(dim, eps=1e-6) with a weight: x · rsqrt(mean(x²) + eps) · w. The fixture's q/k weights are
    about 2.5 so that attention is peaked enough for the position ids and the text to matter visibly."""

    def __init__(self, dim, eps=1e-6, gain=2.5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(gain * (1.0 + 0.2 * torch.randn(dim)))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class TimestepEmbedding(nn.Module):
    def __init__(self, cin, dim):
        super().__init__()
        self.linear_1, self.linear_2 = nn.Linear(cin, dim), nn.Linear(dim, dim)

    def forward(self, x):
        return self.linear_2(F.silu(self.linear_1(x)))


class CombinedTimestepGuidanceTextProjEmbeddings(nn.Module):
    """temb = MLP(sinusoid(timestep)) + MLP(sinusoid(guidance)) + MLP(pooled) (PixArtAlphaTextProjection, silu)."""

    CHANNELS = 256

    def __init__(self, dim, pooled_dim):
        super().__init__()
        half = self.CHANNELS // 2
        # get_timestep_embedding(max_period 10000, downscale_freq_shift 0): exp(-ln(1e4) · i / half), float32
        exponent = -math.log(10000) * torch.arange(0, half, dtype=torch.float32) / half
        self.register_buffer("freqs", torch.exp(exponent))
        self.timestep_embedder = TimestepEmbedding(self.CHANNELS, dim)
        self.guidance_embedder = TimestepEmbedding(self.CHANNELS, dim)
        self.text_embedder = TimestepEmbedding(pooled_dim, dim)

    def time_proj(self, t):
        args = t[:, None].float() * self.freqs[None, :]
        return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)  # flip_sin_to_cos=True

    def forward(self, timestep, guidance, pooled):
        emb = self.timestep_embedder(self.time_proj(timestep)) + self.guidance_embedder(self.time_proj(guidance))
        return emb + self.text_embedder(pooled)


class FluxPosEmbed(nn.Module):
    """ids [S, 3] -> (cos, sin) [S, sum(axes_dim)]: per axis get_1d_rotary_pos_embed(repeat_interleave_real=True).

    diffusers computes the angles in float64 off MPS; here (as in the ONNX graph) the inverse frequencies are
    float64-computed constants and the angles float32, which for ids below a few hundred differs by < 1e-6."""

    def __init__(self, theta, axes_dim):
        super().__init__()
        inv = []
        for dim in axes_dim:
            f = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float64)[: dim // 2] / dim))
            inv.append(f.float())
        self.axes = len(axes_dim)
        for i, f in enumerate(inv):
            self.register_buffer(f"inv_freq_{i}", f)

    def forward(self, ids):
        pos = ids.float()
        cos, sin = [], []
        for i in range(self.axes):
            angles = pos[:, i:i + 1] * getattr(self, f"inv_freq_{i}")[None, :]  # torch.outer(pos, freqs)
            cos.append(torch.cos(angles).repeat_interleave(2, dim=1))
            sin.append(torch.sin(angles).repeat_interleave(2, dim=1))
        return torch.cat(cos, dim=-1), torch.cat(sin, dim=-1)


def apply_rotary_emb(x, cos, sin):
    """x [B, H, S, D]; pairs (x0, x1) rotate: x·cos + (−x1, x0)·sin (use_real_unbind_dim=-1)."""
    b, h, s, d = x.shape
    pairs = x.reshape(b, h, s, d // 2, 2)
    real, imag = pairs[..., 0], pairs[..., 1]
    rotated = torch.stack([-imag, real], dim=-1).reshape(b, h, s, d)
    return x * cos[None, None] + rotated * sin[None, None]


class FluxAttention(nn.Module):
    """diffusers Attention with FluxAttnProcessor2_0: RMS-normed q/k per stream, context tokens first, RoPE, SDPA."""

    def __init__(self, dim, heads, head_dim, context=True, pre_only=False):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        inner = heads * head_dim
        self.to_q, self.to_k, self.to_v = nn.Linear(dim, inner), nn.Linear(dim, inner), nn.Linear(dim, inner)
        self.norm_q, self.norm_k = RMSNorm(head_dim), RMSNorm(head_dim)
        self.pre_only = pre_only
        if not pre_only:
            self.to_out = nn.Linear(inner, dim)
        self.context = context
        if context:
            self.add_q_proj, self.add_k_proj, self.add_v_proj = (nn.Linear(dim, inner), nn.Linear(dim, inner),
                                                                 nn.Linear(dim, inner))
            self.norm_added_q, self.norm_added_k = RMSNorm(head_dim), RMSNorm(head_dim)
            self.to_add_out = nn.Linear(inner, dim)

    def split(self, x):
        b, s, _ = x.shape
        return x.reshape(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, hidden, rope, encoder=None):
        q = self.norm_q(self.split(self.to_q(hidden)))
        k = self.norm_k(self.split(self.to_k(hidden)))
        v = self.split(self.to_v(hidden))
        if encoder is not None:
            q = torch.cat([self.norm_added_q(self.split(self.add_q_proj(encoder))), q], dim=2)
            k = torch.cat([self.norm_added_k(self.split(self.add_k_proj(encoder))), k], dim=2)
            v = torch.cat([self.split(self.add_v_proj(encoder)), v], dim=2)
        cos, sin = rope
        q, k = apply_rotary_emb(q, cos, sin), apply_rotary_emb(k, cos, sin)
        out = attention(q, k, v, 1.0 / math.sqrt(self.head_dim))
        b, _, s, _ = out.shape
        out = out.transpose(1, 2).reshape(b, s, self.heads * self.head_dim)
        if encoder is None:
            return out
        text = encoder.shape[1]
        return self.to_out(out[:, text:]), self.to_add_out(out[:, :text])


class FeedForward(nn.Module):
    """diffusers FeedForward(dim, dim_out=dim, activation_fn="gelu-approximate"): Linear, gelu-tanh, Linear."""

    def __init__(self, dim, mult=4):
        super().__init__()
        self.proj, self.out = nn.Linear(dim, mult * dim), nn.Linear(mult * dim, dim)

    def forward(self, x):
        return self.out(gelu_tanh(self.proj(x)))


class AdaLayerNormZero(nn.Module):
    def __init__(self, dim, chunks=6):
        super().__init__()
        self.chunks = chunks
        self.linear = nn.Linear(dim, chunks * dim)

    def forward(self, temb):
        return self.linear(F.silu(temb)).chunk(self.chunks, dim=1)


def modulate(x, shift, scale):
    return layer_norm(x) * (1 + scale[:, None]) + shift[:, None]


class FluxTransformerBlock(nn.Module):
    """Double-stream block (MMDiT): image and text tokens keep their own weights, attend jointly."""

    def __init__(self, dim, heads, head_dim):
        super().__init__()
        self.norm1, self.norm1_context = AdaLayerNormZero(dim), AdaLayerNormZero(dim)
        self.attn = FluxAttention(dim, heads, head_dim, context=True)
        self.ff, self.ff_context = FeedForward(dim), FeedForward(dim)

    def forward(self, hidden, encoder, temb, rope):
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = self.norm1(temb)
        c_shift_msa, c_scale_msa, c_gate_msa, c_shift_mlp, c_scale_mlp, c_gate_mlp = self.norm1_context(temb)
        attn, context_attn = self.attn(modulate(hidden, shift_msa, scale_msa), rope,
                                       modulate(encoder, c_shift_msa, c_scale_msa))
        hidden = hidden + gate_msa[:, None] * attn
        hidden = hidden + gate_mlp[:, None] * self.ff(modulate(hidden, shift_mlp, scale_mlp))
        encoder = encoder + c_gate_msa[:, None] * context_attn
        encoder = encoder + c_gate_mlp[:, None] * self.ff_context(modulate(encoder, c_shift_mlp, c_scale_mlp))
        return encoder, hidden


class FluxSingleTransformerBlock(nn.Module):
    """Single-stream block over text ⊕ image tokens: attention and an MLP in parallel, one gated proj_out."""

    def __init__(self, dim, heads, head_dim, mlp_ratio=4):
        super().__init__()
        self.norm = AdaLayerNormZero(dim, chunks=3)
        self.proj_mlp = nn.Linear(dim, mlp_ratio * dim)
        self.attn = FluxAttention(dim, heads, head_dim, context=False, pre_only=True)
        self.proj_out = nn.Linear(dim + mlp_ratio * dim, dim)

    def forward(self, hidden, temb, rope):
        shift, scale, gate = self.norm(temb)
        normed = modulate(hidden, shift, scale)
        mlp = gelu_tanh(self.proj_mlp(normed))
        out = torch.cat([self.attn(normed, rope), mlp], dim=2)
        return hidden + gate[:, None] * self.proj_out(out)


class FluxTransformer(nn.Module):
    """FluxTransformer2DModel (patch_size 1, guidance_embeds true) in miniature; forward takes the Optimum
    export's inputs in order: hidden_states, encoder_hidden_states, pooled_projections, timestep, img_ids,
    txt_ids, guidance."""

    def __init__(self, in_channels=64, num_layers=1, num_single_layers=1, attention_head_dim=16,
                 num_attention_heads=2, joint_attention_dim=32, pooled_projection_dim=32, axes_dims_rope=(4, 6, 6),
                 gain=1.0):
        super().__init__()
        dim = attention_head_dim * num_attention_heads
        self.pos_embed = FluxPosEmbed(10000, list(axes_dims_rope))
        self.time_text_embed = CombinedTimestepGuidanceTextProjEmbeddings(dim, pooled_projection_dim)
        self.context_embedder = nn.Linear(joint_attention_dim, dim)
        self.x_embedder = nn.Linear(in_channels, dim)
        self.transformer_blocks = nn.ModuleList(FluxTransformerBlock(dim, num_attention_heads, attention_head_dim)
                                                for _ in range(num_layers))
        self.single_transformer_blocks = nn.ModuleList(
            FluxSingleTransformerBlock(dim, num_attention_heads, attention_head_dim) for _ in range(num_single_layers))
        self.norm_out = nn.Linear(dim, 2 * dim)  # AdaLayerNormContinuous's linear: scale first, then shift
        self.proj_out = nn.Linear(dim, in_channels)
        with torch.no_grad():  # random weights loud enough that every input moves the output visibly
            for module in self.modules():
                if isinstance(module, nn.Linear):
                    module.weight.mul_(gain)

    def forward(self, hidden_states, encoder_hidden_states, pooled_projections, timestep, img_ids, txt_ids, guidance):
        hidden = self.x_embedder(hidden_states)
        temb = self.time_text_embed(timestep * 1000, guidance * 1000, pooled_projections)
        encoder = self.context_embedder(encoder_hidden_states)
        rope = self.pos_embed(torch.cat([txt_ids, img_ids], dim=0))
        for block in self.transformer_blocks:
            encoder, hidden = block(hidden, encoder, temb, rope)
        text = encoder.shape[1]
        joint = torch.cat([encoder, hidden], dim=1)
        for block in self.single_transformer_blocks:
            joint = block(joint, temb, rope)
        hidden = joint[:, text:]
        scale, shift = self.norm_out(F.silu(temb)).chunk(2, dim=1)
        return self.proj_out(layer_norm(hidden) * (1 + scale[:, None]) + shift[:, None])


# ---------------------------------------------------------------- text encoders


class ClipText(nn.Module):
    """CLIPTextModel: input_ids [B, L] -> last_hidden_state [B, L, D], pooler_output [B, D]."""

    def __init__(self, vocab_size, dim=32, layers=2, heads=2, positions=77):
        super().__init__()
        self.heads = heads
        self.token_embedding = nn.Embedding(vocab_size, dim)
        self.position_embedding = nn.Parameter(torch.randn(positions, dim) * 0.5)
        self.layers = nn.ModuleList(nn.ModuleDict({
            "ln1": nn.LayerNorm(dim), "qkv": nn.Linear(dim, 3 * dim), "out": nn.Linear(dim, dim),
            "ln2": nn.LayerNorm(dim), "fc1": nn.Linear(dim, 4 * dim), "fc2": nn.Linear(4 * dim, dim)})
            for _ in range(layers))
        self.final_layer_norm = nn.LayerNorm(dim)
        self.register_buffer("causal", torch.triu(torch.full((positions, positions), -1e9), diagonal=1))

    def forward(self, input_ids):
        b, length = input_ids.shape
        h = self.token_embedding(input_ids) + self.position_embedding[None, :length]
        dim = h.shape[-1]
        head_dim = dim // self.heads
        mask = self.causal[:length, :length]
        for layer in self.layers:
            q, k, v = layer["qkv"](layer["ln1"](h)).chunk(3, dim=-1)
            q, k, v = (x.reshape(b, length, self.heads, head_dim).transpose(1, 2) for x in (q, k, v))
            a = attention(q, k, v, 1.0 / math.sqrt(head_dim), mask).transpose(1, 2).reshape(b, length, dim)
            h = h + layer["out"](a)
            m = layer["fc1"](layer["ln2"](h))
            h = h + layer["fc2"](m * torch.sigmoid(1.702 * m))  # quick_gelu
        h = self.final_layer_norm(h)
        pooled = h[torch.arange(b), input_ids.argmax(dim=-1)]
        return h, pooled


class T5LayerNorm(nn.Module):
    """T5's RMS norm: no mean subtraction, no bias, eps 1e-6."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(1.0 + 0.2 * torch.randn(dim))

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def relative_position_bucket(relative_position, num_buckets=32, max_distance=128):
    """T5Attention._relative_position_bucket, bidirectional."""
    num_buckets //= 2
    buckets = (relative_position > 0).long() * num_buckets
    relative_position = torch.abs(relative_position)
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    large = max_exact + (torch.log(relative_position.float() / max_exact) / math.log(max_distance / max_exact)
                         * (num_buckets - max_exact)).long()
    large = torch.min(large, torch.full_like(large, num_buckets - 1))
    return buckets + torch.where(is_small, relative_position, large)


class T5Encoder(nn.Module):
    """T5EncoderModel: input_ids [B, L] -> last_hidden_state [B, L, d_model] (no attention mask, as Flux calls it)."""

    def __init__(self, vocab_size, d_model=32, d_kv=8, heads=4, d_ff=64, layers=2, num_buckets=32, max_distance=128):
        super().__init__()
        self.heads, self.d_kv, self.num_buckets, self.max_distance = heads, d_kv, num_buckets, max_distance
        inner = heads * d_kv
        self.shared = nn.Embedding(vocab_size, d_model)
        self.relative_attention_bias = nn.Embedding(num_buckets, heads)
        with torch.no_grad():
            self.relative_attention_bias.weight.mul_(2.0)
        self.block = nn.ModuleList(nn.ModuleDict({
            "ln_attn": T5LayerNorm(d_model), "q": nn.Linear(d_model, inner, bias=False),
            "k": nn.Linear(d_model, inner, bias=False), "v": nn.Linear(d_model, inner, bias=False),
            "o": nn.Linear(inner, d_model, bias=False), "ln_ff": T5LayerNorm(d_model),
            "wi_0": nn.Linear(d_model, d_ff, bias=False), "wi_1": nn.Linear(d_model, d_ff, bias=False),
            "wo": nn.Linear(d_ff, d_model, bias=False)}) for _ in range(layers))
        self.final_layer_norm = T5LayerNorm(d_model)

    def position_bias(self, length):
        pos = torch.arange(length, dtype=torch.long)
        buckets = relative_position_bucket(pos[None, :] - pos[:, None], self.num_buckets, self.max_distance)
        return self.relative_attention_bias(buckets).permute(2, 0, 1)[None]  # [1, H, q, k]

    def forward(self, input_ids):
        b, length = input_ids.shape
        h = self.shared(input_ids)
        bias = self.position_bias(length)
        for layer in self.block:
            x = layer["ln_attn"](h)
            q, k, v = (layer[n](x).reshape(b, length, self.heads, self.d_kv).transpose(1, 2) for n in "qkv")
            a = attention(q, k, v, 1.0, bias).transpose(1, 2).reshape(b, length, self.heads * self.d_kv)
            h = h + layer["o"](a)
            x = layer["ln_ff"](h)
            h = h + layer["wo"](gelu_tanh(layer["wi_0"](x)) * layer["wi_1"](x))
        return self.final_layer_norm(h)


# ---------------------------------------------------------------- VAE


class VaeEncoder(nn.Module):
    """sample [B,3,H,W] in [-1,1] -> latent_parameters [B,32,H/8,W/8] = mean (16) ⊕ logvar (16).

    mean[:3] is the 8×8 block average c, stored so that the pipeline's (mean − shift)·scale is 2.5·c."""

    def __init__(self, width=16):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, width, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(width, width, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(width, width, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(width, 2 * LATENT - 3, 3, padding=1))

    def forward(self, sample):
        colour = F.avg_pool2d(sample, 8) * (COLOUR_GAIN / SCALING_FACTOR) + SHIFT_FACTOR
        return torch.cat([colour, self.net(sample)], dim=1)


class VaeDecoder(nn.Module):
    """latent_sample [B,16,h,w] (unscaled) -> sample [B,3,8h,8w]: the colour channels back (bilinear ×8, 1/2.5 of
    the scaled latent, so latents of unit scale stay mostly inside [-1, 1]) plus a small learned full-size term."""

    def __init__(self, width=16):
        super().__init__()
        self.c_in = nn.Conv2d(LATENT, width, 3, padding=1)
        self.c_out = nn.Conv2d(width, 3, 3, padding=1)

    def forward(self, latent_sample):
        up = F.interpolate(latent_sample, scale_factor=8.0, mode="bilinear", align_corners=False)
        colour = (up[:, :3] - SHIFT_FACTOR) * (SCALING_FACTOR / COLOUR_GAIN)
        return colour + 0.1 * self.c_out(F.silu(self.c_in(up)))

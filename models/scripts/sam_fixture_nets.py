"""Tiny Segment Anything networks with exactly SAM's ONNX interface (see make_sam_fixture.py).

Written for this project, not taken from segment-anything: the interface is restated from
segment_anything/utils/onnx.py (SamOnnxModel) and the samexporter image-encoder export; the insides are
small stand-ins that compute for real.

* TinySamEncoder: input_image f32[1,3,1024,1024] (normalised, padded) -> image_embeddings f32[1,256,64,64].
  A 16x16/16 patch convolution (SAM's ViT patch size) next to the patch's mean colour, then a 1x1 neck to
  256 channels. Colour dominates, so embeddings of same-coloured patches are close.
* TinySamDecoder: SamOnnxModel's six inputs -> masks f32[1,4,H,W], iou_predictions f32[1,4],
  low_res_masks f32[1,4,256,256]. Points are embedded as SAM's prompt encoder does (+0.5, /1024, random
  Fourier features, not-a-point and per-label embeddings); the foreground points read the embedding
  around them, each of the 4 mask tokens thresholds the similarity exp(-mean squared distance / TAU) to that reading at its own level
  (token 0: the single-mask output, 1..3: the multimask outputs, fine to coarse), the dense prompt
  (mask_input when has_mask_input, else the no-mask embedding) biases the logits, low-res masks are the
  64x64 logits upsampled x4, and `masks` are post-processed like SamOnnxModel.mask_postprocessing
  (bilinear to 1024, crop the pre-padding size, bilinear to orig_im_size).
"""
import math

import torch
from torch import nn
from torch.nn import functional as F

IMG, EMBED, EMBED_DIM, LOW_RES, PATCH, TOKENS = 1024, 64, 256, 256, 16, 4
PE_FEATURES = 8
THRESHOLDS = [0.50, 0.80, 0.60, 0.40]
LOGIT_SCALE = 20.0
TAU = 0.3


class TinySamEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(3, 13, PATCH, PATCH)
        self.neck = nn.Conv2d(16, EMBED_DIM, 1, bias=False)

    def forward(self, input_image):
        colour = F.avg_pool2d(input_image, PATCH, PATCH)
        texture = torch.tanh(self.patch(input_image)) * 0.25
        return self.neck(torch.cat([colour * 4.0, texture], dim=1))


class TinySamDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.pe_gaussian = nn.Parameter(torch.randn(2, PE_FEATURES))
        self.not_a_point = nn.Parameter(torch.randn(1, 2 * PE_FEATURES) * 0.1)
        self.point_embeddings = nn.Parameter(torch.randn(4, 2 * PE_FEATURES) * 0.1)
        self.mask_down = nn.Conv2d(1, 1, 4, 4)
        self.no_mask = nn.Parameter(torch.randn(1) * 0.1)
        self.token_mix = nn.Linear(2 * PE_FEATURES, TOKENS)
        self.iou_head = nn.Linear(TOKENS + 2 * PE_FEATURES, TOKENS)
        cells = (torch.arange(EMBED, dtype=torch.float32) + 0.5) / EMBED
        self.register_buffer("cell_y", cells.view(1, 1, EMBED, 1).expand(1, 1, EMBED, EMBED).reshape(1, 1, -1).clone())
        self.register_buffer("cell_x", cells.view(1, 1, 1, EMBED).expand(1, 1, EMBED, EMBED).reshape(1, 1, -1).clone())
        self.register_buffer("thresholds", torch.tensor(THRESHOLDS).view(1, TOKENS, 1, 1))

    def embed_points(self, point_coords, point_labels):
        coords = (point_coords + 0.5) / IMG
        projected = (2 * coords - 1) @ self.pe_gaussian * (2 * math.pi)
        pe = torch.cat([torch.sin(projected), torch.cos(projected)], dim=-1)
        labels = point_labels.unsqueeze(-1)
        pe = pe * (labels != -1) + self.not_a_point * (labels == -1)
        for i in range(4):
            pe = pe + self.point_embeddings[i] * (labels == i)
        return coords, pe

    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size):
        coords, sparse = self.embed_points(point_coords, point_labels)
        # each foreground point reads the embedding under it (a Gaussian of one cell's width)
        dy = self.cell_y - coords[..., 1:2]
        dx = self.cell_x - coords[..., 0:1]
        weights = torch.softmax(-(dx * dx + dy * dy) * (EMBED * EMBED / 2.0), dim=-1)   # [1,N,64*64]
        flat = image_embeddings.flatten(2)                                              # [1,256,64*64]
        reads = weights @ flat.transpose(1, 2)                                          # [1,N,256]
        foreground = (point_labels == 1).float().unsqueeze(-1)
        reading = (reads * foreground).sum(1) / foreground.sum(1).clamp(min=1.0)         # [1,256]
        distance = (image_embeddings - reading.view(1, EMBED_DIM, 1, 1)).pow(2).mean(dim=1)              # [1,64,64]
        similarity = torch.exp(-distance / TAU)
        tokens = sparse.mean(1)                                                         # [1,16]
        levels = self.thresholds + 0.02 * torch.tanh(self.token_mix(tokens)).view(1, TOKENS, 1, 1)
        dense = has_mask_input * self.mask_down(mask_input) + (1 - has_mask_input) * self.no_mask
        logits = LOGIT_SCALE * (similarity.unsqueeze(1) - levels) + 0.1 * dense        # [1,4,64,64]
        low_res_masks = F.interpolate(logits, size=(LOW_RES, LOW_RES), mode="bilinear", align_corners=False)
        coverage = torch.sigmoid(logits).mean(dim=(2, 3))                               # [1,4]
        iou_predictions = torch.sigmoid(self.iou_head(torch.cat([coverage, tokens], dim=1)) * 1.5 + 2.0)
        masks = self.postprocess(low_res_masks, orig_im_size)
        return masks, iou_predictions, low_res_masks

    @staticmethod
    def postprocess(masks, orig_im_size):
        masks = F.interpolate(masks, size=(IMG, IMG), mode="bilinear", align_corners=False)
        size = orig_im_size.to(torch.float32)
        scale = IMG / torch.max(size)
        prepadded = torch.floor(scale * size + 0.5).to(torch.int64)
        masks = masks[..., : prepadded[0], : prepadded[1]]
        orig = orig_im_size.to(torch.int64)
        return F.interpolate(masks, size=(orig[0], orig[1]), mode="bilinear", align_corners=False)

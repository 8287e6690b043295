#!/usr/bin/python3
"""Build the SAM fixture bundle: a tiny seeded image encoder + prompt decoder with SAM's exact ONNX IO.

    /usr/bin/python3 models/scripts/make_sam_fixture.py            # writes models/fixtures/sam/
    /usr/bin/python3 models/scripts/make_sam_fixture.py --out DIR  # somewhere else

encoder.onnx  input_image f32[1,3,1024,1024] -> image_embeddings f32[1,256,64,64]
              (samexporter's `export_encoder.py` without --use-preprocess; the same graph as exporting
              `sam.image_encoder` of SAM ViT-B/L/H, MobileSAM or SlimSAM: normalised, padded input)
decoder.onnx  image_embeddings f32[1,256,64,64], point_coords f32[1,N,2], point_labels f32[1,N],
              mask_input f32[1,1,256,256], has_mask_input f32[1], orig_im_size f32[2]
              -> masks f32[1,4,H,W], iou_predictions f32[1,4], low_res_masks f32[1,4,256,256]
              (segment-anything's scripts/export_onnx_model.py, SamOnnxModel, return_single_mask off;
              only num_points is a dynamic axis)
bundle.json   kind "sam", files, SAM's preprocessing constants and automatic-mask-generator settings.

The networks are in sam_fixture_nets.py. Deterministic: each network is built right after
torch.manual_seed; opset 17, as the SAM export script defaults to.
"""
import argparse
import json
from pathlib import Path

import torch

from make_fixtures import export_module, signature
from sam_fixture_nets import EMBED, EMBED_DIM, IMG, LOW_RES, TinySamDecoder, TinySamEncoder

ENCODER_SEED, DECODER_SEED = 20240611, 20240612
PIXEL_MEAN, PIXEL_STD = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
POINTS_PER_SIDE = 8


def build_encoder():
    torch.manual_seed(ENCODER_SEED)
    return TinySamEncoder().eval()


def build_decoder():
    torch.manual_seed(DECODER_SEED)
    return TinySamDecoder().eval()


def decoder_dummy_inputs():
    """The export's example inputs, shaped like export_onnx_model.py's (5 points, a 1500x2250 image)."""
    g = torch.Generator().manual_seed(0)
    return (torch.randn(1, EMBED_DIM, EMBED, EMBED, generator=g),
            torch.randint(0, IMG, (1, 5, 2), generator=g).float(),
            torch.randint(0, 4, (1, 5), generator=g).float(),
            torch.randn(1, 1, LOW_RES, LOW_RES, generator=g),
            torch.tensor([1.0]),
            torch.tensor([1500.0, 2250.0]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "fixtures" / "sam")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    encoder = export_module(build_encoder(), (torch.zeros(1, 3, IMG, IMG),), out / "encoder.onnx",
                            ["input_image"], ["image_embeddings"], None)
    decoder = export_module(build_decoder(), decoder_dummy_inputs(), out / "decoder.onnx",
                            ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input",
                             "orig_im_size"],
                            ["masks", "iou_predictions", "low_res_masks"],
                            {"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}})
    manifest = {
        "name": "sam-fixture", "version": "fixture-1", "kind": "sam",
        "description": "Random-weight fixture with Segment Anything's ONNX IO (samexporter encoder, "
                       "segment-anything SamOnnxModel decoder); regions follow colour, scores mean nothing.",
        "files": {"encoder": "encoder.onnx", "decoder": "decoder.onnx"},
        "imageSize": IMG, "mean": PIXEL_MEAN, "std": PIXEL_STD, "maskThreshold": 0.0,
        "pointsPerSide": POINTS_PER_SIDE, "predIouThresh": 0.88, "stabilityScoreThresh": 0.95,
        "stabilityScoreOffset": 1.0, "boxNmsThresh": 0.7,
        "signatures": {"encoder": signature(encoder), "decoder": signature(decoder)},
    }
    (out / "bundle.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print("wrote", out)


if __name__ == "__main__":
    main()

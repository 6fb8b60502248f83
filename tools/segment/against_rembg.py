"""`closet cutout --mask` against rembg's own pipeline (the wheel's fp32 ONNX in ONNX Runtime, Lanczos resizes,
the map stretched by its least and most values): IoU of the two masks cut at 128, per photo, on the clothing
set's photos (read, never copied).

    .venv/bin/python tools/segment/against_rembg.py /tmp/rembg/rembg/u2netp.onnx [--split val] [--count 20] [--skip 40]
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

import numpy as np
from PIL import Image, ImageOps

import parity
import reference


def rembg_mask(sess, path):
    """rembg's SimpleSession.predict: 320×320 Lanczos, divided by the brightest value, ImageNet normalisation,
    d0 stretched to 0…1, ×255, Lanczos back to the photo's size."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    x = reference.preprocess_image(image, 320)
    pred = reference.run(sess, x)[0, 0]
    pred = (pred - pred.min()) / max(pred.max() - pred.min(), 1e-12)
    mask = Image.fromarray((pred * 255).astype("uint8"), mode="L").resize(image.size, Image.LANCZOS)
    return np.asarray(mask)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("--split", default="val")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--skip", type=int, default=40, help="photos of the split passed over (parity.py's val photos)")
    args = ap.parse_args()
    sess = reference.session(args.onnx, fp16=False)
    ious, diffs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(parity.photos(args.split, args.count, args.skip)):
            out = pathlib.Path(tmp) / f"{i}.png"
            subprocess.run([str(parity.CLOSET), "cutout", str(path), "--mask", "-o", str(out)], check=True, capture_output=True)
            ours = np.asarray(Image.open(out))
            theirs = rembg_mask(sess, path)
            a, b = ours >= 128, theirs >= 128
            union = (a | b).sum()
            ious.append(1.0 if union == 0 else float((a & b).sum() / union))
            diffs.append(float(np.abs(ours.astype(int) - theirs.astype(int)).mean()))
    print(json.dumps({"cpu": parity.cpu(), "photos": len(ious), "split": args.split, "mean_iou": float(np.mean(ious)),
                      "min_iou": float(np.min(ious)), "mean_abs_diff_of_255": float(np.mean(diffs)), "ious": ious}, indent=1))


if __name__ == "__main__":
    main()

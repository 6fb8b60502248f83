"""Proves the TFLite conversion before any training: the converted ImageNet MobileNetV2 must name
sensible ImageNet classes (top-5) for a few clothing photos, through the app's exact preprocessing.

    .venv/bin/python tools/train/check_backbone.py [--photos N]
"""
import argparse
import csv
import pathlib
import sys

import numpy as np
import torch

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import preprocess  # noqa: E402
import tflite_backbone  # noqa: E402

SHARED = HERE.parents[2] / "shared"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=8)
    args = ap.parse_args()
    manifest, tensors = tflite_backbone.load(SHARED / "pretrained/tf2_mobilenet_v2_1.0_224_ptq.tflite")
    model = closet_graph.ClosetGraph(manifest, {k: torch.from_numpy(v) for k, v in tensors.items()}).eval()
    labels = (SHARED / "pretrained/imagenet_labels.txt").read_text().splitlines()
    rows = [r for r in csv.DictReader(open(SHARED / "datasets/clothing/labels.csv")) if r["label"] in ("T-Shirt", "Pants", "Shoes", "Hat", "Skirt", "Hoodie", "Dress", "Outwear")]
    picked = {}
    for r in rows:
        picked.setdefault(r["label"], r)
    hits = 0
    for label, r in list(picked.items())[: args.photos]:
        image = preprocess.load_upright(SHARED / "datasets/clothing/images" / f"{r['image']}.jpg")
        x = torch.from_numpy(preprocess.model_input(image))[None]
        with torch.no_grad():
            logits, probs, _ = model(x)
        top = torch.topk(probs[0], 5)
        names = [f"{labels[i]} {p:.2f}" for p, i in zip(top.values.tolist(), top.indices.tolist())]
        print(f"{label:10s} -> {', '.join(names)}")
    print(f"{len(manifest['nodes'])} nodes, {sum(v.size for v in tensors.values())/1e6:.2f} M parameters")


if __name__ == "__main__":
    main()

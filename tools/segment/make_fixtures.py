"""Writes the U²-Netp parity fixture for the engine's tests (Tests/InferenceTests/Fixtures/u2netp_*.safetensors):
photos of the clothing set's `test` split (CC0 1.0) put through rembg's preprocessing at a small size, and ONNX
Runtime's fused mask (d0) for each, on the shipped fp16 weights (tools/segment/reference.py). The engine test
runs models/segment/manifest.json at that size and compares.

    .venv/bin/python tools/segment/make_fixtures.py /tmp/rembg/rembg/u2netp.onnx [--size 32] [--count 1]
"""
import argparse
import csv
import os
import pathlib

import numpy as np
from safetensors.numpy import save_file

import reference

OUT = reference.ROOT / "Tests/InferenceTests/Fixtures"


def dataset():
    root = os.environ.get("CLOSET_DATASETS") or str(reference.ROOT.parent / "shared/datasets")
    return pathlib.Path(root) / "clothing"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--count", type=int, default=1)
    args = ap.parse_args()
    data = dataset()
    rows = [r for r in csv.DictReader(open(data / "labels.csv")) if r["split"] == "test"]
    sess = reference.session(args.onnx)
    tensors, names = {}, []
    for i, row in enumerate(rows[: args.count]):
        x = reference.preprocess(data / "images" / f"{row['image']}.jpg", args.size)
        y = reference.run(sess, x)
        tensors[f"input{i}"] = np.ascontiguousarray(x[0].transpose(1, 2, 0))  # NHWC
        tensors[f"mask{i}"] = np.ascontiguousarray(y[0, 0])
        names.append(row["image"])
    path = OUT / f"u2netp_{args.size}.safetensors"
    save_file(tensors, str(path), metadata={"photos": ",".join(names), "source": "clothing dataset, test split, CC0 1.0"})
    print(f"wrote {path}: {len(names)} photo(s) at {args.size}×{args.size}")


if __name__ == "__main__":
    main()

"""Scores a model on `val` at several input sizes (trained at 224, tested larger, as FixRes does), with the app's
decode and preprocessing at each size. Only `val`: a size chosen here is then reported on `test` once.

    .venv/bin/python tools/train/input_sizes.py [--model models/clothing/manifest.json] 224 232 240 248 256
"""
import argparse
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import preprocess  # noqa: E402
import train  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--model", default=str(HERE.parents[1] / "models/clothing/manifest.json"))
    args = ap.parse_args()
    torch.set_num_threads(2)
    model = closet_graph.load(args.model)
    model.eval()
    val = train.load_split("val")
    y = torch.tensor([c for _, c in val])
    for size in args.sizes:
        images = [preprocess.load_upright(path, size) for path, _ in val]
        logits = []
        with torch.no_grad():
            for i in range(0, len(images), 32):
                x = torch.from_numpy(np.stack([preprocess.model_input(im, size) for im in images[i:i + 32]]))
                logits.append(model(x)[0])
        m = train.metrics(F.softmax(torch.cat(logits), 1), y)
        print(f"{size}: val accuracy {m['accuracy']:.4f}, ten largest {m['accuracy_ten_largest']:.4f}, "
              f"macro-F1 {m['macro_f1']:.4f}", flush=True)


if __name__ == "__main__":
    main()

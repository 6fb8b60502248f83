"""The clothing set's photos as model inputs, preprocessed as the app does (tools/train/preprocess.py), without torch.

The photos and their order are tools/quantize/quantize.py's: a split's mapped rows; for `train`, `count` of them
chosen by numpy's default_rng(0) (its calibration set). The arrays are cached under --cache as quantize.py caches
them (`train300-240.npy`, `val-240.npy`, NHWC float32), so either tool reuses the other's. The photos are read from
$CLOSET_DATASETS/clothing or ../shared/datasets/clothing beside the repository, never copied.
"""
import csv
import os
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/train"))
import labels as L  # noqa: E402
import preprocess  # noqa: E402

CACHE = pathlib.Path(os.environ.get("CLOSET_QUANTIZE_CACHE", "/tmp/closet-quantize"))


def dataset():
    base = os.environ.get("CLOSET_DATASETS")
    root = pathlib.Path(base) if base else ROOT.parent.parent / "shared/datasets"
    if not (root / "clothing/labels.csv").exists():
        root = ROOT.parent / "shared/datasets"
    if not (root / "clothing/labels.csv").exists():
        raise SystemExit("the clothing set was not found: set CLOSET_DATASETS to the folder that holds clothing/")
    return root / "clothing"


def split_rows(split):
    """(photo path, class index) of a split's rows whose label the classifier maps, in labels.csv's order."""
    data = dataset()
    with open(data / "labels.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == split and r["label"] in L.MAPPING]
    return [(data / "images" / f"{r['image']}.jpg", L.CLASSES.index(L.MAPPING[r["label"]])) for r in rows]


def _preprocess(rows, size, cache_name):
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / cache_name
    if cache.exists():
        return np.load(cache, mmap_mode="r")
    x = np.stack([preprocess.model_input(preprocess.load_upright(p, size), size) for p, _ in rows]).astype(np.float32)
    tmp = cache.with_suffix(f".{os.getpid()}.npy")
    np.save(tmp, x)
    os.replace(tmp, cache)
    return x


def calibration_inputs(size, count):
    """`count` train photos (N, size, size, 3): quantize.py's calibration choice."""
    train = split_rows("train")
    rng = np.random.default_rng(0)
    chosen = [train[i] for i in sorted(rng.choice(len(train), size=min(count, len(train)), replace=False))]
    return _preprocess(chosen, size, f"train{len(chosen)}-{size}.npy")


def split_inputs(split, size, count=None):
    """The first `count` (all by default) mapped photos of a split (N, size, size, 3) and their class indices.
    A whole split is cached (quantize.py's `val-240.npy`); a part of one is cached on its own."""
    rows = split_rows(split)
    cached = CACHE / f"{split}-{size}.npy"
    if count is None or cached.exists():
        x = _preprocess(rows, size, cached.name)
    else:
        rows = rows[:count]
        x = _preprocess(rows, size, f"{split}{len(rows)}-{size}.npy")
    n = len(rows) if count is None else min(count, len(rows))
    return np.asarray(x[:n]), np.array([c for _, c in rows[:n]])

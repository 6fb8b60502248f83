"""Fine kinds within a class's span, learned from ../shared/datasets/ccp garment crops.

The clothing set labels every outer "Outwear" and all trousers "Pants", so the classifier's `jacket` and
`longPants` classes each stand for several app categories (their spans). CCP's pixel masks do separate coat
from jacket and jeans from other trousers: each garment is cut out with its mask (outside set to white,
cropped to its box), run through the shipped classifier, and a small logistic-regression head per span is
trained on one of the network's own feature maps, averaged over its cells. The 1280-d embedding is a poor
choice: the classifier was fine-tuned to treat every outer alike, so its last layers forget coat from jacket;
a block before them still knows (the tap is chosen per head on val). No photo is ever shown or copied.

Splits are by photo (a hash of the photo's number): 70 % train, 15 % val (weight decay and the threshold),
15 % test (reported). The threshold is the lowest probability at which at most 5 % of val's crops are filed
wrongly without asking (half the 10 % allowed, as val is small); every crop the classifier puts in the class
counts, including kinds the head does not know (a cardigan, a blazer, a cape), so "silently wrong" is
measured as a user meets it.

    .venv/bin/python tools/train/fine_kinds.py --out models/clothing/fine_kinds.json \
        --fixture Tests/ClassifierTests/Fixtures/fine_kinds_fixture.json

The fixture pins the engine to PyTorch: each head's logits for a few synthetic images.
"""
import argparse
import csv
import hashlib
import itertools
import json
import pathlib
import sys

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "common"))
sys.path.insert(0, str(ROOT / "tools" / "train"))
import closet_graph  # noqa: E402
from preprocess import model_input  # noqa: E402

CCP = ROOT.parent / "shared" / "datasets" / "ccp"
# CCP label -> app category (what a person sorting the closet would call it); labels left out are not garments
# the two spans hold.
TRUTH = {
    "coat": "coat", "jacket": "jacket", "cardigan": "cardigan", "blazer": "blazer", "suit": "blazer", "vest": "vest",
    "cape": "coat", "sweater": "sweater", "jumper": "sweater", "sweatshirt": "hoodie", "hoodie": "hoodie",
    "jeans": "jeans", "pants": "longPants", "leggings": "longPants",
}
# Each head: the class whose span it splits, and the kinds it learns (the span's kinds CCP has enough of).
HEADS = {"jacket": ["coat", "jacket"], "longPants": ["jeans", "longPants"]}
MIN_PIXELS = 2000
# Import may file a kind without asking where at most this share of val's routed crops come out wrong: half
# the 10 % a person would put up with, because val is small (about 50 crops a head) and test must stay under 10 %.
SILENT_WRONG = 0.05


def synthetic(seed, width=150, height=210):
    """The fixture's images; Tests/ClassifierTests/FineKindTests.swift draws the same pixels."""
    y, x = np.mgrid[0:height, 0:width]
    r = (x * 7 + y * 3 + seed * 50) % 256
    g = (x * y // 16 + seed * 20) % 256
    b = (x * 2 + y * 5 + seed * 90) % 256
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def write_fixture(manifest, heads, path):
    graph = closet_graph.load(manifest)
    taps = sorted({h["tap"] for h in heads})
    images = []
    for seed in range(4):
        with torch.no_grad():
            values = graph.pooled(torch.from_numpy(model_input(synthetic(seed), graph.input_size)[None]), taps)
        logits = {}
        for h in heads:
            z = values[h["tap"]][0].numpy().astype(np.float64) @ np.array(h["weights"]).T + np.array(h["bias"])
            logits[h["class"]] = [round(float(v), 5) for v in z]
        images.append({"seed": seed, "width": 150, "height": 210, "logits": logits})
    pathlib.Path(path).write_text(json.dumps({"images": images}, indent=1) + "\n")


def split_of(photo):
    h = int(hashlib.sha256(photo.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 70 else "val" if h < 85 else "test"


def crops(truth=TRUTH, photos=None):
    """Each garment of `truth`'s CCP labels cut out with its mask: (photo, truth[label], RGB crop); only the
    photos `photos` accepts when given."""
    from PIL import Image
    labels = (CCP / "labels.txt").read_text().split()
    rows = [r for r in csv.DictReader(open(CCP / "regions.csv"))
            if r["label"] in truth and int(r["pixels"]) >= MIN_PIXELS and (photos is None or photos(r["photo"]))]
    # regions.csv lists a photo's regions together: each photo and its mask are decoded once, and let go.
    for photo, regions in itertools.groupby(rows, key=lambda r: r["photo"]):
        image = np.asarray(Image.open(CCP / "photos" / f"{photo}.jpg").convert("RGB"))
        masks = np.asarray(Image.open(CCP / "masks" / f"{photo}.png"))
        image = image[: masks.shape[0], : masks.shape[1]]
        for r in regions:
            mask = masks == labels.index(r["label"])
            x0, y0, x1, y1 = (int(r[k]) for k in ("x0", "y0", "x1", "y1"))
            cut = np.where(mask[..., None], image, 255).astype(np.uint8)
            yield photo, truth[r["label"]], cut[y0:y1, x0:x1]


TAPS = ["block12.sum", "block13.project.out", "block15.sum", "block16.project.out", "head.out"]


def embed(manifest):
    """Per crop: its photo, true kind, the classifier's top class, and each candidate tap averaged over its cells."""
    graph = closet_graph.load(manifest)
    classes = graph.manifest["classes"]
    probabilities = graph.manifest["outputs"]["probabilities"]
    out = []
    batch, meta = [], []

    def flush():
        if not batch:
            return
        with torch.no_grad():
            values = graph.pooled(torch.from_numpy(np.stack(batch)), TAPS + [probabilities])
        p = values[probabilities].numpy()
        for i, (photo, truth) in enumerate(meta):
            out.append({"photo": photo, "truth": truth, "top": classes[int(p[i].argmax())],
                        "taps": {t: values[t][i].numpy() for t in TAPS}})
        batch.clear()
        meta.clear()

    for photo, truth, cut in crops():
        batch.append(model_input(cut, graph.input_size))
        meta.append((photo, truth))
        if len(batch) == 32:
            flush()
    flush()
    return out


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train_head(x, y, k, decay):
    """Multinomial logistic regression, class-balanced, L-BFGS on standardised features; the standardisation is
    folded back into the weights, so the head reads the raw embedding."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    xs = torch.from_numpy((x - mean) / std).double()
    yt = torch.from_numpy(y)
    counts = np.bincount(y, minlength=k).astype(float)
    weight = torch.from_numpy(len(y) / (k * np.maximum(counts, 1)))
    w = torch.zeros(x.shape[1], k, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(k, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(xs @ w + b, yt, weight=weight) + decay * (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    w_raw = w.detach().numpy() / std[:, None]
    b_raw = b.detach().numpy() - (mean / std) @ w.detach().numpy()
    return w_raw, b_raw


def evaluate(rows, head, kinds, threshold):
    """Accuracy of the head's kind, the share filed without asking (probability >= threshold), and the share
    filed wrongly (of all the rows)."""
    if not rows:
        return {"crops": 0}
    x = np.stack([r["taps"][head["tap"]] for r in rows])
    p = softmax(x @ head["w"] + head["b"])
    guess = [kinds[i] for i in p.argmax(axis=1)]
    conf = p.max(axis=1)
    right = np.array([g == r["truth"] for g, r in zip(guess, rows)])
    filed = conf >= threshold
    return {
        "crops": len(rows), "accuracy": float(right.mean()), "filed": float(filed.mean()),
        "silentlyWrong": float((filed & ~right).mean()),
        "wrongAmongFiled": float((filed & ~right).sum() / max(1, filed.sum())),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", default=str(ROOT / "models" / "clothing" / "manifest.json"))
    ap.add_argument("--out", default=str(ROOT / "models" / "clothing" / "fine_kinds.json"))
    ap.add_argument("--fixture", help="also write the engine's parity fixture here")
    args = ap.parse_args()
    rows = embed(args.manifest)
    print(f"{len(rows)} crops")
    heads = []
    for cls, kinds in HEADS.items():
        by = {s: [r for r in rows if split_of(r["photo"]) == s] for s in ("train", "val", "test")}
        # The head learns from every crop of its kinds; the threshold is set on the crops the classifier puts in
        # its class (whatever their true kind), as import meets them.
        known = {s: [r for r in by[s] if r["truth"] in kinds] for s in by}
        routed = {s: [r for r in by[s] if r["top"] == cls] for s in by}
        y = np.array([kinds.index(r["truth"]) for r in known["train"]])
        best = None
        for tap in TAPS:
            x = np.stack([r["taps"][tap] for r in known["train"]])
            for decay in (1e-3, 1e-2, 1e-1, 1.0):
                w, b = train_head(x, y, len(kinds), decay)
                score = evaluate(known["val"], {"tap": tap, "w": w, "b": b}, kinds, 0)["accuracy"]
                if best is None or score > best[0]:
                    best = (score, {"tap": tap, "w": w, "b": b, "decay": decay})
        head = best[1]
        # The lowest threshold at which at most SILENT_WRONG of val's routed crops are filed wrongly.
        threshold = 1.0
        for t in np.arange(0.5, 1.0, 0.01):
            if evaluate(routed["val"], head, kinds, t)["silentlyWrong"] <= SILENT_WRONG:
                threshold = float(round(t, 2))
                break
        majority = max(kinds, key=lambda k: sum(r["truth"] == k for r in known["train"]))
        figures = {
            "kindsOnly": {s: evaluate(known[s], head, kinds, threshold) for s in ("val", "test")},
            "routed": {s: evaluate(routed[s], head, kinds, threshold) for s in ("val", "test")},
            "majorityBaselineTest": float(np.mean([r["truth"] == majority for r in known["test"]])),
        }
        print(f"{cls}: kinds {kinds}, tap {head['tap']}, decay {head['decay']}, threshold {threshold:.2f}")
        print("  " + json.dumps(figures, default=lambda v: round(v, 3)))
        heads.append({
            "class": cls, "kinds": kinds, "tap": head["tap"], "threshold": threshold, "weightDecay": head["decay"],
            "weights": [[round(float(v), 6) for v in row] for row in head["w"].T],  # kinds x tap channels
            "bias": [round(float(v), 6) for v in head["b"]],
            "figures": json.loads(json.dumps(figures, default=lambda v: round(v, 4))),
        })
    out = {
        "version": 1,
        "note": "Fine kinds within a class's span, from ../shared/datasets/ccp garment crops (tools/train/fine_kinds.py). "
        "Each head reads its tap (a feature map of the classifier, averaged over its cells): kinds x channels weights "
        "and a bias; at or above threshold import files the kind without asking.",
        "heads": heads,
    }
    pathlib.Path(args.out).write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({pathlib.Path(args.out).stat().st_size} bytes)")
    if args.fixture:
        write_fixture(args.manifest, heads, args.fixture)
        print(f"wrote {args.fixture}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fits the palette's naming priors (Resources/palette.json, "prior") from photos labelled by eye.

closet names a garment's first colour as the palette name whose share of the garment's pixels plus its
prior is largest (Imaging.DominantColors.rank). The prior says how readily a person gives a name: shading
splits a white shirt among white, light grey and grey, and a person still calls it white.

The input is what `closet eval --colours --json` prints for a labelled set: each photo's name shares
before ranking, and every name a person accepts. The fit is a softmax over the palette's names, score =
scale * share + bias, maximising the chance of an accepted name; the prior is bias / scale, in share units.

    closet eval --colours --json --labels tools/colour/colour_labels_train.csv \\
        ../shared/datasets/clothing/images > train.json
    closet eval --colours --json --labels Tests/ImagingTests/Fixtures/colour_labels.csv \\
        ../shared/datasets/clothing/images > test.json
    closet eval --colours --json --labels Tests/ImagingTests/Fixtures/colour_labels_scenes.csv \\
        ../shared/datasets/clothing/images > scenes.json
    python3 tools/colour/fit_naming_prior.py train.json --check test.json --check scenes.json \\
        [--write Resources/palette.json]

Fit on the train split's labels (tools/colour/colour_labels_train.csv); the test split's labels
(Tests/ImagingTests/Fixtures/colour_labels.csv) and 108 more train photos in coloured or dim scenes
(colour_labels_scenes.csv, never fitted) only check the result. Needs numpy.
"""
import argparse
import json
import sys

import numpy as np

MINIMUM_SHARE = 0.07  # DominantColors.minimumShare
LIMIT = 0.2  # ColorPalette.Entry accepts priors in -0.2...0.2


def load(path, names):
    data = json.load(open(path))
    index = {n: i for i, n in enumerate(names)}
    shares = np.zeros((len(data["photos"]), len(names)))
    accepted = np.zeros_like(shares)
    for row, photo in enumerate(data["photos"]):
        for name, share in photo["shares"].items():
            shares[row, index[name]] = share
        for name in photo["accepted"]:
            accepted[row, index[name]] = 1
    return shares, accepted


def fit(shares, accepted, decay, steps=4000, rate=0.05):
    """Scale and biases by full-batch Adam on the mean negative log chance of an accepted name, with an L2
    pull of `decay` on the biases."""
    scale, bias = 5.0, np.zeros(shares.shape[1])
    m, v = np.zeros(shares.shape[1] + 1), np.zeros(shares.shape[1] + 1)
    for step in range(1, steps + 1):
        z = scale * shares + bias
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        q = p * accepted
        q /= q.sum(1, keepdims=True)
        dz = (p - q) / len(shares)  # d loss / d z
        grad = np.concatenate([[(dz * shares).sum()], dz.sum(0) + 2 * decay * bias])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        update = rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        scale -= update[0]
        bias -= update[1:]
    return np.clip(np.round(bias / scale, 2), -LIMIT, LIMIT) + 0.0


def first_colours(shares, prior):
    """The app's choice of first colour: largest share plus prior among names covering the minimum share."""
    eligible = shares >= MINIMUM_SHARE
    eligible[~eligible.any(1)] = (shares > 0)[~eligible.any(1)]
    return np.where(eligible, shares + prior, -np.inf).argmax(1)


def accepted_count(shares, accepted, prior):
    return int(accepted[np.arange(len(shares)), first_colours(shares, prior)].sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", help="closet eval --colours --json output for the train labels")
    parser.add_argument("--check", action="append", default=[],
                        help="the same for a held-out label set: reported, never fitted (repeatable)")
    parser.add_argument("--decay", type=float, default=0.01, help="L2 pull on the biases")
    parser.add_argument("--palette", default="Resources/palette.json")
    parser.add_argument("--write", help="write the fitted priors into this palette file")
    args = parser.parse_args()

    palette = json.load(open(args.palette))
    names = [c["name"] for c in palette["colors"]]
    shares, accepted = load(args.train, names)
    n = len(shares)
    none = np.zeros(len(names))
    current = np.array([c.get("prior", 0.0) for c in palette["colors"]])

    folds = np.arange(n) % 5
    cv = sum(accepted_count(shares[folds == k], accepted[folds == k], fit(shares[folds != k], accepted[folds != k], args.decay)) for k in range(5))
    prior = fit(shares, accepted, args.decay)
    print(f"train: {n} photos; first colour accepted without priors {accepted_count(shares, accepted, none)}, "
          f"with the palette's priors {accepted_count(shares, accepted, current)}, with the fitted ones {accepted_count(shares, accepted, prior)} "
          f"(5-fold cross-validated {cv})")
    for path in args.check:
        held, held_accepted = load(path, names)
        print(f"check {path}: {len(held)} photos; without priors {accepted_count(held, held_accepted, none)}, "
              f"with the palette's priors {accepted_count(held, held_accepted, current)}, with the fitted ones {accepted_count(held, held_accepted, prior)}")
    print("priors: " + ", ".join(f"{name} {p:+.2f}" for name, p in sorted(zip(names, prior), key=lambda t: -t[1])))
    if args.write:
        for entry, p in zip(palette["colors"], prior):
            entry["prior"] = float(p)
        with open(args.write, "w") as f:
            f.write(json.dumps(palette, ensure_ascii=False, indent=1) + "\n")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Makes real photos at camera size for `closet bench import --folder DIR`.

Takes the first N photos of the clothing set's `test` split (labels.csv order), resizes each up to fit
4000x3000 (portrait photos 3000x4000: about 12 megapixels, like a phone's) with Lanczos, and writes them
as quality-90 JPEGs into OUT. Never write them into the repository.

    python3 tools/bench/make_real_photos.py --dataset ../shared/datasets/clothing --out /tmp/real-12mp --count 100
"""

import argparse
import csv
import os
import sys

from PIL import Image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True, help="the clothing set's folder (labels.csv, images/)")
    parser.add_argument("--out", required=True, help="where the JPEGs go (outside the repository)")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--split", default="test")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.dataset, "labels.csv"), newline="") as f:
        names = [row["image"] for row in csv.DictReader(f) if row["split"] == args.split]
    made = 0
    for name in names:
        if made == args.count:
            break
        source = os.path.join(args.dataset, "images", name + ".jpg")
        if not os.path.exists(source):
            continue
        with Image.open(source) as image:
            image = image.convert("RGB")
            long_side, short_side = (4000, 3000)
            box = (long_side, short_side) if image.width >= image.height else (short_side, long_side)
            scale = min(box[0] / image.width, box[1] / image.height)
            size = (round(image.width * scale), round(image.height * scale))
            image.resize(size, Image.LANCZOS).save(os.path.join(args.out, f"IMG_{made:04d}.jpg"), quality=90)
        made += 1
    print(f"{made} photos in {args.out}")
    return 0 if made == args.count else 1


if __name__ == "__main__":
    sys.exit(main())

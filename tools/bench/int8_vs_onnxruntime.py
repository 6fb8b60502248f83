"""closet's engine against ONNX Runtime, fp32 and int8, one thread, in the same run (issue #40's engine figures).

    .venv/bin/python tools/bench/int8_vs_onnxruntime.py [--closet .build/release/closet]
        [--closet-int8 MANIFEST] [--closet-int8-mobilenet MANIFEST] [--make-closet-int8] [--mobilenet DIR]
        [--models mobilenet,shipped] [--runs 30] [--rounds 5] [--json FILE]

For each network, MobileNetV2-1.0-224 with random weights (`closet bench engine --export-random`, whose weights
are the same at every export, or the copy in --mobilenet DIR) and the shipped model
(models/clothing/manifest.json, MobileNetV2 + Lite0 joined):
- ORT fp32: tools/bench/manifest_to_onnx.py's clean graph (NCHW, Conv's own pads, no Transpose or Pad);
- ORT int8: that graph through `quantize_static` (tools/quantize/ort_int8.py: QDQ, per channel, u8/s8, MinMax on
  --calibration `train` photos);
- closet fp32: `closet bench engine --model MANIFEST --json`;
- closet int8: the same on --closet-int8 (shipped) / --closet-int8-mobilenet (MobileNetV2), closet's int8 manifest
  (tools/quantize/write_int8_model.py); with --make-closet-int8, the script writes them itself through
  write_int8_model.py (--model M --out DIR, plus --closet-int8-args) under --work or a temporary folder; skipped,
  with a message, where none is given, the file is absent or the closet build cannot run it.
Every engine runs one thread (ORT: one intra-op thread, graph optimisations all on, in this Python thread). Each
round times each engine --runs times after a warm-up and keeps the median; the rounds alternate the engines, so a
slow minute of a shared machine hits all of them; the figures are medians over rounds. `cpu` is the running
thread's CPU time (what a loaded machine disturbs least), `wall` the clock. The input is closet bench engine's
synthetic one (value i: ((i · 7919) mod 255) / 127.5 − 1 in NHWC order), laid out NCHW for ORT.

Prints the CPU (lscpu's model name, family/model, AVX2/AVX-512/VNNI), the load average before and after, each
engine's medians, and the ratios the issue asks for: closet int8 / ORT int8 (aim ≤ 0.8), closet int8 / closet fp32
(aim ≤ 0.5), closet fp32 / ORT fp32, ORT int8 / ORT fp32.
"""
import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/quantize"))
import ort_int8  # noqa: E402


def cpu():
    """lscpu's model name, family and model, and the SIMD that matters for int8."""
    fields = {}
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except (OSError, subprocess.CalledProcessError):
        return platform.processor()
    flags = set(fields.get("Flags", "").split())
    simd = [f for f, present in (("AVX2", "avx2" in flags), ("AVX-512", "avx512f" in flags),
                                 ("AVX-512 VNNI", "avx512_vnni" in flags), ("AVX-VNNI", "avx_vnni" in flags)) if present]
    missing = [f for f in ("AVX-512", "AVX-512 VNNI", "AVX-VNNI") if f not in simd]
    return (f"{fields.get('Model name', '?')}, family {fields.get('CPU family', '?')} model {fields.get('Model', '?')}, "
            f"{fields.get('CPU(s)', '?')} CPUs; {', '.join(simd) or 'no AVX2'}" + (f"; no {', no '.join(missing)}" if missing else ""))


def synthetic_input(height, width):
    """closet bench engine's input (NHWC index i → ((i · 7919) mod 255) / 127.5 − 1) as (1, 3, H, W)."""
    i = np.arange(height * width * 3, dtype=np.int64)
    x = (((i * 7919) % 255).astype(np.float32) / np.float32(127.5) - np.float32(1)).reshape(height, width, 3)
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def time_ort(session, feed, runs):
    for _ in range(3):
        session.run(None, feed)
    wall, cpu_ms = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.thread_time()
        session.run(None, feed)
        wall.append((time.perf_counter() - t) * 1e3)
        cpu_ms.append((time.thread_time() - c) * 1e3)
    return float(np.median(cpu_ms)), float(np.median(wall))


def time_closet(closet, manifest, runs):
    out = subprocess.run([str(closet), "bench", "engine", "--json", "--threads", "1", "--runs", str(runs), "--model", str(manifest)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return float(result["cpu_ms_per_image"]), float(result["ms_per_image"]), result.get("kernels", "?")


def closet_int8_manifest(closet, path, network):
    """The int8 manifest to time, or None (with the reason printed): none given, absent, or this closet refuses it."""
    if not path:
        print(f"  closet int8 ({network}): skipped, no int8 manifest given")
        return None
    if not pathlib.Path(path).exists():
        print(f"  closet int8 ({network}): skipped, {path} does not exist")
        return None
    try:
        time_closet(closet, path, 1)
    except subprocess.CalledProcessError as e:
        last = (e.stderr or "").strip().splitlines()[-1:] or ["no message"]
        print(f"  closet int8 ({network}): skipped, {closet} could not run {path} (a build without int8?): {last[0]}")
        return None
    return path


def make_closet_int8(manifest, folder, args):
    """closet's int8 model of `manifest`, written by tools/quantize/write_int8_model.py into `folder` (or reused there)."""
    writer = ROOT / "tools/quantize/write_int8_model.py"
    out = pathlib.Path(folder)
    if (out / "manifest.json").exists() and args.work:
        print(f"  reusing closet's int8 model {out / 'manifest.json'} (--work)")
        return out / "manifest.json"
    if not writer.exists():
        print(f"  closet int8: {writer.relative_to(ROOT)} is not in this tree, so no int8 model was written")
        return None
    cmd = [sys.executable, str(writer), "--model", str(manifest), "--out", str(out), *args.closet_int8_args.split()]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  closet int8: {' '.join(cmd)} failed: {(done.stderr.strip().splitlines() or ['no message'])[-1]}")
        return None
    return out / "manifest.json"


def compare(name, manifest, int8_manifest, args, work):
    print(f"\n{name}: {manifest}")
    folder = work / (name if args.nodes == "all" else f"{name}-{args.nodes}")
    if args.work and (folder / "model.onnx").exists() and (folder / "model-int8.onnx").exists():
        fp32_onnx, int8_onnx = folder / "model.onnx", folder / "model-int8.onnx"
        print(f"  reusing {fp32_onnx} and {int8_onnx} (--work)")
    else:
        fp32_onnx, int8_onnx = ort_int8.build(manifest, folder, args.calibration, args.nodes)
    meta = json.loads(pathlib.Path(manifest).read_text())
    feed = {meta["input"]["name"]: synthetic_input(meta["input"]["height"], meta["input"]["width"])}
    fp32_session, int8_session = ort_int8.session(fp32_onnx), ort_int8.session(int8_onnx)
    engines = {"ORT fp32": lambda: time_ort(fp32_session, feed, args.runs),
               "ORT int8": lambda: time_ort(int8_session, feed, args.runs),
               "closet fp32": lambda: time_closet(args.closet, manifest, args.runs)[:2]}
    if args.make_closet_int8 and not int8_manifest:
        suffix = "".join(c if c.isalnum() else "-" for c in args.closet_int8_args.strip())
        int8_manifest = make_closet_int8(manifest, work / f"{name}-closet-int8{'-' + suffix if suffix else ''}", args)
    int8_manifest = closet_int8_manifest(args.closet, int8_manifest, name)
    if int8_manifest:
        engines["closet int8"] = lambda: time_closet(args.closet, int8_manifest, args.runs)[:2]
    kernels = time_closet(args.closet, manifest, 1)[2]
    rounds = {k: [] for k in engines}
    for r in range(args.rounds):
        for engine, run in engines.items():
            rounds[engine].append(run())
        print(f"  round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}" for k, v in rounds.items()) + " ms cpu", flush=True)
    result = {"manifest": str(manifest), "closet_kernels": kernels, "engines": {}}
    for engine, values in rounds.items():
        cpu_ms, wall = float(np.median([v[0] for v in values])), float(np.median([v[1] for v in values]))
        result["engines"][engine] = {"cpu_ms": cpu_ms, "wall_ms": wall, "rounds_cpu_ms": [v[0] for v in values]}
        print(f"  {engine:12s} {cpu_ms:7.2f} ms cpu  {wall:7.2f} ms wall  (median of {args.rounds} rounds of {args.runs})")
    ratios = {}
    for top, bottom, aim in (("closet int8", "ORT int8", 0.8), ("closet int8", "closet fp32", 0.5),
                             ("closet fp32", "ORT fp32", None), ("ORT int8", "ORT fp32", None)):
        if top not in rounds:
            print(f"  {top} / {bottom}: not measured (no closet int8 model)")
            continue
        e = result["engines"]
        per_round = [a[0] / b[0] for a, b in zip(rounds[top], rounds[bottom])]
        ratio = e[top]["cpu_ms"] / e[bottom]["cpu_ms"]
        ratios[f"{top} / {bottom}"] = {"cpu": ratio, "wall": e[top]["wall_ms"] / e[bottom]["wall_ms"],
                                       "per_round_cpu": per_round}
        print(f"  {top} / {bottom}: {ratio:.2f} cpu, {ratios[f'{top} / {bottom}']['wall']:.2f} wall"
              f"  (rounds {', '.join(f'{p:.2f}' for p in per_round)})" + (f"; aim ≤ {aim}" if aim else ""))
    result["ratios"] = ratios
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--closet", default=str(ROOT / ".build/release/closet"), help="a release closet (swift build -c release)")
    ap.add_argument("--closet-int8", help="closet's int8 manifest of the shipped model")
    ap.add_argument("--closet-int8-mobilenet", help="closet's int8 manifest of the random MobileNetV2 (from --mobilenet's copy)")
    ap.add_argument("--make-closet-int8", action="store_true",
                    help="write closet's int8 models with tools/quantize/write_int8_model.py where none is given")
    ap.add_argument("--closet-int8-args", default="", help="more arguments for write_int8_model.py, e.g. '--weight-bits 7'")
    ap.add_argument("--mobilenet", help="a folder holding `closet bench engine --export-random`'s MobileNetV2 (default: export one)")
    ap.add_argument("--shipped", default=str(ROOT / "models/clothing/manifest.json"))
    ap.add_argument("--models", default="mobilenet,shipped", help="which networks: mobilenet, shipped or both")
    ap.add_argument("--runs", type=int, default=30, help="timed runs per round and engine")
    ap.add_argument("--rounds", type=int, default=5, help="rounds alternating the engines")
    ap.add_argument("--calibration", type=int, default=300, help="train photos for ORT's int8 ranges")
    ap.add_argument("--nodes", choices=["all", "closet"], default="all", help="what ORT quantizes (see ort_int8.py)")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--work", help="keep the ONNX graphs (and the exported MobileNetV2) in this folder, and reuse them "
                    "when there: calibration takes minutes (delete the folder after changing a model)")
    args = ap.parse_args()
    if not pathlib.Path(args.closet).exists():
        raise SystemExit(f"{args.closet} does not exist: build it (swift build -c release) or pass --closet")
    import onnxruntime as ort
    report = {"cpu": cpu(), "onnxruntime": ort.__version__, "load_before": os.getloadavg(), "networks": {}}
    print(f"CPU: {report['cpu']}")
    print(f"ONNX Runtime {ort.__version__}; load average before: {' '.join(f'{v:.1f}' for v in report['load_before'])}")
    with tempfile.TemporaryDirectory(prefix="closet-int8-bench-") as tmp:
        work = pathlib.Path(args.work or tmp)
        wanted = args.models.split(",")
        if "mobilenet" in wanted:
            folder = pathlib.Path(args.mobilenet) if args.mobilenet else work / "random"
            if not args.mobilenet and not (folder / "manifest.json").exists():
                ort_int8.random_manifest(args.closet, folder)
            report["networks"]["mobilenet"] = compare("mobilenet", folder / "manifest.json", args.closet_int8_mobilenet, args, work)
        if "shipped" in wanted:
            report["networks"]["shipped"] = compare("shipped", args.shipped, args.closet_int8, args, work)
    report["load_after"] = os.getloadavg()
    print(f"\nload average after: {' '.join(f'{v:.1f}' for v in report['load_after'])}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

"""Side-by-side: closet's embedded engine against ONNX Runtime on the same MobileNetV2-1.0-224 weights.

    .venv/bin/python tools/bench/engine_vs_onnxruntime.py [--model models/clothing/manifest.json]

Without --model it asks `closet bench engine --export-random` for the random-weight MobileNetV2 that
`closet bench engine` times, so both engines run identical weights. ORT runs tools/bench/manifest_to_onnx.py's
clean graph of the manifest (NCHW input, Conv's own asymmetric pads, no Transpose or Pad node), not a TorchScript
export (which adds 9 Transposes and 5 Pads to MobileNetV2 and slows ORT down). For int8 against ORT's int8, and
each engine's CPU time, see tools/bench/int8_vs_onnxruntime.py. Both run one thread, after a
warm-up; each round's figure is the median of its timed runs, and the rounds alternate the engines
(the figures are the medians over rounds). Prints both and the ratio closet / ORT, for the kernel set the
dispatcher picks and, with --kernels all, for every SIMD set the CPU has (CLOSET_KERNELS), each in its own
alternating rounds against ORT.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import manifest_to_onnx  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLOSET = ROOT / ".build/release/closet"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="a closet-cnn manifest (default: random MobileNetV2-1.0-224)")
    ap.add_argument("--runs", type=int, default=50, help="timed runs per round and engine (medians)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds: ORT, then closet, then ORT again ...")
    ap.add_argument("--kernels", default="default",
                    help="default (what the dispatcher picks), all (every SIMD set this CPU has), or a list: avx2,avx512")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = args.model
        if manifest is None:
            subprocess.run([str(CLOSET), "bench", "engine", "--export-random", tmp], check=True)
            manifest = str(pathlib.Path(tmp) / "manifest.json")
        meta, model = manifest_to_onnx.convert(manifest)
        manifest_to_onnx.check_clean(model)
        size = meta["input"]["height"]
        onnx_path = pathlib.Path(tmp) / "model.onnx"
        onnx.save(model, str(onnx_path))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        x = np.random.default_rng(0).uniform(-1, 1, size=(1, 3, size, size)).astype(np.float32)
        for _ in range(10):
            session.run(None, {meta["input"]["name"]: x})
        # Rounds alternate the two engines, so that a slow minute of this shared machine hits both.
        cmd = [str(CLOSET), "bench", "engine", "--json", "--runs", str(args.runs), "--model", manifest]
        available = json.loads(subprocess.run(cmd[:4] + ["--runs", "1"], check=True, capture_output=True, text=True).stdout)
        sets = ([None] if args.kernels == "default" else
                [k for k in available["kernel_sets"] if k != "portable"] if args.kernels == "all" else args.kernels.split(","))
        for kernels in sets:
            env = dict(os.environ, **({"CLOSET_KERNELS": kernels} if kernels else {}))
            ort_rounds, our_rounds = [], []
            for _ in range(args.rounds):
                times = []
                for _ in range(args.runs):
                    t = time.perf_counter()
                    session.run(None, {meta["input"]["name"]: x})
                    times.append((time.perf_counter() - t) * 1000)
                ort_rounds.append(float(np.median(times)))
                ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout)
                our_rounds.append(ours["ms_per_image"])
            report(args, ours, our_rounds, ort_rounds)


def report(args, ours, our_rounds, ort_rounds):
    ratios = [a / b for a, b in zip(our_rounds, ort_rounds)]
    print("rounds (closet / ORT ms): " + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(our_rounds, ort_rounds)))
    ours["ms_per_image"] = float(np.median(our_rounds))
    ours["gflops"] = 2 * ours["multiply_adds"] / ours["ms_per_image"] / 1e6
    ort_ms = float(np.median(ort_rounds))
    print(f"model:            {ours['model']}")
    print(f"closet engine:    {ours['ms_per_image']:.2f} ms/image  {ours['gflops']:.1f} GFLOP/s  RSS {ours['rss_mb']:.1f} MB ({ours['kernels']})")
    print(f"ONNX Runtime {ort.__version__}: {ort_ms:.2f} ms/image  (1 thread, ORT_ENABLE_ALL)")
    print(f"ratio closet/ORT: {float(np.median(ratios)):.2f}  (median of {args.rounds} alternating rounds of {args.runs} runs: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; target <= 0.8)")
    print()


if __name__ == "__main__":
    main()

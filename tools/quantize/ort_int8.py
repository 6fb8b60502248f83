"""ONNX Runtime's int8 against its fp32 on the same network, one thread, CPU time a run.

    .venv/bin/python tools/quantize/ort_int8.py [--closet .build/release/closet] [--model MANIFEST] [--runs 30]

The network (without --model: the random-weight MobileNetV2-1.0-224 that `closet bench engine` times) is exported
to ONNX through tools/common/closet_graph.py and quantized with `onnxruntime.quantization.quantize_static`: QDQ,
per channel, u8 activations and s8 weights, calibrated (min/max) on 16 random inputs. Times are the thread's CPU time
(ORT runs a one-thread session in the caller's thread), median of --runs, rounds alternating fp32 and int8.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import onnxruntime as ort
import torch
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/common"))
import closet_graph  # noqa: E402


class Random(CalibrationDataReader):
    def __init__(self, size):
        rng = np.random.default_rng(1)
        self.items = iter([{"input": rng.uniform(-1, 1, size=(1, size, size, 3)).astype(np.float32)} for _ in range(16)])

    def get_next(self):
        return next(self.items, None)


def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--closet", default=str(ROOT / ".build/release/closet"))
    ap.add_argument("--model")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="closet-ort-int8-"))
    manifest = args.model
    if manifest is None:
        subprocess.run([args.closet, "bench", "engine", "--export-random", str(tmp)], check=True, capture_output=True)
        manifest = str(tmp / "manifest.json")
    model = closet_graph.load(manifest)
    size = model.input_size
    fp32_path, int8_path = tmp / "model.onnx", tmp / "model-int8.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.zeros(1, size, size, 3), str(fp32_path), input_names=["input"], opset_version=17,
                          dynamo=False)
        quantize_static(str(fp32_path), str(int8_path), Random(size), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    sessions = {"fp32": session(fp32_path), "int8": session(int8_path)}
    x = np.random.default_rng(0).uniform(-1, 1, size=(1, size, size, 3)).astype(np.float32)
    rounds = {k: [] for k in sessions}
    for s in sessions.values():
        for _ in range(5):
            s.run(None, {"input": x})
    for _ in range(args.rounds):
        for name, s in sessions.items():
            times = []
            for _ in range(args.runs):
                t = time.thread_time()
                s.run(None, {"input": x})
                times.append((time.thread_time() - t) * 1e3)
            rounds[name].append(float(np.median(times)))
    fp32, int8 = float(np.median(rounds["fp32"])), float(np.median(rounds["int8"]))
    print(f"ONNX Runtime {ort.__version__}, one thread, {pathlib.Path(manifest).name}: fp32 {fp32:.2f} ms, "
          f"int8 (QDQ, per channel) {int8:.2f} ms of CPU a run, int8 / fp32 {int8 / fp32:.2f}")


if __name__ == "__main__":
    main()

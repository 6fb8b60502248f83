"""ONNX Runtime's int8 anchor: the clean graph of a closet manifest, quantized by ORT's own quantize_static.

    .venv/bin/python tools/quantize/ort_int8.py [--model MANIFEST] [--out DIR] [--calibration 300]
        [--nodes all|closet] [--agreement 200]

The fp32 graph is tools/bench/manifest_to_onnx.py's (NCHW input, Conv's own pads, no Transpose or Pad), so ORT
is timed on its best graph. Without --model: the random-weight MobileNetV2-1.0-224 that `closet bench engine`
times (asked of --closet with --export-random). The int8 graph is `onnxruntime.quantization.quantize_static`:
QDQ format, per channel, u8 activations and s8 weights, MinMax calibration on --calibration `train` photos
preprocessed as the app does (quantize.py's photos and cache: tools/bench/photo_inputs.py). `--nodes all` lets
ORT quantize every op it can (its default: Conv, Gemm, MatMul, Add, pooling); `--nodes closet` only the nodes
closet's int8 runs (quantize.py's choice: 1×1 stride-1 and depthwise convolutions, not the first).

It writes DIR/model.onnx and DIR/model-int8.onnx, and prints ORT's int8 top-1 agreement with its own fp32 on the
first --agreement `val` photos (a sanity figure; for the shipped model also both accuracies). The timing is
tools/bench/int8_vs_onnxruntime.py's, which calls `build` here.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/bench"))
sys.path.insert(0, str(ROOT / "tools/train"))
import labels as L  # noqa: E402
import manifest_to_onnx  # noqa: E402
import photo_inputs  # noqa: E402


class Photos(CalibrationDataReader):
    """NHWC inputs handed to ORT one at a time as (1, 3, H, W)."""

    def __init__(self, name, x_nhwc):
        self.name, self.x, self.i = name, x_nhwc, 0

    def get_next(self):
        if self.i >= len(self.x):
            return None
        self.i += 1
        return {self.name: np.ascontiguousarray(self.x[self.i - 1].transpose(2, 0, 1)[None], dtype=np.float32)}


def closet_int8_nodes(manifest):
    """The nodes closet's int8 runs: quantize.py's int8_nodes (without its torch import)."""
    out = []
    for i, n in enumerate(manifest["nodes"]):
        if n["op"] == "depthwise_conv2d":
            out.append(n["name"])
        elif n["op"] == "conv2d" and not n.get("dilation") and i > 0:
            if n.get("stride", [1, 1]) == [1, 1] and n.get("pad", [0, 0, 0, 0]) == [0, 0, 0, 0]:
                out.append(n["name"])
    return out


def random_manifest(closet, folder):
    subprocess.run([str(closet), "bench", "engine", "--export-random", str(folder)], check=True, capture_output=True)
    return pathlib.Path(folder) / "manifest.json"


def build(manifest_path, out_dir, calibration=300, nodes="all"):
    """Writes out_dir/model.onnx (clean fp32) and out_dir/model-int8.onnx (QDQ, per channel); returns both paths."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest, model = manifest_to_onnx.convert(manifest_path)
    manifest_to_onnx.check_clean(model)
    fp32, int8 = out_dir / "model.onnx", out_dir / "model-int8.onnx"
    onnx.save(model, str(fp32))
    size = manifest["input"]["height"]
    x = photo_inputs.calibration_inputs(size, calibration)
    chosen = closet_int8_nodes(manifest) if nodes == "closet" else None
    quantize_static(str(fp32), str(int8), Photos(manifest["input"]["name"], x), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax, nodes_to_quantize=chosen)
    counts = manifest_to_onnx.node_counts(onnx.load(str(int8)))
    print(f"int8 graph ({nodes} nodes, {len(x)} train photos): QuantizeLinear {counts['QuantizeLinear']}, "
          f"DequantizeLinear {counts['DequantizeLinear']}, Transpose {counts['Transpose']}, Pad {counts['Pad']}")
    return fp32, int8


def session(path, threads=1):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def agreement(manifest_path, fp32, int8, count):
    """ORT int8's top-1 against its fp32 on `count` val photos (and, for a closet classifier, both accuracies)."""
    manifest = json.loads(pathlib.Path(manifest_path).read_text())
    x, y = photo_inputs.split_inputs("val", manifest["input"]["height"], count=count)
    key = "probabilities" if "probabilities" in manifest["outputs"] else "logits"
    index = list(manifest["outputs"]).index(key)
    sessions = [session(fp32, threads=2), session(int8, threads=2)]
    preds = [[], []]
    for item in x:
        feed = {manifest["input"]["name"]: np.ascontiguousarray(item.transpose(2, 0, 1)[None])}
        for s, p in zip(sessions, preds):
            p.append(int(np.argmax(s.run(None, feed)[index])))
    same = float(np.mean(np.array(preds[0]) == np.array(preds[1])))
    line = f"val, {len(x)} photos: ORT int8 top-1 agrees with ORT fp32 on {same:.1%}"
    if manifest.get("classes") == L.CLASSES:
        acc = [np.mean([L.correct(L.CLASSES[t], L.CLASSES[p]) for t, p in zip(y, pr)]) for pr in preds]
        line += f"; accuracy fp32 {acc[0]:.4f}, int8 {acc[1]:.4f}"
    print(line)
    return same


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--closet", default=str(ROOT / ".build/release/closet"), help="for --export-random without --model")
    ap.add_argument("--model", help="a closet-cnn manifest (default: the random MobileNetV2-1.0-224)")
    ap.add_argument("--out", help="folder for model.onnx and model-int8.onnx (default: a temporary one)")
    ap.add_argument("--calibration", type=int, default=300, help="train photos for the MinMax ranges")
    ap.add_argument("--nodes", choices=["all", "closet"], default="all")
    ap.add_argument("--agreement", type=int, default=200, help="val photos for the int8/fp32 agreement (0: none)")
    args = ap.parse_args()
    out = pathlib.Path(args.out or tempfile.mkdtemp(prefix="closet-ort-int8-"))
    manifest = args.model or random_manifest(args.closet, out / "random")
    fp32, int8 = build(manifest, out, args.calibration, args.nodes)
    print(f"wrote {fp32} and {int8}")
    if args.agreement:
        agreement(manifest, fp32, int8, args.agreement)


if __name__ == "__main__":
    main()

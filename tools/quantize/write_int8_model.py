"""Writes closet's int8 model: the fp32 model's manifest with an `int8` field on the nodes that run in int8, and a
safetensors file holding their I8 weights, I32 biases and F32 weight scales beside the fp32 nodes' tensors.

    python3 tools/quantize/write_int8_model.py [--model models/clothing/manifest.json] [--out models/clothing/int8]
        [--weight-bits 8|7] [--depthwise int8|fp32] [--keep-fp32 NODE,...] [--calibration 300]

Needs only numpy (the network runs here in numpy, NHWC, as closet's engine computes it in fp32).

- Which nodes: every 1×1 stride-1 convolution but the first (the GEMM kernel) and every depthwise convolution
  (unless `--depthwise fp32`), less `--keep-fp32`: as `quantize.py` chooses them. The stem and the
  `fully_connected` heads stay fp32.
- Activations: min/max over `--calibration` `train` photos (the same photos and preprocessing as `quantize.py`,
  cached in `--cache`), 0 always inside; u8 with scale (max − min) / 255 and zero point rint(−min / scale).
- Weights: s8 per output channel, symmetric, max |w| → 127 (or 63 with `--weight-bits 7`, AVX2's `vpmaddubsw`
  path); bias s32 at `float32(s_in · s_w)`.
The engine's reading of these fields is in `Sources/Inference/ModelManifest+Int8.swift`.
"""
import argparse
import json
import pathlib
import struct
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def read_safetensors(path):
    raw = pathlib.Path(path).read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        lo, hi = info["data_offsets"]
        dtype = {"F32": "<f4", "F16": "<f2"}[info["dtype"]]
        out[name] = np.frombuffer(raw[8 + n + lo:8 + n + hi], dtype=dtype).astype(np.float32).reshape(info["shape"])
    return out


def write_safetensors(path, tensors, metadata):
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int8): "I8", np.dtype(np.int32): "I32"}[t.dtype]
        data = np.ascontiguousarray(t).astype(t.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    pathlib.Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def act(x, name):
    if name in (None, "none", "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "relu6":
        return np.clip(x, 0, 6)
    raise ValueError(name)


def area_matrix(n_in, n_out):
    m = np.zeros((n_out, n_in), np.float32)
    scale = n_in / n_out
    for o in range(n_out):
        lo, hi = o * scale, (o + 1) * scale
        for i in range(int(lo), min(n_in, int(-(-hi // 1)))):
            m[o, i] = max(0.0, min(hi, i + 1) - max(lo, i)) / scale
    return m


def conv(x, w, b, stride, pad, depthwise):
    """NHWC convolution; w is [out, kh, kw, in] or (depthwise) [kh, kw, c]."""
    top, left, bottom, right = pad
    x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    kh, kw = (w.shape[0], w.shape[1]) if depthwise else (w.shape[1], w.shape[2])
    sh, sw = stride
    oh, ow = (x.shape[1] - kh) // sh + 1, (x.shape[2] - kw) // sw + 1
    if depthwise:
        y = np.zeros((x.shape[0], oh, ow, x.shape[3]), np.float32)
        for dy in range(kh):
            for dx in range(kw):
                y += x[:, dy:dy + sh * (oh - 1) + 1:sh, dx:dx + sw * (ow - 1) + 1:sw, :] * w[dy, dx]
    else:
        patches = [x[:, dy:dy + sh * (oh - 1) + 1:sh, dx:dx + sw * (ow - 1) + 1:sw, :] for dy in range(kh) for dx in range(kw)]
        cols = np.concatenate(patches, axis=3)
        y = cols.reshape(-1, cols.shape[3]) @ w.reshape(w.shape[0], -1).T
        y = y.reshape(x.shape[0], oh, ow, w.shape[0])
    return y + b if b is not None else y


def run(manifest, tensors, x, record):
    """The fp32 graph on a batch, recording each tensor's min and max in `record`."""
    values = {manifest["input"]["name"]: x}
    for node in manifest["nodes"]:
        op, a = node["op"], values[node["inputs"][0]]
        w = tensors.get(node.get("weights"))
        b = tensors.get(node.get("bias")) if node.get("bias") else None
        if op in ("conv2d", "depthwise_conv2d"):
            dw = op == "depthwise_conv2d"
            if dw and w.ndim == 4:
                w = w[0]
            y = act(conv(a, w, b, node.get("stride", [1, 1]), node.get("pad", [0, 0, 0, 0]), dw), node.get("activation"))
        elif op == "add":
            y = act(a + values[node["inputs"][1]], node.get("activation"))
        elif op == "global_average_pool":
            y = a.mean(axis=(1, 2), keepdims=True)
        elif op == "fully_connected":
            y = act(a.reshape(a.shape[0], -1) @ w.T + (b if b is not None else 0), node.get("activation"))[:, None, None, :]
        elif op == "resize_area":
            rows = np.einsum("oh,nhwc->nowc", area_matrix(a.shape[1], node["size"][0]), a)
            y = np.einsum("pw,nhwc->nhpc", area_matrix(a.shape[2], node["size"][1]), rows)
        elif op == "softmax":
            z = a / (manifest.get("temperature") or 1.0)
            e = np.exp(z - z.max(axis=-1, keepdims=True))
            y = e / e.sum(axis=-1, keepdims=True)
        else:
            raise ValueError(f"unsupported op {op}")
        y = y.astype(np.float32)
        values[node["output"]] = y
        lo, hi = float(y.min()), float(y.max())
        old = record.get(node["output"], (lo, hi))
        record[node["output"]] = (min(old[0], lo), max(old[1], hi))
    lo, hi = float(x.min()), float(x.max())
    old = record.get(manifest["input"]["name"], (lo, hi))
    record[manifest["input"]["name"]] = (min(old[0], lo), max(old[1], hi))


def int8_nodes(manifest, keep, depthwise):
    out = []
    for i, n in enumerate(manifest["nodes"]):
        if n["name"] in keep:
            continue
        if n["op"] == "depthwise_conv2d" and depthwise == "int8":
            out.append(n["name"])
        elif n["op"] == "conv2d" and not n.get("dilation") and i > 0:
            if n.get("stride", [1, 1]) == [1, 1] and n.get("pad", [0, 0, 0, 0]) == [0, 0, 0, 0]:
                out.append(n["name"])
    return out


def qparams(lo, hi):
    """As quantize.py: scale (max − min) / 255 with 0 inside, zero point rounded and clamped."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-8) / 255.0
    zp = int(min(255, max(0, round(-lo / scale))))
    return float(np.float32(scale)), zp


def calibration_inputs(count, size, cache):
    path = pathlib.Path(cache) / f"train{count}-{size}.npy"
    if path.exists():
        return np.load(path)
    sys.path.insert(0, str(HERE.parent / "train"))
    import csv

    import labels as L
    import preprocess
    data = ROOT.parent.parent / "shared/datasets/clothing"
    rows = [r for r in csv.DictReader(open(data / "labels.csv")) if r["split"] == "train" and r["label"] in L.MAPPING]
    rng = np.random.default_rng(0)
    chosen = [rows[i] for i in sorted(rng.choice(len(rows), size=min(count, len(rows)), replace=False))]
    x = np.stack([preprocess.model_input(preprocess.load_upright(data / "images" / f"{r['image']}.jpg", size), size)
                  for r in chosen])
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, x)
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models/clothing/manifest.json"))
    ap.add_argument("--out", default=str(ROOT / "models/clothing/int8"))
    ap.add_argument("--weight-bits", type=int, default=8, choices=[7, 8])
    ap.add_argument("--depthwise", default="int8", choices=["int8", "fp32"])
    ap.add_argument("--keep-fp32", default="")
    ap.add_argument("--calibration", type=int, default=300)
    ap.add_argument("--cache", default="/tmp/closet-quantize")
    ap.add_argument("--limit", type=int, help="calibrate on the first N photos only (a quick check)")
    ap.add_argument("--ranges", help="reuse (or write, if missing) the calibrated ranges here (JSON)")
    args = ap.parse_args()

    path = pathlib.Path(args.model)
    manifest = json.loads(path.read_text())
    tensors = read_safetensors(path.parent / manifest["weights"])
    size = manifest["input"]["height"]
    if args.ranges and pathlib.Path(args.ranges).exists():
        ranges = {k: tuple(v) for k, v in json.loads(pathlib.Path(args.ranges).read_text()).items()}
    else:
        x = calibration_inputs(args.calibration, size, args.cache)[:args.limit]
        ranges = {}
        for i in range(0, len(x), 10):
            run(manifest, tensors, x[i:i + 10].astype(np.float32), ranges)
            print(f"calibrated on {min(i + 10, len(x))} of {len(x)} photos", file=sys.stderr, flush=True)
        if args.ranges:
            pathlib.Path(args.ranges).write_text(json.dumps(ranges, indent=1))

    chosen = set(int8_nodes(manifest, set(filter(None, args.keep_fp32.split(","))), args.depthwise))
    qmax = 2 ** (args.weight_bits - 1) - 1
    out_tensors = {k: v for k, v in tensors.items()}
    for node in manifest["nodes"]:
        if node["name"] not in chosen:
            continue
        s_in, zp_in = qparams(*ranges[node["inputs"][0]])
        s_out, zp_out = qparams(*ranges[node["output"]])
        w = tensors[node["weights"]].astype(np.float64)
        axis = 0 if node["op"] == "conv2d" else w.ndim - 1  # the output channel: [out, 1, 1, in] or [.., kh, kw, c]
        reduce = tuple(a for a in range(w.ndim) if a != axis)
        s_w = np.maximum(np.abs(w).max(axis=reduce) / qmax, 1e-12).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        wq = np.clip(np.rint(w / s_w.astype(np.float64).reshape(shape)), -qmax - 1, qmax).astype(np.int8)
        out_tensors[node["weights"]] = wq
        if node.get("bias"):
            multiplier = (np.float64(s_in) * s_w.astype(np.float64)).astype(np.float32)
            bq = np.rint(tensors[node["bias"]].astype(np.float64) / multiplier.astype(np.float64))
            out_tensors[node["bias"]] = np.clip(bq, -2 ** 31, 2 ** 31 - 1).astype(np.int32)
        scales = node["name"] + ".weight_scale"
        out_tensors[scales] = s_w
        node["int8"] = {"input": {"scale": s_in, "zeroPoint": zp_in}, "output": {"scale": s_out, "zeroPoint": zp_out},
                        "weightScales": scales}

    depth = "" if args.depthwise == "int8" else ", depthwise fp32"
    manifest["name"] = f"{manifest['name']} int8 (w{args.weight_bits}{depth})"
    if manifest.get("embeddingModel"):
        manifest["embeddingModel"] = f"{manifest['embeddingModel']}@int8w{args.weight_bits}{'' if args.depthwise == 'int8' else 'dw32'}"
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_safetensors(out / manifest["weights"], out_tensors, {"format": "closet-cnn"})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    heads = path.parent / "fine_kinds.json"  # the fine-kind heads read fp32 tensors: the same file serves both
    if heads.exists():
        (out / "fine_kinds.json").write_bytes(heads.read_bytes())
    print(f"{len(chosen)} nodes int8 ({args.weight_bits}-bit weights, depthwise {args.depthwise}) → {out}")


if __name__ == "__main__":
    main()

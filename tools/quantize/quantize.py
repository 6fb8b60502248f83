"""int8 for closet's classifier: per-channel symmetric weights, activations calibrated on `train` photos, and the
accuracy the engine's int8 kernels would give, simulated exactly as they compute it.

    .venv/bin/python tools/quantize/quantize.py [--model models/clothing/manifest.json] [--calibration 300]
        [--weight-bits 8|7] [--keep-fp32 NODE,...] [--out DIR]

Which nodes run int8: every 1×1 stride-1 convolution (the GEMM kernel) and every depthwise convolution (the
depthwise kernel). The first convolution (3 input channels, a few % of the multiply-adds, and the photo's own
values) and the classifier heads (`fully_connected`) stay fp32, as do `--keep-fp32` nodes.

The scheme, as `Sources/InferenceKernelsInt8` runs it:
- an int8 node's input is quantized asymmetric u8 with the scale and zero point calibrated for that tensor
  (min and max over the calibration photos, 0 always inside);
- weights are s8 per output channel, symmetric, max |w| → 127 (or 63 with --weight-bits 7: AVX2's `vpmaddubsw`
  kernel then runs exact); the bias is s32 at the input scale × the weight scale;
- sums are exact integers; the output is `clamp(rint(float32(sum) · float32(s_in·s_w / s_out)) + zp_out)`, the
  fused ReLU/ReLU6 a narrower clamp, then read back as float for the fp32 nodes after it (adds, pooling, heads).

It prints accuracy (all, ten largest), and the calibration error (ECE, 15 bins) on `val` and `test`, fp32 against
int8, and writes the calibrated ranges and weight scales as JSON (--out) for the manifest.
"""
import argparse
import csv
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "common"))
sys.path.insert(0, str(HERE.parent / "train"))
import closet_graph  # noqa: E402
import labels as L  # noqa: E402
import preprocess  # noqa: E402

ROOT = HERE.parents[1]
DATA = ROOT.parent.parent / "shared/datasets/clothing"


def split_rows(split):
    rows = [r for r in csv.DictReader(open(DATA / "labels.csv")) if r["split"] == split and r["label"] in L.MAPPING]
    return [(DATA / "images" / f"{r['image']}.jpg", L.CLASSES.index(L.MAPPING[r["label"]])) for r in rows]


def inputs(rows, size, cache):
    """The model inputs (N, size, size, 3), preprocessed as the app does, cached as .npy."""
    cache = pathlib.Path(cache)
    if cache.exists():
        return torch.from_numpy(np.load(cache))
    x = np.stack([preprocess.model_input(preprocess.load_upright(p, size), size) for p, _ in rows])
    np.save(cache, x)
    return torch.from_numpy(x)


def int8_nodes(manifest, keep):
    out = []
    for i, n in enumerate(manifest["nodes"]):
        if n["name"] in keep:
            continue
        if n["op"] == "depthwise_conv2d":
            out.append(n["name"])
        elif n["op"] == "conv2d" and not n.get("dilation"):
            pointwise = n.get("stride", [1, 1]) == [1, 1] and n.get("pad", [0, 0, 0, 0]) == [0, 0, 0, 0]
            if pointwise and i > 0:
                out.append(n["name"])
    return out


class Int8Graph(closet_graph.ClosetGraph):
    """The closet graph with the chosen nodes run as the int8 kernels compute them."""

    def setup(self, ranges, nodes, weight_bits):
        self.ranges, self.int8, self.qmax = ranges, set(nodes), 2 ** (weight_bits - 1) - 1
        self.record = None

    @staticmethod
    def qparams(lo, hi):
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        scale = max(hi - lo, 1e-8) / 255.0
        zp = int(min(255, max(0, round(-lo / scale))))
        return np.float32(scale), zp

    def run(self, x_nhwc):
        values = {self.manifest["input"]["name"]: x_nhwc.permute(0, 3, 1, 2)}
        for node in self.nodes:
            name, op = node["name"], node["op"]
            if name in self.int8:
                y = self.quantized(node, values[node["inputs"][0]])
            else:
                y = self.fp32(node, values)
            values[node["output"]] = y
            if self.record is not None:
                for t in [node["output"]] + ([node["inputs"][0]] if name in self.int8 else []):
                    v = values[t]
                    lo, hi = float(v.min()), float(v.max())
                    old = self.record.get(t, (lo, hi))
                    self.record[t] = (min(old[0], lo), max(old[1], hi))
        return values

    def fp32(self, node, values):
        """One node as closet_graph.ClosetGraph.run computes it."""
        op, x = node["op"], values[node["inputs"][0]]
        if op in ("conv2d", "depthwise_conv2d"):
            top, left, bottom, right = node.get("pad", [0, 0, 0, 0])
            groups = x.shape[1] if op == "depthwise_conv2d" else 1
            y = F.conv2d(F.pad(x, (left, right, top, bottom)), self._p(node["weights"]), self._p(node.get("bias")),
                         stride=tuple(node.get("stride", [1, 1])), groups=groups)
            return closet_graph._act(y, node.get("activation"))
        if op == "resize_area":
            return closet_graph.resize_area(x, *node["size"])
        if op == "add":
            return closet_graph._act(x + values[node["inputs"][1]], node.get("activation"))
        if op == "global_average_pool":
            return x.mean(dim=(2, 3), keepdim=True)
        if op == "fully_connected":
            y = F.linear(x.flatten(1), self._p(node["weights"]), self._p(node.get("bias")))
            return closet_graph._act(y, node.get("activation"))[:, :, None, None]
        if op == "softmax":
            return torch.softmax(x / (self.manifest.get("temperature") or 1.0), dim=1)
        raise ValueError(f"unsupported op {op}")

    def quantized(self, node, x):
        s_in, zp_in = self.qparams(*self.ranges[node["inputs"][0]])
        s_out, zp_out = self.qparams(*self.ranges[node["output"]])
        q = torch.clamp(torch.round(x / float(s_in)) + zp_in, 0, 255) - zp_in
        w = self._p(node["weights"]).double()  # the scales in double; the sums below in float32
        dims = tuple(range(1, w.dim()))
        s_w = (w.abs().amax(dim=dims) / self.qmax).clamp(min=1e-12)
        wq = torch.clamp(torch.round(w / s_w.view(-1, *[1] * (w.dim() - 1))), -self.qmax - 1, self.qmax)
        b = self._p(node.get("bias"))
        multiplier = (float(s_in) * s_w).float()
        bq = torch.round(b.double() / multiplier.double()) if b is not None else None
        top, left, bottom, right = node.get("pad", [0, 0, 0, 0])
        groups = q.shape[1] if node["op"] == "depthwise_conv2d" else 1
        # Zero padding of (q − zp) is the kernels' zero-point row. float32 sums of integers are exact below 2^24;
        # a layer's sums rarely pass it (the kernels' s32 sums are exact), and float64 convolutions are ~20× slower.
        acc = F.conv2d(F.pad(q, (left, right, top, bottom)), wq.float(), bq.float() if bq is not None else None,
                       stride=tuple(node.get("stride", [1, 1])), groups=groups)
        ratio = (multiplier / torch.tensor(s_out, dtype=torch.float32)).view(1, -1, 1, 1)
        v = torch.clamp(acc.float() * ratio, -65536, 65536)
        lo, hi = 0, 255
        act = node.get("activation")
        if act in ("relu", "relu6"):
            lo = zp_out
        if act == "relu6":
            hi = min(255, zp_out + int(np.rint(6.0 / float(s_out))))
        y = torch.clamp(torch.round(v) + zp_out, lo, hi)
        return (y - zp_out) * float(s_out)


def ece(probs, targets, bins=15):
    conf, pred = probs.max(1)
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.float().mean().item() * abs((pred[m] == targets[m]).float().mean().item() - conf[m].mean().item())
    return total


def metrics(probs, targets):
    """Accuracy (a span's kinds count as right), over the ten largest categories, and ECE (as tools/train/train.py)."""
    pred, true = probs.argmax(1).tolist(), targets.tolist()
    ok = [L.correct(L.CLASSES[t], L.CLASSES[p]) for t, p in zip(true, pred)]
    ten = [i for i, t in enumerate(true) if L.CLASSES[t] in L.TEN_LARGEST]
    return {"accuracy": sum(ok) / len(ok), "accuracy_ten_largest": sum(ok[i] for i in ten) / len(ten), "ece": ece(probs, targets)}


def probabilities(graph, x, batch=16):
    out = graph.manifest["outputs"]["probabilities"]
    with torch.no_grad():
        return torch.cat([graph.run(x[i:i + batch])[out].flatten(1) for i in range(0, len(x), batch)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(ROOT / "models/clothing/manifest.json"))
    ap.add_argument("--calibration", type=int, default=300, help="train photos for the activation ranges")
    ap.add_argument("--weight-bits", type=int, default=8, choices=[7, 8])
    ap.add_argument("--keep-fp32", default="", help="nodes to keep fp32, comma-separated")
    ap.add_argument("--cache", default="/tmp/closet-quantize", help="folder for the preprocessed inputs")
    ap.add_argument("--out", help="write the ranges and the int8 nodes here (JSON)")
    args = ap.parse_args()
    torch.set_num_threads(2)

    path = pathlib.Path(args.model)
    manifest = json.loads(path.read_text())
    tensors = closet_graph.load_file(str(path.parent / manifest["weights"]))
    graph = Int8Graph(manifest, tensors).eval()
    size = manifest["input"]["height"]
    pathlib.Path(args.cache).mkdir(parents=True, exist_ok=True)

    rng = np.random.default_rng(0)
    train = split_rows("train")
    chosen = [train[i] for i in sorted(rng.choice(len(train), size=min(args.calibration, len(train)), replace=False))]
    calibration = inputs(chosen, size, f"{args.cache}/train{len(chosen)}-{size}.npy")
    nodes = int8_nodes(manifest, set(filter(None, args.keep_fp32.split(","))))
    graph.setup({}, [], args.weight_bits)
    graph.record = {}
    with torch.no_grad():
        for i in range(0, len(calibration), 16):
            graph.run(calibration[i:i + 16])
    ranges, graph.record = graph.record, None

    # The int8 graph on two calibration photos first: a mistake shows before the splits are decoded.
    graph.setup(ranges, nodes, args.weight_bits)
    probabilities(graph, calibration[:2])

    report = {"model": manifest["name"], "weight_bits": args.weight_bits, "calibration_photos": len(chosen),
              "int8_nodes": nodes, "fp32_nodes": [n["name"] for n in manifest["nodes"] if n["name"] not in nodes and
                                                  n["op"] in ("conv2d", "depthwise_conv2d", "fully_connected")]}
    for split in ("val", "test"):
        rows = split_rows(split)
        x = inputs(rows, size, f"{args.cache}/{split}-{size}.npy")
        y = torch.tensor([c for _, c in rows])
        graph.setup(ranges, [], args.weight_bits)
        fp32 = metrics(probabilities(graph, x), y)
        graph.setup(ranges, nodes, args.weight_bits)
        int8 = metrics(probabilities(graph, x), y)
        report[split] = {"photos": len(rows), "fp32": fp32, "int8": int8}
        print(f"{split} ({len(rows)} photos): fp32 all {fp32['accuracy']:.4f}, ten largest {fp32['accuracy_ten_largest']:.4f}, "
              f"ECE {fp32['ece']:.4f} | int8 all {int8['accuracy']:.4f}, ten largest {int8['accuracy_ten_largest']:.4f}, "
              f"ECE {int8['ece']:.4f}", flush=True)
    if args.out:
        report["ranges"] = {t: list(r) for t, r in ranges.items()}
        pathlib.Path(args.out).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

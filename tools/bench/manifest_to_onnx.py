"""A closet-cnn manifest (JSON + safetensors) written straight to a clean ONNX graph: ONNX Runtime's fair anchor.

    .venv/bin/python tools/bench/manifest_to_onnx.py MANIFEST OUT.onnx [--check-against-closet CLOSET] [--photos 5]

The graph is what a hand-written ONNX model of the same network would be, so that ORT runs at its best:
- NCHW input `input` of shape (1, 3, H, W): no Transpose at the edges;
- each convolution one `Conv` with its own `pads`, asymmetric ones included ([top, left, bottom, right] in the
  manifest is ONNX's [x1_begin, x2_begin, x1_end, x2_end]): no `Pad` node; depthwise is `group` = channels;
- ReLU6 is `Clip(0, 6)` and ReLU `Relu` after the Conv or Add (ORT fuses both into the Conv);
- `global_average_pool` is `GlobalAveragePool`, `fully_connected` a `Flatten` + `Gemm` (transB), `softmax`
  a `Div` by the temperature and `Softmax`, `resize_area` (the joined model's 240 → 224 for Lite0) two
  `MatMul`s by constant area matrices (rows, then columns), as the app's Resampler computes it;
- the manifest's outputs (logits, probabilities, embedding) are graph outputs of those names, flattened to
  (1, C) where closet's are 1×1×C.
(The TorchScript export of tools/common/closet_graph.py instead adds Transposes and explicit Pads: ORT took
10.9 ms on it against 8.2 ms on this graph, MobileNetV2, Zen 4.)

With --check-against-closet, a few real photos (the clothing set's `val`, preprocessed as the app does) run
through this graph in ORT and through closet's engine (`closet bench engine --inputs --save-outputs`), and the
largest difference relative to each output's largest magnitude is printed (fails above --tolerance). It always
runs onnx.checker and prints the node types (no Transpose, no Pad).
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file, save_file

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OPSET = 17


def area_matrix(n_in, n_out):
    """(n_out, n_in): each output the mean of the inputs it covers, partly covered ones in proportion (the taps of
    the app's Resampler, as tools/common/closet_graph.py's _area_matrix)."""
    m = np.zeros((n_out, n_in), dtype=np.float32)
    scale = n_in / n_out
    for o in range(n_out):
        lo, hi = o * scale, (o + 1) * scale
        for i in range(int(lo), min(n_in, int(-(-hi // 1)))):
            m[o, i] = max(0.0, min(hi, i + 1) - max(lo, i)) / scale
    return m


class Builder:
    def __init__(self, manifest, tensors):
        self.manifest, self.tensors = manifest, tensors
        self.nodes, self.inits = [], []
        self.rank = {manifest["input"]["name"]: 4}
        self.spatial = {manifest["input"]["name"]: (manifest["input"]["height"], manifest["input"]["width"])}

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def weight(self, name):
        return self.tensors[name].astype(np.float32)

    def activation(self, node, x, out):
        """`x` through the node's activation into `out` (an Identity-free graph: the op before writes `x`)."""
        act = node.get("activation")
        if act in (None, "none", "linear"):
            return False
        if act == "relu":
            self.nodes.append(helper.make_node("Relu", [x], [out], name=node["name"] + ".relu"))
        elif act == "relu6":
            lo, hi = self.init(node["name"] + ".clip_min", np.array(0, np.float32)), self.init(
                node["name"] + ".clip_max", np.array(6, np.float32))
            self.nodes.append(helper.make_node("Clip", [x, lo, hi], [out], name=node["name"] + ".relu6"))
        else:
            raise ValueError(f"{node['name']}: unknown activation {act}")
        return True

    def emit(self, node, op_type, inputs, **attrs):
        """The node's op writing its output, then its activation (if any) writing the manifest's tensor name."""
        out = node["output"]
        has_act = node.get("activation") not in (None, "none", "linear")
        raw = out + ".pre" if has_act else out
        self.nodes.append(helper.make_node(op_type, inputs, [raw], name=node["name"], **attrs))
        if has_act:
            self.activation(node, raw, out)

    def convolution(self, node, depthwise):
        w = self.weight(node["weights"])
        if depthwise:
            if w.ndim == 4:
                w = w[0]
            w = w.transpose(2, 0, 1)[:, None]  # HWC -> C,1,H,W
        else:
            w = w.transpose(0, 3, 1, 2)  # OHWI -> OIHW
        inputs = [node["inputs"][0], self.init(node["weights"], w)]
        if node.get("bias"):
            inputs.append(self.init(node["bias"], self.weight(node["bias"])))
        stride = node.get("stride", [1, 1])
        dilation = node.get("dilation", [1, 1])
        top, left, bottom, right = node.get("pad", [0, 0, 0, 0])
        self.emit(node, "Conv", inputs, kernel_shape=list(w.shape[2:]), strides=stride, pads=[top, left, bottom, right],
                  dilations=dilation, group=w.shape[0] if depthwise else 1)
        h, wd = self.spatial[node["inputs"][0]]
        kh, kw = (w.shape[2] - 1) * dilation[0] + 1, (w.shape[3] - 1) * dilation[1] + 1
        self.spatial[node["output"]] = ((h + top + bottom - kh) // stride[0] + 1, (wd + left + right - kw) // stride[1] + 1)
        self.rank[node["output"]] = 4

    def add(self, node):
        self.emit(node, "Add", node["inputs"][:2])
        self.rank[node["output"]] = self.rank[node["inputs"][0]]
        self.spatial[node["output"]] = self.spatial.get(node["inputs"][0])

    def flat(self, tensor):
        """`tensor` (1×C×1×1) as 1×C, one Flatten per tensor."""
        name = tensor + ".flat"
        if name not in self.rank:
            self.nodes.append(helper.make_node("Flatten", [tensor], [name], name=name, axis=1))
            self.rank[name] = 2
        return name

    def fully_connected(self, node):
        x = node["inputs"][0]
        inputs = [x if self.rank[x] == 2 else self.flat(x), self.init(node["weights"], self.weight(node["weights"]))]
        if node.get("bias"):
            inputs.append(self.init(node["bias"], self.weight(node["bias"])))
        self.emit(node, "Gemm", inputs, transB=1)
        self.rank[node["output"]] = 2

    def softmax(self, node):
        x, t = node["inputs"][0], self.manifest.get("temperature") or 1.0
        if self.rank[x] != 2:
            raise ValueError(f"{node['name']}: softmax over a spatial tensor is not written by this tool")
        scaled = x + ".tempered"
        self.nodes.append(helper.make_node("Div", [x, self.init(node["name"] + ".temperature", np.array(t, np.float32))],
                                           [scaled], name=node["name"] + ".temperature"))
        self.nodes.append(helper.make_node("Softmax", [scaled], [node["output"]], name=node["name"], axis=1))
        self.rank[node["output"]] = 2

    def resize_area(self, node):
        x = node["inputs"][0]
        (h, w), (oh, ow) = self.spatial[x], node["size"]
        rows = node["output"] + ".rows"
        self.nodes.append(helper.make_node("MatMul", [self.init(node["name"] + ".rows", area_matrix(h, oh)), x], [rows],
                                           name=node["name"] + ".rows"))
        self.nodes.append(helper.make_node("MatMul", [rows, self.init(node["name"] + ".columns", area_matrix(w, ow).T)],
                                           [node["output"]], name=node["name"] + ".columns"))
        self.rank[node["output"]], self.spatial[node["output"]] = 4, (oh, ow)

    def build(self):
        for node in self.manifest["nodes"]:
            op = node["op"]
            if op in ("conv2d", "depthwise_conv2d"):
                self.convolution(node, op == "depthwise_conv2d")
            elif op == "add":
                self.add(node)
            elif op == "global_average_pool":
                self.nodes.append(helper.make_node("GlobalAveragePool", node["inputs"][:1], [node["output"]], name=node["name"]))
                self.rank[node["output"]], self.spatial[node["output"]] = 4, (1, 1)
            elif op == "fully_connected":
                self.fully_connected(node)
            elif op == "softmax":
                self.softmax(node)
            elif op == "resize_area":
                self.resize_area(node)
            else:
                raise ValueError(f"{node['name']}: op {op} is not written by this tool (classifier graphs only)")
        outputs = []
        for key, tensor in self.manifest["outputs"].items():
            if self.rank[tensor] == 4 and self.spatial[tensor] == (1, 1):
                name = self.flat(tensor)
            elif key != tensor:
                name = key
                self.nodes.append(helper.make_node("Identity", [tensor], [name], name=f"output.{key}"))
            else:
                name = tensor
            outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
        inp = self.manifest["input"]
        x = helper.make_tensor_value_info(inp["name"], TensorProto.FLOAT, [1, inp["channels"], inp["height"], inp["width"]])
        graph = helper.make_graph(self.nodes, self.manifest["name"], [x], outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="closet manifest_to_onnx")
        model.ir_version = 8
        return onnx.shape_inference.infer_shapes(model)


def convert(manifest_path):
    path = pathlib.Path(manifest_path)
    manifest = json.loads(path.read_text())
    model = Builder(manifest, load_file(str(path.parent / manifest["weights"]))).build()
    onnx.checker.check_model(model, full_check=True)
    return manifest, model


def node_counts(model):
    return collections.Counter(n.op_type for n in model.graph.node)


def check_clean(model):
    counts = node_counts(model)
    print("node types: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    bad = {k: counts[k] for k in ("Transpose", "Pad") if counts[k]}
    if bad:
        raise SystemExit(f"not a clean graph: {bad}")


def compare_with_closet(closet, manifest_path, onnx_path, x_nhwc, tolerance):
    """Runs the NHWC inputs through closet's engine and the ONNX graph; returns {output: worst relative difference}."""
    import onnxruntime as ort
    manifest = json.loads(pathlib.Path(manifest_path).read_text())
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = pathlib.Path(tmp) / "in.safetensors", pathlib.Path(tmp) / "out.safetensors"
        save_file({f"input{i}": np.ascontiguousarray(x) for i, x in enumerate(x_nhwc)}, str(src))
        subprocess.run([str(closet), "bench", "engine", "--model", str(manifest_path), "--inputs", str(src),
                        "--save-outputs", str(dst)], check=True, capture_output=True)
        ours = load_file(str(dst))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    keys = list(manifest["outputs"])  # the graph's outputs, in the manifest's order
    worst = {}
    for i, x in enumerate(x_nhwc):
        got = dict(zip(keys, session.run(None, {manifest["input"]["name"]: x.transpose(2, 0, 1)[None]})))
        for key in keys:
            a, b = got[key].reshape(-1), ours[f"{key}{i}"].reshape(-1)
            rel = float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-12))
            worst[key] = max(worst.get(key, 0.0), rel)
    for key, rel in worst.items():
        print(f"  {key}: largest |ORT − closet| / max |closet| = {rel:.2e} over {len(x_nhwc)} photos")
    if any(rel > tolerance for rel in worst.values()):
        raise SystemExit(f"ORT's clean graph and closet's engine differ by more than {tolerance:g}")
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("out")
    ap.add_argument("--check-against-closet", metavar="CLOSET", help="a closet binary to compare outputs with")
    ap.add_argument("--photos", type=int, default=5, help="val photos for the check")
    ap.add_argument("--tolerance", type=float, default=1e-4, help="largest relative difference the check accepts")
    args = ap.parse_args()
    manifest, model = convert(args.manifest)
    onnx.save(model, args.out)
    print(f"wrote {args.out}: {manifest['name']}, input 1×3×{manifest['input']['height']}×{manifest['input']['width']}")
    check_clean(model)
    if args.check_against_closet:
        sys.path.insert(0, str(HERE))
        import photo_inputs
        x, _ = photo_inputs.split_inputs("val", manifest["input"]["height"], count=args.photos)
        compare_with_closet(args.check_against_closet, args.manifest, args.out, x, args.tolerance)


if __name__ == "__main__":
    main()

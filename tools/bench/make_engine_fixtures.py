"""Writes small whole-network fixtures for the engine's tests (Tests/InferenceTests/Fixtures/):
a tiny net that uses every operator the engine supports (3x3 stride-2 stem with TensorFlow's
asymmetric "SAME" padding, depthwise 3x3 stride 1 and 2, a 5x5 depthwise, 1x1 expand/project, a
general 5x5 conv with ReLU, residual add, global average pool, fully connected, softmax with a
temperature), its weights as safetensors, an input, and PyTorch's outputs for it.

    .venv/bin/python tools/bench/make_engine_fixtures.py
"""
import json
import pathlib
import sys

import numpy as np
import torch
from safetensors.numpy import save_file

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
import closet_graph  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/InferenceTests/Fixtures"


def samepad(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def build(h, w, seed):
    rng = np.random.default_rng(seed)
    nodes, tensors = [], {}
    shape = {"input": (h, w, 3)}

    def conv(name, src, cout, k, s, act, pad=None):
        hh, ww, cin = shape[src]
        if pad is None:
            (pt, pb), (pl, pr) = samepad(hh, k, s), samepad(ww, k, s)
            pad = [pt, pl, pb, pr]
        tensors[f"{name}.weight"] = (rng.standard_normal((cout, k, k, cin)) * (2 / (k * k * cin)) ** 0.5).astype(np.float32)
        tensors[f"{name}.bias"] = (rng.standard_normal(cout) * 0.1).astype(np.float32)
        nodes.append({"op": "conv2d", "name": name, "inputs": [src], "output": f"{name}.out", "weights": f"{name}.weight",
                      "bias": f"{name}.bias", "stride": [s, s], "pad": pad, "activation": act})
        shape[f"{name}.out"] = ((hh + pad[0] + pad[2] - k) // s + 1, (ww + pad[1] + pad[3] - k) // s + 1, cout)
        return f"{name}.out"

    def dw(name, src, k, s, act):
        hh, ww, c = shape[src]
        (pt, pb), (pl, pr) = samepad(hh, k, s), samepad(ww, k, s)
        tensors[f"{name}.weight"] = (rng.standard_normal((k, k, c)) * (2 / (k * k)) ** 0.5).astype(np.float32)
        tensors[f"{name}.bias"] = (rng.standard_normal(c) * 0.1).astype(np.float32)
        nodes.append({"op": "depthwise_conv2d", "name": name, "inputs": [src], "output": f"{name}.out", "weights": f"{name}.weight",
                      "bias": f"{name}.bias", "stride": [s, s], "pad": [pt, pl, pb, pr], "activation": act})
        shape[f"{name}.out"] = ((hh + pt + pb - k) // s + 1, (ww + pl + pr - k) // s + 1, c)
        return f"{name}.out"

    x = conv("stem", "input", 16, 3, 2, "relu6")
    y = dw("b0.dw", x, 3, 1, "relu6"); y = conv("b0.project", y, 16, 1, 1, "none")
    nodes.append({"op": "add", "name": "b0.add", "inputs": [x, y], "output": "b0.sum"}); shape["b0.sum"] = shape[x]; x = "b0.sum"
    y = conv("b1.expand", x, 40, 1, 1, "relu6"); y = dw("b1.dw", y, 3, 2, "relu6"); x = conv("b1.project", y, 20, 1, 1, "none")
    y = conv("b2.expand", x, 60, 1, 1, "relu6"); y = dw("b2.dw", y, 5, 1, "relu6"); y = conv("b2.project", y, 20, 1, 1, "none")
    nodes.append({"op": "add", "name": "b2.add", "inputs": [x, y], "output": "b2.sum", "activation": "relu"}); shape["b2.sum"] = shape[x]
    x = conv("wide", "b2.sum", 24, 5, 1, "relu", pad=[1, 2, 3, 0])
    x = conv("head", x, 36, 1, 1, "relu6")
    nodes.append({"op": "global_average_pool", "name": "pool", "inputs": [x], "output": "embedding"})
    tensors["fc.weight"] = (rng.standard_normal((7, 36)) * 0.3).astype(np.float32)
    tensors["fc.bias"] = (rng.standard_normal(7) * 0.1).astype(np.float32)
    nodes.append({"op": "fully_connected", "name": "fc", "inputs": ["embedding"], "output": "logits", "weights": "fc.weight", "bias": "fc.bias"})
    nodes.append({"op": "softmax", "name": "softmax", "inputs": ["logits"], "output": "probabilities"})
    return nodes, tensors


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (h, w, seed) in {"tiny_even": (32, 24, 1), "tiny_odd": (29, 35, 2)}.items():
        nodes, tensors = build(h, w, seed)
        manifest = {"format": "closet-cnn", "version": 1, "name": name, "weights": f"{name}.safetensors",
                    "input": {"name": "input", "height": h, "width": w, "channels": 3}, "temperature": 1.5,
                    "classes": [f"c{i}" for i in range(7)],
                    "outputs": {"logits": "logits", "probabilities": "probabilities", "embedding": "embedding"}, "nodes": nodes}
        save_file(tensors, str(OUT / f"{name}.safetensors"))
        (OUT / f"{name}.json").write_text(json.dumps(manifest, indent=1))
        model = closet_graph.load(OUT / f"{name}.json")
        x = np.random.default_rng(seed + 10).uniform(-1, 1, (1, h, w, 3)).astype(np.float32)
        with torch.no_grad():
            logits, probs, emb = model(torch.from_numpy(x))
        (OUT / f"{name}.expected.json").write_text(json.dumps({
            "input": x.reshape(-1).tolist(), "logits": logits[0].tolist(), "probabilities": probs[0].tolist(),
            "embedding": emb[0].tolist()}))
        print(f"wrote {name}: {sum(v.size for v in tensors.values())} weights")


if __name__ == "__main__":
    main()

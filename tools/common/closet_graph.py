"""The closet-cnn graph (manifest JSON + safetensors) as a PyTorch module.

One interpreter serves three tools: the engine's reference outputs (tools/bench/make_engine_fixtures.py),
the ONNX export for the side-by-side benchmark, and the trained classifier's export check.
Layout is NHWC in the manifest; PyTorch runs NCHW, so tensors are permuted at the edges.
"""
import json
import pathlib

import torch
import torch.nn.functional as F
from safetensors.torch import load_file


def _act(x, name):
    if name in (None, "none", "linear"):
        return x
    if name == "relu":
        return F.relu(x)
    if name == "relu6":
        return F.relu6(x)
    raise ValueError(f"unknown activation {name}")


class ClosetGraph(torch.nn.Module):
    def __init__(self, manifest, tensors):
        super().__init__()
        self.manifest = manifest
        self.nodes = manifest["nodes"]
        self.dropout = 0.0  # applied to the fully connected layer's input while training
        self.params = torch.nn.ParameterDict()
        for node in self.nodes:
            for key in ("weights", "bias"):
                name = node.get(key)
                if name is None:
                    continue
                t = tensors[name].float()
                if node["op"] == "conv2d" and key == "weights":
                    t = t.permute(0, 3, 1, 2).contiguous()            # OHWI -> OIHW
                elif node["op"] == "depthwise_conv2d" and key == "weights":
                    if t.dim() == 4:
                        t = t[0]
                    t = t.permute(2, 0, 1).unsqueeze(1).contiguous()  # HWC -> C,1,H,W
                self.params[name.replace(".", "__")] = torch.nn.Parameter(t, requires_grad=False)

    @property
    def input_size(self):
        """The side of the square input, which the app's preprocessing fits each photo into."""
        return self.manifest["input"]["height"]

    @property
    def member_logits(self):
        """In a joined model, the tensors the output logits add up: each member's logits, first member first."""
        out = self.manifest["outputs"]["logits"]
        return next(n["inputs"] for n in self.manifest["nodes"] if n["output"] == out)

    def _p(self, name):
        return None if name is None else self.params[name.replace(".", "__")]

    def forward(self, x_nhwc):
        values = self.run(x_nhwc)
        outs = self.manifest["outputs"]
        order = [k for k in ("logits", "probabilities", "embedding") if k in outs]
        return tuple(values[outs[k]].permute(0, 2, 3, 1).flatten(1) for k in order)

    def pooled(self, x_nhwc, names):
        """The named tensors averaged over their spatial cells (what a fine-kind head reads), by name."""
        values = self.run(x_nhwc)
        return {n: values[n].mean(dim=(2, 3)) for n in names}

    def run(self, x_nhwc):
        """Every node's output, by tensor name (NCHW)."""
        values = {self.manifest["input"]["name"]: x_nhwc.permute(0, 3, 1, 2)}
        for node in self.nodes:
            op = node["op"]
            x = values[node["inputs"][0]]
            if op in ("conv2d", "depthwise_conv2d"):
                top, left, bottom, right = node.get("pad", [0, 0, 0, 0])
                padding = (top, left)
                if (top, left) != (bottom, right):
                    # Asymmetric ("SAME" on even sizes): pad explicitly; symmetric padding stays in the conv.
                    x = F.pad(x, (left, right, top, bottom))
                    padding = (0, 0)
                groups = x.shape[1] if op == "depthwise_conv2d" else 1
                y = F.conv2d(x, self._p(node["weights"]), self._p(node.get("bias")), stride=tuple(node.get("stride", [1, 1])),
                             padding=padding, groups=groups)
                y = _act(y, node.get("activation"))
            elif op == "resize_area":
                y = resize_area(x, *node["size"])
            elif op == "add":
                y = _act(x + values[node["inputs"][1]], node.get("activation"))
            elif op == "global_average_pool":
                y = x.mean(dim=(2, 3), keepdim=True)
            elif op == "fully_connected":
                if self.training and self.dropout:
                    x = F.dropout(x, self.dropout)
                y = F.linear(x.flatten(1), self._p(node["weights"]), self._p(node.get("bias")))
                y = _act(y, node.get("activation"))[:, :, None, None]
            elif op == "softmax":
                t = self.manifest.get("temperature") or 1.0
                y = torch.softmax(x / t, dim=1)
            else:
                raise ValueError(f"unsupported op {op}")
            values[node["output"]] = y
        return values


def _area_matrix(n_in, n_out):
    """(n_out, n_in) weights of an area (box) resize, each output the mean of the inputs it covers, partly
    covered ones in proportion: the taps of the app's Resampler (tools/train/preprocess.py `taps`)."""
    m = torch.zeros(n_out, n_in, dtype=torch.float32)
    scale = n_in / n_out
    for o in range(n_out):
        lo, hi = o * scale, (o + 1) * scale
        for i in range(int(lo), min(n_in, int(-(-hi // 1)))):
            m[o, i] = max(0.0, min(hi, i + 1) - max(lo, i)) / scale
    return m


def resize_area(x, height, width):
    """NCHW `x` resized to height x width by area averaging: rows first, then columns, as the app's Resampler."""
    rows = torch.einsum("oh,nchw->ncow", _area_matrix(x.shape[2], height), x)
    return torch.einsum("pw,nchw->nchp", _area_matrix(x.shape[3], width), rows)


def load(manifest_path):
    path = pathlib.Path(manifest_path)
    manifest = json.loads(path.read_text())
    tensors = load_file(str(path.parent / manifest["weights"]))
    return ClosetGraph(manifest, tensors).eval()

"""Reads the ImageNet MobileNetV2 TFLite file (int8 weights, per-channel scales, batch norm folded,
ReLU6 fused) into closet's graph format: a manifest dict and float32 tensors.

Dequantisation: weight = int8 * scale[channel]; bias = int32 * scale[channel] (the bias scale is
input_scale * weight_scale, stored with the bias tensor). "SAME" padding becomes explicit per-side
padding from the actual input size, so stride-2 layers pad bottom/right only, as TensorFlow does.
Node names match the Swift `MobileNetV2.manifest()` builder.
"""
import numpy as np
import tflite


def _samepad(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _opname(model, op):
    code = model.OperatorCodes(op.OpcodeIndex())
    builtin = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
    return {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}[builtin]


def _tensor(model, graph, index):
    t = graph.Tensors(index)
    data = model.Buffers(t.Buffer()).DataAsNumpy()
    q = t.Quantization()
    dtype = {tflite.TensorType.INT8: np.int8, tflite.TensorType.INT32: np.int32, tflite.TensorType.FLOAT32: np.float32}[t.Type()]
    values = np.frombuffer(np.asarray(data).tobytes(), dtype=dtype).reshape(t.ShapeAsNumpy())
    if dtype == np.float32:
        return values.astype(np.float32)
    scale = q.ScaleAsNumpy().astype(np.float64)
    zero = q.ZeroPointAsNumpy().astype(np.int64) if q.ZeroPointLength() else np.zeros_like(scale, dtype=np.int64)
    axis = q.QuantizedDimension()
    shape = [1] * values.ndim
    shape[axis] = -1
    return ((values.astype(np.int64) - zero.reshape(shape)) * scale.reshape(shape)).astype(np.float32)


def _activation(options_fused):
    return {tflite.ActivationFunctionType.NONE: "none", tflite.ActivationFunctionType.RELU: "relu",
            tflite.ActivationFunctionType.RELU6: "relu6"}[options_fused]


def load(path, size=224):
    buf = open(path, "rb").read()
    model = tflite.Model.GetRootAsModel(buf, 0)
    graph = model.Subgraphs(0)
    names = {graph.Inputs(0): "input"}
    spatial = {"input": size}
    nodes, tensors = [], {}
    block, step = -1, None   # block counter for naming; step within a block
    convs_seen = 0
    for i in range(graph.OperatorsLength()):
        op = graph.Operators(i)
        kind = _opname(model, op)
        ins = [op.Inputs(j) for j in range(op.InputsLength())]
        out = op.Outputs(0)
        if kind == "QUANTIZE" and i == 0:
            names[out] = "input"
            continue
        if kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            tname = graph.Tensors(out).Name().decode()
            src = names[ins[0]]
            w = _tensor(model, graph, ins[1])
            b = _tensor(model, graph, ins[2])
            if kind == "CONV_2D":
                opt = tflite.Conv2DOptions()
            else:
                opt = tflite.DepthwiseConv2DOptions()
            table = op.BuiltinOptions()
            opt.Init(table.Bytes, table.Pos)
            stride = opt.StrideH()
            k = w.shape[1]
            if opt.Padding() == tflite.Padding.SAME:
                before, after = _samepad(spatial[src], k, stride)
            else:
                before, after = 0, 0
            # Name the node like the Swift builder.
            if "Conv2d_0" in tname:
                name = "stem"
            elif "/expand/" in tname:
                name = f"block{block + 1}.expand"; block += 1; step = "expand"
            elif "/depthwise/" in tname:
                if step != "expand":
                    block += 1
                name = f"block{block}.depthwise"; step = "depthwise"
            elif "/project/" in tname:
                name = f"block{block}.project"; step = "project"
            elif "Conv2d_1x1" in tname or "Logits" in tname:
                name = "imagenet"
            else:
                name = "head"
            outname = f"{name}.out"
            if name == "imagenet":
                # 1×1 conv on the pooled 1×1 map: a fully connected layer.
                tensors["classifier.weight"] = w.reshape(w.shape[0], -1)
                tensors["classifier.bias"] = b
                nodes.append({"op": "fully_connected", "name": "classifier", "inputs": [src], "output": "logits",
                              "weights": "classifier.weight", "bias": "classifier.bias"})
                names[out] = "logits"
                continue
            wt = w[0] if kind == "DEPTHWISE_CONV_2D" else w   # [1,kh,kw,C] -> [kh,kw,C]
            tensors[f"{name}.weight"] = wt
            tensors[f"{name}.bias"] = b
            nodes.append({"op": "conv2d" if kind == "CONV_2D" else "depthwise_conv2d", "name": name, "inputs": [src],
                          "output": outname, "weights": f"{name}.weight", "bias": f"{name}.bias",
                          "stride": [stride, stride], "pad": [before, before, after, after],
                          "activation": _activation(opt.FusedActivationFunction())})
            names[out] = outname
            spatial[outname] = (spatial[src] + stride - 1) // stride
        elif kind == "ADD":
            a, b2 = names[ins[0]], names[ins[1]]
            opt = tflite.AddOptions(); table = op.BuiltinOptions(); opt.Init(table.Bytes, table.Pos)
            outname = f"block{block}.sum"
            nodes.append({"op": "add", "name": f"block{block}.add", "inputs": [a, b2], "output": outname,
                          "activation": _activation(opt.FusedActivationFunction())})
            names[out] = outname
            spatial[outname] = spatial[a]
        elif kind == "MEAN":
            nodes.append({"op": "global_average_pool", "name": "pool", "inputs": [names[ins[0]]], "output": "embedding"})
            names[out] = "embedding"
            spatial["embedding"] = 1
        elif kind == "RESHAPE":
            names[out] = names[ins[0]]
        elif kind == "SOFTMAX":
            nodes.append({"op": "softmax", "name": "softmax", "inputs": [names[ins[0]]], "output": "probabilities"})
            names[out] = "probabilities"
        elif kind == "QUANTIZE":
            names[out] = names[ins[0]]
        else:
            raise ValueError(f"unexpected operator {kind}")
    manifest = {
        "format": "closet-cnn", "version": 1, "name": "mobilenet_v2_1.0_224_imagenet", "weights": "model.safetensors",
        "input": {"name": "input", "height": size, "width": size, "channels": 3},
        "preprocess": {"size": size, "scale": 1 / 127.5, "offset": -1.0, "pad": 255},
        "outputs": {"logits": "logits", "probabilities": "probabilities", "embedding": "embedding"},
        "nodes": nodes,
    }
    return manifest, tensors

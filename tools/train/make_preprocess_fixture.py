"""Writes Tests/ImagingTests/Fixtures/preprocess_fixture.json: a random image and the tensor
preprocess.model_input computes for it, so the Swift test can check the app does the same."""
import json
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import preprocess  # noqa: E402

rng = np.random.default_rng(7)
image = rng.integers(0, 256, size=(53, 37, 3), dtype=np.uint8)
size = 24
tensor = preprocess.model_input(image, size=size).reshape(-1)
indices = sorted(set(int(i) for i in rng.integers(0, tensor.size, size=60)) | {0, tensor.size - 1, tensor.size // 2})
out = {
    "width": 37, "height": 53, "size": size, "pixels": image.reshape(-1).tolist(),
    "checksum": [float(tensor.astype(np.float64).sum())],
    "samples": [[i, float(tensor[i])] for i in indices],
}
target = pathlib.Path(__file__).resolve().parents[2] / "Tests/ImagingTests/Fixtures/preprocess_fixture.json"
target.write_text(json.dumps(out))
print(f"wrote {target}")

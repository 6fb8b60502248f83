"""Joins two trained networks of different backbones into one graph whose logits are the sum of theirs
(an ensemble that closet's engine runs as one network), chooses on `val` between each alone and the
sum, calibrates the choice's temperature on `val`, reports `test`, and exports it like train.py does.

    .venv/bin/python tools/train/ensemble.py MEMBER_A MEMBER_B --out models/clothing \
        --fixture Tests/ClassifierTests/Fixtures/ensemble_fixture.json

Members are train.py or soup.py output folders (manifest.json, model.safetensors, metrics.json) with the
same input, preprocessing and classes. The first member keeps its tensor names, so its embedding (what
the wardrobe stores for k-NN and `closet similar`), its class activation map and the fine-kind heads'
taps are unchanged; every tensor of the second is prefixed with its backbone's short name. Weights are
copied as they are (fp16), not trained again. Two networks of different families err differently,
which is why their sum beats either, where averaging runs of one backbone (soup.py) or ensembling seven
of them did not reach it.
"""
import argparse
import json
import pathlib
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import train  # noqa: E402
from safetensors.numpy import load_file, save_file  # noqa: E402


def short_name(manifest):
    name = manifest["name"]
    return "lite0" if "lite0" in name else "mobilenetv2" if "mobilenet" in name else "member"


def merge(a, b):
    """One manifest and tensor set computing logits = logits_a + logits_b. a and b: (manifest, tensors)."""
    (ma, ta), (mb, tb) = a, b
    for key in ("input", "preprocess", "classes", "spans"):
        assert ma.get(key) == mb.get(key), f"the members differ in {key}"
    source = ma["input"]["name"]
    prefix = short_name(mb) + "."
    assert prefix != short_name(ma) + ".", "the members must be different backbones"
    logits_a, logits_b = short_name(ma) + ".logits", prefix + mb["outputs"]["logits"]
    nodes = [dict(n, output=logits_a) if n["output"] == ma["outputs"]["logits"] else n for n in ma["nodes"] if n["op"] != "softmax"]
    tensors = dict(ta)
    for n in mb["nodes"]:
        if n["op"] == "softmax":
            continue
        n = dict(n, name=prefix + n["name"], output=prefix + n["output"],
                 inputs=[i if i == source else prefix + i for i in n["inputs"]])
        for key in ("weights", "bias"):
            if n.get(key):
                tensors[prefix + n[key]] = tb[n[key]]
                n[key] = prefix + n[key]
        nodes.append(n)
    nodes.append({"op": "add", "name": "ensemble", "inputs": [logits_a, logits_b], "output": "logits"})
    nodes.append({"op": "softmax", "name": "softmax", "inputs": ["logits"], "output": "probabilities"})
    manifest = {k: v for k, v in ma.items() if k not in ("nodes", "temperature", "outputs", "name")}
    manifest["name"] = f"{ma['name']}+{short_name(mb)}"
    manifest["members"] = [ma["name"], mb["name"]]
    manifest["nodes"] = nodes
    manifest["outputs"] = {"logits": "logits", "probabilities": "probabilities", "embedding": ma["outputs"]["embedding"]}
    return manifest, tensors


def write_fixture(manifest_path, path):
    """Each member's logits and their sum for a few synthetic images, computed by PyTorch on the joined graph:
    Tests/ClassifierTests/EnsembleTests.swift checks that the engine computes the same."""
    from fine_kinds import synthetic
    from preprocess import model_input
    joined = closet_graph.load(manifest_path)
    members = joined.member_logits
    images = []
    for seed in range(3):
        with torch.no_grad():
            values = joined.run(torch.from_numpy(model_input(synthetic(seed), joined.input_size)[None]))
        logits = {name: [round(float(v), 5) for v in values[name].flatten()] for name in members + ["logits"]}
        images.append({"seed": seed, "width": 150, "height": 210, "logits": logits})
    pathlib.Path(path).write_text(json.dumps({"images": images}, indent=1) + "\n")


def graph(manifest, tensors):
    return closet_graph.ClosetGraph(dict(manifest), {k: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()}).eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("members", nargs=2)
    ap.add_argument("--out", default=str(HERE.parents[1] / "models/clothing"))
    ap.add_argument("--fixture", help="also write the engine's parity fixture here")
    ap.add_argument("--fixture-only", action="store_true", help="write the fixture from the model already in --out")
    args = ap.parse_args()
    if args.fixture_only:
        write_fixture(pathlib.Path(args.out) / "manifest.json", args.fixture)
        return
    start = time.time()
    torch.set_num_threads(2)
    folders = [pathlib.Path(m) for m in args.members]
    loaded = []
    for f in folders:
        manifest = json.loads((f / "manifest.json").read_text())
        loaded.append((manifest, load_file(str(f / manifest["weights"]))))
    reports = [json.loads((f / "metrics.json").read_text()) for f in folders]
    val, test = train.load_split("val"), train.load_split("test")
    val_images, test_images = train.decode_all(val, "decode val"), train.decode_all(test, "decode test")
    val_y = torch.tensor([y for _, y in val]); test_y = torch.tensor([y for _, y in test])

    a, b = ((train.predict(model, val_images)[0], train.predict(model, test_images)[0]) for model in (graph(*m) for m in loaded))
    candidates = {str(folders[0]): a, str(folders[1]): b, "sum": (a[0] + b[0], a[1] + b[1])}
    tried = []
    for name, (v, _) in candidates.items():
        m = train.metrics(F.softmax(v, 1), val_y)
        tried.append({"network": name, "val_accuracy": m["accuracy"], "val_accuracy_ten": m["accuracy_ten_largest"],
                      "val_macro_f1": m["macro_f1"]})
        print(json.dumps(tried[-1]), flush=True)
    chosen = max(tried, key=lambda t: t["val_accuracy"])["network"]
    out = pathlib.Path(args.out)
    if chosen != "sum":
        print(f"{chosen} alone is better on val: nothing joined; export it with its own tool", flush=True)
        return
    manifest, tensors = merge(*loaded)
    first = loaded[0][0]
    manifest["embeddingModel"] = first.get("embeddingModel") or train.embedding_model(first["name"], folders[0] / first["weights"])
    val_logits, test_logits = candidates["sum"]
    member_reports = []
    for f, (m, _), r, (_, t) in zip(folders, loaded, reports, (a, b)):
        alone = train.metrics(F.softmax(t, 1), test_y)
        member_reports.append({"folder": str(f), "name": m["name"], "metrics": r,
                               "test": {k: alone[k] for k in ("accuracy", "accuracy_ten_largest", "macro_f1")}})
    report = {
        "ensemble": {"members": member_reports, "tried": tried, "combine": "sum of logits"},
        "best_val_accuracy": max(t["val_accuracy"] for t in tried), **train.calibrated(val_logits, val_y, test_logits, test_y),
        "minutes": (time.time() - start) / 60,
    }
    manifest["temperature"] = report["temperature"]
    out.mkdir(parents=True, exist_ok=True)
    staging = out / "model.safetensors.tmp"
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(staging), metadata={"format": "closet-cnn"})
    shutil.move(staging, out / manifest["weights"])
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    (out / "metrics.json").write_text(json.dumps(report, indent=1))
    # The joined graph must compute exactly the members' sum.
    joined = closet_graph.load(out / "manifest.json")
    x = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (2, 224, 224, 3)).astype(np.float32))
    with torch.no_grad():
        want = graph(*loaded[0])(x)[0] + graph(*loaded[1])(x)[0]
        got = joined(x)[0]
    print(f"export check: max |logit difference| joined vs members' sum = {(want - got).abs().max().item():.2e}")
    if args.fixture:
        write_fixture(out / "manifest.json", args.fixture)
    print(f"sum of {', '.join(str(f) for f in folders)}: {train.summary(report)}")


if __name__ == "__main__":
    main()

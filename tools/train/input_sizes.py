"""Scores a model on `val` at several input sizes (trained at 224, tested larger, as FixRes does), with the app's
decode and preprocessing at each size. Only `val`: a size chosen here is then reported on `test` once.

    .venv/bin/python tools/train/input_sizes.py [--model models/clothing/manifest.json] 224 232 240 248 256
    .venv/bin/python tools/train/input_sizes.py --members 224 240     # each member of a joined model apart

With `--write SIZE`, the joined model in `--model`'s folder takes photos at SIZE while the members named in
`--keep` (`lite0=224`) read them at their own size through an area resize inside the graph (`resize_area`): one
preprocessed photo, each member at the size it does best at for its cost. The temperature is fitted again on
`val`, `test` is reported in `metrics.json`, and the parity fixture is written again with `--fixture`.

    .venv/bin/python tools/train/input_sizes.py --write 240 --keep lite0=224 \\
        --fixture Tests/ClassifierTests/Fixtures/ensemble_fixture.json
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import ensemble  # noqa: E402
import preprocess  # noqa: E402
import train  # noqa: E402


def logits(model, items, size, names=None):
    """The model's logits (or the named tensors') for (path, class) items, decoded and preprocessed as the app does."""
    out = []
    with torch.no_grad():
        for i in range(0, len(items), 32):
            x = torch.from_numpy(np.stack([preprocess.model_input(preprocess.load_upright(p, size), size)
                                           for p, _ in items[i:i + 32]]))
            if names is None:
                out.append(model(x)[0])
            else:
                values = model.run(x)
                out.append(torch.stack([values[n].flatten(1) for n in names]))
    return torch.cat(out, dim=0 if names is None else 1)


def report(label, z, y):
    m = train.metrics(F.softmax(z, 1), y)
    print(f"{label}: val accuracy {m['accuracy']:.4f} ({round(m['accuracy'] * len(y))} of {len(y)}), "
          f"ten largest {m['accuracy_ten_largest']:.4f}, macro-F1 {m['macro_f1']:.4f}", flush=True)
    return m


def with_member_sizes(manifest, size, keep):
    """The manifest taking photos at `size`, each member prefix in `keep` reading an area-resized copy at its size."""
    m = json.loads(json.dumps(manifest))
    source = m["input"]["name"]
    assert not any(n["op"] == "resize_area" for n in m["nodes"]), "the model already resizes inside the graph"
    m["input"]["height"] = m["input"]["width"] = size
    m["preprocess"]["size"] = size
    for prefix, own in keep.items():
        resized = f"{prefix}.input"
        readers = [i for i, n in enumerate(m["nodes"]) if n["name"].startswith(prefix + ".") and source in n["inputs"]]
        assert readers, f"no node of {prefix} reads the input"
        for i in readers:
            m["nodes"][i]["inputs"] = [resized if x == source else x for x in m["nodes"][i]["inputs"]]
        m["nodes"].insert(readers[0], {"op": "resize_area", "name": f"{prefix}.resize", "inputs": [source],
                                       "output": resized, "size": [own, own]})
    sizes = ", ".join(f"{p} {s}" for p, s in keep.items())
    m["name"] = f"{manifest['name']} (input {size}; {sizes})"
    # The first member's embedding changes with its input: stored ones are computed again.
    m["embeddingModel"] = f"{manifest['embeddingModel']}@{size}"
    return m


def write(args, model, val, y):
    folder = pathlib.Path(args.model).parent
    keep = dict((k, int(v)) for k, v in (item.split("=") for item in args.keep))
    manifest = with_member_sizes(model.manifest, args.write, keep)
    joined = closet_graph.ClosetGraph(manifest, closet_graph.load_file(str(folder / manifest["weights"]))).eval()
    test = train.load_split("test")
    test_y = torch.tensor([c for _, c in test])
    val_z, test_z = logits(joined, val, args.write), logits(joined, test, args.write)
    m = report(f"{args.write}, {', '.join(args.keep)}", val_z, y)
    metrics = json.loads((folder / "metrics.json").read_text())
    # The figures of the model at one size stay beside the new ones, for the card.
    before = {"size": model.input_size, "val_accuracy": metrics["best_val_accuracy"],
              "temperature": metrics["temperature"], "ece_test_after": metrics["ece_test_after"],
              "test": {k: metrics["test"][k] for k in ("accuracy", "accuracy_ten_largest", "macro_f1")}}
    metrics.update(train.calibrated(val_z, y, test_z, test_y))
    metrics["best_val_accuracy"] = m["accuracy"]
    metrics["input"] = {"size": args.write, "members": keep, "before": before,
                        "val_accuracy": m["accuracy"], "val_accuracy_ten": m["accuracy_ten_largest"],
                        "val_macro_f1": m["macro_f1"]}
    manifest["temperature"] = metrics["temperature"]
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1))
    print(f"wrote {folder}/manifest.json and metrics.json: {train.summary(metrics)}")
    if args.fixture:
        ensemble.write_fixture(folder / "manifest.json", args.fixture)
        print(f"wrote {args.fixture}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int)
    ap.add_argument("--model", default=str(HERE.parents[1] / "models/clothing/manifest.json"))
    ap.add_argument("--members", action="store_true", help="score each member of a joined model, and the sums across sizes")
    ap.add_argument("--write", type=int, metavar="SIZE", help="make the model take photos at SIZE (see above)")
    ap.add_argument("--keep", nargs="*", default=["lite0=224"], help="PREFIX=SIZE: members that keep their own size")
    ap.add_argument("--fixture", help="with --write: the engine's parity fixture to write again")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model = closet_graph.load(args.model)
    model.eval()
    val = train.load_split("val")
    y = torch.tensor([c for _, c in val])
    if args.write:
        write(args, model, val, y)
        return
    if args.members:
        members = model.member_logits
        by_size = {size: logits(model, val, size, members) for size in args.sizes}
        for size, z in by_size.items():
            for name, member in zip(members, z):
                report(f"{name} at {size}", member, y)
        for a in args.sizes:
            for b in args.sizes:
                report(f"{members[0]} at {a} + {members[1]} at {b}", by_size[a][0] + by_size[b][1], y)
        return
    for size in args.sizes:
        report(str(size), logits(model, val, size), y)


if __name__ == "__main__":
    main()

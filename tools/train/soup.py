"""Averages the weights of fine-tuned runs of the same backbone (a "model soup"), chooses the mix on
`val`, calibrates its temperature on `val`, reports `test`, and exports it like train.py does.

    .venv/bin/python tools/train/soup.py RUN_A RUN_B [--mix 0,0.3,0.5,0.7,1] --out models/clothing
    .venv/bin/python tools/train/soup.py RUN_A RUN_B RUN_C ... [--uniform] --out models/clothing

Runs are train.py output folders (manifest.json, model.safetensors, metrics.json). With two runs,
`--mix` lists the shares of the second to try. With more, a greedy soup: the runs in order of their own
val accuracy, each kept in the (uniform) average only if it raises val accuracy. `--uniform` averages
all runs equally, with no choice made on val.
Averaging costs nothing at inference (one network), unlike an ensemble.
"""
import argparse
import json
import pathlib
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import train  # noqa: E402
from safetensors.numpy import load_file  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--mix", default="0,0.3,0.5,0.7,1", help="with two runs: shares of the second to try (chosen on val)")
    ap.add_argument("--uniform", action="store_true", help="average all runs equally (no choice on val)")
    ap.add_argument("--out", default=str(HERE.parents[1] / "models/clothing"))
    args = ap.parse_args()
    start = time.time()
    torch.set_num_threads(2)
    runs = [pathlib.Path(r) for r in args.runs]
    assert len(runs) >= 2, "a soup needs two runs or more"
    weights = [load_file(str(r / "model.safetensors")) for r in runs]
    ingredients = [json.loads((r / "metrics.json").read_text()) for r in runs]
    manifest = json.loads((runs[0] / "manifest.json").read_text())
    manifest.pop("temperature", None)
    manifest.pop("embeddingModel", None)  # the soup's own, set by export
    assert all(set(w) == set(weights[0]) for w in weights), "the runs must be the same network"
    val, test = train.load_split("val"), train.load_split("test")
    val_images, test_images = train.decode_all(val, "decode val"), train.decode_all(test, "decode test")
    val_y = torch.tensor([y for _, y in val]); test_y = torch.tensor([y for _, y in test])

    def soup(shares):
        tensors = {k: torch.from_numpy(sum(w[k].astype(np.float32) * s for w, s in zip(weights, shares) if s))
                   for k in weights[0]}
        return closet_graph.ClosetGraph(dict(manifest), tensors).eval()

    tried = []

    def evaluate(shares):
        logits, _ = train.predict(soup(shares), val_images)
        m = train.metrics(F.softmax(logits, 1), val_y)
        tried.append({"shares": [round(s, 4) for s in shares], "val_accuracy": m["accuracy"],
                      "val_accuracy_ten": m["accuracy_ten_largest"], "val_macro_f1": m["macro_f1"]})
        print(json.dumps(tried[-1]), flush=True)
        return m["accuracy"]

    method = "uniform" if args.uniform else "shares" if len(runs) == 2 else "greedy"
    if method == "uniform":
        best = tuple(1 / len(runs) for _ in runs)
        evaluate(best)
    elif method == "shares":
        best = max(((1 - mix, mix) for mix in map(float, args.mix.split(","))), key=lambda sh: (evaluate(sh), -sh[1]))
    else:
        alone = [evaluate(tuple(1.0 if j == i else 0.0 for j in range(len(runs)))) for i in range(len(runs))]
        order = sorted(range(len(runs)), key=lambda i: -alone[i])
        kept, score = [order[0]], alone[order[0]]
        for i in order[1:]:
            trial = kept + [i]
            value = evaluate(tuple(1 / len(trial) if j in trial else 0.0 for j in range(len(runs))))
            if value > score:
                kept, score = trial, value
        best = tuple(1 / len(kept) if j in kept else 0.0 for j in range(len(runs)))
    best = (best, max(t["val_accuracy"] for t in tried if t["shares"] == [round(s, 4) for s in best]))
    model = soup(best[0])
    val_logits, _ = train.predict(model, val_images)
    test_logits, _ = train.predict(model, test_images)
    report = {
        "soup": {"runs": [str(r) for r in runs], "shares": list(best[0]), "tried": tried,
                 "method": method,
                 "ingredients": [{"arguments": i.get("arguments", {"epochs": i["epochs"], "seed": i["seed"]}), "epochs": i["epochs"],
                                  "seed": i["seed"], "history": i["history"], "selected": i.get("selected"), "minutes": i["minutes"],
                                  "best_val_accuracy": i["best_val_accuracy"], "test": {k: i["test"][k] for k in ("accuracy", "accuracy_ten_largest", "macro_f1")}}
                                 for i in ingredients]},
        "epochs": ingredients[1]["epochs"], "seed": ingredients[1]["seed"], "history": [],
        "best_val_accuracy": best[1], **train.calibrated(val_logits, val_y, test_logits, test_y),
        "minutes": sum(i["minutes"] for i in ingredients) + (time.time() - start) / 60,
    }
    train.export(model, report["temperature"], pathlib.Path(args.out), report)
    print(f"soup of {', '.join(r.name for r in runs)} with shares {best[0]}: {train.summary(report)}")


if __name__ == "__main__":
    main()

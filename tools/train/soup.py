"""Averages the weights of two fine-tuned runs of the same backbone (a "model soup"), chooses the mix
on `val`, calibrates its temperature on `val`, reports `test`, and exports it like train.py does.

    .venv/bin/python tools/train/soup.py RUN_A RUN_B [--mix 0.3,0.5,0.7] --out models/clothing

RUN_A and RUN_B are train.py output folders (manifest.json, model.safetensors, metrics.json).
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
    ap.add_argument("a"); ap.add_argument("b")
    ap.add_argument("--mix", default="0.3,0.5,0.7", help="shares of RUN_B to try (chosen on val)")
    ap.add_argument("--out", default=str(HERE.parents[1] / "models/clothing"))
    args = ap.parse_args()
    start = time.time()
    torch.set_num_threads(2)
    runs = [pathlib.Path(args.a), pathlib.Path(args.b)]
    weights = [load_file(str(r / "model.safetensors")) for r in runs]
    ingredients = [json.loads((r / "metrics.json").read_text()) for r in runs]
    manifest = json.loads((runs[0] / "manifest.json").read_text())
    manifest.pop("temperature", None)
    assert set(weights[0]) == set(weights[1]), "the two runs must be the same network"
    val, test = train.load_split("val"), train.load_split("test")
    val_images, test_images = train.decode_all(val, "decode val"), train.decode_all(test, "decode test")
    val_y = torch.tensor([y for _, y in val]); test_y = torch.tensor([y for _, y in test])

    def soup(mix):
        tensors = {k: torch.from_numpy(weights[0][k].astype(np.float32) * (1 - mix) + weights[1][k].astype(np.float32) * mix)
                   for k in weights[0]}
        return closet_graph.ClosetGraph(dict(manifest), tensors).eval()

    tried = []
    best = None
    for mix in [float(m) for m in args.mix.split(",")]:
        logits, _ = train.predict(soup(mix), val_images)
        m = train.metrics(F.softmax(logits, 1), val_y)
        tried.append({"mix": mix, "val_accuracy": m["accuracy"], "val_accuracy_ten": m["accuracy_ten_largest"], "val_macro_f1": m["macro_f1"]})
        print(json.dumps(tried[-1]), flush=True)
        if best is None or m["accuracy"] > best[1]:
            best = (mix, m["accuracy"])
    model = soup(best[0])
    val_logits, _ = train.predict(model, val_images)
    temperature = train.fit_temperature(val_logits, val_y)
    test_logits, _ = train.predict(model, test_images)
    calibrated = F.softmax(test_logits / temperature, 1)
    report = {
        "soup": {"runs": [str(r) for r in runs], "mix": best[0], "tried": tried,
                 "ingredients": [{"arguments": i.get("arguments", {"epochs": i["epochs"], "seed": i["seed"]}), "epochs": i["epochs"],
                                  "seed": i["seed"], "history": i["history"], "selected": i.get("selected"), "minutes": i["minutes"],
                                  "best_val_accuracy": i["best_val_accuracy"], "test": {k: i["test"][k] for k in ("accuracy", "accuracy_ten_largest", "macro_f1")}}
                                 for i in ingredients]},
        "epochs": ingredients[1]["epochs"], "seed": ingredients[1]["seed"], "history": [],
        "best_val_accuracy": best[1], "temperature": temperature, "test": train.metrics(calibrated, test_y),
        "ece_test_before": train.ece(F.softmax(test_logits, 1), test_y), "ece_test_after": train.ece(calibrated, test_y),
        "ece_val_after": train.ece(F.softmax(val_logits / temperature, 1), val_y),
        "minutes": sum(i["minutes"] for i in ingredients) + (time.time() - start) / 60,
    }
    train.export(model, temperature, pathlib.Path(args.out), report)
    t = report["test"]
    print(f"soup of {runs[0].name} and {runs[1].name} at {best[0]}: test accuracy {t['accuracy']:.3f}, ten largest "
          f"{t['accuracy_ten_largest']:.3f}, macro-F1 {t['macro_f1']:.3f}, T={temperature:.2f}, "
          f"ECE {report['ece_test_before']:.3f} -> {report['ece_test_after']:.3f}")


if __name__ == "__main__":
    main()

"""Writes models/README.md (the model card) from models/clothing/metrics.json.

    .venv/bin/python tools/train/model_card.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULTS = {"batch": 32, "lr": 1e-3, "min_scale": 0.75, "dropout": 0.0, "ema": 0.0, "freeze_until": ""}


def command_options(m):
    """The training command's options that differ from train.py's defaults (seed and epochs always)."""
    args = m.get("arguments", {})
    out = [f"--epochs {m['epochs']}", f"--seed {m['seed']}"]
    for key, default in DEFAULTS.items():
        if key in args and args[key] != default:
            out.append(f"--{key.replace('_', '-')} {args[key]}")
    return " ".join(out)


m = json.loads((ROOT / "models/clothing/metrics.json").read_text())
test = m["test"]
classes = test["classes"]
lines = [
    "# closet clothing classifier (model card)",
    "",
    "`models/clothing/`: `manifest.json` (the graph, classes, preprocessing, calibration temperature) and",
    "`model.safetensors` (fp16 weights, read by closet's own engine). The ONNX export of the same network for",
    "the side-by-side benchmark is made on the fly by `tools/bench/engine_vs_onnxruntime.py --model models/clothing/manifest.json`.",
    "",
    "## What it is",
    "MobileNetV2 1.0/224 (ImageNet, from `tf2_mobilenet_v2_1.0_224_ptq.tflite`: int8 weights dequantised per channel,",
    "batch norm folded, ReLU6 fused, TensorFlow SAME padding kept as explicit per-side padding), fine-tuned end to end",
    f"into {len(classes)} clothing categories: {', '.join(classes)}. The 1280-d pooled feature is the embedding",
    "closet stores for each photo (k-NN over the user's confirmed items, `closet similar`).",
    "",
    "## Data and licences",
    "- Training data: the public \"clothing-dataset\" by Alexey Grigorev, CC0 1.0 (4,598 photos here, read from",
    "  `../shared/datasets/clothing`, never committed). Splits are by contributor: `test` photos come from people the",
    "  model never saw. Labels map to app categories with the fixed table in `tools/train/labels.py`",
    "  (Body, Not sure, Other, Skip left out).",
    "- Backbone: TensorFlow's MobileNetV2, Apache License 2.0.",
    "",
    "## Training (reproducible)",
    "```",
    ".venv/bin/python tools/train/train.py " + command_options(m) + " --out models/clothing",
    ".venv/bin/python tools/train/model_card.py",
    "```",
    f"CPU only (2 cores): {m['minutes']:.0f} minutes. Preprocessing is the app's (`tools/train/preprocess.py`, pinned to",
    "`Sources/Imaging/ModelInput.swift` by a test); augmentation: crops, flips, colour jitter, ±10° rotation.",
    "AdamW with one-cycle schedule, label smoothing 0.1"
    + (", dropout before the classifier" if m.get("arguments", {}).get("dropout") else "")
    + (", the stem and first blocks kept frozen (`--freeze-until`)" if m.get("arguments", {}).get("freeze_until") else "")
    + ("; each epoch is evaluated with the trained weights and with their exponential moving average (EMA)"
       if m.get("arguments", {}).get("ema") else "")
    + f"; the best on `val` is kept ({m.get('selected', 'epoch with the best val accuracy')}).",
    "",
    "| epoch | weights | train loss | val accuracy | val acc. (ten largest) | val macro-F1 |",
    "|---|---|---|---|---|---|",
]
for h in m["history"]:
    lines.append(f"| {h['epoch']} | {h.get('weights', 'weights')} | {h['train_loss']:.3f} | {h['val_accuracy']:.3f} | "
                 f"{h['val_accuracy_ten']:.3f} | {h['val_macro_f1']:.3f} |")
lines += [
    "",
    "## Quality on `test`",
    f"- Accuracy over the ten largest categories: **{test['accuracy_ten_largest']:.3f}** (target 0.90; a linear probe on frozen",
    "  ImageNet features reaches 0.82; the cloud reference reached precision 0.77, recall 0.76)",
    f"- Accuracy over all mapped categories: {test['accuracy']:.3f}",
    f"- Macro-F1 over all mapped categories: {test['macro_f1']:.3f}",
    "",
    "| category | precision | recall | F1 | photos |",
    "|---|---|---|---|---|",
]
for c in classes:
    s = test["per_category"][c]
    lines.append(f"| {c} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
lines += ["", "Confusion matrix (rows: truth, columns: predicted):", "", "| | " + " | ".join(c[:6] for c in classes) + " |",
          "|---" * (len(classes) + 1) + "|"]
for i, c in enumerate(classes):
    lines.append(f"| {c} | " + " | ".join(str(v) for v in test["confusion"][i]) + " |")
lines += [
    "",
    "## Calibration",
    f"Temperature scaling fitted on `val`: T = {m['temperature']:.3f} (stored in the manifest; the engine's softmax divides by it).",
    f"Expected calibration error (15 bins) on `test`: {m['ece_test_before']:.3f} before, {m['ece_test_after']:.3f} after.",
    "closet sets a category automatically at confidence ≥ 0.6 and marks the item \"needs review\" below that.",
    "",
    "## Limits",
    "- Categories the dataset lacks (jeans vs long pants, long vs short skirt, coat/parka/padded, cardigan, sweater,",
    "  vest, training wear, bags, accessories) are not predicted by the model; the k-NN over the user's confirmed",
    "  items learns them from a few corrections.",
    "- Photos of single garments, as in the dataset; worn clothes and busy scenes are out of distribution.",
]
(ROOT / "models/README.md").write_text("\n".join(lines) + "\n")
print("wrote models/README.md")

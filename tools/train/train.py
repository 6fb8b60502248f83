"""Fine-tunes the ImageNet MobileNetV2 (tools/train/tflite_backbone.py) into closet's clothing classifier, or
with --backbone lite0 the ImageNet EfficientNet-Lite0 (tools/train/lite_backbone.py) for comparison.

    .venv/bin/python tools/train/train.py --epochs 8 --seed 1 --out models/clothing

Train on `train`, choose the epoch on `val`, calibrate the temperature on `val`, report `test`.
The photos go through exactly the app's preprocessing (preprocess.py); augmentation (crop, flip,
colour jitter, small rotation) happens on the upright image before it. Writes the manifest,
fp16 safetensors and metrics.json to --out. Reproducible from --seed (single-threaded data order).
With --ccp, garments cut out of the CCP street photos of fine_kinds.py's train split (never its val or test
photos, which measure the fine-kind heads) join the training set: coats and jackets as `jacket`, blazers and suit
jackets as `blazer`, sweaters, jumpers and sweatshirts as `longSleeve`, the classes `test` confuses most.
With --teacher FOLDER, part of the loss (--distill) matches that network's softened logits on each whole
training photo (offline distillation; models/README.md has the one run made, not shipped).
"""
import argparse
import collections
import csv
import hashlib
import json
import math
import pathlib
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageEnhance
from tqdm import tqdm

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE)); sys.path.insert(0, str(HERE.parent / "common"))
import closet_graph  # noqa: E402
import labels as L  # noqa: E402
import preprocess  # noqa: E402
import lite_backbone  # noqa: E402
import tflite_backbone  # noqa: E402

SHARED = HERE.parents[2] / "shared"
DATA = SHARED / "datasets/clothing"


def load_split(split):
    rows = [r for r in csv.DictReader(open(DATA / "labels.csv")) if r["split"] == split and r["label"] in L.MAPPING]
    return [(DATA / "images" / f"{r['image']}.jpg", L.CLASSES.index(L.MAPPING[r["label"]])) for r in rows]


# CCP label -> training class for --ccp: the kinds the clothing set files under these classes ("Outwear",
# "Blazer", "Longsleeve"); labels whose class there is unclear (cardigan, vest, cape, hoodie) are left out.
CCP_CLASSES = {"coat": "jacket", "jacket": "jacket", "blazer": "blazer", "suit": "blazer",
               "sweater": "longSleeve", "jumper": "longSleeve", "sweatshirt": "longSleeve"}


def ccp_crops():
    """(crop, class index) for every CCP garment of CCP_CLASSES in fine_kinds' train photos."""
    import fine_kinds
    found = fine_kinds.crops(CCP_CLASSES, photos=lambda photo: fine_kinds.split_of(photo) == "train")
    return [(cut, L.CLASSES.index(cls)) for _, cls, cut in tqdm(found, desc="ccp crops", leave=False)]


def decode_all(items, desc):
    return [preprocess.load_upright(path) for path, _ in tqdm(items, desc=desc, leave=False)]


def augment(image, rng, min_scale):
    img = Image.fromarray(image)
    w, h = img.size
    scale = rng.uniform(min_scale, 1.0)
    cw, ch = max(8, int(w * math.sqrt(scale) * rng.uniform(0.9, 1.1))), max(8, int(h * math.sqrt(scale) * rng.uniform(0.9, 1.1)))
    cw, ch = min(cw, w), min(ch, h)
    x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
    img = img.crop((x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    img = img.rotate(rng.uniform(-10, 10), resample=Image.BILINEAR, expand=False, fillcolor=(255, 255, 255))
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.8, 1.2))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.8, 1.2))
    img = ImageEnhance.Color(img).enhance(rng.uniform(0.8, 1.2))
    return preprocess.model_input(np.asarray(img))


def build_model(seed, backbone="mobilenetv2"):
    if backbone == "mobilenetv2":
        manifest, tensors = tflite_backbone.load(SHARED / "pretrained/tf2_mobilenet_v2_1.0_224_ptq.tflite")
        name = "closet_clothing_mobilenet_v2_1.0_224"
    else:
        # The app's preprocessing is 224 pixels; Lite1 and Lite2 want 240 and 260, so only Lite0 is trained here.
        assert backbone == "lite0", "--backbone mobilenetv2 or lite0"
        manifest, tensors, _ = lite_backbone.load(backbone)
        name = "closet_clothing_efficientnet_lite0_224"
    g = torch.Generator().manual_seed(seed)
    n, d = len(L.CLASSES), tensors["classifier.weight"].shape[1]
    tensors["classifier.weight"] = (torch.randn(n, d, generator=g) * 0.01).numpy()
    tensors["classifier.bias"] = np.zeros(n, dtype=np.float32)
    manifest["name"] = name
    manifest["classes"] = L.CLASSES
    manifest["spans"] = L.SPANS
    model = closet_graph.ClosetGraph(manifest, {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tensors.items()})
    for p in model.params.values():
        p.requires_grad_(True)
    return model


def predict(model, images, batch=32):
    model.eval()
    logits, embeddings = [], []
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(np.stack([preprocess.model_input(im) for im in images[i:i + batch]]))
            lg, _, emb = model(x)
            logits.append(lg); embeddings.append(emb)
    return torch.cat(logits), torch.cat(embeddings)


def fit_temperature(logits, targets):
    t = torch.ones(1, requires_grad=True)
    opt = torch.optim.LBFGS([t], lr=0.1, max_iter=100)
    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / t.clamp(min=0.05), targets)
        loss.backward()
        return loss
    opt.step(closure)
    return float(t.detach().clamp(min=0.05))


def calibrated(val_logits, val_y, test_logits, test_y):
    """The temperature fitted on val, test's metrics with it, and the calibration error before and after."""
    temperature = fit_temperature(val_logits, val_y)
    probs = F.softmax(test_logits / temperature, 1)
    return {
        "temperature": temperature, "test": metrics(probs, test_y),
        "ece_test_before": ece(F.softmax(test_logits, 1), test_y), "ece_test_after": ece(probs, test_y),
        "ece_val_after": ece(F.softmax(val_logits / temperature, 1), val_y),
    }


def summary(report):
    """One line of a report's test figures."""
    t = report["test"]
    return (f"test accuracy {t['accuracy']:.3f}, ten largest {t['accuracy_ten_largest']:.3f}, macro-F1 {t['macro_f1']:.3f}, "
            f"T={report['temperature']:.2f}, ECE {report['ece_test_before']:.3f} -> {report['ece_test_after']:.3f}")


def embedding_model(name, weights_path):
    """What the app stores beside each embedding: the network's name and its weights' digest, so a wardrobe
    computes its embeddings again exactly when the network producing them changes."""
    return f"{name}@{hashlib.sha256(pathlib.Path(weights_path).read_bytes()).hexdigest()[:16]}"


def ece(probs, targets, bins=15):
    conf, pred = probs.max(1)
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.float().mean().item() * abs((pred[m] == targets[m]).float().mean().item() - conf[m].mean().item())
    return total


def metrics(probs, targets):
    pred = probs.argmax(1).tolist()
    true = targets.tolist()
    n = len(L.CLASSES)
    confusion = [[0] * n for _ in range(n)]
    for t, p in zip(true, pred):
        confusion[t][p] += 1
    per = {}
    f1s = []
    for c, name in enumerate(L.CLASSES):
        tp = confusion[c][c]; fp = sum(confusion[r][c] for r in range(n)) - tp; fn = sum(confusion[c]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0; rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[name] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
        if tp + fn:
            f1s.append(f1)
    ten = [i for i, t in enumerate(true) if L.CLASSES[t] in L.TEN_LARGEST]
    return {
        "accuracy": sum(L.correct(L.CLASSES[t], L.CLASSES[p]) for t, p in zip(true, pred)) / len(true),
        "accuracy_ten_largest": sum(L.correct(L.CLASSES[true[i]], L.CLASSES[pred[i]]) for i in ten) / len(ten),
        "macro_f1": sum(f1s) / len(f1s), "per_category": per, "confusion": confusion, "classes": L.CLASSES,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--out", default=str(HERE.parents[1] / "models/clothing"))
    ap.add_argument("--min-scale", type=float, default=0.75, help="smallest random crop, as a share of the area")
    ap.add_argument("--dropout", type=float, default=0.0, help="dropout before the classifier while training")
    ap.add_argument("--ema", type=float, default=0.0, help="also evaluate an exponential moving average of the weights (decay per step)")
    ap.add_argument("--freeze-until", default="", help="keep the pretrained weights of the nodes before this one (faster)")
    ap.add_argument("--limit", type=int, default=0, help="use only N training photos (a smoke test)")
    ap.add_argument("--backbone", default="mobilenetv2", choices=["mobilenetv2", "lite0"], help="the ImageNet network to start from")
    ap.add_argument("--ccp", action="store_true", help="also train on CCP garment crops (coats, jackets, blazers, sweaters)")
    ap.add_argument("--teacher", default="", help="a trained network's folder (manifest.json) to distil from (its logits on each whole training photo)")
    ap.add_argument("--distill", type=float, default=0.5, help="with --teacher: the share of the loss that matches the teacher")
    ap.add_argument("--distill-temperature", type=float, default=2.0, help="with --teacher: both networks' logits are divided by it")
    args = ap.parse_args()
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    start = time.time()
    train, val, test = load_split("train"), load_split("val"), load_split("test")
    if args.limit:
        train = train[: args.limit]; val = val[: args.limit // 4]; test = test[: args.limit // 4]
    print(f"photos: train {len(train)}, val {len(val)}, test {len(test)}")
    train_images, val_images, test_images = decode_all(train, "decode train"), decode_all(val, "decode val"), decode_all(test, "decode test")
    if args.ccp:
        extra = ccp_crops()
        counts = collections.Counter(L.CLASSES[y] for _, y in extra)
        print(f"ccp crops: {len(extra)} ({', '.join(f'{c} {n}' for c, n in sorted(counts.items()))})")
        train_images += [cut for cut, _ in extra]
        train = train + [(None, y) for _, y in extra]
    train_y = torch.tensor([y for _, y in train]); val_y = torch.tensor([y for _, y in val]); test_y = torch.tensor([y for _, y in test])
    model = build_model(args.seed, args.backbone)
    model.dropout = args.dropout
    if args.freeze_until:
        names = [n["name"] for n in model.nodes]
        for node in model.nodes[: names.index(args.freeze_until)]:
            for key in ("weights", "bias"):
                if node.get(key):
                    model.params[node[key].replace(".", "__")].requires_grad_(False)
    trainable = {k: p for k, p in model.params.items() if p.requires_grad}
    ema = {k: p.detach().clone() for k, p in trainable.items()} if args.ema else None
    head = [p for k, p in trainable.items() if k.startswith("classifier")]
    body = [p for k, p in trainable.items() if not k.startswith("classifier")]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr * 0.3}, {"params": head, "lr": args.lr * 3}], weight_decay=1e-4)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.lr * 0.3, args.lr * 3], total_steps=steps, pct_start=0.15)
    soft = None
    if args.teacher:
        # Offline distillation: the teacher's logits on each training photo's whole view, once (running the teacher
        # on every augmented crop would triple the time on 2 cores); every crop of the photo is matched to them.
        teacher_logits, _ = predict(closet_graph.load(pathlib.Path(args.teacher) / "manifest.json"), train_images)
        soft = F.softmax(teacher_logits / args.distill_temperature, 1)
    rng = random.Random(args.seed)
    best, best_state, selected = -1.0, None, None
    history = []
    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(train))); rng.shuffle(order)
        bar = tqdm(range(0, len(order), args.batch), desc=f"epoch {epoch + 1}/{args.epochs}")
        total = 0.0
        for i in bar:
            idx = order[i:i + args.batch]
            x = torch.from_numpy(np.stack([augment(train_images[j], rng, args.min_scale) for j in idx]))
            logits, _, _ = model(x)
            loss = F.cross_entropy(logits, train_y[idx], label_smoothing=0.1)
            if soft is not None:
                matched = F.kl_div(F.log_softmax(logits / args.distill_temperature, 1), soft[idx], reduction="batchmean")
                loss = (1 - args.distill) * loss + args.distill * args.distill_temperature ** 2 * matched
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            if ema is not None:
                with torch.no_grad():
                    for k, p in trainable.items():
                        ema[k].lerp_(p.detach(), 1 - args.ema)
            total += loss.item() * len(idx)
            bar.set_postfix(loss=f"{loss.item():.3f}")
        candidates = [("weights", {k: v.detach().clone() for k, v in model.params.items()})]
        if ema is not None and epoch > 0:
            candidates.append(("ema", {**candidates[0][1], **{k: v.clone() for k, v in ema.items()}}))
        for kind, state in candidates:
            for k, v in state.items():
                model.params[k].data.copy_(v)
            val_logits, _ = predict(model, val_images)
            val_m = metrics(F.softmax(val_logits, 1), val_y)
            history.append({"epoch": epoch + 1, "weights": kind, "train_loss": total / len(train), "val_accuracy": val_m["accuracy"],
                            "val_accuracy_ten": val_m["accuracy_ten_largest"], "val_macro_f1": val_m["macro_f1"]})
            print(json.dumps(history[-1]), flush=True)
            if val_m["accuracy"] > best:
                best, best_state, selected = val_m["accuracy"], state, f"epoch {epoch + 1}, {kind}"
        for k, v in candidates[0][1].items():
            model.params[k].data.copy_(v)
    for k, v in best_state.items():
        model.params[k].data.copy_(v)
    val_logits, _ = predict(model, val_images)
    test_logits, _ = predict(model, test_images)
    raw = metrics(F.softmax(test_logits, 1), test_y)
    report = {
        "seed": args.seed, "epochs": args.epochs, "arguments": vars(args), "selected": selected, "best_val_accuracy": best, "history": history,
        **calibrated(val_logits, val_y, test_logits, test_y), "minutes": (time.time() - start) / 60,
    }
    assert abs(raw["accuracy"] - report["test"]["accuracy"]) < 1e-9  # temperature never changes the argmax
    export(model, report["temperature"], pathlib.Path(args.out), report)
    print(f"{summary(report)}, {report['minutes']:.1f} min")


def export(model, temperature, out, report):
    from safetensors.numpy import save_file
    out.mkdir(parents=True, exist_ok=True)
    manifest = dict(model.manifest)
    manifest["temperature"] = temperature
    tensors = {}
    for node in manifest["nodes"]:
        for key in ("weights", "bias"):
            name = node.get(key)
            if not name:
                continue
            t = model.params[name.replace(".", "__")].detach()
            if node["op"] == "conv2d" and key == "weights":
                t = t.permute(0, 2, 3, 1)                      # OIHW -> OHWI
            elif node["op"] == "depthwise_conv2d" and key == "weights":
                t = t[:, 0].permute(1, 2, 0)                   # C,1,H,W -> H,W,C
            tensors[name] = t.contiguous().numpy().astype(np.float16)
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "closet-cnn"})
    manifest["embeddingModel"] = embedding_model(manifest["name"], out / "model.safetensors")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    (out / "metrics.json").write_text(json.dumps(report, indent=1))
    # The exported fp16 graph must still classify like the trained one.
    check = closet_graph.load(out / "manifest.json")
    x = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (2, 224, 224, 3)).astype(np.float32))
    with torch.no_grad():
        a = model(x)[0]; b = check(x)[0]
    print(f"export check: max |logit difference| fp32 vs fp16 file = {(a - b).abs().max().item():.4f}")


if __name__ == "__main__":
    main()

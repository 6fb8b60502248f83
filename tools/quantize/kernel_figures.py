"""Layer by layer, one thread: closet's int8 kernels against its fp32 kernels on the same shapes.

    python3 tools/quantize/kernel_figures.py [--closet .build/release/closet] [--model MANIFEST] [--repeats 3]

The fp32 times are `closet bench engine --no-fusion --profile` (each operator alone, the least of --repeats runs)
scaled to the process's CPU time a run (a loaded machine's wall clock counts other processes' time). The int8 times are tools/quantize/kernel_bench.c on the
same shapes (the thread's CPU time, median of 15): the GEMM with 8-bit weights (`vpmaddwd`) and with 7-bit
weights (`vpmaddubsw`), and the depthwise kernel. The network is not run in int8 here: the sum for a network
counts the fp32 time of the nodes that stay fp32 (the first convolution, adds, pooling, the heads).
Without --model: the random-weight MobileNetV2-1.0-224 that `closet bench engine` times.
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]


def shapes(manifest):
    """Each conv node's (kind, m, k, n) or depthwise (ih, iw, c, stride), by name, following the manifest."""
    inp = manifest["input"]
    size = {inp["name"]: (inp["height"], inp["width"], inp["channels"])}
    out = {}
    for i, n in enumerate(manifest["nodes"]):
        h, w, c = size.get(n["inputs"][0], (1, 1, 1))
        op = n["op"]
        if op in ("conv2d", "depthwise_conv2d"):
            s = n.get("stride", [1, 1])
            p = n.get("pad", [0, 0, 0, 0])
            out_ch = None
            if op == "conv2d":
                out_ch = n["_cout"]
                kh = n["_kh"]
            else:
                kh = n["_kh"]
            oh = (h + p[0] + p[2] - kh) // s[0] + 1
            ow = (w + p[1] + p[3] - kh) // s[1] + 1
            if op == "conv2d":
                pointwise = kh == 1 and s == [1, 1] and p == [0, 0, 0, 0] and i > 0
                if pointwise:
                    out[n["name"]] = ("gemm", oh * ow, c, out_ch)
                size[n["output"]] = (oh, ow, out_ch)
            else:
                if kh == 3:
                    out[n["name"]] = ("dw", h, w, c, s[0], *p)
                size[n["output"]] = (oh, ow, c)
        elif op == "resize_area":
            size[n["output"]] = (n["size"][0], n["size"][1], c)
        elif op == "global_average_pool":
            size[n["output"]] = (1, 1, c)
        elif op == "fully_connected":
            size[n["output"]] = (1, 1, n["_cout"])
        else:
            size[n["output"]] = (h, w, c)
    return out


def weight_dims(manifest, folder):
    from safetensors import safe_open
    with safe_open(str(folder / manifest["weights"]), "np") as f:
        for n in manifest["nodes"]:
            if n.get("weights"):
                shape = f.get_slice(n["weights"]).get_shape()
                if n["op"] == "conv2d":
                    n["_cout"], n["_kh"] = shape[0], shape[1]
                elif n["op"] == "depthwise_conv2d":
                    n["_kh"] = shape[-3]
                else:
                    n["_cout"] = shape[0]


def cpu_ms_per_run(closet, model, extra):
    """The process's CPU time a run (user + sys), from 10 and 60 runs: load on a shared machine adds wall time."""
    def cpu(runs):
        r = subprocess.run(["/usr/bin/time", "-f", "%U %S", closet, "bench", "engine", "--model", str(model), "--runs", str(runs),
                            *extra], capture_output=True, text=True, check=True)
        u, s = r.stderr.strip().splitlines()[-1].split()
        return float(u) + float(s)
    return (cpu(60) - cpu(10)) / 50 * 1e3


def fp32_profile(closet, model, repeats):
    best = {}
    for _ in range(repeats):
        out = subprocess.run([closet, "bench", "engine", "--model", str(model), "--no-fusion", "--profile", "--runs", "30"],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[3] == "ms":
                best[parts[0]] = min(best.get(parts[0], 1e9), float(parts[2]))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--closet", default=str(ROOT / ".build/release/closet"))
    ap.add_argument("--model")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="closet-int8-"))
    if args.model:
        model = pathlib.Path(args.model)
    else:
        subprocess.run([args.closet, "bench", "engine", "--export-random", str(tmp)], check=True, capture_output=True)
        model = tmp / "manifest.json"
    manifest = json.loads(model.read_text())
    weight_dims(manifest, model.parent)
    layers = shapes(manifest)
    bench = tmp / "kernel-bench"
    src = sorted(str(p) for p in (ROOT / "Sources/InferenceKernelsInt8").glob("*.c"))
    subprocess.run(["clang", "-O2", "-ffp-contract=off", "-I", str(ROOT / "Sources/InferenceKernelsInt8/include"), *src,
                    str(ROOT / "tools/quantize/kernel_bench.c"), "-lm", "-o", str(bench)], check=True)
    lines = "".join(f"{v[0]} {k} {' '.join(map(str, v[1:]))}\n" for k, v in layers.items())
    int8 = {}
    for mode in ("exact", "narrow"):
        out = subprocess.run([str(bench), "1", mode], input=lines, capture_output=True, text=True, check=True).stdout
        int8[mode] = {a: float(b) for a, b in (l.split() for l in out.splitlines())}
    fp32 = fp32_profile(args.closet, model, args.repeats)
    # The profile's wall times, scaled to the CPU time of a whole unfused run: the load inflates them all alike.
    unfused = cpu_ms_per_run(args.closet, model, ["--no-fusion"])
    fused = cpu_ms_per_run(args.closet, model, [])
    wall = sum(fp32.values())
    fp32 = {k: v * unfused / wall for k, v in fp32.items()}
    print(f"fp32 CPU time a run: {fused:.2f} ms fused (as the engine runs), {unfused:.2f} ms each operator alone "
          f"(the profile's wall times, {wall:.2f} ms in all, are scaled to this)")
    print(f"| layer | shape | fp32 ms | int8 ms (8-bit w) | int8 ms (7-bit w) | 7-bit / fp32 |")
    print("|---|---|---|---|---|---|")
    tot = {"fp32": 0.0, "exact": 0.0, "narrow": 0.0}
    for name, v in layers.items():
        f, e, n = fp32.get(name, float("nan")), int8["exact"][name], int8["narrow"][name]
        tot["fp32"] += f; tot["exact"] += e if v[0] == "gemm" else e; tot["narrow"] += n
        shape = f"{v[1]}×{v[2]}→{v[3]}" if v[0] == "gemm" else f"dw {v[1]}×{v[2]}×{v[3]} /{v[4]} pad {v[5:]}"
        print(f"| {name} | {shape} | {f:.3f} | {e:.3f} | {n:.3f} | {n / f:.2f} |")
    rest = sum(ms for name, ms in fp32.items() if name not in layers)
    print(f"| int8-capable layers | | {tot['fp32']:.2f} | {tot['exact']:.2f} | {tot['narrow']:.2f} | {tot['narrow'] / tot['fp32']:.2f} |")
    print(f"| the rest (fp32 in both) | | {rest:.2f} | {rest:.2f} | {rest:.2f} | |")
    whole = tot["fp32"] + rest
    print(f"| network | | {whole:.2f} | {tot['exact'] + rest:.2f} | {tot['narrow'] + rest:.2f} | {(tot['narrow'] + rest) / whole:.2f} |")
    print(f"int8 (7-bit weights) against fp32 as the engine runs it (fused): {(tot['narrow'] + rest) / fused:.2f}")


if __name__ == "__main__":
    main()

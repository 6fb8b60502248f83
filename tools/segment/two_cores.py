"""Masks a second on two cores: one U²-Netp on two threads (`closet bench engine --threads 2`) against two
single-thread networks side by side (two processes, as two background workers would run), in alternating
rounds so that the machine's other load falls on both alike.

    python3 tools/segment/two_cores.py [--size 320] [--runs 10] [--rounds 3] [--closet BINARY]

closet's release build (swift build -c release) runs it; the CPU is named in the output. Each figure is the
median over rounds of the masks a second of that round: one process on 2 threads, 1000 / its median ms; two
processes, the sum of 1000 / each one's median ms, both started together.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLOSET = ROOT / ".build/release/closet"
MANIFEST = ROOT / "models/segment/manifest.json"
BINARY = [CLOSET]


def command(size, runs, threads):
    return [str(BINARY[0]), "bench", "engine", "--model", str(MANIFEST), "--size", str(size), "--runs", str(runs),
            "--threads", str(threads), "--json"]


def one_on_two_threads(size, runs):
    out = subprocess.run(command(size, runs, 2), check=True, capture_output=True, text=True).stdout
    return 1000 / json.loads(out)["ms_per_image"]


def two_single(size, runs):
    procs = [subprocess.Popen(command(size, runs, 1), stdout=subprocess.PIPE, text=True) for _ in range(2)]
    rates = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"closet bench engine failed ({p.returncode})")
        rates.append(1000 / json.loads(out)["ms_per_image"])
    return sum(rates)


def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            name = line.split(":", 1)[1].strip()
            break
    else:
        name = "?"
    return f"{name}, {os.cpu_count()} logical CPUs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=320)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--closet", help="the closet binary to run (default: .build/release/closet)")
    args = ap.parse_args()
    if args.closet:
        BINARY[0] = pathlib.Path(args.closet)
    threaded, paired = [], []
    for _ in range(args.rounds):
        threaded.append(one_on_two_threads(args.size, args.runs))
        paired.append(two_single(args.size, args.runs))
    load = os.getloadavg()[0]
    print(json.dumps({
        "cpu": cpu(), "size": args.size, "load_average_1min_after": load,
        "one_network_two_threads_masks_per_s": statistics.median(threaded),
        "two_networks_one_thread_each_masks_per_s": statistics.median(paired),
        "rounds": {"one_on_two_threads": threaded, "two_single": paired},
    }, indent=1))


if __name__ == "__main__":
    main()

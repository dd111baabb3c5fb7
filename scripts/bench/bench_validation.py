"""Benchmark: what reading and checking a dataset file costs (``read_with_reference``), this
tree against a git revision.

Issue 14 made every writer report every problem in one pass (each record validated on its
own, then the checks across records) and added the text rules to every text field; this
measures what that costs on a valid file, where both trees do all their work.

A synthetic dataset (``partnermap synth --orgs N --seed 1``) is written once; then, in
fresh interpreters that alternate between the trees, ``read_with_reference`` reads it
``--repeat`` times each. The baseline is the revision's ``partnermap/`` exported with
``git archive`` to a temporary folder (``PYTHONPATH`` points the same interpreter at it).

Usage::

    .venv/bin/python scripts/bench/bench_validation.py --orgs 5000 --repeat 7 --baseline ce9d6ed

Prints a markdown table. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, time
from partnermap.datasets import read_with_reference
start = time.perf_counter()
dataset = read_with_reference(sys.argv[1])
print(time.perf_counter() - start, len(dataset.nodes), len(dataset.relations))
"""


def read_once(tree: Path, path: Path) -> tuple[float, int, int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def export_revision(revision: str, folder: Path) -> Path:
    archive = folder / "base.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "archive", revision, "partnermap"], cwd=ROOT, stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "base", filter="data")
    return folder / "base"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", default="ce9d6ed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "synth.yaml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "partnermap",
                "synth",
                "--orgs",
                str(args.orgs),
                "--seed",
                "1",
                "-o",
                str(data),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        base = export_revision(args.baseline, folder)
        times: dict[str, list[float]] = {"this tree": [], args.baseline: []}
        sizes = set()
        for _ in range(args.repeat):
            for name, tree in (("this tree", ROOT), (args.baseline, base)):
                seconds, nodes, relations = read_once(tree, data)
                times[name].append(seconds)
                sizes.add((nodes, relations))
    (nodes, relations), *_ = sizes
    assert len(sizes) == 1, f"the trees read different datasets: {sizes}"
    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load {load[0]:.1f}")
    print(
        f"Dataset: synth --orgs {args.orgs} --seed 1 ({nodes} nodes, {relations} relations,"
        " the reference included)"
    )
    print()
    print(f"| tree | median of {args.repeat} (s) | min (s) | this / {args.baseline} |")
    print("|---|---:|---:|---:|")
    ours, theirs = statistics.median(times["this tree"]), statistics.median(times[args.baseline])
    for name, values in times.items():
        ratio = statistics.median(values) / theirs
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {ratio:.2f} |")
    print(f"\nthis tree / {args.baseline}: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: how fast partnermap starts (``--help``, ``import partnermap``, ``import partnermap.store``).

Times, in one run on one machine, each as the median of ``--repeat`` fresh interpreters:

* ``python -c pass``: the floor every command pays (the interpreter and the venv's site);
* ``import partnermap`` and ``import partnermap.store``;
* ``partnermap --help`` (the console script's code path, ``partnermap.cli.run``);
* the peer: ``--help`` of a typer app of two commands (typer with rich help, nothing else);

for this tree and, with ``--baseline REV``, for a git revision checked out in a temporary
worktree (``PYTHONPATH`` points the same interpreter at it), with the ratios.

Usage::

    .venv/bin/python scripts/bench/bench_startup.py --repeat 21 --baseline 5607db4

Prints a markdown table. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBES = {
    "python -c pass": "pass",
    "import partnermap": "import partnermap",
    "import partnermap.store": "import partnermap.store",
    "partnermap --help": "import sys; sys.argv = ['partnermap', '--help']\n"
    "from partnermap.cli import run\ntry:\n    run()\nexcept SystemExit:\n    pass",
    # the peer: the floor of any typer command line's --help on this machine
    "two-command typer app --help": "import sys, typer\napp = typer.Typer()\n"
    "@app.command()\ndef a(x: int = 1) -> None:\n    'A.'\n"
    "@app.command()\ndef b(y: int = 1) -> None:\n    'B.'\n"
    "sys.argv = ['tiny', '--help']\ntry:\n    app()\nexcept SystemExit:\n    pass",
}


def median_seconds(code: str, tree: Path, repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    check = subprocess.run(
        [sys.executable, "-c", "import partnermap, sys; print(partnermap.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    )
    assert check.stdout.startswith(str(tree)), f"{tree} is not the tree imported: {check.stdout}"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, check=True, cwd=tree)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--baseline", help="a git revision to compare with (e.g. 5607db4)")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline:
            base = Path(tmp) / "baseline"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
                check=True,
                capture_output=True,
            )
            trees[f"baseline {args.baseline}"] = base
        baseline = trees.get(f"baseline {args.baseline}")
        try:
            results: dict[str, dict[str, float]] = {name: {} for name in trees}
            # alternate trees probe by probe, so that a busy moment hits both alike
            for label, code in PROBES.items():
                for name, tree in trees.items():
                    results[name][label] = median_seconds(code, tree, args.repeat)
        finally:
            if baseline is not None:
                subprocess.run(
                    [
                        "git",
                        "-C",
                        str(ROOT),
                        "worktree",
                        "remove",
                        "--force",
                        str(baseline),
                    ],
                    check=False,
                    capture_output=True,
                )
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.repeat} fresh interpreters each\n")
    names = list(trees)
    header = (
        "| | " + " | ".join(f"{n} (ms)" for n in names) + " | " + " | ".join(f"x pass, {n}" for n in names)
    )
    if len(names) == 2:
        header += " | this / baseline"
    print(header + " |")
    print("|" + "---|" * (header.count("|")))
    for label in PROBES:
        cells = [f"{results[n][label] * 1000:.0f}" for n in names]
        ratios = [f"{results[n][label] / results[n]['python -c pass']:.1f}x" for n in names]
        row = f"| `{label}` | " + " | ".join(cells) + " | " + " | ".join(ratios)
        if len(names) == 2:
            row += f" | {results[names[0]][label] / results[names[1]][label]:.2f}"
        print(row + " |")


if __name__ == "__main__":
    main()

"""Speed and memory of tfmigrate against tf_upgrade_v2 and libcst's parse+print floor, same inputs, same run.

    python benchmarks/bench.py            # trees of 10 to 5,000 files, 3 runs each
    python benchmarks/bench.py --quick    # 10 and 200 files, 3 runs, --verify 10: a few minutes

Every tree is generated in a temporary directory from this repository's
``examples/`` and the article's script (nothing is fetched):

* ``tf1-N``: N TF1 scripts, the examples taken round-robin;
* ``mixed-N``: N scripts of which one in ten imports TensorFlow; the others
  are the same examples importing a local ``tensorlib`` module instead, the
  shape of an application with a small TF part;
* ``notebooks-N``: N notebooks, each example split into cells at blank lines.

Each tool runs as a fresh process, as a user would run it, ``--repeat`` times;
the table gives the median wall time, lines per second and the peak resident
memory of the largest process (``wait4``'s ``ru_maxrss``). tfmigrate runs
with one job and with every core, from an empty cache and again with the
cache its first run filled; tf_upgrade_v2 (``--intree``, including its
TensorFlow import) and a bare libcst parse+print of the same files are the
comparisons. The machine is described above the table. Timings are never
asserted anywhere; ratios matter more than seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = sorted(p for p in (ROOT / "examples").rglob("*.py") if not p.name.endswith(".tf2.py")) + [
    ROOT / "tfmigrate" / "data" / "article_tf1.py"
]
QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
TF_IMPORT = re.compile(r"^([ \t]*)(import tensorflow\b|from tensorflow\b)[^\n]*$", re.M)

# Bare libcst parse and print of every .py file and every notebook's code, into an output tree.
FLOOR = """
import json, pathlib, sys
import libcst
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for path in sorted(source.rglob("*")):
    if path.suffix == ".py":
        code = libcst.parse_module(path.read_text(encoding="utf-8")).code
    elif path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = libcst.parse_module("".join("".join(c["source"]) + "\\n" for c in cells if c["cell_type"] == "code")).code
    else:
        continue
    out = target / path.relative_to(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(code, encoding="utf-8")
"""


# -- trees ---------------------------------------------------------------------
def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in SOURCES]


def tf1_tree(directory: pathlib.Path, count: int) -> int:
    texts = _texts()
    lines = 0
    for index in range(count):
        text = texts[index % len(texts)]
        _write(directory / f"pkg{index // 100:03d}" / f"module_{index:05d}.py", text)
        lines += text.count("\n")
    return lines


def mixed_tree(directory: pathlib.Path, count: int) -> int:
    """One file in ten imports TensorFlow; the rest import a local library in its place."""
    texts = _texts()
    lines = 0
    for index in range(count):
        text = texts[index % len(texts)]
        if index % 10:
            text = TF_IMPORT.sub(lambda m: f"{m.group(1)}import tensorlib as tf", text)
        _write(directory / f"pkg{index // 100:03d}" / f"module_{index:05d}.py", text)
        lines += text.count("\n")
    return lines


def notebook_tree(directory: pathlib.Path, count: int) -> int:
    texts = _texts()
    lines = 0
    for index in range(count):
        text = texts[index % len(texts)]
        cells = [chunk.strip("\n") + "\n" for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
        notebook = {
            "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                       "source": cell.splitlines(keepends=True)} for cell in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
        }
        _write(directory / f"nb{index // 100:03d}" / f"notebook_{index:05d}.ipynb", json.dumps(notebook, indent=1))
        lines += sum(cell.count("\n") for cell in cells)
    return lines


def _write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- running -------------------------------------------------------------------
def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MiB) of the largest process, exit status, CPU seconds (user+system, workers included)."""
    environment = {**os.environ, **QUIET_TF, **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), cpu


def tools(tree: pathlib.Path, out: pathlib.Path, cache: pathlib.Path, cores: int) -> dict[str, Callable[[], list[str]]]:
    """Each tool's command; a callable so that every run gets a fresh output directory."""
    tfmigrate = [sys.executable, "-m", "tfmigrate", "migrate", "-q", "--output-format", "json"]
    upgrade = [sys.executable, "-m", "tensorflow.tools.compatibility.tf_upgrade_v2_main"]
    return {
        "libcst parse+print": lambda: [sys.executable, "-c", FLOOR, str(tree), str(out)],
        "tf_upgrade_v2": lambda: [*upgrade, "--intree", str(tree), "--outtree", str(out),
                                  "--reportfile", str(out.parent / "upgrade-report.txt")],
        "tfmigrate -j 1": lambda: [*tfmigrate, "-j", "1", "--no-cache", "--out-dir", str(out), str(tree)],
        f"tfmigrate -j {cores}": lambda: [*tfmigrate, "-j", str(cores), "--no-cache", "--out-dir", str(out), str(tree)],
        "tfmigrate -j 1 cached": lambda: [*tfmigrate, "-j", "1", "--out-dir", str(out), str(tree)],
        "tfmigrate --check cached": lambda: [*tfmigrate, "--check", str(tree)],
    }


def measure(tree: pathlib.Path, scratch: pathlib.Path, repeat: int, cores: int) -> dict[str, tuple[float, float, int, float]]:
    out = scratch / "out"
    cache = scratch / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"TFMIGRATE_CACHE_DIR": str(cache)}
    results = {}
    for name, command in tools(tree, out, cache, cores).items():
        if name.endswith("cached"):
            shutil.rmtree(out, ignore_errors=True)
            timed(command(), env)  # fills the cache
        runs = []
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            runs.append(timed(command(), env))
        times = [run[0] for run in runs]
        results[name] = (statistics.median(times), max(run[1] for run in runs), runs[-1][2],
                         statistics.median(run[3] for run in runs))
    shutil.rmtree(out, ignore_errors=True)
    return results


def startup(scratch: pathlib.Path, repeat: int) -> tuple[float, float, float]:
    """One small file through ``tfmigrate migrate``: median wall seconds, peak MiB, median CPU seconds."""
    small = scratch / "small.py"
    small.write_text("import tensorflow as tf\nx = tf.constant(2.0)\ny = tf.mul(x, x)\n", encoding="utf-8")
    runs = [timed([sys.executable, "-m", "tfmigrate", "migrate", "-q", "--no-cache", "--diff", str(small)])
            for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), statistics.median(r[3] for r in runs)


def verify_tree(scratch: pathlib.Path, count: int, cold_count: int) -> list[str]:
    """``migrate --verify`` over ``count`` small scripts with warm servers, and over a few with a cold process per side."""
    small = sorted((p for p in (ROOT / "examples" / "tf1_zoo").glob("*.py")), key=lambda p: p.stat().st_size)[:10]
    rows = []
    for label, files, env in (("warm servers", count, {}), ("cold processes", cold_count, {"TFMIGRATE_VERIFY_WARM": "0"})):
        tree = scratch / f"verify-{files}"
        for index in range(files):
            _write(tree / f"script_{index:03d}.py", small[index % len(small)].read_text(encoding="utf-8"))
        command = [sys.executable, "-m", "tfmigrate", "migrate", "-q", "-j", "1", "--no-cache", "--verify",
                   "--out-dir", str(scratch / "verify-out"), str(tree)]
        seconds, rss, _, cpu = timed(command, env)
        shutil.rmtree(tree)
        shutil.rmtree(scratch / "verify-out", ignore_errors=True)
        rows.append(f"migrate --verify, {label}: {files} scripts in {seconds:.1f} s wall ({seconds / files:.1f} s per script), "
                    f"{cpu:.1f} s CPU ({cpu / files:.1f} per script), peak {rss:.0f} MiB")
    return rows


# -- report --------------------------------------------------------------------
def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.system()} {platform.machine()}, {len(os.sched_getaffinity(0))} cores ({model or 'unknown CPU'}), "
            f"Python {platform.python_version()}, load average {load:.1f} at start")


def table(name: str, files: int, lines: int, results: dict[str, tuple[float, float, int, float]], cores: int) -> list[str]:
    rows = [f"\n{name}: {files} files, {lines} lines",
            f"{'tool':<26} {'median s':>9} {'lines/s':>9} {'CPU s':>7} {'peak MiB':>9} {'exit':>5}"]
    for tool, (seconds, rss, status, cpu) in results.items():
        rows.append(f"{tool:<26} {seconds:>9.2f} {lines / seconds:>9.0f} {cpu:>7.2f} {rss:>9.0f} {status:>5}")
    for label, at in (("wall", 0), ("CPU", 3)):
        one, every = results["tfmigrate -j 1"][at], results[f"tfmigrate -j {cores}"][at]
        floor, upgrade = results["libcst parse+print"][at], results["tf_upgrade_v2"][at]
        cached = results["tfmigrate -j 1 cached"][at]
        rows.append(f"ratios ({label}): tf_upgrade_v2 / tfmigrate -j 1 = {upgrade / one:.2f}x; "
                    f"tfmigrate -j 1 / libcst floor = {one / floor:.2f}x; "
                    f"-j 1 / -j {cores} = {one / every:.2f}x; cold / cached = {one / cached:.1f}x")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="trees of 10 and 200 files only")
    parser.add_argument("--sizes", default="10,100,1000,5000", help="tf1 tree sizes (default: 10,100,1000,5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is reported")
    parser.add_argument("--verify", type=int, default=50, metavar="N",
                        help="also time migrate --verify on N small scripts (and on 5 without warm servers); 0: skip")
    args = parser.parse_args(argv)
    sizes = [10, 200] if args.quick else [int(size) for size in args.sizes.split(",")]
    if args.quick:
        args.verify = min(args.verify, 10)
    cores = len(os.sched_getaffinity(0))
    print(machine())
    with tempfile.TemporaryDirectory(prefix="tfmigrate-bench-") as scratch_name:
        scratch = pathlib.Path(scratch_name)
        seconds, rss, cpu = startup(scratch, args.repeat)
        print(f"start-up: one 3-line file, tfmigrate migrate --diff: {seconds:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MiB")
        trees = [(f"tf1-{size}", tf1_tree, size) for size in sizes]
        middle = sizes[len(sizes) // 2] if len(sizes) > 2 else sizes[-1]
        trees += [(f"mixed-{middle}", mixed_tree, middle), (f"notebooks-{min(middle, 1000)}", notebook_tree, min(middle, 1000))]
        for name, build, size in trees:
            tree = scratch / name
            lines = build(tree, size)
            results = measure(tree, scratch, args.repeat, cores)
            print("\n".join(table(name, size, lines, results, cores)), flush=True)
            shutil.rmtree(tree)
        if args.verify:
            print("\n" + "\n".join(verify_tree(scratch, args.verify, min(args.verify, 5))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

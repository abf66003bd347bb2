"""Speed, memory and outcome of tfmigrate against tf_upgrade_v2, same input, same run.

    python benchmarks/bench_vs_tf_upgrade_v2.py [--copies 100] [--repeat 3]

Builds a tree of TF1 files (the article's script and the example corpus,
copied --copies times each, plus one large file made of many of them), then
times each tool on the same tree as a separate process, reading peak memory
(max RSS) from the operating system. Also runs each tool's migration of the
article under TF 2 to show whether it works. Both tools start a fresh Python
process, as a user would run them.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tfmigrate" / "data" / "article_tf1.py"
CORPUS = sorted(p for p in (ROOT / "examples" / "corpus").glob("*.py") if ".tf2" not in p.name)
# The repository's own tfmigrate is measured, installed or not.
QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}


def build_tree(directory: pathlib.Path, copies: int) -> int:
    sources = [ARTICLE, *CORPUS]
    lines = 0
    for index in range(copies):
        package = directory / f"pkg{index:03d}"
        package.mkdir(parents=True)
        for source in sources:
            shutil.copy(source, package / source.name)
            lines += source.read_text(encoding="utf-8").count("\n")
    big = "\n".join(ARTICLE.read_text(encoding="utf-8") for _ in range(max(1, copies)))
    (directory / "large_module.py").write_text(big, encoding="utf-8")
    return lines + big.count("\n")


def timed_run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, exit status of one process."""
    env = {**os.environ, **QUIET_TF}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def tool_commands(tree: pathlib.Path, out: pathlib.Path) -> dict[str, list[str]]:
    bin_dir = pathlib.Path(sys.executable).parent
    upgrade = shutil.which("tf_upgrade_v2", path=str(bin_dir)) or shutil.which("tf_upgrade_v2")
    commands = {"tfmigrate": [sys.executable, "-m", "tfmigrate", "migrate", "-q", "--out-dir", str(out / "tfmigrate"), str(tree)]}
    commands["tfmigrate --jobs 2"] = commands["tfmigrate"][:4] + ["--jobs", "2"] + commands["tfmigrate"][4:]
    commands["tfmigrate --jobs 2"][-2] = str(out / "tfmigrate-j2")
    if upgrade:
        commands["tf_upgrade_v2"] = [upgrade, "--intree", str(tree), "--outtree", str(out / "tf_upgrade_v2"),
                                     "--reportfile", str(out / "tf_upgrade_v2.txt")]
    return commands


def article_outcome(tool: str, scratch: pathlib.Path) -> str:
    """Migrate the article with one tool and run the result under TF 2."""
    target = scratch / f"article_{tool.split()[0]}.py"
    if tool.startswith("tfmigrate"):
        migrated = subprocess.run([sys.executable, "-m", "tfmigrate", "migrate", "-q", "-"], input=ARTICLE.read_bytes(),
                                  capture_output=True, env={**os.environ, **QUIET_TF})
        if migrated.returncode != 0 or not migrated.stdout.strip():
            return f"migration failed (exit {migrated.returncode})"
        target.write_bytes(migrated.stdout)
    else:
        upgrade = shutil.which("tf_upgrade_v2", path=str(pathlib.Path(sys.executable).parent))
        subprocess.run([upgrade, "--infile", str(ARTICLE), "--outfile", str(target)], capture_output=True,
                       env={**os.environ, **QUIET_TF})
    result = subprocess.run([sys.executable, str(target)], capture_output=True, text=True, env={**os.environ, **QUIET_TF})
    if result.returncode == 0:
        return "runs"
    last = [line for line in result.stderr.strip().splitlines() if line.strip()][-1:]
    return "fails: " + (last[0][:70] if last else f"exit {result.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=100, help="copies of each source file in the tree")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is reported")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tfmigrate-bench-") as scratch_name:
        scratch = pathlib.Path(scratch_name)
        tree = scratch / "tree"
        lines = build_tree(tree, args.copies)
        files = sum(1 for _ in tree.rglob("*.py"))
        print(f"input: {files} files, {lines} lines ({args.copies} copies of {1 + len(CORPUS)} scripts + one large module)")
        print(f"{'tool':<20} {'median s':>9} {'min s':>7} {'lines/s':>9} {'peak MiB':>9}  exit  article output")
        for tool, command in tool_commands(tree, scratch / "out").items():
            runs = []
            for _ in range(args.repeat):
                shutil.rmtree(scratch / "out", ignore_errors=True)
                (scratch / "out").mkdir()
                runs.append(timed_run(command))
            times = [r[0] for r in runs]
            median = statistics.median(times)
            print(f"{tool:<20} {median:>9.2f} {min(times):>7.2f} {lines / median:>9.0f} {max(r[1] for r in runs):>9.0f}"
                  f"  {runs[-1][2]:>4}  {article_outcome(tool, scratch)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

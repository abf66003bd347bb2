"""SIGKILL `tfmigrate migrate` mid-run: every file is its old or its new content.

A run is killed after it has written 1 and 12 files (found by watching the
tree, so the kill always lands mid-run however loaded the machine is) and at
fractions of a measured full run (so some kills land at arbitrary instants,
possibly inside a write). After each kill every target file must hold
exactly the original bytes or exactly the fully migrated bytes; the only
other thing allowed in the tree is a leftover `.tfmigrate-*.tmp`, which a
rerun ignores. A rerun after a kill finishes the job.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tfmigrate import cli, files

REPO = pathlib.Path(__file__).resolve().parents[1]
FILE_COUNT = 36

BLOCK = """
d{i}_{j} = tf.sub(tf.mul(a, {j}), b)
loss{i}_{j} = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=d{i}_{j}))
with tf.Session() as sess:
    print(sess.run([loss{i}_{j}, d{i}_{j}]))
"""


def make_tree(root: pathlib.Path) -> None:
    for i in range(FILE_COUNT):
        package = root / f"pkg{i % 4}"
        package.mkdir(parents=True, exist_ok=True)
        body = "".join(BLOCK.format(i=i, j=j) for j in range(3))
        (package / f"model_{i:03d}.py").write_text("import tensorflow as tf\n" + body)


def snapshot(root: pathlib.Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def start_migrate(root: pathlib.Path, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "tfmigrate", "migrate", "-q", *extra, str(root)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches --jobs workers too
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=60)


def count_migrated(root: pathlib.Path, new: dict[str, bytes]) -> int:
    done = 0
    for name, content in new.items():
        try:
            done += (root / name).read_bytes() == content
        except OSError:
            pass
    return done


def assert_old_or_new(root: pathlib.Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    """Check the tree after a kill; return how many files hold the new content."""
    now = snapshot(root)
    leftovers = [name for name in now if name not in old]
    for name in leftovers:
        base = pathlib.Path(name).name
        assert base.startswith(files.TEMP_PREFIX) and base.endswith(files.TEMP_SUFFIX), name
    migrated = 0
    for name, original in old.items():
        assert name in now, f"{name} disappeared"
        assert now[name] in (original, new[name]), f"{name} is neither the old nor the new content"
        migrated += now[name] == new[name] != original
    return migrated


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, dict[str, bytes], dict[str, bytes], float]:
    """The pristine tree, its old and new contents, and the seconds a full run takes."""
    base = tmp_path_factory.mktemp("kill")
    pristine = base / "pristine"
    make_tree(pristine)
    expected = base / "expected"
    shutil.copytree(pristine, expected)
    started = time.monotonic()
    process = start_migrate(expected)
    assert process.wait(timeout=600) == 0
    full_run = time.monotonic() - started
    old, new = snapshot(pristine), snapshot(expected)
    assert sum(old[name] != new[name] for name in old) == FILE_COUNT  # every file has something to migrate
    # The migrated bytes come from a separate in-process run too: the subprocess is not its own oracle.
    in_process = base / "in_process"
    shutil.copytree(pristine, in_process)
    assert cli.main(["migrate", "-q", str(in_process)]) == 0
    assert snapshot(in_process) == new
    return pristine, old, new, full_run


@pytest.mark.parametrize("written", [1, 12])
def test_kill_after_some_files_were_written(
    trees: tuple[pathlib.Path, dict[str, bytes], dict[str, bytes], float], tmp_path: pathlib.Path, written: int
) -> None:
    pristine, old, new, full_run = trees
    work = tmp_path / "work"
    shutil.copytree(pristine, work)
    process = start_migrate(work)
    deadline = time.monotonic() + 20 * full_run + 60
    while count_migrated(work, new) < written and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    kill_group(process)
    migrated = assert_old_or_new(work, old, new)
    assert written <= migrated < FILE_COUNT, "the kill did not land mid-run"

    # A rerun completes the job and ignores any temp file the kill left behind.
    assert start_migrate(work).wait(timeout=600) == 0
    finished = snapshot(work)
    assert {name: finished[name] for name in new} == new


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_at_arbitrary_instants(
    trees: tuple[pathlib.Path, dict[str, bytes], dict[str, bytes], float], tmp_path: pathlib.Path, jobs: str
) -> None:
    pristine, old, new, full_run = trees
    for step, fraction in enumerate((0.4, 0.7, 0.95)):
        work = tmp_path / f"work{step}"
        shutil.copytree(pristine, work)
        process = start_migrate(work, "--jobs", jobs)
        time.sleep(full_run * fraction)
        kill_group(process)
        assert_old_or_new(work, old, new)


def test_kill_while_a_large_file_is_being_written(tmp_path: pathlib.Path) -> None:
    """Kill at the first sign of writing (a temp file appears or the target's inode data changes).

    A 20 MB file takes long enough to write that the kill lands inside the
    write: an in-place write would leave a truncated file here.
    """
    source = (
        "import tensorflow as tf\nproduct = tf.mul(a, b)\nTABLE = '''\n" + ("0123456789" * 8 + "\n") * 250_000 + "'''\n"
    )
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    (pristine / "big.py").write_text(source)
    expected = tmp_path / "expected"
    shutil.copytree(pristine, expected)
    assert start_migrate(expected).wait(timeout=600) == 0
    new = (expected / "big.py").read_bytes()
    assert new == source.replace("tf.mul(", "tf.multiply(").encode()

    killed_mid_run = 0
    for attempt in range(4):  # a loaded machine may let a run finish between two polls: try again
        work = tmp_path / f"work{attempt}"
        shutil.copytree(pristine, work)
        killed_mid_run += kill_at_first_write(work, work / "big.py")
        assert_old_or_new(work, {"big.py": source.encode()}, {"big.py": new})
        if killed_mid_run:
            break
    assert killed_mid_run, "every run ended before the kill"


def kill_at_first_write(work: pathlib.Path, target: pathlib.Path) -> bool:
    """Start a run and SIGKILL it as soon as anything in ``work`` changes; True if it was still running."""
    before = os.stat(target)
    process = start_migrate(work)
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline:
        now = os.stat(target)
        if len(os.listdir(work)) > 1 or (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            break
    kill_group(process)
    return process.returncode == -signal.SIGKILL

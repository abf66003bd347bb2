"""The result cache: a second run over unchanged files reuses results, and never changes them.

Each test has its own cache directory (tests/conftest.py sets
``$TFMIGRATE_CACHE_DIR``). A reused result is told apart from a fresh one by
making migration itself fail: only a cache hit can still succeed.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, TF1_SWAP, read, run, write

from tfmigrate import cache as cache_module
from tfmigrate.cache import ENV_DIR
from tfmigrate.commands import migrate as migrate_command

BROKEN = "import tensorflow as tf\nx = (\n"
PLAIN = "import os\nprint(os.sep)\n"


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "project"
    for name, text in {"a.py": TF1_MUL, "b.py": TF1_MANUAL, "c.py": TF1_SWAP, "d.py": PLAIN, "e.py": BROKEN}.items():
        write(root / "pkg" / name, text)
    return root


def _entries() -> list[pathlib.Path]:
    return sorted(pathlib.Path(os.environ[ENV_DIR]).rglob("*.json"))


def _no_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("migrated although the cache had the result")

    monkeypatch.setattr(migrate_command, "migrate_loaded", refuse)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = migrate_command.migrate_loaded

    def counted(source: object, settings: object) -> object:
        calls.append(source.path)  # type: ignore[attr-defined]
        return real(source, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate_command, "migrate_loaded", counted)
    return calls


@pytest.mark.parametrize("mode", [["--check"], ["--diff"], ["--check", "--output-format", "json"], ["--out-dir"]])
def test_cached_results_equal_fresh_ones(tree: pathlib.Path, tmp_path: pathlib.Path, mode: list[str],
                                         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def go(name: str, *extra: str) -> tuple[int, str, str]:
        options = [*mode, str(tmp_path / name)] if mode == ["--out-dir"] else mode
        status, out, err = run(capsys, "migrate", "-j", "1", *extra, *options, str(tree))
        return status, out.replace(str(tmp_path / name), "OUT"), err

    fresh = go("fresh", "--no-cache")
    assert not _entries()
    first = go("first")
    assert _entries()
    _no_migration(monkeypatch)
    second = go("second")
    assert first == fresh and second == fresh
    if mode == ["--out-dir"]:
        for name in ("a.py", "b.py", "c.py", "d.py"):
            assert read(tmp_path / "second" / "pkg" / name) == read(tmp_path / "fresh" / "pkg" / name)


def test_parallel_run_reuses_the_cache_too(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(capsys, "migrate", "-j", "2", "--check", str(tree))
    _no_migration(monkeypatch)
    assert run(capsys, "migrate", "-j", "2", "--check", str(tree)) == first


def test_report_file_is_the_same_from_the_cache(tree: pathlib.Path, tmp_path: pathlib.Path,
                                                capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "migrate", "-j", "1", "--check", "--report", str(tmp_path / "one.json"), str(tree))
    _no_migration(monkeypatch)
    run(capsys, "migrate", "-j", "1", "--check", "--report", str(tmp_path / "two.json"), str(tree))
    assert json.loads(read(tmp_path / "one.json")) == json.loads(read(tmp_path / "two.json"))


@pytest.mark.parametrize("option", [["--fix-swaps"], ["--select", "TFM101"], ["--ignore", "TFM4"], ["--written-for", "0.x"]])
def test_other_options_do_not_reuse_results(tree: pathlib.Path, option: list[str],
                                            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "migrate", "-j", "1", "--check", str(tree))
    calls = _counting(monkeypatch)
    run(capsys, "migrate", "-j", "1", "--check", *option, str(tree))
    assert len(calls) == 5
    calls.clear()
    run(capsys, "migrate", "-j", "1", "--check", *option, str(tree))
    assert calls == []


def test_another_tool_version_does_not_reuse_results(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "migrate", "-j", "1", "--check", str(tree))
    monkeypatch.setattr(cache_module, "tool_fingerprint", lambda: "another version")
    calls = _counting(monkeypatch)
    run(capsys, "migrate", "-j", "1", "--check", str(tree))
    assert len(calls) == 5


def test_tool_fingerprint_follows_the_tool_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_module.tool_fingerprint()
    cache_module.tool_fingerprint.cache_clear()
    monkeypatch.setattr(cache_module.tfmigrate, "__version__", "999.0")
    try:
        assert cache_module.tool_fingerprint() != before
    finally:
        cache_module.tool_fingerprint.cache_clear()


def test_an_edited_file_is_migrated_again_and_only_it(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "migrate", "-j", "1", "--check", str(tree))
    write(tree / "pkg" / "d.py", PLAIN + "import tensorflow as tf\ny = tf.log(2.0)\n")
    calls = _counting(monkeypatch)
    status, out, _ = run(capsys, "migrate", "-j", "1", "--check", str(tree))
    assert calls == [str(tree / "pkg" / "d.py")]
    assert "TFM101" in out and "d.py" in out


def test_no_cache_neither_reads_nor_writes(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "migrate", "-j", "1", "--check", str(tree))
    entries = {path: path.read_bytes() for path in _entries()}
    calls = _counting(monkeypatch)
    run(capsys, "migrate", "-j", "1", "--check", "--no-cache", str(tree))
    assert len(calls) == 5
    assert {path: path.read_bytes() for path in _entries()} == entries


def test_an_unreadable_entry_is_ignored(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "migrate", "-j", "1", "--check", str(tree))
    for path in _entries():
        path.write_text("{not json", encoding="utf-8")
    assert run(capsys, "migrate", "-j", "1", "--check", str(tree)) == first


def test_an_unwritable_cache_directory_only_costs_speed(tree: pathlib.Path, tmp_path: pathlib.Path,
                                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "not-a-directory", "")
    monkeypatch.setenv(ENV_DIR, str(blocker))
    fresh = run(capsys, "migrate", "-j", "1", "--check", "--no-cache", str(tree))
    assert run(capsys, "migrate", "-j", "1", "--check", str(tree)) == fresh


@pytest.mark.parametrize("text, expected", [("auto", None), ("0", None), ("3", 3)])
def test_jobs_accepts_auto_and_zero_for_every_core(text: str, expected: int | None) -> None:
    cores = len(os.sched_getaffinity(0))
    assert migrate_command.job_count(text) == (cores if expected is None else expected)


def test_a_fully_cached_run_does_not_even_import_libcst(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    probe = ("import sys\nfrom tfmigrate import cli\nstatus = cli.main(sys.argv[1:])\n"
             "print('libcst' in sys.modules, status, file=sys.stderr)\n")
    command = [sys.executable, "-c", probe, "migrate", "--check", str(tree)]
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(__file__).resolve().parent.parent)}
    first = subprocess.run(command, capture_output=True, text=True, env=env)
    second = subprocess.run(command, capture_output=True, text=True, env=env)
    assert first.stderr.splitlines()[-1] == "True 2"  # e.py does not parse: exit 2
    assert second.stderr.splitlines()[-1] == "False 2"
    assert second.stdout == first.stdout

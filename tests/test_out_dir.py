"""`tfmigrate migrate --out-dir DIR`: every input gets its own output, and outputs are never read as inputs.

Each test runs the command line in process from inside tmp_path, so paths are
spelled as a user types them, and checks the written tree against contents
written by hand.
"""

from __future__ import annotations

import pathlib

import pytest

from tfmigrate import cli

TF1_MUL = "import tensorflow as tf\nz = tf.mul(x, y)\n"
TF2_MUL = "import tensorflow as tf\nz = tf.multiply(x, y)\n"
TF1_SUB = "import tensorflow as tf\nz = tf.sub(x, y)\n"
TF2_SUB = "import tensorflow as tf\nz = tf.subtract(x, y)\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str, text: str) -> None:
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(path).write_text(text, encoding="utf-8")


def tree(root: str) -> dict[str, str]:
    """Every file under root, by its path relative to root."""
    base = pathlib.Path(root)
    return {p.relative_to(base).as_posix(): p.read_text(encoding="utf-8") for p in sorted(base.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_files_of_the_same_name_in_two_folders_both_survive(capsys: pytest.CaptureFixture[str]) -> None:
    write("a/m.py", TF1_MUL)
    write("b/m.py", TF1_SUB)
    status, out, err = run(capsys, "migrate", "--out-dir", "out", "a/m.py", "b/m.py")
    assert (status, err) == (0, "")
    assert tree("out") == {"a/m.py": TF2_MUL, "b/m.py": TF2_SUB}
    assert out.splitlines()[-1].startswith("2 file(s): 2 written to out")


def test_file_arguments_keep_their_folders_below_the_common_root(capsys: pytest.CaptureFixture[str]) -> None:
    write("proj/pkg/deep/m.py", TF1_MUL)
    write("proj/tools/n.py", TF1_SUB)
    assert run(capsys, "migrate", "--out-dir", "out", "proj/pkg/deep/m.py", "proj/tools/n.py")[0] == 0
    assert tree("out") == {"pkg/deep/m.py": TF2_MUL, "tools/n.py": TF2_SUB}


def test_a_directory_and_a_file_outside_it_keep_their_paths(capsys: pytest.CaptureFixture[str]) -> None:
    write("proj/pkg/m.py", TF1_MUL)
    write("extra/n.py", TF1_SUB)
    assert run(capsys, "migrate", "--out-dir", "out", "proj", "extra/n.py")[0] == 0
    assert tree("out") == {"proj/pkg/m.py": TF2_MUL, "extra/n.py": TF2_SUB}


def test_a_single_directory_is_mirrored_from_its_own_root(capsys: pytest.CaptureFixture[str]) -> None:
    write("proj/pkg/m.py", TF1_MUL)
    assert run(capsys, "migrate", "--out-dir", "out", "proj")[0] == 0
    assert tree("out") == {"pkg/m.py": TF2_MUL}


def test_an_output_folder_inside_the_input_tree_is_never_read_as_input(capsys: pytest.CaptureFixture[str]) -> None:
    write("proj/m.py", TF1_MUL)
    write("proj/pkg/n.py", TF1_SUB)
    first = run(capsys, "migrate", "--out-dir", "proj/out", "proj")
    second = run(capsys, "migrate", "--out-dir", "proj/out", "proj")
    assert first[0] == second[0] == 0
    assert first[1].splitlines()[-1] == second[1].splitlines()[-1]  # the same two files, not four
    assert tree("proj") == {"m.py": TF1_MUL, "pkg/n.py": TF1_SUB, "out/m.py": TF2_MUL, "out/pkg/n.py": TF2_SUB}


def test_two_inputs_that_would_share_an_output_are_refused_and_the_rest_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("a/m.py", TF1_MUL)
    write("b/m.py", TF1_SUB)
    write("c/k.py", TF1_MUL)
    pathlib.Path("out/b").mkdir(parents=True)
    pathlib.Path("out/a").symlink_to("b")  # out/a/m.py and out/b/m.py are one file
    status, _, err = run(capsys, "migrate", "--out-dir", "out", "a/m.py", "b/m.py", "c/k.py")
    assert status == 2
    assert err.splitlines() == [
        "a/m.py: error: its --out-dir output out/a/m.py is also the output of b/m.py; neither is written",
        "b/m.py: error: its --out-dir output out/b/m.py is also the output of a/m.py; neither is written",
    ]
    assert tree("out/b") == {}
    assert tree("out/c") == {"k.py": TF2_MUL}


def test_an_output_that_would_replace_another_input_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    write("m.py", TF1_MUL)
    write("a/m.py", TF1_SUB)
    status, _, err = run(capsys, "migrate", "--out-dir", "a", "m.py", "a/m.py")
    assert status == 2
    assert err.splitlines() == ["m.py: error: its --out-dir output a/m.py would replace the input a/m.py; not written"]
    assert tree("a") == {"m.py": TF1_SUB, "a/m.py": TF2_SUB}

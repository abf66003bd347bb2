"""`tfmigrate migrate` over a tree full of bad inputs, in process.

Every bad file must cost exactly one `path: error: ...` line on stderr, never
a traceback, leave the file byte-for-byte as it was, and not stop the good
files around it from being migrated. The exit status is 2.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib

import pytest

from tfmigrate import cli, files

GOOD_TF1 = (
    "import tensorflow as tf\n"
    "product = tf.mul(a, b)\n"
    "with tf.Session() as sess:\n"
    "    print(sess.run(product))\n"
)

GOOD_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# demo\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["[2.]\n"]}],
            "source": ["%matplotlib inline\n", "import tensorflow as tf\n", "difference = tf.sub(a, b)"],
        },
    ],
    "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}

# name -> (content, start of the message after "path: error: ")
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "latin1.py": (b"import tensorflow as tf\nname = '\xe9'\n", "not valid utf-8: byte 0xe9 at offset 32 (line 2, column 9)"),
    "binary.py": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file, not source code (NUL byte at offset 7"),
    "python2.py": (b"import tensorflow as tf\nprint 'loss', 0.5\n", "syntax error at line 2"),
    "syntax.py": (b"import tensorflow as tf\ndef broken(:\n    pass\n", "syntax error at line 2"),
    "not_json.ipynb": (b'{"cells": [\n  {"cell_type": "code",\n', "not valid JSON:"),
    "widget.ipynb": (b'{"cells": [{"cell_type": "widget", "source": ""}]}', "cell 1: unknown cell_type 'widget'"),
    "no_cells.ipynb": (b'{"metadata": {}}', 'not a Jupyter notebook: no "cells" list'),
    "py2_cell.ipynb": (
        json.dumps(
            {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["%matplotlib inline\n", "print 'x'"]}]}
        ).encode(),
        "cell 1: syntax error at line 2, column 1: looks like Python 2 (print statement at line 2)",
    ),
    "unreadable.py": (GOOD_TF1.encode(), "cannot read: permission denied"),
    "unwritable.py": (GOOD_TF1.replace("product", "total").encode(), "cannot write: permission denied"),
}


def raw(path: pathlib.Path) -> bytes:
    """Read with open(): Path.read_bytes is what the permission fixture makes fail."""
    with open(path, "rb") as handle:
        return handle.read()


def build_tree(root: pathlib.Path) -> dict[str, bytes]:
    """The tree under test; returns every regular file's original bytes by name."""
    root.mkdir()
    for name, (content, _) in BAD_FILES.items():
        (root / name).write_bytes(content)
    (root / "good.py").write_text(GOOD_TF1)
    (root / "bom_crlf.py").write_bytes(b"\xef\xbb\xbf" + GOOD_TF1.replace("\n", "\r\n").encode())
    (root / "empty.py").write_bytes(b"")
    (root / "plain.py").write_text("total = sum([1, 2])\n")
    (root / "good.ipynb").write_text(json.dumps(GOOD_NOTEBOOK, indent=1, sort_keys=True) + "\n")
    (root / "loop_a.py").symlink_to(root / "loop_b.py")
    (root / "loop_b.py").symlink_to(root / "loop_a.py")
    return {path.name: raw(path) for path in root.iterdir() if not path.is_symlink()}


@pytest.fixture()
def simulated_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    """unreadable.py cannot be read and unwritable.py cannot be replaced, even for root."""
    real_read_bytes = pathlib.Path.read_bytes
    real_replace = os.replace

    def read_bytes(self: pathlib.Path) -> bytes:
        if self.name == "unreadable.py":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    def replace(source: str, target: str | os.PathLike[str]) -> None:
        if pathlib.Path(target).name == "unwritable.py":
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    monkeypatch.setattr(files.os, "replace", replace)


@pytest.mark.usefixtures("simulated_permissions")
def test_each_bad_input_gives_one_error_line_and_the_good_files_are_migrated(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    empty_dir = tmp_path / "docs_only"
    empty_dir.mkdir()
    (empty_dir / "README.md").write_text("# nothing to migrate\n")
    missing = tmp_path / "missing.py"
    before = build_tree(root)

    status = cli.main(["migrate", str(root), str(empty_dir), str(missing)])
    out, err = capsys.readouterr()

    assert status == 2
    assert "Traceback" not in out + err
    error_lines = err.splitlines()
    expected_errors = {str(root / name): message for name, (_, message) in BAD_FILES.items()}
    expected_errors[str(root / "loop_a.py")] = "symbolic link loop; not followed"
    expected_errors[str(root / "loop_b.py")] = "symbolic link loop; not followed"
    expected_errors[str(empty_dir)] = "no Python files or notebooks found"
    expected_errors[str(missing)] = "no such file or directory"
    for path, message in expected_errors.items():
        lines = [line for line in error_lines if line.startswith(f"{path}: error: ")]
        assert len(lines) == 1, (path, error_lines)
        assert lines[0].startswith(f"{path}: error: {message}"), lines[0]
    assert len(error_lines) == len(expected_errors), error_lines

    # Bad files are untouched, byte for byte; nothing else is left beside them.
    for name in BAD_FILES:
        assert raw(root / name) == before[name], name
    assert not [name for name in os.listdir(root) if name.startswith(files.TEMP_PREFIX)]

    # The good files are migrated, keeping BOM and CRLF; files with nothing to do are untouched.
    assert (root / "good.py").read_text() == "import tensorflow as tf\nproduct = tf.multiply(a, b)\nprint(product.numpy())\n"
    bom_crlf = raw(root / "bom_crlf.py")
    assert bom_crlf.startswith(b"\xef\xbb\xbf") and b"tf.multiply(a, b)\r\n" in bom_crlf
    assert b"\n" not in bom_crlf.replace(b"\r\n", b"")
    assert raw(root / "empty.py") == b""
    assert raw(root / "plain.py") == before["plain.py"]
    notebook = json.loads((root / "good.ipynb").read_text())
    assert notebook["cells"][1]["source"] == ["%matplotlib inline\n", "import tensorflow as tf\n", "difference = tf.subtract(a, b)"]
    assert notebook["cells"][1]["outputs"] == GOOD_NOTEBOOK["cells"][1]["outputs"]


def test_check_mode_on_bad_input_writes_nothing(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "good.py").write_text(GOOD_TF1)
    (root / "binary.py").write_bytes(b"\x00" * 16)
    status = cli.main(["migrate", "--check", str(root)])
    _, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [f"{root / 'binary.py'}: error: binary file, not source code (NUL byte at offset 0, line 1, column 1)"]
    assert (root / "good.py").read_text() == GOOD_TF1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x = '\xe9'\n", "-: error: not valid utf-8: byte 0xe9 at offset 5 (line 1, column 6); only UTF-8 is read here"),
        (b"x = 1\n\x00", "-: error: binary file, not source code (NUL byte at offset 6, line 2, column 1)"),
        (b"print 'x'\n", "-: error: syntax error at line 1, column 1: looks like Python 2 (print statement at line 1)"),
    ],
)
def test_bad_stdin_gives_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: bytes, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    status = cli.main(["migrate", "-"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith(message), err

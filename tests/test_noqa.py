"""`# noqa: CODE`, `# tfmigrate: skip-file` and `--add-noqa`.

A suppressed finding is not printed and does not fail `--check`; the JSON
report keeps it, marked. Expected texts are written by hand.
"""

from __future__ import annotations

import json
import pathlib

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, read, run, write

CONTRIB = "tf.contrib.learn.datasets.load_dataset('iris')"

# (source, is the TFM408 finding at line 2 accepted?)
NOQA_CASES = [
    (f"import tensorflow as tf\nw = {CONTRIB}  # noqa: TFM408\n", True),
    (f"import tensorflow as tf\nw = {CONTRIB}  # NOQA:tfm408\n", True),
    (f"import tensorflow as tf\nw = {CONTRIB}  # noqa: E501, TFM408\n", True),
    (f"import tensorflow as tf\nw = {CONTRIB}  # keep  # noqa: TFM408\n", True),
    (f"import tensorflow as tf\nw = init(\n    {CONTRIB},\n)  # noqa: TFM408\n", True),  # the statement's end
    (f"import tensorflow as tf\nw = {CONTRIB}  # noqa\n", False),  # bare: accepts nothing
    (f"import tensorflow as tf\nw = {CONTRIB}  # noqa: TFM101\n", False),  # another code
    (f"import tensorflow as tf\nw = {CONTRIB}  # noqa: TFM40\n", False),  # codes are whole
    (f'import tensorflow as tf\nw = ({CONTRIB}, "# noqa: TFM408")\n', False),  # inside a string
    (f"import tensorflow as tf\n# noqa: TFM408\nw = {CONTRIB}\n", False),  # the line above
]


@pytest.mark.parametrize(("source", "accepted"), NOQA_CASES)
def test_noqa_accepts_a_finding(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                source: str, accepted: bool) -> None:
    path = write(tmp_path / "m.py", source)
    status, out, _ = run(capsys, "migrate", "--check", str(path))
    assert ("TFM408" in out) is not accepted
    assert status == (0 if accepted else 1)
    assert out.splitlines()[-1].endswith(", 1 suppressed") is accepted


def test_json_keeps_suppressed_findings_marked(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "m.py", f"import tensorflow as tf\nw = {CONTRIB}  # noqa: TFM408\n")
    _, out, _ = run(capsys, "migrate", "--check", "--output-format", "json", str(tmp_path))
    data = json.loads(out)
    (finding,) = data["files"][0]["findings"]
    assert (finding["code"], finding["suppressed"]) == ("TFM408", True)
    assert (data["summary"]["manual"], data["summary"]["suppressed"]) == (0, 1)


def test_noqa_survives_the_migration_of_the_rest(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "m.py", f"import tensorflow as tf\nz = tf.mul(x, y)\nw = {CONTRIB}  # noqa: TFM408\n")
    assert run(capsys, "migrate", str(path))[0] == 0
    assert read(path) == f"import tensorflow as tf\nz = tf.multiply(x, y)\nw = {CONTRIB}  # noqa: TFM408\n"
    assert run(capsys, "migrate", "--check", str(path))[0] == 0


@pytest.mark.parametrize("marker", ["# tfmigrate: skip-file", "#tfmigrate:skip-file"])
def test_skip_file_leaves_the_file_alone(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                         marker: str) -> None:
    source = f"{marker}\n{TF1_MUL}"
    path = write(tmp_path / "m.py", source)
    status, out, _ = run(capsys, "migrate", str(path))
    assert (status, read(path)) == (0, source)
    assert "TFM" not in out
    assert run(capsys, "migrate", "--check", str(path))[0] == 0


def test_skip_file_in_a_string_does_not_skip(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "m.py", 'import tensorflow as tf\nz = tf.mul(x, "# tfmigrate: skip-file")\n')
    assert run(capsys, "migrate", str(path))[0] == 0
    assert "tf.multiply" in read(path)


def test_add_noqa_lets_a_project_adopt_the_gate(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    manual = write(tmp_path / "manual.py", TF1_MANUAL)
    spread = write(tmp_path / "spread.py", f"import tensorflow as tf\nw = init(\n    {CONTRIB},\n)  # noqa: E501\n")
    crlf = write(tmp_path / "crlf.py", TF1_MANUAL.replace("\n", "\r\n"))
    assert run(capsys, "migrate", "--check", str(tmp_path))[0] == 1
    status, out, _ = run(capsys, "migrate", "--add-noqa", str(tmp_path))
    assert status == 0
    assert read(manual) == "import tensorflow as tf\nw = tf.get_collection('weights')  # noqa: TFM402\n"
    assert read(spread) == f"import tensorflow as tf\nw = init(\n    {CONTRIB},\n)  # noqa: E501, TFM408\n"
    assert read(crlf) == "import tensorflow as tf\r\nw = tf.get_collection('weights')  # noqa: TFM402\r\n"
    assert out.splitlines()[-1] == (
        "3 file(s): 3 changed, 0 unchanged, 0 error(s); findings: 0 fixed, 0 manual, 0 swap(s), 3 suppressed"
    )
    assert run(capsys, "migrate", "--check", str(tmp_path))[0] == 0
    before = {p.name: read(p) for p in tmp_path.iterdir()}
    assert run(capsys, "migrate", "--add-noqa", str(tmp_path))[0] == 0
    assert {p.name: read(p) for p in tmp_path.iterdir()} == before  # a second run adds nothing


def test_add_noqa_rewrites_nothing_else(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = f"import tensorflow as tf\nz = tf.mul(x, y)\nw = {CONTRIB}\n"
    path = write(tmp_path / "m.py", source)
    assert run(capsys, "migrate", "--add-noqa", str(path))[0] == 0
    assert read(path) == source.replace(f"{CONTRIB}\n", f"{CONTRIB}  # noqa: TFM408\n")

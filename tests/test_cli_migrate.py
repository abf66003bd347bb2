"""`tfmigrate migrate` and `tfmigrate rules` from the command line, in process.

Each test builds a small tree in tmp_path, runs ``cli.main([...])`` and checks
what was written, printed and returned against outputs written by hand.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from cli_helpers import feed_stdin, read, run, write

from tfmigrate import cli
from tfmigrate.rules import ALL_RULES

TF1_MUL = "import tensorflow as tf\nz = tf.mul(x, y)\n"
TF2_MUL = "import tensorflow as tf\nz = tf.multiply(x, y)\n"
TF1_SWAP = "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)\n"
TF2_SWAP_FIXED = "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)\n"
TF1_SESSION = (
    "import tensorflow as tf\n"
    "x = tf.constant([1., 2.])\n"
    "with tf.Session() as sess:\n"
    "    print(sess.run(tf.mul(x, 2.)))\n"
)
TF2_SESSION = "import tensorflow as tf\nx = tf.constant([1., 2.])\nprint(tf.multiply(x, 2.).numpy())\n"
PLAIN = "import os\nprint(os.sep)\n"

FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>TFM\d{3}) (?P<message>.+)$")
SUMMARY_LINE = re.compile(
    r"^\d+ file\(s\): \d+ [a-z ]+, \d+ unchanged, \d+ error\(s\); findings: \d+ (fixed|fixable), \d+ manual, \d+ swap\(s\)$"
)






@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """src/ with a file to rename, a swap, a session file, a non-TF file and a non-Python file."""
    root = tmp_path / "src"
    write(root / "mul.py", TF1_MUL)
    write(root / "pkg" / "swap.py", TF1_SWAP)
    write(root / "pkg" / "deep" / "session.py", TF1_SESSION)
    write(root / "pkg" / "plain.py", PLAIN)
    write(root / "notes.txt", TF1_MUL)  # not Python: never touched
    return root


def snapshot(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}






# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------
def test_in_place_rewrites_only_what_changes(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "migrate", str(tree))
    assert status == 0, err
    assert read(tree / "mul.py") == TF2_MUL
    assert read(tree / "pkg" / "deep" / "session.py") == TF2_SESSION
    assert read(tree / "pkg" / "swap.py") == TF1_SWAP  # faithful by default: the swap is reported, not fixed
    assert read(tree / "pkg" / "plain.py") == PLAIN
    assert read(tree / "notes.txt") == TF1_MUL
    assert f"{tree / 'mul.py'}:2:5: TFM101 renamed tf.mul to tf.multiply (removed in TF 1.0)" in out.splitlines()
    assert out.splitlines()[-1] == (
        "4 file(s): 2 changed, 2 unchanged, 0 error(s); findings: 3 fixed, 0 manual, 1 swap(s)"
    )


def test_second_run_changes_nothing(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "migrate", str(tree))[0] == 0
    before = snapshot(tree)
    status, out, _ = run(capsys, "migrate", "--check", str(tree))
    assert status == 1  # nothing would change, but the swap still needs action
    assert snapshot(tree) == before
    assert out.splitlines()[-1].startswith("4 file(s): 0 would change, 4 unchanged, 0 error(s)")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "mul.py", TF1_MUL)
    status, out, err = run(capsys, "migrate", "--diff", str(path))
    assert status == 0
    assert read(path) == TF1_MUL
    assert out == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,2 +1,2 @@\n"
        " import tensorflow as tf\n-z = tf.mul(x, y)\n+z = tf.multiply(x, y)\n"
    )
    # With --diff, stdout carries the patch alone; findings and the summary go to stderr.
    assert f"{path}:2:5: TFM101" in err
    assert SUMMARY_LINE.match(err.splitlines()[-1])


def test_diff_of_an_unchanged_file_is_empty(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "plain.py", PLAIN)
    status, out, _ = run(capsys, "migrate", "--diff", str(path))
    assert (status, out) == (0, "")


def test_check_exits_1_when_something_would_change(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(tree)
    status, out, _ = run(capsys, "migrate", "--check", str(tree))
    assert status == 1
    assert snapshot(tree) == before
    assert out.splitlines()[-1].startswith("4 file(s): 2 would change, 2 unchanged, 0 error(s)")


def test_check_exits_0_when_nothing_would_change(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "done.py", TF2_MUL)
    write(tmp_path / "plain.py", PLAIN)
    assert run(capsys, "migrate", "--check", str(tmp_path))[0] == 0


def test_out_dir_writes_a_mirrored_tree_and_leaves_sources(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tree.parent / "out"
    before = snapshot(tree)
    status, out, _ = run(capsys, "migrate", "--out-dir", str(out_dir), str(tree))
    assert status == 0
    assert snapshot(tree) == before
    assert sorted(snapshot(out_dir)) == ["mul.py", "pkg/deep/session.py", "pkg/plain.py", "pkg/swap.py"]
    assert read(out_dir / "mul.py") == TF2_MUL
    assert read(out_dir / "pkg" / "deep" / "session.py") == TF2_SESSION
    assert read(out_dir / "pkg" / "plain.py") == PLAIN
    assert f"written to {out_dir}" in out.splitlines()[-1]


# ---------------------------------------------------------------------------
# stdin
# ---------------------------------------------------------------------------
def test_stdin_to_stdout_with_findings_on_stderr(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_SESSION)
    status, out, err = run(capsys, "migrate", "-")
    assert status == 0
    assert out == TF2_SESSION
    lines = err.splitlines()
    assert "-:3:1: TFM201 ran the code of session sess eagerly" in lines
    assert "-:4:20: TFM101 renamed tf.mul to tf.multiply (removed in TF 1.0)" in lines
    assert SUMMARY_LINE.match(lines[-1])


def test_stdin_check_prints_no_code(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    status, out, _ = run(capsys, "migrate", "--check", "-")
    # No code on stdout, so the report is the product there.
    assert status == 1
    assert out.splitlines() == [
        "-:2:5: TFM101 would rename tf.mul to tf.multiply (removed in TF 1.0)",
        "1 file(s): 1 would change, 0 unchanged, 0 error(s); findings: 1 fixable, 0 manual, 0 swap(s)",
    ]
    feed_stdin(monkeypatch, TF2_MUL)
    status, out, _ = run(capsys, "migrate", "--check", "-")
    assert status == 0
    assert "import" not in out


def test_stdin_non_ascii_source(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    source = "import tensorflow as tf\n# 均方误差\n损失 = tf.reduce.mean(tf.square(预测 - 目标))\n"
    feed_stdin(monkeypatch, source)
    status, out, err = run(capsys, "migrate", "-")
    assert status == 0
    assert out == source.replace("tf.reduce.mean", "tf.reduce_mean")
    assert "-:3:6: TFM102" in err


def test_stdin_syntax_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, "import tensorflow as tf\nz = tf.mul(x,\n")
    status, out, err = run(capsys, "migrate", "-")
    assert status == 2
    assert out == ""
    assert err.startswith("-: error: ")
    assert [line for line in err.splitlines() if "error:" in line] == [err.splitlines()[0]]
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# Rule selection and options
# ---------------------------------------------------------------------------
def test_select_runs_only_the_chosen_rules(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "s.py", TF1_SESSION)
    assert run(capsys, "migrate", "--select", "TFM101", str(path))[0] == 0
    assert read(path) == TF1_SESSION.replace("tf.mul", "tf.multiply")


def test_select_accepts_a_family_prefix(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "s.py", TF1_SESSION)
    assert run(capsys, "migrate", "--select", "TFM2", str(path))[0] == 0
    assert read(path) == "import tensorflow as tf\nx = tf.constant([1., 2.])\nprint(tf.mul(x, 2.).numpy())\n"


def test_ignore_skips_rules(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "s.py", TF1_SESSION)
    status, out, _ = run(capsys, "migrate", "--ignore", "TFM101,TFM401", str(path))
    assert status == 0
    assert "TFM101" not in out
    assert read(path) == "import tensorflow as tf\nx = tf.constant([1., 2.])\nprint(tf.mul(x, 2.).numpy())\n"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_code_is_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    path = write(tmp_path / "mul.py", TF1_MUL)
    status, out, err = run(capsys, "migrate", option, "TFM999", str(path))
    assert status == 2
    assert read(path) == TF1_MUL
    assert err.strip() == "tfmigrate: error: unknown rule code or name 'TFM999'; see `tfmigrate rules`"


def test_fix_swaps_applies_the_fix_and_says_values_change(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "swap.py", TF1_SWAP)
    report = tmp_path / "report.json"
    status, out, _ = run(capsys, "migrate", "--fix-swaps", "--report", str(report), str(path))
    assert status == 0
    assert read(path) == TF2_SWAP_FIXED
    (finding,) = json.loads(read(report))["files"][0]["findings"]
    assert finding["kind"] == "swap" and "the computed values change" in finding["message"]
    assert out.splitlines()[-1].endswith("findings: 0 fixed, 0 manual, 1 swap(s)")


def test_written_for_0x_reads_positions_logits_first(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "w.py", "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(h, z, 2.)\n")
    assert run(capsys, "migrate", "--written-for", "0.x", str(path))[0] == 0
    assert read(path) == "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(logits=h, labels=z, pos_weight=2.)\n"


# ---------------------------------------------------------------------------
# Report, findings format, summary, exit codes
# ---------------------------------------------------------------------------
def test_report_json_contents(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tree.parent / "report.json"
    assert run(capsys, "migrate", "--check", "--report", str(report), str(tree))[0] == 1
    data = json.loads(read(report))
    files = {pathlib.Path(entry["path"]).relative_to(tree).as_posix(): entry for entry in data["files"]}
    assert sorted(files) == ["mul.py", "pkg/deep/session.py", "pkg/plain.py", "pkg/swap.py"]
    assert files["mul.py"]["changed"] is True and files["mul.py"]["error"] is None
    assert files["mul.py"]["findings"] == [
        {
            "code": "TFM101",
            "message": "would rename tf.mul to tf.multiply (removed in TF 1.0)",  # --check: conditional
            "line": 2,
            "col": 5,
            "kind": "fixed",
            "action": "",
            "path": str(tree / "mul.py"),
            "suppressed": False,
            "subject": "",
        }
    ]
    assert files["pkg/plain.py"] == {"path": str(tree / "pkg" / "plain.py"), "changed": False, "error": None, "findings": []}
    swap = files["pkg/swap.py"]["findings"][0]
    assert (swap["code"], swap["kind"], swap["line"], swap["col"]) == ("TFM302", "swap", 2, 5)
    assert "labels=y_true, logits=y_pred" in swap["action"]
    assert [f["code"] for f in files["pkg/deep/session.py"]["findings"]] == ["TFM201", "TFM101"]
    assert data["summary"] == {"files": 4, "changed": 2, "unchanged": 2, "errors": 0, "fixed": 3, "manual": 0, "swaps": 1, "suppressed": 0}


def test_every_finding_line_has_the_documented_format(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tree / "manual.py", "import tensorflow as tf\nw = tf.get_collection('weights')\n")
    status, out, _ = run(capsys, "migrate", "--fallback", "none", str(tree))  # keep tf.get_collection as written
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 6  # five findings and the summary
    for line in lines[:-1]:
        match = FINDING_LINE.match(line)
        assert match, line
        assert pathlib.Path(match["path"]).is_file()
    assert SUMMARY_LINE.match(lines[-1])
    manual = next(line for line in lines if "TFM402" in line)
    assert manual.startswith(f"{tree / 'manual.py'}:2:5: TFM402 tf.get_collection left as written")
    assert manual.endswith("]")  # the action, in brackets


def test_quiet_prints_only_findings_that_need_action(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "migrate", "--quiet", "--check", str(tree))
    assert status == 1
    codes = [FINDING_LINE.match(line)["code"] for line in out.splitlines()[:-1]]  # type: ignore[index]
    assert codes == ["TFM302"]


def test_bad_file_costs_one_line_and_exit_2_others_still_migrated(
    tree: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tree / "broken.py", "import tensorflow as tf\nz = tf.mul(x,\n")
    status, out, err = run(capsys, "migrate", str(tree))
    assert status == 2
    assert read(broken) == "import tensorflow as tf\nz = tf.mul(x,\n"
    assert read(tree / "mul.py") == TF2_MUL
    error_lines = [line for line in err.splitlines() if line.startswith(str(broken))]
    assert len(error_lines) == 1 and error_lines[0].startswith(f"{broken}: error: syntax error at line ")
    assert "Traceback" not in err
    assert ", 1 error(s);" in out.splitlines()[-1]


def test_missing_path_is_exit_2(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "migrate", str(tmp_path / "nope.py"))
    assert status == 2
    assert err.startswith(f"{tmp_path / 'nope.py'}: error: ")


def test_exit_codes_are_documented_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["migrate", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "path:line:col: CODE message" in text
    for code in ("0", "1", "2"):
        assert re.search(rf"^\s+{code}\s+\S", text, re.MULTILINE), code


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["migrate", "--output-format", "xml", "x.py"])
    assert exit_info.value.code == 2
    assert cli.main(["migrate", "--out-dir", "out", "--check", "x.py"]) == 2  # --out-dir writes; --check does not
    assert cli.main([]) == 2


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------
def _notebook() -> dict[str, object]:
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# tf.mul in markdown stays\n"]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "outputs": [{"name": "stdout", "output_type": "stream", "text": ["Collecting tensorflow\n"]}],
                "source": ["!pip install tensorflow\n", "%matplotlib inline\n", "import tensorflow as tf\n", "sess = tf.Session()"],
            },
            {
                "cell_type": "code",
                "execution_count": 2,
                "metadata": {},
                "outputs": [{"data": {"text/plain": ["array([2., 4.], dtype=float32)"]}, "execution_count": 2,
                             "metadata": {}, "output_type": "execute_result"}],
                "source": ["x = tf.constant([1., 2.])\n", "sess.run(tf.mul(x, 2.))"],
            },
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_notebook_code_cells_migrated_magics_and_outputs_kept(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = _notebook()
    path = write(tmp_path / "nb" / "demo.ipynb", json.dumps(original, indent=1) + "\n")
    status, out, _ = run(capsys, "migrate", str(tmp_path / "nb"))
    assert status == 0
    migrated = json.loads(read(path))
    cells = migrated["cells"]
    assert cells[0] == original["cells"][0]  # type: ignore[index]
    assert cells[1]["source"] == ["!pip install tensorflow\n", "%matplotlib inline\n", "import tensorflow as tf"]
    assert cells[1]["outputs"] == original["cells"][1]["outputs"]  # type: ignore[index]
    assert cells[2]["source"] == ["x = tf.constant([1., 2.])\n", "tf.multiply(x, 2.).numpy()"]
    assert cells[2]["outputs"] == original["cells"][2]["outputs"]  # type: ignore[index]
    assert migrated["metadata"] == original["metadata"]
    # Findings name the cell and the line inside it.
    assert f"{path}[cell 2]:4:1: TFM201" in out  # cells count from 1, markdown too
    assert f"{path}[cell 3]:2:10: TFM101" in out


# ---------------------------------------------------------------------------
# Parallel runs
# ---------------------------------------------------------------------------
def test_jobs_2_gives_the_same_output_and_report_as_jobs_1(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(6):  # enough files for the pool to split them
        write(tree / "more" / f"m{index}.py", TF1_MUL + f"k = tf.log({index}.)\n")
    results = {}
    for jobs in ("1", "2"):
        out_dir = tree.parent / f"out{jobs}"
        report = tree.parent / f"report{jobs}.json"
        status, out, err = run(capsys, "migrate", "--jobs", jobs, "--out-dir", str(out_dir), "--report", str(report), str(tree))
        results[jobs] = (status, out.replace(str(out_dir), "OUT"), err, snapshot(out_dir), read(report))
    assert results["1"] == results["2"]
    assert results["1"][3]["more/m3.py"] == (TF2_MUL + "k = tf.math.log(3.)\n").encode()


# ---------------------------------------------------------------------------
# tfmigrate rules
# ---------------------------------------------------------------------------
def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules")
    assert status == 0
    lines = out.splitlines()
    codes = sorted(code for rule in ALL_RULES for code in rule.codes())
    assert [line.split()[0] for line in lines] == codes
    for rule in ALL_RULES:
        line = next(line for line in lines if line.split()[0] == rule.CODE)
        assert line.split(None, 2) == [rule.CODE, rule.NAME, rule.DESCRIPTION]
    assert {"TFM101", "TFM102", "TFM103", "TFM201", "TFM301", "TFM302", "TFM401", "TFM405", "TFM501", "TFM601"} <= set(codes)


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules", "--json")
    assert status == 0
    assert {entry["code"] for entry in json.loads(out)} == {code for rule in ALL_RULES for code in rule.codes()}


# ---------------------------------------------------------------------------
# docs/rules.md is generated from the rules
# ---------------------------------------------------------------------------
def _rules_doc_script() -> object:
    import importlib.util

    script = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "gen_rules_doc.py"
    spec = importlib.util.spec_from_file_location("gen_rules_doc", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_doc_is_up_to_date() -> None:
    generator = _rules_doc_script()
    doc = pathlib.Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert read(doc) == generator.render(), "docs/rules.md is stale: run python scripts/gen_rules_doc.py"  # type: ignore[attr-defined]


def test_rules_doc_shows_every_rule_and_case() -> None:
    text = _rules_doc_script().render()  # type: ignore[attr-defined]
    for rule in ALL_RULES:
        assert f"## {rule.CODE} `{rule.NAME}`\n\n### What it does\n\n" in text
        for case in rule.CASES:
            assert f"```python\n{case.before.rstrip()}\n```" in text
            if case.after is not None:
                assert f"```python\n{case.after.rstrip()}\n```" in text
    assert "(with `--fix-swaps`)" in text and "(with `--written-for 0.x`)" in text

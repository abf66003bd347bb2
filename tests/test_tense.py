"""Where nothing is written (--check, --diff), findings read in the conditional.

Every fixed finding any rule reports on its own cases must start from a verb
the conditional table knows, so a new rule's message cannot stay past tense.
"""

from __future__ import annotations

import pathlib

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, run, write

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Finding, Kind
from tfmigrate.rules import ALL_RULES

CONDITIONAL = [
    ("renamed tf.mul to tf.multiply (removed in TF 1.0)", "would rename tf.mul to tf.multiply (removed in TF 1.0)"),
    ("ran the code of session sess eagerly", "would run the code of session sess eagerly"),
    ("initialized_value() became read_value(): a new eager variable holds its initial value",
     "initialized_value() would become read_value(): a new eager variable holds its initial value"),
    ("positional tf.nn.x call read in 1.x order as (labels, logits)",
     "positional tf.nn.x call would be read in 1.x order as (labels, logits)"),
    ("tf.foo exists in no TensorFlow version; rewrote it as tf.bar",
     "tf.foo exists in no TensorFlow version; would rewrite it as tf.bar"),
]


@pytest.mark.parametrize(("past", "conditional"), CONDITIONAL)
def test_conditional_of_a_fixed_finding(past: str, conditional: str) -> None:
    assert Finding("TFM101", past, kind=Kind.FIXED).conditional().message == conditional


def test_findings_left_for_the_user_keep_their_wording() -> None:
    finding = Finding("TFM401", "tf.foo has no safe TF 2 form; kept as written", kind=Kind.MANUAL)
    assert finding.conditional() == finding


def _fixed_findings() -> list[Finding]:
    found = []
    for rule in ALL_RULES:
        for case in rule.CASES:
            options = {o.partition("=")[0]: o.partition("=")[2] or True for o in case.options}
            found += [f for f in migrate_source(case.before, **options).findings if f.kind == Kind.FIXED]  # type: ignore[arg-type]
    return found


def test_every_fixed_message_of_every_rule_has_a_conditional() -> None:
    found = _fixed_findings()
    assert len(found) > 20
    unchanged = sorted({f.message for f in found if f.conditional().message == f.message})
    assert not unchanged, "add the verb to tfmigrate.findings.CONDITIONAL"
    assert all("would " in f.conditional().message for f in found)


@pytest.mark.parametrize("mode", [["--check"], ["--diff"], ["--check", "--diff"]])
def test_check_and_diff_say_would(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], mode: list[str]) -> None:
    path = write(tmp_path / "mul.py", TF1_MUL)
    _, out, err = run(capsys, "migrate", *mode, str(path))
    assert f"{path}:2:5: TFM101 would rename tf.mul to tf.multiply (removed in TF 1.0)" in (out + err).splitlines()
    assert "findings: 1 fixable," in (out + err)


def test_a_writing_run_says_what_it_did(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "mul.py", TF1_MUL)
    write(tmp_path / "manual.py", TF1_MANUAL)
    _, out, _ = run(capsys, "migrate", str(tmp_path))
    assert f"{path}:2:5: TFM101 renamed tf.mul to tf.multiply (removed in TF 1.0)" in out.splitlines()
    assert "findings: 1 fixed, 1 manual, 0 swap(s)" in out

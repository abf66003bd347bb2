"""``tfmigrate explain CODE`` / ``tfmigrate rules CODE``: each rule's page, from the rule class."""

from __future__ import annotations

import pathlib

import pytest

from tfmigrate.cli import main
from tfmigrate.rules import ALL_RULES

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "rules.md"
HEADINGS = ["What it does", "Why it matters", "What it leaves alone", "Example", "Use instead"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.CODE)
def test_every_rule_says_why_what_it_leaves_and_what_to_use_instead(rule):
    for attribute in ("DESCRIPTION", "WHY", "LEAVES", "INSTEAD"):
        text = getattr(rule, attribute)
        assert text.strip() and text.rstrip().endswith("."), (rule.CODE, attribute)


def explained(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_explain_shows_the_sections_in_order_and_an_example_from_the_cases(capsys):
    out = explained(capsys, "explain", "TFM101")
    assert out.startswith("# TFM101 `rename-to-tf2`\n")
    positions = [out.index(f"## {heading}\n") for heading in HEADINGS]
    assert positions == sorted(positions)
    example = out[out.index("## Example"):out.index("## Use instead")]
    # The rule's first case, as written beside the rule.
    assert "Before:\n\n```python\nimport tensorflow as tf\nz = tf.mul(x, y)\n```" in example
    assert "After:\n\n```python\nimport tensorflow as tf\nz = tf.multiply(x, y)\n```" in example
    assert "example.py:2:5: TFM101 renamed tf.mul to tf.multiply (removed in TF 1.0)" in example
    leaves = out[out.index("## What it leaves alone"):out.index("## Example")]
    assert "For example, this stays as written:\n\n```python\nimport tensorflow" in leaves


def test_a_rule_that_only_reports_shows_what_it_reports(capsys):
    out = explained(capsys, "explain", "swapped-labels-logits")
    example = out[out.index("## Example"):out.index("## Use instead")]
    assert "After:" not in example
    assert "TFM302 labels=y_pred and logits=y_true look swapped" in example
    assert "--fix-swaps" in out[out.index("## Use instead"):]


def test_rules_code_is_explain_code(capsys):
    assert explained(capsys, "rules", "tfm201") == explained(capsys, "explain", "TFM201")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.CODE)
def test_explain_prints_the_rules_page_of_the_docs(capsys, rule):
    section = explained(capsys, "explain", rule.CODE).replace("\n## ", "\n### ").replace("# ", "## ", 1)
    assert section in DOC.read_text(encoding="utf-8")


def test_an_unknown_code_is_one_line_and_exit_2(capsys):
    assert main(["explain", "TFM999"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "unknown rule 'TFM999'" in captured.err and "TFM101" in captured.err

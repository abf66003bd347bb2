"""Each kind of name TFM401 reports has its own code and name, selectable on its own."""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.rules import ALL_RULES, UnknownRuleError, select_rules

SOURCE = (
    "import tensorflow as tf\n"
    "x = tf.placeholder(tf.float32)\n"
    "losses = tf.get_collection('losses')\n"
    "z = tf.py_func(f, [a], tf.float32)\n"
)

# (select, ignore) -> the codes reported
SELECTIONS = [
    ((), (), {"TFM401", "TFM402", "TFM405"}),
    (("placeholders",), (), {"TFM405"}),
    (("TFM405",), (), {"TFM405"}),
    ((), ("placeholders",), {"TFM401", "TFM402"}),
    ((), ("graph-collections", "TFM405"), {"TFM401"}),
    ((), ("no-tf2-form",), {"TFM402", "TFM405"}),
    (("TFM4",), ("TFM40",), set()),
    (("NO-TF2-FORM",), (), {"TFM401"}),
]


@pytest.mark.parametrize(("select", "ignore", "codes"), SELECTIONS)
def test_select_and_ignore_by_code_or_name(select: tuple[str, ...], ignore: tuple[str, ...], codes: set[str]) -> None:
    result = migrate_source(SOURCE, select=select or None, ignore=ignore)
    assert {finding.code for finding in result.findings} == codes
    assert result.code == SOURCE


def test_findings_carry_the_name_they_are_about() -> None:
    subjects = {(f.code, f.subject) for f in migrate_source(SOURCE).findings}
    assert subjects == {("TFM405", "tf.placeholder"), ("TFM402", "tf.get_collection"), ("TFM401", "tf.py_func")}


def test_every_code_and_name_is_unique() -> None:
    codes = [code for rule in ALL_RULES for code in rule.codes()]
    names = [name for rule in ALL_RULES for name in rule.codes().values()]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    assert all(name == name.lower() and " " not in name for name in names)


def test_an_unknown_name_is_an_error() -> None:
    with pytest.raises(UnknownRuleError):
        select_rules(["no-such-rule"])


def test_messages_name_the_construct_and_the_action() -> None:
    for finding in migrate_source(SOURCE).findings:
        assert finding.subject in finding.message
        assert finding.action


def test_rnn_cells_name_what_differs_from_keras() -> None:
    """BasicLSTMCell adds forget_bias at every step; Keras LSTMCell only initialises its bias: not the same cell."""
    (finding,) = migrate_source("import tensorflow as tf\ncell = tf.contrib.rnn.BasicLSTMCell(10)\n").findings
    assert finding.code == "TFM408" and "forget_bias" in finding.action

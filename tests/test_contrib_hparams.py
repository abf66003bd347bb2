"""TFM505: tf.contrib.training.HParams -> tfmigrate.support.hparams.HParams.

Before/after pairs, refusals with every blocking use reported, and a migrated
module run as a program. What the class itself computes is checked against
TF 1.15's class in tests/test_support_hparams.py.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    (
        "import tensorflow as tf\nh = tf.contrib.training.HParams(lr=0.1)\n",
        "import tensorflow as tf\nfrom tfmigrate.support.hparams import HParams\n\nh = HParams(lr=0.1)\n",
    ),
    (
        "from tensorflow.contrib.training import HParams\nh = HParams(n=1)\n",
        "from tfmigrate.support.hparams import HParams\nh = HParams(n=1)\n",
    ),
    (
        "from tensorflow.contrib.training import HParams as HP\nh = HP(n=1)\n",
        "from tfmigrate.support.hparams import HParams as HP\nh = HP(n=1)\n",
    ),
    (  # **kwargs are hyperparameters, as TF1 took them; a subclass and isinstance go with the name
        "import tensorflow as tf\n"
        "class Mine(tf.contrib.training.HParams):\n    pass\n"
        "h = tf.contrib.training.HParams(**values)\nok = isinstance(h, tf.contrib.training.HParams)\n",
        "import tensorflow as tf\nfrom tfmigrate.support.hparams import HParams\n\n"
        "class Mine(HParams):\n    pass\n"
        "h = HParams(**values)\nok = isinstance(h, HParams)\n",
    ),
    (
        "import tensorflow.contrib.training as training\nh = training.HParams(a=1)\n",
        "import tensorflow.contrib.training as training\nfrom tfmigrate.support.hparams import HParams\n\n"
        "h = HParams(a=1)\n",
    ),
]

# (source, the findings that say why it stays)
REFUSALS = [
    (
        "import tensorflow as tf\na = tf.contrib.training.HParams(proto)\nb = tf.contrib.training.HParams(hparam_def=p)\n",
        ["2:5 TFM505", "3:5 TFM505"],
    ),
    (
        "from tensorflow.contrib.training import HParams, HParamDef\nh = HParams(a=1)\n",
        ["1:1 TFM505"],
    ),
    (
        "import tensorflow as tf\nfrom mylib import HParams\nh = tf.contrib.training.HParams(a=1)\n",
        ["3:5 TFM505"],
    ),
    (
        "import tensorflow as tf\ndef f(HParams):\n    return tf.contrib.training.HParams(a=HParams)\n",
        ["3:12 TFM505"],
    ),
]

NO_OPS = [
    "from tfmigrate.support.hparams import HParams\nh = HParams(a=1)\n",
    "import tensorflow as tf\nh = tf.contrib.training.HParamDef\n",
    "class HParams:\n    pass\nh = HParams()\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_pair(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert [f.code for f in result.findings if f.code == "TFM505"], [f.format() for f in result.findings]
    assert not [f for f in result.findings if f.code == "TFM408"], "the converted name is reported as left"
    assert migrate_source(after).code == after


@pytest.mark.parametrize(("source", "findings"), REFUSALS)
def test_refusal_reports_every_blocking_use(source: str, findings: list[str]) -> None:
    result = migrate_source(source)
    assert "tfmigrate.support" not in result.code
    assert sorted(f.where() for f in result.findings if f.code == "TFM505") == findings


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM505"]


PROGRAM = """\
import json
from tensorflow.contrib.training import HParams


def default_hparams():
    return HParams(n_vocab=0, n_ctx=1024, n_embd=768, n_head=12)


hparams = default_hparams()
hparams.override_from_dict(json.loads('{"n_vocab": 50257, "n_head": 16}'))
hparams.parse("n_ctx=512")
try:
    hparams.override_from_dict({"n_embd": 76.8})
except ValueError as error:
    print("refused", error)
print(hparams.to_json(sort_keys=True))
"""


def test_a_migrated_module_runs_and_keeps_tf1_behaviour(tmp_path: pathlib.Path) -> None:
    """Expected output worked by hand from TF1's rules: ints stay ints, and a float never goes into an int."""
    migrated = migrate_source(textwrap.dedent(PROGRAM), fallback="compat")
    assert "tensorflow" not in migrated.code and migrated.state == "not-tf"
    script = tmp_path / "program.py"
    script.write_text(migrated.code)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "refused Could not cast hparam 'n_embd' of type '<class 'int'>' from value 76.8",
        '{"n_ctx": 512, "n_embd": 768, "n_head": 16, "n_vocab": 50257}',
    ]

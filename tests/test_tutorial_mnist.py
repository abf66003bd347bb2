"""TFM507: the tutorials' MNIST reader imported from tfmigrate.support.

Before/after pairs, refusals with every blocking statement reported, and
no-ops. What the reader reads is checked against TF 1.15's module in
tests/test_support_mnist.py.
"""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    ("from tensorflow.examples.tutorials.mnist import input_data\nm = input_data.read_data_sets('d')\n",
     "from tfmigrate.support import mnist_input_data as input_data\nm = input_data.read_data_sets('d')\n"),
    ("from tensorflow.examples.tutorials.mnist import input_data as reader\nm = reader.read_data_sets('d')\n",
     "from tfmigrate.support import mnist_input_data as reader\nm = reader.read_data_sets('d')\n"),
    ("import tensorflow.examples.tutorials.mnist.input_data as reader\nm = reader.read_data_sets('d')\n",
     "import tfmigrate.support.mnist_input_data as reader\nm = reader.read_data_sets('d')\n"),
    ("from tensorflow.examples.tutorials.mnist.input_data import read_data_sets\nm = read_data_sets('d')\n",
     "from tfmigrate.support.mnist_input_data import read_data_sets\nm = read_data_sets('d')\n"),
    # the reader inside a function, and twice
    ("def load():\n    from tensorflow.examples.tutorials.mnist import input_data\n"
     "    return input_data.read_data_sets('d', one_hot=True)\n"
     "from tensorflow.examples.tutorials.mnist import input_data\n",
     "def load():\n    from tfmigrate.support import mnist_input_data as input_data\n"
     "    return input_data.read_data_sets('d', one_hot=True)\n"
     "from tfmigrate.support import mnist_input_data as input_data\n"),
]

# (source, TFM507 findings): every blocking statement is named, and none is rewritten
REFUSALS = [
    ("from tensorflow.examples.tutorials.mnist import input_data, mnist\nm = input_data.read_data_sets('d')\n",
     ["1:1 TFM507"]),
    ("import tensorflow.examples.tutorials.mnist.input_data\n"
     "m = tensorflow.examples.tutorials.mnist.input_data.read_data_sets('d')\n", ["1:1 TFM507"]),
    ("from tensorflow.examples.tutorials.mnist import *\n"
     "from tensorflow.examples.tutorials.mnist import input_data, mnist\n", ["1:1 TFM507", "2:1 TFM507"]),
    # one import left as written keeps the other too: both names mean TF1's module
    ("from tensorflow.examples.tutorials.mnist import input_data\n"
     "from tensorflow.examples.tutorials.mnist import input_data as i2, mnist\n", ["2:1 TFM507"]),
]

NO_OPS = [
    "from tfmigrate.support import mnist_input_data as input_data\nm = input_data.read_data_sets('d')\n",
    "from tensorflow.examples.tutorials.mnist import mnist\nlogits = mnist.inference(images, 128, 32)\n",
    "import input_data\nm = input_data.read_data_sets('d')\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_pair(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert "TFM507" in {f.code for f in result.findings}
    assert "TFM417" not in {f.code for f in result.findings}, [f.format() for f in result.findings]
    assert migrate_source(after).code == after


@pytest.mark.parametrize(("source", "findings"), REFUSALS)
def test_refusal_names_every_blocking_statement(source: str, findings: list[str]) -> None:
    result = migrate_source(source)
    assert "tfmigrate.support" not in result.code
    assert sorted(f.where() for f in result.findings if f.code == "TFM507") == findings


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert result.code == source
    assert "TFM507" not in {f.code for f in result.findings}

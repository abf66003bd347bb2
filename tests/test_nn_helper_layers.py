"""TFM108: tf.nn.xw_plus_b and tf.nn.relu_layer written as the ops TF1 built them from.

Before/after pairs and a no-op list, then the values: each original runs in a
TF1 graph through tf.compat.v1 with a session, its migration runs eagerly,
and both are compared with numpy's x @ w + b (and its ReLU).
"""

from __future__ import annotations

import numpy as np
import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    ("import tensorflow as tf\ny = tf.nn.xw_plus_b(x, w, b)\n",
     "import tensorflow as tf\ny = tf.nn.bias_add(tf.matmul(x, w), b)\n"),
    ("import tensorflow as tf\ny = tf.nn.xw_plus_b(x, w, b, 'scores')\n",
     "import tensorflow as tf\ny = tf.nn.bias_add(tf.matmul(x, w), b, name='scores')\n"),
    ("import tensorflow as tf\ny = tf.nn.xw_plus_b(biases=b, x=x, weights=w)\n",
     "import tensorflow as tf\ny = tf.nn.bias_add(tf.matmul(x, w), b)\n"),
    ("import tensorflow as tf\ny = tf.nn.relu_layer(x, w, b)\n",
     "import tensorflow as tf\ny = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))\n"),
    ("import tensorflow as tf\ny = tf.nn.relu_layer(x, w, b, name=n)\n",
     "import tensorflow as tf\ny = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b), name=n)\n"),
    ("import tensorflow.compat.v1 as tf\ny = tf.nn.relu_layer(x, w, b)\n",
     "import tensorflow as tf\ny = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))\n"),
    # Arguments that are calls keep their text; nested helpers are each rewritten.
    ("import tensorflow as tf\ny = tf.nn.relu_layer(h[0], tf.squeeze(wts(3), [0, 1]), consts(3))\n",
     "import tensorflow as tf\ny = tf.nn.relu(tf.nn.bias_add(tf.matmul(h[0], tf.squeeze(wts(3), [0, 1])), consts(3)))\n"),
    ("import tensorflow as tf\ny = tf.nn.xw_plus_b(tf.nn.relu_layer(x, w1, b1), w2, b2)\n",
     "import tensorflow as tf\ny = tf.nn.bias_add(tf.matmul(tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w1), b1)), w2), b2)\n"),
]

NO_OPS = [
    "import tensorflow as tf\nop = tf.nn.relu_layer\n",
    "import tensorflow as tf\ny = tf.nn.xw_plus_b(x, w)\n",
    "import tensorflow as tf\ny = tf.nn.xw_plus_b(x, w, b, **extra)\n",
    "import tensorflow as tf\ny = tf.nn.relu_layer(x, w, b, n, 1)\n",
    "import tensorflow as tf\ny = tf.nn.relu_layer(x, w, b, x=x)\n",
    "import numpy as np\nnn = np\ny = nn.xw_plus_b(x, w, b)\n",
    "import tensorflow as tf\nclass nn:\n    xw_plus_b = staticmethod(lambda x, w, b: x)\ny = nn.xw_plus_b(x, w, b)\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewrites(before: str, after: str) -> None:
    result = migrate_source(before, layout=False)
    assert result.code == after
    assert [f.code for f in result.findings if f.code == "TFM108"], result.findings
    assert migrate_source(result.code, layout=False).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves(source: str) -> None:
    result = migrate_source(source, layout=False)
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM108"]


# -- values -------------------------------------------------------------------------------------

RNG = np.random.default_rng(7)
X = RNG.normal(size=(4, 3)).astype(np.float32)
W = RNG.normal(size=(3, 5)).astype(np.float32)
B = RNG.normal(size=(5,)).astype(np.float32)

VALUE_CALLS = [
    "tf.nn.xw_plus_b(x, w, b)",
    "tf.nn.xw_plus_b(x, w, b, name='scores')",
    "tf.nn.relu_layer(x, w, b)",
    "tf.nn.relu_layer(x, weights=w, biases=b, name='fc')",
    "tf.nn.relu_layer(tf.nn.xw_plus_b(x, w, b), tf.transpose(w), b[:3])",
]


def _hand(call: str) -> np.ndarray:
    """The same call computed with numpy: x @ w + b, and max(0, .) for relu_layer."""
    xw_plus_b = X @ W + B
    if call.startswith("tf.nn.relu_layer(tf.nn.xw_plus_b"):
        return np.maximum(0.0, xw_plus_b @ W.T + B[:3])
    return np.maximum(0.0, xw_plus_b) if call.startswith("tf.nn.relu_layer") else xw_plus_b


@pytest.mark.parametrize("call", VALUE_CALLS)
def test_values_match_tf1_graph_mode(call: str) -> None:
    tf = pytest.importorskip("tensorflow")
    graph = tf.Graph()
    with graph.as_default():
        inputs = {"tf": tf.compat.v1, "x": tf.constant(X), "w": tf.constant(W), "b": tf.constant(B)}
        out = eval(call, inputs)  # noqa: S307 - our own literal
        with tf.compat.v1.Session(graph=graph) as session:
            tf1_value = session.run(out)
    result = migrate_source(f"import tensorflow as tf\nout = {call}\n")
    assert "compat" not in result.code and "xw_plus_b" not in result.code and "relu_layer" not in result.code
    namespace = {"x": tf.constant(X), "w": tf.constant(W), "b": tf.constant(B)}
    exec(result.code, namespace)  # noqa: S102 - the codemod's output of our own literal
    migrated = namespace["out"].numpy()
    np.testing.assert_array_equal(migrated, tf1_value)
    np.testing.assert_allclose(migrated, _hand(call), rtol=1e-5, atol=1e-6)
    assert (migrated < 0).any() != call.startswith("tf.nn.relu_layer")  # the ReLU is there, and only there


def test_the_ops_are_the_ones_tf1_called() -> None:
    """TF 2's names reach the very functions TF1's helpers called (nn_ops.bias_add, math_ops.matmul, relu).

    relu_layer called nn_ops.relu, which TensorFlow rebinds at import to a wrapper (weak_tensor_ops)
    that calls tf.nn.relu itself when the experimental dtype conversion is off, and also when it is on
    and the input is a Tensor, as bias_add's result always is.
    """
    tf = pytest.importorskip("tensorflow")
    from tensorflow.python.ops import math_ops, nn_ops

    assert tf.nn.bias_add is nn_ops.bias_add is tf.compat.v1.nn.bias_add
    assert tf.matmul is math_ops.matmul
    assert nn_ops.relu.__wrapped__ is tf.nn.relu is tf.compat.v1.nn.relu

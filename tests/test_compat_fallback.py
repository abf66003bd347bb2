"""TFM601, the tf.compat.v1 fallback: before/after pairs, no-ops, and states.

A module the other rules cannot make TF 2 code ends ``compat`` (it runs on
TF 2 through explicit tf.compat.v1 names, each reported once) or ``left``.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from tfmigrate.engine import migrate_source

PAIRS: list[tuple[str, str, str, list[str]]] = [
    (
        "collections",
        """\
        import tensorflow as tf
        losses = tf.get_collection(tf.GraphKeys.LOSSES)
        """,
        """\
        import tensorflow as tf
        losses = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.LOSSES)
        """,
        ["2:10 TFM601", "2:28 TFM601"],
    ),
    (
        "one finding per name, with its count",
        """\
        import tensorflow as tf
        a = tf.get_collection("a")
        b = tf.get_collection("b")
        """,
        """\
        import tensorflow as tf
        a = tf.compat.v1.get_collection("a")
        b = tf.compat.v1.get_collection("b")
        """,
        ["2:5 TFM601"],
    ),
    (
        "from-import",
        """\
        from tensorflow import get_collection
        a = get_collection("a")
        """,
        """\
        from tensorflow.compat.v1 import get_collection
        a = get_collection("a")
        """,
        ["2:5 TFM601"],
    ),
    (
        "tf.layers: Keras 3 emptied tf.compat.v1.layers, so TF1's layers come from tf-keras",
        """\
        import tensorflow as tf

        k = tf.GraphKeys.LOSSES


        def net(x):
            y = tf.layers.dense(x, 4, activation=tf.nn.relu)  # the hidden layer
            return tf.layers.Dense(2)(tf.layers.dropout(y, 0.5))
        """,
        """\
        import tensorflow as tf
        from tf_keras.api._v1.keras.__internal__.legacy import layers as tf1_layers

        k = tf.compat.v1.GraphKeys.LOSSES


        def net(x):
            y = tf1_layers.dense(x, 4, activation=tf.nn.relu)  # the hidden layer
            return tf1_layers.Dense(2)(tf1_layers.dropout(y, 0.5))
        """,
        ["3:5 TFM601", "7:9 TFM601", "8:12 TFM601", "8:31 TFM601"],
    ),
    (
        "tf.layers under another local name when tf1_layers is taken",
        """\
        import tensorflow as tf
        tf1_layers = 3
        k = tf.GraphKeys.LOSSES
        y = tf.layers.conv2d(x, 4, 3)
        """,
        """\
        import tensorflow as tf
        from tf_keras.api._v1.keras.__internal__.legacy import layers as tf1_layers_
        tf1_layers = 3
        k = tf.compat.v1.GraphKeys.LOSSES
        y = tf1_layers_.conv2d(x, 4, 3)
        """,
        ["3:5 TFM601", "4:5 TFM601"],
    ),
    (
        "graph code at module level runs in its own graph",
        """\
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None])
        y = 2.0 * x
        print(y.op.name)

        # A blank line moved into the block carries no indent.
        with tf.Session() as sess:
            print(sess.run(y, feed_dict={x: [1.0]}))
        """,
        """\
        import tensorflow as tf

        with tf.Graph().as_default():
            x = tf.compat.v1.placeholder(tf.float32, [None])
            y = 2.0 * x
            print(y.op.name)

            # A blank line moved into the block carries no indent.
            with tf.compat.v1.Session() as sess:
                print(sess.run(y, feed_dict={x: [1.0]}))
        """,
        ["3:1 TFM601", "3:5 TFM601", "8:6 TFM601"],
    ),
    (
        "runs around a def share one graph; a reset starts a new one",
        """\
        import tensorflow as tf
        x = tf.placeholder(tf.float32)

        def double(t):
            return 2.0 * t

        sess = tf.Session()
        print(sess.run(double(x), feed_dict={x: 1.0}), x.name)
        tf.reset_default_graph()
        z = tf.placeholder(tf.float32)
        """,
        """\
        import tensorflow as tf
        tf1_graph = tf.Graph()
        with tf1_graph.as_default():
            x = tf.compat.v1.placeholder(tf.float32)

        def double(t):
            return 2.0 * t

        with tf1_graph.as_default():
            sess = tf.compat.v1.Session()
            print(sess.run(double(x), feed_dict={x: 1.0}), x.name)
        tf1_graph = tf.Graph()
        with tf1_graph.as_default():
            z = tf.compat.v1.placeholder(tf.float32)
        """,
        ["2:1 TFM601", "2:5 TFM601", "7:8 TFM601", "9:1 TFM601"],
    ),
]

PAIRS += [
    (
        "names TF 1.0 removed go by their TF 1.x successor when the call means the same",
        """\
        import tensorflow as tf
        s = tf.histogram_summary("w", w, collections=["c"])
        merged = tf.merge_summary([s], name="all")
        writer = tf.train.SummaryWriter("/tmp/logs", flush_secs=5)
        k = tf.GraphKeys.LOSSES
        init = tf.initialize_all_variables()
        """,
        """\
        import tensorflow as tf
        s = tf.compat.v1.summary.histogram("w", w, collections=["c"])
        merged = tf.compat.v1.summary.merge([s], name="all")
        writer = tf.compat.v1.summary.FileWriter("/tmp/logs", flush_secs=5)
        k = tf.compat.v1.GraphKeys.LOSSES
        init = tf.compat.v1.initialize_all_variables()
        """,
        ["2:5 TFM601", "3:10 TFM601", "4:10 TFM601", "5:5 TFM601", "6:8 TFM601"],
    ),
    (
        "a contrib name that TF 1.15 moved into core goes by its tf.compat.v1 home (from the wheel's table)",
        "import tensorflow as tf\nopt = tf.contrib.tpu.CrossShardOptimizer(opt)\n",
        "import tensorflow as tf\nopt = tf.compat.v1.tpu.CrossShardOptimizer(opt)\n",
        ["2:7 TFM601"],
    ),
]

NO_CHANGE: list[tuple[str, str, list[str]]] = [
    (
        "a pre-1.0 keyword that changed meaning (name= named the op, not the tag) leaves the module whole",
        "import tensorflow as tf\ns = tf.histogram_summary('w', w, name='op')\nk = tf.GraphKeys.LOSSES\n",
        ["2:5 TFM409", "3:5 TFM402"],
    ),
    (
        "image_summary's max_images became max_outputs",
        "import tensorflow as tf\ns = tf.image_summary('i', x, max_images=2)\nk = tf.GraphKeys.LOSSES\n",
        ["2:5 TFM409", "3:5 TFM402"],
    ),
    (
        "a pre-1.0 name read but not called",
        "import tensorflow as tf\nhistogram = tf.histogram_summary\nk = tf.GraphKeys.LOSSES\n",
        ["2:13 TFM409", "3:5 TFM402"],
    ),
    ("TF 2 code", "import tensorflow as tf\ny = tf.nn.relu(x)\n", []),
    (
        "a name that exists nowhere in TF 2 leaves the module whole",
        "import tensorflow as tf\nspec = tf.contrib.tpu.TPUEstimatorSpec(mode)\nk = tf.get_collection('k')\n",
        ["2:8 TFM408", "3:5 TFM402"],
    ),
    ("no TensorFlow", "import numpy as np\nx = np.ones(3)\n", []),
    (
        "a tf.layers name tf-keras's legacy layers do not have leaves the module whole",
        "import tensorflow as tf\nk = tf.GraphKeys.LOSSES\ny = tf.layers.no_such_layer(x, 4)\n",
        ["2:5 TFM402", "3:5 TFM412"],
    ),
    (
        "tf.compat.v1.nn.rnn_cell likewise",
        "import tensorflow as tf\nk = tf.get_collection('k')\ncell = tf.nn.rnn_cell.GRUCell(4)\n",
        ["2:5 TFM402", "3:8 TFM401"],
    ),
]


def _dedent(text: str) -> str:
    return textwrap.dedent(text)


@pytest.mark.parametrize(("name", "before", "after", "findings"), PAIRS, ids=[p[0] for p in PAIRS])
def test_pair(name: str, before: str, after: str, findings: list[str]) -> None:
    result = migrate_source(_dedent(before), fallback="compat")
    assert result.code == _dedent(after)
    # Only this rule's findings: why the session code stayed is TFM201's table.
    reported = sorted(f.where() for f in result.findings if f.code == "TFM601")
    assert reported == sorted(findings), [f.format() for f in result.findings]
    ast.parse(result.code)
    assert result.state == "compat"
    assert migrate_source(result.code, fallback="compat").code == result.code


@pytest.mark.parametrize(("name", "source", "findings"), NO_CHANGE, ids=[n[0] for n in NO_CHANGE])
def test_no_change(name: str, source: str, findings: list[str]) -> None:
    result = migrate_source(source, fallback="compat")
    assert result.code == source
    assert sorted(f.where() for f in result.findings) == sorted(findings), [f.format() for f in result.findings]


def test_fallback_none_leaves_tf1_names_and_says_left() -> None:
    source = "import tensorflow as tf\nk = tf.get_collection('k')\n"
    result = migrate_source(source, fallback="none")
    assert result.code == source
    assert result.state == "left"
    assert [f.code for f in result.findings] == ["TFM402"]  # collections


def test_compat_finding_carries_the_superseded_action_and_names_the_count() -> None:
    source = "import tensorflow as tf\na = tf.get_collection('a')\nb = tf.get_collection('b')\n"
    (finding,) = migrate_source(source, fallback="compat").findings
    assert finding.subject == "tf.get_collection"
    assert "(2 uses)" in finding.message and "tf.compat.v1.get_collection" in finding.message
    assert "Python lists" in finding.action  # TFM402's action for collections


def test_notebook_switches_its_own_process_to_graph_mode() -> None:
    source = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
    result = migrate_source(source, path="nb.ipynb", fallback="compat")
    assert result.code.splitlines()[1] == "tf.compat.v1.disable_eager_execution()"


MODEL_TF1 = """\
import tensorflow as tf

weights = tf.constant([[1.0, 2.0], [3.0, 4.0]])
doubled = tf.mul(weights, 2.0)
sess = tf.Session()
print("model", sess.run(doubled))


def predict(inputs):
    return tf.matmul(inputs, weights)
"""

TRAIN_TF1 = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
tf.add_to_collection("watched", loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, value = sess.run([train, loss], feed_dict={x: np.ones((4, 1)), y: 2 * np.ones((4, 1))})
        print("train", step, value)
    print("collected", len(tf.get_collection("watched")))
"""

LAYERS_TF1 = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
kernel = tf.constant_initializer([[1.0, -1.0], [2.0, 0.5]])
h = tf.layers.dense(x, 2, activation=tf.nn.relu, kernel_initializer=kernel,
                    bias_initializer=tf.constant_initializer(0.5))
tf.add_to_collection("watched", h)
names = sorted(v.name for v in tf.global_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("layers", names, sess.run(h, {x: np.array([[1.0, 1.0], [0.0, -1.0]])}).tolist())
"""

DRIVER = """\
import tensorflow as tf
import model
import train
import layers_tf1
import model as again
assert tf.executing_eagerly(), "a compat module switched the process to graph mode"
print("eager", again.predict(tf.constant([[1.0, 0.0]])).numpy().tolist())
"""


def test_compat_and_tf2_modules_live_in_one_process(tmp_path: pathlib.Path) -> None:
    """A project whose model converts to TF 2 and whose training script stays compat runs in one process.

    Expected values are worked by hand: the model multiplies by [[1, 2], [3, 4]];
    gradient descent on mean((w - 2)^2) from w = 0 with rate 0.1 gives losses
    4, 2.56, 1.6384. The tf.layers module (tf-keras's legacy layers) computes
    relu([1, 1] @ [[1, -1], [2, 0.5]] + 0.5) = [3.5, 0] and relu([0, -1] @ ... + 0.5) = [0, 0],
    in variables named as TF1 named them (dense/kernel, dense/bias).
    """
    model = migrate_source(MODEL_TF1, path="model.py", fallback="compat")
    train = migrate_source(TRAIN_TF1, path="train.py", fallback="compat")
    layers = migrate_source(LAYERS_TF1, path="layers_tf1.py", fallback="compat")
    assert (model.state, train.state, layers.state) == ("tf2", "compat", "compat")
    assert "tf.layers" not in layers.code
    (tmp_path / "model.py").write_text(model.code)
    (tmp_path / "train.py").write_text(train.code)
    (tmp_path / "layers_tf1.py").write_text(layers.code)
    (tmp_path / "driver.py").write_text(DRIVER)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(tmp_path)}
    run = subprocess.run([sys.executable, "driver.py"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in run.stdout.splitlines()
             if line.split()[0] in ("model", "train", "collected", "eager", "layers")]
    assert lines[0] == "model [[2. 4.]"  # numpy prints the second row on a line of its own
    losses = [float(line.split()[2]) for line in lines if line.startswith("train")]
    assert losses == pytest.approx([4.0, 2.56, 1.6384], rel=1e-6)
    assert "collected 1" in lines
    assert "layers ['dense/bias:0', 'dense/kernel:0'] [[3.5, 0.0], [0.0, 0.0]]" in lines
    assert lines[-1] == "eager [[1.0, 2.0]]"


def test_the_command_line_falls_back_by_default_and_can_switch_it_off(tmp_path: pathlib.Path) -> None:
    from tfmigrate.cli import main

    source = "import tensorflow as tf\nk = tf.get_collection('k')\n"
    compat, left = tmp_path / "compat.py", tmp_path / "left.py"
    compat.write_text(source)
    left.write_text(source)
    assert main(["migrate", "--quiet", "--no-cache", str(compat)]) == 0
    assert main(["migrate", "--quiet", "--no-cache", "--fallback", "none", str(left)]) == 0
    assert compat.read_text() == "import tensorflow as tf\nk = tf.compat.v1.get_collection('k')\n"
    assert left.read_text() == source


def test_the_modules_keras_3_emptied_really_fail_on_tf_2() -> None:
    """The fact behind the two no-change cases above, asked of the installed TensorFlow itself."""
    probe = (
        "import tensorflow as tf\n"
        "for module, member in ((tf.compat.v1.layers, 'dense'), (tf.compat.v1.nn.rnn_cell, 'GRUCell')):\n"
        "    try:\n"
        "        getattr(module, member)\n"
        "    except Exception:\n"
        "        print('missing', member)\n"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300)
    assert run.stdout.split("\n")[:2] == ["missing dense", "missing GRUCell"], run.stderr[-2000:]


def test_a_scoped_summary_tag_is_reported() -> None:
    result = migrate_source("import tensorflow as tf\ns = tf.scalar_summary('loss', x)\nk = tf.GraphKeys.LOSSES\n",
                            fallback="compat")
    assert "tf.compat.v1.summary.scalar('loss', x)" in result.code
    (finding,) = [f for f in result.findings if f.subject == "tf.scalar_summary"]
    assert "tag now takes the enclosing name scope" in finding.message


SUMMARIES = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, name="x")
doubled = tf.summary.scalar("loss", x * 2.0, collections=[])
kept = tf.summary.scalar("kept", x)
"""

SUMMARY_DRIVER = """\
import json, sys
import tensorflow as tf
scope = {}
exec(sys.stdin.read(), scope)
graph = scope["doubled"].graph
with tf.compat.v1.Session(graph=graph) as session:
    protos = session.run([scope["doubled"], scope["kept"]], {scope["x"]: 1.5})
values = [[(v.tag, v.simple_value) for v in tf.compat.v1.Summary.FromString(p).value] for p in protos]
print(json.dumps({"values": values, "collected": [t.name for t in graph.get_collection("summaries")]}))
"""


def test_tf1_summary_ops_in_a_compat_module_stay_tf1s() -> None:
    # TF 2's tf.summary.scalar is another function (a default writer, a step, no collections=): left as
    # written, this module raised TypeError on TF 2 although every name in it exists there.
    result = migrate_source(SUMMARIES, fallback="compat")
    assert result.code.count("tf.compat.v1.summary.scalar(") == 2, result.code
    assert result.state == "compat"
    (finding,) = [f for f in result.findings if f.subject == "tf.summary.scalar"]
    assert finding.code == "TFM601" and "TF1's function" in finding.message
    run = subprocess.run([sys.executable, "-c", SUMMARY_DRIVER], input=result.code, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    # By hand: x = 1.5 is fed, so "loss" is 3.0; collections=[] keeps it out of the SUMMARIES collection.
    assert got["values"] == [[["loss", 3.0]], [["kept", 1.5]]]
    assert got["collected"] == ["kept:0"]


def test_advice_on_a_shared_name_does_not_make_a_module_compat() -> None:
    # TFM4xx advises on tf.executing_eagerly in TF1 code; tf.compat.v1's returns what TF 2's does, so spelling
    # it there would only move a module the session converter made TF 2 into the compat state.
    source = ("import tensorflow as tf\na = tf.constant(2.0)\nif not tf.executing_eagerly():\n    print('graph')\n"
              "with tf.Session() as sess:\n    print(sess.run(a))\n")
    result = migrate_source(source, fallback="compat")
    assert "compat.v1" not in result.code, result.code
    assert result.state == "tf2"

"""Before/after pairs through the whole engine (``migrate_source``), pyupgrade style.

Every expected output below was written by hand from what the TF1 code means
and what TF 2 needs to compute the same thing; none was pasted from the
tool's output. For every pair the test also checks that the output parses
with Python's own parser, that a second run changes nothing, and that the
findings are exactly the listed ``line:col CODE`` entries (columns 1-based,
counted in characters, as ``Finding.format`` prints them).
"""

from __future__ import annotations

import ast
import dataclasses
import pathlib
import textwrap

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Finding, Kind

PATH = "pair.py"


@dataclasses.dataclass(frozen=True)
class Pair:
    id: str
    before: str
    after: str | None  # None: the code must not change
    findings: tuple[str, ...] = ()  # every finding, as "line:col CODE", in report order
    options: tuple[tuple[str, object], ...] = ()

    @property
    def expected(self) -> str:
        return self.before if self.after is None else self.after


def pair(id: str, before: str, after: str | None, *findings: str, **options: object) -> Pair:
    after_text = None if after is None else textwrap.dedent(after).lstrip("\n")
    return Pair(id, textwrap.dedent(before).lstrip("\n"), after_text, findings, tuple(sorted(options.items())))


def located(finding: Finding) -> str:
    """``line:col CODE`` from the printed form, so the printed columns are what is checked."""
    prefix = f"{PATH}:"
    text = finding.format()
    assert text.startswith(prefix), text
    line, col, rest = text[len(prefix):].split(":", 2)
    return f"{line}:{col} {rest.split()[0]}"


# ---------------------------------------------------------------------------
# TFM101: renames (pre-1.0 names, TF1 names TF 2 renamed, keyword renames)
# ---------------------------------------------------------------------------
RENAMES = [
    pair(
        "mul",
        """
        import tensorflow as tf
        z = tf.mul(x, y)
        """,
        """
        import tensorflow as tf
        z = tf.multiply(x, y)
        """,
        "2:5 TFM101",
    ),
    pair(
        "sub-neg-nested",
        """
        import tensorflow as tf
        z = tf.sub(x, tf.neg(y))
        """,
        """
        import tensorflow as tf
        z = tf.subtract(x, tf.negative(y))
        """,
        "2:5 TFM101", "2:15 TFM101",
    ),
    pair(
        "pack-unpack",
        """
        import tensorflow as tf
        s = tf.pack([a, b])
        a, b = tf.unpack(s)
        """,
        """
        import tensorflow as tf
        s = tf.stack([a, b])
        a, b = tf.unstack(s)
        """,
        "2:5 TFM101", "3:8 TFM101",
    ),
    pair(
        "batch-ops-and-complex-abs",
        """
        import tensorflow as tf
        c = tf.batch_matmul(a, b)
        d = tf.batch_matrix_inverse(m)
        e = tf.complex_abs(z)
        """,
        """
        import tensorflow as tf
        c = tf.matmul(a, b)
        d = tf.linalg.inv(m)
        e = tf.abs(z)
        """,
        "2:5 TFM101", "3:5 TFM101", "4:5 TFM101",
    ),
    pair(
        "log-keeps-comment",
        """
        import tensorflow as tf

        # natural log of the probabilities
        y = tf.log(p)  # element-wise
        """,
        """
        import tensorflow as tf

        # natural log of the probabilities
        y = tf.math.log(p)  # element-wise
        """,
        "4:5 TFM101",
    ),
    pair(
        "random-normal-alias-tfx",
        """
        import tensorflow as tfx
        n = tfx.random_normal([3], stddev=0.1)
        """,
        """
        import tensorflow as tfx
        n = tfx.random.normal([3], stddev=0.1)
        """,
        "2:5 TFM101",
    ),
    pair(
        "checkpoint-reader",
        """
        import tensorflow as tf
        reader = tf.train.NewCheckpointReader(path)
        shapes = reader.get_variable_to_shape_map()
        """,
        """
        import tensorflow as tf
        reader = tf.train.load_checkpoint(path)
        shapes = reader.get_variable_to_shape_map()
        """,
        "2:10 TFM101",
    ),
    pair(
        "random-uniform-truncated-normal",
        """
        import tensorflow as tf
        r = tf.random_uniform([2], 0, 1)
        t = tf.truncated_normal([3], mean=0.5)
        """,
        """
        import tensorflow as tf
        r = tf.random.uniform([2], 0, 1)
        t = tf.random.truncated_normal([3], mean=0.5)
        """,
        "2:5 TFM101", "3:5 TFM101",
    ),
    pair(
        "set-random-seed",
        """
        import tensorflow as tf
        tf.set_random_seed(1234)
        """,
        """
        import tensorflow as tf
        tf.random.set_seed(1234)
        """,
        "2:1 TFM101",
    ),
    pair(
        "to-float",
        """
        import tensorflow as tf
        f = tf.to_float(x)
        """,
        """
        import tensorflow as tf
        f = tf.cast(x, tf.float32)
        """,
        "2:5 TFM101",
    ),
    pair(
        "to-int64-keeps-name",
        """
        import tensorflow as tf
        i = tf.to_int64(x, name="i")
        """,
        """
        import tensorflow as tf
        i = tf.cast(x, tf.int64, name="i")
        """,
        "2:5 TFM101",
    ),
    pair(
        "nested-casts",
        """
        import tensorflow as tf
        n = tf.to_int32(tf.to_double(x) * 2)
        """,
        """
        import tensorflow as tf
        n = tf.cast(tf.cast(x, tf.float64) * 2, tf.int32)
        """,
        "2:5 TFM101", "2:17 TFM101",
    ),
    pair(
        "keep-dims-reduction-indices",
        """
        import tensorflow as tf
        s = tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)
        m = tf.reduce_max(x, keep_dims=True)
        """,
        """
        import tensorflow as tf
        s = tf.reduce_sum(x, axis=[1], keepdims=True)
        m = tf.reduce_max(x, keepdims=True)
        """,
        "2:5 TFM101", "3:5 TFM101",
    ),
    pair(
        "argmax-dimension-softmax-dim",
        """
        import tensorflow as tf
        a = tf.argmax(x, dimension=1)
        p = tf.nn.softmax(x, dim=-1)
        """,
        """
        import tensorflow as tf
        a = tf.argmax(x, axis=1)
        p = tf.nn.softmax(x, axis=-1)
        """,
        "2:5 TFM101", "3:5 TFM101",
    ),
    pair(
        "bare-import-tensorflow",
        """
        import tensorflow
        z = tensorflow.mul(x, tensorflow.log(y))
        """,
        """
        import tensorflow
        z = tensorflow.multiply(x, tensorflow.math.log(y))
        """,
        "2:5 TFM101", "2:23 TFM101",
    ),
    pair(
        "from-import-name",
        """
        from tensorflow import mul
        z = mul(x, y)
        """,
        """
        import tensorflow as tf

        z = tf.multiply(x, y)
        """,
        "2:5 TFM101",
    ),
    pair(
        "from-import-aliased-names",
        """
        from tensorflow import mul as times, log
        z = times(log(x), y)
        """,
        """
        import tensorflow as tf

        z = tf.multiply(tf.math.log(x), y)
        """,
        "2:5 TFM101", "2:11 TFM101",
    ),
    pair(
        "inside-function-and-lambda",
        """
        import tensorflow as tf


        def scaled(a):
            # twice a
            return tf.mul(a, 2.)


        neg = lambda v: tf.neg(v)
        """,
        """
        import tensorflow as tf


        def scaled(a):
            # twice a
            return tf.multiply(a, 2.)


        neg = lambda v: tf.negative(v)
        """,
        "6:12 TFM101", "9:17 TFM101",
    ),
    pair(
        "f-string-walrus-match",
        """
        import tensorflow as tf
        print(f"log: {tf.log(x)!r:>10}")
        if (n := tf.to_float(k)) > 0:
            pass
        match mode:
            case "sum":
                y = tf.sub(x, 1.)
            case _:
                y = tf.neg(x)
        """,
        """
        import tensorflow as tf
        print(f"log: {tf.math.log(x)!r:>10}")
        if (n := tf.cast(k, tf.float32)) > 0:
            pass
        match mode:
            case "sum":
                y = tf.subtract(x, 1.)
            case _:
                y = tf.negative(x)
        """,
        "2:15 TFM101", "3:10 TFM101", "7:13 TFM101", "9:13 TFM101",
    ),
    pair(
        "chinese-comments-and-identifiers",
        """
        import tensorflow as tf
        # 铰链损失函数（Hinge loss）
        损失 = tf.maximum(0., 1. - tf.mul(目标, 预测))  # 用于支持向量机
        """,
        """
        import tensorflow as tf
        # 铰链损失函数（Hinge loss）
        损失 = tf.maximum(0., 1. - tf.multiply(目标, 预测))  # 用于支持向量机
        """,
        "3:26 TFM101",
    ),
]

RENAMES += [
    pair(
        "dropout-keep-prob-to-rate",
        """
        import tensorflow as tf
        a = tf.nn.dropout(h, 0.8)
        b = tf.nn.dropout(h, keep_prob=kp)
        c = tf.log(a + b)
        """,
        """
        import tensorflow as tf
        a = tf.nn.dropout(h, rate=1 - 0.8)
        b = tf.nn.dropout(h, rate=1 - kp)
        c = tf.math.log(a + b)
        """,
        "2:5 TFM101", "3:5 TFM101", "4:5 TFM101",
    ),
    pair(
        "cast-and-assign-functions-used-without-a-call",
        """
        import tensorflow as tf
        ys = list(map(tf.to_float, xs))
        z = tf.to_int32(*args)
        update = tf.assign
        """,
        None,
        "2:15 TFM101", "3:5 TFM101", "4:10 TFM101",
    ),
    pair(
        "assign-functions-to-variable-methods",
        """
        import tensorflow as tf
        u = tf.assign_add(v, 1.)
        w2 = tf.assign(w, w * 2, name="double")
        """,
        """
        import tensorflow as tf
        u = v.assign_add(1.)
        w2 = w.assign(w * 2, name="double")
        """,
        "2:5 TFM101", "3:6 TFM101",
    ),
]

RENAMES += [
    pair(
        "tf0-axis-first-concat-and-split",
        """
        import tensorflow as tf
        joined = tf.concat(1, [a, b])
        left, right = tf.split(1, 2, joined)
        parts = tf.split(0, 3, v, "parts")
        """,
        """
        import tensorflow as tf
        joined = tf.concat([a, b], axis=1)
        left, right = tf.split(joined, 2, axis=1)
        parts = tf.split(v, 3, axis=0, name="parts")
        """,
        "2:10 TFM101", "3:15 TFM101", "4:9 TFM101",
    ),
    pair(
        "tf0-axis-first-concat-of-names-needs-written-for",
        """
        import tensorflow as tf
        d = tf.concat(axis, tensors)
        """,
        """
        import tensorflow as tf
        d = tf.concat(tensors, axis=axis)
        """,
        "2:5 TFM101",
        written_for="0.x",
    ),
]

RENAMES += [
    pair(
        "from-imported-cast-and-assign-functions",
        """
        from tensorflow import to_float, assign_add, mul
        y = to_float(x)
        u = assign_add(v, 1.)
        z = mul(y, 2)
        """,
        """
        import tensorflow as tf

        y = tf.cast(x, tf.float32)
        u = v.assign_add(1.)
        z = tf.multiply(y, 2)
        """,
        "2:5 TFM101", "3:5 TFM101", "4:5 TFM101",
    ),
]

# ---------------------------------------------------------------------------
# TFM102: attribute chains that exist in no TF version
# ---------------------------------------------------------------------------
CHAINS = [
    pair(
        "reduce-dot-mean",
        """
        import tensorflow as tf
        m = tf.reduce.mean(tf.square(d))
        """,
        """
        import tensorflow as tf
        m = tf.reduce_mean(tf.square(d))
        """,
        "2:5 TFM102",
    ),
    pair(
        "reduce-dot-sum-alias",
        """
        import tensorflow as tfx
        s = tfx.reduce.sum(x, axis=0)
        """,
        """
        import tensorflow as tfx
        s = tfx.reduce_sum(x, axis=0)
        """,
        "2:5 TFM102",
    ),
    pair(
        "nn-sigmoid-dot-cross-entropy",
        """
        import tensorflow as tf
        r = tf.nn.sigmoid.cross_entropy_with_logits(labels=z, logits=x)
        """,
        """
        import tensorflow as tf
        r = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
        """,
        "2:5 TFM102",
    ),
    pair(
        "chain-with-renamed-argument-and-inner-rename",
        """
        import tensorflow as tf
        m = tf.reduce.mean(tf.mul(a, b), keep_dims=True)
        """,
        """
        import tensorflow as tf
        m = tf.reduce_mean(tf.multiply(a, b), keepdims=True)
        """,
        "2:5 TFM101", "2:5 TFM102", "2:20 TFM101",
    ),
    pair(
        "unknown-chain-reported-not-guessed",
        """
        import tensorflow as tf
        k = tf.nn.foo.bar(x)
        y = tf.mul(k, 2)
        """,
        """
        import tensorflow as tf
        k = tf.nn.foo.bar(x)
        y = tf.multiply(k, 2)
        """,
        "2:5 TFM102", "3:5 TFM101",
    ),
]

# ---------------------------------------------------------------------------
# TFM103: compat.v1 imports
# ---------------------------------------------------------------------------
COMPAT = [
    pair(
        "compat-v1-import-and-switch",
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        y = tf.square(x)
        """,
        """
        import tensorflow as tf
        y = tf.square(x)
        """,
        "1:1 TFM103", "2:1 TFM103",
    ),
    pair(
        "from-compat-import-v1",
        """
        from tensorflow.compat import v1 as tf
        y = tf.log(x)
        """,
        """
        import tensorflow as tf
        y = tf.math.log(x)
        """,
        "1:1 TFM103", "2:5 TFM101",
    ),
    pair(
        "compat-v1-other-alias-and-eager-switch",
        """
        import tensorflow.compat.v1 as tf1
        tf1.disable_eager_execution()
        y = tf1.mul(x, 2.)
        """,
        """
        import tensorflow as tf1
        y = tf1.multiply(x, 2.)
        """,
        "1:1 TFM103", "2:1 TFM103", "3:5 TFM101",
    ),
    pair(
        "compat-v1-sessions-converted",
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        a = tf.constant(3.)
        b = tf.mul(a, 2.)
        with tf.Session() as sess:
            print(sess.run(b))
        """,
        """
        import tensorflow as tf
        a = tf.constant(3.)
        b = tf.multiply(a, 2.)
        print(b.numpy())
        """,
        "1:1 TFM103", "2:1 TFM103", "4:5 TFM101", "5:1 TFM201",
    ),
    pair(
        "compat-v1-tf1-only-api-spelled-compat",
        """
        import tensorflow.compat.v1 as tf
        v = tf.get_variable("v", [2])
        y = tf.log(v)
        """,
        """
        import tensorflow as tf
        v = tf.compat.v1.get_variable("v", [2])
        y = tf.math.log(v)
        """,
        "1:1 TFM103", "2:5 TFM103", "3:5 TFM101",
    ),
    pair(
        "compat-v1-unsafe-session-keeps-graph-mode",
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        w = tf.Variable(1.)
        sess = tf.Session()
        saver = tf.train.Saver()
        saver.save(sess, "ckpt", global_step=1)
        """,
        """
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        w = tf.Variable(1.)
        sess = tf.compat.v1.Session()
        saver = tf.compat.v1.train.Saver()
        saver.save(sess, "ckpt", global_step=1)
        """,
        "1:1 TFM103", "2:1 TFM103", "4:8 TFM103", "5:9 TFM103", "6:1 TFM201",
    ),
]

COMPAT += [
    pair(
        "compat-spelled-switch-under-plain-import",
        """
        import tensorflow as tf
        tf.compat.v1.disable_eager_execution()
        y = tf.log(x)
        """,
        """
        import tensorflow as tf
        y = tf.math.log(x)
        """,
        "2:1 TFM103", "3:5 TFM101",
    ),
    pair(
        "compat-findings-at-source-lines-after-removed-switch",
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        v = tf.get_variable("v", initializer=tf.random_normal([2]))
        c = tf.get_collection("x")
        """,
        """
        import tensorflow as tf
        v = tf.compat.v1.get_variable("v", initializer=tf.random.normal([2]))
        c = tf.compat.v1.get_collection("x")
        """,
        "1:1 TFM103", "2:1 TFM103", "3:5 TFM103", "3:38 TFM101", "4:5 TFM103",
    ),
]

COMPAT += [
    pair(
        "compat-v1-module-assigned-to-tf",
        """
        import tensorflow as tf
        tf = tf.compat.v1
        tf.disable_v2_behavior()
        x = tf.constant(2.)
        y = tf.mul(x, 3.)
        sess = tf.Session()
        print(sess.run(y))
        """,
        """
        import tensorflow as tf
        tf = tf.compat.v1
        x = tf.constant(2.)
        y = tf.multiply(x, 3.)
        print(y.numpy())
        """,
        "3:1 TFM103", "5:5 TFM101", "6:1 TFM201",
    ),
]

COMPAT += [
    pair(
        "compat-v1-spelled-calls-under-plain-import",
        """
        import tensorflow as tf
        sess = tf.compat.v1.Session()
        l = tf.compat.v1.nn.sigmoid_cross_entropy_with_logits(y, h)
        r = tf.compat.v1.nn.relu(l)
        s = tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=h)
        print(sess.run(r))
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=h)
        r = tf.nn.relu(l)
        s = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.nn.softmax(t)), logits=h)
        print(r.numpy())
        """,
        "2:1 TFM201", "3:5 TFM301", "3:5 TFM301", "4:5 TFM101", "5:5 TFM301", "5:5 TFM301",
    ),
]

# ---------------------------------------------------------------------------
# TFM201: sessions to eager
# ---------------------------------------------------------------------------
SESSIONS = [
    pair(
        "session-run-tensor",
        """
        import tensorflow as tf
        sess = tf.Session()
        x = tf.constant(2.)
        print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.constant(2.)
        print(x.numpy())
        """,
        "2:1 TFM201",
    ),
    pair(
        "session-run-call-expression",
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        sess = tf.Session()
        total = sess.run(tf.reduce_sum(x))
        doubled = sess.run(x * 2.)
        """,
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        total = tf.reduce_sum(x).numpy()
        doubled = (x * 2.).numpy()
        """,
        "3:1 TFM201",
    ),
    pair(
        "with-block-dedent-comments-list",
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        with tf.Session() as sess:
            # fetch both at once
            a, b = sess.run([x, x * 2])

            print(a, b)  # show them
        print("done")
        """,
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        # fetch both at once
        a, b = [x.numpy(), (x * 2).numpy()]

        print(a, b)  # show them
        print("done")
        """,
        "3:1 TFM201",
    ),
    pair(
        "tuple-fetch",
        """
        import tensorflow as tf
        x = tf.ones([2])
        y = tf.zeros([2])
        sess = tf.Session()
        pair = sess.run((x, y))
        """,
        """
        import tensorflow as tf
        x = tf.ones([2])
        y = tf.zeros([2])
        pair = (x.numpy(), y.numpy())
        """,
        "4:1 TFM201",
    ),
    pair(
        "dict-fetch-with-nested-list",
        """
        import tensorflow as tf
        x = tf.ones([2])
        sess = tf.Session()
        d = sess.run({"x": x, "both": [x, x + 1.]})
        """,
        """
        import tensorflow as tf
        x = tf.ones([2])
        d = {"x": x.numpy(), "both": [x.numpy(), (x + 1.).numpy()]}
        """,
        "3:1 TFM201",
    ),
    pair(
        "close-and-named-initializer",
        """
        import tensorflow as tf
        w = tf.Variable([1., 2.])
        init = tf.global_variables_initializer()
        sess = tf.Session()
        sess.run(init)
        print(sess.run(w))
        sess.close()
        """,
        """
        import tensorflow as tf
        w = tf.Variable([1., 2.])
        print(w.numpy())
        """,
        "4:1 TFM201",
    ),
    pair(
        "inline-initializer-in-with",
        """
        import tensorflow as tf
        w = tf.Variable(3.)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value = sess.run(w)
        """,
        """
        import tensorflow as tf
        w = tf.Variable(3.)
        value = w.numpy()
        """,
        "3:1 TFM201",
    ),
    pair(
        "pre-1-0-names-with-session",
        """
        import tensorflow as tf
        a = tf.Variable(2.)
        b = tf.mul(a, tf.neg(a))
        sess = tf.Session()
        sess.run(tf.initialize_all_variables())
        print(sess.run(b))
        """,
        """
        import tensorflow as tf
        a = tf.Variable(2.)
        b = tf.multiply(a, tf.negative(a))
        print(b.numpy())
        """,
        "3:5 TFM101", "3:15 TFM101", "4:1 TFM201",
    ),
    pair(
        "interactive-session-eval",
        """
        import tensorflow as tf
        sess = tf.InteractiveSession()
        x = tf.ones([2])
        print(x.eval())
        """,
        """
        import tensorflow as tf
        x = tf.ones([2])
        print(x.numpy())
        """,
        "2:1 TFM201",
    ),
    pair(
        "eval-with-session-argument",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(w.eval(session=sess))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        print(w.numpy())
        """,
        "3:1 TFM201",
    ),
    pair(
        "with-block-inside-function",
        """
        import tensorflow as tf


        def show(t):
            if t is not None:
                with tf.Session() as sess:
                    # value of t
                    print(sess.run(tf.abs(t)))
            return t
        """,
        """
        import tensorflow as tf


        def show(t):
            if t is not None:
                # value of t
                print(tf.abs(t).numpy())
            return t
        """,
        "6:9 TFM201",
    ),
    pair(
        "alias-tfx-session",
        """
        import tensorflow as tfx
        x = tfx.constant(1.)
        with tfx.Session() as s:
            v = s.run(x)  # trailing comment
        """,
        """
        import tensorflow as tfx
        x = tfx.constant(1.)
        v = x.numpy()  # trailing comment
        """,
        "3:1 TFM201",
    ),
    pair(
        "bare-import-session",
        """
        import tensorflow
        x = tensorflow.constant(1.)
        with tensorflow.Session() as sess:
            print(sess.run(x))
        """,
        """
        import tensorflow
        x = tensorflow.constant(1.)
        print(x.numpy())
        """,
        "3:1 TFM201",
    ),
    pair(
        "placeholder-feed-dict",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        y = tf.reduce_sum(x * 2.)
        sess = tf.Session()
        print(sess.run(y, feed_dict={x: [[1., 2.]]}))
        """,
        """
        import tensorflow as tf
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.reduce_sum(x * 2.)
        print(y(x=[[1., 2.]]).numpy())
        """,
        "4:1 TFM201",
    ),
    pair(
        "two-placeholders-dependent-tensors",
        """
        import tensorflow as tf
        a = tf.placeholder(tf.float32)
        b = tf.placeholder(tf.float32)
        total = a + b
        scaled = total * 10.
        with tf.Session() as sess:
            print(sess.run(scaled, {a: 1., b: 2.}))
        """,
        """
        import tensorflow as tf
        def total(a, b):
            a = tf.convert_to_tensor(a, tf.float32)
            b = tf.convert_to_tensor(b, tf.float32)
            return a + b
        def scaled(a, b):
            return total(a, b) * 10.
        print(scaled(a=1., b=2.).numpy())
        """,
        "6:1 TFM201",
    ),
    pair(
        "placeholder-eval-feed-dict",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = x + 1.
        sess = tf.InteractiveSession()
        print(y.eval(feed_dict={x: 2.}))
        """,
        """
        import tensorflow as tf
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return x + 1.
        print(y(x=2.).numpy())
        """,
        "4:1 TFM201",
    ),
    pair(
        "random-op-run-twice-is-recomputed",
        """
        import tensorflow as tf
        r = tf.random_normal([2])
        sess = tf.Session()
        a = sess.run(r)
        b = sess.run(r)
        """,
        """
        import tensorflow as tf
        def r():
            return tf.random.normal([2])
        a = r().numpy()
        b = r().numpy()
        """,
        "2:5 TFM101", "3:1 TFM201",
    ),
    pair(
        "gradient-descent-training-loop",
        """
        import tensorflow as tf
        w = tf.Variable(0.)
        loss = tf.square(w - 3.)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(10):
            sess.run(train)
        print(sess.run(loss))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(0.)
        def loss():
            return tf.square(w - 3.)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(10):
            train()
        print(loss().numpy())
        """,
        "4:9 TFM201", "5:1 TFM201",
    ),
    pair(
        "momentum-named-optimizer-fetch-train-and-loss",
        """
        import tensorflow as tf
        xs, ys = [1., 2., 3.], [2., 4., 6.5]
        x = tf.placeholder(tf.float32, [None])
        y = tf.placeholder(tf.float32, [None])
        w = tf.Variable(0.)
        b = tf.Variable(0.)
        pred = w * x + b
        loss = tf.reduce_mean(tf.square(pred - y))
        opt = tf.train.MomentumOptimizer(0.01, 0.9)
        train_op = opt.minimize(loss)
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            sess.run(init)
            for step in range(100):
                _, l = sess.run([train_op, loss], feed_dict={x: xs, y: ys})
            print(sess.run(w), l)
        """,
        """
        import tensorflow as tf
        xs, ys = [1., 2., 3.], [2., 4., 6.5]
        w = tf.Variable(0.)
        b = tf.Variable(0.)
        def pred(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return w * x + b
        def loss(x, y):
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.reduce_mean(tf.square(pred(x) - y))
        opt = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
        def train_op(x, y):
            with tf.GradientTape() as tape:
                loss_value = loss(x, y)
            train_vars = tape.watched_variables()
            opt.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for step in range(100):
            l = train_op(x=xs, y=ys).numpy()
        print(w.numpy(), l)
        """,
        "9:7 TFM201", "9:7 TFM201", "12:1 TFM201",
    ),
    pair(
        "adam-defaults-keep-tf1-epsilon",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w)
        train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.initialize_all_variables())
        for i in range(3):
            sess.run(train)
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss():
            return tf.square(w)
        train_optimizer = tf.keras.optimizers.Adam(learning_rate=0.1, epsilon=1e-08)
        def train():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for i in range(3):
            train()
        """,
        "4:9 TFM201", "4:9 TFM201", "5:1 TFM201",
    ),
    pair(
        "adam-explicit-betas-and-epsilon",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w)
        opt = tf.train.AdamOptimizer(0.01, beta1=0.8, epsilon=1e-3)
        step = opt.minimize(loss, var_list=[w])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss():
            return tf.square(w)
        opt = tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.8, epsilon=1e-3)
        def step():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = [w]
            opt.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        step()
        """,
        "4:7 TFM201", "4:7 TFM201", "6:1 TFM201",
    ),
    pair(
        "interactive-op-run-and-initializer-run",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w * x - 1.)
        train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        sess = tf.InteractiveSession()
        tf.global_variables_initializer().run()
        for _ in range(5):
            train_step.run(feed_dict={x: 2.})
        print(loss.eval(feed_dict={x: 2.}))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.square(w * x - 1.)
        train_step_optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
        def train_step(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_step_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(5):
            train_step(x=2.)
        print(loss(x=2.).numpy())
        """,
        "5:14 TFM201", "6:1 TFM201",
    ),
    pair(
        "session-passed-to-function-is-unsafe",
        """
        import tensorflow as tf
        x = tf.mul(a, b)
        sess = tf.Session()
        report(sess, x)
        """,
        """
        import tensorflow as tf
        x = tf.multiply(a, b)
        sess = tf.Session()
        report(sess, x)
        """,
        "2:5 TFM101", "4:8 TFM201",
    ),
    pair(
        "session-as-default-is-unsafe",
        """
        import tensorflow as tf
        sess = tf.Session()
        x = tf.constant(3)
        with sess.as_default():
            print(x.eval())
        """,
        None,
        "4:6 TFM201",
    ),
    pair(
        "session-with-graph-is-unsafe",
        """
        import tensorflow as tf
        with tf.Session(graph=g) as sess:
            sess.run(x)
        """,
        None,
        "2:6 TFM201", "3:14 TFM201",
    ),
    pair(
        "feed-dict-built-by-a-call-is-unsafe",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = x * 2.
        sess = tf.Session()
        feeds = dict([(x, 1.)])
        print(sess.run(y, feed_dict=feeds))
        """,
        None,
        "2:5 TFM405", "6:29 TFM201",
    ),
    pair(
        "saver-with-global-step-is-unsafe",
        """
        import tensorflow as tf
        sess = tf.Session()
        saver = tf.train.Saver()
        saver.save(sess, "ckpt", global_step=1)
        """,
        None,
        "3:9 TFM410", "4:1 TFM201",
    ),
]

SESSIONS += [
    pair(
        "from-import-session",
        """
        from tensorflow import Session
        import tensorflow as tf
        x = tf.constant(1.)
        sess = Session()
        print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)
        print(x.numpy())
        """,
        "4:1 TFM201",
    ),
    pair(
        "from-import-session-and-initializer",
        """
        import tensorflow as tf
        from tensorflow import Session, global_variables_initializer
        w = tf.Variable(1.)
        with Session() as s:
            s.run(global_variables_initializer())
            print(s.run(w))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        print(w.numpy())
        """,
        "4:1 TFM201",
    ),
]

SESSIONS += [
    pair(
        "initializer-only-with-block-leaves-pass",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        if ready:
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
        print(1)
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        if ready:
            pass
        print(1)
        """,
        "4:5 TFM201",
    ),
    pair(
        "sessions-inside-functions",
        """
        import tensorflow as tf
        x = tf.constant(1.)


        def a():
            with tf.Session() as sess:
                return sess.run(x)


        def b():
            sess = tf.Session()
            v = sess.run(x * 2)
            sess.close()
            return v
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)


        def a():
            return x.numpy()


        def b():
            v = (x * 2).numpy()
            return v
        """,
        "6:5 TFM201", "11:5 TFM201",
    ),
    pair(
        "session-name-reused",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        sess = tf.Session()
        v = sess.run(x)
        sess = tf.Session()
        w = sess.run(x)
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)
        v = x.numpy()
        w = x.numpy()
        """,
        "3:1 TFM201", "5:1 TFM201",
    ),
    pair(
        "subscript-fetch-and-subscripted-result",
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        sess = tf.Session()
        for i in range(2):
            print(sess.run(x[i]))
        print(sess.run(x)[0])
        """,
        """
        import tensorflow as tf
        x = tf.constant([1., 2.])
        for i in range(2):
            print(x[i].numpy())
        print(x.numpy()[0])
        """,
        "3:1 TFM201",
    ),
    pair(
        "assign-add-op-run-twice",
        """
        import tensorflow as tf
        v = tf.Variable(0.)
        inc = tf.assign_add(v, 1.)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(inc)
        sess.run(inc)
        print(sess.run(v))
        """,
        """
        import tensorflow as tf
        v = tf.Variable(0.)
        def inc():
            return v.assign_add(1.)
        inc().numpy()
        inc().numpy()
        print(v.numpy())
        """,
        "3:7 TFM101", "4:1 TFM201",
    ),
    pair(
        "session-with-second-context-manager-is-unsafe",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        with tf.Session() as sess, tf.device("/cpu:0"):
            print(sess.run(x))
        """,
        None,
        "3:6 TFM201",
    ),
    pair(
        "with-block-footer-comment-kept",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        with tf.Session() as sess:
            print(sess.run(x))
            # the block's last comment

        print("after")
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)
        print(x.numpy())
        # the block's last comment

        print("after")
        """,
        "3:1 TFM201",
    ),
    pair(
        "with-header-comment-kept",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        with tf.Session() as sess:  # evaluate x
            print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)
        # evaluate x
        print(x.numpy())
        """,
        "3:1 TFM201",
    ),
    pair(
        "random-tensor-and-its-dependent-fetched-in-one-run",
        """
        import tensorflow as tf
        r = tf.random_normal([2])
        c = r + 1.
        sess = tf.Session()
        a, b = sess.run([r, c])
        """,
        """
        import tensorflow as tf
        r = tf.random.normal([2])
        c = r + 1.
        sess = tf.Session()
        a, b = sess.run([r, c])
        """,
        "2:5 TFM101", "5:17 TFM201",
    ),
]

SESSIONS += [
    pair(
        "one-line-with-block",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        with tf.Session() as sess: print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.constant(1.)
        print(x.numpy())
        """,
        "3:1 TFM201",
    ),
    pair(
        "tab-indented-with-block",
        "import tensorflow as tf\nx = tf.constant(1.)\nif True:\n\twith tf.Session() as sess:\n"
        "\t\tfor i in range(2):\n\t\t\tprint(sess.run(x * i))\n",
        "import tensorflow as tf\nx = tf.constant(1.)\nif True:\n\tfor i in range(2):\n\t\tprint((x * i).numpy())\n",
        "4:2 TFM201",
    ),
]

# ---------------------------------------------------------------------------
# TFM301: loss-call arguments
# ---------------------------------------------------------------------------
LOSS_ARGUMENTS = [
    pair(
        "weighted-positional-tf1-order",
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(z, x, 0.5)
        """,
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=0.5)
        """,
        "2:5 TFM301",
    ),
    pair(
        "weighted-positional-tf0-order",
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(x, z, 2.0)
        """,
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=2.0)
        """,
        "2:5 TFM301",
        written_for="0.x",
    ),
    pair(
        "sigmoid-positional-tf0-order",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(h, z, name="l")
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(logits=h, labels=z, name="l")
        """,
        "2:5 TFM301",
        written_for="0.x",
    ),
    pair(
        "sigmoid-positional-in-pre-1-0-module",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(h, z)
        m = tf.mul(l, 2.)
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(logits=h, labels=z)
        m = tf.multiply(l, 2.)
        """,
        "2:5 TFM301", "3:5 TFM101",
    ),
    pair(
        "sparse-positional-tf0-order",
        """
        import tensorflow as tf
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(h, classes)
        """,
        """
        import tensorflow as tf
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=h, labels=classes)
        """,
        "2:5 TFM301",
        written_for="0.x",
    ),
    pair(
        "targets-keyword-to-labels",
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(targets=z, logits=x, pos_weight=3.)
        """,
        """
        import tensorflow as tf
        l = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=3.)
        """,
        "2:5 TFM301",
    ),
    pair(
        "softmax-v1-computed-labels-stop-gradient",
        """
        import tensorflow as tf
        teacher = tf.nn.softmax(t)
        l = tf.nn.softmax_cross_entropy_with_logits(labels=teacher, logits=x)
        m = tf.log(l)
        """,
        """
        import tensorflow as tf
        teacher = tf.nn.softmax(t)
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(teacher), logits=x)
        m = tf.math.log(l)
        """,
        "3:5 TFM301", "4:5 TFM101",
    ),
    pair(
        "softmax-v1-variable-labels-stop-gradient",
        """
        import tensorflow as tf
        soft = tf.Variable([0.2, 0.8])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=soft, logits=x)
        sess = tf.Session()
        print(sess.run(l))
        """,
        """
        import tensorflow as tf
        soft = tf.Variable([0.2, 0.8])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(soft), logits=x)
        print(l.numpy())
        """,
        "3:5 TFM301", "4:1 TFM201",
    ),
    pair(
        "softmax-v1-constant-labels-no-stop-gradient",
        """
        import tensorflow as tf
        z = tf.constant([[0., 1.]])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=tf.log(p))
        """,
        """
        import tensorflow as tf
        z = tf.constant([[0., 1.]])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=tf.math.log(p))
        """,
        "3:62 TFM101",
    ),
    pair(
        "softmax-v1-one-hot-labels-no-stop-gradient",
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.one_hot(k, 3), logits=x, dim=1)
        m = tf.log(l)
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.one_hot(k, 3), logits=x, axis=1)
        m = tf.math.log(l)
        """,
        "2:5 TFM301", "3:5 TFM101",
    ),
    pair(
        "softmax-v1-placeholder-labels-no-stop-gradient",
        """
        import tensorflow as tf
        y_ = tf.placeholder(tf.float32, [None, 3])
        h = tf.constant([[1., 2., 3.]])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=h)
        with tf.Session() as sess:
            print(sess.run(l, feed_dict={y_: [[0., 0., 1.]]}))
        """,
        """
        import tensorflow as tf
        h = tf.constant([[1., 2., 3.]])
        def l(y_):
            y_ = tf.convert_to_tensor(y_, tf.float32)
            return tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=h)
        print(l(y_=[[0., 0., 1.]]).numpy())
        """,
        "5:1 TFM201",
    ),
    pair(
        "softmax-compat-v1-dim-and-stop-gradient",
        """
        import tensorflow.compat.v1 as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=x, dim=1)
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.nn.softmax(t)), logits=x, axis=1)
        """,
        "1:1 TFM103", "2:5 TFM301", "2:5 TFM301",
    ),
    pair(
        "softmax-v2-name-no-stop-gradient",
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(t), logits=x)
        m = tf.log(l)
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=x)
        m = tf.math.log(l)
        """,
        "2:5 TFM301", "3:5 TFM101",
    ),
    pair(
        "softmax-v2-positional-is-labels-then-logits",
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits_v2(onehot, h)
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=h)
        """,
        "2:5 TFM301", "2:5 TFM301",
    ),
]

LOSS_ARGUMENTS += [
    pair(
        "sigmoid-positional-in-tf2-looking-module-is-reported-not-rewritten",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(y, h)
        """,
        None,
        "2:5 TFM301",
    ),
    pair(
        "sigmoid-positional-compat-v1-is-labels-first",
        """
        import tensorflow.compat.v1 as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(y, h)
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=h)
        """,
        "1:1 TFM103", "2:5 TFM301",
    ),
    pair(
        "softmax-positional-in-session-module-tf0-order-and-stop-gradient",
        """
        import tensorflow as tf
        sess = tf.Session()
        l = tf.nn.softmax_cross_entropy_with_logits(h, y)
        print(sess.run(l))
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(logits=h, labels=tf.stop_gradient(y))
        print(l.numpy())
        """,
        "2:1 TFM201", "3:5 TFM301", "3:5 TFM301",
    ),
    pair(
        "chain-repaired-loss-call-gets-keywords-in-one-pass",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid.cross_entropy_with_logits(h, z)
        m = tf.log(l)
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(logits=h, labels=z)
        m = tf.math.log(l)
        """,
        "2:5 TFM102", "2:5 TFM301", "3:5 TFM101",
    ),
]

LOSS_ARGUMENTS += [
    pair(
        "from-imported-v2-loss-name",
        """
        import tensorflow as tf
        from tensorflow.nn import softmax_cross_entropy_with_logits_v2
        l = softmax_cross_entropy_with_logits_v2(labels=y, logits=h)
        """,
        """
        import tensorflow as tf
        l = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=h)
        """,
        "3:5 TFM301",
    ),
]

# ---------------------------------------------------------------------------
# TFM302: swapped labels/logits
# ---------------------------------------------------------------------------
SWAPS = [
    pair(
        "name-evidence-reported-kept",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)
        """,
        None,
        "2:5 TFM302",
    ),
    pair(
        "name-evidence-fixed",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)
        """,
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        """,
        "2:5 TFM302",
        fix_swaps=True,
    ),
    pair(
        "sparse-output-target-reported",
        """
        import tensorflow as tf
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=output, logits=target)
        """,
        None,
        "2:5 TFM302",
    ),
    pair(
        "constant-labels-outside-unit-interval",
        """
        import tensorflow as tf
        scores = tf.constant([2., -1., 0.5])
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=scores, logits=z)
        """,
        None,
        "3:5 TFM302",
    ),
    pair(
        "linspace-labels-article-sigmoid",
        """
        import tensorflow as tf
        y_pred = tf.linspace(-3., 5., 100)
        y_targets = tf.fill([100], 1.)
        loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_targets)
        """,
        None,
        "4:8 TFM302",
    ),
    pair(
        "article-weighted-positional-faithful",
        """
        import tensorflow as tf
        y_pred = tf.linspace(-3., 5., 100)
        y_targets = tf.fill([100], 1.)
        weight = tf.constant(0.5)
        loss = tf.nn.weighted_cross_entropy_with_logits(y_pred, y_targets, weight)
        """,
        """
        import tensorflow as tf
        y_pred = tf.linspace(-3., 5., 100)
        y_targets = tf.fill([100], 1.)
        weight = tf.constant(0.5)
        loss = tf.nn.weighted_cross_entropy_with_logits(labels=y_pred, logits=y_targets, pos_weight=weight)
        """,
        "5:8 TFM301", "5:8 TFM302",
    ),
    pair(
        "article-weighted-positional-fixed",
        """
        import tensorflow as tf
        sess = tf.Session()
        y_pred = tf.linspace(-3., 5., 100)
        y_targets = tf.fill([100], 1.)
        loss = tf.nn.weighted_cross_entropy_with_logits(y_pred, y_targets, 0.5)
        print(sess.run(loss))
        """,
        """
        import tensorflow as tf
        y_pred = tf.linspace(-3., 5., 100)
        y_targets = tf.fill([100], 1.)
        loss = tf.nn.weighted_cross_entropy_with_logits(labels=y_targets, logits=y_pred, pos_weight=0.5)
        print(loss.numpy())
        """,
        "2:1 TFM201", "5:8 TFM301", "5:8 TFM302",
        fix_swaps=True,
    ),
    pair(
        "softmax-v1-swap-fixed-moves-stop-gradient-to-labels",
        """
        import tensorflow as tf
        w = tf.Variable([[1., 2.]])
        y_pred = tf.matmul(x, w)
        y_true = tf.nn.softmax(t)
        l = tf.nn.softmax_cross_entropy_with_logits(labels=y_pred, logits=y_true)
        m = tf.log(l)
        """,
        """
        import tensorflow as tf
        w = tf.Variable([[1., 2.]])
        y_pred = tf.matmul(x, w)
        y_true = tf.nn.softmax(t)
        l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y_true), logits=y_pred)
        m = tf.math.log(l)
        """,
        "5:5 TFM301", "5:5 TFM302", "6:5 TFM101",
        fix_swaps=True,
    ),
    pair(
        "softmax-v1-swap-fixed-constant-target-needs-no-stop-gradient",
        """
        import tensorflow as tf
        y_pred = tf.constant([[1., -3., 10.]])
        y_target = tf.constant([[0.1, 0.02, 0.88]])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=y_pred, logits=y_target)
        sess = tf.Session()
        print(sess.run(l))
        """,
        """
        import tensorflow as tf
        y_pred = tf.constant([[1., -3., 10.]])
        y_target = tf.constant([[0.1, 0.02, 0.88]])
        l = tf.nn.softmax_cross_entropy_with_logits(labels=y_target, logits=y_pred)
        print(l.numpy())
        """,
        "4:5 TFM302", "5:1 TFM201",
        fix_swaps=True,
    ),
]

SWAPS += [
    pair(
        "sparse-class-indices-above-one-are-not-evidence",
        """
        import tensorflow as tf
        y_true = tf.constant([1, 2])
        scores = tf.constant([[0.05, 0.95, 0.], [0.1, 0.8, 0.1]])
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_true, logits=scores)
        """,
        None,
    ),
    pair(
        "sparse-labels-that-are-not-class-indices",
        """
        import tensorflow as tf
        classes = tf.constant([2, 0])
        l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[1., -3., 10.]]), logits=classes)
        """,
        None,
        "3:5 TFM302",
    ),
]

# ---------------------------------------------------------------------------
# TFM401-TFM417: no safe TF 2 form (left as written, with a finding of its kind)
# ---------------------------------------------------------------------------
NO_SAFE_FORM = [
    pair(
        "contrib",
        """
        import tensorflow as tf
        data = tf.contrib.learn.datasets.load_dataset("iris")
        """,
        None,
        "2:8 TFM408",
    ),
    pair(
        "collections",
        """
        import tensorflow as tf
        losses = tf.get_collection(tf.GraphKeys.LOSSES)
        tf.add_to_collection("extra", x)
        """,
        None,
        "2:10 TFM402", "2:28 TFM402", "3:1 TFM402",
    ),
    pair(
        "queues",
        """
        import tensorflow as tf
        q = tf.train.string_input_producer(files)
        threads = tf.train.start_queue_runners(coord=coord)
        """,
        None,
        "2:5 TFM403", "3:11 TFM403",
    ),
    pair(
        "python2-division",
        """
        import tensorflow as tf
        z = tf.div(x, y)
        """,
        None,
        "2:5 TFM109",
    ),
    pair(
        "py-func-no-tf2-form",
        """
        import tensorflow as tf
        z = tf.py_func(f, [x], tf.float32)
        """,
        None,
        "2:5 TFM401",
    ),
    pair(
        "variable-scope-get-variable",
        """
        import tensorflow as tf
        with tf.variable_scope("layer"):
            v = tf.get_variable("v", [2])
        """,
        None,
        "2:6 TFM404", "3:9 TFM404",
    ),
    pair(
        "select-and-summary-writer-pre-1-0",
        """
        import tensorflow as tf
        z = tf.select(c, x, y)
        w = tf.train.SummaryWriter("logs")
        s = tf.scalar_summary("loss", l)
        """,
        None,
        "2:5 TFM107", "3:5 TFM409", "4:5 TFM409",
    ),
]

NO_SAFE_FORM += [
    pair(
        "three-argument-where-in-tf1-code",
        """
        import tensorflow as tf
        sess = tf.Session()
        z = tf.where(c, x, y)
        i = tf.where(c)
        print(sess.run(z))
        """,
        """
        import tensorflow as tf
        z = tf.where(c, x, y)
        i = tf.where(c)
        print(z.numpy())
        """,
        "2:1 TFM201", "3:5 TFM107",
    ),
]

NO_SAFE_FORM += [
    pair(
        "mnist-tutorial-model",
        """
        import tensorflow as tf
        from tensorflow.examples.tutorials.mnist import mnist
        logits = mnist.inference(images, 128, 32)
        """,
        None,
        "3:10 TFM417",
    ),
]

# ---------------------------------------------------------------------------
# No-ops: code that must come out byte for byte as it went in
# ---------------------------------------------------------------------------
NO_OPS = [
    pair(
        "tf2-code",
        """
        import tensorflow as tf


        @tf.function
        def step(model, x, y, optimizer):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.keras.losses.mse(y, model(x)))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            return tf.math.log(loss), tf.random.normal([2]), tf.cast(x, tf.float32), tf.where(x > 0, x, y)


        h = tf.nn.dropout(h, 0.2)  # rate, in TF 2
        """,
        None,
    ),
    pair(
        "tf2-losses-by-keyword",
        """
        import tensorflow as tf
        a = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
        b = tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=net, axis=-1)
        c = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.)
        """,
        None,
    ),
    pair(
        "no-tensorflow-at-all",
        """
        import math


        def mul(a, b):
            return a * b


        tf = Thing()
        print(tf.mul(2, 3), math.log(2))
        """,
        None,
    ),
    pair(
        "local-function-named-mul",
        """
        import tensorflow as tf


        def mul(a, b):
            return tf.multiply(a, b)


        z = mul(x, y)
        """,
        None,
    ),
    pair(
        "numpy-code",
        """
        import numpy as np
        import tensorflow as tf
        z = np.log(np.multiply(a, b))
        s = np.sum(z, keepdims=True)
        t = tf.constant(z)
        """,
        None,
    ),
    pair(
        "strings-and-comments",
        '''
        import tensorflow as tf
        # tf.mul(a, b) was renamed; so was tf.reduce.mean (a typo)
        doc = "use tf.mul(x, y) and sess.run(x)"
        raw = """with tf.Session() as sess:"""
        print(f"tf.log({x})")
        ''',
        None,
    ),
    pair(
        "attributes-of-other-objects",
        """
        import tensorflow as tf
        obj.tf.mul(1)
        self.mul = model.log(x)
        result = engine.Session().run(query)
        tf2 = Wrapper()
        y = tf2.reduce.mean(z)
        """,
        None,
    ),
    pair(
        "parameter-shadows-tf",
        """
        import tensorflow as tf


        def f(tf):
            return tf.mul(1, 2)
        """,
        None,
    ),
    pair(
        "other-library-session",
        """
        import tensorflow as tf
        from sqlalchemy.orm import Session
        sess = Session()
        sess.run(query)
        sess.close()
        """,
        None,
    ),
    pair(
        "other-tensorflow-package",
        """
        import tensorflow_datasets as tfds
        ds = tfds.load("mnist")
        """,
        None,
    ),
    pair(
        "keras-and-dtype-attributes",
        """
        import tensorflow as tf
        big = tf.float32.max
        d = tf.keras.utils.to_categorical(y)
        l = tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred)
        """,
        None,
    ),
    pair(
        "comments-only",
        """
        # import tensorflow as tf
        # sess = tf.Session()
        """,
        None,
    ),
    pair(
        "no-swap-evidence",
        """
        import tensorflow as tf
        l = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0., 1.]), logits=hidden)
        k = tf.nn.sigmoid_cross_entropy_with_logits(labels=scores, logits=hidden)
        """,
        None,
    ),
    pair(
        "eval-of-something-else",
        """
        import tensorflow as tf
        x = tf.constant(1.)
        model.eval()
        result = eval("1 + 1")
        """,
        None,
    ),
]

# ---------------------------------------------------------------------------
# The article's whole TF1 script, as shipped (the verify pipeline runs the same file)
# ---------------------------------------------------------------------------
ARTICLE_TF1 = (pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "article_tf1.py").read_text(encoding="utf-8")

# Faithful TF 2: the session goes (the blank lines around it merge), every sess.run(t) is t.numpy(),
# tf.reduce.mean and tf.mul are repaired, the weighted call gets the TF 1.x keyword order,
# and the three swapped calls are reported but kept (values stay the article's).
ARTICLE_TF2 = (
    ARTICLE_TF1.replace("sess = tf.Session()\n\n", "")
    .replace("tf.reduce.mean(tf.square", "tf.reduce_mean(tf.square")  # the code, not the comment naming it
    .replace("tf.mul(", "tf.multiply(")
    .replace("(y_pred, y_targets, weight)", "(labels=y_pred, logits=y_targets, pos_weight=weight)")
)
for _fetch in ("loss_l1_vals", "loss_l2_vals", "loss_mse_vals", "loss_hinge_vals", "loss_sce_vals",
               "loss_wce_vals", "loss_softmax_vals", "loss"):
    ARTICLE_TF2 = ARTICLE_TF2.replace(f"sess.run({_fetch})", f"{_fetch}.numpy()")
ARTICLE_TF2_FIXED = (
    ARTICLE_TF2.replace("(labels=y_pred, logits=y_targets)", "(labels=y_targets, logits=y_pred)")
    .replace("(labels=y_pred, logits=y_targets, pos_weight=weight)", "(labels=y_targets, logits=y_pred, pos_weight=weight)")
    .replace("(labels=y_pred, logits=y_target)", "(labels=y_target, logits=y_pred)")
)
ARTICLE_FINDINGS = ("9:1 TFM201", "21:17 TFM102", "29:39 TFM101", "32:17 TFM302", "36:17 TFM301", "36:17 TFM302", "42:21 TFM302")
ARTICLE = [
    pair("article-faithful", ARTICLE_TF1, ARTICLE_TF2, *ARTICLE_FINDINGS),
    pair("article-fix-swaps", ARTICLE_TF1, ARTICLE_TF2_FIXED, *ARTICLE_FINDINGS, fix_swaps=True),
]

NO_OPS += [
    pair(
        "version-and-private-modules",
        """
        import tensorflow as tf
        print(tf.__version__, tf.version.VERSION)
        t = tf.python.framework.ops.Tensor
        """,
        None,
    ),
    # A private module's name that TF 2 exports as the same object gets its public name (TFM105).
    pair(
        "private-module-name",
        """
        import tensorflow as tf
        from tensorflow.python.ops import math_ops
        z = math_ops.add(x, y)
        """,
        """
        import tensorflow as tf
        z = tf.add(x, y)
        """,
        "3:5 TFM105",
    ),
]

NO_OPS += [
    pair(
        "tf1-axis-last-concat-and-split",
        """
        import tensorflow as tf
        c = tf.concat([a, b], 1)
        l, r = tf.split(x, 2, 1)
        d = tf.concat(tensors, axis)
        """,
        None,
    ),
]

ALL_PAIRS = RENAMES + CHAINS + COMPAT + SESSIONS + LOSS_ARGUMENTS + SWAPS + NO_SAFE_FORM + ARTICLE + NO_OPS

# Known bugs in files this suite's author does not own; the lead removes the marks.
XFAIL: dict[str, str] = {}


def _params() -> list[object]:
    params = []
    for item in ALL_PAIRS:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[item.id])] if item.id in XFAIL else []
        params.append(pytest.param(item, id=item.id, marks=marks))
    return params


def test_pair_ids_are_unique() -> None:
    ids = [item.id for item in ALL_PAIRS]
    assert len(ids) == len(set(ids))


def test_enough_pairs_cover_every_rule() -> None:
    changing = [item for item in ALL_PAIRS if item.after is not None]
    assert len(changing) >= 60
    codes = {finding.split()[1] for item in ALL_PAIRS for finding in item.findings}
    assert codes >= {"TFM101", "TFM102", "TFM103", "TFM201", "TFM301", "TFM302", "TFM401"}


@pytest.mark.parametrize("item", _params())
def test_pair(item: Pair) -> None:
    assert_pair(item)


def assert_pair(item: Pair) -> None:
    """The migration of ``before`` is ``after``, parses, is stable, and gives exactly the listed findings."""
    options = dict(item.options)
    result = migrate_source(item.before, path=PATH, **options, layout=False)  # type: ignore[arg-type]
    errors = [f.format() for f in result.findings if f.kind == Kind.ERROR]
    assert not errors
    assert result.code == item.expected
    ast.parse(result.code)  # Python's own parser, not only libcst's
    assert [located(f) for f in result.findings] == list(item.findings)
    again = migrate_source(result.code, path=PATH, **options, layout=False)  # type: ignore[arg-type]
    assert again.code == result.code, "a second run must change nothing"


def test_swap_findings_carry_the_exact_fix() -> None:
    source = "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)\n"
    (finding,) = migrate_source(source, path=PATH).findings
    assert finding.kind == Kind.SWAP
    assert "sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred" in finding.action
    (fixed,) = migrate_source(source, path=PATH, fix_swaps=True).findings
    assert "values change" in fixed.message


def test_manual_findings_say_what_to_do() -> None:
    source = "import tensorflow as tf\nw = tf.train.SummaryWriter('logs')\nq = tf.train.batch([x], 4)\n"
    findings = migrate_source(source, path=PATH).findings
    assert [f.kind for f in findings] == [Kind.MANUAL, Kind.MANUAL]
    assert "create_file_writer" in findings[0].action
    assert "tf.data" in findings[1].action


def test_blank_lines_and_comments_outside_edits_are_kept() -> None:
    source = (
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\"\"\"Module doc.\"\"\"\n\n"
        "import tensorflow as tf  # TF\n\n\n"
        "def f(x):  # keep\n    '''doc'''\n\n    return tf.mul(x,   2)  # odd spacing kept\n\n\n"
        "# trailing comment\n"
    )
    expected = source.replace("tf.mul(x,   2)", "tf.multiply(x,   2)")
    assert migrate_source(source).code == expected


def test_crlf_line_endings_are_kept() -> None:
    source = "import tensorflow as tf\r\nz = tf.mul(x, y)\r\n\r\n# done\r\n"
    assert migrate_source(source).code == "import tensorflow as tf\r\nz = tf.multiply(x, y)\r\n\r\n# done\r\n"


# Pairs whose TF1 code runs as it stands (no free names, variables initialised). Their
# hand-written TF 2 outputs must compute, value for value, what the TF1 code computed.
RUNNABLE = (
    "session-run-tensor", "session-run-call-expression", "with-block-dedent-comments-list", "tuple-fetch",
    "dict-fetch-with-nested-list", "close-and-named-initializer", "inline-initializer-in-with",
    "pre-1-0-names-with-session", "interactive-session-eval", "eval-with-session-argument", "placeholder-feed-dict",
    "two-placeholders-dependent-tensors", "placeholder-eval-feed-dict", "gradient-descent-training-loop",
    "adam-defaults-keep-tf1-epsilon", "adam-explicit-betas-and-epsilon", "interactive-op-run-and-initializer-run",
    "softmax-v1-placeholder-labels-no-stop-gradient", "session-name-reused", "subscript-fetch-and-subscripted-result",
    "assign-add-op-run-twice", "from-import-session", "from-import-session-and-initializer", "article-faithful",
)


def test_expected_outputs_compute_what_the_tf1_code_computed(tmp_path: pathlib.Path) -> None:
    """One TF1 graph-mode run of every runnable 'before', one TF 2 eager run of every 'after'."""
    assert_pairs_compute_the_same(ALL_PAIRS, RUNNABLE, tmp_path, minimum_values=40)


def assert_pairs_compute_the_same(pairs: list[Pair], names: tuple[str, ...], tmp_path: pathlib.Path,
                                  minimum_values: int) -> None:
    """The named pairs' 'before' (TF1 graph mode) and 'after' (TF 2 eager) fetch the same values.

    The scripts are concatenations (each pair re-binds its own names), so the
    cost is two TensorFlow start-ups, run concurrently by the verify harness.
    """
    from tfmigrate.verify.runner import format_report, verify_pair  # numpy only; TF runs in the subprocesses

    by_id = {item.id: item for item in pairs}
    original, migrated = tmp_path / "original.py", tmp_path / "migrated.py"
    original.write_text("\n".join(by_id[name].before for name in names), encoding="utf-8")
    migrated.write_text("\n".join(by_id[name].expected for name in names), encoding="utf-8")
    report = verify_pair(original, migrated)
    assert report.passed, format_report(report)
    fetched, total = report.counts()
    assert fetched == total >= minimum_values

"""TFM201 and the tf.train optimizers no Keras optimizer reproduces: TF1's update written out as a class.

No Keras optimizer applies TF1's RMSProp (TF1 starts the mean square at 1
and adds epsilon inside the square root) or the proximal optimizers, so the
migration emits a class, once per module, that runs TF1's kernels
(``ApplyRMSProp`` / ``ApplyCenteredRMSProp`` / ``SparseApplyRMSProp``,
``ApplyProximalAdagrad`` / ``SparseApplyProximalAdagrad``, the same for
ProximalGradientDescent). The before/after pairs were written by hand; the
class texts below are TF1's kernels as ``training_ops.cc`` states them.
The pairs are also run on both
sides and compared, and a separate test trains fourteen set-ups in TF1 graph
mode and eagerly and checks both against a float32/float64 hand
calculation of the kernels, and that Keras's own RMSprop would be caught.
"""

from __future__ import annotations

import pathlib
import re

import numpy as np
import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source

# The class the migration defines once per module (written out by hand from TF1's kernel).
RMSPROP_CLASS = '''\
class RMSPropTF1:
    """tf.train.RMSPropOptimizer's update, which no Keras optimizer applies.

    TF1 starts the mean square at 1 and adds epsilon inside the square root;
    each step runs the operations of TF1's kernels (dense and sparse) in order.
    """

    def __init__(
        self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, centered=False
    ):
        self.hyper = (learning_rate, decay, momentum, epsilon)
        self.centered = centered
        self.slots = {}

    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            if grad is not None:
                self.apply(grad, var)

    def apply(self, grad, var):
        lr, decay, momentum, epsilon = (
            tf.cast(h() if callable(h) else h, var.dtype) for h in self.hyper
        )
        if var.ref() not in self.slots:
            ones, zeros = tf.ones_like(var), tf.zeros_like(var)
            # TF1's slots: the mean square (from 1), the momentum, the mean gradient
            self.slots[var.ref()] = (
                tf.Variable(ones, trainable=False),
                tf.Variable(zeros, trainable=False),
                tf.Variable(zeros, trainable=False) if self.centered else None,
            )
        if isinstance(grad, tf.IndexedSlices):
            self.apply_rows(grad, var, lr, decay, momentum, epsilon)
            return
        ms, mom, mg = self.slots[var.ref()]
        ms.assign_add((tf.square(grad) - ms) * (1 - decay))
        denom = ms + epsilon
        if mg is not None:
            mg.assign_add((grad - mg) * (1 - decay))
            denom = ms - tf.square(mg) + epsilon
        mom.assign(mom * momentum + grad * lr / tf.sqrt(denom))
        var.assign_sub(mom)

    def apply_rows(self, grad, var, lr, decay, momentum, epsilon):
        """TF1's sparse kernel: only the rows the gradient reaches, repeats summed."""
        ms, mom, mg = self.slots[var.ref()]
        rows, at = tf.unique(grad.indices)
        grad = tf.math.unsorted_segment_sum(grad.values, at, tf.shape(rows)[0])
        ms_rows = tf.gather(ms, rows) * decay + tf.square(grad) * (1 - decay)
        denom = ms_rows + epsilon
        if mg is not None:
            mg_rows = tf.gather(mg, rows) * decay + grad * (1 - decay)
            mg.scatter_update(tf.IndexedSlices(mg_rows, rows))
            denom = denom - tf.square(mg_rows)
        mom_rows = tf.gather(mom, rows) * momentum + tf.math.rsqrt(denom) * lr * grad
        ms.scatter_update(tf.IndexedSlices(ms_rows, rows))
        mom.scatter_update(tf.IndexedSlices(mom_rows, rows))
        var.scatter_sub(tf.IndexedSlices(mom_rows, rows))
'''

PROXIMAL_ADAGRAD_CLASS = '''\
class ProximalAdagradTF1:
    """tf.train.ProximalAdagradOptimizer's update, which no Keras optimizer applies.

    An Adagrad step, then the proximal step of the l1 and l2 penalties;
    each step runs the operations of TF1's kernels (dense and sparse) in order.
    """

    def __init__(
        self,
        learning_rate,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
    ):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive")
        self.hyper = (
            learning_rate,
            l1_regularization_strength,
            l2_regularization_strength,
        )
        self.initial_accumulator_value = initial_accumulator_value
        self.slots = {}

    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            if grad is not None:
                self.apply(grad, var)

    def apply(self, grad, var):
        lr, l1, l2 = (tf.cast(h() if callable(h) else h, var.dtype) for h in self.hyper)
        if var.ref() not in self.slots:
            start = tf.constant(self.initial_accumulator_value, var.dtype, var.shape)
            self.slots[var.ref()] = tf.Variable(start, trainable=False)
        accum = self.slots[var.ref()]
        if isinstance(grad, tf.IndexedSlices):  # only the rows reached, repeats summed
            rows, at = tf.unique(grad.indices)
            grad = tf.math.unsorted_segment_sum(grad.values, at, tf.shape(rows)[0])
            accum_rows = tf.gather(accum, rows) + tf.square(grad)
            accum.scatter_update(tf.IndexedSlices(accum_rows, rows))
            old_rows, scalar = tf.gather(var, rows), var.shape.rank == 1
            new_rows = self.step(old_rows, grad, accum_rows, lr, l1, l2, scalar)
            var.scatter_update(tf.IndexedSlices(new_rows, rows))
            return
        accum.assign_add(tf.square(grad))
        var.assign(self.step(var, grad, accum, lr, l1, l2))

    def step(self, var, grad, accum, lr, l1, l2, scalar=False):
        # TF1's sparse kernel takes a scalar path for a 1-D variable: lr / sqrt(accum),
        # and its last division in float64
        rate = lr / tf.sqrt(accum) if scalar else lr * tf.math.rsqrt(accum)
        prox = var - grad * rate
        if l1 > 0:
            prox = tf.sign(prox) * tf.maximum(tf.abs(prox) - rate * l1, 0)
        if scalar:
            wide = tf.cast(prox, tf.float64) / (1 + tf.cast(l2 * rate, tf.float64))
            return tf.cast(wide, var.dtype)
        return prox / (1 + l2 * rate)
'''

PROXIMAL_GRADIENT_DESCENT_CLASS = '''\
class ProximalGradientDescentTF1:
    """TF1's ProximalGradientDescentOptimizer update, which no Keras optimizer applies.

    A gradient descent step, then the proximal step of the l1 and l2 penalties;
    each step runs the operations of TF1's kernels (dense and sparse) in order.
    """

    def __init__(
        self,
        learning_rate,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
    ):
        self.hyper = (
            learning_rate,
            l1_regularization_strength,
            l2_regularization_strength,
        )

    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            if grad is not None:
                self.apply(grad, var)

    def apply(self, grad, var):
        lr, l1, l2 = (tf.cast(h() if callable(h) else h, var.dtype) for h in self.hyper)
        if isinstance(grad, tf.IndexedSlices):  # only the rows reached, repeats summed
            rows, at = tf.unique(grad.indices)
            grad = tf.math.unsorted_segment_sum(grad.values, at, tf.shape(rows)[0])
            old_rows, scalar = tf.gather(var, rows), var.shape.rank == 1
            new_rows = self.step(old_rows, grad, lr, l1, l2, scalar)
            var.scatter_update(tf.IndexedSlices(new_rows, rows))
            return
        var.assign(self.step(var, grad, lr, l1, l2))

    def step(self, var, grad, lr, l1, l2, scalar=False):
        prox = var - grad * lr
        if l1 > 0:
            prox = tf.sign(prox) * tf.maximum(tf.abs(prox) - lr * l1, 0)
        if scalar:  # TF1's sparse kernel, 1-D variable: the last division in float64
            wide = tf.cast(prox, tf.float64) / (1 + tf.cast(l2 * lr, tf.float64))
            return tf.cast(wide, var.dtype)
        return prox / (1 + l2 * lr)
'''


def step(name: str, optimizer: str, loss: str = "loss()") -> str:
    return (f"def {name}():\n    with tf.GradientTape() as tape:\n        loss_value = {loss}\n"
            f"    train_vars = tape.watched_variables()\n"
            f"    {optimizer}.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))\n"
            f"    return loss_value\n")


PAIRS = [
    pair(
        "minimize-inline",
        """
        import tensorflow as tf
        w = tf.Variable([1., -2.])
        loss = tf.reduce_sum(tf.square(w - 3.))
        train = tf.train.RMSPropOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(train)
        print(sess.run(w))
        """,
        "import tensorflow as tf\n" + RMSPROP_CLASS
        + "w = tf.Variable([1., -2.])\ndef loss():\n    return tf.reduce_sum(tf.square(w - 3.))\n"
        + "train_optimizer = RMSPropTF1(learning_rate=0.1)\n" + step("train", "train_optimizer")
        + "for _ in range(4):\n    train()\nprint(w.numpy())\n",
        "4:9 TFM201", "5:1 TFM201",
    ),
    # Every argument by position: use_locking and name go, the others keep their TF1 names.
    pair(
        "named-optimizer-all-arguments-by-position",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        opt = tf.train.RMSPropOptimizer(0.05, 0.8, 0.5, 1e-06, False, True, 'rms')
        step = opt.minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(step)
        print(sess.run(w))
        """,
        "import tensorflow as tf\n" + RMSPROP_CLASS
        + "w = tf.Variable(1.)\ndef loss():\n    return tf.square(w - 3.)\n"
        + "opt = RMSPropTF1(learning_rate=0.05, decay=0.8, momentum=0.5, epsilon=1e-06, centered=True)\n"
        + step("step", "opt") + "for _ in range(4):\n    step()\nprint(w.numpy())\n",
        "4:7 TFM201", "6:1 TFM201",
    ),
]

PAIRS += [
    # compute_gradients / apply_gradients with clipping in between, on a float64 variable.
    pair(
        "compute-clip-apply-float64",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float64)
        w = tf.Variable(1., dtype=tf.float64)
        loss = tf.square(w * x - 5.)
        opt = tf.train.RMSPropOptimizer(learning_rate=0.1, momentum=0.9, centered=True)
        pairs = opt.compute_gradients(loss, var_list=[w])
        clipped = [(tf.clip_by_value(g, -1., 1.), v) for g, v in pairs]
        train = opt.apply_gradients(clipped)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            _, l = sess.run([train, loss], feed_dict={x: 2.})
        print(sess.run(w), l)
        """,
        "import tensorflow as tf\n" + RMSPROP_CLASS + """\
w = tf.Variable(1., dtype=tf.float64)
def loss(x):
    x = tf.convert_to_tensor(x, tf.float64)
    return tf.square(w * x - 5.)
opt = RMSPropTF1(learning_rate=0.1, momentum=0.9, centered=True)
def pairs(x):
    with tf.GradientTape() as tape:
        loss_value = loss(x)
    train_vars = [w]
    return list(zip(tape.gradient(loss_value, train_vars), train_vars))
def clipped(x):
    return [(tf.clip_by_value(g, -1., 1.), v) for g, v in pairs(x)]
def train(x):
    opt.apply_gradients(clipped(x))
for _ in range(4):
    l = loss(x=2.).numpy()
    train(x=2.)
print(w.numpy(), l)
""",
        "5:7 TFM201", "8:9 TFM201", "9:1 TFM201",
    ),
    # Two RMSProp optimizers: the class is defined once; a name the module uses is not taken.
    pair(
        "two-optimizers-one-class-under-a-free-name",
        """
        import tensorflow as tf
        RMSPropTF1 = 'taken'
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        a = tf.train.RMSPropOptimizer(0.1).minimize(loss)
        b = tf.train.RMSPropOptimizer(0.01, centered=True).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(a)
            sess.run(b)
        print(sess.run(w), RMSPropTF1)
        """,
        "import tensorflow as tf\n" + RMSPROP_CLASS.replace("class RMSPropTF1:", "class RMSPropTF1_:")
        + "RMSPropTF1 = 'taken'\nw = tf.Variable(1.)\ndef loss():\n    return tf.square(w - 3.)\n"
        + "a_optimizer = RMSPropTF1_(learning_rate=0.1)\n" + step("a", "a_optimizer")
        + "b_optimizer = RMSPropTF1_(learning_rate=0.01, centered=True)\n" + step("b", "b_optimizer")
        + "for _ in range(3):\n    a()\n    b()\nprint(w.numpy(), RMSPropTF1)\n",
        "5:5 TFM201", "6:5 TFM201", "7:1 TFM201",
    ),
]

PAIRS += [
    # Both kinds in one module: each class once, in the order of their names.
    pair(
        "proximal-adagrad-next-to-rmsprop",
        """
        import tensorflow as tf
        w = tf.Variable([1., -2.])
        loss = tf.reduce_sum(tf.square(w - 3.))
        opt = tf.train.ProximalAdagradOptimizer(0.5, 0.2, l1_regularization_strength=0.01, name='p')
        prox = opt.minimize(loss)
        rms = tf.train.RMSPropOptimizer(0.01).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(prox)
            sess.run(rms)
        print(sess.run(w))
        """,
        "import tensorflow as tf\n" + PROXIMAL_ADAGRAD_CLASS + RMSPROP_CLASS
        + "w = tf.Variable([1., -2.])\ndef loss():\n    return tf.reduce_sum(tf.square(w - 3.))\n"
        + "opt = ProximalAdagradTF1(learning_rate=0.5, initial_accumulator_value=0.2, "
        + "l1_regularization_strength=0.01)\n" + step("prox", "opt")
        + "rms_optimizer = RMSPropTF1(learning_rate=0.01)\n" + step("rms", "rms_optimizer")
        + "for _ in range(3):\n    prox()\n    rms()\nprint(w.numpy())\n",
        "4:7 TFM201", "6:7 TFM201", "7:1 TFM201",
    ),
]

PAIRS += [
    pair(
        "proximal-gradient-descent-by-position",
        """
        import tensorflow as tf
        w = tf.Variable([1., -2.])
        loss = tf.reduce_sum(tf.square(w - 3.))
        train = tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.2).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        print(sess.run(w))
        """,
        "import tensorflow as tf\n" + PROXIMAL_GRADIENT_DESCENT_CLASS
        + "w = tf.Variable([1., -2.])\ndef loss():\n    return tf.reduce_sum(tf.square(w - 3.))\n"
        + "train_optimizer = ProximalGradientDescentTF1(learning_rate=0.1, l1_regularization_strength=0.05, "
        + "l2_regularization_strength=0.2)\n" + step("train", "train_optimizer")
        + "for _ in range(3):\n    train()\nprint(w.numpy())\n",
        "4:9 TFM201", "5:1 TFM201",
    ),
]

# What the class cannot take stays as written, with a finding.
NO_OPS = [
    pair(
        "arguments-from-a-dict",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        train = tf.train.RMSPropOptimizer(**settings).minimize(loss)
        sess = tf.Session()
        sess.run(train)
        """,
        None,
        "4:9 TFM201", "4:9 TFM411",
    ),
    pair(
        "adagrad-da-has-no-keras-equivalent",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        step = tf.Variable(0, dtype=tf.int64)
        loss = tf.square(w - 3.)
        train = tf.train.AdagradDAOptimizer(0.1, step).minimize(loss)
        sess = tf.Session()
        sess.run(train)
        """,
        None,
        "5:9 TFM201", "5:9 TFM411",
    ),
]

NO_OPS += [
    # A learning rate fed per run: an optimizer made once would read it once (Keras optimizers alike).
    pair(
        "learning-rate-fed-per-run",
        """
        import tensorflow as tf
        lr = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        train = tf.train.RMSPropOptimizer(lr).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            sess.run(train, feed_dict={lr: 0.1 / (i + 1)})
        """,
        None,
        "2:6 TFM405", "5:9 TFM201", "5:9 TFM411", "7:10 TFM407",
    ),
    pair(
        "keras-learning-rate-fed-per-run",
        """
        import tensorflow as tf
        lr = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        train = tf.train.GradientDescentOptimizer(learning_rate=lr * 2.).minimize(loss)
        sess = tf.Session()
        sess.run(train, feed_dict={lr: 0.1})
        """,
        None,
        "2:6 TFM405", "5:9 TFM201", "5:9 TFM411",
    ),
]

RUNNABLE = ("minimize-inline", "named-optimizer-all-arguments-by-position", "compute-clip-apply-float64",
            "two-optimizers-one-class-under-a-free-name", "proximal-adagrad-next-to-rmsprop",
            "proximal-gradient-descent-by-position")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_rmsprop_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=8)


def test_the_class_is_spelled_with_the_module_alias() -> None:
    source = ("import tensorflow as tfx\nw = tfx.Variable(1.)\nloss = tfx.square(w)\n"
              "train = tfx.train.RMSPropOptimizer(0.1).minimize(loss)\nsess = tfx.Session()\nsess.run(train)\n")
    code = migrate_source(source).code
    assert "tfx.Variable(ones, trainable=False)" in code
    # Only the class's docstring names TF1's optimizer; the code speaks the module's alias.
    assert [line for line in code.splitlines() if re.search(r"\btf\.", line)] == [
        '    """tf.train.RMSPropOptimizer\'s update, which no Keras optimizer applies.']


# -- values: five RMSProp set-ups, TF1 graph mode against the migration and a hand calculation ----------
VALUES_ORIGINAL = """\
import numpy as np
import tensorflow as tf
target = np.array([1.5, -2., 0.25], np.float32)
w1 = tf.Variable(tf.zeros([3]))
w2 = tf.Variable(tf.zeros([3]))
w3 = tf.Variable(tf.zeros([3]))
w4 = tf.Variable(tf.zeros([3]))
w5 = tf.Variable(tf.zeros([3], tf.float64))
loss1 = tf.reduce_sum(tf.square(w1 - target))
loss2 = tf.reduce_sum(tf.square(w2 - target))
loss3 = tf.reduce_sum(tf.square(w3 - target))
loss4 = tf.reduce_sum(tf.square(w4 - target))
loss5 = tf.reduce_sum(tf.square(w5 - target.astype(np.float64)))
plain = tf.train.RMSPropOptimizer(0.1).minimize(loss1)
momentum = tf.train.RMSPropOptimizer(0.1, momentum=0.9).minimize(loss2)
centered = tf.train.RMSPropOptimizer(0.1, centered=True).minimize(loss3)
both = tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, epsilon=1e-06, centered=True).minimize(loss4)
wide = tf.train.RMSPropOptimizer(0.1, momentum=0.9, centered=True).minimize(loss5)
batches = [np.array([0, 2, 2], np.int32), np.array([1, 2], np.int32)]
ids = tf.placeholder(tf.int32, [None])
table6 = tf.Variable(tf.ones([4, 3]))
table7 = tf.Variable(tf.ones([4, 3]))
loss6 = tf.reduce_sum(tf.square(tf.gather(table6, ids) - target))
loss7 = tf.reduce_sum(tf.square(tf.gather(table7, ids) - target))
rows = tf.train.RMSPropOptimizer(0.1).minimize(loss6)
rows_centered = tf.train.RMSPropOptimizer(0.1, momentum=0.9, centered=True).minimize(loss7)
w8 = tf.Variable(tf.zeros([3]))
w9 = tf.Variable(tf.zeros([3]))
table10 = tf.Variable(tf.ones([4, 3]))
loss8 = tf.reduce_sum(tf.square(w8 - target))
loss9 = tf.reduce_sum(tf.square(w9 - target))
loss10 = tf.reduce_sum(tf.square(tf.gather(table10, ids) - target))
prox = tf.train.ProximalAdagradOptimizer(0.3).minimize(loss8)
prox_l1_l2 = tf.train.ProximalAdagradOptimizer(0.3, 0.2, 0.05, 0.1).minimize(loss9)
prox_rows = tf.train.ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.05,
                                              l2_regularization_strength=0.1).minimize(loss10)
w11 = tf.Variable(tf.zeros([3]))
table12 = tf.Variable(tf.ones([4, 3]))
loss11 = tf.reduce_sum(tf.square(w11 - target))
loss12 = tf.reduce_sum(tf.square(tf.gather(table12, ids) - target))
descent = tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.1).minimize(loss11)
descent_rows = tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.1).minimize(loss12)
bias13 = tf.Variable(tf.ones([4]))
bias14 = tf.Variable(tf.ones([4]))
loss13 = tf.reduce_sum(tf.square(tf.gather(bias13, ids) - 0.25))
loss14 = tf.reduce_sum(tf.square(tf.gather(bias14, ids) - 0.25))
prox_bias = tf.train.ProximalAdagradOptimizer(0.3, 0.1, 0.05, 0.1).minimize(loss13)
descent_bias = tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.1).minimize(loss14)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
history = []
for step in range(8):
    sess.run(plain)
    sess.run(momentum)
    sess.run(centered)
    sess.run(both)
    sess.run(wide)
    sess.run(rows, feed_dict={ids: batches[step % 2]})
    sess.run(rows_centered, feed_dict={ids: batches[step % 2]})
    sess.run(prox)
    sess.run(prox_l1_l2)
    sess.run(prox_rows, feed_dict={ids: batches[step % 2]})
    sess.run(descent)
    sess.run(descent_rows, feed_dict={ids: batches[step % 2]})
    sess.run(prox_bias, feed_dict={ids: batches[step % 2]})
    sess.run(descent_bias, feed_dict={ids: batches[step % 2]})
    history.append(sess.run([w1, w2, w3, w4, w5, table6, table7, w8, w9, table10, w11, table12, bias13,
                             bias14]))
(steps1, steps2, steps3, steps4, steps5, steps6, steps7, steps8, steps9, steps10, steps11, steps12, steps13,
 steps14) = (np.stack([h[i] for h in history]) for i in range(14))
"""

# (learning_rate, decay, momentum, epsilon, centered, dtype) of w1..w5, as the script above gives them.
SETUPS = ((0.1, 0.9, 0.0, 1e-10, False, np.float32), (0.1, 0.9, 0.9, 1e-10, False, np.float32),
          (0.1, 0.9, 0.0, 1e-10, True, np.float32), (0.05, 0.8, 0.5, 1e-06, True, np.float32),
          (0.1, 0.9, 0.9, 1e-10, True, np.float64))


def hand_rmsprop(lr: float, decay: float, momentum: float, epsilon: float, centered: bool, dtype: type,
                 steps: int = 8) -> np.ndarray:
    """TF1's kernel by hand: hyperparameters made float32 tensors, then cast to the variable's dtype."""
    lr_, decay_, momentum_, epsilon_ = (dtype(np.float32(h)) for h in (lr, decay, momentum, epsilon))
    one = dtype(1)
    target = np.array([1.5, -2., 0.25], np.float32).astype(dtype)
    var, ms, mg, mom = np.zeros(3, dtype), np.ones(3, dtype), np.zeros(3, dtype), np.zeros(3, dtype)
    history = []
    for _ in range(steps):
        grad = (var - target) * dtype(2)  # d/dw sum((w - t)^2), exact in binary floating point
        ms = ms + (grad * grad - ms) * (one - decay_)
        denom = ms + epsilon_
        if centered:
            mg = mg + (grad - mg) * (one - decay_)
            denom = (ms - mg * mg) + epsilon_
        mom = mom * momentum_ + (grad * lr_) / np.sqrt(denom)
        var = var - mom
        history.append(var)
    return np.stack(history)


# (learning_rate, decay, momentum, epsilon, centered) of table6 and table7, trained through tf.gather.
ROW_SETUPS = ((0.1, 0.9, 0.0, 1e-10, False), (0.1, 0.9, 0.9, 1e-10, True))


def hand_rmsprop_rows(lr: float, decay: float, momentum: float, epsilon: float, centered: bool,
                      steps: int = 8) -> np.ndarray:
    """TF1's sparse kernel by hand: only the rows a step gathers change (a row gathered twice: summed).

    Steps alternate between rows [0, 2, 2] and [1, 2]; a dense update would
    also move a row a step skips (its momentum) and decay its mean square.
    """
    f = np.float32
    lr_, decay_, momentum_, epsilon_ = (f(h) for h in (lr, decay, momentum, epsilon))
    target = np.array([1.5, -2., 0.25], f)
    table, ms, mg, mom = np.ones((4, 3), f), np.ones((4, 3), f), np.zeros((4, 3), f), np.zeros((4, 3), f)
    history = []
    for step in range(steps):
        if step % 2 == 0:
            rows, gathered = [0, 2], (table[[0, 2, 2]] - target) * f(2)
            grad = np.stack([gathered[0], gathered[1] + gathered[2]])
        else:
            rows, grad = [1, 2], (table[[1, 2]] - target) * f(2)
        ms[rows] = ms[rows] * decay_ + (grad * grad) * (f(1) - decay_)
        denom = ms[rows] + epsilon_
        if centered:
            mg[rows] = mg[rows] * decay_ + grad * (f(1) - decay_)
            denom = denom - mg[rows] * mg[rows]
        mom[rows] = mom[rows] * momentum_ + (f(1) / np.sqrt(denom)) * lr_ * grad
        table[rows] = table[rows] - mom[rows]
        history.append(table.copy())
    return np.stack(history)


def hand_proximal(lr: float, initial: float | None, l1: float, l2: float, rows_steps: bool,
                  steps: int = 8, vector: bool = False) -> np.ndarray:
    """TF1's proximal kernels by hand: the rate (ProximalAdagrad: lr / sqrt(accum), accum from ``initial``;
    ProximalGradientDescent, ``initial`` None: lr), a step, then the l1/l2 proximal step.

    ``vector``: a 1-D variable of 4 entries with target 0.25, trained through a gather; TF1's sparse kernel
    then takes its scalar path: lr / sqrt(accum), and the last division in double (``1.0 + l2 * rate``).
    """
    f = np.float32
    lr_, l1_, l2_ = f(lr), f(l1), f(l2)
    target = f(0.25) if vector else np.array([1.5, -2., 0.25], f)
    var = np.ones(4, f) if vector else np.ones((4, 3), f) if rows_steps else np.zeros(3, f)
    accum = np.full(var.shape, initial or 0, f)
    history = []
    for step in range(steps):
        if not rows_steps:
            rows, grad = slice(None), (var - target) * f(2)
        elif step % 2 == 0:
            rows, gathered = [0, 2], (var[[0, 2, 2]] - target) * f(2)
            grad = np.stack([gathered[0], gathered[1] + gathered[2]])
        else:
            rows, grad = [1, 2], (var[[1, 2]] - target) * f(2)
        if initial is None:
            rate = lr_
        else:
            accum[rows] = accum[rows] + grad * grad
            rate = lr_ / np.sqrt(accum[rows]) if vector else lr_ * (f(1) / np.sqrt(accum[rows]))
        prox = var[rows] - grad * rate
        if l1_ > 0:
            prox = np.sign(prox) * np.maximum(np.abs(prox) - rate * l1_, f(0))
        if vector:
            prox = (prox.astype(np.float64) / (1.0 + (l2_ * rate).astype(np.float64))).astype(f)
        else:
            prox = prox / (f(1) + l2_ * rate)
        var[rows] = prox
        history.append(var.copy())
    return np.stack(history)


def expected_steps() -> dict[str, np.ndarray]:
    dense = {f"steps{index + 1}": hand_rmsprop(*setup) for index, setup in enumerate(SETUPS)}
    rows = {f"steps{index + 6}": hand_rmsprop_rows(*setup) for index, setup in enumerate(ROW_SETUPS)}
    proximal = {"steps8": hand_proximal(0.3, 0.1, 0.0, 0.0, False),
                "steps9": hand_proximal(0.3, 0.2, 0.05, 0.1, False),
                "steps10": hand_proximal(0.3, 0.1, 0.05, 0.1, True),
                "steps11": hand_proximal(0.1, None, 0.05, 0.1, False),
                "steps12": hand_proximal(0.1, None, 0.05, 0.1, True),
                "steps13": hand_proximal(0.3, 0.1, 0.05, 0.1, True, vector=True),
                "steps14": hand_proximal(0.1, None, 0.05, 0.1, True, vector=True)}
    return dense | rows | proximal


@pytest.fixture(scope="module")
def value_sides(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from tfmigrate.verify.runner import run_many  # noqa: PLC0415  numpy only; TF runs in the subprocesses
    from tfmigrate.verify.warm import warm_workers  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("rmsprop-values")
    migrated = migrate_source(VALUES_ORIGINAL).code
    assert "Session" not in migrated
    assert all(f"{name}TF1(" in migrated for name in ("RMSProp", "ProximalAdagrad", "ProximalGradientDescent"))
    # Keras's own RMSprop under the same arguments: what the migration must not have done.
    keras = migrated.replace("RMSPropTF1(", "tf.keras.optimizers.RMSprop(").replace("decay=", "rho=")
    scripts = {"original": VALUES_ORIGINAL, "migrated": migrated, "keras": keras}
    specs = []
    for name, code in scripts.items():
        path = folder / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        specs.append((name, path, "graph" if name == "original" else "eager", None))
    with warm_workers():
        runs = run_many(specs, jobs=2)
    return dict(zip(scripts, runs))


def test_tf1_graph_mode_equals_the_hand_calculation(value_sides: dict) -> None:
    original = value_sides["original"]
    assert original.status.ok, original.status.describe()
    for name, expected in expected_steps().items():
        trained = original.names[name]
        assert trained.dtype == expected.dtype
        # Rounding may differ where TF's sqrt or division is vectorised; a wrong rule differs in the first digits.
        np.testing.assert_allclose(trained, expected, rtol=4 * np.finfo(expected.dtype).eps, atol=0, err_msg=name)
    assert (original.names["steps6"][:, 3] == 1).all()  # a row no step gathers never changes
    table7 = original.names["steps7"]
    assert (table7[1, 0] == table7[0, 0]).all()  # row 0, skipped by the second step, keeps its value (momentum 0.9)


def test_migration_computes_what_tf1_computed(value_sides: dict) -> None:
    from tfmigrate.verify.runner import compare_sides, format_report  # noqa: PLC0415

    migrated = value_sides["migrated"]
    assert migrated.status.ok, migrated.status.describe()
    report = compare_sides(value_sides["original"], migrated, title="rmsprop")
    assert report.passed, format_report(report)
    fetched, total = report.counts()
    assert fetched == total >= 112  # 8 steps x 14 runs of training ops, the weights, the names
    for name, expected in expected_steps().items():
        trained = migrated.names[name]
        np.testing.assert_allclose(trained, expected, rtol=4 * np.finfo(trained.dtype).eps, atol=0, err_msg=name)


def test_keras_rmsprop_in_its_place_is_caught(value_sides: dict) -> None:
    from tfmigrate.verify.runner import compare_sides  # noqa: PLC0415

    keras = value_sides["keras"]
    assert keras.status.ok, keras.status.describe()
    report = compare_sides(value_sides["original"], keras, title="keras rmsprop")
    assert not report.passed
    assert not np.allclose(keras.names["steps1"], hand_rmsprop(*SETUPS[0]), rtol=1e-3)

"""TF1 updates written out: optimizers whose update no Keras optimizer applies, as a small class emitted once.

TF1's ``RMSPropOptimizer`` starts its mean square at 1 (Keras's RMSprop at
0) and adds epsilon inside the square root, and Keras has no proximal
optimizers, so no Keras optimizer computes their steps. For each of
``RMSPropOptimizer``, ``ProximalAdagradOptimizer`` and
``ProximalGradientDescentOptimizer`` the migration defines a class that
applies TF1's dense kernel (``ApplyRMSProp``, ``ApplyCenteredRMSProp``, ...
in ``tensorflow/core/kernels/training_ops.cc``) operation by operation, in
the kernel's order and with the hyperparameters cast to the variable's
dtype, and creates the optimizer from it where the TF1 optimizer was. Its
``apply_gradients(pairs)`` takes the pairs a Keras optimizer takes, so the
training step reads the same either way. A sparse gradient
(``tf.IndexedSlices``) takes TF1's sparse path: repeated rows summed, then
the sparse kernel's operations on those rows only. Each class is emitted
once per module, after its imports.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule


@dataclasses.dataclass(frozen=True)
class Tf1Update:
    """A TF1 optimizer the migration writes out: the class it becomes and the parameters it keeps."""

    class_name: str
    positional: tuple[str, ...]  # TF1 parameters in positional order
    kept: frozenset[str]  # TF1 keywords the class takes under the same name
    source: str  # the class, spelled with ``tf`` and ``CLASS``


# Each class's apply_gradients: what a Keras optimizer is called with.
_APPLY_GRADIENTS = '''\
    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            if grad is not None:
                self.apply(grad, var)
'''

_RMSPROP_CLASS = '''\
class CLASS:
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

''' + _APPLY_GRADIENTS + '''
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

_PROXIMAL_ADAGRAD_CLASS = '''\
class CLASS:
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

''' + _APPLY_GRADIENTS + '''
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

_PROXIMAL_GRADIENT_DESCENT_CLASS = '''\
class CLASS:
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

''' + _APPLY_GRADIENTS + '''
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

TF1_UPDATES: dict[str, Tf1Update] = {
    "tf.train.RMSPropOptimizer": Tf1Update(
        "RMSPropTF1", ("learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"),
        frozenset({"learning_rate", "decay", "momentum", "epsilon", "centered"}), _RMSPROP_CLASS),
    "tf.train.ProximalAdagradOptimizer": Tf1Update(
        "ProximalAdagradTF1", ("learning_rate", "initial_accumulator_value", "l1_regularization_strength",
                               "l2_regularization_strength", "use_locking", "name"),
        frozenset({"learning_rate", "initial_accumulator_value", "l1_regularization_strength",
                   "l2_regularization_strength"}), _PROXIMAL_ADAGRAD_CLASS),
    "tf.train.ProximalGradientDescentOptimizer": Tf1Update(
        "ProximalGradientDescentTF1", ("learning_rate", "l1_regularization_strength", "l2_regularization_strength",
                                       "use_locking", "name"),
        frozenset({"learning_rate", "l1_regularization_strength", "l2_regularization_strength"}),
        _PROXIMAL_GRADIENT_DESCENT_CLASS),
}


def free_class_name(rule: MigrationRule, update: Tf1Update) -> str:
    """The update's class name, made unique against every name the module already uses."""
    taken = {name.value for name in rule.facts.all(cst.Name)}
    name = update.class_name
    while name in taken:
        name += "_"
    return name


def emit_update_classes(rule: MigrationRule, classes: dict[str, Tf1Update]) -> list[cst.ClassDef]:
    """Each needed class (by the name the plan gave it), spelled with the module's TensorFlow alias."""
    emitted = []
    for name, update in sorted(classes.items()):
        parsed = cst.ensure_type(cst.parse_statement(update.source), cst.ClassDef)
        emitted.append(cst.ensure_type(parsed.visit(_Spell(rule, name)), cst.ClassDef))
    return emitted


def insert_after_imports(module: cst.Module, statements: list[cst.ClassDef]) -> cst.Module:
    """``statements`` after the module's docstring and leading imports."""
    body = list(module.body)
    at = 0
    while at < len(body) and _is_header(body[at]):
        at += 1
    return module.with_changes(body=[*body[:at], *statements, *body[at:]])


def _is_header(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(isinstance(small, (cst.Import, cst.ImportFrom)) or
               (isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)) for small in statement.body)


class _Spell(cst.CSTTransformer):
    """The template's ``CLASS`` as the planned name, its ``tf.X`` in the module's spelling."""

    def __init__(self, rule: MigrationRule, class_name: str) -> None:
        super().__init__()
        self.rule = rule
        self.class_name = class_name

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return cst.Name(self.class_name) if updated_node.value == "CLASS" else updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if isinstance(updated_node.value, cst.Name) and updated_node.value.value == "tf":
            return self.rule.spell(f"tf.{updated_node.attr.value}")
        return updated_node

"""TFM201: turn session-style code (Session, sess.run, eval, placeholders, minimize) into eager code."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.session.class_emit import emit_graph_class
from tfmigrate.rules.session.emit import emit
from tfmigrate.rules.session.loops import emit_loop
from tfmigrate.rules.session.plan import Plan, make_plan
from tfmigrate.rules.session.tf1_updates import emit_update_classes, insert_after_imports
from tfmigrate.rules.session.training import OptimizerDef, update_classes


class Sessions(MigrationRule):
    CODE = "TFM201"
    NAME = "sessions-to-eager"
    DESCRIPTION = "Run session-style code eagerly: sess.run(t) -> t.numpy(), placeholders -> arguments, minimize -> GradientTape."
    WHY = (
        "TF 2 has no tf.Session: operations run as they are called and a tensor's value is read with "
        ".numpy(). A placeholder has no TF 2 counterpart; an argument of a function does its job. "
        "minimize() belonged to TF1's tf.train optimizers; TF 2 takes gradients with tf.GradientTape "
        "and applies them with a Keras optimizer. No Keras optimizer applies TF1's RMSProp (its mean square "
        "starts at 1) or its proximal optimizers, so those become a small class the module defines once, "
        "whose apply_gradients runs TF1's update operation by operation. A model class whose __init__ builds the "
        "graph becomes a tf.Module: its variables are made once in __init__ and each tensor attribute becomes a "
        "method, one call per TF1 run."
    )
    LEAVES = (
        "Every session of a module, when one use cannot be proven safe: a session passed to a Saver or "
        "stored, a session on an explicit graph or target, a fetch it cannot tell is a tensor, a variable "
        "changed in place between runs, an optimizer used beyond minimize(). A module converts all of its "
        "sessions or none, and each such use gets a finding."
    )
    INSTEAD = (
        "t.numpy() for sess.run(t); for a model class built in __init__, a tf.Module whose tensors are methods "
        "of the placeholders they read; a function of the placeholders' values for a tensor fed through "
        "feed_dict; a Keras optimizer and a tf.GradientTape step for opt.minimize(loss)."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nsess = tf.Session()\nx = tf.constant(2.)\nprint(sess.run(x))\n",
            "import tensorflow as tf\nx = tf.constant(2.)\nprint(x.numpy())\n",
            findings=("2:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nx = tf.constant([1., 2.])\nwith tf.Session() as sess:\n"
            "    # fetch both\n    a, b = sess.run([x, x * 2])\n    print(a, b)\n",
            "import tensorflow as tf\nx = tf.constant([1., 2.])\n# fetch both\na, b = [x.numpy(), (x * 2).numpy()]\nprint(a, b)\n",
            findings=("3:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nw = tf.Variable(1.)\ninit = tf.global_variables_initializer()\n"
            "sess = tf.Session()\nsess.run(init)\nprint(sess.run(w))\nsess.close()\n",
            "import tensorflow as tf\nw = tf.Variable(1.)\nprint(w.numpy())\n",
            findings=("4:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nsess = tf.InteractiveSession()\nx = tf.ones([2])\nprint(x.eval())\n",
            "import tensorflow as tf\nx = tf.ones([2])\nprint(x.numpy())\n",
            findings=("2:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nx = tf.ones([2])\nwith tf.Session() as sess:\n    v = x.eval(session=sess)\n",
            "import tensorflow as tf\nx = tf.ones([2])\nv = x.numpy()\n",
            findings=("3:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nx = tf.ones([2])\nwith tf.Session() as sess:\n    d = sess.run({'x': x})\n",
            "import tensorflow as tf\nx = tf.ones([2])\nd = {'x': x.numpy()}\n",
            findings=("3:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 2])\n"
            "y = tf.reduce_sum(x * 2.)\n"
            "sess = tf.Session()\n"
            "print(sess.run(y, feed_dict={x: [[1., 2.]]}))\n",
            "import tensorflow as tf\n"
            "def y(x):\n"
            "    x = tf.convert_to_tensor(x, tf.float32)\n"
            "    return tf.reduce_sum(x * 2.)\n"
            "print(y(x=[[1., 2.]]).numpy())\n",
            findings=("4:1 TFM201",),
        ),
        Case(
            "import tensorflow as tf\n"
            "w = tf.Variable(0.)\n"
            "loss = tf.square(w - 3.)\n"
            "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
            "sess = tf.Session()\n"
            "sess.run(tf.global_variables_initializer())\n"
            "for _ in range(10):\n"
            "    sess.run(train)\n"
            "print(sess.run(loss))\n",
            "import tensorflow as tf\n"
            "w = tf.Variable(0.)\n"
            "def loss():\n"
            "    return tf.square(w - 3.)\n"
            "train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)\n"
            "def train():\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss_value = loss()\n"
            "    train_vars = tape.watched_variables()\n"
            "    train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))\n"
            "    return loss_value\n"
            "for _ in range(10):\n"
            "    train()\n"
            "print(loss().numpy())\n",
            findings=("4:9 TFM201", "5:1 TFM201"),
        ),
        Case(
            "import tensorflow as tf\ntf.reset_default_graph()\nx = tf.ones([2])\nwith tf.Session() as sess:\n    print(sess.run(x))\n",
            "import tensorflow as tf\nx = tf.ones([2])\nprint(x.numpy())\n",
            findings=("2:1 TFM201", "4:1 TFM201"),
        ),
        Case(
            "import tensorflow as tf\nsess = tf.Session()\nsaver = tf.train.Saver()\nsaver.save(sess, 'ckpt', global_step=1)\n",
            findings=("3:9 TFM410", "4:1 TFM201"),
        ),
        Case(
            "import tensorflow as tf\nwith tf.Session(graph=g) as sess:\n    sess.run(x)\n",
            findings=("2:6 TFM201", "3:14 TFM201"),
        ),
        Case(
            "import tensorflow as tf\n"
            "class Net:\n"
            "    def __init__(self):\n"
            "        self.x = tf.placeholder(tf.float32)\n"
            "        self.w = tf.Variable(2.)\n"
            "        self.y = self.x * self.w\n"
            "net = Net()\n"
            "sess = tf.Session()\n"
            "sess.run(tf.global_variables_initializer())\n"
            "print(sess.run(net.y, {net.x: 3.}))\n",
            "import tensorflow as tf\n"
            "class Net(tf.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.w = tf.Variable(2.)\n"
            "\n"
            "    def y(self, x):\n"
            "        x = tf.convert_to_tensor(x, tf.float32)\n"
            "        return x * self.w\n"
            "net = Net()\n"
            "print(net.y(x=3.).numpy())\n",
            findings=("2:1 TFM201", "8:1 TFM201"),
        ),
        Case("import tensorflow as tf\nx = tf.ones([2])\nr = runner.run(x)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.plan = Plan()
        self._inserted_pass: set[int] = set()
        self.kept_lines: dict[int, cst.SimpleStatementLine] = {}

    def visit_Module(self, node: cst.Module) -> None:
        self.plan = make_plan(self, node)
        for note in self.plan.notes:
            self.report(note.node, note.message, kind=Kind.FIXED if note.fixed else Kind.MANUAL, action=note.action)
        for unsafe in self.plan.refused:
            self.report(unsafe.node, f"{unsafe.message}; the session code is left as written", action=unsafe.action)
        self.mark_handled(*self.plan.handled)
        for imported in self.plan.from_imports:
            module, _, obj = imported.rpartition(".")
            RemoveImportsVisitor.remove_unused_import(self.context, module, obj)

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        decided = self.plan.classes.get(id(original_node))
        return updated_node if decided is None else emit_graph_class(self, decided, updated_node)  # type: ignore[arg-type]

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        in_classes = [o.planned for c in self.plan.classes.values() for o in c.graph.all_optimizers()]  # type: ignore[attr-defined]
        classes = update_classes([*self.plan.statements.values(), *(OptimizerDef("", k) for k in in_classes)])
        if not classes:
            return updated_node
        return insert_after_imports(updated_node, emit_update_classes(self, classes))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        decided = self.plan.calls.get(id(original_node))
        return updated_node if decided is None else emit(self, decided, updated_node)  # type: ignore[return-value]

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        decided = self.plan.names.get(id(original_node))
        return updated_node if decided is None else emit(self, decided, updated_node)  # type: ignore[return-value]

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if id(original_node) in self.plan.keep_updated:
            self.kept_lines[id(original_node)] = updated_node  # written later, where its run stands
        absorbing = self.plan.absorbed.get(id(original_node))
        if absorbing is not None:  # an earlier step of a tensor built in steps: moves into its function
            absorbing.prelude_code.append(updated_node)
            return cst.RemoveFromParent()
        if id(original_node) in self.plan.remove:
            return cst.RemoveFromParent()
        decided = self.plan.statements.get(id(original_node))
        if decided is None:
            return updated_node
        return _keep_leading_lines(updated_node, emit(self, decided, updated_node))  # type: ignore[arg-type]

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        if updated_node.body:
            return updated_node
        filler = cst.SimpleStatementLine([cst.Pass()])
        self._inserted_pass.add(id(filler))
        return updated_node.with_changes(body=[filler])

    def leave_For(
        self, original_node: cst.For, updated_node: cst.For
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        decided = self.plan.loops.get(id(original_node))
        if decided is None:
            return updated_node
        return cst.FlattenSentinel(emit_loop(self, decided, updated_node, self._inserted_pass))

    def leave_With(
        self, original_node: cst.With, updated_node: cst.With
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if id(original_node) not in self.plan.unwrap:
            return updated_node
        block = updated_node.body
        if isinstance(block, cst.SimpleStatementSuite):  # with tf.Session() as sess: x = sess.run(y)
            body: list[cst.BaseStatement] = [cst.SimpleStatementLine(block.body, trailing_whitespace=block.trailing_whitespace)]
            header_comment: list[cst.EmptyLine] = []
        else:
            block = cst.ensure_type(block, cst.IndentedBlock)
            body = [s for s in block.body if id(s) not in self._inserted_pass]
            header_comment = [cst.EmptyLine(comment=block.header.comment)] if block.header.comment else []
        prefix = self.plan.prefix.get(id(original_node))
        if prefix is not None:
            body = list(cst.ensure_type(emit(self, prefix, updated_node), cst.FlattenSentinel).nodes) + body
        if not body:
            return cst.RemoveFromParent()
        leading = list(updated_node.leading_lines) + header_comment + list(body[0].leading_lines)
        body[0] = body[0].with_changes(leading_lines=leading)
        return cst.FlattenSentinel(body)


def _keep_leading_lines(
    old: cst.SimpleStatementLine, new: cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]
) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
    """Comments above a rewritten statement stay above what replaces it."""
    if isinstance(new, cst.FlattenSentinel):
        nodes = list(new.nodes)
        nodes[0] = nodes[0].with_changes(leading_lines=old.leading_lines)
        return cst.FlattenSentinel(nodes)
    return new.with_changes(leading_lines=old.leading_lines)


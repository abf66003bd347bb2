"""Graph classes: a class whose ``__init__`` builds a graph, as a ``tf.Module`` whose tensors are methods.

TF1 tutorials build their model in a class (``self.x = tf.placeholder(...)``,
``self.loss = ...``, ``self.train = opt.minimize(self.loss)`` in ``__init__``)
and run its attributes in a session (``sess.run(net.loss, {net.x: bx})``).
A class converts when every statement of its ``__init__`` is one of:

* ``self.p = tf.placeholder(...)``: an argument of the methods that read it;
* ``v = tf.Variable(...)`` / ``self.v = tf.Variable(...)``: made once, in
  ``__init__``, in the original order (a local becomes ``self.v``);
* a tensor, ``t = <TF expression>`` / ``self.t = ...``: computed per call;
  an attribute becomes a method of the placeholders it reads, whose body
  computes, in order and once each, every tensor it needs (one call is one
  TF1 run: each tensor, and each random draw, computed once);
* ``self.op = tf.train.XOptimizer(...).minimize(self.loss)``: the optimizer
  as a Keras one made in ``__init__``, the op a method running one
  GradientTape step that returns the loss;
* Python code that reads no graph name, kept as it is.

A Python name a tensor reads (a parameter of ``__init__``) is stored on the
instance, since the method runs after ``__init__`` returns. Anything else in
``__init__`` (a ``variable_scope``, a loop, a layer of an expression, a
function that may make variables) refuses the class, with a finding at each
cause; name scopes, ``tf.get_variable`` and ``tf.layers.dense`` convert. This module is
the analysis (the model it fills is ``class_model.py``); ``class_runs.py`` plans and
``class_emit.py`` writes the decisions.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import Refused, Unsafe
from tfmigrate.rules.session.syntax import names_in, target_names, walk
from tfmigrate.rules.session.tables import (
    GET_VARIABLE,
    LAYER_FUNCTIONS,
    RANDOM_OPS,
    STATE_CHANGES,
    VARIABLE_TYPES,
)
from tfmigrate.rules.session.class_model import (
    ClassLayer,
    ClassOptimizer,
    ClassStep,
    ClassTensor,
    GraphClass,
    graph_names_read,
)
from tfmigrate.rules.session.variables import plan_layer_call

PLACEHOLDER = "tf.placeholder"
# TF calls that make variables or graph state, or read graph-wide collections: never made per call.
_NOT_PER_CALL_PREFIXES = ("tf.layers.", "tf.contrib.", "tf.keras.", "tf.metrics.", "tf.summary.", "tf.train.",
                          "tf.compat.", "tf.estimator.", "tf.get_collection", "tf.add_to_collection",
                          "tf.trainable_variables", "tf.global_variables", "tf.variable_scope", "tf.name_scope")
# Calls of Python builtins that make no graph state.
_PURE_BUILTINS = frozenset({"len", "range", "int", "float", "list", "tuple", "min", "max", "abs", "sum", "zip",
                            "enumerate", "str", "bool", "round", "sorted", "reversed"})
# Blocks of __init__ read through: they name and place what is made inside them.
_SCOPES = frozenset({"tf.name_scope", "tf.device"})
# What tf.Module defines itself (TF 2.21): a class that becomes one must not set or define these.
MODULE_MEMBERS = frozenset({"name", "name_scope", "non_trainable_variables", "submodules", "trainable_variables",
                            "variables", "with_name_scope", "_flatten", "_name", "_scope_name", "_setattr_tracking",
                            "_TF_MODULE_IGNORED_PROPERTIES"})
# Calls that draw random numbers or run Python each time they run: one per TF1 run, one per method call.
_RUNS_ONCE_PER_RUN = frozenset({"tf.numpy_function", "tf.py_function", "tf.py_func"})
_DRAWING_PREFIXES = ("tf.random.", "tf.image.random_")
# Local names of the emitted train-step methods.
_STEP_LOCALS = frozenset({"tape", "loss_value", "train_vars"})


class ClassReader:
    """Reads one class's ``__init__`` statement by statement; refusals are collected, not raised."""

    def __init__(self, rule: MigrationRule, node: cst.ClassDef, init: cst.FunctionDef) -> None:
        self.rule = rule
        params = init.params.params
        self.graph = GraphClass(node, init, params[0].name.value if params else "self")
        self.python_names: dict[str, int] = {p.name.value: 1 for p in [*params[1:], *init.params.kwonly_params]}
        self.module_names: set[str] = set()
        self.python_attributes: dict[str, int] = {}  # self.x = <Python value> lines of __init__, counted
        self.attribute_reads: set[str] = set()  # Python attributes the tensors read on self

    def tf_name(self, node: cst.CSTNode) -> str | None:
        return self.rule.tf_name(node)

    def read(self) -> GraphClass:
        g = self.graph
        if any(not (isinstance(b.value, cst.Name) and b.value.value == "object") for b in g.node.bases) or g.node.keywords:
            g.problems.append(Unsafe(g.node, f"class {g.node.name.value} has a base class: its graph code may live "
                                     "there too", "convert the base class first"))
        for param in (g.init.params.star_arg, g.init.params.star_kwarg):
            if isinstance(param, cst.Param):
                self.python_names[param.name.value] = 1
        body = cst.ensure_type(g.init.body, cst.IndentedBlock).body
        for index, statement in enumerate(body):
            try:
                self._statement(statement, docstring=index == 0)
            except Refused as error:
                g.problems.append(error.unsafe)
        self._check_other_members()
        self._check_final_bindings()
        g.python_locals = set(self.python_names)
        return g

    def _check_final_bindings(self) -> None:
        """What the methods read keeps the value it had when the tensors were built; no name hides another."""
        g = self.graph
        for name in g.stored:
            if self.python_names.get(name, 0) > 1:
                g.problems.append(Unsafe(g.init, f"{name} is bound again after a tensor read it: a method would read "
                                         "its last value, TF1 the value when the graph was built", "use one binding"))
        for name in self.attribute_reads:
            if self.python_attributes.get(name, 0) > 1:
                g.problems.append(Unsafe(g.init, f"self.{name} is set again after a tensor read it: a method would "
                                         "read the last value", "keep the value the graph read under its own name"))
        locals_in_methods = {*g.placeholders, *g.tensors}
        for tensor in g.tensors.values():
            for read in names_in(cst.ensure_type(tensor.statement.body[0], cst.Assign).value):
                name = read.value
                bare = name not in g.graph_names() or self.graph_is_attribute(name)  # not a local of __init__
                free = bare and name not in self.python_names and name != g.self_name
                if free and name in locals_in_methods:
                    g.problems.append(Unsafe(read, f"{name} is a module name here, and a tensor or placeholder of the "
                                             "class has the same name, which the methods would read instead",
                                             "rename the tensor or the module name"))
        made = {*(t for t, v in g.tensors.items() if v.attribute), *g.steps, *g.stored, *self.python_attributes,
                *(layer.made.name for layer in g.layers.values()), *(o.attribute for o in g.all_optimizers())}
        for name in sorted(made & MODULE_MEMBERS):
            g.problems.append(Unsafe(g.node, f"self.{name} is a member tf.Module defines itself", "rename it"))

    # -- statements of __init__ ------------------------------------------------
    def _statement(self, statement: cst.BaseStatement, *, docstring: bool) -> None:
        if isinstance(statement, cst.With) and self._is_scope(statement):
            self.graph.scopes.append(statement)
            for inner in cst.ensure_type(statement.body, cst.IndentedBlock).body:
                try:
                    self._statement(inner, docstring=False)
                except Refused as error:
                    self.graph.problems.append(error.unsafe)
            return
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                self._assignment(statement, small.targets[0].target, small.value)
                return
            if isinstance(small, cst.Expr) and docstring and isinstance(small.value, cst.SimpleString):
                return
        self._python_only(statement)

    def _is_scope(self, block: cst.With) -> bool:
        """``with tf.name_scope("n"):`` (and ``tf.device``): labels and placement, kept where variables are made."""
        return isinstance(block.body, cst.IndentedBlock) and all(
            item.asname is None and isinstance(item.item, cst.Call)
            and self.tf_name(item.item.func) in _SCOPES and not self._reads_graph(item.item)
            for item in block.items)

    def _assignment(self, statement: cst.SimpleStatementLine, target: cst.BaseExpression,
                    value: cst.BaseExpression) -> None:
        name, attribute = self._target(target)
        if name is None:
            self._python_only(statement)
            return
        called = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if called == PLACEHOLDER:
            self._bind_graph_name(statement, name)
            if not attribute:
                raise Refused(value, "a placeholder bound to a local of __init__ is read by nothing outside it",
                              "make it an attribute (self.x = tf.placeholder(...)) or an argument")
            self._refuse_graph_reads(value, "a placeholder's arguments")
            if any(a.star for a in cst.ensure_type(value, cst.Call).args):
                raise Refused(value, "a placeholder made from *args or **kwargs", "spell its arguments out")
            dtype = next((a.value for i, a in enumerate(cst.ensure_type(value, cst.Call).args)
                          if (a.keyword is None and i == 0) or (a.keyword is not None and a.keyword.value == "dtype")), None)
            if dtype is not None:
                self._note_python_reads(dtype)  # each method converts its feed to this dtype
            self.graph.placeholders[name] = value
        elif called == GET_VARIABLE:
            self._bind_graph_name(statement, name)
            self._refuse_graph_reads(value, "a variable's initializer")
            self.graph.variables[name] = attribute
            self.graph.made[name] = cst.ensure_type(value, cst.Call)
        elif called in VARIABLE_TYPES:
            self._bind_graph_name(statement, name)
            self._refuse_graph_reads(value, "a variable's initial value")
            self._refuse_stateful_calls(value)
            self.graph.variables[name] = attribute
        elif called is not None and called.startswith("tf.train.") and called.endswith("Optimizer"):
            self._bind_graph_name(statement, name)
            self._refuse_graph_reads(value, "the optimizer's arguments")
            self.graph.optimizers[name] = ClassOptimizer(cst.ensure_type(value, cst.Call), name, statement)
        elif _is_minimize(value):
            self._bind_graph_name(statement, name)
            self._step(statement, name, attribute, cst.ensure_type(value, cst.Call))
        elif self._reads_graph(value) or self._calls_tf(value):
            self._bind_graph_name(statement, name)
            reads = self._graph_reads(value)
            used = next((r for r in reads if r in self.graph.optimizers), None)
            if used is not None:
                raise Refused(value, f"{used}, an optimizer, is used beyond minimize(): its Keras form has no such use",
                              "convert the training step by hand")
            if isinstance(value, (cst.List, cst.Tuple, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)):
                raise Refused(value, f"{name} holds several tensors: a method returns one",
                              "make each tensor an attribute of its own")
            self._refuse_changing_attributes(value)
            layer = cst.ensure_type(value, cst.Call) if called in LAYER_FUNCTIONS else None
            self._refuse_stateful_calls(value, layer)
            if layer is not None:
                self._layer(name, layer, called or "")
            draws = any(_draws(self.tf_name(c.func)) for c in walk(value, cst.Call))
            self.graph.tensors[name] = ClassTensor(name, attribute, statement, reads, draws)
            self.graph.built.append(name)
            self._note_python_reads(value if layer is None else self.graph.layers[name].input)
        else:
            if name in self.graph.graph_names():
                raise Refused(statement, f"{name} is bound again after the graph read it", "use another name")
            if attribute:
                self.python_attributes[name] = self.python_attributes.get(name, 0) + 1
            else:
                self.python_names[name] = self.python_names.get(name, 0) + 1

    def _target(self, target: cst.BaseExpression) -> tuple[str | None, bool]:
        if isinstance(target, cst.Name):
            return target.value, False
        if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                and target.value.value == self.graph.self_name):
            return target.attr.value, True
        return None, False

    def _bind_graph_name(self, statement: cst.SimpleStatementLine, name: str) -> None:
        if name in MODULE_MEMBERS:
            raise Refused(statement, f"{name} is a member tf.Module defines itself", "rename it")
        if name in self.graph.graph_names() or name in self.python_names or name in self.python_attributes:
            raise Refused(statement, f"{name} is bound twice in __init__: a method could not tell which value it reads",
                          "give each tensor its own name")
        if name in _STEP_LOCALS or name == self.graph.self_name:
            raise Refused(statement, f"{name} is a name the converted methods use themselves", "rename it")

    def _step(self, statement: cst.SimpleStatementLine, name: str, attribute: bool, call: cst.Call) -> None:
        if not attribute:
            raise Refused(call, "a training op bound to a local of __init__ cannot be run from outside",
                          "make it an attribute (self.train = ...)")
        optimizer = self._step_optimizer(name, call)
        loss_arg, global_step_arg = self._minimize_arguments(call)
        loss, loss_attribute = self._target(loss_arg)
        if loss is None or not loss_attribute or loss not in self.graph.tensors:
            raise Refused(call, "minimize() of a value that is not a tensor attribute built above it",
                          "minimize a tensor attribute (self.loss)")
        global_step = None
        if global_step_arg is not None:
            global_step = self._graph_reads(global_step_arg)[:1] and self._graph_reads(global_step_arg)[0]
            if not global_step or global_step not in self.graph.variables or not isinstance(
                    global_step_arg, (cst.Name, cst.Attribute)):
                raise Refused(call, "minimize() with a global_step that is not a variable of the class",
                              "make the step counter a tf.Variable in __init__")
        self.graph.steps[name] = ClassStep(name, loss, optimizer, statement, global_step or None)
        self.graph.built.append(name)

    def _step_optimizer(self, name: str, call: cst.Call) -> ClassOptimizer:
        """The optimizer of ``<optimizer>.minimize(...)``: made on that line, or bound above it."""
        optimizer = cst.ensure_type(call.func, cst.Attribute).value
        if isinstance(optimizer, cst.Call) and (self.tf_name(optimizer.func) or "").startswith("tf.train."):
            self._refuse_graph_reads(optimizer, "the optimizer's arguments")
            return ClassOptimizer(optimizer, f"{name}_optimizer", None)
        bound, _ = self._target(optimizer) if isinstance(optimizer, cst.Attribute) else (
            optimizer.value if isinstance(optimizer, cst.Name) else None, False)
        if bound is None or bound not in self.graph.optimizers:
            raise Refused(call, "minimize() of an optimizer not made in __init__ from a tf.train class: which update "
                          "it applies is not known here", "make the optimizer with tf.train.XOptimizer(...) in __init__")
        return self.graph.optimizers[bound]

    def _minimize_arguments(self, call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None]:
        """The loss and the global step of ``minimize(loss, global_step=None)``; other arguments are refused."""
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        if (len(positional) + len(keywords) != len(call.args) or len(positional) > 2 or set(keywords) - {"loss", "global_step"}
                or (len(positional) == 2 and "global_step" in keywords)):
            raise Refused(call, "minimize() with more than the loss and the global step (var_list, ...)",
                          "pass only the loss and the global step, or convert the step by hand")
        loss = positional[0] if positional else keywords.get("loss")
        if loss is None:
            raise Refused(call, "minimize() without a loss", "pass the loss")
        return loss, positional[1] if len(positional) == 2 else keywords.get("global_step")

    def _python_only(self, statement: cst.CSTNode) -> None:
        """A statement kept in ``__init__`` as it is: it must not touch the graph."""
        for call in walk(statement, cst.Call):
            name = self.tf_name(call.func)
            if name is not None and name.startswith("tf."):
                raise Refused(call, f"{name} in a statement of __init__ that is not `name = value` (a scope, a loop, "
                              "a condition)", "build the graph with one assignment per line at the top of __init__")
        if self._reads_graph(statement):
            raise Refused(statement, "a statement of __init__ reads a graph name outside an assignment of a tensor",
                          "build the graph with one assignment per line at the top of __init__")
        for bound in walk(statement, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.AsName, cst.CompFor)):
            target = bound.name if isinstance(bound, cst.AsName) else bound.target
            for node in target_names(target):
                self.python_names[node.value] = self.python_names.get(node.value, 0) + 1
            for node in walk(target, cst.Attribute):
                owner, on_self = self._target(node)
                if on_self and owner is not None:
                    self.python_attributes[owner] = self.python_attributes.get(owner, 0) + 1

    # -- expressions -------------------------------------------------------------
    def _graph_reads(self, node: cst.CSTNode) -> list[str]:
        graph = self.graph.graph_names()
        found: list[str] = []
        for read in walk(node, (cst.Attribute, cst.Name)):
            name = None
            if isinstance(read, cst.Attribute):
                owner, attribute = self._target(read)
                name = owner if attribute else None
            elif not self._is_attribute_tail(read):
                name = read.value if read.value in graph and not self._is_self_attribute(read) else None
                name = name if name is not None and not self.graph_is_attribute(name) else None
            if name is not None and name not in found:
                found.append(name)
        return [n for n in found if n in graph]

    def graph_is_attribute(self, name: str) -> bool:
        """A graph name bound as ``self.name``: a bare ``name`` is another value."""
        g = self.graph
        if name in g.tensors:
            return g.tensors[name].attribute
        return name in g.placeholders or name in g.steps or g.variables.get(name, False)

    def _is_attribute_tail(self, node: cst.Name) -> bool:
        parent = self.rule.parent(node)
        return (isinstance(parent, cst.Attribute) and parent.attr is node) or (
            isinstance(parent, cst.Arg) and parent.keyword is node)

    def _is_self_attribute(self, node: cst.Name) -> bool:
        parent = self.rule.parent(node)
        return isinstance(parent, cst.Attribute) and parent.value is node and node.value == self.graph.self_name

    def _reads_graph(self, node: cst.CSTNode) -> bool:
        return bool(self._graph_reads(node))

    def _calls_tf(self, node: cst.CSTNode) -> bool:
        return any((self.tf_name(c.func) or "").startswith("tf.") for c in walk(node, cst.Call))

    def _refuse_graph_reads(self, node: cst.CSTNode, what: str) -> None:
        read = self._graph_reads(node)
        if read:
            raise Refused(node, f"{what} read {read[0]}, a graph value: TF1 read it once, when the graph was built",
                          "compute the value outside the graph")

    def _refuse_changing_attributes(self, value: cst.BaseExpression) -> None:
        """``self.x`` read by a tensor: set once in ``__init__``, above, to the value TF1 read."""
        for read in walk(value, cst.Attribute):
            owner, on_self = self._target(read)
            if not on_self or owner is None or owner in self.graph.graph_names():
                continue
            if self.python_attributes.get(owner) != 1:
                raise Refused(read, f"self.{owner} is not set once in __init__ above the tensor that reads it: the "
                              "method would read it when called, TF1 read it when the graph was built",
                              "pass the value to __init__ and read the parameter")
            self.attribute_reads.add(owner)

    def _layer(self, name: str, call: cst.Call, tf1_name: str) -> None:
        """``h = tf.layers.dense(x, n)``: a Keras layer made and built in ``__init__``, called by the methods."""
        made, use = plan_layer_call(tf1_name, name, call)
        source = call.args[use.inputs].value
        read = self._graph_reads(source)
        if len(read) != 1 or not isinstance(source, (cst.Name, cst.Attribute)):
            raise Refused(call, f"{tf1_name} of an expression: the width its layer is built for is not known here",
                          "apply the layer to a placeholder or to another layer's output")
        width = self._width(read[0])
        if width is None:
            raise Refused(call, f"{tf1_name} of {read[0]}, whose last dimension is not written out: TF1 made the "
                          "layer's variables here, a Keras layer needs its input width to make them as early",
                          "give the placeholder a shape whose last dimension is set")
        self.graph.layers[name] = ClassLayer(call, made, use.inputs, source, width)

    def _width(self, name: str) -> cst.BaseExpression | None:
        """The last dimension of a placeholder's written shape, or the units of the layer that made ``name``."""
        if name in self.graph.layers:
            return next((value for key, value in self.graph.layers[name].made.arguments if key is None), None)  # type: ignore[return-value]
        call = self.graph.placeholders.get(name)
        shape = None if call is None else next(
            (a.value for i, a in enumerate(call.args) if (a.keyword is None and i == 1) or
             (a.keyword is not None and a.keyword.value == "shape")), None)
        if not isinstance(shape, (cst.List, cst.Tuple)) or not shape.elements:
            return None
        last = shape.elements[-1].value
        if (isinstance(last, cst.Name) and last.value == "None") or self._reads_graph(last):
            return None
        return last

    def _refuse_stateful_calls(self, value: cst.BaseExpression, layer: cst.Call | None = None) -> None:
        """A call that may make variables or graph state cannot run once per method call (a layer: see _layer)."""
        for call in walk(value, cst.Call):
            if call is layer:
                continue
            name = self.tf_name(call.func)
            if name is not None:
                if name in STATE_CHANGES or name == GET_VARIABLE or name.startswith(_NOT_PER_CALL_PREFIXES) or (
                        name in VARIABLE_TYPES and call is not value):
                    raise Refused(call, f"{name} makes variables or graph state: a method called per run would "
                                  "make them again", "convert the class by hand (make them once in __init__)")
                continue
            if isinstance(call.func, cst.Name) and call.func.value in _PURE_BUILTINS:
                continue
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in {"get_shape", "as_list", "numpy"}:
                continue
            raise Refused(call, "a call of a function the converter cannot see into: it may make variables, "
                          "which a method called per run would make again",
                          "inline it, or convert the class by hand")

    def _note_python_reads(self, node: cst.CSTNode) -> None:
        """Parameters and locals of ``__init__`` a method reads: stored on the instance."""
        for name in names_in(node):
            if name.value in self.python_names and name.value not in self.graph.stored:
                if self.python_names[name.value] > 1:
                    raise Refused(name, f"{name.value} is bound more than once in __init__: a method would read its "
                                  "last value, TF1 the value when the graph was built", "use one binding")
                self.graph.stored.append(name.value)

    def _check_other_members(self) -> None:
        g = self.graph
        members = set()
        for statement in cst.ensure_type(g.node.body, cst.IndentedBlock).body:
            if statement is g.init:
                continue
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                members.add(statement.name.value)
            if self._calls_tf(statement) or any(isinstance(n, cst.Attribute) and self._target(n)[1]
                                                and self._target(n)[0] in g.graph_names()
                                                for n in walk(statement, cst.Attribute)):
                g.problems.append(Unsafe(statement, "a member of the class other than __init__ uses TensorFlow or "
                                         "the graph", "convert that method by hand"))
        for name in [*g.tensors, *g.steps]:
            taken = name in members or any(o.attribute == name and o.statement is None for o in g.all_optimizers())
            if taken and (name in g.steps or g.tensors[name].attribute):
                g.problems.append(Unsafe(g.node, f"{name} would become a method, but the class has a member of that "
                                         "name", "rename one of them"))
        for name in g.layers:
            if g.layers[name].made.name in g.graph_names() | members:
                g.problems.append(Unsafe(g.node, f"the layer of {name} would be kept as self.{name}_layer, a name the "
                                         "class already uses", "rename one of them"))
        for name in g.stored:
            if name in g.graph_names() or name in members:
                g.problems.append(Unsafe(g.node, f"{name}, read by the graph, would be stored as self.{name}, a name "
                                         "the class already uses", "rename one of them"))
        self._check_attribute_stores()

    def _stores_itself(self, node: cst.CSTNode, name: str) -> bool:
        """``self.name = name``, the parameter kept as it was passed."""
        assign = self.rule.parent(node)
        return isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Name) and assign.value.value == name

    def _check_attribute_stores(self) -> None:
        """What the methods read on ``self`` must stay what it was when ``__init__`` built the graph."""
        g = self.graph
        read = {a for t in g.tensors.values() for a in graph_names_read(t.statement.body[0], g.self_name)}
        for method in cst.ensure_type(g.node.body, cst.IndentedBlock).body:
            if not isinstance(method, cst.FunctionDef) or not method.params.params:
                continue
            me = method.params.params[0].name.value
            for node in walk(method, (cst.AssignTarget, cst.AugAssign)):
                target = node.target
                if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                        and target.value.value == me):
                    continue
                name = target.attr.value
                if method is g.init and name in g.stored and self._stores_itself(node, name):
                    g.stored_already.add(name)
                elif (method is not g.init and name in read) or (name in g.stored and name not in g.graph_names()):
                    g.problems.append(Unsafe(node, f"self.{name} is changed here, but the graph read it when "
                                             "__init__ built it; a method would read the new value",
                                             "keep the value the graph was built with under another name"))


def _draws(name: str | None) -> bool:
    return name is not None and (name in RANDOM_OPS or name in _RUNS_ONCE_PER_RUN or name.startswith(_DRAWING_PREFIXES))


def _is_minimize(value: cst.BaseExpression) -> bool:
    return (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "minimize")


def graph_classes(rule: MigrationRule, module: cst.Module) -> dict[str, GraphClass]:
    """Module-level classes whose ``__init__`` makes a placeholder, by class name."""
    found: dict[str, GraphClass] = {}
    for statement in module.body:
        if not isinstance(statement, cst.ClassDef):
            continue
        init = next((s for s in cst.ensure_type(statement.body, cst.IndentedBlock).body
                     if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
        if init is None or not any(rule.tf_name(c.func) == PLACEHOLDER for c in walk(init, cst.Call)):
            continue
        found[statement.name.value] = ClassReader(rule, statement, init).read()
    return found

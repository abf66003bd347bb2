"""The analysis behind TFM201: what a module's sessions do, and whether eager code can do the same.

The planner reads the *original* module once (before any rewrite) and
produces a Plan: which statements go, which calls and names are rebuilt, and
which ``with`` blocks are unwrapped. It converts all of a module's sessions
or none of them: a session used in any way it cannot prove safe stays, with
a finding at each such use.

Two modes:
* static graphs (no placeholders, no training, no random ops that run
  twice) evaluate each tensor once, so ``sess.run(t)`` is ``t.numpy()``;
* stateful graphs (placeholders, ``minimize``, random ops) need each
  dependent tensor recomputed per run, so its assignment becomes a function
  of the placeholders it reads, and a training op a GradientTape step.
  This mode needs the graph to be built by plain module-level assignments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from tfmigrate.findings import Kind
from tfmigrate.rules.base import MigrationRule

SESSION_TYPES = frozenset({"tf.Session", "tf.InteractiveSession"})
INIT_OPS = frozenset(
    {
        "tf.global_variables_initializer",
        "tf.initialize_all_variables",
        "tf.local_variables_initializer",
        "tf.initialize_local_variables",
        "tf.variables_initializer",
        "tf.initialize_variables",
        "tf.tables_initializer",
    }
)
RANDOM_OPS = frozenset(
    {
        "tf.random_normal", "tf.random_uniform", "tf.truncated_normal", "tf.random_shuffle", "tf.multinomial",
        "tf.random_crop", "tf.random_gamma", "tf.random_poisson",
        "tf.random.normal", "tf.random.uniform", "tf.random.truncated_normal", "tf.random.shuffle",
        "tf.random.categorical", "tf.nn.dropout",
    }
)
VARIABLE_TYPES = frozenset({"tf.Variable"})
# TF calls whose result is a list or tuple, not one tensor.
RETURNS_SEVERAL = frozenset(
    {
        "tf.split", "tf.unstack", "tf.meshgrid", "tf.gradients", "tf.nn.moments", "tf.while_loop",
        "tf.trainable_variables", "tf.global_variables", "tf.local_variables", "tf.get_collection",
        "tf.unique", "tf.nn.top_k", "tf.math.top_k", "tf.linalg.eigh", "tf.linalg.svd", "tf.nn.weighted_moments",
        "tf.shape_n", "tf.tuple", "tf.group",
    }
)
# Tensor attributes that only graph tensors have.
GRAPH_ONLY_ATTRIBUTES = frozenset({"name", "op", "graph", "consumers", "value_index"})
STATE_CHANGES = frozenset({"tf.assign", "tf.assign_add", "tf.assign_sub", "tf.control_dependencies", "tf.group"})
# TF1 optimizer -> (Keras class, TF1 positional parameters, TF1 -> Keras keyword names, keywords to add)
OPTIMIZERS: dict[str, tuple[str, tuple[str, ...], dict[str, str], dict[str, str]]] = {
    "tf.train.GradientDescentOptimizer": ("tf.keras.optimizers.SGD", ("learning_rate",), {"learning_rate": "learning_rate"}, {}),
    "tf.train.MomentumOptimizer": (
        "tf.keras.optimizers.SGD",
        ("learning_rate", "momentum"),
        {"learning_rate": "learning_rate", "momentum": "momentum"},
        {},
    ),
    "tf.train.AdamOptimizer": (
        "tf.keras.optimizers.Adam",
        ("learning_rate", "beta1", "beta2", "epsilon"),
        {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon"},
        # TF1's Adam default epsilon is 1e-8; Keras's is 1e-7.
        {"epsilon": "1e-08"},
    ),
}
IGNORED_OPTIMIZER_KEYWORDS = frozenset({"use_locking", "name"})
# Same update rule, different rounding: trained values agree to about 1e-6
# relative, not bit for bit. Plain gradient descent is exact.
INEXACT_OPTIMIZERS = {
    "tf.train.AdamOptimizer": "Keras computes beta**t directly where TF1 multiplied its beta powers step by step",
    "tf.train.MomentumOptimizer": "Keras keeps the velocity scaled by the learning rate where TF1 kept the unscaled "
    "sum, so the weights may round differently",
}

Builder = Callable[[cst.CSTNode], cst.CSTNode | cst.FlattenSentinel]


class Unsafe(Exception):
    """A use the planner cannot convert; carries the node to report at."""

    def __init__(self, node: cst.CSTNode, message: str, action: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.action = action


@dataclasses.dataclass
class Plan:
    remove: set[int] = dataclasses.field(default_factory=set)
    unwrap: set[int] = dataclasses.field(default_factory=set)
    calls: dict[int, Builder] = dataclasses.field(default_factory=dict)
    names: dict[int, Builder] = dataclasses.field(default_factory=dict)
    statements: dict[int, Builder] = dataclasses.field(default_factory=dict)
    handled: set[int] = dataclasses.field(default_factory=set)
    #: qualified names of ``from tensorflow import X`` whose uses went away
    from_imports: set[str] = dataclasses.field(default_factory=set)


@dataclasses.dataclass
class Deferred:
    """A module-level tensor recomputed per run: ``def name(params): return expr``."""

    name: str
    params: list[str]  # placeholders it reads, in definition order
    statement: cst.SimpleStatementLine
    value: cst.BaseExpression
    random_sources: frozenset[str] = frozenset()  # deferred random tensors it is computed from


@dataclasses.dataclass
class TrainOp:
    name: str
    loss: str
    optimizer_call: cst.Call | None  # tf.train.X(...) inline; None if bound to a name
    optimizer_name: str
    var_list: cst.BaseExpression | None
    statement: cst.SimpleStatementLine


class SessionPlanner:
    def __init__(self, rule: MigrationRule, module: cst.Module) -> None:
        self.rule = rule
        self.module = module
        self.plan = Plan()
        self.sessions: list[tuple[str | None, cst.CSTNode]] = []  # (name, creating statement or With)
        self.session_names: set[str] = set()
        self.init_names: set[str] = set()
        self.placeholders: dict[str, cst.Call] = {}
        self.deferred: dict[str, Deferred] = {}
        self.train_ops: dict[str, TrainOp] = {}
        self.optimizers: dict[str, cst.Call] = {}
        self.stateful = False
        self.init_runs: list[cst.Call] = []
        self.config_notes: list[cst.Call] = []
        self.unsafe: list[Unsafe] = []

    # -- entry ---------------------------------------------------------------
    def make_plan(self) -> Plan:
        calls = self._all(cst.Call)
        session_calls = [c for c in calls if self._name(c.func) in SESSION_TYPES]
        if not session_calls:
            return self.plan
        try:
            for call in session_calls:
                self._bind_session(call)
            self._collect_initializers()
            self.stateful = any(self._is_stateful_call(c) for c in calls)
            if self.stateful:
                self._plan_stateful_graph()
            self._plan_session_uses()
            self._plan_evals(calls)
            self._check_initializer_runs_once()
            self._plan_initialized_values(calls)
            self._check_graph_only_attributes()
            self._check_optimizers_only_minimize()
            self._check_captured_values_not_mutated()
        except Unsafe as error:
            self.unsafe.append(error)
        if self.unsafe:
            return self._give_up(session_calls)
        self._drop_graph_resets(calls)
        for call in self.config_notes:
            self.rule.report(call, "dropped the session's config=: eager code has no session to configure",
                             action="set threads and devices with tf.config if the config mattered")
        self.plan.handled.update(id(c.func) for c in calls if self._name(c.func) in SESSION_TYPES | INIT_OPS)
        for call in calls:
            if isinstance(call.func, cst.Name) and self._name(call.func) in SESSION_TYPES | INIT_OPS:
                self.plan.from_imports.update(
                    q.name for q in self.rule.get_metadata(QualifiedNameProvider, call.func, set())
                )
        for name, statement in self.sessions:
            self.rule.report(statement, f"ran the code of session {name or '(unnamed)'} eagerly", kind=Kind.FIXED)
        for call in self.placeholders.values():
            self.plan.handled.add(id(call.func))
        for op in self.train_ops.values():
            self._mark_optimizer_handled(op)
        return self.plan

    def _check_graph_only_attributes(self) -> None:
        """``t.name``, ``t.op``, ``t.graph``: eager tensors have none of them."""
        for node in self._all(cst.Attribute):
            if node.attr.value not in GRAPH_ONLY_ATTRIBUTES or not isinstance(node.value, cst.Name):
                continue
            receiver = node.value.value
            if receiver in self.placeholders or receiver in self.deferred or self._is_tensor(node.value):
                raise Unsafe(node, f"{receiver}.{node.attr.value} exists only for graph tensors",
                             f"drop the use of .{node.attr.value}")

    def _check_optimizers_only_minimize(self) -> None:
        """A converted optimizer is a Keras one: only its minimize() calls were rewritten for it."""
        minimizers = {id(op.statement) for op in self.train_ops.values()}
        for name in self.optimizers:
            for access in self._accesses(name):
                parent = self._parent(access)
                statement = self._statement_of(access)
                is_minimize = isinstance(parent, cst.Attribute) and parent.attr.value == "minimize"
                if not (is_minimize and statement is not None and id(statement) in minimizers):
                    raise Unsafe(access, f"optimizer {name!r} is used for more than minimize()",
                                 "write the step with tf.GradientTape and a Keras optimizer")

    def _check_captured_values_not_mutated(self) -> None:
        """A recomputed tensor reads Python values when called; TF1 read them once, when the graph was built."""
        for deferred in self.deferred.values():
            for name in _names_in(deferred.value):
                if name.value in self.placeholders or name.value in self.deferred:
                    continue
                mutation = self._in_place_change(name.value)
                if mutation is not None:
                    raise Unsafe(mutation, f"{name.value!r} changes in place after the graph read it",
                                 f"copy {name.value} before the graph reads it, or compute the tensor from the copy")

    def _in_place_change(self, name: str) -> cst.CSTNode | None:
        """``x[i] = v``, ``x += v`` (unless x is a number), ``x.append(v)``: the same object, changed."""
        for node in self._all(cst.AssignTarget):
            target = node.target
            if isinstance(target, (cst.Subscript, cst.Attribute)) and _root_name(target) == name:
                return node
        numeric = self._only_numbers(name)
        for node in self._all(cst.AugAssign):
            if isinstance(node.target, cst.Name) and node.target.value == name and not numeric:
                return node
            if isinstance(node.target, (cst.Subscript, cst.Attribute)) and _root_name(node.target) == name:
                return node
        for call in self._all(cst.Call):
            func = call.func
            if (isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS
                    and isinstance(func.value, cst.Name) and func.value.value == name):
                return call
        return None

    def _only_numbers(self, name: str) -> bool:
        """Every plain assignment of the name is a number literal (rebinding, never mutation)."""
        values = [v for _, v in self._assignments().get(name, []) if v is not None]
        return bool(values) and all(isinstance(v, (cst.Integer, cst.Float)) or
                                    (isinstance(v, cst.UnaryOperation) and isinstance(v.expression, (cst.Integer, cst.Float)))
                                    for v in values)

    def _check_initializer_runs_once(self) -> None:
        """Eager variables are initialised once, when created; TF1 reset them at every initializer run."""
        if not self.stateful:
            return
        repeated = self.init_runs[1:] or [call for call in self.init_runs if self._may_repeat(call)]
        if repeated:
            raise Unsafe(repeated[0], "the initializer runs again after the variables may have changed",
                         "reset the variables by hand with v.assign(initial value)")

    def _may_repeat(self, node: cst.CSTNode) -> bool:
        """Inside a loop or a function body: it may run more than once."""
        parent = self._parent(node)
        while parent is not None:
            if isinstance(parent, (cst.For, cst.While, cst.FunctionDef)):
                return True
            parent = self._parent(parent)
        return False

    def _plan_initialized_values(self, calls: list[cst.Call]) -> None:
        """``v.initialized_value()`` is the value a new eager variable already holds."""
        for call in calls:
            func = call.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "initialized_value" and not call.args):
                continue
            statement = self._statement_of(call)
            if statement is None or id(statement) in self.plan.statements or not self._is_module_level(statement):
                raise Unsafe(call, "initialized_value() is read after the variable may have changed",
                             "keep the initial value in its own tensor")
            self.plan.calls[id(call)] = lambda updated: updated.with_changes(
                func=cst.ensure_type(updated.func, cst.Attribute).with_changes(attr=cst.Name("read_value"))
            )
            self.rule.report(call, "initialized_value() became read_value(): a new eager variable holds its initial value",
                             kind=Kind.FIXED)

    def _drop_graph_resets(self, calls: list[cst.Call]) -> None:
        """``tf.reset_default_graph()`` has nothing to reset once the code runs eagerly."""
        for call in calls:
            if self._name(call.func) != "tf.reset_default_graph" or call.args:
                continue
            statement = self._statement_of(call)
            if statement is not None and len(statement.body) == 1 and isinstance(self._parent(call), cst.Expr):
                self.plan.remove.add(id(statement))
                self.plan.handled.add(id(call.func))
                self.rule.report(call, "removed tf.reset_default_graph(): eager code builds no graph", kind=Kind.FIXED)

    def _give_up(self, session_calls: list[cst.Call]) -> Plan:
        for error in self.unsafe:
            self.rule.report(error.node, f"{error.message}; the session code is left as written", action=error.action)
        plan = Plan()
        plan.handled.update(id(c.func) for c in session_calls)
        return plan

    # -- names -------------------------------------------------------------
    def _all(self, kind: type) -> list:
        """Every node of one type in the module, from the index built once per plan."""
        return self.rule.facts.all(kind)

    def _name(self, node: cst.BaseExpression) -> str | None:
        name = self.rule.tf_name(node)
        if name is None:
            return None
        from tfmigrate import api  # local: cheap, avoids a cycle at import time

        return api.PRE_1_0_RENAMES.get(name, name)

    def _parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.rule.parent(node)

    def _statement_of(self, node: cst.CSTNode) -> cst.SimpleStatementLine | None:
        parent = self._parent(node)
        while parent is not None and not isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            parent = self._parent(parent)
        return parent if isinstance(parent, cst.SimpleStatementLine) else None

    def _is_module_level(self, statement: cst.CSTNode) -> bool:
        return isinstance(self._parent(statement), cst.Module)

    def _collect_initializers(self) -> None:
        """``init = tf.global_variables_initializer()``: TF 2 variables start initialised."""
        for name, bindings in self._assignments().items():
            values = [value for _, value in bindings]
            if len(values) == 1 and isinstance(values[0], cst.Call) and self._name(values[0].func) in INIT_OPS:
                statement = self._statement_of(values[0])
                if statement is not None and len(statement.body) == 1:
                    self.init_names.add(name)
                    self.plan.remove.add(id(statement))

    # -- sessions ------------------------------------------------------------
    def _bind_session(self, call: cst.Call) -> None:
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword else None
            if keyword != "config":
                raise Unsafe(call, "a session with a graph or target argument cannot be made eager",
                             "rewrite the graph code by hand")
            self.config_notes.append(call)
        parent = self._parent(call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            statement = self._statement_of(call)
            if statement is None or len(statement.body) != 1:
                raise Unsafe(call, "session created inside a compound statement", "create it on its own line")
            name = parent.targets[0].target.value
            self.sessions.append((name, statement))
            self.session_names.add(name)
            self.plan.remove.add(id(statement))
            return
        if isinstance(parent, cst.WithItem):
            with_node = self._parent(parent)
            if isinstance(with_node, cst.With) and len(with_node.items) == 1:
                name = None
                if parent.asname is not None:
                    if not isinstance(parent.asname.name, cst.Name):
                        raise Unsafe(call, "session bound to a pattern", "bind it to a plain name")
                    name = parent.asname.name.value
                    self.session_names.add(name)
                self.sessions.append((name, with_node))
                self.plan.unwrap.add(id(with_node))
                return
        raise Unsafe(call, "session used in an expression", "create it with `sess = tf.Session()` or a `with` block")

    def _plan_session_uses(self) -> None:
        for name in self.session_names:
            for access in self._accesses(name):
                self._plan_session_access(access)

    def _accesses(self, name: str) -> Iterator[cst.Name]:
        for node in self._all(cst.Name):
            if node.value != name:
                continue
            parent = self._parent(node)
            if isinstance(parent, cst.AssignTarget) or isinstance(parent, cst.AsName):
                continue  # the binding itself
            if isinstance(parent, cst.Attribute) and parent.attr is node:
                continue
            if isinstance(parent, cst.Arg) and parent.keyword is node:
                continue
            yield node

    def _plan_session_access(self, node: cst.Name) -> None:
        parent = self._parent(node)
        if isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "session":
            return  # t.eval(session=sess): handled with the eval
        if not (isinstance(parent, cst.Attribute) and parent.value is node):
            raise Unsafe(node, f"session {node.value!r} is passed or stored", "replace this use by hand")
        call = self._parent(parent)
        method = parent.attr.value
        if not (isinstance(call, cst.Call) and call.func is parent):
            raise Unsafe(node, f"{node.value}.{method} is used without being called", "replace this use by hand")
        if method == "close":
            self._remove_statement_of(call)
        elif method == "run":
            self._plan_run(call, call.args)
        else:
            raise Unsafe(node, f"{node.value}.{method}() has no eager form", "replace this use by hand")

    def _remove_statement_of(self, call: cst.Call) -> None:
        statement = self._statement_of(call)
        expr = self._parent(call)
        if statement is None or len(statement.body) != 1 or not isinstance(expr, cst.Expr):
            raise Unsafe(call, "its result is used", "remove the call by hand")
        self.plan.remove.add(id(statement))

    # -- sess.run / eval / run ----------------------------------------------
    def _plan_run(self, call: cst.Call, args: cst.Sequence[cst.Arg], fetches: cst.BaseExpression | None = None) -> None:
        """``sess.run(fetches, feeds)``; or ``t.eval(feeds)``/``op.run(feeds)`` when the receiver is given as fetches."""
        from_receiver = fetches is not None
        feeds = self._feeds(call, args)
        if fetches is None:
            positional = [a for a in args if a.keyword is None]
            if not positional:
                raise Unsafe(call, "sess.run without fetches", "pass the fetches positionally")
            fetches = positional[0].value
        kind = self._fetch_kind(fetches)
        if kind == "init":
            self._remove_statement_of(call)
            self.init_runs.append(call)
            return
        self._check_fetch(fetches, feeds)
        self.plan.calls[id(call)] = lambda updated, f=fetches, fd=feeds, on_receiver=from_receiver: self._build_fetch(
            f, _fetch_of(updated, on_receiver), fd
        )

    def _feeds(self, call: cst.Call, args: cst.Sequence[cst.Arg]) -> dict[str, cst.BaseExpression]:
        feed_dict: cst.BaseExpression | None = None
        positional = 0
        for arg in args:
            if arg.star:
                raise Unsafe(call, "run with *args or **kwargs", "spell the arguments out")
            if arg.keyword is None:
                positional += 1
                if positional == 2:
                    feed_dict = arg.value
                elif positional > 2:
                    raise Unsafe(call, "run with options or run_metadata", "drop them by hand")
            elif arg.keyword.value == "feed_dict":
                feed_dict = arg.value
            elif arg.keyword.value != "session":
                raise Unsafe(call, f"run with {arg.keyword.value}=", "drop it by hand")
        if feed_dict is None:
            return {}
        if not isinstance(feed_dict, cst.Dict):
            raise Unsafe(feed_dict, "feed_dict is not a dict literal", "write the feeds as {placeholder: value}")
        feeds: dict[str, cst.BaseExpression] = {}
        for element in feed_dict.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.Name):
                raise Unsafe(feed_dict, "feed_dict keys must be placeholder names", "feed placeholders by name")
            if element.key.value not in self.placeholders:
                raise Unsafe(element.key, f"{element.key.value} is fed but is not a placeholder assigned on its own "
                             "module-level line", "feed only such placeholders")
            feeds[element.key.value] = element.value
        return feeds

    def _fetch_kind(self, fetch: cst.BaseExpression) -> str:
        if isinstance(fetch, cst.Name):
            if fetch.value in self.init_names:
                return "init"
            if fetch.value in self.train_ops:
                return "train"
            if fetch.value in self.deferred:
                return "deferred"
            if fetch.value in self.placeholders:
                return "placeholder"
        if isinstance(fetch, cst.Call) and self._name(fetch.func) in INIT_OPS:
            return "init"
        if isinstance(fetch, (cst.List, cst.Tuple, cst.Dict)):
            return "structure"
        return "tensor"

    def _check_fetch(self, fetch: cst.BaseExpression, feeds: dict[str, cst.BaseExpression]) -> None:
        kind = self._fetch_kind(fetch)
        if kind == "structure":
            values = [e.value for e in fetch.elements]  # type: ignore[union-attr]
            kinds = [self._fetch_kind(v) for v in values]
            if "train" in kinds and not self._is_train_and_its_loss(values):
                raise Unsafe(fetch, "a training op fetched with other values", "run the training step on its own")
            if "init" in kinds:
                raise Unsafe(fetch, "an initializer fetched with other values", "drop the initializer")
            self._check_one_draw(fetch, values)
            for value in values:
                if self._fetch_kind(value) != "train":
                    self._check_fetch(value, feeds)
            return
        if kind == "placeholder":
            raise Unsafe(fetch, "a placeholder is fetched", "use the fed value directly")
        if kind in ("deferred", "train"):
            self._check_feeds_cover(fetch, feeds)
            return
        if any(n.value in self.placeholders or n.value in self.deferred for n in _names_in(fetch)):
            raise Unsafe(fetch, "an expression over recomputed tensors is fetched", "fetch a named tensor")
        if not self._is_tensor(fetch):
            raise Unsafe(fetch, "cannot tell that the fetch is a tensor", "fetch a tensor built by tf calls")

    def _check_one_draw(self, fetch: cst.BaseExpression, values: list[cst.BaseExpression]) -> None:
        """TF1 computed all fetches of one run from one random draw; separate calls would draw again."""
        seen: set[str] = set()
        for value in values:
            if isinstance(value, cst.Name) and value.value in self.deferred:
                sources = self.deferred[value.value].random_sources
                if sources & seen:
                    raise Unsafe(fetch, "tensors that share a random draw are fetched in one run",
                                 "fetch them from one function that returns both")
                seen |= sources

    def _is_train_and_its_loss(self, values: list[cst.BaseExpression]) -> bool:
        names = [v.value if isinstance(v, cst.Name) else None for v in values]
        trains = [n for n in names if n in self.train_ops]
        return len(values) == 2 and len(trains) == 1 and self.train_ops[trains[0]].loss in names

    def _check_feeds_cover(self, fetch: cst.Name, feeds: dict[str, cst.BaseExpression]) -> None:
        params = self._params_of(fetch.value)
        missing = [p for p in params if p not in feeds]
        if missing:
            raise Unsafe(fetch, f"{fetch.value} needs {', '.join(missing)} fed", "feed every placeholder it reads")

    def _params_of(self, name: str) -> list[str]:
        if name in self.train_ops:
            return self.deferred[self.train_ops[name].loss].params
        return self.deferred[name].params

    def _is_tensor(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        if depth > 12:
            return False
        if isinstance(node, cst.Call):
            return self._returns_one_tensor(node)
        if isinstance(node, cst.Name):
            value = self._module_value(node.value)
            return value is not None and self._is_tensor(value, depth + 1)
        if isinstance(node, cst.BinaryOperation):
            return self._is_tensor(node.left, depth + 1) or self._is_tensor(node.right, depth + 1)
        if isinstance(node, cst.UnaryOperation):
            return self._is_tensor(node.expression, depth + 1)
        if isinstance(node, cst.Subscript):
            return self._is_tensor(node.value, depth + 1)
        if isinstance(node, cst.Attribute):
            return False
        return False

    def _returns_one_tensor(self, call: cst.Call) -> bool:
        """A TF call whose result ``.numpy()`` can read: one tensor, not a list or tuple."""
        name = self._name(call.func)
        return name is not None and name.startswith("tf.") and name not in RETURNS_SEVERAL

    def _module_value(self, name: str) -> cst.BaseExpression | None:
        """The value a name is bound to, when every binding of it is a plain assignment of a tensor."""
        values = [value for target, value in self._assignments().get(name, [])]
        if not values or any(v is None for v in values):
            return None
        tensors = [v for v in values if v is not None and self._is_tensor_shallow(v)]
        return tensors[-1] if len(tensors) == len(values) else None

    def _is_tensor_shallow(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Call):
            name = self._name(value.func)
            return name is not None and name.startswith("tf.")
        return isinstance(value, (cst.BinaryOperation, cst.UnaryOperation, cst.Subscript, cst.Name))

    def _assignments(self) -> dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]]:
        if not hasattr(self, "_assignment_cache"):
            found: dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]] = {}
            for node in self._all(cst.AssignTarget):
                statement = self._parent(node)
                value = statement.value if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None
                for name in _target_names(node.target):
                    found.setdefault(name.value, []).append((node, value if isinstance(node.target, cst.Name) else None))
            for node in self._all(cst.For) + self._all(cst.CompFor) + self._all(cst.AugAssign):
                for name in _target_names(node.target):
                    found.setdefault(name.value, []).append((node, None))
            for node in self._all(cst.Param):
                found.setdefault(node.name.value, []).append((node, None))
            self._assignment_cache = found
        return self._assignment_cache

    def _build_fetch(
        self, original: cst.BaseExpression, updated: cst.BaseExpression, feeds: dict[str, cst.BaseExpression]
    ) -> cst.BaseExpression:
        kind = self._fetch_kind(original)
        if kind == "structure":
            return self._build_structure(original, updated, feeds)
        if kind == "train":
            return self._train_call(original.value, feeds)  # type: ignore[union-attr]
        if kind == "deferred":
            return _numpy(self._deferred_call(original.value, feeds))  # type: ignore[union-attr]
        return _numpy(updated)

    def _build_structure(self, original: cst.BaseExpression, updated: cst.BaseExpression, feeds: dict[str, cst.BaseExpression]) -> cst.BaseExpression:
        pairs = list(zip(original.elements, updated.elements))  # type: ignore[union-attr]
        names = [e.value.value if isinstance(e.value, cst.Name) else None for e, _ in pairs]
        train = next((n for n in names if n in self.train_ops), None)
        new_elements = []
        for (orig, upd), name in zip(pairs, names):
            if train is not None and name == train:
                value: cst.BaseExpression = cst.Name("None")
            elif train is not None:
                value = _numpy(self._train_call(train, feeds))  # the loss TF1 fetched in the same step
            else:
                value = self._build_fetch(orig.value, upd.value, feeds)
            new_elements.append(upd.with_changes(value=value))
        return updated.with_changes(elements=new_elements)  # type: ignore[union-attr]

    def _train_call(self, name: str, feeds: dict[str, cst.BaseExpression]) -> cst.Call:
        return self._call_with_feeds(name, self._params_of(name), feeds)

    def _deferred_call(self, name: str, feeds: dict[str, cst.BaseExpression]) -> cst.Call:
        return self._call_with_feeds(name, self.deferred[name].params, feeds)

    @staticmethod
    def _call_with_feeds(name: str, params: list[str], feeds: dict[str, cst.BaseExpression]) -> cst.Call:
        args = [
            cst.Arg(feeds[p], keyword=cst.Name(p), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
            for p in params
        ]
        return cst.Call(cst.Name(name), args)

    def _plan_evals(self, calls: list[cst.Call]) -> None:
        for call in calls:
            func = call.func
            if not isinstance(func, cst.Attribute) or func.attr.value not in ("eval", "run"):
                continue
            receiver = func.value
            if isinstance(receiver, cst.Name) and receiver.value in self.session_names:
                continue
            if func.attr.value == "run":
                self._plan_op_run(call, receiver)
            else:
                self._plan_eval(call, receiver)

    def _plan_eval(self, call: cst.Call, receiver: cst.BaseExpression) -> None:
        if any(a.keyword is None for a in call.args):
            raise Unsafe(call, "eval() with positional arguments", "pass feed_dict= by keyword")
        if not (self._fetch_kind(receiver) in ("deferred",) or self._is_tensor(receiver)):
            return  # not a tensor we know: someone else's eval()
        self._plan_run(call, call.args, fetches=receiver)

    def _plan_op_run(self, call: cst.Call, receiver: cst.BaseExpression) -> None:
        kind = self._fetch_kind(receiver)
        if kind == "init":
            self._remove_statement_of(call)
            self.init_runs.append(call)
        elif kind == "train":
            self._plan_run(call, call.args, fetches=receiver)

    # -- stateful graphs -------------------------------------------------------
    def _is_stateful_call(self, call: cst.Call) -> bool:
        name = self._name(call.func)
        if name == "tf.placeholder" or name in STATE_CHANGES or name in RANDOM_OPS:
            return True
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value in ("minimize", "assign", "assign_add", "assign_sub")

    def _plan_stateful_graph(self) -> None:
        for statement in self.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                self._plan_graph_statement(statement)
            else:
                self._check_no_graph_building(statement)

    def _plan_graph_statement(self, statement: cst.SimpleStatementLine) -> None:
        if len(statement.body) != 1:
            if any(self._is_stateful_call(call) for call in _walk(statement, cst.Call)):
                raise Unsafe(statement, "graph statements share a line", "put each on its own line")
            return
        small = statement.body[0]
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
            self._check_expression_uses(small)
            return
        name = small.targets[0].target.value
        value = small.value
        callee = self._name(value.func) if isinstance(value, cst.Call) else None
        if callee in SESSION_TYPES:
            return
        if callee in INIT_OPS:
            return
        if callee == "tf.placeholder":
            self._define_once(name, statement)
            self.placeholders[name] = value  # type: ignore[assignment]
            self.plan.remove.add(id(statement))
            return
        if callee in OPTIMIZERS:
            self.optimizers[name] = value  # type: ignore[assignment]
            self.plan.statements[id(statement)] = lambda updated, n=name, c=value: self._optimizer_statement(n, c, updated)
            return
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "minimize":
            self._plan_train_op(name, value, statement)
            return
        if callee in VARIABLE_TYPES:
            return
        if self._runs_graph(value):
            self._check_expression_uses(small)
            return
        if self._reads_state(value):
            self._define_once(name, statement)
            params = self._params_for(value)
            self.deferred[name] = Deferred(name, params, statement, value, self._random_sources(name, value))
            self.plan.statements[id(statement)] = lambda updated, d=self.deferred[name]: self._deferred_def(d, updated)
            self._plan_name_calls(value)

    @staticmethod
    def _runs_graph(value: cst.BaseExpression) -> bool:
        """``sess.run(...)``, ``t.eval()``: a value computed from the graph, not part of it."""
        return any(
            isinstance(call.func, cst.Attribute) and call.func.attr.value in ("run", "eval")
            for call in _walk(value, cst.Call)
        )

    def _define_once(self, name: str, statement: cst.SimpleStatementLine) -> None:
        if len(self._assignments().get(name, [])) != 1:
            raise Unsafe(statement, f"{name!r} is assigned more than once in a graph that must be recomputed",
                         "give each tensor its own name")

    def _reads_state(self, value: cst.BaseExpression) -> bool:
        for name in _names_in(value):
            if name.value in self.placeholders or name.value in self.deferred or self._is_mutated_variable(name.value):
                return True
        return any(self._name(c.func) in RANDOM_OPS for c in _walk(value, cst.Call)) and not self._inside_variable(value)

    def _inside_variable(self, value: cst.BaseExpression) -> bool:
        return isinstance(value, cst.Call) and self._name(value.func) in VARIABLE_TYPES

    def _is_mutated_variable(self, name: str) -> bool:
        values = [v for _, v in self._assignments().get(name, [])]
        is_variable = any(isinstance(v, cst.Call) and self._name(v.func) in VARIABLE_TYPES for v in values)
        return is_variable and self.stateful

    def _random_sources(self, name: str, value: cst.BaseExpression) -> frozenset[str]:
        """The deferred random draws a recomputed tensor depends on (itself, if it draws)."""
        sources: set[str] = set()
        if any(self._name(c.func) in RANDOM_OPS for c in _walk(value, cst.Call)):
            sources.add(name)
        for used in _names_in(value):
            if used.value in self.deferred:
                sources |= self.deferred[used.value].random_sources
        return frozenset(sources)

    def _params_for(self, value: cst.BaseExpression) -> list[str]:
        used: set[str] = set()
        for name in _names_in(value):
            if name.value in self.placeholders:
                used.add(name.value)
            elif name.value in self.deferred:
                used.update(self.deferred[name.value].params)
        return [p for p in self.placeholders if p in used]

    def _plan_name_calls(self, value: cst.BaseExpression) -> None:
        for name in _names_in(value):
            if name.value in self.deferred:
                params = self.deferred[name.value].params
                self.plan.names[id(name)] = lambda updated, n=name.value, p=params: cst.Call(
                    cst.Name(n), [cst.Arg(cst.Name(x)) for x in p]
                )

    def _check_expression_uses(self, small: cst.CSTNode) -> None:
        for name in _names_in(small):
            if name.value in self.placeholders or name.value in self.deferred:
                if not self._is_session_use(name):
                    raise Unsafe(name, f"{name.value} is used outside the graph and its runs", "use it inside sess.run")

    def _check_no_graph_building(self, statement: cst.CSTNode) -> None:
        for name in _names_in(statement):
            if name.value in self.placeholders or name.value in self.deferred:
                if not self._is_session_use(name):
                    raise Unsafe(name, f"{name.value} is used outside the graph and its runs", "use it inside sess.run")
        for call in _walk(statement, cst.Call):
            callee = self._name(call.func)
            if callee == "tf.placeholder" or callee in OPTIMIZERS:
                raise Unsafe(call, f"{callee} inside a compound statement", "build the graph at module level")
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "minimize":
                raise Unsafe(call, "minimize() inside a compound statement", "build the graph at module level")

    def _is_session_use(self, name: cst.Name) -> bool:
        """Fetched or fed in ``sess.run(...)``, or the receiver or a feed of ``t.eval()``/``op.run()``."""
        node: cst.CSTNode = name
        while True:
            parent = self._parent(node)
            if parent is None or isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                return False
            if isinstance(parent, cst.Call) and isinstance(parent.func, cst.Attribute) and parent.func.attr.value in ("run", "eval"):
                return True
            node = parent

    def _plan_train_op(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        receiver = cst.ensure_type(call.func, cst.Attribute).value
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        unknown = set(keywords) - {"loss", "var_list", "name"}
        if unknown:
            raise Unsafe(call, f"minimize({', '.join(sorted(unknown))}=...) has no eager form here", "write the training step by hand")
        loss = positional[0].value if positional else keywords.get("loss")
        if not isinstance(loss, cst.Name) or loss.value not in self.deferred:
            raise Unsafe(call, "minimize() of something other than a named recomputed loss", "name the loss tensor")
        var_list = positional[1].value if len(positional) > 1 else keywords.get("var_list")
        if isinstance(receiver, cst.Call) and self._name(receiver.func) in OPTIMIZERS:
            op = TrainOp(name, loss.value, receiver, f"{name}_optimizer", var_list, statement)
        elif isinstance(receiver, cst.Name) and receiver.value in self.optimizers:
            op = TrainOp(name, loss.value, None, receiver.value, var_list, statement)
        else:
            raise Unsafe(call, "minimize() on an optimizer with no exact Keras equivalent",
                         "use GradientDescent, Momentum or Adam, or write the step with tf.GradientTape")
        self._define_once(name, statement)
        self.train_ops[name] = op
        self.plan.statements[id(statement)] = lambda updated, o=op: self._train_definition(o, updated)

    def _mark_optimizer_handled(self, op: TrainOp) -> None:
        if op.optimizer_call is not None:
            self.plan.handled.add(id(op.optimizer_call.func))
        elif op.optimizer_name in self.optimizers:
            self.plan.handled.add(id(self.optimizers[op.optimizer_name].func))

    # -- code generation -----------------------------------------------------
    def _keras_optimizer(self, call: cst.Call) -> cst.Call:
        tf1_name = self._name(call.func) or ""
        keras_name, positional_names, renames, defaults = OPTIMIZERS[tf1_name]
        args: list[cst.Arg] = []
        given: set[str] = set()
        for index, arg in enumerate(call.args):
            tf1_param = arg.keyword.value if arg.keyword else (positional_names[index] if index < len(positional_names) else None)
            if tf1_param in IGNORED_OPTIMIZER_KEYWORDS:
                continue
            if tf1_param not in renames:
                raise Unsafe(call, f"{tf1_name} argument {tf1_param or index} has no Keras equivalent", "convert it by hand")
            given.add(renames[tf1_param])
            args.append(_keyword(renames[tf1_param], arg.value))
        for keyword, literal in defaults.items():
            if keyword not in given:
                args.append(_keyword(keyword, cst.parse_expression(literal)))
        if tf1_name in INEXACT_OPTIMIZERS:
            self.rule.report(call, f"{tf1_name} became {keras_name}: {INEXACT_OPTIMIZERS[tf1_name]}",
                             action="accept last-digit differences in trained values, or write the TF1 update by hand")
        return cst.Call(self.rule.spell(keras_name), args)

    def _optimizer_statement(self, name: str, call: cst.Call, updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        self.rule.report(call, f"replaced {self._name(call.func)} with its Keras equivalent", kind=Kind.FIXED)
        return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], self._keras_optimizer(call))])

    def _deferred_def(self, deferred: Deferred, updated: cst.SimpleStatementLine) -> cst.FunctionDef:
        assign = cst.ensure_type(updated.body[0], cst.Assign)
        direct = {n.value for n in _names_in(deferred.value) if n.value in self.placeholders}
        body: list[cst.BaseStatement] = [self._convert_param(p) for p in deferred.params if p in direct]
        body.append(cst.SimpleStatementLine([cst.Return(assign.value)]))
        # TF1 baked Python values into the graph when it was built; a default
        # argument keeps the value they had then, even if the name is rebound.
        frozen = [
            cst.Param(cst.Name(name), default=cst.Name(name), equal=_tight_equal())
            for name in self._rebound_python_values(deferred)
        ]
        params = cst.Parameters([cst.Param(cst.Name(p)) for p in deferred.params] + frozen)
        return cst.FunctionDef(cst.Name(deferred.name), params, cst.IndentedBlock(body))

    def _rebound_python_values(self, deferred: Deferred) -> list[str]:
        """Names a recomputed tensor reads that hold Python values and are bound again later."""
        graph_names = set(self.placeholders) | set(self.deferred) | set(self.train_ops) | set(self.optimizers)
        found: list[str] = []
        for name in _names_in(deferred.value):
            value = name.value
            if value in graph_names or value in found or value in self.names_bound_by_imports():
                continue
            bindings = self._assignments().get(value, [])
            if len(bindings) > 1 and self._bound_before(value, deferred.statement):
                found.append(value)
        return found

    def names_bound_by_imports(self) -> set[str]:
        names = self.rule.names
        return set(names.module_aliases) | set(names.from_imports) | {"tf", "np", "numpy", "tensorflow"}

    def _bound_before(self, name: str, statement: cst.SimpleStatementLine) -> bool:
        """Assigned by a module-level statement above ``statement``."""
        for top in self.module.body:
            if top is statement:
                return False
            if isinstance(top, cst.SimpleStatementLine):
                for small in top.body:
                    if isinstance(small, cst.Assign) and any(
                        n.value == name for t in small.targets for n in _target_names(t.target)
                    ):
                        return True
        return False

    def _convert_param(self, placeholder: str) -> cst.SimpleStatementLine:
        call = self.placeholders[placeholder]
        dtype = next((a.value for a in call.args if a.keyword is None), None)
        dtype = next((a.value for a in call.args if a.keyword and a.keyword.value == "dtype"), dtype)
        args = [cst.Arg(cst.Name(placeholder))] + ([cst.Arg(dtype)] if dtype is not None else [])
        convert = cst.Call(self.rule.spell("tf.convert_to_tensor"), args)
        return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(placeholder))], convert)])

    def _train_definition(self, op: TrainOp, updated: cst.SimpleStatementLine) -> cst.FlattenSentinel[cst.BaseStatement]:
        params = self.deferred[op.loss].params
        loss_call = cst.Call(cst.Name(op.loss), [cst.Arg(cst.Name(p)) for p in params])
        variables = cst.parse_expression("tape.watched_variables()") if op.var_list is None else op.var_list
        code = (
            f"def {op.name}({', '.join(params)}):\n"
            f"    with tf.GradientTape() as tape:\n"
            f"        loss_value = LOSS\n"
            f"    train_vars = VARS\n"
            f"    {op.optimizer_name}.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))\n"
            f"    return loss_value\n"
        )
        function = cst.ensure_type(cst.parse_statement(code), cst.FunctionDef)
        function = cast_function(function, self.rule.spell("tf.GradientTape"), loss_call, variables)
        statements: list[cst.BaseStatement] = []
        if op.optimizer_call is not None:
            self.rule.report(op.optimizer_call, f"replaced {self._name(op.optimizer_call.func)}(...).minimize "
                             "with a Keras optimizer and a GradientTape step", kind=Kind.FIXED)
            optimizer = self._keras_optimizer(op.optimizer_call)
            statements.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(op.optimizer_name))], optimizer)]))
        statements.append(function)
        return cst.FlattenSentinel(statements)


def cast_function(function: cst.FunctionDef, tape: cst.BaseExpression, loss: cst.BaseExpression, variables: cst.BaseExpression) -> cst.FunctionDef:
    """Fill the placeholders of the generated training step."""

    class Fill(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            if updated_node.value == "LOSS":
                return loss
            if updated_node.value == "VARS":
                return variables
            return updated_node

        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
            if isinstance(updated_node.value, cst.Name) and updated_node.value.value == "tf" and updated_node.attr.value == "GradientTape":
                return tape
            return updated_node

    return cst.ensure_type(function.visit(Fill()), cst.FunctionDef)


MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                              "update", "fill", "resize", "setdefault", "put", "itemset"})


def _root_name(node: cst.BaseExpression) -> str | None:
    while isinstance(node, (cst.Subscript, cst.Attribute)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _tight_equal() -> cst.AssignEqual:
    return cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))


def _numpy(expression: cst.BaseExpression) -> cst.Call:
    if not isinstance(expression, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expression.lpar:
        if not expression.lpar:
            expression = expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Call(cst.Attribute(expression, cst.Name("numpy")))


def _fetch_of(updated: cst.CSTNode, on_receiver: bool) -> cst.BaseExpression:
    """The updated counterpart of the fetch: the receiver of ``t.eval()``, or sess.run's first argument."""
    call = cst.ensure_type(updated, cst.Call)
    if on_receiver:
        return cst.ensure_type(call.func, cst.Attribute).value
    return next(a.value for a in call.args if a.keyword is None)


def _walk(node: cst.CSTNode, kinds: type | tuple[type, ...]) -> Iterator:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, kinds):
            yield current
        stack.extend(reversed(current.children))


def _names_in(node: cst.CSTNode) -> Iterator[cst.Name]:
    """Names read by an expression (attribute tails and keyword names excluded)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current
            continue
        if isinstance(current, cst.Attribute):
            stack.append(current.value)
            continue
        if isinstance(current, cst.Arg):
            stack.append(current.value)
            continue
        if isinstance(current, (cst.Lambda, cst.FunctionDef, cst.ClassDef)):
            continue
        stack.extend(current.children)


def _target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)

"""What a module's graph is made of: sessions, placeholders, variables, recomputed tensors, training ops.

The analysis reads the *original* module once, before any rewrite, and
never decides anything: it records what it sees (and the structural
problems it meets, as ``Unsafe`` records) for the checks and the plan.
It covers one graph section: the module-level statements between two
graph resets, so a name rebuilt after ``tf.reset_default_graph()`` is a
new tensor of a new section.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider

from tfmigrate import api
from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.syntax import names_in, target_names, walk
from tfmigrate.rules.session.tables import (
    GET_VARIABLE,
    LAYER_FUNCTIONS,
    MERGE_ALL,
    SAVER,
    INIT_OPS,
    LABEL_SCOPES,
    NOT_TENSOR_PREFIXES,
    RANDOM_OPS,
    RETURNS_SEVERAL,
    SESSION_TYPES,
    STATE_CHANGES,
    VARIABLE_METHODS_THAT_CHANGE,
    VARIABLE_TYPES,
)


@dataclasses.dataclass(frozen=True)
class Unsafe:
    """A use that cannot be converted faithfully: where, why, and what to do."""

    node: cst.CSTNode
    message: str
    action: str


class Refused(Exception):
    """Raised inside the plan for one use; the planner records it and goes on with the next."""

    def __init__(self, node: cst.CSTNode, message: str, action: str) -> None:
        super().__init__(message)
        self.unsafe = Unsafe(node, message, action)


@dataclasses.dataclass
class SessionUse:
    """A ``tf.Session()``: bound by ``sess = ...`` (statement) or a ``with`` block."""

    name: str | None
    holder: cst.CSTNode  # the statement or the With
    call: cst.Call
    in_with: bool


@dataclasses.dataclass
class Deferred:
    """A module-level tensor recomputed per run: ``def name(params): return value``."""

    name: str
    params: list[str]  # placeholders it reads, in definition order
    statement: cst.SimpleStatementLine
    value: cst.BaseExpression
    reads: frozenset[str]  # graph names (placeholders, variables, deferred) it reads directly
    random_sources: frozenset[str] = frozenset()  # deferred random tensors it is computed from
    gradients: Gradients | None = None  # set for ``opt.compute_gradients(loss)``
    several: bool = False  # a list or tuple of tensors, not one tensor
    #: earlier bindings of the same name that this one reads (``L = f(x)`` then ``L = g(L)``), in order
    prelude: tuple[cst.SimpleStatementLine, ...] = ()

    def values(self) -> list[cst.BaseExpression]:
        """The values the recomputed tensor is built from: its earlier bindings', then its own."""
        return [cst.ensure_type(s.body[0], cst.Assign).value for s in self.prelude] + [self.value]


@dataclasses.dataclass
class Gradients:
    """``name = opt.compute_gradients(loss[, var_list])``: (gradient, variable) pairs of one step."""

    loss: str
    optimizer_name: str
    var_list: cst.BaseExpression | None


@dataclasses.dataclass
class TrainOp:
    """``name = optimizer.minimize(loss[, var_list])``, or ``optimizer.apply_gradients(pairs)``."""

    name: str
    loss: str  # the loss minimized, or the one the applied gradients come from
    optimizer_call: cst.Call  # the tf.train.XOptimizer(...) call
    optimizer_name: str  # the name the optimizer is bound to (made up if it was inline)
    inline: bool
    var_list: cst.BaseExpression | None
    statement: cst.SimpleStatementLine
    minimize: cst.Call
    applied: str | None = None  # apply_gradients(applied): the recomputed pairs it applies


class GraphAnalysis:
    """The graph of one section of a module, as its module-level statements build it."""

    def __init__(self, rule: MigrationRule, module: cst.Module, statements: list[cst.CSTNode],
                 span: tuple[int, int]) -> None:
        self.rule = rule
        self.module = module
        self.span = span
        self.scope_blocks: list[cst.With] = []  # module-level name/variable scopes, read as plain statements
        self.statements = list(self._flatten(statements))
        self.problems: list[Unsafe] = []
        self.session_calls: list[cst.Call] = []
        self.sessions: list[SessionUse] = []
        self.session_names: set[str] = set()
        self.init_names: dict[str, cst.SimpleStatementLine] = {}
        self.placeholders: dict[str, cst.Call] = {}
        self.variables: dict[str, cst.Call] = {}
        self.deferred: dict[str, Deferred] = {}
        self.train_ops: dict[str, TrainOp] = {}
        self.optimizers: dict[str, cst.Call] = {}
        self.made_variables: dict[str, cst.Call] = {}  # name -> tf.get_variable(...) call
        self.layers: dict[str, cst.Call] = {}  # recomputed tensor -> the TF1 layer call in its value
        self.savers: dict[str, cst.Call] = {}  # name -> tf.train.Saver(...) call
        self.merged: dict[str, cst.SimpleStatementLine] = {}  # name -> its ``name = tf.summary.merge_all()`` line
        self.stateful = False
        self._index: dict[type, list] = {}
        self._assignment_cache: dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]] | None = None

    # -- building ----------------------------------------------------------------
    def _flatten(self, statements: list[cst.CSTNode]) -> list[cst.CSTNode]:
        """Statements inside module-level label scopes and session blocks count as module-level statements.

        Both blocks are unwrapped when the section converts, so graph code
        written inside ``with tf.Session() as sess:`` (an accuracy built after
        training, say) ends up at module level like the rest of the graph.
        """
        flat: list[cst.CSTNode] = []
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock) and \
                    (self._is_label_scope(statement) or self._is_session_block(statement)):
                if self._is_label_scope(statement):
                    self.scope_blocks.append(statement)
                flat += self._flatten(list(statement.body.body))
            else:
                flat.append(statement)
        return flat

    def _is_session_block(self, block: cst.With) -> bool:
        call = block.items[0].item if len(block.items) == 1 else None
        return isinstance(call, cst.Call) and self.tf_name(call.func) in SESSION_TYPES

    def _is_label_scope(self, block: cst.With) -> bool:
        if len(block.items) != 1 or block.items[0].asname is not None:
            return False
        call = block.items[0].item
        return isinstance(call, cst.Call) and self.tf_name(call.func) in LABEL_SCOPES and \
            not any(arg.keyword is not None and arg.keyword.value == "reuse" for arg in call.args)

    def build(self) -> GraphAnalysis:
        calls = self.all(cst.Call)
        self.session_calls = [call for call in calls if self.tf_name(call.func) in SESSION_TYPES]
        for call in self.session_calls:
            self._bind_session(call)
        if not self.session_calls:
            return self
        self._collect_initializers()
        self.stateful = any(self._is_stateful_call(c) for c in calls)
        for statement in self.statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self._read_saver_or_variable(statement)
                if self.stateful:
                    self._read_graph_statement(statement)
        return self

    def _read_saver_or_variable(self, statement: cst.SimpleStatementLine) -> None:
        """Savers, merged summaries, and (for savers) the variables of a static graph, which is otherwise not read."""
        small = statement.body[0]
        if len(statement.body) != 1 or not isinstance(small, cst.Assign) or len(small.targets) != 1 or \
                not isinstance(small.targets[0].target, cst.Name) or not isinstance(small.value, cst.Call):
            return
        name, callee = small.targets[0].target.value, self.tf_name(small.value.func)
        if callee == SAVER:
            self.savers[name] = small.value
        elif callee == MERGE_ALL and not small.value.args:
            self.merged[name] = statement
        elif callee in VARIABLE_TYPES and not self.stateful:
            self.variables[name] = small.value

    def _bind_session(self, call: cst.Call) -> None:
        parent = self.parent(call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            statement = self.statement_of(call)
            name = parent.targets[0].target.value
            if statement is None or len(statement.body) != 1:
                self.problems.append(Unsafe(call, "session created inside a compound statement", "create it on its own line"))
                return
            self.sessions.append(SessionUse(name, statement, call, in_with=False))
            self.session_names.add(name)
            return
        if isinstance(parent, cst.WithItem):
            with_node = self.parent(parent)
            if isinstance(with_node, cst.With) and len(with_node.items) == 1:
                name = None
                if parent.asname is not None:
                    if not isinstance(parent.asname.name, cst.Name):
                        self.problems.append(Unsafe(call, "session bound to a pattern", "bind it to a plain name"))
                        return
                    name = parent.asname.name.value
                    self.session_names.add(name)
                self.sessions.append(SessionUse(name, with_node, call, in_with=True))
                return
        self.problems.append(Unsafe(call, "session used in an expression",
                                    "create it with `sess = tf.Session()` or a `with` block"))

    def _collect_initializers(self) -> None:
        """``init = tf.global_variables_initializer()``: TF 2 variables start initialised."""
        for name, bindings in self.assignments().items():
            values = [value for _, value in bindings]
            if len(values) == 1 and isinstance(values[0], cst.Call) and self.tf_name(values[0].func) in INIT_OPS:
                statement = self.statement_of(values[0])
                if statement is not None and len(statement.body) == 1:
                    self.init_names[name] = statement

    def _is_stateful_call(self, call: cst.Call) -> bool:
        name = self.tf_name(call.func)
        if name == "tf.placeholder" or name in STATE_CHANGES or name in RANDOM_OPS:
            return True
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value in VARIABLE_METHODS_THAT_CHANGE

    def _read_graph_statement(self, statement: cst.SimpleStatementLine) -> None:
        """One module-level line of graph building: what it defines."""
        if len(statement.body) != 1:
            if any(self._is_stateful_call(call) for call in walk(statement, cst.Call)):
                self.problems.append(Unsafe(statement, "graph statements share a line", "put each on its own line"))
            return
        small = statement.body[0]
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
            return
        name = small.targets[0].target.value
        value = small.value
        callee = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if callee in SESSION_TYPES or callee in INIT_OPS:
            return
        if callee == "tf.placeholder":
            self.placeholders[name] = cst.ensure_type(value, cst.Call)
        elif callee is not None and callee.startswith("tf.train.") and callee.endswith("Optimizer"):
            self.optimizers[name] = cst.ensure_type(value, cst.Call)
        elif _method_of(value, self.optimizers) == "minimize":
            self._read_minimize(name, cst.ensure_type(value, cst.Call), statement)
        elif _method_of(value, self.optimizers) == "compute_gradients":
            self._read_compute_gradients(name, cst.ensure_type(value, cst.Call), statement)
        elif _method_of(value, self.optimizers) == "apply_gradients":
            self._read_apply_gradients(name, cst.ensure_type(value, cst.Call), statement)
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "minimize":
            self._read_minimize(name, value, statement)
        elif callee in VARIABLE_TYPES:
            self.variables[name] = cst.ensure_type(value, cst.Call)
        elif callee == GET_VARIABLE:
            self.variables[name] = self.made_variables[name] = cst.ensure_type(value, cst.Call)
        elif not runs_graph(value) and self._reads_state(value):
            reads = frozenset(n.value for n in names_in(value) if self.is_graph_name(n.value))
            several = isinstance(value, (cst.List, cst.Tuple, cst.ListComp)) or any(
                self.deferred[n].several for n in reads if n in self.deferred and isinstance(value, cst.Name))
            prior = self.deferred.get(name)
            prelude: tuple[cst.SimpleStatementLine, ...] = ()
            if prior is not None and self._extends(prior, statement, value):
                prelude, reads = (*prior.prelude, prior.statement), (reads | prior.reads) - {name}
            self.deferred[name] = Deferred(name, self._params_for(value), statement, value, reads,
                                           self._random_sources(name, value), several=several, prelude=prelude)
            layer_calls = [c for c in walk(value, cst.Call) if self.tf_name(c.func) in LAYER_FUNCTIONS]
            if layer_calls:
                self.layers[name] = layer_calls[0]
                if len(layer_calls) > 1:
                    self.problems.append(Unsafe(layer_calls[1], "two layers built in one statement",
                                                "build each layer on its own line"))

    def _extends(self, prior: Deferred, statement: cst.SimpleStatementLine, value: cst.BaseExpression) -> bool:
        """``L = g(L)`` right after ``L = f(x)``: one tensor built in steps, recomputed as one function.

        Only when nothing between the two lines reads the earlier ``L``, so no
        other tensor or run can tell the two apart, and neither line builds a
        layer (a layer is created once, outside the function).
        """
        name = prior.name
        if prior.gradients is not None or prior.several or name in self.layers or \
                name not in {n.value for n in names_in(value)} or \
                any(self.tf_name(c.func) in LAYER_FUNCTIONS for c in walk(value, cst.Call)):
            return False
        order = [id(s) for s in self.statements]
        if id(prior.statement) not in order or id(statement) not in order:
            return False
        between = self.statements[order.index(id(prior.statement)) + 1:order.index(id(statement))]
        return not any(n.value == name for s in between for n in names_in(s))

    def _read_minimize(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        receiver = cst.ensure_type(call.func, cst.Attribute).value
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        unknown = set(keywords) - {"loss", "var_list", "name"}
        if unknown:
            self.problems.append(Unsafe(call, f"minimize({', '.join(sorted(unknown))}=...) has no eager form here",
                                        "write the training step by hand"))
            return
        loss = positional[0].value if positional else keywords.get("loss")
        if not isinstance(loss, cst.Name) or loss.value not in self.deferred:
            self.problems.append(Unsafe(call, "minimize() of something other than a named recomputed loss",
                                        "name the loss tensor"))
            return
        var_list = positional[1].value if len(positional) > 1 else keywords.get("var_list")
        if isinstance(receiver, cst.Call) and (self.tf_name(receiver.func) or "").startswith("tf.train."):
            op = TrainOp(name, loss.value, receiver, optimizer_name_for(name), True, var_list, statement, call)
        elif isinstance(receiver, cst.Name) and receiver.value in self.optimizers:
            op = TrainOp(name, loss.value, self.optimizers[receiver.value], receiver.value, False, var_list, statement, call)
        else:
            self.problems.append(Unsafe(call, "minimize() on something that is not a tf.train optimizer",
                                        "write the step with tf.GradientTape and a Keras optimizer"))
            return
        self.train_ops[name] = op

    def _read_compute_gradients(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        optimizer = cst.ensure_type(cst.ensure_type(call.func, cst.Attribute).value, cst.Name).value
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        loss = positional[0].value if positional else keywords.get("loss")
        if set(keywords) - {"loss", "var_list"} or len(positional) > 2 or not (
                isinstance(loss, cst.Name) and loss.value in self.deferred):
            self.problems.append(Unsafe(call, "compute_gradients() with arguments other than a named loss and var_list",
                                        "write the step with tf.GradientTape"))
            return
        var_list = positional[1].value if len(positional) > 1 else keywords.get("var_list")
        loss_def = self.deferred[loss.value]
        self.deferred[name] = Deferred(name, loss_def.params, statement, call, frozenset({loss.value}),
                                       loss_def.random_sources, Gradients(loss.value, optimizer, var_list), several=True)

    def _read_apply_gradients(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        optimizer = cst.ensure_type(cst.ensure_type(call.func, cst.Attribute).value, cst.Name).value
        positional = [a for a in call.args if a.keyword is None]
        pairs = positional[0].value if positional else None
        if len(call.args) != 1 or not (isinstance(pairs, cst.Name) and pairs.value in self.deferred):
            self.problems.append(Unsafe(call, "apply_gradients() of something other than named recomputed pairs",
                                        "write the step with tf.GradientTape"))
            return
        sources = [n for n in [pairs.value, *self.depends_on(pairs.value)] if n in self.deferred and self.deferred[n].gradients]
        if len(sources) != 1:
            self.problems.append(Unsafe(call, "apply_gradients() of pairs not computed by one compute_gradients()",
                                        "write the step with tf.GradientTape"))
            return
        gradients = self.deferred[sources[0]].gradients
        assert gradients is not None
        self.train_ops[name] = TrainOp(name, gradients.loss, self.optimizers[optimizer], optimizer, False, None,
                                       statement, call, applied=pairs.value)

    def _reads_state(self, value: cst.BaseExpression) -> bool:
        if any(self.is_graph_name(n.value) for n in names_in(value)):
            return True
        draws = any(self.tf_name(c.func) in RANDOM_OPS for c in walk(value, cst.Call))
        return draws and not (isinstance(value, cst.Call) and self.tf_name(value.func) in VARIABLE_TYPES)

    def _params_for(self, value: cst.BaseExpression) -> list[str]:
        used: set[str] = set()
        for name in names_in(value):
            if name.value in self.placeholders:
                used.add(name.value)
            elif name.value in self.deferred:
                used.update(self.deferred[name.value].params)
        return [p for p in self.placeholders if p in used]

    def _random_sources(self, name: str, value: cst.BaseExpression) -> frozenset[str]:
        """The recomputed random draws a tensor depends on (itself, if it draws)."""
        sources: set[str] = set()
        if any(self.tf_name(c.func) in RANDOM_OPS for c in walk(value, cst.Call)):
            sources.add(name)
        for used in names_in(value):
            if used.value in self.deferred:
                sources |= self.deferred[used.value].random_sources
        return frozenset(sources)

    # -- queries ---------------------------------------------------------------
    def is_graph_name(self, name: str) -> bool:
        return name in self.placeholders or name in self.deferred or name in self.variables

    def depends_on(self, name: str) -> set[str]:
        """Every graph name a recomputed tensor reads, directly or through other recomputed tensors."""
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            deferred = self.deferred.get(current)
            if deferred is None:
                continue
            for read in deferred.reads - seen:
                seen.add(read)
                stack.append(read)
        return seen

    def expression_depends_on(self, node: cst.BaseExpression) -> set[str]:
        found: set[str] = set()
        for name in names_in(node):
            if self.is_graph_name(name.value):
                found.add(name.value)
                found |= self.depends_on(name.value)
        return found

    def expression_random_sources(self, node: cst.BaseExpression) -> frozenset[str]:
        sources: set[str] = set()
        for name in names_in(node):
            if name.value in self.deferred:
                sources |= self.deferred[name.value].random_sources
        if any(self.tf_name(c.func) in RANDOM_OPS for c in walk(node, cst.Call)):
            sources.add(f"<draw at {id(node)}>")
        return frozenset(sources)

    def is_printed_placeholder(self, node: cst.Name) -> bool:
        """``print(x)`` on a line of its own, ``x`` a placeholder: TF1 printed the symbolic tensor."""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) else None
        return node.value in self.placeholders and isinstance(arg, cst.Arg) and arg.keyword is None and \
            isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print" and \
            len(call.args) == 1 and isinstance(self.parent(call), cst.Expr) and not self.may_repeat(call)

    def params_of_expression(self, node: cst.BaseExpression) -> list[str]:
        return self._params_for(node)

    def not_a_tensor(self, node: cst.BaseExpression) -> str | None:
        """What a name is bound to when the analysis knows it is no tensor (a Keras loss, a layer, ...)."""
        if not isinstance(node, cst.Name):
            return None
        values = [v for _, v in self.assignments().get(node.value, [])]
        if len(values) != 1 or not isinstance(values[0], cst.Call):
            return None
        name = self.tf_name(values[0].func) or ""
        last = name.rpartition(".")[2]
        for prefix, what in NOT_TENSOR_PREFIXES:
            if name.startswith(prefix) and last[:1].isupper():
                return what
        return None

    def is_tensor(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        if depth > 12:
            return False
        if isinstance(node, cst.Call):
            name = self.tf_name(node.func)
            return name is not None and name.startswith("tf.") and name not in RETURNS_SEVERAL
        if isinstance(node, cst.Name):
            value = self._module_value(node.value)
            return value is not None and self.is_tensor(value, depth + 1)
        if isinstance(node, cst.BinaryOperation):
            return self.is_tensor(node.left, depth + 1) or self.is_tensor(node.right, depth + 1)
        if isinstance(node, cst.UnaryOperation):
            return self.is_tensor(node.expression, depth + 1)
        if isinstance(node, cst.Subscript):
            return self.is_tensor(node.value, depth + 1)
        return False

    def _module_value(self, name: str) -> cst.BaseExpression | None:
        """The value a name is bound to, when every binding of it is a plain assignment of a tensor."""
        values = [value for _, value in self.assignments().get(name, [])]
        if not values or any(v is None for v in values):
            return None
        tensors = [v for v in values if v is not None and self._is_tensor_shallow(v)]
        return tensors[-1] if len(tensors) == len(values) else None

    def _is_tensor_shallow(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Call):
            name = self.tf_name(value.func)
            return name is not None and name.startswith("tf.")
        return isinstance(value, (cst.BinaryOperation, cst.UnaryOperation, cst.Subscript, cst.Name))

    # -- navigation ------------------------------------------------------------
    def tf_name(self, node: cst.BaseExpression) -> str | None:
        name = self.rule.tf_name(node)
        return None if name is None else api.PRE_1_0_RENAMES.get(name, name)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.rule.parent(node)

    def statement_of(self, node: cst.CSTNode) -> cst.SimpleStatementLine | None:
        parent = self.parent(node)
        while parent is not None and not isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            parent = self.parent(parent)
        return parent if isinstance(parent, cst.SimpleStatementLine) else None

    def is_module_level(self, statement: cst.CSTNode) -> bool:
        return isinstance(self.parent(statement), cst.Module)

    def may_repeat(self, node: cst.CSTNode) -> bool:
        """Inside a loop or a function body: it may run more than once."""
        parent = self.parent(node)
        while parent is not None:
            if isinstance(parent, (cst.For, cst.While, cst.FunctionDef)):
                return True
            parent = self.parent(parent)
        return False

    def line(self, node: cst.CSTNode) -> int:
        return self.rule.get_metadata(PositionProvider, node).start.line

    def all(self, kind: type) -> list:
        """Every node of one type in this section, from the module's index."""
        if kind not in self._index:
            first, last = self.span
            self._index[kind] = [n for n in self.rule.facts.all(kind) if first <= self.line(n) <= last]
        return self._index[kind]

    def accesses(self, name: str, *, module_level: bool = True) -> Iterator[cst.Name]:
        """Reads of a name in this section (bindings excluded; with ``module_level``, function locals too)."""
        for node in self.all(cst.Name):
            if node.value != name:
                continue
            parent = self.parent(node)
            if isinstance(parent, (cst.AssignTarget, cst.AsName)):
                continue
            if isinstance(parent, cst.Attribute) and parent.attr is node:
                continue
            if isinstance(parent, cst.Arg) and parent.keyword is node:
                continue
            if isinstance(parent, cst.Param) or (module_level and self._is_local(node)):
                continue
            yield node

    def _is_local(self, node: cst.Name) -> bool:
        if self.rule.facts.metadata.in_module_scope(node):
            return False  # the global scope: no scope analysis needed to say so
        scope = self.rule.get_metadata(ScopeProvider, node, None)
        if scope is None or scope is scope.globals:
            return False
        return any(a.scope is scope for a in scope.assignments[node.value])

    def assignments(self) -> dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]]:
        """Every binding of each name in this section: (binding node, value if a plain ``name = value``)."""
        if self._assignment_cache is None:
            found: dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]] = {}
            for node in self.all(cst.AssignTarget):
                statement = self.parent(node)
                value = statement.value if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None
                for name in target_names(node.target):
                    found.setdefault(name.value, []).append((node, value if isinstance(node.target, cst.Name) else None))
            for node in self.all(cst.For) + self.all(cst.CompFor) + self.all(cst.AugAssign):
                for name in target_names(node.target):
                    found.setdefault(name.value, []).append((node, None))
            for node in self.all(cst.Param):
                found.setdefault(node.name.value, []).append((node, None))
            self._assignment_cache = found
        return self._assignment_cache


def _method_of(value: cst.BaseExpression, receivers: dict[str, cst.Call]) -> str | None:
    """``m`` of ``name.m(...)`` when ``name`` is one of ``receivers``."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(value.func.value, cst.Name):
        return value.func.attr.value if value.func.value.value in receivers else None
    return None


def runs_graph(value: cst.BaseExpression) -> bool:
    """``sess.run(...)``, ``t.eval()``: a value computed from the graph, not part of it."""
    return any(
        isinstance(call.func, cst.Attribute) and call.func.attr.value in ("run", "eval")
        for call in walk(value, cst.Call)
    )


def optimizer_name_for(train_op: str) -> str:
    """The name of the Keras optimizer an inline ``tf.train.X(...).minimize()`` becomes.

    ``train`` gives ``train_optimizer``; a train op already called ``optimizer``
    gives ``keras_optimizer``, not ``optimizer_optimizer``.
    """
    if train_op.lower().endswith(("optimizer", "opt")):
        return f"keras_{train_op}"
    return f"{train_op}_optimizer"

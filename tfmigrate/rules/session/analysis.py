"""What a module's graph is made of: sessions, placeholders, variables, recomputed tensors, training ops.

The analysis reads the *original* module once, before any rewrite, and
never decides anything: it records what it sees (and the structural
problems it meets, as ``Unsafe`` records) for the checks and the plan.
``scan.py`` reads the section's statements into it; this module holds
the records and the questions the checks and the plan ask of them.
It covers one graph section: the module-level statements between two
graph resets, so a name rebuilt after ``tf.reset_default_graph()`` is a
new tensor of a new section.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider

from tfmigrate import api
from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.static_types import argument
from tfmigrate.rules.session.syntax import names_in, target_names, walk
from tfmigrate.rules.session.tables import (
    NOT_TENSOR_PREFIXES,
    RANDOM_OPS,
    RETURNS_SEVERAL,
    UNPACKS_TO_TENSORS,
    WHILE_LOOP,
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


def unique_refusals(refused: list[Unsafe]) -> list[Unsafe]:
    """Each refusal once (one node can fail one check along several paths)."""
    seen: set[tuple[int, str]] = set()
    kept: list[Unsafe] = []
    for unsafe in refused:
        key = (id(unsafe.node), unsafe.message)
        if key not in seen:
            seen.add(key)
            kept.append(unsafe)
    return kept


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
    loop: GraphLoop | None = None  # rebuilt on each pass of a module-level ``for`` loop
    unpacked: int | None = None  # ``a, b = call(...)``: the position of this name in the call's result

    def values(self) -> list[cst.BaseExpression]:
        """The values the recomputed tensor is built from: its earlier bindings', then its own."""
        return [cst.ensure_type(s.body[0], cst.Assign).value for s in self.prelude] + [self.value]


@dataclasses.dataclass
class GraphLoop:
    """A module-level ``for`` loop that creates variables and rebuilds one tensor on each pass (``loops.py``)."""

    node: cst.For
    carried: list[str]  # what each pass gives the tensor: the loop's targets and the variables it made, read by it
    carried_from: str | None  # the tensor's own name when each pass reads the previous value (a variable at first)


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

    def __init__(self, rule: MigrationRule, module: cst.Module, span: tuple[int, int],
                 holes: tuple[tuple[int, int], ...] = (), function: cst.FunctionDef | None = None) -> None:
        self.rule = rule
        self.module = module
        self.span = span
        self.holes = holes  # lines of helpers that are sections of their own
        self.function = function  # the helper whose body this section is; None at module level
        self.scope_blocks: list[cst.With] = []  # module-level name/variable scopes, read as plain statements
        self.graph_blocks: list[cst.With] = []  # module-level ``with graph.as_default():`` blocks (graphs.py)
        self.statements: list[cst.CSTNode] = []  # module-level statements, scope and session blocks unwrapped
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
        #: tensors computed once that a run feeds (``sess.run(b, {a: 10})`` with ``a = tf.add(3, 4)``)
        self.fed_tensors: dict[str, cst.SimpleStatementLine] = {}
        self.iterators: dict[str, cst.Call] = {}  # name -> its one-shot iterator call (datasets.py)
        self.loops: dict[int, GraphLoop] = {}  # id of a module-level for loop that rebuilds a tensor -> it
        self.stateful = False
        self._index: dict[type, list] = {}
        self._assignment_cache: dict[str, list[tuple[cst.CSTNode, cst.BaseExpression | None]]] | None = None


    # -- queries ---------------------------------------------------------------
    def params_of_expression(self, value: cst.BaseExpression) -> list[str]:
        used: set[str] = set()
        for name in names_in(value):
            if name.value in self.placeholders or name.value in self.fed_tensors:
                used.add(name.value)
            elif name.value in self.deferred:
                used.update(self.deferred[name.value].params)
        # fed tensors last: they are parameters with a default (the tensor), after the placeholders
        return [p for p in [*self.placeholders, *self.fed_tensors] if p in used]

    def is_graph_name(self, name: str) -> bool:
        return name in self.placeholders or name in self.deferred or name in self.variables or \
            name in self.fed_tensors or name in self.iterators

    def draws(self, node: cst.CSTNode) -> bool:
        """A random op, or an iterator's ``get_next()``: each call gives new values, TF1 gave one per run."""
        return any(self.tf_name(c.func) in RANDOM_OPS or self.is_get_next(c) for c in walk(node, cst.Call))

    def is_get_next(self, call: cst.Call) -> bool:
        """``iterator.get_next()`` of one of the section's one-shot iterators."""
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value == "get_next" and not call.args and \
            isinstance(func.value, cst.Name) and func.value.value in self.iterators

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
        if self.draws(node):
            sources.add(f"<draw at {id(node)}>")
        return frozenset(sources)

    def draw_counts(self, node: cst.CSTNode, own: str | None = None, once: frozenset[str] = frozenset()) -> Counter[str]:
        """How often one evaluation of an expression draws each random tensor it reads.

        A recomputed tensor is a function, and each call draws anew; TF1
        drew each random op once per run however many tensors read it. So
        ``c = a - 2. * b`` over ``a = r * 2.`` and ``b = r + 1.`` draws ``r``
        twice. ``own``: a tensor built in steps reads its own name as a local;
        ``once``: names the function calls once and keeps in a local.
        """
        counts: Counter[str] = Counter()
        for name in names_in(node):
            if name.value in self.deferred and name.value != own and name.value not in once:
                counts.update(self.draws_per_call(name.value))
        return counts

    def draws_per_call(self, name: str) -> Counter[str]:
        """How often one call of a recomputed tensor's function draws each random tensor (itself included)."""
        deferred = self.deferred[name]
        counts: Counter[str] = Counter()
        once = frozenset(self.bound_locally(deferred))
        for value in deferred.values():
            if self.draws(value):
                counts[name] = 1
            counts.update(self.draw_counts(value, own=name, once=once))
        for read in once:
            counts.update(self.draws_per_call(read))
        return counts

    def bound_locally(self, deferred: Deferred) -> list[str]:
        """Tensors that draw and that ``deferred`` reads itself more than once (``batch[0] - batch[1]``).

        Its function calls each of them once, into a local, and reads the
        local: one draw per call, as TF1 drew one per run.
        """
        if deferred.loop is not None or deferred.gradients is not None:
            return []
        reads = Counter(n.value for value in deferred.values() for n in names_in(value)
                        if n.value in self.deferred and n.value != deferred.name)
        return [name for name, times in reads.items() if times > 1 and self.draws_per_call(name)]

    def is_printed_placeholder(self, node: cst.Name) -> bool:
        """``print(x)`` on a line of its own, ``x`` a placeholder: TF1 printed the symbolic tensor."""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) else None
        return node.value in self.placeholders and isinstance(arg, cst.Arg) and arg.keyword is None and \
            isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print" and \
            len(call.args) == 1 and isinstance(self.parent(call), cst.Expr) and not self.may_repeat(call)

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
            value = self._module_value(node, depth)
            return value is not None and (value is UNPACKED or self.is_tensor(value, depth + 1))
        if isinstance(node, cst.BinaryOperation):
            return self.is_tensor(node.left, depth + 1) or self.is_tensor(node.right, depth + 1)
        if isinstance(node, cst.UnaryOperation):
            return self.is_tensor(node.expression, depth + 1)
        if isinstance(node, cst.Subscript):
            return self.is_tensor(node.value, depth + 1)
        return False

    def _module_value(self, use: cst.Name, depth: int) -> cst.BaseExpression | None:
        """The value a name is bound to, when every binding of it is a plain assignment of a tensor.

        A use that runs once sees only the bindings above its line, so
        ``y = sess.run(y)`` (the fetched array bound to the tensor's name)
        does not hide that the fetched ``y`` is a tensor. A name unpacked
        from a call that returns several tensors has the value ``UNPACKED``.
        """
        bindings = self.assignments().get(use.value, [])
        if not self.may_repeat(use):
            bindings = [(node, value) for node, value in bindings if self.line(node) < self.line(use)]
        values = [UNPACKED if value is None and self.unpacked_call(node, use.value, depth) is not None else value
                  for node, value in bindings]
        if not values or any(v is None for v in values):
            return None
        tensors = [v for v in values if v is UNPACKED or (v is not None and self._is_tensor_shallow(v))]
        return tensors[-1] if len(tensors) == len(values) else None

    def unpacked_call(self, binding: cst.CSTNode, name: str, depth: int = 0) -> cst.Call | None:
        """The call ``name`` is unpacked from, when the element it gets is one tensor.

        ``mean, var = tf.nn.moments(x, [0])``: each element of a call that
        returns several tensors; for ``tf.while_loop``, an element whose loop
        variable (in a list or tuple written out) is a tensor.
        """
        statement = self.parent(binding)
        if not (isinstance(binding, cst.AssignTarget) and isinstance(binding.target, (cst.Tuple, cst.List)) and
                isinstance(statement, cst.Assign) and len(statement.targets) == 1 and
                isinstance(statement.value, cst.Call)):
            return None
        if any(isinstance(e, cst.StarredElement) or not isinstance(e.value, cst.Name) for e in binding.target.elements):
            return None  # starred or nested targets
        elements = [cst.ensure_type(e.value, cst.Name).value for e in binding.target.elements]
        positions = [i for i, e in enumerate(elements) if e == name]
        if len(positions) != 1:
            return None
        call, callee = statement.value, self.tf_name(statement.value.func)
        if callee in UNPACKS_TO_TENSORS:
            return call
        if callee != WHILE_LOOP:
            return None
        loop_vars = argument(call, "loop_vars", 2)
        if not isinstance(loop_vars, (cst.List, cst.Tuple)) or len(loop_vars.elements) != len(elements):
            return None
        start = loop_vars.elements[positions[0]]
        return call if isinstance(start, cst.Element) and self.is_tensor(start.value, depth + 1) else None

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
        """A statement of the section's own body: the module's, or the helper's (not nested in a block)."""
        parent = self.parent(statement)
        if self.function is not None:
            return parent is self.function.body
        return isinstance(parent, cst.Module)

    def may_repeat(self, node: cst.CSTNode) -> bool:
        """Inside a loop or a function body: it may run more than once."""
        parent = self.parent(node)
        while parent is not None and parent is not self.function:
            if isinstance(parent, (cst.For, cst.While, cst.FunctionDef)):
                return True
            parent = self.parent(parent)
        return False

    def home_scope(self) -> object | None:
        """The helper's function scope, for a helper's section."""
        if self.function is None:
            return None
        return self.rule.get_metadata(ScopeProvider, cst.ensure_type(self.function.body, cst.IndentedBlock).body[0], None)

    def line(self, node: cst.CSTNode) -> int:
        return self.rule.get_metadata(PositionProvider, node).start.line

    def all(self, kind: type) -> list:
        """Every node of one type in this section, from the module's index."""
        if kind not in self._index:
            first, last = self.span
            self._index[kind] = [n for n in self.rule.facts.all(kind) if first <= self.line(n) <= last and
                                 not any(start <= self.line(n) <= end for start, end in self.holes)]
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
        """A name of a function nested in the section (the helper's own names are the section's)."""
        if self.function is None and self.rule.facts.metadata.in_module_scope(node):
            return False  # the global scope: no scope analysis needed to say so
        scope = self.rule.get_metadata(ScopeProvider, node, None)
        if scope is None or scope is scope.globals or scope is self.home_scope():
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



UNPACKED = cst.Name("UNPACKED")  # the value of a name unpacked from a call that returns several tensors


def runs_graph(value: cst.BaseExpression) -> bool:
    """``sess.run(...)``, ``t.eval()``: a value computed from the graph, not part of it."""
    return any(
        isinstance(call.func, cst.Attribute) and call.func.attr.value in ("run", "eval")
        for call in walk(value, cst.Call)
    )



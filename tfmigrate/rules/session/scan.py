"""The scan of one graph section: its module-level statements, read once into a ``GraphAnalysis``.

The scan walks the statements in order and records what each defines
(sessions, initializers, placeholders, variables, optimizers, training
ops, tensors recomputed per run) and the structural problems it meets;
it decides nothing. What the checks and the plan ask of the result lives
in ``analysis.py``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import (
    Deferred,
    GraphAnalysis,
    GraphLoop,
    Gradients,
    SessionUse,
    TrainOp,
    Unsafe,
    runs_graph,
)
from tfmigrate.rules.session.datasets import is_dataset, one_shot_dataset
from tfmigrate.rules.session.graphs import is_graph_block
from tfmigrate.rules.session.sections import Section
from tfmigrate.rules.session.syntax import names_in, target_names, walk
from tfmigrate.rules.session.tables import (
    GET_VARIABLE,
    INIT_OPS,
    LABEL_SCOPES,
    LAYER_FUNCTIONS,
    MERGE_ALL,
    RANDOM_OPS,
    RETURNS_SEVERAL,
    SAVER,
    SESSION_TYPES,
    STATE_CHANGES,
    VARIABLE_METHODS_THAT_CHANGE,
    VARIABLE_TYPES,
)


def scan_section(rule: MigrationRule, module: cst.Module, section: Section) -> GraphAnalysis:
    """The analysis of one graph section of ``module``."""
    analysis = GraphAnalysis(rule, module, section.span, section.holes, section.function)
    analysis.problems.extend(section.blocked)
    GraphScan(analysis).read(section.statements)
    return analysis


class GraphScan:
    """Reads a section's statements into its analysis, in order."""

    def __init__(self, analysis: GraphAnalysis) -> None:
        self.a = analysis
        self.fed: set[str] = set()  # names fed by some run of the section

    def read(self, statements: list[cst.CSTNode]) -> None:
        self.a.statements = self._flatten(statements)
        calls = self.a.all(cst.Call)
        self.a.session_calls = [call for call in calls if self.a.tf_name(call.func) in SESSION_TYPES
                                and not self.a.rule.handled_elsewhere(call)]  # converted whole (TFM114)
        for call in self.a.session_calls:
            self._bind_session(call)
        if not self.a.session_calls:
            return
        self._collect_initializers()
        fed = self._fed_names(calls)
        self.a.stateful = any(self._is_stateful_call(c) for c in calls) or bool(fed)
        for statement in self.a.statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self._read_saver_or_variable(statement)
                if self.a.stateful:
                    self._read_graph_statement(statement)
            elif isinstance(statement, cst.For) and self.a.stateful:
                self._read_graph_loop(statement)

    def _flatten(self, statements: list[cst.CSTNode]) -> list[cst.CSTNode]:
        """Statements inside module-level label scopes, graph and session blocks count as module-level statements.

        These blocks are unwrapped when the section converts, so graph code
        written inside ``with tf.Session() as sess:`` (an accuracy built after
        training, say) ends up at module level like the rest of the graph.
        """
        flat: list[cst.CSTNode] = []
        for statement in statements:
            if isinstance(statement, cst.With) and is_graph_block(self.a, statement):
                self.a.graph_blocks.append(statement)
                flat += self._flatten(list(cst.ensure_type(statement.body, cst.IndentedBlock).body))
            elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock) and \
                    (self._is_label_scope(statement) or self._is_session_block(statement)):
                if self._is_label_scope(statement):
                    self.a.scope_blocks.append(statement)
                flat += self._flatten(list(statement.body.body))
            else:
                flat.append(statement)
        return flat

    def _is_session_block(self, block: cst.With) -> bool:
        call = block.items[0].item if len(block.items) == 1 else None
        return isinstance(call, cst.Call) and self.a.tf_name(call.func) in SESSION_TYPES

    def _is_label_scope(self, block: cst.With) -> bool:
        if len(block.items) != 1 or block.items[0].asname is not None:
            return False
        call = block.items[0].item
        return isinstance(call, cst.Call) and self.a.tf_name(call.func) in LABEL_SCOPES and \
            not any(arg.keyword is not None and arg.keyword.value == "reuse" for arg in call.args)

    def _read_saver_or_variable(self, statement: cst.SimpleStatementLine) -> None:
        """Savers, merged summaries, and (for savers) the variables of a static graph, which is otherwise not read."""
        small = statement.body[0]
        if len(statement.body) != 1 or not isinstance(small, cst.Assign) or len(small.targets) != 1 or \
                not isinstance(small.targets[0].target, cst.Name) or not isinstance(small.value, cst.Call):
            return
        name, callee = small.targets[0].target.value, self.a.tf_name(small.value.func)
        if callee == SAVER:
            self.a.savers[name] = small.value
        elif callee == MERGE_ALL and not small.value.args:
            self.a.merged[name] = statement
        elif callee in VARIABLE_TYPES and not self.a.stateful:
            self.a.variables[name] = small.value

    def _bind_session(self, call: cst.Call) -> None:
        parent = self.a.parent(call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            statement = self.a.statement_of(call)
            name = parent.targets[0].target.value
            if statement is None or len(statement.body) != 1:
                self.a.problems.append(Unsafe(call, "session created inside a compound statement", "create it on its own line"))
                return
            self.a.sessions.append(SessionUse(name, statement, call, in_with=False))
            self.a.session_names.add(name)
            return
        if isinstance(parent, cst.WithItem):
            with_node = self.a.parent(parent)
            if isinstance(with_node, cst.With) and len(with_node.items) == 1:
                name = None
                if parent.asname is not None:
                    if not isinstance(parent.asname.name, cst.Name):
                        self.a.problems.append(Unsafe(call, "session bound to a pattern", "bind it to a plain name"))
                        return
                    name = parent.asname.name.value
                    self.a.session_names.add(name)
                self.a.sessions.append(SessionUse(name, with_node, call, in_with=True))
                return
        self.a.problems.append(Unsafe(call, "session used in an expression",
                                    "create it with `sess = tf.Session()` or a `with` block"))

    def _collect_initializers(self) -> None:
        """``init = tf.global_variables_initializer()``: TF 2 variables start initialised."""
        for name, bindings in self.a.assignments().items():
            values = [value for _, value in bindings]
            if len(values) == 1 and isinstance(values[0], cst.Call) and self.a.tf_name(values[0].func) in INIT_OPS:
                statement = self.a.statement_of(values[0])
                if statement is not None and len(statement.body) == 1:
                    self.a.init_names[name] = statement

    def _is_stateful_call(self, call: cst.Call) -> bool:
        name = self.a.tf_name(call.func)
        if name == "tf.placeholder" or name in STATE_CHANGES or name in RANDOM_OPS or \
                one_shot_dataset(self.a, call) is not None:
            return True
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value in VARIABLE_METHODS_THAT_CHANGE

    def _read_graph_statement(self, statement: cst.SimpleStatementLine) -> None:
        """One module-level line of graph building: what it defines."""
        if len(statement.body) != 1:
            if any(self._is_stateful_call(call) for call in walk(statement, cst.Call)):
                self.a.problems.append(Unsafe(statement, "graph statements share a line", "put each on its own line"))
            return
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                isinstance(small.targets[0].target, (cst.Tuple, cst.List)):
            self._read_unpacked(statement, small.targets[0], small.value)
            return
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
            return
        name = small.targets[0].target.value
        value = small.value
        callee = self.a.tf_name(value.func) if isinstance(value, cst.Call) else None
        if callee in SESSION_TYPES or callee in INIT_OPS:
            return
        if callee == "tf.placeholder":
            self.a.placeholders[name] = cst.ensure_type(value, cst.Call)
        elif name in self.fed and self._computed_once(name, value):
            self.a.fed_tensors[name] = statement
        elif callee is not None and callee.startswith("tf.train.") and callee.endswith("Optimizer"):
            self.a.optimizers[name] = cst.ensure_type(value, cst.Call)
        elif _method_of(value, self.a.optimizers) == "minimize":
            self._read_minimize(name, cst.ensure_type(value, cst.Call), statement)
        elif _method_of(value, self.a.optimizers) == "compute_gradients":
            self._read_compute_gradients(name, cst.ensure_type(value, cst.Call), statement)
        elif _method_of(value, self.a.optimizers) == "apply_gradients":
            self._read_apply_gradients(name, cst.ensure_type(value, cst.Call), statement)
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "minimize":
            self._read_minimize(name, value, statement)
        elif one_shot_dataset(self.a, value) is not None:
            self.a.iterators[name] = cst.ensure_type(value, cst.Call)
        elif is_dataset(self.a, value):
            return  # a pipeline, not a tensor: the iterators that read it are checked (datasets.py)
        elif callee in VARIABLE_TYPES:
            self.a.variables[name] = cst.ensure_type(value, cst.Call)
        elif callee == GET_VARIABLE:
            self.a.variables[name] = self.a.made_variables[name] = cst.ensure_type(value, cst.Call)
        elif not runs_graph(value) and self._reads_state(value):
            reads = frozenset(n.value for n in names_in(value) if self.a.is_graph_name(n.value))
            several = isinstance(value, (cst.List, cst.Tuple, cst.ListComp)) or any(
                self.a.deferred[n].several for n in reads if n in self.a.deferred and isinstance(value, cst.Name))
            prior = self.a.deferred.get(name)
            prelude: tuple[cst.SimpleStatementLine, ...] = ()
            if prior is not None and self._extends(prior, statement, value):
                prelude, reads = (*prior.prelude, prior.statement), (reads | prior.reads) - {name}
            self.a.deferred[name] = Deferred(name, self.a.params_of_expression(value), statement, value, reads,
                                           self._random_sources(name, value), several=several, prelude=prelude)
            layer_calls = [c for c in walk(value, cst.Call) if self.a.tf_name(c.func) in LAYER_FUNCTIONS]
            if layer_calls:
                self.a.layers[name] = layer_calls[0]
                if len(layer_calls) > 1:
                    self.a.problems.append(Unsafe(layer_calls[1], "two layers built in one statement",
                                                "build each layer on its own line"))

    def _read_unpacked(self, statement: cst.SimpleStatementLine, target: cst.AssignTarget,
                       value: cst.BaseExpression) -> None:
        """``mean, var = tf.nn.moments(x, [0])`` over graph values: each name a tensor recomputed per run.

        Only when every name gets one tensor and the call draws nothing (each
        function would draw on its own where TF1 drew once for all of them);
        ``_`` names nothing. Anything else is left to the checks, which refuse it.
        """
        a = self.a
        names = [n.value for n in target_names(target.target)]
        if runs_graph(value) or not self._reads_state(value) or a.draws(value) or \
                self._random_sources("", value) or any(a.unpacked_call(target, n) is None for n in names):
            return
        reads = frozenset(n.value for n in names_in(value) if a.is_graph_name(n.value))
        for position, name in enumerate(names):
            if name != "_":
                a.deferred[name] = Deferred(name, a.params_of_expression(value), statement, value, reads,
                                            unpacked=position)

    def _fed_names(self, calls: list[cst.Call]) -> set[str]:
        """Names that are keys of a run's ``feed_dict`` literal (``sess.run``, ``t.eval``, ``op.run``)."""
        for call in calls:
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value in ("run", "eval")):
                continue
            position = 1 if call.func.attr.value == "eval" else 2
            positional = [arg.value for arg in call.args if arg.keyword is None]
            feeds = [arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == "feed_dict"]
            if len(positional) >= position:
                feeds.append(positional[position - 1])
            for feed in feeds:
                if isinstance(feed, cst.Dict):
                    self.fed |= {e.key.value for e in feed.elements
                                 if isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name)}
        return {name for name in self.fed if name not in self.a.placeholders}

    def _computed_once(self, name: str, value: cst.BaseExpression) -> bool:
        """A fed tensor that is a parameter with a default: bound once, by TF ops on no graph name, no draw."""
        a = self.a
        return isinstance(value, cst.Call) and (a.tf_name(value.func) or "").startswith("tf.") and \
            a.tf_name(value.func) not in VARIABLE_TYPES | RETURNS_SEVERAL and \
            not (a.tf_name(value.func) or "").startswith("tf.train.") and len(a.assignments().get(name, [])) == 1 and \
            not any(a.is_graph_name(n.value) for n in names_in(value)) and \
            not any(a.tf_name(c.func) in RANDOM_OPS for c in walk(value, cst.Call))

    def _read_graph_loop(self, loop: cst.For) -> None:
        """``for i in ...: W = tf.Variable(...); y = f(x, i, W, y)``: variables made per pass, one tensor rebuilt.

        Any other loop is left to the checks, which report the graph uses in it.
        """
        a = self.a
        lines = _assignments_of(loop)
        if lines is None:
            return
        targets = [n.value for n in target_names(loop.target)]
        made: dict[str, cst.Call] = {}
        rebuilt: list[tuple[cst.SimpleStatementLine, str, cst.BaseExpression]] = []
        for line, name, value in lines:
            reads = {n.value for n in names_in(value)}
            if isinstance(value, cst.Call) and self.a.tf_name(value.func) in VARIABLE_TYPES and \
                    not any(a.is_graph_name(n) or n in made for n in reads):
                made[name] = value
            elif any(a.is_graph_name(n) or n in made for n in reads):
                rebuilt.append((line, name, value))
            else:
                return  # Python work in the loop: not a graph loop
        if not rebuilt:
            return
        if len(rebuilt) > 1:
            for line, name, _ in rebuilt[1:]:
                a.problems.append(Unsafe(line, f"{name!r} is a second tensor rebuilt in the same module-level for loop",
                                         "rebuild one tensor per loop"))
            return
        line, name, value = rebuilt[0]
        reads = {n.value for n in names_in(value)}
        blockers = self._loop_blockers(loop, name, value, [*targets, *made])
        if blockers:
            a.problems.extend(blockers)
            return
        for variable, call in made.items():
            a.variables[variable] = call
        carried_from = name if name in reads else None
        a.variables.pop(name, None)  # from here on the name is the rebuilt tensor; the variable is its start
        carried = [n for n in [*targets, *made] if n in reads]
        graph_reads = frozenset(n for n in reads if n != name and a.is_graph_name(n))
        a.deferred[name] = Deferred(name, a.params_of_expression(value), line, value, graph_reads,
                                    loop=GraphLoop(loop, carried, carried_from))
        a.loops[id(loop)] = a.deferred[name].loop  # type: ignore[assignment]

    def _loop_blockers(self, loop: cst.For, name: str, value: cst.BaseExpression, bound: list[str]) -> list[Unsafe]:
        """Why the rebuilt tensor cannot be replayed pass by pass from what each pass made."""
        a = self.a
        found: list[Unsafe] = []
        reads = {n.value for n in names_in(value)}
        if name in reads and name not in a.variables:
            found.append(Unsafe(value, f"{name!r} is rebuilt in a module-level for loop from a value that is not "
                                "a variable", f"start {name} from a tf.Variable, or unroll the loop"))
        for call in walk(value, cst.Call):
            callee = a.tf_name(call.func)
            if callee in RANDOM_OPS or callee in LAYER_FUNCTIONS:
                what = "draws random values" if callee in RANDOM_OPS else "builds a layer"
                found.append(Unsafe(call, f"{callee} {what} in the tensor {name!r} rebuilt by a module-level for "
                                    "loop", "make the draw or the layer a variable of its own, or unroll the loop"))
        for other in bound:
            if len(a.assignments().get(other, [])) != 1:
                found.append(Unsafe(loop, f"{other!r}, bound by a module-level for loop that builds the graph, is "
                                    "bound elsewhere too", f"give {other} a name of its own"))
        return found

    def _extends(self, prior: Deferred, statement: cst.SimpleStatementLine, value: cst.BaseExpression) -> bool:
        """``L = g(L)`` right after ``L = f(x)``: one tensor built in steps, recomputed as one function.

        Only when nothing between the two lines reads the earlier ``L``, so no
        other tensor or run can tell the two apart, and neither line builds a
        layer (a layer is created once, outside the function).
        """
        name = prior.name
        if prior.gradients is not None or prior.several or prior.unpacked is not None or name in self.a.layers or \
                name not in {n.value for n in names_in(value)} or \
                any(self.a.tf_name(c.func) in LAYER_FUNCTIONS for c in walk(value, cst.Call)):
            return False
        order = [id(s) for s in self.a.statements]
        if id(prior.statement) not in order or id(statement) not in order:
            return False
        between = self.a.statements[order.index(id(prior.statement)) + 1:order.index(id(statement))]
        return not any(n.value == name for s in between for n in names_in(s))

    def _read_minimize(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        receiver = cst.ensure_type(call.func, cst.Attribute).value
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        unknown = set(keywords) - {"loss", "var_list", "name"}
        if unknown:
            self.a.problems.append(Unsafe(call, f"minimize({', '.join(sorted(unknown))}=...) has no eager form here",
                                        "write the training step by hand"))
            return
        loss = positional[0].value if positional else keywords.get("loss")
        if not isinstance(loss, cst.Name) or loss.value not in self.a.deferred:
            self.a.problems.append(Unsafe(call, "minimize() of something other than a named recomputed loss",
                                        "name the loss tensor"))
            return
        var_list = positional[1].value if len(positional) > 1 else keywords.get("var_list")
        if isinstance(receiver, cst.Call) and (self.a.tf_name(receiver.func) or "").startswith("tf.train."):
            op = TrainOp(name, loss.value, receiver, optimizer_name_for(name), True, var_list, statement, call)
        elif isinstance(receiver, cst.Name) and receiver.value in self.a.optimizers:
            op = TrainOp(name, loss.value, self.a.optimizers[receiver.value], receiver.value, False, var_list, statement, call)
        else:
            self.a.problems.append(Unsafe(call, "minimize() on something that is not a tf.train optimizer",
                                        "write the step with tf.GradientTape and a Keras optimizer"))
            return
        self.a.train_ops[name] = op

    def _read_compute_gradients(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        optimizer = cst.ensure_type(cst.ensure_type(call.func, cst.Attribute).value, cst.Name).value
        positional = [a for a in call.args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        loss = positional[0].value if positional else keywords.get("loss")
        if set(keywords) - {"loss", "var_list"} or len(positional) > 2 or not (
                isinstance(loss, cst.Name) and loss.value in self.a.deferred):
            self.a.problems.append(Unsafe(call, "compute_gradients() with arguments other than a named loss and var_list",
                                        "write the step with tf.GradientTape"))
            return
        var_list = positional[1].value if len(positional) > 1 else keywords.get("var_list")
        loss_def = self.a.deferred[loss.value]
        self.a.deferred[name] = Deferred(name, loss_def.params, statement, call, frozenset({loss.value}),
                                       loss_def.random_sources, Gradients(loss.value, optimizer, var_list), several=True)

    def _read_apply_gradients(self, name: str, call: cst.Call, statement: cst.SimpleStatementLine) -> None:
        optimizer = cst.ensure_type(cst.ensure_type(call.func, cst.Attribute).value, cst.Name).value
        positional = [a for a in call.args if a.keyword is None]
        pairs = positional[0].value if positional else None
        if len(call.args) != 1 or not (isinstance(pairs, cst.Name) and pairs.value in self.a.deferred):
            self.a.problems.append(Unsafe(call, "apply_gradients() of something other than named recomputed pairs",
                                        "write the step with tf.GradientTape"))
            return
        sources = [n for n in [pairs.value, *self.a.depends_on(pairs.value)] if n in self.a.deferred and self.a.deferred[n].gradients]
        if len(sources) != 1:
            self.a.problems.append(Unsafe(call, "apply_gradients() of pairs not computed by one compute_gradients()",
                                        "write the step with tf.GradientTape"))
            return
        gradients = self.a.deferred[sources[0]].gradients
        assert gradients is not None
        self.a.train_ops[name] = TrainOp(name, gradients.loss, self.a.optimizers[optimizer], optimizer, False, None,
                                       statement, call, applied=pairs.value)

    def _reads_state(self, value: cst.BaseExpression) -> bool:
        if any(self.a.is_graph_name(n.value) for n in names_in(value)):
            return True
        draws = any(self.a.tf_name(c.func) in RANDOM_OPS for c in walk(value, cst.Call))
        return draws and not (isinstance(value, cst.Call) and self.a.tf_name(value.func) in VARIABLE_TYPES)

    def _random_sources(self, name: str, value: cst.BaseExpression) -> frozenset[str]:
        """The recomputed random draws a tensor depends on (itself, if it draws)."""
        sources: set[str] = set()
        if self.a.draws(value):
            sources.add(name)
        for used in names_in(value):
            if used.value in self.a.deferred:
                sources |= self.a.deferred[used.value].random_sources
        return frozenset(sources)


def _method_of(value: cst.BaseExpression, receivers: dict[str, cst.Call]) -> str | None:
    """``m`` of ``name.m(...)`` when ``name`` is one of ``receivers``."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(value.func.value, cst.Name):
        return value.func.attr.value if value.func.value.value in receivers else None
    return None


def optimizer_name_for(train_op: str) -> str:
    """The name of the Keras optimizer an inline ``tf.train.X(...).minimize()`` becomes.

    ``train`` gives ``train_optimizer``; a train op already called ``optimizer``
    gives ``keras_optimizer``, not ``optimizer_optimizer``.
    """
    if train_op.lower().endswith(("optimizer", "opt")):
        return f"keras_{train_op}"
    return f"{train_op}_optimizer"


def _assignments_of(loop: cst.For) -> list[tuple[cst.SimpleStatementLine, str, cst.BaseExpression]] | None:
    """The ``name = value`` lines that make up a plain for loop's body, or None for any other loop."""
    if loop.orelse is not None or loop.asynchronous is not None or not isinstance(loop.body, cst.IndentedBlock):
        return None
    found = []
    for line in loop.body.body:
        small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
            return None
        found.append((cst.ensure_type(line, cst.SimpleStatementLine), small.targets[0].target.value, small.value))
    return found

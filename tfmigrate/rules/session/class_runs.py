"""Graph classes, module side: the instances, the sessions that run them, and each run as a method call.

The feature claims a module when a class of ``classes.py`` is instantiated at
module level. Then the module's graph must be the classes' alone: outside
them, module code makes instances, sessions, one initializer run, and runs
whose fetches are attributes of instances (``net.loss``, a list of them) and
whose feeds are a dict literal keyed by instance placeholders. Every other use
of a session, an instance's graph attribute or a TF call that builds in the
default graph is reported, and the module stays as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import Refused, Unsafe, unique_refusals
from tfmigrate.rules.session.class_model import ClassOptimizer, ClassStep, GraphClass
from tfmigrate.rules.session.classes import graph_classes
from tfmigrate.rules.session.decisions import Note, Plan
from tfmigrate.rules.session.syntax import is_pure, names_in, target_names, walk
from tfmigrate.rules.session.runs import FeedDictLine
from tfmigrate.rules.session.tables import MUTATING_METHODS, SESSION_TYPES
from tfmigrate.rules.session.training import DENSE_NOTE, plan_optimizer_call, sparse_update
from tfmigrate.rules.session.variables import plan_get_variable

_INITIALIZERS = frozenset({"tf.global_variables_initializer", "tf.initialize_all_variables"})
# TF calls module code may keep around the classes: they build nothing in the graph.
_HARMLESS_PREFIXES = ("tf.set_random_seed", "tf.random.set_seed", "tf.logging.", "tf.app.", "tf.flags.",
                      "tf.gfile.", "tf.io.gfile.")


@dataclasses.dataclass
class ClassFetch:
    """``instance.attribute`` fetched: a tensor's or step's method call, or a variable's value."""

    instance: str
    attribute: str
    kind: str  # "tensor", "step" or "variable"
    params: list[str]


@dataclasses.dataclass
class ClassRun:
    """``sess.run(fetches, feeds)`` with no training step, as method calls (``.numpy()`` each)."""

    fetches: list[ClassFetch]
    container: type | None  # cst.List / cst.Tuple when the fetch was one, else None


@dataclasses.dataclass
class ClassStepRun:
    """``[_, loss =] sess.run([net.train, net.loss], feeds)`` as ``[loss =] net.train(...)[.numpy()]``."""

    step: ClassFetch
    target: cst.BaseAssignTargetExpression | None  # where the loss went; None: the value is unused


@dataclasses.dataclass
class GraphClassDef:
    """A class to rewrite as a ``tf.Module`` (``class_emit.py``)."""

    graph: GraphClass


def plan_graph_classes(rule: MigrationRule, module: cst.Module) -> Plan | None:
    """The plan of a module whose graph is built by instantiated graph classes; None when it has none."""
    classes = graph_classes(rule, module)
    if not classes:
        return None
    planner = _ClassModulePlanner(rule, module, classes)
    if not planner.instances:
        return None
    return planner.make()


class _ClassModulePlanner:
    def __init__(self, rule: MigrationRule, module: cst.Module, classes: dict[str, GraphClass]) -> None:
        self.rule = rule
        self.module = module
        self.classes = classes
        self.plan = Plan()
        self.refused: list[Unsafe] = [p for g in classes.values() for p in g.problems]
        self.sessions: dict[str, cst.Call] = {}
        self.session_calls: list[cst.Call] = []
        self.instances: dict[str, GraphClass] = {}
        self.consumed: set[int] = set()  # ids of instance attribute reads a run took
        self.init_runs: list[cst.Call] = []
        self.feed_dicts: dict[str, dict[str, set[str]]] = {}  # feeds bound to a name -> what they feed
        self.feed_reads: set[int] = set()  # ids of those names read as a run's feeds
        for statement in self._top_level():
            self._find_instance(statement)

    # -- where module code is --------------------------------------------------
    def _code(self) -> Iterator[cst.BaseStatement]:
        """Module statements outside the graph classes."""
        graph_nodes = {id(g.node) for g in self.classes.values()}
        return (s for s in self.module.body if id(s) not in graph_nodes)

    def _top_level(self) -> Iterator[cst.BaseStatement]:
        """Module-level statements, the bodies of ``with tf.Session()`` blocks read as module level."""
        for statement in self._code():
            if isinstance(statement, cst.With) and self._session_block(statement):
                yield from cst.ensure_type(statement.body, cst.IndentedBlock).body
            else:
                yield statement

    def _session_block(self, block: cst.With) -> bool:
        item = block.items[0].item if len(block.items) == 1 else None
        return isinstance(item, cst.Call) and self.rule.tf_name(item.func) in SESSION_TYPES

    def _all(self, kind: type) -> Iterator:
        for statement in self._code():
            yield from walk(statement, kind)

    def _find_instance(self, statement: cst.BaseStatement) -> None:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return
        small = statement.body[0]
        if (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Name)
                and small.value.func.value in self.classes):
            self.instances[small.targets[0].target.value] = self.classes[small.value.func.value]

    # -- planning -------------------------------------------------------------
    def make(self) -> Plan:
        steps = [self._plan_classes, self._plan_bindings, self._plan_sessions, self._plan_tf_calls,
                 self._plan_instance_reads, self._plan_feed_names]
        for step in steps:
            try:
                step()
            except Refused as error:
                self.refused.append(error.unsafe)
        if self.refused:
            plan = Plan(refused=unique_refusals(self.refused))
            plan.handled.update(id(call.func) for call in self.session_calls)
            return plan
        return self.plan

    def _plan_classes(self) -> None:
        instantiated = {id(g.node) for g in self.instances.values()}
        for graph in self.classes.values():
            if id(graph.node) not in instantiated:
                continue
            for optimizer in graph.all_optimizers():
                self._each(self._plan_optimizer, optimizer)
            for step in graph.steps.values():
                self._each(self._plan_sparse_step, graph, step)
            for name, call in graph.made.items():
                self._each(self._plan_get_variable, graph, name, call)
            for layer in graph.layers.values():
                self.plan.handled.add(id(layer.call.func))
                self.plan.notes.append(Note(layer.call, f"replaced {self.rule.tf_name(layer.call.func)} with a Keras "
                                            "Dense layer made and built in __init__, where TF1 made its variables",
                                            fixed=True))
            self.plan.handled.update(id(call.func) for call in graph.placeholders.values())
            self.plan.classes[id(graph.node)] = GraphClassDef(graph)
            methods = _listed([*(t for t, v in graph.tensors.items() if v.attribute), *graph.steps])
            self.plan.notes.append(Note(graph.node, f"rewrote class {graph.node.name.value} as a tf.Module ({methods}: "
                                        "methods of the placeholders they read; variables: created once in "
                                        "__init__)", fixed=True))

    def _plan_optimizer(self, optimizer: ClassOptimizer) -> None:
        optimizer.planned = decided = plan_optimizer_call(self.rule, optimizer.call, set())
        self.plan.handled.add(id(optimizer.call.func))
        self.plan.notes.append(Note(optimizer.call, f"replaced {decided.tf1_name} with {decided.replacement()}",
                                    fixed=True))
        if decided.drift:
            self.plan.notes.append(Note(optimizer.call, f"{decided.tf1_name} became {decided.keras}: {decided.drift}",
                                        "compare the trained values within a tolerance"))

    def _plan_get_variable(self, graph: GraphClass, name: str, call: cst.Call) -> None:
        graph.made_as[name] = plan_get_variable(call)
        self.plan.handled.add(id(call.func))
        self.plan.notes.append(Note(call, "tf.get_variable became tf.Variable with the same initializer", fixed=True))

    def _plan_sparse_step(self, graph: GraphClass, step: ClassStep) -> None:
        planned = step.optimizer.planned
        if planned is not None and planned.update is None:  # type: ignore[attr-defined]
            step.dense = sparse_update(step.optimizer.call, planned.tf1_name,  # type: ignore[attr-defined]
                                       graph.reads_rows(self.rule.tf_name, step.loss))
            if step.dense:
                self.plan.notes.append(Note(step.statement, DENSE_NOTE, fixed=True))

    def _plan_bindings(self) -> None:
        """An instance or session name bound once: every read is that object."""
        bound: dict[str, int] = {}
        for target in self._all((cst.AssignTarget, cst.AsName, cst.For, cst.AugAssign)):
            node = target.name if isinstance(target, cst.AsName) else target.target
            for name in target_names(node):
                bound[name.value] = bound.get(name.value, 0) + 1
        for call in self._all(cst.Call):  # list.append(...), array.fill(...): the value changes in place
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and \
                    func.attr.value in MUTATING_METHODS:
                bound[func.value.value] = bound.get(func.value.value, 0) + 2
        for target in self._all(cst.AssignTarget):
            if isinstance(target.target, cst.Subscript) and isinstance(target.target.value, cst.Name):
                bound[target.target.value.value] = bound.get(target.target.value.value, 0) + 2
        for name in [*self.instances, *self.sessions]:
            if bound.get(name, 0) > 1:
                raise Refused(self.module, f"{name} is bound more than once at module level",
                              "give each instance and session its own name")
        for graph in self.instances.values():
            own = graph.graph_names() | graph.python_locals
            for tensor in graph.tensors.values():
                for read in names_in(cst.ensure_type(tensor.statement.body[0], cst.Assign).value):
                    if bound.get(read.value, 0) > 1 and read.value not in own:
                        raise Refused(tensor.statement, f"{read.value} is bound more than once at module level: "
                                      "a method would read its value at the call, TF1 when the graph was built",
                                      "bind it once, or pass it to __init__")

    def _plan_sessions(self) -> None:
        for call in self._all(cst.Call):
            if self.rule.tf_name(call.func) not in SESSION_TYPES:
                continue
            self.session_calls.append(call)
            self.plan.handled.add(id(call.func))
            holder = self._session_holder(call)
            if call.args:
                raise Refused(call, "a session with arguments (a graph, a target or a config)",
                              "convert the session by hand")
            if holder is None:
                raise Refused(call, "a session not bound by `sess = tf.Session()` or `with tf.Session() as sess:` "
                              "at module level", "bind the session once at module level")
            name, statement = holder
            self.sessions[name] = call
            if isinstance(statement, cst.With):
                self.plan.unwrap.add(id(statement))
            else:
                self.plan.remove.add(id(statement))
            self.plan.notes.append(Note(statement, f"ran the code of session {name} eagerly", fixed=True))
        for name in self.sessions:
            for read in self._reads(name):
                self._each(self._plan_session_use, name, read)
        if len(self.init_runs) > 1:
            raise Refused(self.init_runs[1], "the variables are initialized a second time: TF1 reset them here",
                          "initialize once, before the first run")

    def _session_holder(self, call: cst.Call) -> tuple[str, cst.CSTNode] | None:
        parent = self.rule.parent(call)
        if isinstance(parent, cst.WithItem) and isinstance(parent.asname, cst.AsName):
            block = self.rule.parent(parent)
            if isinstance(block, cst.With) and block in self.module.body and isinstance(parent.asname.name, cst.Name):
                return parent.asname.name.value, block
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            statement = self.rule.parent(parent)
            if statement in self.module.body:
                return parent.targets[0].target.value, statement
        return None

    def _reads(self, name: str) -> Iterator[cst.Name]:
        for node in self._all(cst.Name):
            if node.value != name:
                continue
            parent = self.rule.parent(node)
            if isinstance(parent, (cst.AssignTarget, cst.AsName)) or (
                    isinstance(parent, cst.Attribute) and parent.attr is node) or (
                    isinstance(parent, cst.Arg) and parent.keyword is node):
                continue
            yield node

    def _plan_session_use(self, name: str, read: cst.Name) -> None:
        attribute = self.rule.parent(read)
        call = self.rule.parent(attribute) if isinstance(attribute, cst.Attribute) else None
        if not (isinstance(call, cst.Call) and call.func is attribute):
            raise Refused(read, f"session {name} used other than by {name}.run() and {name}.close()",
                          "convert the session by hand")
        method = cst.ensure_type(attribute, cst.Attribute).attr.value
        statement_line = self._own_line(call)
        if method == "close" and statement_line is not None:
            self.plan.remove.add(id(statement_line))
        elif method == "run" and call.args and self._is_initializer(call.args[0].value):
            if statement_line is None or self._in_loop(call):
                raise Refused(call, "an initializer run inside an expression or a loop", "initialize once")
            self.init_runs.append(call)
            self.plan.remove.add(id(statement_line))
        elif method == "run":
            self._plan_run(call)
        else:
            raise Refused(call, f"{name}.{method}() has no eager form here", "convert it by hand")

    def _own_line(self, call: cst.Call) -> cst.SimpleStatementLine | None:
        """The line of a call that is the whole statement (``sess.close()``)."""
        expr = self.rule.parent(call)
        line = self.rule.parent(expr) if isinstance(expr, cst.Expr) else None
        return line if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None

    def _in_loop(self, node: cst.CSTNode) -> bool:
        parent = self.rule.parent(node)
        while parent is not None and not isinstance(parent, cst.Module):
            if isinstance(parent, (cst.For, cst.While, cst.FunctionDef)):
                return True
            parent = self.rule.parent(parent)
        return False

    def _is_initializer(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Call) and self.rule.tf_name(value.func) in _INITIALIZERS:
            self.plan.handled.add(id(value.func))
            return True
        if isinstance(value, cst.Name):
            for line in self._top_level():
                small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
                if (isinstance(small, cst.Assign) and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value == value.value
                        and isinstance(small.value, cst.Call) and self.rule.tf_name(small.value.func) in _INITIALIZERS):
                    self.plan.remove.add(id(line))
                    self.plan.handled.add(id(small.value.func))
                    return True
        return False

    # -- runs --------------------------------------------------------------------
    def _plan_run(self, call: cst.Call) -> None:
        for arg in call.args:  # read by this run, planned or refused here
            self.consumed.update(id(a) for a in walk(arg, cst.Attribute) if self._instance_attribute(a))
        fetch_arg, feeds = _run_arguments(call)
        items, container = self._fetches(call, fetch_arg)
        fed = self._feeds(call, feeds)
        for item in items:
            missing = [p for p in item.params if p not in fed.get(item.instance, set())]
            if missing:
                raise Refused(call, f"{item.instance}.{item.attribute} reads placeholder {missing[0]}, which this run "
                              "does not feed: TF1 raised here", "feed every placeholder the fetch reads")
        self._refuse_feeds_computed_again(call, feeds, items)
        steps = [i for i in items if i.kind == "step"]
        if steps:
            self._plan_step_run(call, items, steps[0])
            return
        self._refuse_shared_draws(call, items)
        self.plan.calls[id(call)] = ClassRun(items, container)
        self.plan.handled.add(id(call.func))

    def _fetches(self, call: cst.Call, fetch: cst.BaseExpression) -> tuple[list[ClassFetch], type | None]:
        container = type(fetch) if isinstance(fetch, (cst.List, cst.Tuple)) else None
        values = [e.value for e in fetch.elements] if container else [fetch]  # type: ignore[attr-defined]
        items = [self._fetch(call, value) for value in values]
        if not items:
            raise Refused(call, "a run that fetches nothing", "remove it")
        return items, container

    def _fetch(self, call: cst.Call, value: cst.BaseExpression) -> ClassFetch:
        found = self._instance_attribute(value)
        if found is None:
            raise Refused(call, "a fetch that is not an attribute of a graph class instance (net.loss)",
                          "fetch the instance's tensors, or convert the run by hand")
        instance, attribute = found
        graph = self.instances[instance]
        kind = graph.kind(attribute)
        if kind not in ("tensor", "step", "variable"):
            raise Refused(call, f"{instance}.{attribute} is no tensor, training op or variable of "
                          f"{graph.node.name.value}", "fetch a tensor attribute")
        self.consumed.add(id(value))
        return ClassFetch(instance, attribute, kind, [] if kind == "variable" else graph.params(attribute))

    def _instance_attribute(self, value: cst.BaseExpression) -> tuple[str, str] | None:
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.value.value in self.instances:
            return value.value.value, value.attr.value
        return None

    def _feeds(self, call: cst.Call, feeds: cst.BaseExpression | None) -> dict[str, set[str]]:
        fed: dict[str, set[str]] = {}
        if feeds is None:
            return fed
        if isinstance(feeds, cst.Name):
            return self._named_feeds(call, feeds)
        if not isinstance(feeds, cst.Dict):
            raise Refused(call, "feeds not written as a dict literal next to the run", "write the feeds in the run")
        for element in feeds.elements:
            key = element.key if isinstance(element, cst.DictElement) else None
            found = self._instance_attribute(key) if key is not None else None
            if found is None or self.instances[found[0]].kind(found[1]) != "placeholder":
                raise Refused(call, "a feed whose key is not a placeholder attribute of an instance",
                              "feed the instance's placeholders")
            if found[1] in fed.get(found[0], set()):
                raise Refused(call, f"{found[0]}.{found[1]} fed twice", "feed it once")
            fed.setdefault(found[0], set()).add(found[1])
            self.consumed.add(id(key))
        return fed

    def _refuse_feeds_computed_again(self, call: cst.Call, feeds: cst.BaseExpression | None,
                                     items: list[ClassFetch]) -> None:
        """TF1 computed each fed value once per run: a value passed to several methods, or to none, must be pure."""
        if not isinstance(feeds, cst.Dict):
            return  # no feeds, or a dict bound to a name: built once, read by subscripts
        for element in feeds.elements:
            found = self._instance_attribute(element.key) if isinstance(element, cst.DictElement) else None
            if found is None:
                continue
            uses = sum(1 for i in items if i.instance == found[0] and found[1] in i.params)
            if uses != 1 and not is_pure(cst.ensure_type(element, cst.DictElement).value):
                raise Refused(element.value, f"the value fed to {found[0]}.{found[1]} would be computed {uses} times "
                              "where TF1 computed it once", "compute it into a name before the run")

    def _named_feeds(self, call: cst.Call, name: cst.Name) -> dict[str, set[str]]:
        """``feed = {net.x: ...}`` bound once, read only as runs' feeds: its keys become the placeholders' names."""
        if name.value not in self.feed_dicts:
            bindings = [t for t in self._all(cst.AssignTarget) if isinstance(t.target, cst.Name)
                        and t.target.value == name.value]
            assign = self.rule.parent(bindings[0]) if len(bindings) == 1 else None
            if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.value, cst.Dict)):
                raise Refused(call, f"the feeds {name.value} are not one dict literal bound once",
                              "write the feeds in the run, or bind them once as a dict literal")
            line = self.rule.parent(assign)
            fed = self._feeds(call, assign.value)
            if len(fed) != 1:
                raise Refused(call, f"the feeds {name.value} feed placeholders of several instances",
                              "feed one instance per dict")
            self.feed_dicts[name.value] = fed
            self.plan.statements[id(line)] = FeedDictLine()
        self.feed_reads.add(id(name))
        return self.feed_dicts[name.value]

    def _plan_feed_names(self) -> None:
        """A dict of feeds keyed by placeholder names is read by runs alone."""
        for name in self.feed_dicts:
            for read in self._reads(name):
                if id(read) not in self.feed_reads:
                    self._each(self._refuse_feed_read, name, read)

    def _refuse_feed_read(self, name: str, read: cst.Name) -> None:
        raise Refused(read, f"the feeds {name} are read other than by session runs: their keys, placeholders, "
                      "become the placeholders' names", "read the feeds in runs only")

    def _plan_step_run(self, call: cst.Call, items: list[ClassFetch], step: ClassFetch) -> None:
        loss = self.instances[step.instance].steps[step.attribute].loss
        others = [i for i in items if i is not step]
        if any(i.instance != step.instance or i.attribute != loss for i in others) or len(others) > 1:
            raise Refused(call, f"a run fetching {step.instance}.{step.attribute} with values other than its loss: TF1 "
                          "read them before or after the update", "fetch the training op alone or with its loss")
        line, target = self._step_target(call, items, step)
        self.plan.statements[id(line)] = ClassStepRun(step, target if others else None)
        self.plan.handled.add(id(call.func))

    def _step_target(self, call: cst.Call, items: list[ClassFetch],
                     step: ClassFetch) -> tuple[cst.SimpleStatementLine, cst.BaseAssignTargetExpression | None]:
        parent = self.rule.parent(call)
        line = self.rule.parent(parent)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            raise Refused(call, "a training run inside an expression", "run the training op on its own line")
        if isinstance(parent, cst.Expr):
            return line, None
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1):
            raise Refused(call, "a training run whose value is used in an expression", "assign its values to names")
        target = parent.targets[0].target
        elements = target.elements if isinstance(target, (cst.Tuple, cst.List)) else None
        if elements is None or len(elements) != len(items):
            raise Refused(call, "the training op's value (None in TF1) is assigned to a name",
                          "unpack the run's values, with _ for the training op")
        at = items.index(step)
        if not (isinstance(elements[at].value, cst.Name) and elements[at].value.value == "_"):
            raise Refused(call, "the training op's value (None in TF1) is assigned to a name",
                          "unpack it into _")
        rest = [e.value for i, e in enumerate(elements) if i != at]
        return line, (rest[0] if rest else None)

    def _refuse_shared_draws(self, call: cst.Call, items: list[ClassFetch]) -> None:
        by_instance: dict[str, int] = {}
        for item in items:
            if item.kind == "tensor" and self.instances[item.instance].draws(item.attribute):
                by_instance[item.instance] = by_instance.get(item.instance, 0) + 1
        tensors = [i for i in items if i.kind == "tensor"]
        for instance in by_instance:
            if sum(1 for i in tensors if i.instance == instance) > 1:
                raise Refused(call, f"a run fetching several tensors of {instance} that draw random numbers: TF1 drew "
                              "once for the run, one method call per tensor draws once each",
                              "fetch them in separate runs, or convert the run by hand")

    # -- everything else ---------------------------------------------------------
    def _each(self, check: Callable[..., None], *args: object) -> None:
        """One use checked on its own: its refusal is recorded and the other uses are still planned."""
        try:
            check(*args)
        except Refused as error:
            self.refused.append(error.unsafe)

    def _plan_tf_calls(self) -> None:
        for call in self._all(cst.Call):
            self._each(self._plan_tf_call, call)

    def _plan_tf_call(self, call: cst.Call) -> None:
        name = self.rule.tf_name(call.func)
        if name is not None and name.startswith("tf.") and name not in SESSION_TYPES | _INITIALIZERS:
            if not name.startswith(_HARMLESS_PREFIXES):
                raise Refused(call, f"{name} outside the graph classes builds in the default graph, which the "
                              "classes no longer use", "build it in the class, or convert the module by hand")

    def _plan_instance_reads(self) -> None:
        for name, graph in self.instances.items():
            for read in self._reads(name):
                self._each(self._plan_instance_read, name, graph, read)

    def _plan_instance_read(self, name: str, graph: GraphClass, read: cst.Name) -> None:
        attribute = self.rule.parent(read)
        if not isinstance(attribute, cst.Attribute):
            raise Refused(read, f"instance {name} used as a value: where it goes, its graph attributes "
                          "cannot be followed", "read its attributes in session runs only")
        stored_to = self.rule.parent(attribute)
        if isinstance(stored_to, (cst.AssignTarget, cst.AugAssign)) and stored_to.target is attribute:
            raise Refused(read, f"{name}.{attribute.attr.value} is changed after {name} was built: the graph read "
                          "its attributes then, the methods would read them at each call",
                          "pass the value to the class instead")
        if graph.kind(attribute.attr.value) != "python" and id(attribute) not in self.consumed:
            raise Refused(read, f"{name}.{attribute.attr.value} read outside a session run's fetches and feeds",
                          "read the instance's graph attributes in runs only")


def _run_arguments(call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None]:
    positional = [a for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    if len(positional) + len(keywords) != len(call.args) or set(keywords) - {"fetches", "feed_dict"} or (
            len(positional) > 2):
        raise Refused(call, "a run with options, run metadata or unpacked arguments", "convert the run by hand")
    fetch = positional[0] if positional else keywords.get("fetches")
    feeds = positional[1] if len(positional) > 1 else keywords.get("feed_dict")
    if fetch is None:
        raise Refused(call, "a run without fetches", "convert the run by hand")
    return fetch.value if isinstance(fetch, cst.Arg) else fetch, feeds.value if isinstance(feeds, cst.Arg) else feeds


def _listed(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names) or "no tensor"
    return ", ".join(names[:-1]) + " and " + names[-1]

"""The plan of TFM201: every decision about a module's sessions, made before any code is written.

The planner takes the analysis of each graph section, runs every check,
and plans each use: session accesses, runs and evals here, the graph's
definitions in ``definitions.py``. A use it cannot convert is recorded,
not raised, so a refusal lists all of its causes. It converts all of a
section's sessions or none of them.

Two modes per section:
* static graphs (no placeholders, no training, no random ops that run
  twice) evaluate each tensor once, so ``sess.run(t)`` is ``t.numpy()``;
* stateful graphs need each dependent tensor recomputed per run, so its
  assignment becomes a function of the placeholders it reads, and a
  training op a GradientTape step.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused, SessionUse, Unsafe, unique_refusals
from tfmigrate.rules.session.checks import CHECKS
from tfmigrate.rules.session.class_runs import plan_graph_classes
from tfmigrate.rules.session.configs import plan_session_config
from tfmigrate.rules.session.decisions import Note, Plan
from tfmigrate.rules.session.datasets import plan_iterator
from tfmigrate.rules.session.definitions import DefinitionPlanner
from tfmigrate.rules.session.graphs import graph_lines, graph_of
from tfmigrate.rules.session.runs import (
    FeedDictLine,
    FetchCall,
    RunPlanner,
    StepRun,
    fetch_kind,
    named_feed_dict,
    read_feeds,
)
from tfmigrate.rules.session.scan import scan_section
from tfmigrate.rules.session.sections import graph_sections
from tfmigrate.rules.session.summaries import (
    SummaryRunPlanner,
    check_writer_use,
    converts,
    in_writer_call,
    plan_writer,
    summary_uses,
    writers,
)
from tfmigrate.rules.session.syntax import names_in, walk
from tfmigrate.rules.session.tables import GRAPH_RESETS, INIT_OPS, SESSION_TYPES, VARIABLE_LISTS


def make_plan(rule: MigrationRule, module: cst.Module) -> Plan:
    """Plan every graph section of the module (split at graph resets and rebuilds, see sections.py)."""
    claimed = plan_graph_classes(rule, module)
    if claimed is not None:
        return claimed
    plan = Plan()
    for section in graph_sections(rule, module):
        plan.merge(SectionPlanner(scan_section(rule, module, section)).make())
    return plan


class SectionPlanner:
    def __init__(self, analysis: GraphAnalysis) -> None:
        self.a = analysis
        self.plan = Plan()
        self.definitions = DefinitionPlanner(analysis, self.plan)
        self.init_runs: list[cst.Call] = []
        self.saver_calls = {id(call) for name in analysis.savers for call in _saver_method_calls(analysis, name)}
        self.configs_planned: set[str] = set()
        self.refused_options: list[Unsafe] = []  # every session option a config cannot carry over
        self.summaries_written: set[int] = set()  # ids of the add_summary calls planned with their runs
        self.summary_runs: set[int] = set()  # ids of the runs that fetch a merged summary
        self.named_feeds: dict[str, set[int]] = {}  # feeds dicts bound to a name -> ids of their reads as feeds

    def make(self) -> Plan:
        a = self.a
        if not a.session_calls:
            return self.plan
        refused = list(a.problems)
        for check in CHECKS:
            refused.extend(check(a))
        defs = self.definitions
        steps: list[Callable[[], None]] = [
            *[lambda s=s: self._plan_session(s) for s in a.sessions],
            *[lambda n=n: defs.plan_placeholder(n) for n in a.placeholders],
            *[lambda n=n: defs.plan_fed_tensor(n) for n in a.fed_tensors],
            *[lambda n=n: defs.plan_optimizer(n) for n in a.optimizers],
            *[lambda n=n: self._plan_iterator(n) for n in a.iterators],
            *[lambda d=d: defs.plan_deferred(d) for d in a.deferred.values()],
            *[lambda n=n: defs.plan_train_op(n) for n in a.train_ops],
            *[lambda n=n: defs.plan_initializer(n) for n in a.init_names],
            *[lambda n=n: defs.plan_get_variable(n) for n in a.made_variables],
            *[lambda n=n: defs.plan_saver(n) for n in a.savers],
            *[lambda node=node: defs.plan_saver_use(node) for name in a.savers for node in a.accesses(name)],
            *[lambda node=node: self._plan_session_access(node) for name in a.session_names
              for node in a.accesses(name, module_level=False)],
            *[lambda c=c: self._plan_method_run(c) for c in a.all(cst.Call) if _is_method(c, ("eval", "run"))],
            *[lambda c=c: defs.plan_initialized_value(c) for c in a.all(cst.Call) if _is_method(c, ("initialized_value",))],
            *[lambda c=c: self._plan_summary_call(c) for c in summary_uses(a)],
            *[lambda c=c: defs.plan_variable_list(c) for c in a.all(cst.Call) if a.tf_name(c.func) in VARIABLE_LISTS],
        ]
        for step in steps:
            try:
                step()
            except Refused as error:
                refused.append(error.unsafe)
        refused.extend(self._named_feeds_read_by_runs_only())
        refused.extend(self.definitions.initializer_runs_once(self.init_runs))
        refused.extend(self._summaries_written())
        refused.extend(self.refused_options)
        if refused:
            return self._give_up(refused)
        self._finish()
        return self.plan

    def _named_feeds_read_by_runs_only(self) -> list[Unsafe]:
        """A feeds dict keyed anew by placeholder names: its binding is rewritten, so only runs may read it."""
        refused: list[Unsafe] = []
        for name, reads in self.named_feeds.items():
            node, _ = self.a.assignments()[name][0]
            self.plan.statements[id(self.a.statement_of(node))] = FeedDictLine()
            refused.extend(Unsafe(read, f"the feeds {name} are read other than by session runs: their keys, "
                                  "placeholders, become the placeholders' names", "read the feeds in runs only")
                           for read in self.a.accesses(name) if id(read) not in reads)
        return refused

    def _give_up(self, refused: list[Unsafe]) -> Plan:
        plan = Plan(refused=unique_refusals(refused))
        plan.handled.update(id(call.func) for call in self.a.session_calls)
        return plan

    def _finish(self) -> None:
        a, plan = self.a, self.plan
        calls = a.all(cst.Call)
        for call in calls:
            name = a.tf_name(call.func)
            if name in GRAPH_RESETS and not call.args:
                statement = a.statement_of(call)
                if statement is not None and len(statement.body) == 1 and isinstance(a.parent(call), cst.Expr):
                    plan.remove.add(id(statement))
                    plan.handled.add(id(call.func))
                    plan.notes.append(Note(call, "removed tf.reset_default_graph(): eager code builds no graph", fixed=True))
                    if isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
                        plan.from_imports.update(_qualified(a, call.func.value))  # ``from ...framework import ops``
            if name in SESSION_TYPES | INIT_OPS:
                plan.handled.add(id(call.func))
                if isinstance(call.func, cst.Name):
                    plan.from_imports.update(_qualified(a, call.func))
        for session in a.sessions:
            plan.notes.append(Note(session.holder, f"ran the code of session {session.name or '(unnamed)'} eagerly", fixed=True))
        for call in [*a.placeholders.values(), *a.made_variables.values(), *a.layers.values()]:
            plan.handled.add(id(call.func))
        for block in a.scope_blocks:
            plan.unwrap.add(id(block))
            scope = cst.ensure_type(block.items[0].item, cst.Call)
            plan.handled.add(id(scope.func))
            plan.notes.append(Note(block, f"removed {a.tf_name(scope.func)}: its name only labelled graph nodes",
                                   fixed=True))
        for op in a.train_ops.values():
            plan.handled.add(id(op.optimizer_call.func))
        self._finish_graph()

    def _finish_graph(self) -> None:
        """The section's explicit graph goes: its ``as_default()`` blocks are unwrapped, its ``tf.Graph()`` line removed."""
        a, plan = self.a, self.plan
        name = graph_of(a)
        for block in a.graph_blocks:
            plan.unwrap.add(id(block))
            plan.notes.append(Note(block, f"removed `with {name or 'tf.Graph()'}.as_default():`, its body kept: eager "
                                   "code builds no graph", fixed=True))
        for line in graph_lines(a):
            plan.remove.add(id(line))

    def _plan_iterator(self, name: str) -> None:
        call, decided = plan_iterator(self.a, name)
        self.plan.calls[id(call)] = decided
        self.plan.handled.add(id(call.func))
        self.plan.notes.append(Note(call, f"the one-shot iterator {name!r} became iter() of its dataset: eager "
                                    "iteration gives the same elements in the same order", fixed=True))

    # -- sessions ----------------------------------------------------------------
    def _plan_session(self, use: SessionUse) -> None:
        graph = graph_of(self.a)
        for arg in use.call.args:
            if graph is not None and arg.keyword is not None and arg.keyword.value == "graph" and \
                    isinstance(arg.value, cst.Name) and arg.value.value == graph:
                continue  # the section's explicit graph (graphs.py checks its uses)
            if (arg.keyword.value if arg.keyword else None) != "config":
                raise Refused(use.call, "a session with a graph or target argument cannot be made eager",
                              "rewrite the graph code by hand")
        if use.in_with:
            self.plan.unwrap.add(id(use.holder))
        else:
            self.plan.remove.add(id(use.holder))
        for arg in use.call.args:
            if arg.keyword is not None and arg.keyword.value == "config":
                self._plan_config(use, arg.value)

    def _plan_config(self, use: SessionUse, config: cst.BaseExpression) -> None:
        """``config=``: its options as tf.config calls where they were set (once per config name)."""
        if isinstance(config, cst.Name) and config.value in self.configs_planned:
            return
        decided = plan_session_config(self.a, use, config)
        if isinstance(config, cst.Name):
            self.configs_planned.add(config.value)
        for statement_id, statements in decided.at_line.items():
            if statements.settings:
                self.plan.statements[statement_id] = statements
            else:
                self.plan.remove.add(statement_id)
        if decided.at_session is not None and decided.at_session.settings:
            if use.in_with:
                self.plan.prefix[id(use.holder)] = decided.at_session
            else:
                self.plan.remove.discard(id(use.holder))
                self.plan.statements[id(use.holder)] = decided.at_session
        self.plan.handled.update(decided.handled)
        self.plan.notes.extend(Note(node, message, fixed=True) for node, message in decided.notes)
        self.refused_options.extend(decided.refused)

    def _plan_session_access(self, node: cst.Name) -> None:
        a = self.a
        parent = a.parent(node)
        if isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "session":
            return  # t.eval(session=sess): planned with the eval
        if isinstance(parent, cst.Arg) and id(a.parent(parent)) in self.saver_calls:
            return  # saver.save(sess, path): planned with the saver
        if in_writer_call(a, node):
            return  # FileWriter(logdir, sess.graph): planned with the writer
        if not (isinstance(parent, cst.Attribute) and parent.value is node):
            raise Refused(node, f"session {node.value!r} is passed or stored", "replace this use by hand")
        call = a.parent(parent)
        method = parent.attr.value
        if not (isinstance(call, cst.Call) and call.func is parent):
            raise Refused(node, f"{node.value}.{method} is used without being called", "replace this use by hand")
        if method == "close":
            self._remove_statement_of(call)
        elif method == "run":
            self._plan_run(call, call.args, receiver=None)
        else:
            raise Refused(node, f"{node.value}.{method}() has no eager form", "replace this use by hand")

    def _remove_statement_of(self, call: cst.Call) -> None:
        statement = self.a.statement_of(call)
        if statement is None or len(statement.body) != 1 or not isinstance(self.a.parent(call), cst.Expr):
            raise Refused(call, "its result is used", "remove the call by hand")
        self.plan.remove.add(id(statement))

    # -- runs ----------------------------------------------------------------------
    def _plan_method_run(self, call: cst.Call) -> None:
        """``t.eval(...)``, ``op.run(...)``; ``sess.run`` is planned with the session."""
        a = self.a
        func = cst.ensure_type(call.func, cst.Attribute)
        receiver = func.value
        if isinstance(receiver, cst.Name) and receiver.value in a.session_names:
            return
        kind = fetch_kind(a, receiver)
        if func.attr.value == "run":
            if kind in ("init", "train"):
                self._check_default_session(call)
                self._plan_run(call, call.args, receiver=receiver)
            return
        if kind == "deferred" or a.is_tensor(receiver) or a.not_a_tensor(receiver) or _has_graph_names(a, receiver):
            self._check_default_session(call)
            self._plan_run(call, call.args, receiver=receiver)

    def _check_default_session(self, call: cst.Call) -> None:
        """``t.eval()`` / ``op.run()`` without ``session=`` need a default session, or TF1 raises there."""
        if any(arg.keyword is not None and arg.keyword.value == "session" for arg in call.args):
            return
        if any(a_use.call for a_use in self.a.sessions if self.a.tf_name(a_use.call.func) == "tf.InteractiveSession"):
            return
        node: cst.CSTNode | None = call
        while node is not None:
            if any(use.in_with and use.holder is node for use in self.a.sessions) or _makes_default(self.a, node):
                return
            node = self.a.parent(node)
        raise Refused(call, "no default session here: the original raises ValueError at this call",
                      "pass session=sess, or make the call inside `with tf.Session() as sess:`")

    def _plan_run(self, call: cst.Call, args: cst.Sequence[cst.Arg], receiver: cst.BaseExpression | None) -> None:
        a = self.a
        fetches = receiver
        if fetches is None:
            positional = [arg for arg in args if arg.keyword is None]
            if not positional:
                raise Refused(call, "sess.run without fetches", "pass the fetches positionally")
            fetches = positional[0].value
        if fetch_kind(a, fetches) == "init":
            self._remove_statement_of(call)
            self.init_runs.append(call)
            return
        runs = RunPlanner(a, read_feeds(a, call, args, eval_style=receiver is not None and _is_method(call, ("eval",))))
        named = named_feed_dict(a, args) if receiver is None else None
        if named is not None:
            self.named_feeds.setdefault(named.value, set()).add(id(named))
        elements = fetches.elements if isinstance(fetches, (cst.List, cst.Tuple)) else [cst.Element(fetches)]
        if any(fetch_kind(a, e.value) == "summary" for e in elements):
            self._plan_summary_run(call, fetches, runs)
        elif isinstance(fetches, (cst.List, cst.Tuple)) and any(fetch_kind(a, e.value) == "train" for e in fetches.elements):
            self._plan_step_run(call, fetches, runs)
        else:
            self.plan.calls[id(call)] = FetchCall(runs.fetch(fetches), on_receiver=receiver is not None)
        self.plan.notes.extend(Note(node, message, action) for node, message, action in runs.notes)

    def _plan_step_run(self, call: cst.Call, fetches: cst.List | cst.Tuple, runs: RunPlanner) -> None:
        """A training op fetched with other values: statements around the step when the run is a whole line."""
        a = self.a
        statement = a.statement_of(call)
        small = statement.body[0] if statement is not None and len(statement.body) == 1 else None
        targets: list[cst.BaseAssignTargetExpression] | None = None
        whole_line = False
        if isinstance(small, cst.Expr) and small.value is call:
            whole_line = True
        elif isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1:
            target = small.targets[0].target
            if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == len(fetches.elements) and \
                    all(isinstance(e, cst.Element) for e in target.elements):
                whole_line = True
                targets = [e.value for e in target.elements]
        decided = runs.step_run(fetches, targets, as_statements=whole_line)
        if isinstance(decided, StepRun):
            self.plan.statements[id(statement)] = decided
        else:
            self.plan.calls[id(call)] = FetchCall(decided, on_receiver=False)

    # -- summaries -------------------------------------------------------------------
    def _plan_summary_run(self, call: cst.Call, fetches: cst.BaseExpression, runs: RunPlanner) -> None:
        self.summary_runs.add(id(call))
        planner = SummaryRunPlanner(self.a, runs)
        try:
            decided, line, add_call = planner.plan(call, fetches)
        finally:  # a refused run still accounts for its add_summary(): one finding, at the cause
            if planner.add_call is not None:
                self.summaries_written.add(id(planner.add_call))
        self.plan.statements[id(line)] = decided
        self.plan.remove.add(id(self.a.statement_of(add_call)))
        self.plan.notes.append(Note(call, "the merged summary is written where it was run: TF 2 summary ops with "
                                    "the step add_summary() gave, inside the writer's as_default() (TF 2's summary ops "
                                    "come with the tensorboard package)", fixed=True))

    def _plan_summary_call(self, call: cst.Call) -> None:
        """Summary ops and merge_all lines go (their runs write them); a FileWriter becomes create_file_writer."""
        a = self.a
        if not converts(a, call):
            return  # stays as written: TFM409 reports it
        self.plan.handled.add(id(call.func))
        if a.tf_name(call.func) == "tf.summary.FileWriter":
            self.plan.calls[id(call)], graph = plan_writer(a, call)
            self.plan.handled.update(id(node) for value in graph for node in walk(value, (cst.Name, cst.Attribute)))
            self.plan.notes.append(Note(call, "tf.summary.FileWriter became tf.summary.create_file_writer" + (
                " (the graph is not written: eager code builds none)" if graph else ""), fixed=True))
            return
        line = cst.ensure_type(a.statement_of(call), cst.SimpleStatementLine)
        self.plan.remove.add(id(line))
        self.plan.keep_updated.add(id(line))
        if a.tf_name(call.func) == "tf.summary.image":
            self.plan.notes.append(Note(call, "tf.summary.image is written by TF 2's tf.summary.image, which clips "
                                        "float pixels to [0, 1] where TF1 rescaled them", "check the written "
                                        "images' range; the values the script computes do not change"))

    def _summaries_written(self) -> list[Unsafe]:
        """Each merged summary is only fetched by runs planned to write it; writers only write them."""
        a = self.a
        refused: list[Unsafe] = []
        for name in a.merged:
            for access in a.accesses(name, module_level=False):
                if not any(id(node) in self.summary_runs for node in _ancestors(a, access)):
                    refused.append(Unsafe(access, f"the merged summary {name!r} is used outside a run that "
                                          "add_summary() writes", "write TF 2 summaries by hand"))
        for name in writers(a):
            for access in a.accesses(name, module_level=False):
                try:
                    check_writer_use(a, access, self.summaries_written)
                except Refused as error:
                    refused.append(error.unsafe)
        return refused


def _ancestors(a: GraphAnalysis, node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    parent = a.parent(node)
    while parent is not None:
        found.append(parent)
        parent = a.parent(parent)
    return found


def _makes_default(a: GraphAnalysis, node: cst.CSTNode) -> bool:
    """``with sess.as_default():`` makes a session the default inside the block."""
    if not isinstance(node, cst.With):
        return False
    return any(isinstance(item.item, cst.Call) and _is_method(item.item, ("as_default",)) and
               isinstance(cst.ensure_type(item.item.func, cst.Attribute).value, cst.Name) and
               cst.ensure_type(cst.ensure_type(item.item.func, cst.Attribute).value, cst.Name).value in a.session_names
               for item in node.items)


def _saver_method_calls(a: GraphAnalysis, name: str) -> list[cst.Call]:
    found = []
    for access in a.accesses(name):
        method = a.parent(access)
        call = a.parent(method) if isinstance(method, cst.Attribute) else None
        if isinstance(call, cst.Call) and call.func is method:
            found.append(call)
    return found


def _qualified(a: GraphAnalysis, name: cst.Name) -> set[str]:
    return {q.name for q in a.rule.get_metadata(QualifiedNameProvider, name, set())}


def _is_method(call: cst.Call, methods: tuple[str, ...]) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in methods


def _has_graph_names(a: GraphAnalysis, node: cst.BaseExpression) -> bool:
    return any(n.value in a.placeholders or n.value in a.deferred for n in names_in(node))

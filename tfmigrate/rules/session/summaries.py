"""Summaries in the loop: ``tf.summary.*`` + ``merge_all`` + ``FileWriter.add_summary`` as TF 2 summary writes.

TF1 built summary ops into the graph, ``merge_all()`` gathered them, a run
computed the merged summary (from the same values the run computed) and
``writer.add_summary(summary, step)`` wrote it. Eagerly, the writer is a
``tf.summary.create_file_writer(logdir)`` and, where the merged summary was
run, each summary is written at once with the step ``add_summary`` gave:

    with writer.as_default():
        tf.summary.scalar('loss', loss(), step=step)

The values the script computes do not change; only the event files do.
Anything else that touches summaries (a summary op bound to a name, other
writer methods, a merged summary that is not written right after its run)
leaves the sessions as written, with a finding at each use.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused, TrainOp
from tfmigrate.rules.session.runs import (
    Fetch,
    Inline,
    RunPlanner,
    StepRun,
    emit_fetch,
    emit_step_run,
    fetch_kind,
    substitute,
)
from tfmigrate.rules.session.syntax import assign, is_pure, keyword, names_in, target_names, tuple_of, walk
from tfmigrate.rules.session.tables import FILE_WRITER, MERGE_ALL, SUMMARY_OPS

# TF1 summary op -> its positional parameters; the tag is first and the value second in TF1 and TF 2 alike.
OP_PARAMETERS: dict[str, tuple[str, ...]] = {
    "tf.summary.scalar": ("name", "tensor"),
    "tf.summary.histogram": ("name", "values"),
    "tf.summary.image": ("name", "tensor", "max_outputs"),
}
# FileWriter parameter -> the create_file_writer keyword that does the same (None: dropped, with a note).
WRITER_PARAMETERS: tuple[str, ...] = ("logdir", "graph", "max_queue", "flush_secs", "graph_def", "filename_suffix")
WRITER_KEYWORDS = {"max_queue": "max_queue", "filename_suffix": "filename_suffix", "flush_secs": "flush_millis"}
WRITER_METHODS_KEPT = frozenset({"close", "flush"})


@dataclasses.dataclass
class SummaryWrite:
    """One summary op written at the run: ``tf.summary.<kind>(tag, value, step=step)``."""

    line: int  # id of the op's original line: the rule keeps its updated form for the run site
    original: cst.Call  # what to read if the updated form is missing
    kind: str  # "scalar", "histogram", "image"
    tag: int  # argument positions in the op call
    value: int
    max_outputs: int | None
    inline: Inline | None  # recomputed tensors the value reads, called with this run's feeds


@dataclasses.dataclass
class SummaryRun:
    """A run that fetched the merged summary, as a ``with writer.as_default():`` block of writes, then the rest."""

    writer: str
    step: cst.BaseExpression
    writes: list[SummaryWrite]
    targets: list[cst.BaseAssignTargetExpression]
    step_run: StepRun | None  # a training op fetched in the same run
    others: list[tuple[int, Fetch]]  # the other fetched values (no training op): position, how read


@dataclasses.dataclass
class WriterCall:
    """``tf.summary.FileWriter(logdir, ...)`` as ``tf.summary.create_file_writer(logdir, ...)``."""

    logdir: int
    keywords: list[tuple[str, int, bool]]  # (create_file_writer keyword, argument position, seconds to millis)


def writers(a: GraphAnalysis) -> dict[str, cst.Call]:
    """Names bound once to a ``tf.summary.FileWriter(...)``."""
    found: dict[str, cst.Call] = {}
    for name, bindings in a.assignments().items():
        value = bindings[0][1] if len(bindings) == 1 else None
        if isinstance(value, cst.Call) and a.tf_name(value.func) == FILE_WRITER:
            found[name] = value
    return found


def in_writer_call(a: GraphAnalysis, node: cst.CSTNode) -> bool:
    """``sess.graph`` given to a FileWriter: eager code writes no graph, so it goes with the writer."""
    parent = a.parent(node)
    while parent is not None and not isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        if isinstance(parent, cst.Call) and a.tf_name(parent.func) == FILE_WRITER:
            return True
        parent = a.parent(parent)
    return False


def is_summary_line(a: GraphAnalysis, statement: cst.CSTNode) -> bool:
    """A module-level ``tf.summary.scalar(...)`` line (its value is read where the merged summary runs)."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
        a.tf_name(small.value.func) in SUMMARY_OPS


def merged_ops(a: GraphAnalysis, merged: str) -> list[cst.SimpleStatementLine]:
    """The summary lines ``merged = tf.summary.merge_all()`` gathers: those built above it."""
    found: list[cst.SimpleStatementLine] = []
    for statement in a.statements:
        if statement is a.merged[merged]:
            return found
        if is_summary_line(a, statement):
            found.append(cst.ensure_type(statement, cst.SimpleStatementLine))
    return found


def summary_uses(a: GraphAnalysis) -> list[cst.Call]:
    """Every ``tf.summary.*`` call of the section."""
    return [c for c in a.all(cst.Call) if (a.tf_name(c.func) or "").startswith("tf.summary.")]


def converts(a: GraphAnalysis, call: cst.Call) -> bool:
    """A summary call converts as an op line merge_all gathers, a merge_all line, or a FileWriter.

    Any other summary call stays as written, and TFM409 reports it.
    """
    name = a.tf_name(call.func)
    statement = a.statement_of(call)
    if name == FILE_WRITER:
        return True
    if name == MERGE_ALL:
        return statement is not None and any(s is statement for s in a.merged.values())
    return name in SUMMARY_OPS and statement is not None and is_gathered(a, statement)


def is_gathered(a: GraphAnalysis, statement: cst.CSTNode) -> bool:
    """A module-level summary op line that a merge_all() below it gathers."""
    return is_summary_line(a, statement) and any(s is statement for m in a.merged for s in merged_ops(a, m))


def plan_writer(a: GraphAnalysis, call: cst.Call) -> tuple[WriterCall, list[cst.BaseExpression]]:
    """The create_file_writer call for a FileWriter; also the graph given to it, which is not written."""
    logdir: int | None = None
    keywords: list[tuple[str, int, bool]] = []
    graph: list[cst.BaseExpression] = []
    for index, arg in enumerate(call.args):
        param = arg.keyword.value if arg.keyword else (WRITER_PARAMETERS[index] if index < len(WRITER_PARAMETERS) else None)
        if param == "logdir" and not arg.star:
            logdir = index
        elif param in ("graph", "graph_def"):
            graph.append(arg.value)
        elif param in WRITER_KEYWORDS and not arg.star:
            keywords.append((WRITER_KEYWORDS[param], index, param == "flush_secs"))
        else:
            raise Refused(call, f"tf.summary.FileWriter argument {param or index} has no create_file_writer "
                          "equivalent", "create the writer with tf.summary.create_file_writer by hand")
    if logdir is None:
        raise Refused(call, "tf.summary.FileWriter without a log directory", "pass the log directory first")
    return WriterCall(logdir, keywords), graph


def check_writer_use(a: GraphAnalysis, access: cst.Name, written: set[int]) -> None:
    """``writer.add_summary`` of a planned run, ``writer.close()`` and ``writer.flush()``; nothing else."""
    method = a.parent(access)
    call = a.parent(method) if isinstance(method, cst.Attribute) else None
    if isinstance(method, cst.Attribute) and isinstance(call, cst.Call) and call.func is method:
        if method.attr.value in WRITER_METHODS_KEPT or id(call) in written:
            return
    raise Refused(access, f"the summary writer {access.value!r} is used for more than add_summary() of a merged "
                  "summary, close() and flush()", "write TF 2 summaries with tf.summary.create_file_writer by hand")


class SummaryRunPlanner:
    """Plans one run that fetches a merged summary, and finds the ``add_summary`` that writes it."""

    def __init__(self, a: GraphAnalysis, runs: RunPlanner) -> None:
        self.a = a
        self.runs = runs
        self.writers = set(writers(a))
        self.add_call: cst.Call | None = None  # the add_summary() that writes the run's summary, once found

    def plan(self, call: cst.Call, fetches: cst.BaseExpression) -> tuple[SummaryRun, cst.SimpleStatementLine,
                                                                         cst.Call]:
        """The decision, the run's line, and the add_summary call that goes."""
        a = self.a
        statement = a.statement_of(call)
        small = statement.body[0] if statement is not None and len(statement.body) == 1 else None
        if not (isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1):
            raise Refused(call, "a merged summary fetched inside an expression",
                          "assign the run's result to names, then write it with add_summary()")
        statement = cst.ensure_type(statement, cst.SimpleStatementLine)
        target = small.targets[0].target
        values = [e.value for e in fetches.elements] if isinstance(fetches, (cst.List, cst.Tuple)) else [fetches]
        targets = [e.value for e in target.elements] if isinstance(target, (cst.List, cst.Tuple)) else [target]
        if len(targets) != len(values) or (len(values) > 1) != isinstance(target, (cst.List, cst.Tuple)):
            raise Refused(call, "a merged summary fetched in a nested structure", "fetch it in a flat list")
        summaries = [i for i, v in enumerate(values) if fetch_kind(a, v) == "summary"]
        trains = [i for i, v in enumerate(values) if fetch_kind(a, v) == "train"]
        if len(summaries) != 1 or not isinstance(targets[summaries[0]], cst.Name):
            raise Refused(call, "several merged summaries fetched in one run", "fetch one merged summary per run")
        index = summaries[0]
        add_call, step = self._written_by(cst.ensure_type(targets[index], cst.Name), statement)
        self.add_call = add_call
        op = a.train_ops[cst.ensure_type(values[trains[0]], cst.Name).value] if trains else None
        writes = [self._write(line, op) for line in merged_ops(a, cst.ensure_type(values[index], cst.Name).value)]
        self.runs.one_draw(call, [v for i, v in enumerate(values) if i != index] +
                           [self._value_of(w.original, w.value) for w in writes])
        writer = cst.ensure_type(cst.ensure_type(add_call.func, cst.Attribute).value, cst.Name).value
        decided = SummaryRun(writer, step, writes, targets, None, [])
        if trains:
            step_run = self.runs.step_run(cst.ensure_type(fetches, (cst.List, cst.Tuple)), targets, as_statements=True)
            decided.step_run = dataclasses.replace(cst.ensure_type(step_run, StepRun),
                                                   before=[i for i in step_run.before if i != index],
                                                   after=[i for i in step_run.after if i != index])
        else:
            decided.others = [(i, self.runs.fetch(v)) for i, v in enumerate(values) if i != index]
        return decided, statement, add_call

    def _written_by(self, target: cst.Name, run_line: cst.SimpleStatementLine) -> tuple[cst.Call, cst.BaseExpression]:
        """The one ``writer.add_summary(target, step)`` after the run, in its block, with the step unchanged."""
        a = self.a
        uses = [use for use in a.accesses(target.value, module_level=False) if use is not target]
        arg = a.parent(uses[0]) if len(uses) == 1 else None
        add = a.parent(arg) if isinstance(arg, cst.Arg) else None
        if not (isinstance(add, cst.Call) and isinstance(add.func, cst.Attribute) and add.func.attr.value ==
                "add_summary" and isinstance(add.func.value, cst.Name) and add.func.value.value in self.writers
                and add.args and add.args[0] is arg and arg.keyword is None):
            raise Refused(target, f"the merged summary {target.value!r} is not written once by a summary writer's "
                          "add_summary()", "write TF 2 summaries by hand where it is run")
        step = self._step_of(add)
        add_line = a.statement_of(add)
        block = a.parent(run_line)
        siblings = list(getattr(block, "body", ()))
        if add_line is None or len(add_line.body) != 1 or not isinstance(add_line.body[0], cst.Expr) or \
                a.parent(add_line) is not block or not _after(siblings, run_line, add_line):
            raise Refused(add, "add_summary() is not a line after the run, in the same block",
                          "write the summary right after the run that computed it")
        between = siblings[_index(siblings, run_line) + 1:_index(siblings, add_line)]
        rebound = {n.value for s in between for n in _bound_names(s)} & {n.value for n in names_in(step)}
        if rebound:
            raise Refused(add, f"the step {', '.join(sorted(rebound))} changes between the run and add_summary()",
                          "compute the step before the run")
        return add, step

    def _step_of(self, add: cst.Call) -> cst.BaseExpression:
        positional = [arg.value for arg in add.args if arg.keyword is None]
        keywords = {arg.keyword.value: arg.value for arg in add.args if arg.keyword is not None}
        step = positional[1] if len(positional) > 1 else keywords.get("global_step")
        if step is None or len(add.args) != 2 or not is_pure(step):
            raise Refused(add, "add_summary() without a step given as a name or a number",
                          "pass the step: writer.add_summary(summary, step)")
        return step

    def _write(self, line: cst.SimpleStatementLine, op: TrainOp | None) -> SummaryWrite:
        a = self.a
        call = cst.ensure_type(cst.ensure_type(line.body[0], cst.Expr).value, cst.Call)
        name = a.tf_name(call.func) or ""
        positional = OP_PARAMETERS[name]
        found: dict[str, int] = {}
        for index, arg in enumerate(call.args):
            param = arg.keyword.value if arg.keyword else (positional[index] if index < len(positional) else None)
            if arg.star or param not in positional:
                raise Refused(call, f"{name} argument {param or index} has no TF 2 summary equivalent",
                              "write the TF 2 summary by hand")
            found[param] = index
        if "name" not in found or positional[1] not in found:
            raise Refused(call, f"{name} without its name and value", "pass both")
        value = call.args[found[positional[1]]].value
        if op is not None and self.runs.when(op, value) == "after":
            raise Refused(value, "a summary of a variable the training op updates in the same run: TF1 may read it "
                          "before or after the update", "summarize it in a run of its own")
        graph = {n.value for n in names_in(value) if n.value in a.placeholders or n.value in a.deferred}
        inline = self.runs.inline(value) if graph else None
        return SummaryWrite(id(line), call, name.rpartition(".")[2], found["name"], found[positional[1]],
                            found.get("max_outputs"), inline)

    @staticmethod
    def _value_of(call: cst.Call, index: int) -> cst.BaseExpression:
        return call.args[index].value


def _bound_names(statement: cst.CSTNode) -> list[cst.Name]:
    bound: list[cst.Name] = []
    for node in walk(statement, (cst.AssignTarget, cst.AugAssign, cst.For, cst.AnnAssign)):
        bound += target_names(node.target)
    return bound


def _index(siblings: list[cst.CSTNode], node: cst.CSTNode) -> int:
    return next(i for i, s in enumerate(siblings) if s is node)


def _after(siblings: list[cst.CSTNode], first: cst.CSTNode, second: cst.CSTNode) -> bool:
    positions = [i for i, s in enumerate(siblings) if s is first or s is second]
    return len(positions) == 2 and siblings[positions[0]] is first


# -- emitting ------------------------------------------------------------------
def emit_writer(rule: MigrationRule, decided: WriterCall, updated: cst.Call) -> cst.Call:
    args = [cst.Arg(updated.args[decided.logdir].value)]
    for name, index, to_millis in decided.keywords:
        value = updated.args[index].value
        if to_millis:
            value = cst.BinaryOperation(value, cst.Multiply(), cst.Integer("1000"))
        args.append(keyword(name, value))
    return cst.Call(rule.spell("tf.summary.create_file_writer"), args)


def emit_summary_run(rule: MigrationRule, decided: SummaryRun, updated: cst.SimpleStatementLine,
                     kept: dict[int, cst.SimpleStatementLine]) -> list[cst.BaseStatement]:
    """The writes inside ``with writer.as_default():``, then the run's other values as before."""
    writes = [cst.SimpleStatementLine([cst.Expr(_write(rule, w, kept.get(w.line), decided.step))])
              for w in decided.writes]
    as_default = cst.Call(cst.Attribute(cst.Name(decided.writer), cst.Name("as_default")))
    statements: list[cst.BaseStatement] = [cst.With([cst.WithItem(as_default)], cst.IndentedBlock(writes))]
    if decided.step_run is not None:
        return statements + emit_step_run(rule, decided.step_run, updated)
    if decided.others:
        run_call = cst.ensure_type(cst.ensure_type(updated.body[0], cst.Assign).value, cst.Call)
        fetch = next(a.value for a in run_call.args if a.keyword is None)
        values = [e.value for e in fetch.elements]  # type: ignore[attr-defined]
        emitted = [emit_fetch(rule, how, values[i]) for i, how in decided.others]
        statements.append(assign([decided.targets[i] for i, _ in decided.others], tuple_of(emitted)))
    return statements


def _write(rule: MigrationRule, write: SummaryWrite, kept: cst.SimpleStatementLine | None,
           step: cst.BaseExpression) -> cst.Call:
    call = write.original
    if kept is not None and isinstance(kept.body[0], cst.Expr) and isinstance(kept.body[0].value, cst.Call):
        call = kept.body[0].value
    value = call.args[write.value].value
    if write.inline is not None:
        value = substitute(rule, write.inline, value)
    args = [cst.Arg(call.args[write.tag].value), cst.Arg(value)]
    if write.max_outputs is not None:
        args.append(keyword("max_outputs", call.args[write.max_outputs].value))
    args.append(keyword("step", step))
    return cst.Call(rule.spell(f"tf.summary.{write.kind}"), args)

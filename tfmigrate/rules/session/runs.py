"""Session runs: ``sess.run(fetches, feed_dict)``, ``t.eval(...)`` and ``op.run(...)`` as eager reads and calls.

A run fetches a structure of values. Planning turns each fetch into a
``Fetch`` decision (read a tensor, recompute a tensor from its feeds, call
a training step, ...); emitting turns the decisions into code.

A run that fetches a training op with other values keeps TF1's meaning:
the loss and every tensor it is computed from hold their values from
*before* the update, while a variable fetched in the same run holds its
value *after* it (TF1 reads a variable's buffer when the run ends). So
those values are read around one call of the step function, in that order.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused, TrainOp
from tfmigrate.rules.session.syntax import assign, is_pure, keyword, names_in, numpy, tuple_of
from tfmigrate.rules.session.tables import INIT_OPS, VARIABLE_LISTS
from tfmigrate.rules.session.variables import plan_variable_list

Feeds = dict[str, cst.BaseExpression]


# -- decisions -------------------------------------------------------------------
@dataclasses.dataclass
class Fetch:
    """How one fetched value is read eagerly."""


@dataclasses.dataclass
class ReadTensor(Fetch):
    """``t.numpy()`` of the (updated) fetch itself."""


@dataclasses.dataclass
class Recompute(Fetch):
    """``name(p=feed, ...)``, read with ``.numpy()`` unless it is a training step run for its effect."""

    name: str
    args: list[tuple[str, cst.BaseExpression]]
    read: bool = True


@dataclasses.dataclass
class Inline(Fetch):
    """An expression over recomputed tensors: its names replaced by calls and converted feeds."""

    calls: dict[str, list[tuple[str, cst.BaseExpression]]]
    feeds: dict[str, tuple[cst.BaseExpression, cst.BaseExpression | None]]  # placeholder -> (feed, dtype)
    params_used: list[str]  # placeholders read, once per use


@dataclasses.dataclass
class NoValue(Fetch):
    """A training op's own value in a fetched structure: TF1 returned None."""


@dataclasses.dataclass
class MergedSummary(Fetch):
    """The merged summaries of a run: written where the run stood (``summaries``), never read as a value."""


@dataclasses.dataclass
class Structure(Fetch):
    """A list, tuple or dict of fetches, rebuilt element by element."""

    elements: list[Fetch]


@dataclasses.dataclass
class FetchCall:
    """Replace a run call by the fetched value(s); ``on_receiver``: the fetch is ``t`` of ``t.eval()``."""

    fetch: Fetch
    on_receiver: bool


@dataclasses.dataclass
class StepRun:
    """``a, b, _ = sess.run([x, y, train], ...)`` as statements around one step call.

    ``before``/``after``: fetch positions read before / after the step;
    ``returned``: the position of the loss the step returns, if it is read there.
    """

    targets: list[cst.BaseAssignTargetExpression] | None
    fetches: list[Fetch]
    before: list[int]
    returned: int | None
    after: list[int]
    train_index: int
    step: Recompute


# -- planning ----------------------------------------------------------------------
def read_feeds(analysis: GraphAnalysis, call: cst.Call, args: cst.Sequence[cst.Arg], *, eval_style: bool) -> Feeds:
    """The feeds of a run: ``feed_dict=`` or the second positional argument (the first for ``eval``)."""
    feed_dict: cst.BaseExpression | None = None
    position = 1 if eval_style else 2
    positional = 0
    for arg in args:
        if arg.star:
            raise Refused(call, "run with *args or **kwargs", "spell the arguments out")
        if arg.keyword is None:
            positional += 1
            if positional == position:
                feed_dict = arg.value
            elif positional > position:
                raise Refused(call, "run with options or run_metadata", "drop them by hand")
        elif arg.keyword.value == "feed_dict":
            feed_dict = arg.value
        elif arg.keyword.value != "session":
            raise Refused(call, f"run with {arg.keyword.value}=", "drop it by hand")
    if feed_dict is None:
        return {}
    if isinstance(feed_dict, cst.Name):
        return _named_feeds(analysis, feed_dict)
    if not isinstance(feed_dict, cst.Dict):
        raise Refused(feed_dict, "feed_dict is not a dict literal", "write the feeds as {placeholder: value}")
    feeds: Feeds = {}
    for element in feed_dict.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.Name):
            raise Refused(feed_dict, "feed_dict keys must be placeholder names", "feed placeholders by name")
        if element.key.value not in analysis.placeholders and element.key.value not in analysis.fed_tensors:
            raise Refused(element.key, f"{element.key.value} is fed but is not a placeholder assigned on its own "
                          "module-level line", "feed only such placeholders")
        feeds[element.key.value] = element.value
    return feeds


def _named_feeds(analysis: GraphAnalysis, name: cst.Name) -> Feeds:
    """``feed = {x: ...}`` bound once and read only as feeds: each placeholder reads ``feed["x"]``."""
    bindings = analysis.assignments().get(name.value, [])
    value = bindings[0][1] if len(bindings) == 1 else None
    if not isinstance(value, cst.Dict):
        raise Refused(name, f"the feeds {name.value} are not one dict literal bound once",
                      "write the feeds in the run, or bind them once as a dict literal")
    keys = [e.key.value for e in value.elements if isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name)]
    if len(keys) != len(value.elements) or len(set(keys)) != len(keys) or any(
            k not in analysis.placeholders for k in keys):
        raise Refused(name, f"the feeds {name.value} are keyed by other than placeholders, each once",
                      "feed placeholders by name")
    return {key: cst.Subscript(cst.Name(name.value), [cst.SubscriptElement(cst.Index(cst.SimpleString(f'"{key}"')))])
            for key in keys}


def named_feed_dict(analysis: GraphAnalysis, args: cst.Sequence[cst.Arg]) -> cst.Name | None:
    """The name a run's feeds are bound to (``sess.run(t, feed)``), if they are."""
    positional = [a.value for a in args if a.keyword is None]
    keyword = next((a.value for a in args if a.keyword is not None and a.keyword.value == "feed_dict"), None)
    fed = keyword if keyword is not None else (positional[1] if len(positional) > 1 else None)
    return fed if isinstance(fed, cst.Name) else None


@dataclasses.dataclass
class FeedDictLine:
    """``feed = {x: ...}`` read by runs only, as ``feed = {"x": ...}``: keyed by the placeholders' names."""


def emit_feed_dict_line(updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    assign = cst.ensure_type(updated.body[0], cst.Assign)
    feeds = cst.ensure_type(assign.value, cst.Dict)
    elements = []
    for element in feeds.elements:
        if isinstance(element, cst.DictElement):
            key = element.key
            name = key.attr.value if isinstance(key, cst.Attribute) else (key.value if isinstance(key, cst.Name) else None)
            if name is not None:
                element = element.with_changes(key=cst.SimpleString(f'"{name}"'))
        elements.append(element)
    return updated.with_changes(body=[assign.with_changes(value=feeds.with_changes(elements=elements))])


def fetch_kind(analysis: GraphAnalysis, fetch: cst.BaseExpression) -> str:
    if isinstance(fetch, cst.Name):
        for kind, names in (("init", analysis.init_names), ("train", analysis.train_ops),
                            ("deferred", analysis.deferred), ("placeholder", analysis.placeholders),
                            ("summary", analysis.merged)):
            if fetch.value in names:
                return kind
    if isinstance(fetch, cst.Call) and analysis.tf_name(fetch.func) in INIT_OPS:
        return "init"
    if isinstance(fetch, (cst.List, cst.Tuple, cst.Dict)):
        return "structure"
    return "tensor"


class RunPlanner:
    """Plans the fetches of one run; ``notes`` collects findings to give even when it converts."""

    def __init__(self, analysis: GraphAnalysis, feeds: Feeds) -> None:
        self.analysis = analysis
        self.feeds = feeds
        self.notes: list[tuple[cst.CSTNode, str, str]] = []

    def fetch(self, fetch: cst.BaseExpression) -> Fetch:
        a = self.analysis
        kind = fetch_kind(a, fetch)
        if kind == "structure":
            return self._structure(fetch)
        if kind == "init":
            raise Refused(fetch, "an initializer fetched with other values", "drop the initializer")
        if kind == "placeholder":
            raise Refused(fetch, "a placeholder is fetched", "use the fed value directly")
        if kind == "summary":
            return MergedSummary()
        if kind == "train":
            name = cst.ensure_type(fetch, cst.Name).value
            return Recompute(name, self.args_for(fetch, a.deferred[a.train_ops[name].loss].params), read=False)
        if isinstance(fetch, cst.Name) and fetch.value in self.feeds and fetch.value in a.fed_tensors:
            raise Refused(fetch, f"{fetch.value} is fetched in the run that feeds it", "use the fed value directly")
        if kind == "deferred":
            name = cst.ensure_type(fetch, cst.Name).value
            if a.deferred[name].several:
                raise Refused(fetch, f"{name} is a list of tensors, fetched as a whole",
                              "fetch the tensors one by one")
            return Recompute(name, self.args_for(fetch, a.deferred[name].params))
        graph_names = {n.value for n in names_in(fetch) if n.value in a.placeholders or n.value in a.deferred}
        if graph_names:
            return self.inline(fetch)
        if isinstance(fetch, cst.Call) and a.tf_name(fetch.func) in VARIABLE_LISTS:
            return Structure([ReadTensor() for _ in plan_variable_list(a, fetch).names])
        what = a.not_a_tensor(fetch)
        if what is not None:
            self.notes.append((fetch, f"{cst.ensure_type(fetch, cst.Name).value} is {what}, not a tensor: "
                               "the original fails here too, and so does the migration",
                               "remove this read, or read a tensor the object computes"))
            return ReadTensor()
        if not a.is_tensor(fetch):
            raise Refused(fetch, "cannot tell that the fetch is a tensor", "fetch a tensor built by tf calls")
        return ReadTensor()

    def args_for(self, fetch: cst.CSTNode, params: list[str]) -> list[tuple[str, cst.BaseExpression]]:
        """The arguments of a recomputing call: each placeholder's feed, and each fed tensor's feed if it is fed."""
        fed_tensors = self.analysis.fed_tensors
        missing = [p for p in params if p not in self.feeds and p not in fed_tensors]
        if missing:
            raise Refused(fetch, f"{_label(fetch)} needs {', '.join(missing)} fed", "feed every placeholder it reads")
        return [(p, self._fed_tensor_value(p) if p in fed_tensors else self.feeds[p]) for p in params
                if p in self.feeds]

    def _fed_tensor_value(self, name: str) -> cst.BaseExpression:
        """TF1 converted a value fed to a tensor to that tensor's dtype: the module-level tensor still has it."""
        dtype = cst.Attribute(cst.Name(name), cst.Name("dtype"))
        return cst.Call(self.analysis.rule.spell("tf.convert_to_tensor"), [cst.Arg(self.feeds[name]), cst.Arg(dtype)])

    def inline(self, fetch: cst.BaseExpression) -> Inline:
        a = self.analysis
        self.args_for(fetch, a.params_of_expression(fetch))
        calls: dict[str, list[tuple[str, cst.BaseExpression]]] = {}
        feeds: dict[str, tuple[cst.BaseExpression, cst.BaseExpression | None]] = {}
        for name in names_in(fetch):
            if name.value in a.deferred:
                calls[name.value] = self.args_for(fetch, a.deferred[name.value].params)
            elif name.value in a.placeholders:
                feeds[name.value] = (self.feeds[name.value], placeholder_dtype(a.placeholders[name.value]))
            elif name.value in a.fed_tensors and name.value in self.feeds:
                feeds[name.value] = (self.feeds[name.value], cst.Attribute(cst.Name(name.value), cst.Name("dtype")))
        for source, times in a.draw_counts(fetch).items():
            if times > 1:
                raise Refused(fetch, f"the fetched expression reads {source} along {times} paths, and {source} draws "
                              "(a random op or get_next()): TF1 drew once per run, eager code would draw each time",
                              "fetch one tensor computed from it, or write it by hand")
        uses = [n.value for n in names_in(fetch) if n.value in calls or n.value in feeds]
        params_used = [p for use in uses for p in ([p for p, _ in calls[use]] if use in calls else [use])]
        self._check_feed_reuse(fetch, params_used)
        return Inline(calls, feeds, params_used)

    def _check_feed_reuse(self, fetch: cst.CSTNode, params_used: list[str]) -> None:
        """A feed written into several calls is evaluated several times: only safe when it is pure."""
        for param in dict.fromkeys(params_used):
            times = params_used.count(param)
            if times > 1 and not is_pure(self.feeds[param]):
                raise Refused(self.feeds[param], f"the value fed to {param} would be computed {times} times",
                              "bind the fed value to a name first")

    def _structure(self, fetch: cst.BaseExpression) -> Fetch:
        a = self.analysis
        values = [e.value for e in fetch.elements]  # type: ignore[attr-defined]
        if any(fetch_kind(a, v) == "train" for v in values):
            raise Refused(fetch, "a training op fetched inside a dict or a nested structure",
                          "fetch it in a flat list")
        self.one_draw(fetch, values)
        return Structure([self.fetch(v) for v in values])

    def one_draw(self, fetch: cst.CSTNode, values: list[cst.BaseExpression]) -> None:
        """TF1 computed all fetches of one run from one random draw; separate calls would draw again."""
        seen: set[str] = set()
        for value in values:
            sources = self.analysis.expression_random_sources(value)
            if sources & seen:
                raise Refused(fetch, "tensors that share a random draw are fetched in one run",
                              "fetch them from one function that returns both")
            seen |= sources

    # -- runs with a training op ---------------------------------------------------
    def step_run(self, fetch: cst.List | cst.Tuple, targets: list[cst.BaseAssignTargetExpression] | None,
                 as_statements: bool) -> StepRun | Structure:
        """``sess.run([train, loss, W, ...])``: read each value where TF1 had it, around one step call."""
        a = self.analysis
        values = [e.value for e in fetch.elements]
        trains = [i for i, v in enumerate(values) if fetch_kind(a, v) == "train"]
        if len(trains) != 1 or any(isinstance(e, cst.StarredElement) for e in fetch.elements):
            raise Refused(fetch, "several training ops fetched in one run", "run each training step on its own")
        train_index = trains[0]
        op = a.train_ops[cst.ensure_type(values[train_index], cst.Name).value]
        step = Recompute(op.name, self.args_for(values[train_index], a.deferred[op.loss].params), read=False)
        when = [self.when(op, v) if i != train_index else "train" for i, v in enumerate(values)]
        returned = _returned_loss(when) if op.applied is None else None
        # the loss the step returns is the step's own evaluation: only the other values are computed again
        self.one_draw(fetch, [v for i, v in enumerate(values) if i not in (train_index, returned)] +
                      [cst.Name(op.loss)])
        fetches = [NoValue() if i == train_index else self.fetch(v) for i, v in enumerate(values)]
        order = [w for w in when if w != "train"]
        first_after = order.index("after") if "after" in order else len(order)
        if any(w != "after" for w in order[first_after:]):
            raise Refused(fetch, "a variable is fetched before values TF1 computed ahead of the update",
                          "fetch the variables after the other values")
        self._check_feed_reuse(fetch, [p for p, _ in step.args] + [p for f in fetches for p in _params_used(f)])
        if not as_statements:
            if returned is None:
                raise Refused(fetch, "a training op fetched with values TF1 computed before the update, "
                              "inside an expression", "assign the run's result to a tuple of names")
            elements = list(fetches)
            elements[returned] = dataclasses.replace(step, read=True)
            return Structure(elements)
        before = [i for i, w in enumerate(when) if w == "before" or (w == "loss" and i != returned)]
        after = [i for i, w in enumerate(when) if w == "after"]
        return StepRun(targets, fetches, before, returned, after, train_index, step)

    def when(self, op: TrainOp, value: cst.BaseExpression) -> str:
        """"loss" (the step's own loss), "before" or "after" the update; refuses values TF1 read racily."""
        a = self.analysis
        if isinstance(value, cst.Name):
            if value.value == op.loss:
                return "loss"
            if value.value in a.variables:
                return "after"
            if value.value in a.train_ops:
                raise Refused(value, "several training ops fetched in one run", "run each training step on its own")
        depends = a.expression_depends_on(value)
        reads_variables = any(name in a.variables for name in depends)
        computed_for_loss = isinstance(value, cst.Name) and value.value in a.depends_on(op.loss)
        if reads_variables and not computed_for_loss:
            raise Refused(value, f"{_label(value)} reads variables the training op updates in the same run, "
                          "and TF1 may read them before or after the update",
                          "fetch it in a run of its own, before or after the step")
        return "before"


def _params_used(decided: Fetch) -> list[str]:
    if isinstance(decided, Recompute):
        return [p for p, _ in decided.args]
    if isinstance(decided, Inline):
        return decided.params_used
    if isinstance(decided, Structure):
        return [p for inner in decided.elements for p in _params_used(inner)]
    return []


def _returned_loss(when: list[str]) -> int | None:
    """The loss position that can take the step's return value: nothing read before the update follows it."""
    if "loss" not in when:
        return None
    index = when.index("loss")
    return index if "before" not in when[index + 1:] and when.count("loss") == 1 else None


def placeholder_dtype(call: cst.Call) -> cst.BaseExpression | None:
    dtype = next((a.value for a in call.args if a.keyword is None), None)
    return next((a.value for a in call.args if a.keyword and a.keyword.value == "dtype"), dtype)


def _label(node: cst.CSTNode) -> str:
    return node.value if isinstance(node, cst.Name) else "the fetched expression"


# -- emitting ----------------------------------------------------------------------
def emit_fetch(rule: MigrationRule, decided: Fetch, updated: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(decided, Structure):
        elements = [
            element.with_changes(value=emit_fetch(rule, inner, element.value))
            for element, inner in zip(updated.elements, decided.elements)  # type: ignore[attr-defined]
        ]
        return updated.with_changes(elements=elements)
    if isinstance(decided, Recompute):
        call = cst.Call(cst.Name(decided.name), [keyword(p, v) for p, v in decided.args])
        return numpy(call) if decided.read else call
    if isinstance(decided, NoValue):
        return cst.Name("None")
    if isinstance(decided, Inline):
        return numpy(substitute(rule, decided, updated))
    return numpy(updated)


def substitute(rule: MigrationRule, decided: Inline, updated: cst.BaseExpression) -> cst.BaseExpression:
    """The expression with recomputed tensors called and placeholders replaced by their converted feeds."""
    return cst.ensure_type(updated.visit(_Substitute(rule, decided)), cst.BaseExpression)


def emit_fetch_call(rule: MigrationRule, decided: FetchCall, updated: cst.Call) -> cst.BaseExpression:
    if decided.on_receiver:
        fetch = cst.ensure_type(updated.func, cst.Attribute).value
    else:
        fetch = next(a.value for a in updated.args if a.keyword is None)
    return emit_fetch(rule, decided.fetch, fetch)


def emit_step_run(rule: MigrationRule, decided: StepRun, updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
    small = updated.body[0]
    run_call = cst.ensure_type(small.value, cst.Call)  # type: ignore[attr-defined]
    fetch = next(a.value for a in run_call.args if a.keyword is None)
    values = [e.value for e in fetch.elements]  # type: ignore[attr-defined]

    def read(indices: list[int]) -> list[cst.BaseStatement]:
        if not indices:
            return []
        emitted = [emit_fetch(rule, decided.fetches[i], values[i]) for i in indices]
        if decided.targets is None:
            return [assign(None, value) for value in emitted]
        return [assign([decided.targets[i] for i in indices], tuple_of(emitted))]

    step = emit_fetch(rule, decided.step, cst.Name(decided.step.name))
    statements = read(decided.before)
    if decided.returned is not None:
        targets = None if decided.targets is None else [decided.targets[decided.returned]]
        statements.append(assign(targets, numpy(step)))
    else:
        statements.append(assign(None, step))
    statements += read(decided.after)
    train_target = None if decided.targets is None else decided.targets[decided.train_index]
    if isinstance(train_target, cst.Name) and train_target.value != "_":
        statements.append(assign([train_target], cst.Name("None")))
    return statements


class _Substitute(cst.CSTTransformer):
    """Names of recomputed tensors become calls; placeholders become their converted feeds."""

    def __init__(self, rule: MigrationRule, decided: Inline) -> None:
        super().__init__()
        self.rule = rule
        self.decided = decided

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        name = updated_node.value
        if name in self.decided.calls:
            return cst.Call(cst.Name(name), [keyword(p, v) for p, v in self.decided.calls[name]])
        if name in self.decided.feeds:
            feed, dtype = self.decided.feeds[name]
            args = [cst.Arg(feed)] + ([cst.Arg(dtype)] if dtype is not None else [])
            return cst.Call(self.rule.spell("tf.convert_to_tensor"), args)
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

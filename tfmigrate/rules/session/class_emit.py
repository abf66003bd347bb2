"""Graph classes, emitted: the class as a ``tf.Module`` whose tensors and training ops are methods, runs as calls.

Built from the rewritten class (other rules' changes kept), by the decisions
of ``classes.py``. Emitters never raise: a class whose ``__init__`` another
rule reshaped beyond line-for-line stays as it was rewritten.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.class_runs import ClassFetch, ClassRun, ClassStepRun, GraphClassDef
from tfmigrate.rules.session.class_model import ClassLayer, ClassOptimizer, ClassStep, GraphClass
from tfmigrate.rules.session.syntax import keyword, numpy, walk
from tfmigrate.rules.session.training import emit_optimizer, gradients
from tfmigrate.rules.session.variables import emit_layer_object, emit_variable


def emit_graph_class(rule: MigrationRule, decided: GraphClassDef, updated: cst.ClassDef) -> cst.ClassDef:
    graph = decided.graph
    original_members = list(cst.ensure_type(graph.node.body, cst.IndentedBlock).body)
    members = list(cst.ensure_type(updated.body, cst.IndentedBlock).body)
    at = next((i for i, m in enumerate(original_members) if m is graph.init), None)
    if at is None or len(members) != len(original_members) or not isinstance(members[at], cst.FunctionDef):
        return updated
    init = cst.ensure_type(members[at], cst.FunctionDef)
    originals = list(cst.ensure_type(graph.init.body, cst.IndentedBlock).body)
    rewritten = _pair_lines(graph, originals, list(cst.ensure_type(init.body, cst.IndentedBlock).body))
    if rewritten is None:
        return updated
    body = _init_lines(rule, graph, originals, rewritten, [])
    docstring = bool(originals) and _is_docstring(originals[0])
    body.insert(1 if docstring else 0, _super_init())
    body.extend(_stored(graph, name) for name in graph.stored if name not in graph.stored_already)
    new_init = init.with_changes(body=init.body.with_changes(body=body))
    commented: set[int] = set()
    methods = [_method(rule, graph, name, rewritten, commented) for name in _method_names(graph)]
    members[at:at + 1] = [new_init, *methods]
    return updated.with_changes(
        bases=[cst.Arg(rule.spell("tf.Module"))], keywords=[], lpar=cst.LeftParen(), rpar=cst.RightParen(),
        body=updated.body.with_changes(body=members))


def _method_names(graph: GraphClass) -> list[str]:
    """Tensor attributes and training ops, in the order ``__init__`` built them."""
    return [name for name in graph.built if name in graph.steps or graph.tensors[name].attribute]


def _pair_lines(graph: GraphClass, originals: list[cst.BaseStatement],
                updated: list[cst.BaseStatement]) -> dict[int, cst.BaseStatement] | None:
    """Each original line of ``__init__`` (inside scopes too) with its rewritten form; None if they do not pair."""
    if len(originals) != len(updated):
        return None
    paired: dict[int, cst.BaseStatement] = {}
    for original, line in zip(originals, updated):
        paired[id(original)] = line
        if original in graph.scopes:
            if not isinstance(line, cst.With):
                return None
            inner = _pair_lines(graph, list(cst.ensure_type(original.body, cst.IndentedBlock).body),
                                list(cst.ensure_type(line.body, cst.IndentedBlock).body))
            if inner is None:
                return None
            paired.update(inner)
    return paired


def _init_lines(rule: MigrationRule, graph: GraphClass, originals: list[cst.BaseStatement],
                rewritten: dict[int, cst.BaseStatement], carried: list[cst.EmptyLine]) -> list[cst.BaseStatement]:
    """Python lines and variables as they were, the optimizers in place of the training ops.

    ``carried`` holds the comments of lines that moved out (placeholders, empty scopes), kept
    above the next line that stays.
    """
    body: list[cst.BaseStatement] = []
    moved = {id(t.statement) for t in graph.tensors.values()}  # their comments go with them, into the methods
    placeholders = {id(_line_of(rule, call)) for call in graph.placeholders.values()}
    steps = {id(s.statement): s for s in graph.steps.values()}
    optimizers = {id(o.statement): o for o in graph.optimizers.values()}
    for original in originals:
        line = rewritten[id(original)]
        if id(original) in moved:
            made = next((name for name, t in graph.tensors.items() if t.statement is original), None)
            if made in graph.layers:  # TF1 made the layer's variables here
                body.extend(_layer_lines(rule, graph, graph.layers[made]))
            continue
        if id(original) in placeholders:
            carried.extend(_comments(line))
            continue
        if original in graph.scopes:
            block = cst.ensure_type(line, cst.With)
            inner_lines = list(cst.ensure_type(original.body, cst.IndentedBlock).body)
            left: list[cst.EmptyLine] = []
            inner = _init_lines(rule, graph, inner_lines, rewritten, left)
            carried.extend(left)
            if not inner:  # only tensors were built in it: its comments go with the first, into a method
                _comment_first_moved(inner_lines, moved, rewritten, _comments(block))
                continue
            line = block.with_changes(body=block.body.with_changes(body=inner))
        elif id(original) in optimizers:
            line = _optimizer_line(rule, graph, optimizers[id(original)], cst.ensure_type(line, cst.SimpleStatementLine))
        elif id(original) in steps:
            made_here = steps[id(original)].optimizer
            if made_here.statement is not None:  # its optimizer stays on its own line; the step is a method
                carried.extend(_comments(line))
                continue
            line = _optimizer_line(rule, graph, made_here, cst.ensure_type(line, cst.SimpleStatementLine))
        else:
            line = _variable_line(rule, graph, line)
        if carried:
            line = line.with_changes(leading_lines=[*carried, *line.leading_lines])
            carried.clear()
        body.append(line)
    return body


def _layer_lines(rule: MigrationRule, graph: GraphClass, layer: ClassLayer) -> list[cst.SimpleStatementLine]:
    """``self.h_layer = tf.keras.layers.Dense(...)`` and its ``build``, which makes kernel and bias as TF1 did."""
    made = emit_layer_object(rule, layer.made)
    held = cst.Attribute(cst.Name(graph.self_name), cst.Name(layer.made.name))
    assign = cst.ensure_type(made.body[0], cst.Assign).with_changes(targets=[cst.AssignTarget(held)])
    shape = cst.Tuple([cst.Element(cst.Name("None")), cst.Element(layer.width)])
    build = cst.Call(cst.Attribute(held, cst.Name("build")), [cst.Arg(shape)])
    return [made.with_changes(body=[assign]), cst.SimpleStatementLine([cst.Expr(build)])]


def _comment_first_moved(lines: list[cst.BaseStatement], moved: set[int], rewritten: dict[int, cst.BaseStatement],
                         comments: list[cst.EmptyLine]) -> None:
    first = next((line for line in lines if id(line) in moved), None)
    if first is not None and comments:
        line = rewritten[id(first)]
        rewritten[id(first)] = line.with_changes(leading_lines=[*comments, *line.leading_lines])


def _line_of(rule: MigrationRule, node: cst.CSTNode) -> cst.CSTNode | None:
    parent = rule.parent(node)
    while parent is not None and not isinstance(parent, cst.SimpleStatementLine):
        parent = rule.parent(parent)
    return parent


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Expr)
            and isinstance(cst.ensure_type(statement.body[0], cst.Expr).value, cst.SimpleString))


def _super_init() -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Expr(cst.parse_expression("super().__init__()"))])


def _stored(graph: GraphClass, name: str) -> cst.SimpleStatementLine:
    target = cst.Attribute(cst.Name(graph.self_name), cst.Name(name))
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], cst.Name(name))])


def _variable_line(rule: MigrationRule, graph: GraphClass, line: cst.BaseStatement) -> cst.BaseStatement:
    """A local variable of ``__init__`` becomes an attribute (the methods read it there); tf.get_variable a tf.Variable."""
    if not isinstance(line, cst.SimpleStatementLine):
        return line
    small = line.body[0]
    if not isinstance(small, cst.Assign):
        return line
    target = small.targets[0].target
    name = target.value if isinstance(target, cst.Name) else (
        target.attr.value if isinstance(target, cst.Attribute) else None)
    if name is None or name not in graph.variables:
        return line
    if name in graph.made_as and isinstance(small.value, cst.Call):
        small = small.with_changes(value=emit_variable(rule, graph.made_as[name], small.value))  # type: ignore[arg-type]
    if graph.variables[name] is False:
        small = small.with_changes(targets=[cst.AssignTarget(cst.Attribute(cst.Name(graph.self_name), cst.Name(name)))])
    return line.with_changes(body=[small])


def _optimizer_line(rule: MigrationRule, graph: GraphClass, optimizer: ClassOptimizer,
                    line: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    target = cst.Attribute(cst.Name(graph.self_name), cst.Name(optimizer.attribute))
    made = emit_optimizer(rule, optimizer.planned)  # type: ignore[arg-type]
    return line.with_changes(body=[cst.Assign([cst.AssignTarget(target)], made)])


def _method(rule: MigrationRule, graph: GraphClass, name: str, rewritten: dict[int, cst.BaseStatement],
            commented: set[int]) -> cst.FunctionDef:
    params = graph.params(name)
    signature = cst.Parameters([cst.Param(cst.Name(graph.self_name)), *(cst.Param(cst.Name(p)) for p in params)])
    if name in graph.steps:
        body = _step_body(rule, graph, graph.steps[name], params)
    else:
        body = _tensor_body(rule, graph, name, params, rewritten, commented)
    return cst.FunctionDef(cst.Name(name), signature, cst.IndentedBlock(body),
                           leading_lines=[cst.EmptyLine(indent=False)])


def _tensor_body(rule: MigrationRule, graph: GraphClass, name: str, params: list[str],
                 rewritten: dict[int, cst.BaseStatement], commented: set[int]) -> list[cst.BaseStatement]:
    body: list[cst.BaseStatement] = [_converted(rule, graph, p) for p in params]
    closure = graph.closure(name)
    for tensor in closure:
        line = cst.ensure_type(rewritten[id(tensor.statement)], cst.SimpleStatementLine)
        value = cst.ensure_type(line.body[0], cst.Assign).value
        layer = graph.layers.get(tensor.name)
        if layer is not None and isinstance(value, cst.Call) and len(value.args) > layer.inputs:
            held = cst.Attribute(cst.Name(graph.self_name), cst.Name(layer.made.name))
            value = cst.Call(held, [cst.Arg(value.args[layer.inputs].value)])
        value = _joined(value).visit(_Reads(graph))
        statement: cst.BaseSmallStatement
        if tensor is closure[-1]:
            statement = cst.Return(cst.ensure_type(value, cst.BaseExpression))
        else:
            statement = cst.Assign([cst.AssignTarget(cst.Name(tensor.name))], cst.ensure_type(value, cst.BaseExpression))
        comments = [] if id(line) in commented else _comments(line)
        commented.add(id(line))
        body.append(cst.SimpleStatementLine([statement], leading_lines=comments))
    return body


def _comments(line: cst.SimpleStatementLine) -> list[cst.EmptyLine]:
    return [e for e in line.leading_lines if e.comment is not None]


def _converted(rule: MigrationRule, graph: GraphClass, placeholder: str) -> cst.SimpleStatementLine:
    """``x = tf.convert_to_tensor(x, dtype)``: a fed value converted to the placeholder's dtype, as TF1's feed did."""
    call = graph.placeholders[placeholder]
    dtype = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "dtype"), None)
    args = [cst.Arg(cst.Name(placeholder))] + ([cst.Arg(dtype.visit(_Reads(graph)))] if dtype is not None else [])  # type: ignore[arg-type]
    convert = cst.Call(rule.spell("tf.convert_to_tensor"), args)
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(placeholder))], convert)])


def _step_body(rule: MigrationRule, graph: GraphClass, step: ClassStep, params: list[str]) -> list[cst.BaseStatement]:
    me = graph.self_name
    arguments = ", ".join(params)
    code = (
        f"def step():\n"
        f"    with TAPE() as tape:\n"
        f"        loss_value = {me}.{step.loss}({arguments})\n"
        f"    train_vars = tape.watched_variables()\n"
        f"    {me}.{step.optimizer.attribute}.apply_gradients(zip({gradients(step.dense)}, train_vars))\n"
    ) + (f"    {me}.{step.global_step}.assign_add(1)\n" if step.global_step else "") + "    return loss_value\n"
    function = cst.ensure_type(cst.parse_statement(code), cst.FunctionDef)
    body = list(cst.ensure_type(function.body, cst.IndentedBlock).body)
    tape = cst.ensure_type(body[0], cst.With)
    item = tape.items[0]
    body[0] = tape.with_changes(items=[item.with_changes(item=cst.Call(rule.spell("tf.GradientTape")))])
    return [line.visit(_Spell(rule)) for line in body]  # type: ignore[misc]


class _Spell(cst.CSTTransformer):
    """The template's ``CONVERT`` as this module spells ``tf.convert_to_tensor``."""

    def __init__(self, rule: MigrationRule) -> None:
        super().__init__()
        self.rule = rule

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.rule.spell("tf.convert_to_tensor") if updated_node.value == "CONVERT" else updated_node


def _joined(value: cst.BaseExpression) -> cst.BaseExpression:
    """The value on one line: in its method it is shorter than where it was split (the layout splits it again).

    Left as it is when it holds a comment or a trailing comma, which keep a split line split.
    """
    if any(True for _ in walk(value, cst.Comment)) or any(_trailing_comma(n) for n in walk(value, cst.Call)):
        return value
    return cst.ensure_type(value.visit(_Join()), cst.BaseExpression)


def _trailing_comma(call: cst.Call) -> bool:
    return bool(call.args) and isinstance(call.args[-1].comma, cst.Comma)


class _Join(cst.CSTTransformer):
    """Line breaks inside brackets become nothing, or one space after a comma or around an operator."""

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        if isinstance(updated_node, cst.ParenthesizedWhitespace):
            return cst.SimpleWhitespace("")
        spaced = [field for field in ("whitespace_before", "whitespace_after")
                  if isinstance(getattr(original_node, field, None), cst.ParenthesizedWhitespace)]
        if isinstance(updated_node, cst.Comma):
            spaced = [field for field in spaced if field == "whitespace_after"]
        elif not isinstance(updated_node, (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp)):
            return updated_node
        return updated_node.with_changes(**{field: cst.SimpleWhitespace(" ") for field in spaced})


class _Reads(cst.CSTTransformer):
    """A tensor's value as a method computes it: placeholders and tensors as locals, variables on self."""

    def __init__(self, graph: GraphClass) -> None:
        super().__init__()
        self.graph = graph
        self.skip: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.skip.add(id(node.attr))
        return True

    def visit_Arg(self, node: cst.Arg) -> bool:
        if node.keyword is not None:
            self.skip.add(id(node.keyword))
        return True

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        g = self.graph
        value = original_node.value
        if isinstance(value, cst.Name) and value.value == g.self_name:
            name = original_node.attr.value
            if name in g.placeholders or (name in g.tensors and g.tensors[name].attribute):
                return cst.Name(name)
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self.skip:
            return updated_node
        g = self.graph
        name = original_node.value
        if g.variables.get(name) is False or name in g.stored:
            return cst.Attribute(cst.Name(g.self_name), cst.Name(name))
        return updated_node


# -- runs ------------------------------------------------------------------------
def method_call(fetch: ClassFetch, feeds: dict[str, cst.BaseExpression]) -> cst.BaseExpression:
    """``net.loss(x=..., y=...)`` (``net.W`` for a variable), the feeds from the updated run."""
    attribute = cst.Attribute(cst.Name(fetch.instance), cst.Name(fetch.attribute))
    if fetch.kind == "variable":
        return attribute
    return cst.Call(attribute, [keyword(p, feeds[p]) for p in fetch.params if p in feeds])


def updated_feeds(updated: cst.Call, instance: str) -> dict[str, cst.BaseExpression]:
    """The fed values of one instance's placeholders, by placeholder, from the rewritten run."""
    _, feeds = _run_arguments_loose(updated)
    found: dict[str, cst.BaseExpression] = {}
    if isinstance(feeds, cst.Name):  # a dict of feeds bound once, now keyed by the placeholders' names
        return _NamedFeeds(feeds.value)
    for element in feeds.elements if isinstance(feeds, cst.Dict) else ():
        key = element.key if isinstance(element, cst.DictElement) else None
        if (isinstance(key, cst.Attribute) and isinstance(key.value, cst.Name) and key.value.value == instance):
            found[key.attr.value] = cst.ensure_type(element, cst.DictElement).value
    return found


def _run_arguments_loose(call: cst.Call) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None]:
    positional = [a.value for a in call.args if a.keyword is None]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    fetch = positional[0] if positional else keywords.get("fetches")
    feeds = positional[1] if len(positional) > 1 else keywords.get("feed_dict")
    return fetch, feeds


class _NamedFeeds(dict):
    """``feeds["x"]`` for every placeholder ``x``: the value the named dict holds for it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __getitem__(self, key: str) -> cst.BaseExpression:
        return cst.Subscript(cst.Name(self.name), [cst.SubscriptElement(cst.Index(cst.SimpleString(f'"{key}"')))])


def emit_class_run(decided: ClassRun, updated: cst.Call) -> cst.BaseExpression:
    values = [numpy(method_call(f, updated_feeds(updated, f.instance))) for f in decided.fetches]
    if decided.container is cst.List:
        return cst.List([cst.Element(v) for v in values])
    if decided.container is cst.Tuple:
        return cst.Tuple([cst.Element(v) for v in values])
    return values[0]


def emit_class_step_run(decided: ClassStepRun, updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    small = updated.body[0]
    run = cst.ensure_type(small.value, cst.Call)  # type: ignore[attr-defined]
    step = method_call(decided.step, updated_feeds(run, decided.step.instance))
    if decided.target is None:
        return updated.with_changes(body=[cst.Expr(step)])
    return updated.with_changes(body=[cst.Assign([cst.AssignTarget(decided.target)], numpy(step))])

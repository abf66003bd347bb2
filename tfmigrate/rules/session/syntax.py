"""CST helpers of the session converter: walking expressions, and the small nodes its emitters build."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst


def walk(node: cst.CSTNode, kinds: type | tuple[type, ...]) -> Iterator:
    """Every node of the given types under ``node`` (itself included), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, kinds):
            yield current
        stack.extend(reversed(current.children))


def names_in(node: cst.CSTNode) -> Iterator[cst.Name]:
    """Names read by an expression (attribute tails, keyword names, functions and classes excluded).

    A lambda's body is read too, without its parameters: ``tf.map_fn(lambda v:
    v * w, xs)`` reads ``w`` each time the graph runs it.
    """
    stack: list[tuple[cst.CSTNode, frozenset[str]]] = [(node, frozenset())]
    while stack:
        current, bound = stack.pop()
        if isinstance(current, cst.Name):
            if current.value not in bound:
                yield current
            continue
        if isinstance(current, cst.Attribute):
            stack.append((current.value, bound))
            continue
        if isinstance(current, cst.Arg):
            stack.append((current.value, bound))
            continue
        if isinstance(current, cst.Lambda):
            params = current.params
            own = {p.name.value for p in [*params.posonly_params, *params.params, *params.kwonly_params]}
            own |= {p.name.value for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)}
            defaults = [p.default for p in [*params.posonly_params, *params.params, *params.kwonly_params] if p.default]
            stack.append((current.body, bound | own))
            stack.extend((default, bound) for default in reversed(defaults))
            continue
        if isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            continue
        stack.extend((child, bound) for child in reversed(current.children))


def target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target binds (``a, (b, *c)`` binds a, b and c)."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from target_names(target.value)


def root_name(node: cst.BaseExpression) -> str | None:
    """``x`` of ``x.a[i].b``."""
    while isinstance(node, (cst.Subscript, cst.Attribute)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def is_pure(node: cst.BaseExpression) -> bool:
    """Reading it twice gives the same object: names, literals, attribute and subscript reads of those."""
    if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return is_pure(node.expression)
    if isinstance(node, cst.Attribute):
        return is_pure(node.value)
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(is_pure(e.value) for e in node.elements if isinstance(e, cst.Element))
    if isinstance(node, cst.BinaryOperation):
        return is_pure(node.left) and is_pure(node.right)
    if isinstance(node, cst.Subscript):
        return is_pure(node.value) and all(_pure_slice(e.slice) for e in node.slice)
    return False


def _pure_slice(item: cst.BaseSlice) -> bool:
    if isinstance(item, cst.Index):
        return is_pure(item.value)
    parts = [item.lower, item.upper, item.step]  # type: ignore[attr-defined]
    return all(part is None or is_pure(part) for part in parts)


def tight_equal() -> cst.AssignEqual:
    return cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value`` as a call argument."""
    return cst.Arg(value, keyword=cst.Name(name), equal=tight_equal())


def call(name: str, keywords: list[tuple[str, cst.BaseExpression]]) -> cst.Call:
    """``name(k1=v1, ...)``."""
    return cst.Call(cst.Name(name), [keyword(k, v) for k, v in keywords])


def numpy(expression: cst.BaseExpression) -> cst.Call:
    """``expression.numpy()``, parenthesised where the expression needs it."""
    if not isinstance(expression, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) and not expression.lpar:
        expression = expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Call(cst.Attribute(expression, cst.Name("numpy")))


def assign(targets: list[cst.BaseAssignTargetExpression] | None, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """``t1, t2 = value`` (or the bare expression statement when there are no targets)."""
    if not targets:
        return cst.SimpleStatementLine([cst.Expr(value)])
    target: cst.BaseAssignTargetExpression = targets[0] if len(targets) == 1 else cst.Tuple(
        [cst.Element(t) for t in targets], lpar=[], rpar=[]
    )
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], value)])


def tuple_of(values: list[cst.BaseExpression]) -> cst.BaseExpression:
    """One value as itself, several as an unparenthesised tuple."""
    if len(values) == 1:
        return values[0]
    return cst.Tuple([cst.Element(v) for v in values], lpar=[], rpar=[])


def string_literal(text: str, examples: list[cst.SimpleString]) -> cst.SimpleString:
    """``"text"`` (black's style), or ``'text'`` when most of the module's strings use single quotes."""
    single = sum(1 for e in examples if e.value.lstrip("rbuRBUfF").startswith("'"))
    quote = "'" if single * 2 > len(examples) else '"'
    return cst.SimpleString(f"{quote}{text}{quote}")

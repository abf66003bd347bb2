"""Lay out the code the rules generated the way the file's own code is laid out.

A post-pass over the migrated module, after every rule and import edit:

* a function or class the rules inserted gets the blank lines PEP 8 (and
  black) want: two around it at module level, one inside a block, none when it
  opens a block; so does the statement after it;
* a line longer than the file's line length is split at its last call's
  brackets, black's way: the arguments on their own indented line, or one
  argument per line with a trailing comma when they do not fit either.

It touches only what the rules produced: defs whose names the original module
did not define, and lines over a limit no original line exceeds. Code that is
only laid out, never changed in meaning, is the whole of its effect.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

#: Line lengths projects use; a file's limit is the smallest its own lines keep to.
#: 79 is left out: a file whose lines all fit 79 columns may as well be a black
#: file (88) of short lines, and splitting lines black would join is no help.
COMMON_LIMITS = (88, 99, 100, 120)
INDENT = "    "


def tidy(original: cst.Module, migrated: cst.Module) -> cst.Module:
    """The migrated module with PEP 8 blank lines around inserted defs and long generated lines split."""
    if migrated is original:
        return migrated
    defined = {node.name.value for node in _defs(original)}
    migrated = migrated.visit(_BlankLines(defined))
    limit = line_limit(original)
    if max(map(len, migrated.code.splitlines()), default=0) > limit:  # cheap check first
        migrated = migrated.visit(_SplitLongLines(migrated, limit))
    return migrated


def line_limit(module: cst.Module) -> int:
    """The smallest common limit every code line of the original keeps to (its own longest line if none).

    Comment-only lines do not count: formatters leave them long, as they cannot split them.
    """
    code_lines = (line for line in module.code.splitlines() if not line.lstrip().startswith("#"))
    longest = max(map(len, code_lines), default=0)
    return next((limit for limit in COMMON_LIMITS if longest <= limit), longest)


def _defs(module: cst.Module) -> list[cst.FunctionDef | cst.ClassDef]:
    found: list[cst.FunctionDef | cst.ClassDef] = []

    class Collect(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            found.append(node)

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            found.append(node)

    module.visit(Collect())
    return found


# -- blank lines --------------------------------------------------------------
class _BlankLines(cst.CSTTransformer):
    def __init__(self, defined: set[str]) -> None:
        super().__init__()
        self.defined = defined

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._spaced(updated_node.body, 2, module=True))

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._spaced(updated_node.body, 1, module=False))

    def _inserted(self, statement: cst.CSTNode) -> bool:
        return isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value not in self.defined

    def _spaced(self, body: Sequence[cst.BaseStatement], blanks: int, *, module: bool) -> list[cst.BaseStatement]:
        spaced = list(body)
        for index, statement in enumerate(body):
            after_inserted = index > 0 and self._inserted(body[index - 1])
            if not (self._inserted(statement) or after_inserted):
                continue
            # The first statement of a block (or of a file) takes no blank line before it.
            wanted = blanks if index > 0 else (_blank_count(statement) if module else 0)
            spaced[index] = _with_blank_lines(statement, wanted)
        return spaced


def _blank_count(statement: cst.BaseStatement) -> int:
    count = 0
    for line in statement.leading_lines:
        if line.comment is not None:
            break
        count += 1
    return count


def _with_blank_lines(statement: cst.BaseStatement, count: int) -> cst.BaseStatement:
    """Exactly ``count`` blank lines before the statement and its comments; the comments stay."""
    lines = list(statement.leading_lines)
    first_comment = next((i for i, line in enumerate(lines) if line.comment is not None), len(lines))
    kept = lines[first_comment:]
    if not kept:
        return statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * count)
    return statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * count + kept)


# -- long lines ---------------------------------------------------------------
class _SplitLongLines(cst.CSTTransformer):
    """Split a simple statement line over the limit at the brackets of the call that ends it."""

    def __init__(self, module: cst.Module, limit: int) -> None:
        super().__init__()
        self.module = module
        self.limit = limit
        self.depth = 0

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.depth += 1

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        self.depth -= 1
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        indent = INDENT * self.depth
        if len(updated_node.body) != 1 or self._width(updated_node, indent) <= self.limit:
            return updated_node
        statement = updated_node.body[0]
        value = _value_of(statement)
        if isinstance(value, (cst.List, cst.Tuple)) and value.elements and (value.lpar or isinstance(value, cst.List)):
            return updated_node.with_changes(body=[_with_value(statement, _split_list(value, indent, self.limit, self.module))])
        call = _last_call(value) if value is not None else None
        if call is None or not call.args:
            return updated_node
        split = _split_call(call, indent, 1, self.limit, self.module)
        new_value = value.deep_replace(call, split) if value is not call else split
        return updated_node.with_changes(body=[_with_value(statement, new_value)])

    def _width(self, line: cst.SimpleStatementLine, indent: str) -> int:
        code = self.module.code_for_node(line.with_changes(leading_lines=[]))
        return max(len(indent + text) for text in code.splitlines())


def _value_of(statement: cst.BaseSmallStatement) -> cst.BaseExpression | None:
    if isinstance(statement, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return, cst.Expr)):
        return statement.value
    return None


def _with_value(statement: cst.BaseSmallStatement, value: cst.BaseExpression) -> cst.BaseSmallStatement:
    return statement.with_changes(value=value)


def _last_call(expression: cst.BaseExpression) -> cst.Call | None:
    """The call whose closing bracket ends the expression, past empty trailers such as ``.numpy()``."""
    node: cst.BaseExpression = expression
    while True:
        if isinstance(node, cst.Call) and not node.lpar:
            if node.args:
                return node
            func = node.func
            node = func.value if isinstance(func, cst.Attribute) else func
            continue
        if isinstance(node, cst.Attribute) and not node.lpar:
            node = node.value
            continue
        if isinstance(node, cst.UnaryOperation) and not node.lpar:
            node = node.expression
            continue
        if isinstance(node, cst.BinaryOperation) and not node.lpar:
            node = node.right  # black splits at the last bracket of the line
            continue
        return None


def _newline(indent: str) -> cst.ParenthesizedWhitespace:
    """A line break inside brackets; ``indent`` is added to the statement's own block indentation."""
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(), empty_lines=[], indent=True, last_line=cst.SimpleWhitespace(indent)
    )


def _arg_text(arg: cst.Arg, module: cst.Module) -> str:
    return module.code_for_node(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)).strip()


def _split_call(call: cst.Call, block_indent: str, level: int, limit: int, module: cst.Module) -> cst.Call:
    """``f(a, b)`` as black splits it: the arguments on one line ``level`` deeper, else one per line."""
    inside, closing = _newline(INDENT * level), _newline(INDENT * (level - 1))
    width = len(block_indent) + len(INDENT) * level
    texts = [_arg_text(arg, module) for arg in call.args]
    bare = [arg.with_changes(whitespace_after_arg=cst.SimpleWhitespace("")) for arg in call.args]
    if width + len(", ".join(texts)) <= limit:
        args = [arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for arg in bare[:-1]]
        args.append(bare[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=closing))
        return call.with_changes(whitespace_before_args=inside, args=args)
    args = []
    for arg, text in zip(bare, texts):
        value = arg.value
        if width + len(text) + 1 > limit and isinstance(value, cst.Call) and value.args:
            arg = arg.with_changes(value=_split_call(value, block_indent, level + 1, limit, module))
        args.append(arg.with_changes(comma=cst.Comma(whitespace_after=inside)))
    args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=closing))  # black's trailing comma
    return call.with_changes(whitespace_before_args=inside, args=args)


def _split_list(display: cst.List | cst.Tuple, block_indent: str, limit: int, module: cst.Module) -> cst.BaseExpression:
    """``[a, b]`` as black splits it: the elements on one indented line, else one per line."""
    inside, closing = _newline(INDENT), _newline("")
    texts = [module.code_for_node(element.with_changes(comma=cst.MaybeSentinel.DEFAULT)).strip()
             for element in display.elements]
    if len(block_indent) + len(INDENT) + len(", ".join(texts)) <= limit:
        elements = [element.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                    for element in display.elements[:-1]]
        elements.append(display.elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT))
    else:
        elements = [element.with_changes(comma=cst.Comma(whitespace_after=inside)) for element in display.elements]
        elements[-1] = elements[-1].with_changes(comma=cst.Comma())  # black's trailing comma
    if isinstance(display, cst.List):
        return display.with_changes(elements=elements, lbracket=cst.LeftSquareBracket(whitespace_after=inside),
                                    rbracket=cst.RightSquareBracket(whitespace_before=closing))
    lpar = [cst.LeftParen(whitespace_after=inside)]
    return display.with_changes(elements=elements, lpar=lpar, rpar=[cst.RightParen(whitespace_before=closing)])

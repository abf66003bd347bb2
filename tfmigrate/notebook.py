"""Jupyter notebooks (nbformat 4) as one Python module, and back.

The codemod needs to see a notebook whole: a session made in cell 1 and run
in cell 5 is one program. So every code cell is joined into one module, each
cell opened by a marker statement ``__tfmigrate_cell__(N)`` (N = index in the
notebook's cell list). IPython-only lines (magics, shell escapes, help
queries) are swapped for ``__tfmigrate_magic__(K)`` statements so the module
parses; ``with_code`` splits the migrated module on the markers and puts the
original lines back. Markers are statements rather than comments because a
codemod may drop comments together with a statement it removes.

Two refinements keep migrated notebooks runnable: ``%time``/``%timeit``/
``%prun`` around one statement become ``with __tfmigrate_magic__(K):``
blocks, so the timed statement is migrated with the rest (``%timeit
sess.run(y)`` must not outlive ``sess``); and ``from __future__`` imports of
the first code cell stay above its marker, at the top of the module, so an
import a rule adds lands after them.

Only the standard library's json is used: the file is rewritten in the style
it was read in, and left byte-identical when no code changed.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import json
import re
from collections.abc import Callable
from typing import Any

from tfmigrate.files import InputError, SourceError, SourceText
from tfmigrate.findings import Finding
from tfmigrate.linescan import ScanState, python2_hint, python_syntax_error, scan_line
from tfmigrate.pyparse import parse_python

CELL_MARKER = "__tfmigrate_cell__"
MAGIC_MARKER = "__tfmigrate_magic__"
KNOWN_CELL_TYPES = frozenset({"code", "markdown", "raw"})

# Cell magics whose body is Python: only the magic line is masked, the body is
# migrated. Every other cell magic (%%bash, %%writefile, %%html, ...) keeps its
# whole cell untouched.
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})

_CELL_MARKER_LINE = re.compile(rf"^{CELL_MARKER}\((\d+)\)[ \t]*\r?$")
_MAGIC_MARKER_LINE = re.compile(rf"^([ \t]*){MAGIC_MARKER}\((\d+)\)[ \t]*$", re.MULTILINE)
_CELL_MAGIC = re.compile(r"^%%(\w+)")
# `%time stmt` / `%timeit stmt` / `%prun stmt` (no options) time one Python statement. The
# statement stays visible to the codemod inside `with __tfmigrate_magic__(K):` so that,
# say, `%timeit sess.run(y)` is migrated together with the session it uses.
_TIMED_MAGIC = re.compile(r"^([ \t]*)(%(?:time|timeit|prun)[ \t]+)(?!-)(\S.*?)[ \t]*(\r?)$")
_TIMED_BLOCK_LINE = re.compile(rf"^([ \t]*)with {MAGIC_MARKER}\((\d+)\):[ \t]*\n?$")
_COMPOUND_STATEMENTS = (
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match,
)
# `x = !ls`, `a, b = %sx ls`: an assignment whose right side is IPython syntax.
_MAGIC_ASSIGNMENT = re.compile(r"^[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[!%]")


def cell_label(index: int) -> str:
    """How a cell is named to people: ``cell 1`` is the notebook's first cell, markdown cells counting.

    Numbered from 1, as ruff and Jupyter number cells; ``index`` is the 0-based
    position in the notebook's cell list. migrate and verify both use this.
    """
    return f"cell {index + 1}"


@dataclasses.dataclass(frozen=True)
class _CodeCell:
    index: int  # position in the notebook's "cells" list
    source: str
    ends_with_newline: bool


@dataclasses.dataclass(frozen=True)
class _JsonStyle:
    indent: int | str | None
    separators: tuple[str, str]
    ensure_ascii: bool
    trailing_newline: bool
    newline: str  # "\r\n" for a notebook saved with Windows line ends


def load_notebook(source: SourceText) -> "Notebook":
    """Parse a notebook, or raise InputError saying what is wrong and where."""
    try:
        document = json.loads(source.text)
    except json.JSONDecodeError as err:
        raise InputError(
            source.path, f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"
        ) from None
    _check_document(source.path, document)
    return Notebook(source, document)


def migrate_notebook(source: SourceText, migrate: Callable[[str], tuple[str, list[Finding]]]) -> tuple[str, list[Finding]]:
    """Migrate a notebook's code cells as one module with ``migrate``: the new notebook text, findings by cell.

    Raises InputError naming the cell and line when the code does not parse,
    or when the migrated code can no longer be split back into its cells.
    """
    notebook = load_notebook(source)
    try:
        migrated, findings = migrate(notebook.joined_code())
    except SourceError as error:
        where = notebook.syntax_error() or f"{notebook.describe_line(error.line)}: {error.message}"
        raise InputError(source.path, where) from None
    located = [notebook.locate_finding(finding) for finding in findings]
    try:
        return notebook.with_code(migrated), located
    except ValueError as error:  # a rule dropped a cell marker: keep the notebook as it was
        raise InputError(source.path, f"cannot map the migrated code back to cells ({error}); left unchanged") from None


def notebook_diff(path: str, old_text: str, new_text: str) -> str:
    """A unified diff of the code cells whose source changed, one hunk set per cell, not of the JSON.

    Each cell is named as findings name it (``a/nb.ipynb[cell 3]``); both texts
    must be notebooks with the same cells, as a migration leaves them.
    """
    old_cells, new_cells = json.loads(old_text)["cells"], json.loads(new_text)["cells"]
    pieces = []
    for index, (old, new) in enumerate(zip(old_cells, new_cells)):
        before, after = _source_text(old.get("source", "")), _source_text(new.get("source", ""))
        if before == after:
            continue
        name = f"{path}[{cell_label(index)}]"
        lines = difflib.unified_diff(before.splitlines(), after.splitlines(), f"a/{name}", f"b/{name}", lineterm="")
        pieces.append("\n".join(lines) + "\n")
    return "".join(pieces)


def _check_document(path: str, document: Any) -> None:
    if not isinstance(document, dict):
        raise InputError(path, "not a Jupyter notebook: the JSON is not an object")
    if "cells" not in document and "worksheets" in document:
        raise InputError(path, "nbformat 3 notebook: open and save it in Jupyter to convert it to nbformat 4")
    if not isinstance(document.get("cells"), list):
        raise InputError(path, 'not a Jupyter notebook: no "cells" list')
    language = _kernel_language(document)
    if language is not None and language.lower() != "python":
        raise InputError(path, f"not a Python notebook (kernel language {language!r})")
    for index, cell in enumerate(document["cells"]):
        _check_cell(path, index, cell)


def _kernel_language(document: dict[str, Any]) -> str | None:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return section[field]
    return None


def _check_cell(path: str, index: int, cell: Any) -> None:
    if not isinstance(cell, dict):
        raise InputError(path, f"{cell_label(index)}: not a JSON object")
    cell_type = cell.get("cell_type")
    if cell_type not in KNOWN_CELL_TYPES:
        raise InputError(path, f"{cell_label(index)}: unknown cell_type {cell_type!r} (expected code, markdown or raw)")
    source = cell.get("source", "")
    if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
        raise InputError(path, f"{cell_label(index)}: source must be a string or a list of strings")
    if cell_type == "code":
        text = _source_text(source)
        for reserved in (CELL_MARKER, MAGIC_MARKER):
            if reserved in text:
                raise InputError(path, f"{cell_label(index)}: uses the name {reserved}, which tfmigrate reserves")


def _source_text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def _text_field(value: object) -> str:
    """A multiline string field of an output; anything malformed counts as empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return ""


def _split_lines_keep_ends(text: str) -> list[str]:
    """Lines with their "\\n" kept, split on "\\n" only (as nbformat stores them)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


class Notebook:
    """A loaded notebook: its code as one module, and the way back to JSON text."""

    def __init__(self, source: SourceText, document: dict[str, Any]) -> None:
        self.path = source.path
        self.text = source.text
        self.document = document
        self._cells = [
            _CodeCell(index, text, text.endswith("\n"))
            for index, cell in enumerate(document["cells"])
            if cell["cell_type"] == "code"
            for text in [_source_text(cell.get("source", ""))]
        ]
        self._magics: list[str] = []  # side table: original line(s) of each masked statement
        self._line_map: list[tuple[int, int]] = []  # joined-module line -> (cell index, line in cell)
        self._masked: dict[int, list[tuple[str, int]]] = {}  # cell index -> its masked lines and their origins
        self._timed: dict[int, tuple[str, str]] = {}  # side-table index -> (magic prefix, "\r" or "")
        self._joined = self._join()

    # -- reading -------------------------------------------------------
    def code_cells(self) -> list[tuple[int, str]]:
        return [(cell.index, cell.source) for cell in self._cells]

    def cell_outputs_text(self, index: int) -> str:
        """text/plain results and stream output of one cell, in order."""
        cell = self.document["cells"][index]
        parts: list[str] = []
        outputs = cell.get("outputs", []) if cell.get("cell_type") == "code" else []
        for output in outputs if isinstance(outputs, list) else []:
            kind = output.get("output_type") if isinstance(output, dict) else None
            if kind == "stream":
                parts.append(_text_field(output.get("text", "")))
            elif kind in ("execute_result", "display_data") and isinstance(output.get("data"), dict):
                parts.append(_text_field(output["data"].get("text/plain", "")))
        return "".join(parts)

    def cell_error(self, index: int) -> str:
        """The exception type (``ename``) an error output of one cell recorded; "" if none."""
        cell = self.document["cells"][index]
        outputs = cell.get("outputs", []) if cell.get("cell_type") == "code" else []
        for output in outputs if isinstance(outputs, list) else []:
            if isinstance(output, dict) and output.get("output_type") == "error":
                return str(output.get("ename", "")) or "an exception"
        return ""

    def joined_code(self) -> str:
        return self._joined

    def locate(self, line: int) -> tuple[int, int]:
        """(cell index, 1-based line in that cell) of a line of ``joined_code()``; (-1, 0) if none."""
        if 1 <= line <= len(self._line_map):
            return self._line_map[line - 1]
        return -1, 0

    def locate_finding(self, finding: Finding) -> Finding:
        """A finding on the joined code, moved to its cell: ``nb.ipynb[cell 3]`` (1-based), line within that cell."""
        if not finding.line:
            return finding
        cell, line = self.locate(finding.line)
        return dataclasses.replace(finding, path=f"{finding.path}[{cell_label(cell)}]", line=line)

    def describe_line(self, line: int) -> str:
        cell, cell_line = self.locate(line)
        if cell < 0:
            return f"line {line}"
        return f"{cell_label(cell)}, line {cell_line}" if cell_line else cell_label(cell)

    def syntax_error(self) -> str | None:
        """Where the first cell that Python cannot parse goes wrong, in that cell's own lines."""
        for index, masked in self._masked.items():
            text = "\n".join(line for line, _ in masked)
            problem = python_syntax_error(text, top_level_await=True)
            if problem is None:
                continue
            line, column, message = problem

            def origin(number: int, masked: list[tuple[str, int]] = masked) -> int:
                return masked[number - 1][1] if 1 <= number <= len(masked) else number

            advice = python2_hint(text, line_of=origin) or message
            return f"{cell_label(index)}: syntax error at line {origin(line)}, column {column}: {advice}"
        return None

    # -- joining -------------------------------------------------------
    def _join(self) -> str:
        pieces: list[str] = []
        for position, cell in enumerate(self._cells):
            masked = self._masked[cell.index] = self._mask_cell(cell.source)
            # `from __future__` imports of the first cell stay at the top of the module,
            # where they are legal and where imports a rule adds are placed after them.
            hoisted = _future_import_lines(masked) if position == 0 else 0
            for line, origin in masked[:hoisted]:
                pieces.append(line + "\n")
                self._line_map.append((cell.index, origin))
            pieces.append(f"{CELL_MARKER}({cell.index})\n")
            self._line_map.append((cell.index, 0))
            for line, origin in masked[hoisted:]:
                pieces.append(line + "\n")
                self._line_map.append((cell.index, origin))
        return "".join(pieces)

    def _mask_cell(self, source: str) -> list[tuple[str, int]]:
        """(module line, 1-based cell line it came from) for every line of one cell."""
        if not source:
            return []
        if source.endswith("\n"):
            source = source[:-1]  # _join ends every line with a newline itself
        cell_magic = _CELL_MAGIC.match(source)
        if cell_magic and cell_magic.group(1) not in PYTHON_BODY_CELL_MAGICS:
            return [(self._remember(source), 1)]
        masked: list[tuple[str, int]] = []
        state = ScanState()
        continuing = False
        for number, line in enumerate(source.split("\n"), start=1):
            if continuing:
                # `!pip install \` goes on: the next line belongs to the same masked statement.
                self._magics[-1] += "\n" + line
            elif state.at_statement_start and (timed := _timed_statement(line)) is not None:
                indent, prefix, statement, carriage = timed
                marker = self._remember(line[len(indent) :])
                self._timed[len(self._magics) - 1] = (prefix, carriage)
                masked.extend([(f"{indent}with {marker}:", number), (f"{indent}    {statement}", number)])
                continue
            elif (number == 1 and cell_magic) or (state.at_statement_start and _is_ipython_line(line, state)):
                indent = line[: len(line) - len(line.lstrip())]
                masked.append((indent + self._remember(line[len(indent) :]), number))
            else:
                masked.append((line, number))
                state = scan_line(line.rstrip("\r"), state).state_after
                continue
            continuing = line.rstrip("\r").endswith("\\")
        return masked

    def _remember(self, original: str) -> str:
        """Store IPython text in the side table; return the statement that stands for it."""
        self._magics.append(original)
        return f"{MAGIC_MARKER}({len(self._magics) - 1})"

    # -- splitting -----------------------------------------------------
    def with_code(self, migrated: str) -> str:
        """The notebook JSON text with cell sources taken from a migrated ``joined_code()``."""
        if migrated == self._joined:
            return self.text  # nothing changed: not even a re-split may touch the file
        new_sources = self._split(migrated)
        changed = {
            cell.index: new_sources[cell.index] for cell in self._cells if new_sources[cell.index] != cell.source
        }
        if not changed:
            return self.text
        document = json.loads(self.text)  # a fresh copy, in the original key order
        for index, text in changed.items():
            cell = document["cells"][index]
            cell["source"] = text if isinstance(cell.get("source"), str) else _split_lines_keep_ends(text)
        return _dump(document, _detect_style(self.text))

    def _split(self, migrated: str) -> dict[int, str]:
        segments = self._segments(migrated)
        used: set[int] = set()
        sources: dict[int, str] = {}
        for cell in self._cells:
            text = self._unwrap_timed(segments[cell.index], used)
            text = _MAGIC_MARKER_LINE.sub(lambda m: self._unmask(m, used), text)
            if not cell.ends_with_newline and text.endswith("\n"):
                text = text[:-1]  # the newline _join added
            sources[cell.index] = text
        lost = set(range(len(self._magics))) - used
        if lost:
            raise ValueError(f"migrated code lost IPython line(s) {sorted(lost)}")
        return sources

    def _segments(self, migrated: str) -> dict[int, str]:
        """Text after each cell marker up to the next; text before the first goes to the first cell."""
        lines = _split_lines_keep_ends(migrated)
        order = [(number, int(m.group(1))) for number, line in enumerate(lines) if (m := _CELL_MARKER_LINE.match(line))]
        expected = [cell.index for cell in self._cells]
        found = [index for _, index in order]
        if found != expected:
            raise ValueError(f"cell markers out of place in migrated code: expected cells {expected}, found {found}")
        segments: dict[int, str] = {}
        bounds = [number for number, _ in order] + [len(lines)]
        for position, (start, index) in enumerate(order):
            segments[index] = "".join(lines[start + 1 : bounds[position + 1]])
        if order:
            lead = "".join(lines[: order[0][0]])
            segments[order[0][1]] = lead + segments[order[0][1]]
        return segments

    def _unwrap_timed(self, text: str, used: set[int]) -> str:
        """Turn each `with __tfmigrate_magic__(K):` block back into its `%time statement` line."""
        lines = _split_lines_keep_ends(text)
        out: list[str] = []
        position = 0
        while position < len(lines):
            match = _TIMED_BLOCK_LINE.match(lines[position])
            if match is None or int(match.group(2)) not in self._timed:
                out.append(lines[position])
                position += 1
                continue
            indent = match.group(1)
            end = position + 1
            while end < len(lines) and (not lines[end].strip() or _indent_of(lines[end]) > len(indent)):
                end += 1
            while end > position + 1 and not lines[end - 1].strip():
                end -= 1  # trailing blank lines belong after the block
            body = [line.strip() for line in lines[position + 1 : end] if line.strip()]
            out.append(self._restore_timed(int(match.group(2)), indent, body, used))
            position = end
        return "".join(out)

    def _restore_timed(self, number: int, indent: str, body: list[str], used: set[int]) -> str:
        if number in used:
            raise ValueError(f"IPython line marker {number} repeated in migrated code")
        used.add(number)
        prefix, carriage = self._timed[number]
        if body == ["pass"]:
            return ""  # the codemod removed the statement (e.g. a session initializer): its timing goes too
        if len(body) == 1:
            return f"{indent}{prefix}{body[0]}{carriage}\n"
        # The rewrite needs several lines, which a line magic cannot hold: keep the original.
        return f"{indent}{self._magics[number]}\n"

    def _unmask(self, match: re.Match[str], used: set[int]) -> str:
        number = int(match.group(2))
        if number >= len(self._magics) or number in used:
            raise ValueError(f"IPython line marker {number} unknown or repeated in migrated code")
        used.add(number)
        # Take the indentation from the migrated code: removing a `with` block dedents its body.
        return match.group(1) + self._magics[number]


def _timed_statement(line: str) -> tuple[str, str, str, str] | None:
    """(indent, magic prefix, statement, carriage return) for `%time <one simple statement>`."""
    match = _TIMED_MAGIC.match(line)
    if match is None or match.group(3).endswith("\\"):
        return None
    try:
        tree = parse_python(match.group(3))
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or isinstance(tree.body[0], _COMPOUND_STATEMENTS):
        return None
    return match.group(1), match.group(2), match.group(3), match.group(4)


_FUTURE_IMPORT = re.compile(r"^from[ \t]+__future__[ \t]+import[ \t]+[\w \t,]+\r?$")


def _future_import_lines(masked: list[tuple[str, int]]) -> int:
    """How many leading lines reach the last `from __future__` import (0 if none)."""
    count = 0
    for number, (line, _) in enumerate(masked, start=1):
        stripped = line.strip()
        if _FUTURE_IMPORT.match(line):
            count = number
        elif stripped and not stripped.startswith("#"):
            break
    return count


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_ipython_line(line: str, state: ScanState) -> bool:
    """A line IPython handles itself: `%magic`, `!shell`, `x = !shell`, `name?`, `?name`."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] in "%!?":
        return True
    if _MAGIC_ASSIGNMENT.match(stripped):
        return True
    code = scan_line(stripped, state).code.rstrip()
    return code.endswith("?")


# ---------------------------------------------------------------------------
# JSON text style
# ---------------------------------------------------------------------------


def _detect_style(text: str) -> _JsonStyle:
    """Indent, separators and escaping of the original file, so a rewrite changes only what changed."""
    indent_match = re.match(r"\s*\{\r?\n([ \t]+)\"", text)
    indent: int | str | None
    if indent_match is None:
        indent = None
    else:
        whitespace = indent_match.group(1)
        indent = len(whitespace) if set(whitespace) == {" "} else whitespace
    item_separator = "," if indent is not None or not re.search(r",[ ]", text) else ", "
    key_separator = ": " if re.search(r'":[ ]', text) or not re.search(r'":[^ ]', text) else ":"
    has_raw_non_ascii = any(ord(char) > 127 for char in text)
    has_escaped_non_ascii = re.search(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])", text) is not None
    return _JsonStyle(
        indent=indent,
        separators=(item_separator, key_separator),
        ensure_ascii=has_escaped_non_ascii and not has_raw_non_ascii,
        trailing_newline=text.endswith("\n"),
        newline="\r\n" if "\r\n" in text else "\n",
    )


def _dump(document: dict[str, Any], style: _JsonStyle) -> str:
    text = json.dumps(document, indent=style.indent, separators=style.separators, ensure_ascii=style.ensure_ascii)
    if style.trailing_newline:
        text += "\n"
    # JSON strings hold newlines escaped, so every raw newline is layout and may be converted.
    return text.replace("\n", style.newline) if style.newline != "\n" else text

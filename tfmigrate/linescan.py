"""A small line scanner: where strings and comments are, without a parser.

``tfmigrate`` uses it where a parser cannot help: a file that does not parse
(to say why in one line, and whether it looks like Python 2) and notebook
cells whose IPython lines (``%magic``, ``!shell``) are not Python.
"""

from __future__ import annotations

from tfmigrate.pyparse import parse_python
import dataclasses
import re
from collections.abc import Callable, Iterator


@dataclasses.dataclass(frozen=True)
class ScanState:
    """What the scanner carries from one line to the next."""

    quote: str = ""  # delimiter of a string still open at the end of the line
    depth: int = 0  # brackets still open
    continued: bool = False  # the line ended with a backslash

    @property
    def at_statement_start(self) -> bool:
        return not self.quote and self.depth == 0 and not self.continued


@dataclasses.dataclass(frozen=True)
class ScannedLine:
    code: str  # the line with string bodies emptied and the comment removed
    prefixes: tuple[str, ...]  # string prefixes seen on the line, lower-cased ("", "r", "ur", ...)
    state_after: ScanState


# Characters where the scanner has something to decide; everything between is plain code.
_SCAN_STOPS = re.compile(r"[#'\"()\[\]{}]")
# A string body up to and including its closing quote; a backslash always takes the next character.
def _string_body(quote: str) -> re.Pattern[str]:
    if len(quote) == 3:
        return re.compile(r"(?:[^\\]|\\.)*?" + quote, re.DOTALL)
    return re.compile(r"(?:[^\\" + quote + r"]|\\.)*" + quote, re.DOTALL)


_STRING_BODIES = {quote: _string_body(quote) for quote in ("'", '"', "'''", '"""')}


def scan_line(line: str, state: ScanState) -> ScannedLine:
    """Blank out strings and comments of one physical line (without its newline).

    Good enough for code that may not parse (Python 2, IPython magics): it
    only has to know whether a character is code, string or comment.
    """
    code: list[str] = []
    prefixes: list[str] = []
    depth = state.depth
    position = 0
    if state.quote:
        end = _string_end(line, 0, state.quote)
        if end is None:
            return ScannedLine("", (), ScanState(state.quote, depth, False))
        code.append(state.quote)
        position = end
    while (match := _SCAN_STOPS.search(line, position)) is not None:
        start = match.start()
        char = line[start]
        code.append(line[position:start])
        if char == "#":
            position = len(line)
            break
        if char in "'\"":
            prefixes.append(_string_prefix(line, start).lower())
            quote = char * 3 if line.startswith(char * 3, start) else char
            end = _string_end(line, start + len(quote), quote)
            code.append(quote + quote)
            if end is None:
                # An unterminated one-quote string only continues after a backslash.
                carried = quote if len(quote) == 3 or line.endswith("\\") else ""
                return ScannedLine("".join(code), tuple(prefixes), ScanState(carried, depth, False))
            position = end
            continue
        depth = depth + 1 if char in "([{" else max(0, depth - 1)
        code.append(char)
        position = start + 1
    code.append(line[position:])
    text = "".join(code).rstrip()
    continued = text.endswith("\\")
    return ScannedLine(text, tuple(prefixes), ScanState("", depth, continued))


def _string_prefix(line: str, quote_at: int) -> str:
    start = quote_at
    while start > 0 and line[start - 1].isalpha() and quote_at - start < 2:
        start -= 1
    if start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        return ""  # part of a longer name, not a prefix
    return line[start:quote_at]


def _string_end(line: str, start: int, quote: str) -> int | None:
    """Index just past the closing ``quote``, or None if the string stays open."""
    match = _STRING_BODIES[quote].match(line, start)
    return match.end() if match else None


def scan_lines(text: str) -> Iterator[tuple[int, ScanState, ScannedLine]]:
    """(1-based line number, state at the line start, scanned line) for every line."""
    state = ScanState()
    for number, line in enumerate(text.split("\n"), start=1):
        scanned = scan_line(line.rstrip("\r"), state)
        yield number, state, scanned
        state = scanned.state_after


# ---------------------------------------------------------------------------
# Python 2 detection
# ---------------------------------------------------------------------------

_NOT_AN_OPERAND = r"(?!(?:if|else|and|or|in|is|not|for)\b)"
_STATEMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("print statement", re.compile(r"(?:^|[:;])\s*print(?:\s+" + _NOT_AN_OPERAND + r"(?=[\w\"'`])|\s*(?=[\"'])|\s*>>)")),
    ("exec statement", re.compile(r"^\s*exec\s+" + _NOT_AN_OPERAND + r"(?=[\w\"'])")),
    ("`except X, e:`", re.compile(r"^\s*except\s+(?:[\w.]+|\([^()]*\))\s*,\s*[A-Za-z_]\w*\s*:")),
    ("`raise E, message`", re.compile(r"^\s*raise\s+[\w.]+\s*,")),
)
_TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("backtick repr", re.compile(r"`")),
    ("`<>` operator", re.compile(r"<>")),
    ("old-style octal literal", re.compile(r"(?<![\w.])0+[1-9]\d*[lL]?(?![\w.])")),
    ("long integer suffix", re.compile(r"(?<![\w.])\d+[lL](?![\w.])")),
    ("xrange()", re.compile(r"(?<![\w.])xrange\s*\(")),
    ("raw_input()", re.compile(r"(?<![\w.])raw_input\s*\(")),
)

def python_syntax_error(text: str, *, top_level_await: bool = False) -> tuple[int, int, str] | None:
    """(line, 1-based column, message) from Python's own parser, or None if it parses.

    Used when libcst rejects a file: Python places the error where the
    mistake is and words it for people, libcst's parser often does neither.
    Notebook cells may ``await`` at top level (IPython runs them in a loop).
    """
    try:
        parse_python(text, "<source>", top_level_await=top_level_await)
    except SyntaxError as err:
        return err.lineno or 0, err.offset or 0, err.msg
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


PYTHON2_ADVICE = (
    "tfmigrate reads Python 3 only: convert the file first "
    "(e.g. `python -m lib2to3 -w FILE` on Python 3.12 or older), then run tfmigrate again"
)


def python2_hint(text: str, line_of: Callable[[int], int] | None = None) -> str | None:
    """Advice naming where the text looks like Python 2, or None if it does not.

    ``line_of`` maps a line of ``text`` to the line to report (notebook cells).
    """
    evidence: dict[str, int] = {}
    for number, state, scanned in scan_lines(text):
        for name in _python2_constructs(state, scanned):
            evidence.setdefault(name, line_of(number) if line_of else number)
    if not evidence:
        return None
    earliest = sorted(evidence.items(), key=lambda item: item[1])[:3]
    where = ", ".join(f"{name} at line {line}" for name, line in earliest)
    return f"looks like Python 2 ({where}); {PYTHON2_ADVICE}"


# One pass per line for all token patterns: group i is _TOKEN_PATTERNS[i].
_ANY_TOKEN = re.compile("|".join(f"({pattern.pattern})" for _, pattern in _TOKEN_PATTERNS))
_STATEMENT_WORDS = ("print", "exec", "except", "raise")


def _python2_constructs(state: ScanState, scanned: ScannedLine) -> Iterator[str]:
    code = scanned.code
    if state.at_statement_start and any(word in code for word in _STATEMENT_WORDS):
        for name, pattern in _STATEMENT_PATTERNS:
            if pattern.search(code):
                yield name
    for match in _ANY_TOKEN.finditer(code):
        yield _TOKEN_PATTERNS[match.lastindex - 1][0]  # type: ignore[operator]
    if "ur" in scanned.prefixes:
        yield "`ur\"\"` string prefix"

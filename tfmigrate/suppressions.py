"""Accepting findings in the source: ``# noqa: TFM401`` and ``# tfmigrate: skip-file``.

A ``# noqa: CODE[, CODE...]`` comment accepts the findings with those codes
on its line, or anywhere in the statement (logical line) it ends: the comment
of a call spread over several lines goes after its closing bracket, where
``--add-noqa`` puts it. A bare ``# noqa`` accepts nothing: a comment written
for a linter must not hide code that will not run on TF 2. Comments are read
with ``tokenize``, so a ``# noqa`` inside a string is just text.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from collections.abc import Iterable, Sequence

from tfmigrate.findings import Finding, Kind

_NOQA = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Za-z]+[0-9]+(?:\s*,?\s*[A-Za-z]+[0-9]+)*)", re.IGNORECASE)
_SKIP_FILE = re.compile(r"#\s*tfmigrate\s*:\s*skip-file\s*$", re.IGNORECASE)


@dataclasses.dataclass
class Comments:
    """The codes each line's ``# noqa`` accepts, and where each line's statement ends."""

    noqa: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    statement_end: dict[int, int] = dataclasses.field(default_factory=dict)
    comment_lines: set[int] = dataclasses.field(default_factory=set)
    skip_file: bool = False

    def end_of(self, line: int) -> int:
        return self.statement_end.get(line, line)

    def accepts(self, finding: Finding) -> bool:
        code = finding.code.upper()
        return any(code in self.noqa.get(line, ()) for line in {finding.line, self.end_of(finding.line)})


def read_comments(text: str) -> Comments:
    """Tokenize ``text`` once; text that does not tokenize has no usable comments."""
    comments = Comments()
    start: int | None = None  # first line of the statement being read
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                _note_comment(comments, token.start[0], token.string)
            elif token.type == tokenize.NEWLINE and start is not None:
                end = token.start[0]
                comments.statement_end.update((line, end) for line in range(start, end + 1))
                start = None
            elif token.type not in _BETWEEN_STATEMENTS and start is None:
                start = token.start[0]
    except (tokenize.TokenError, SyntaxError):
        return Comments()
    return comments


_BETWEEN_STATEMENTS = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                                 tokenize.ENCODING, tokenize.ENDMARKER})


def _note_comment(comments: Comments, line: int, text: str) -> None:
    comments.comment_lines.add(line)
    if _SKIP_FILE.match(text):
        comments.skip_file = True
    match = _NOQA.search(text)
    if match:
        codes = {code.upper() for code in re.split(r"[\s,]+", match["codes"]) if code}
        comments.noqa.setdefault(line, set()).update(codes)


def skips_file(text: str) -> bool:
    """``# tfmigrate: skip-file`` on a line of its own leaves the whole file alone."""
    return read_comments(text).skip_file if "skip-file" in text else False


def mark_suppressed(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """The findings, with those a ``# noqa`` comment accepts marked ``suppressed``."""
    if "noqa" not in text.lower():
        return list(findings)
    comments = read_comments(text)
    return [dataclasses.replace(f, suppressed=True) if comments.accepts(f) else f for f in findings]


def add_noqa(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with a ``# noqa`` for every finding that needs action, at its statement's end."""
    comments = read_comments(text)
    wanted: dict[int, set[str]] = {}
    for finding in findings:
        if finding.line and finding.kind in (Kind.MANUAL, Kind.SWAP) and not finding.suppressed:
            wanted.setdefault(comments.end_of(finding.line), set()).add(finding.code.upper())
    lines = text.splitlines(keepends=True)
    for number, codes in wanted.items():
        if 1 <= number <= len(lines):
            lines[number - 1] = _with_noqa(lines[number - 1], codes, number in comments.comment_lines)
    return "".join(lines)


def _with_noqa(line: str, codes: set[str], has_comment: bool) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    match = _NOQA.search(body) if has_comment else None
    if match:  # extend the codes of an existing `# noqa: ...`
        known = [c.upper() for c in re.split(r"[\s,]+", match["codes"]) if c]
        merged = known + sorted(codes - set(known))
        return body[:match.start("codes")] + ", ".join(merged) + body[match.end("codes"):] + ending
    return f"{body.rstrip()}  # noqa: {', '.join(sorted(codes))}{ending}"

"""Findings: what a rule did or could not do, at a position in a file."""

from __future__ import annotations

import dataclasses
from enum import Enum


class Kind(str, Enum):
    """What a finding asks of the user."""

    FIXED = "fixed"  # the rule rewrote the code; nothing to do
    MANUAL = "manual"  # left as written; the action says what to do
    SWAP = "swap"  # labels/logits look swapped; the action carries the fix
    ERROR = "error"  # the file could not be processed


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    message: str
    line: int = 0
    col: int = 0
    kind: Kind = Kind.MANUAL
    action: str = ""
    path: str = "<stdin>"
    #: the TensorFlow name the finding is about (``tf.placeholder``), where there is one
    subject: str = ""

    def with_path(self, path: str) -> "Finding":
        return dataclasses.replace(self, path=path)

    def where(self) -> str:
        """``line:col CODE``: the position and rule, as a rule case states it."""
        return f"{self.line}:{self.col + 1} {self.code}"

    def format(self) -> str:
        """``path:line:col: CODE message`` (col is 1-based, like compilers print)."""
        text = f"{self.path}:{self.line}:{self.col + 1}: {self.code} {self.message}"
        if self.action:
            text += f" [{self.action}]"
        return text

    def to_json(self) -> dict[str, object]:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value
        data["col"] = self.col + 1
        return data

"""Findings: what a rule did or could not do, at a position in a file.

One vocabulary everywhere (text, JSON, SARIF, the API): a finding's kind is
``fixed``, ``manual`` (left as written; the action says what to do), ``swap``
or ``error``. Lines and columns are 1-based everywhere, as compilers, editors
and SARIF count them; 0 means "no position".
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum


class Kind(str, Enum):
    """What a finding asks of the user."""

    FIXED = "fixed"  # the rule rewrote the code; nothing to do
    MANUAL = "manual"  # left as written; the action says what to do
    SWAP = "swap"  # labels/logits look swapped; the action carries the fix
    ERROR = "error"  # the file could not be processed


# Kinds that leave work for the user: `migrate --check` fails on them.
NEEDS_ACTION = frozenset({Kind.MANUAL, Kind.SWAP, Kind.ERROR})

# Rules describe a rewrite in the past tense ("renamed tf.mul ..."). Where
# nothing is written (--check, --diff) the same finding reads in the
# conditional; tests/test_tense.py keeps every rule's verbs in this table.
CONDITIONAL: dict[str, str] = {
    "adapted": "would adapt",
    "became": "would become",
    "imported": "would import",
    "moved": "would move",
    "ran": "would run",
    "read": "would be read",
    "removed": "would remove",
    "renamed": "would rename",
    "replaced": "would replace",
    "rewrote": "would rewrite",
    "spelled": "would spell",
    "wrapped": "would wrap",
}
_PAST_VERB = re.compile(r"\b(" + "|".join(CONDITIONAL) + r")\b(?![_.(])")


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    message: str
    line: int = 0
    col: int = 0  # 1-based, like line
    kind: Kind = Kind.MANUAL
    action: str = ""
    path: str = "<stdin>"
    suppressed: bool = False  # accepted by a `# noqa: CODE` comment
    #: the TF name the finding is about (``tf.placeholder``), so findings can be grouped by kind
    subject: str = ""

    def with_path(self, path: str) -> "Finding":
        return dataclasses.replace(self, path=path)

    @property
    def needs_action(self) -> bool:
        return self.kind in NEEDS_ACTION and not self.suppressed

    def conditional(self) -> "Finding":
        """The finding as it reads when nothing is written: "would rename ..."."""
        if self.kind != Kind.FIXED:
            return self
        message = _PAST_VERB.sub(lambda m: CONDITIONAL[m.group(1)], self.message, count=1)
        return dataclasses.replace(self, message=message)

    def where(self) -> str:
        """``line:col CODE``: the position and rule, as a rule case states it."""
        return f"{self.line}:{self.col} {self.code}"

    def format(self) -> str:
        """``path:line:col: CODE message [action]``."""
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        if self.action:
            text += f" [{self.action}]"
        return text

    def to_json(self) -> dict[str, object]:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value
        return data

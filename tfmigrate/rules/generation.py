"""Which TensorFlow generation a module was written for, judged once from all its evidence.

TF 0.x and TF 1.x read some positional calls differently: 0.x took
``weighted_cross_entropy_with_logits(logits, targets, pos_weight)``, 1.x
``(targets, logits, pos_weight)``. One call rarely says which it meant, but
the module around it often does, so every ambiguous call of a module is read
the same way, from clues gathered once:

* TF 0.x only: names TF 1.0 removed (``tf.mul``), positions where TF 1.x
  took keywords only (``sigmoid_cross_entropy_with_logits(x, z)`` in TF1
  code), the 0.x keyword ``targets=`` of the sigmoid loss;
* TF 1.0 or later: modules and names TF 0.x lacked (``tf.layers``,
  ``..._with_logits_v2``), the keyword ``labels=`` of the sigmoid and
  weighted losses.

Clues of both kinds are a conflict: the module is read neither way.
``--written-for`` overrides the clues; a ``tf.compat.v1`` module is TF 2-era
code, which reads positions labels first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import libcst as cst

from tfmigrate import api
from tfmigrate.rules.facts import ModuleFacts
from tfmigrate.rules.losscalls import KEYWORD_ONLY_IN_TF1, LOSS_FUNCTIONS, spelled_through_compat

TF0, TF1, TF2 = "0.x", "1.x", "2.x"
# Keywords whose very spelling dates a call: (function, keyword) -> generation.
DATED_KEYWORDS: dict[tuple[str, str], str] = {
    ("tf.nn.sigmoid_cross_entropy_with_logits", "targets"): TF0,
    ("tf.nn.sigmoid_cross_entropy_with_logits", "labels"): TF1,
    ("tf.nn.weighted_cross_entropy_with_logits", "labels"): TF1,
}
# How many clues of each generation a message quotes.
QUOTED = 3

NameOf = Callable[[cst.CSTNode], "str | None"]
LineOf = Callable[[cst.CSTNode], int]


@dataclasses.dataclass(frozen=True)
class Clue:
    """One piece of evidence: ``what`` (first seen at ``line``) is only possible in ``generation``."""

    generation: str
    what: str
    line: int

    def __str__(self) -> str:
        return f"{self.what} (line {self.line})"


@dataclasses.dataclass(frozen=True)
class Judgement:
    """The generation a module's positional calls are read in, and why.

    ``reading`` is "0.x", "1.x", "2.x" or None (no clue, or clues that
    conflict); ``given`` is set when ``--written-for`` decided it.
    """

    reading: str | None
    clues: tuple[Clue, ...] = ()
    given: bool = False
    compat_v1: bool = False

    @property
    def conflict(self) -> bool:
        return self.reading is None and {clue.generation for clue in self.clues} == {TF0, TF1}

    def of(self, generation: str) -> list[Clue]:
        return [clue for clue in self.clues if clue.generation == generation]

    def because(self) -> str:
        """Why the module reads as it does, quoting its clues with their lines."""
        if self.given:
            return f"as --written-for {self.reading} says"
        if self.compat_v1:
            return "this file imports tf.compat.v1, which reads positions labels first (TF 2)"
        if self.conflict:
            return f"this file mixes TF 0.x code, {_quote(self.of(TF0))}, with TF 1.x code, {_quote(self.of(TF1))}"
        if self.clues:
            return f"this file uses {_quote(list(self.clues))}"
        return "this file shows no sign of TF 0.x"


def _quote(clues: list[Clue]) -> str:
    shown = [str(clue) for clue in clues[:QUOTED]]
    if len(clues) > QUOTED:
        shown.append(f"{len(clues) - QUOTED} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def is_tf1_code(facts: ModuleFacts, name_of: NameOf) -> bool:
    """TF1 code: a compat.v1 import, or names TF 2 lacks.

    Some calls are spelled the same in TF1 and TF 2 but mean different
    things (softmax labels' gradient, dropout's second argument); only TF1
    code gets the TF1 reading.
    """
    if facts.names.compat_v1_aliases:
        return True
    chains = [*facts.all(cst.Attribute), *facts.all(cst.Name)]
    return any(api.is_removed_in_tf2(name) for name in map(name_of, chains) if name)


def judge(facts: ModuleFacts, name_of: NameOf, line_of: LineOf, *, tf1_code: bool,
          written_for: str | None = None, call_name_of: NameOf | None = None) -> Judgement:
    """Gather the module's clues once and decide how its positional calls read.

    ``call_name_of`` names a call's function as the rules will read it
    (through attribute-chain repair); by default, ``name_of``.
    """
    compat = bool(facts.names.compat_v1_aliases)
    clues = tuple(_clues(facts, name_of, call_name_of or name_of, line_of, tf1_code=tf1_code and not compat))
    if written_for is not None:
        return Judgement(written_for, clues, given=True)
    if compat:
        return Judgement(TF2, clues, compat_v1=True)
    generations = {clue.generation for clue in clues}
    reading = next(iter(generations)) if len(generations) == 1 else None
    return Judgement(reading, clues)


def _clues(facts: ModuleFacts, name_of: NameOf, call_name_of: NameOf, line_of: LineOf, *,
           tf1_code: bool) -> list[Clue]:
    first: dict[str, Clue] = {}

    def note(generation: str, what: str, node: cst.CSTNode) -> None:
        line = line_of(node)
        if what not in first or line < first[what].line:
            first[what] = Clue(generation, what, line)

    for node in [*facts.all(cst.Attribute), *facts.all(cst.Name)]:
        name = name_of(node)
        if not name or _is_value_of(node, facts):
            continue  # ``tf.nn`` inside ``tf.nn.relu``: the whole chain speaks
        if name in api.PRE_1_0_RENAMES:
            note(TF0, name, node)
        elif (newer := api.introduced_after_0_x(name)) is not None:
            note(TF1, newer, node)
    for call in facts.all(cst.Call):
        name = call_name_of(call.func)
        if name in LOSS_FUNCTIONS:
            _call_clues(call, name, tf1_code, note)
    return sorted(first.values(), key=lambda clue: (clue.line, clue.what))


def _is_value_of(node: cst.CSTNode, facts: ModuleFacts) -> bool:
    parent = facts.parent(node)
    return isinstance(parent, cst.Attribute) and parent.value is node


def _call_clues(call: cst.Call, name: str, tf1_code: bool, note: Callable[[str, str, cst.CSTNode], None]) -> None:
    short = name.rsplit(".", 1)[-1]
    for arg in call.args:
        if arg.keyword is not None and (name, arg.keyword.value) in DATED_KEYWORDS:
            note(DATED_KEYWORDS[name, arg.keyword.value], f"{arg.keyword.value}= on {short}", arg)
    positional = any(arg.keyword is None and not arg.star for arg in call.args)
    if positional and tf1_code and name in KEYWORD_ONLY_IN_TF1 and not spelled_through_compat(call.func):
        # TF 1.0-1.15 rejected these positions; TF1 code that passes them ran on TF 0.x.
        note(TF0, f"a positional {short} call", call)

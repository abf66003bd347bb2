"""Which TensorFlow names a module uses, and the state that leaves it in.

After a migration every TensorFlow module is in one of three states:

* ``tf2``: every TensorFlow name it uses exists in TF 2, none through
  ``tf.compat.v1``;
* ``compat``: every name exists in TF 2, some only as ``tf.compat.v1``;
* ``left``: some name does not exist in TF 2 at all (``tf.contrib``, a
  TF1-only name still spelled the TF1 way), so the module fails on TF 2.

The scan reads the module with :mod:`ast` (cheap, no concrete tree) and
judges each name against the API lists shipped in ``tfmigrate/data``; it
never imports TensorFlow.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Iterable, Iterator
from enum import Enum

from tfmigrate import api, exports, legacy_layers
from tfmigrate.exports import ast_dotted
from tfmigrate.pyparse import parse_python

TF_ROOT = "tensorflow"
COMPAT_V1 = "tensorflow.compat.v1"

#: TensorFlow's private modules: judged by what the installed wheel's sources define
PRIVATE = "tf.python."

# Packages the public API lists do not describe; their names are not judged.
UNCHECKED_PREFIXES = ("tf.raw_ops.", "tf.core.", "tf.compiler.", "tf.tools.", "tf.lite.")

# TF 2 kept these names but gave them another meaning: in a module that also
# writes TF1 summaries (merge_all, FileWriter) they are TF1 summary ops.
TF1_SUMMARY_CONTEXT = "tf.summary."


class State(str, Enum):
    TF2 = "tf2"
    COMPAT = "compat"
    LEFT = "left"
    NOT_TF = "not-tf"  # the module does not use TensorFlow


class Kind(str, Enum):
    """How TF 2 sees one use of a name."""

    TF2 = "tf2"  # exists in TF 2 as spelled
    COMPAT = "compat"  # spelled through tf.compat.v1, and exists there
    TF1 = "tf1"  # a TF1 name TF 2 lacks, with a tf.compat.v1 form
    MISSING = "missing"  # exists nowhere in TF 2 (tf.contrib, typos, removed modules)


@dataclasses.dataclass(frozen=True)
class Use:
    """One use of a TensorFlow name: its canonical ``tf.`` spelling and where it is."""

    name: str  # the API name: the chain, or the listed class it is an attribute of (tf.GraphKeys)
    kind: Kind
    line: int
    col: int  # 0-based
    via_compat: bool = False
    chain: str = ""  # the whole canonical chain as written (tf.GraphKeys.LOSSES)


@dataclasses.dataclass(frozen=True)
class ModuleReport:
    state: State
    uses: tuple[Use, ...]

    def remaining(self) -> list[Use]:
        """Uses that keep the module from being TF 2 code."""
        return [use for use in self.uses if use.kind != Kind.TF2]


def judge_code(code: str) -> ModuleReport:
    """The state of a module's source text; a module that does not parse is ``left``."""
    try:
        tree = parse_python(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ModuleReport(State.LEFT, ())
    uses = tuple(scan(tree))
    return ModuleReport(state_of(uses, imports_tf=_imports_tensorflow(tree)), uses)


def state_of(uses: Iterable[Use], *, imports_tf: bool = True) -> State:
    kinds = {use.kind for use in uses}
    if not imports_tf and not kinds:
        return State.NOT_TF
    if Kind.MISSING in kinds or Kind.TF1 in kinds:
        return State.LEFT
    if Kind.COMPAT in kinds:
        return State.COMPAT
    return State.TF2


def scan(tree: ast.Module) -> list[Use]:
    """Every TensorFlow name the module uses, judged; TF1 summary ops counted as TF1 where TF1 summaries are written."""
    scanner = _Scanner()
    scanner.visit(tree)
    uses = scanner.uses
    if any(use.kind == Kind.TF1 and use.name.startswith(TF1_SUMMARY_CONTEXT) for use in uses):
        uses = [_as_tf1_summary(use) for use in uses]
    return uses


def _as_tf1_summary(use: Use) -> Use:
    if use.kind == Kind.TF2 and use.name in api.SAME_NAME_OTHER_MEANING:
        return dataclasses.replace(use, kind=Kind.TF1)
    return use


def judge_name(qualified: str) -> tuple[str, Kind, bool]:
    """``tensorflow.compat.v1.placeholder`` -> (``tf.placeholder``, COMPAT, True).

    tf-keras's legacy layers are TF1's ``tf.layers`` reached without Keras 3:
    ``tf_keras.api._v1.keras.__internal__.legacy.layers.dense`` -> (``tf.layers.dense``, COMPAT, True).
    """
    if qualified.startswith(legacy_layers.MODULE + "."):
        name = legacy_layers.TF1_PREFIX + qualified[len(legacy_layers.MODULE) + 1:]
        return name, (Kind.COMPAT if legacy_layers.member(name) else Kind.MISSING), True
    if qualified == COMPAT_V1 or qualified.startswith(COMPAT_V1 + "."):
        name = "tf" + qualified[len(COMPAT_V1):]
        exists = name == "tf" or _exists(name, api.tf1_names(), _tf1_modules()) or _unchecked(name)
        return name, (Kind.COMPAT if exists else Kind.MISSING), True
    name = "tf" + qualified[len(TF_ROOT):]
    if name.startswith(PRIVATE):
        return name, (Kind.TF2 if _private_exists(qualified) else Kind.MISSING), False
    if name == "tf" or _unchecked(name) or _exists(name, api.tf2_names(), _tf2_modules()):
        return name, Kind.TF2, False
    if _exists(name, api.tf1_names(), _tf1_modules()):
        return name, Kind.TF1, False
    return name, Kind.MISSING, False


def api_name(chain: str) -> str:
    """The listed name a chain stands for: ``tf.GraphKeys.LOSSES`` -> ``tf.GraphKeys``; unlisted chains stay whole.

    Members of ``tf.layers`` are names of their own (Keras 3 emptied the module, so they are not listed).
    """
    layer = legacy_layers.member(chain)
    if layer is not None:
        return legacy_layers.TF1_PREFIX + layer
    names = api.tf2_names() | api.tf1_names()
    parts = chain.split(".")
    for end in range(len(parts), 1, -1):
        head = ".".join(parts[:end])
        if head in names:
            return head
    return chain


def _private_exists(qualified: str) -> bool:
    """A ``tensorflow.python`` name the installed wheel still defines: a module, then a name it defines.

    Attributes past that (a class's members) are not judged, as for public names.
    """
    parts = qualified.split(".")
    for end in range(len(parts), 1, -1):
        head = ".".join(parts[:end])
        if exports.is_module(head):
            if end == len(parts):
                return True
            return exports.defining_name(".".join(parts[: end + 1])) is not None or _imports_unread_star(head)
    return False


def _imports_unread_star(module: str) -> bool:
    """``from absl.flags import *`` (platform/flags.py): a package the wheel reader does not read may bind any name."""
    symbols = exports.INSTALLED.symbols(module)
    return symbols is not None and any(exports.INSTALLED.symbols(star) is None for star in symbols.stars)


def _unchecked(name: str) -> bool:
    return name.startswith(UNCHECKED_PREFIXES) or any(part.startswith("__") for part in name.split("."))


def _exists(name: str, names: frozenset[str], modules: frozenset[str]) -> bool:
    """In the list, or an attribute of a listed non-module (a class's method, a dtype's field)."""
    if name in names:
        return True
    parts = name.split(".")
    for end in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:end])
        if head in names or head == "tf":
            return head not in modules and head != "tf"
    return False


@functools.lru_cache(maxsize=None)
def _tf2_modules() -> frozenset[str]:
    return frozenset(name.rpartition(".")[0] for name in api.tf2_names()) | api.tf2_empty_modules()


@functools.lru_cache(maxsize=None)
def _tf1_modules() -> frozenset[str]:
    return frozenset(name.rpartition(".")[0] for name in api.tf1_names()) | api.tf1_empty_modules()


def _imports_tensorflow(tree: ast.Module) -> bool:
    return any(_tf_module(module) for module in _imported_modules(tree))


def _imported_modules(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _tf_module(module: str) -> bool:
    return module == TF_ROOT or module.startswith(TF_ROOT + ".")


def _from_import_of_tf(module: str, name: str) -> bool:
    """``from tensorflow... import x``, or ``from <tf-keras's legacy package> import layers``."""
    return _tf_module(module) or f"{module}.{name}" == legacy_layers.MODULE or module == legacy_layers.MODULE


class _Scanner(ast.NodeVisitor):
    """Collects uses of TF names: imports, alias-rooted attribute chains and from-imported names.

    Bindings are read in source order; a later rebinding of an alias is not
    tracked (the rules resolve names exactly; this is a census).
    """

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}  # local name -> qualified module or object
        self.from_imported: set[str] = set()  # local names bound by ``from tensorflow... import``
        self.uses: list[Use] = []

    def _record(self, qualified: str, node: ast.AST) -> None:
        chain, kind, via_compat = judge_name(qualified)
        line, col = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        self.uses.append(Use(api_name(chain), kind, line, col, via_compat, chain))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == legacy_layers.MODULE:
                if alias.asname:  # judged by its members' chains
                    self.aliases[alias.asname] = alias.name
                continue
            if not _tf_module(alias.name):
                continue
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                self.aliases.setdefault(alias.name.split(".")[0], TF_ROOT)
            if alias.name != TF_ROOT:
                self._record(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name == "*" or not _from_import_of_tf(node.module, alias.name):
                continue
            qualified = f"{node.module}.{alias.name}"
            self.aliases[alias.asname or alias.name] = qualified
            if qualified == legacy_layers.MODULE:
                continue  # a module: judged by its members' chains
            self.from_imported.add(alias.asname or alias.name)
            self._record(qualified, node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        chain = ast_dotted(node)
        if chain is not None:
            head, _, rest = chain.partition(".")
            if head in self.aliases:
                self._record(f"{self.aliases[head]}.{rest}", node)
                return
        self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        # A from-imported name used bare (placeholder(...)); module aliases are judged by their chains.
        if node.id in self.from_imported and isinstance(node.ctx, ast.Load):
            self._record(self.aliases[node.id], node)


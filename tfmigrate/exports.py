"""The public name of a private TensorFlow object, read from the wheels' own API trees.

TF1 code imports TensorFlow's private modules
(``from tensorflow.python.ops import control_flow_ops``). The TensorFlow wheel
says, in its generated API tree, which private object each public name is:
``tensorflow/_api/v2/compat/v2/**/__init__.py`` (TF 2) and
``.../compat/v1/**/__init__.py`` (``tf.compat.v1``) hold lines such as
``from tensorflow.python.ops.control_flow_assert import Assert``. These files,
and the private modules a name is re-exported through (``from X import *``,
``from X import name``, ``name = module.attr``), are read as text with
:mod:`ast`; TensorFlow is never imported.

TensorFlow has moved objects between private modules since TF1
(``control_flow_ops.cond`` lives in ``ops/cond.py`` in TF 2.21). For a private
name the installed wheel no longer has, ``data/tf1_private_api.txt`` (written
by ``scripts/gen_private_names.py`` from TF 1.15's own API tree) gives the
public TF1 name of the object; ``tf.compat.v1`` keeps that name in TF 2.

``tf.contrib`` is gone. Where its private modules became the ``tf_slim``
package (the same files, moved), :data:`CONTRIB_TO_SLIM` gives the package
that holds them now; the installed tf_slim is read the same way, as text.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib.resources
import importlib.util
import pathlib
from collections.abc import Callable

from tfmigrate import api
from tfmigrate.pyparse import parse_python

# tf.contrib packages whose private modules tf_slim holds under the same file names
# (tf_slim 1.1: ops/arg_scope.py, ops/variables.py, layers/initializers.py, data/parallel_reader.py, ...).
CONTRIB_TO_SLIM: dict[str, str] = {
    "tensorflow.contrib.framework.python.ops": "tf_slim.ops",
    "tensorflow.contrib.layers.python.layers": "tf_slim.layers",
    "tensorflow.contrib.slim.python.slim": "tf_slim",
    "tensorflow.contrib.metrics.python.ops": "tf_slim.metrics",
    "tensorflow.contrib.training.python.training": "tf_slim.training",
    "tensorflow.contrib.losses.python.losses": "tf_slim.losses",
}
_HIDDEN_PARTS = ("__internal__", "__operators__", "experimental")
_MAX_HOPS = 16


def is_private(qualified: str) -> bool:
    """``tensorflow.python.*`` and ``tensorflow.contrib.*.python.*``: modules no public API promises."""
    parts = qualified.split(".")
    return parts[:2] == ["tensorflow", "python"] or (parts[:2] == ["tensorflow", "contrib"] and "python" in parts[3:])


@dataclasses.dataclass(frozen=True)
class Export:
    """What TF 2 calls the object a private name stands for."""

    private: str
    #: a TF 2 name of the very same object (``tf.unstack``), if any
    tf2: str | None
    #: its ``tf.compat.v1`` name, spelled as TF1 spelled it (``tf.cond``), if any
    compat: str | None
    #: the link went through TF 1.15's API tree: the installed wheel no longer has the private name
    via_tf1: bool = False


@functools.lru_cache(maxsize=4096)
def export_of(private: str) -> Export | None:
    """The public names of ``tensorflow.python...`` ``private``; None when nothing is known of it."""
    hops = INSTALLED.hops(private) or [private]
    for index, home in enumerate(hops):  # the tree names the module a public name imports it from, one of these
        if home not in api_tree("v2") and home not in api_tree("v1"):
            continue
        if index and any(hop in rebound_private() for hop in hops[: index + 1]):
            # TensorFlow rebinds one of them at import: the re-export holds another object than the public name
            return Export(private, None, None)
        return Export(private, _best(api_tree("v2").get(home, ())), _best(api_tree("v1").get(home, ())))
    hops = INSTALLED.hops(private)
    if hops:
        return Export(private, None, None)  # the installed wheel has it, and no public name
    tf1 = tf1_private_api().get(private)
    if tf1 is None:
        return None
    _, public = tf1
    for name in public:
        home = _v1_homes().get(name)
        if home is not None:
            return Export(private, _best(api_tree("v2").get(home, ())), name, via_tf1=True)
    return Export(private, None, None, via_tf1=True)


def slim_home(private: str) -> str | None:
    """The tf_slim module or name holding what a ``tensorflow.contrib...python...`` name was, if tf_slim has it."""
    for prefix, package in CONTRIB_TO_SLIM.items():
        if private.startswith(prefix + "."):
            break
    else:
        return None
    candidates = [private]
    tf1 = tf1_private_api().get(private)
    if tf1 is not None and tf1[0] != private:
        candidates.append(tf1[0])  # re-exported in TF1: where it was defined
    for candidate in candidates:
        if not candidate.startswith(prefix + "."):
            continue
        target = package + candidate[len(prefix):]
        if INSTALLED.is_module(target) or defining_name(target) is not None:
            return target
    return None


def slim_installed() -> bool:
    """tf_slim is installed, so ``slim_home`` can read where it holds tf.contrib's modules."""
    return _package_dir("tf_slim") is not None


def slim_package(private: str) -> str | None:
    """The tf_slim package that took over a ``tensorflow.contrib...python...`` package, whatever is installed."""
    return next((package for prefix, package in CONTRIB_TO_SLIM.items() if private.startswith(prefix + ".")), None)


def is_module(qualified: str) -> bool:
    """A module the installed packages have as a file (``tensorflow.python.ops.array_ops``)."""
    return INSTALLED.is_module(qualified)


# -- the installed wheel's API tree ------------------------------------------
@functools.lru_cache(maxsize=None)
def api_tree(view: str, *, keep_rebound: bool = False) -> dict[str, tuple[str, ...]]:
    """Defining private name -> its public names (``tf.``-prefixed) in TF 2 (``v2``) or tf.compat.v1 (``v1``).

    TF 2's top level is ``tensorflow/__init__.py``, its modules ``_api/v2/<module>/``;
    tf.compat.v1 is ``_api/v2/compat/v1/`` (its own ``compat`` subtree repeats the names).
    Names TensorFlow rebinds after import (``data/tf2_rebound.txt``) are left out unless ``keep_rebound``.
    """
    root = api.wheel_dir("_api", "v2", *(("compat", "v1") if view == "v1" else ()))
    top = api.wheel_dir()
    if root is None or top is None:
        return {}
    files = [(init, init.parent.relative_to(root).parts) for init in sorted(root.rglob("__init__.py"))]
    files = [(init, package) for init, package in files if package[:1] != ("compat",)]
    if view == "v2":
        files = [(top / "__init__.py", ())] + [(init, package) for init, package in files if package]
    lazy = tuple(f"tf.{path}." for path in _keras_loaded(files[0][0] if view == "v2" else root / "__init__.py"))
    skipped = frozenset() if keep_rebound else _rebound(view)
    found: dict[str, list[str]] = {}
    for init, package in files:
        prefix = ".".join(("tf", *package))
        for module, name, public in _import_lines(init):
            name_public = f"{prefix}.{public}"
            if (module.startswith("tensorflow.") and not module.startswith("tensorflow._api")
                    and not public.startswith("_") and not name_public.startswith(lazy) and name_public not in skipped):
                found.setdefault(f"{module}.{name}", []).append(name_public)
    return {home: tuple(names) for home, names in found.items()}


def _keras_loaded(init: pathlib.Path) -> set[str]:
    """Modules the package's ``__init__`` replaces by Keras's at run time (``tf.compat.v1.layers``).

    Their generated lines do not say what the name will be: Keras 3 provides or refuses it.
    """
    tree = parse_python(init.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        call = node.value if isinstance(node, ast.Assign) else node if isinstance(node, ast.Call) else None
        if isinstance(node, ast.Call) and ast_dotted(node.func) == "setattr" and len(node.args) == 3:
            target, value = node.args[1], node.args[2]
            if isinstance(target, ast.Constant) and isinstance(target.value, str) and _lazy(value):
                found.add(target.value)
            continue
        if not isinstance(node, ast.Assign) or not _lazy(call):
            continue
        for target in node.targets:
            dotted = ast_dotted(target) or ""
            if dotted.startswith("_current_module."):
                found.add(dotted[len("_current_module."):])
            else:
                found.update(kw.value.value for kw in call.keywords  # type: ignore[union-attr]
                             if kw.arg == "name" and isinstance(kw.value, ast.Constant))
    return found


def _lazy(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and (ast_dotted(node.func) or "").endswith("KerasLazyLoader")


@functools.lru_cache(maxsize=None)
def _rebound(view: str) -> frozenset[str]:
    """Public names (spelled ``tf.X`` in either view) whose object is not what their generated line imports."""
    names = [name for name in _rebound_lines() if name.startswith("tf.")]
    compat = "tf.compat.v1."
    if view == "v1":
        return frozenset("tf." + name[len(compat):] for name in names if name.startswith(compat))
    return frozenset(name for name in names if not name.startswith(compat))


@functools.lru_cache(maxsize=None)
def _rebound_lines() -> tuple[str, ...]:
    text = importlib.resources.files("tfmigrate.data").joinpath("tf2_rebound.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


@functools.lru_cache(maxsize=None)
def rebound_private() -> frozenset[str]:
    """Private names TensorFlow rebinds at import: an earlier re-export of one holds another object."""
    return frozenset(name for name in _rebound_lines() if name.startswith("tensorflow."))


@functools.lru_cache(maxsize=None)
def _v1_homes() -> dict[str, str]:
    return {name: home for home, names in api_tree("v1").items() for name in names}


def _best(names: tuple[str, ...]) -> str | None:
    """The plainest public name: not experimental or internal, then the shortest."""
    usable = [name for name in names if not any(part.startswith("_") for part in name.split(".")[1:])]
    usable.sort(key=lambda name: (any(part in _HIDDEN_PARTS for part in name.split(".")), name.count("."), name))
    return usable[0] if usable else None


def _import_lines(path: pathlib.Path) -> list[tuple[str, str, str]]:
    """(module, name, bound as) for each absolute ``from module import name [as bound]`` of a file."""
    tree = parse_python(path.read_text(encoding="utf-8"))
    return [(node.module, alias.name, alias.asname or alias.name)
            for node in tree.body if isinstance(node, ast.ImportFrom) and node.module and not node.level
            for alias in node.names if alias.name != "*"]


# -- TF 1.15's API tree, shipped as data ------------------------------------
@functools.lru_cache(maxsize=None)
def tf1_private_api() -> dict[str, tuple[str, tuple[str, ...]]]:
    """TF1 private name -> (the TF1 name that defined it, its public TF1 names); see data/tf1_private_api.txt."""
    text = importlib.resources.files("tfmigrate.data").joinpath("tf1_private_api.txt").read_text(encoding="utf-8")
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            private, home, *public = line.split()
            table[private] = (private if home == "=" else home, tuple(public))
    return table


# -- private modules, read as text ------------------------------------------
@dataclasses.dataclass
class Symbols:
    """What a module's top-level code binds, as far as re-exports need."""

    defined: set[str] = dataclasses.field(default_factory=set)
    imported: dict[str, str] = dataclasses.field(default_factory=dict)  # local -> dotted name it is bound to
    stars: list[str] = dataclasses.field(default_factory=list)
    all_names: tuple[str, ...] | None = None


class ModuleReader:
    """Modules of a package tree read as text; ``source(module)`` gives (text, is_package) or None."""

    def __init__(self, source: Callable[[str], tuple[str, bool] | None]) -> None:
        self.source = source
        self._cache: dict[str, Symbols | None] = {}

    def symbols(self, module: str) -> Symbols | None:
        if module not in self._cache:
            self._cache[module] = self._read(module)
        return self._cache[module]

    def is_module(self, dotted: str) -> bool:
        return self.source(dotted) is not None

    def defining_name(self, qualified: str) -> str | None:
        """``module.name`` followed through re-exports to the module that defines it; None if no module has it."""
        hops = self.hops(qualified)
        return hops[-1] if hops and self._defines(hops[-1]) else None

    def hops(self, qualified: str, depth: int = 0) -> list[str]:
        """``qualified`` and each name it re-exports, in order; empty when its module does not bind it."""
        module, _, name = qualified.rpartition(".")
        symbols = self.symbols(module)
        if symbols is None or depth > _MAX_HOPS or self.is_module(qualified):
            return []  # not a readable module, a cycle, or a submodule rather than an object
        if name in symbols.defined:
            return [qualified]
        if name in symbols.imported:
            return [qualified, *self.hops(symbols.imported[name], depth + 1)]
        for star in symbols.stars:
            star_symbols = self.symbols(star)
            if star_symbols is None or name.startswith("_"):
                continue
            if star_symbols.all_names is not None and name not in star_symbols.all_names:
                continue
            found = self.hops(f"{star}.{name}", depth + 1)
            if found:
                return [qualified, *found]
        return []

    def _defines(self, qualified: str) -> bool:
        module, _, name = qualified.rpartition(".")
        symbols = self.symbols(module)
        return symbols is not None and name in symbols.defined

    def _read(self, module: str) -> Symbols | None:
        found = self.source(module)
        if found is None:
            return None
        text, is_package = found
        try:
            tree = parse_python(text)
        except (SyntaxError, ValueError):
            return None
        symbols = Symbols()
        _read_block(tree.body, symbols, module if is_package else module.rpartition(".")[0], module)
        return symbols


@functools.lru_cache(maxsize=None)
def _package_dir(top: str) -> pathlib.Path | None:
    if top == "tensorflow":
        return api.wheel_dir()
    spec = importlib.util.find_spec(top)  # a top-level name: nothing is imported
    if spec is None or not spec.submodule_search_locations:
        return None
    return pathlib.Path(list(spec.submodule_search_locations)[0])


@functools.lru_cache(maxsize=None)
def _installed_source(module: str) -> tuple[str, bool] | None:
    top, *rest = module.split(".")
    if top not in ("tensorflow", "tf_slim"):
        return None
    root = _package_dir(top)
    if root is None:
        return None
    base = root.joinpath(*rest)
    for candidate, is_package in ((base / "__init__.py", True), (base.with_suffix(".py") if rest else None, False)):
        if candidate is not None and candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8"), is_package
            except (OSError, UnicodeDecodeError):
                return None
    return None


#: the installed tensorflow and tf_slim packages
INSTALLED = ModuleReader(_installed_source)


def defining_name(qualified: str) -> str | None:
    return INSTALLED.defining_name(qualified)


def _read_block(body: list[ast.stmt], symbols: Symbols, package: str, module: str) -> None:
    """Top-level bindings, also inside ``try``/``if`` blocks (TF guards imports with them)."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            symbols.defined.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, package)
            for alias in node.names:
                if alias.name == "*":
                    symbols.stars.append(source)
                else:
                    symbols.imported[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    symbols.imported[alias.asname] = alias.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            _read_assignment(node, symbols, module)
        elif isinstance(node, ast.If):
            _read_block(node.body, symbols, package, module)
            _read_block(node.orelse, symbols, package, module)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(handler.body for handler in node.handlers), node.orelse, node.finalbody):
                _read_block(block, symbols, package, module)


def _read_assignment(node: ast.Assign | ast.AnnAssign, symbols: Symbols, module: str) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [target.id for target in targets if isinstance(target, ast.Name)]
    if "__all__" in names and isinstance(node.value, (ast.List, ast.Tuple)):
        symbols.all_names = tuple(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
        return
    alias = ast_dotted(node.value) if node.value is not None else None
    head = alias.split(".")[0] if alias else ""
    for name in names:
        if alias and head in symbols.imported:
            # ``set_size = sets.set_size``: the same object under a second name
            symbols.imported[name] = symbols.imported[head] + alias[len(head):]
        elif alias == head and head in symbols.defined and head != name:
            symbols.imported[name] = f"{module}.{head}"  # ``ones_initializer = Ones``
        else:
            symbols.defined.add(name)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def ast_dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain of an ast tree, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))

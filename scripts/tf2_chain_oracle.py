"""Does every TensorFlow name a file uses exist in the installed TensorFlow 2?

    python scripts/tf2_chain_oracle.py DIR [DIR ...] [--json] [--list-missing N]

An oracle independent of the codemod: it reads files with Python's ``ast``
(not libcst), follows each file's own imports of ``tensorflow`` (and of
``absl``, ``tf_slim``, ``tf_keras`` and ``tfmigrate``, where migrated code moves names), and checks every
attribute chain rooted at them by ``getattr`` on the imported module (no name
tables). It also binds each call of a resolved function or class to the
installed signature (``inspect.signature``): a keyword TF 2 does not take, or
more positions than it has, fails on TF 2 as surely as a missing name. A file
is *ready* when every chain and every ``from tensorflow... import`` resolves
and every such call binds. ``compat`` files reach at least
one name through ``tf.compat.v1`` or tf-keras's TF1 API (``tf_keras.api._v1``, where
TF1's ``tf.layers`` lives on).
"""

from __future__ import annotations

import argparse
import ast
import collections
import importlib
import inspect
import json
import pathlib
import sys
from collections.abc import Iterator

import tensorflow as tf

_MISSING = object()


#: Packages whose names are checked: TensorFlow, and the packages migrated code moves to.
CHECKED_ROOTS = ("tensorflow", "absl", "tf_slim", "tf_keras", "tfmigrate")
#: Names reached through these are TF1's API kept running on TF 2, not TF 2 code.
COMPAT_PREFIXES = ("tensorflow.compat.v1", "tf_keras.api._v1")


def _is_checked(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in CHECKED_ROOTS)


def resolve(dotted: str) -> object:
    """``tensorflow.io.gfile.exists`` by getattr from its root package; _MISSING if any step fails."""
    parts = dotted.split(".")
    if parts[0] not in CHECKED_ROOTS:
        return _MISSING
    try:
        obj: object = importlib.import_module(parts[0])
    except Exception:
        return _MISSING
    for index, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
        except Exception:
            try:  # a real submodule the lazy loader does not expose as an attribute
                obj = importlib.import_module(".".join(parts[: index + 1]))
            except Exception:
                return _MISSING
    return obj


def _chain(node: ast.AST) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def tf_bindings(tree: ast.Module) -> tuple[dict[str, str], list[str]]:
    """Local name -> the checked dotted name it is bound to, and the imported names that do not exist."""
    bound: dict[str, str] = {}
    broken: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_checked(alias.name):
                    if resolve(alias.name) is _MISSING:
                        broken.append(alias.name)
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".")[0]
                        bound[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if not _is_checked(node.module):
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if alias.name == "*" or resolve(full) is _MISSING:
                    broken.append(full)
                    continue
                bound[alias.asname or alias.name] = full
    return bound, broken


def chains(tree: ast.Module, bound: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Every longest attribute chain rooted at a TensorFlow binding, as a tensorflow dotted name."""
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
    for node, shadowed in _nodes_with_locals(tree, frozenset()):
        if not isinstance(node, (ast.Attribute, ast.Name)) or id(node) in inner:
            continue
        parts = _chain(node)
        if not parts or parts[0] not in bound or parts[0] in shadowed:
            continue
        if isinstance(getattr(node, "ctx", None), ast.Store) and len(parts) == 1:
            continue  # the name was rebound (tf = None): not a TF use
        yield node.lineno, ".".join([bound[parts[0]], *parts[1:]])


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _nodes_with_locals(node: ast.AST, shadowed: frozenset[str]) -> Iterator[tuple[ast.AST, frozenset[str]]]:
    """Each node with the names a function around it binds itself (a parameter ``flags`` is not the module)."""
    for child in ast.iter_child_nodes(node):
        inside = shadowed | _locals(child) if isinstance(child, _FUNCTIONS) else shadowed
        yield child, inside
        yield from _nodes_with_locals(child, inside)


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> frozenset[str]:
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    if isinstance(function, ast.Lambda):
        return frozenset(names)
    declared = {name for node in ast.walk(function) if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names}
    for statement in function.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return frozenset(names - declared)


def rejected_calls(tree: ast.Module, bound: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Calls of checked functions and classes whose arguments their installed signature cannot take."""
    for node, shadowed in _nodes_with_locals(tree, frozenset()):
        if not isinstance(node, ast.Call):
            continue
        parts = _chain(node.func)
        if not parts or parts[0] not in bound or parts[0] in shadowed:
            continue
        dotted = ".".join([bound[parts[0]], *parts[1:]])
        problem = _unbindable(node, resolve(dotted))
        if problem:
            yield node.lineno, f"{dotted}({problem})"


def _unbindable(call: ast.Call, target: object) -> str:
    """Why ``call``'s arguments cannot bind to ``target``'s signature ("" if they can, or if it cannot be read)."""
    if target is _MISSING or not callable(target):
        return ""
    try:
        parameters = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return ""
    kinds = {parameter.kind for parameter in parameters}
    if inspect.Parameter.VAR_KEYWORD not in kinds:
        accepted = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
        for keyword in call.keywords:
            if keyword.arg is not None and keyword.arg not in accepted:
                return f"{keyword.arg}="
    starred = any(isinstance(arg, ast.Starred) for arg in call.args)
    if inspect.Parameter.VAR_POSITIONAL not in kinds and not starred:
        positions = sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
        if len(call.args) > positions:
            return f"{len(call.args)} positional arguments, at most {positions}"
    return ""


def _existing_prefix(dotted: str) -> tuple[str, str]:
    """The longest resolvable prefix and the first missing part's full name."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        obj = resolve(".".join(parts[:end]))
        if obj is not _MISSING:
            # Attributes of a non-module object (a class, a dtype) may be set at run time: not judged.
            if end == len(parts) or not isinstance(obj, type(tf)):
                return dotted, ""
            return ".".join(parts[:end]), ".".join(parts[: end + 1])
    return "", dotted


def check_file(path: pathlib.Path) -> dict[str, object] | None:
    """None for files that do not use TensorFlow or do not parse."""
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return None
    bound, broken = tf_bindings(tree)
    if not any(target.startswith("tensorflow") for target in bound.values()) and not broken:
        return None
    missing = list(broken)
    compat = any(target.startswith(COMPAT_PREFIXES) for target in bound.values())
    for _, dotted in chains(tree, bound):
        if dotted.startswith(COMPAT_PREFIXES):
            compat = True
        _, first_missing = _existing_prefix(dotted)
        if first_missing:
            missing.append(first_missing)
    rejected = [call for _, call in rejected_calls(tree, bound)]
    return {"path": str(path), "ready": not missing and not rejected, "compat": compat, "missing": missing,
            "rejected_calls": rejected}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=pathlib.Path)
    parser.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
    parser.add_argument("--list-missing", type=int, default=0, metavar="N", help="print the N most common missing names")
    args = parser.parse_args(argv)
    files = sorted(p for root in args.roots for p in ([root] if root.is_file() else root.rglob("*.py")))
    results = [r for r in map(check_file, files) if r is not None]
    if args.json:
        for result in results:
            print(json.dumps(result))
    ready = [r for r in results if r["ready"]]
    idiomatic = [r for r in ready if not r["compat"]]
    total = len(results) or 1
    rejecting = [r for r in results if r["rejected_calls"]]
    print(f"{len(rejecting)} file(s) with calls TF {tf.__version__}'s signatures reject "
          f"({sum(len(r['rejected_calls']) for r in rejecting)} calls; counted not ready)", file=sys.stderr)
    print(f"{len(results)} TensorFlow file(s): {len(ready)} ready on TF {tf.__version__} "
          f"({100 * len(ready) / total:.1f}%), {len(idiomatic)} of them without tf.compat.v1 "
          f"({100 * len(idiomatic) / total:.1f}%)", file=sys.stderr)
    if args.list_missing:
        files_per_name = collections.Counter(
            name for r in results for name in set(r["missing"]) | set(r["rejected_calls"]))  # type: ignore[arg-type]
        for name, count in files_per_name.most_common(args.list_missing):
            print(f"{count:5d}  {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Regenerate tfmigrate/data/tf1_private_api.txt from a TensorFlow 1.15 wheel, and tf2_rebound.txt.

TF1 code reaches objects through private modules (``control_flow_ops.cond``)
that TF 2 has since moved. TF 1.15's generated API tree
(``tensorflow_core/_api/v1/compat/v1/**/__init__.py``) says which public TF1
name each private object had; this script reads it, and the private modules
that re-export those objects, as text from the wheel file (nothing is
installed or imported), and writes one line per private name the installed
TF 2 wheel no longer has:

    PRIVATE HOME PUBLIC...

HOME is the TF1 name that defined the object (``=`` when PRIVATE itself did),
PUBLIC its public TF1 names (``tf.cond``), possibly none for ``tf.contrib``
names that tf_slim took over (``tfmigrate.exports.CONTRIB_TO_SLIM``).

    pip download tensorflow-cpu==1.15.0 --no-deps --only-binary=:all: \\
        --python-version 37 --implementation cp --abi cp37m --platform manylinux2010_x86_64 -d /tmp/tf115
    python scripts/gen_private_names.py /tmp/tf115/tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl

The installed TF 2 rebinds some private names after its API modules took
them (``tensorflow/python/ops/weak_tensor_ops.py`` wraps ``math_ops.erfinv``
and others), so a generated line does not always name the object the public
name holds at run time. ``--rebound`` imports the installed TensorFlow and
writes ``tfmigrate/data/tf2_rebound.txt``: each public name (``tf.X`` or
``tf.compat.v1.X``) that is not the object its generated line imports, and
each private name that a module rebinds at import (read with ``ast``). The
codemod never writes those public names for a private one, nor any public
name for a re-export of a rebound name (it holds the object from before).

    python scripts/gen_private_names.py --rebound
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import zipfile
from collections.abc import Iterator

from tfmigrate import exports

DATA = pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data"
OUT = DATA / "tf1_private_api.txt"
ROOT = "tensorflow_core"  # where TF 1.15's wheel keeps the package that ``tensorflow`` names
API = f"{ROOT}/_api/v1/compat/v1/"


class Wheel:
    def __init__(self, path: pathlib.Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.files = {info.filename for info in self.zip.infolist()}
        self.reader = exports.ModuleReader(self.source)
        self._namespaces: dict[str, set[str]] = {}

    def source(self, module: str) -> tuple[str, bool] | None:
        top, *rest = module.split(".")
        if top != "tensorflow":
            return None
        base = "/".join([ROOT, *rest])
        for name, is_package in ((f"{base}/__init__.py", True), (f"{base}.py", False)):
            if name in self.files:
                return self.zip.read(name).decode("utf-8", "replace"), is_package
        return None

    def public_names(self) -> dict[str, list[str]]:
        """Private name a public one is imported from -> public TF1 names, from the v1 API tree."""
        found: dict[str, list[str]] = {}
        for name in sorted(self.files):
            if not (name.startswith(API) and name.endswith("/__init__.py")):
                continue
            package = name[len(API):-len("__init__.py")].strip("/")
            if package.split("/")[0] == "compat":
                continue
            prefix = ".".join(["tf", *package.split("/")]) if package else "tf"
            tree = ast.parse(self.zip.read(name))
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module and not node.level and exports.is_private(node.module + ".x"):
                    for alias in node.names:
                        found.setdefault(f"{node.module}.{alias.name}", []).append(f"{prefix}.{alias.asname or alias.name}")
        return found

    def modules(self) -> Iterator[str]:
        for name in sorted(self.files):
            if not name.endswith(".py") or name.endswith("_test.py") or "/_api/" in name:
                continue
            dotted = "tensorflow." + name[len(ROOT) + 1:-3].replace("/", ".")
            dotted = dotted.removesuffix(".__init__")
            if exports.is_private(dotted + ".x"):
                yield dotted

    def namespace(self, module: str, depth: int = 0) -> set[str]:
        """Every public name a module's top level binds, through its star imports."""
        if module in self._namespaces:
            return self._namespaces[module]
        self._namespaces[module] = set()  # a cycle sees what is known so far
        symbols = self.reader.symbols(module)
        names: set[str] = set()
        if symbols is not None:
            names = {n for n in (*symbols.defined, *symbols.imported) if not n.startswith("_")}
            for star in symbols.stars if depth < 8 else ():
                inner = self.reader.symbols(star)
                shown = self.namespace(star, depth + 1)
                if inner is not None and inner.all_names is not None:
                    shown = shown & set(inner.all_names)
                names |= shown
        self._namespaces[module] = names
        return names


def lines(wheel: Wheel) -> Iterator[str]:
    public = wheel.public_names()
    slim_prefixes = tuple(prefix + "." for prefix in exports.CONTRIB_TO_SLIM)
    for module in wheel.modules():
        for name in sorted(wheel.namespace(module)):
            private = f"{module}.{name}"
            if wheel.reader.is_module(private):
                continue
            hops = wheel.reader.hops(private)
            if not hops:
                continue
            home = hops[-1]
            names = [name for hop in hops for name in public.get(hop, [])]
            kept_by_slim = private.startswith(slim_prefixes) and home != private and home.startswith(slim_prefixes)
            if not names and not kept_by_slim:
                continue
            if exports.INSTALLED.hops(private) or any(private in exports.api_tree(view) for view in ("v1", "v2")):
                continue  # the installed wheel still has it: its own API tree answers
            yield " ".join([private, "=" if home == private else home, *sorted(set(names))])


def rebound_private() -> list[str]:
    """Private names the installed TensorFlow rebinds at import (``math_ops.erfinv = wrapper(math_ops.erfinv)``).

    A module that re-exported such a name earlier (``from gen_math_ops import *``) holds the old object.
    """
    root = exports.api.wheel_dir()
    assert root is not None
    found = set()
    for path in sorted((root / "python").rglob("*.py")):
        module = "tensorflow." + ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        symbols = exports.INSTALLED.symbols(module)
        if symbols is None:
            continue
        for node in ast.parse(path.read_bytes()).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and not target.attr.startswith("__") and target.value.id in symbols.imported
                        and exports.INSTALLED.is_module(symbols.imported[target.value.id])):
                    found.add(f"{symbols.imported[target.value.id]}.{target.attr}")
    return sorted(found)


def rebound() -> list[str]:
    """Public names whose run-time object is not the private object their generated line imports."""
    import importlib

    import tensorflow as tf

    found = []
    for view, root in (("v2", "tf"), ("v1", "tf.compat.v1")):
        for home, names in exports.api_tree(view, keep_rebound=True).items():
            module, _, attr = home.rpartition(".")
            try:
                private = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError):
                continue
            for name in names:
                public: object = tf
                try:
                    for part in (root + name[2:]).split(".")[1:]:
                        public = getattr(public, part)
                except AttributeError:
                    found.append(root + name[2:])
                    continue
                if public is not private:
                    found.append(root + name[2:])
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=pathlib.Path, nargs="?", help="a tensorflow (or tensorflow-cpu) 1.15 wheel file")
    parser.add_argument("--rebound", action="store_true", help="write tf2_rebound.txt from the installed TensorFlow")
    args = parser.parse_args(argv)
    if args.rebound:
        names = rebound() + rebound_private()
        header = "# Public names that are not the object their generated API line imports; scripts/gen_private_names.py --rebound\n"
        (DATA / "tf2_rebound.txt").write_text(header + "\n".join(names) + "\n", encoding="utf-8")
        print(f"{len(names)} rebound public names")
        return 0
    if args.wheel is None:
        parser.error("give a TF 1.15 wheel, or --rebound")
    wheel = Wheel(args.wheel)
    found = sorted(set(lines(wheel)))
    header = (f"# TF1 private names the installed TF 2 lacks, from {args.wheel.name}'s API tree; "
              "written by scripts/gen_private_names.py\n# PRIVATE HOME PUBLIC... (HOME '=': PRIVATE defined it)\n")
    OUT.write_text(header + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} private names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

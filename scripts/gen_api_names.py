"""Regenerate tfmigrate/data/tf{1,2}_api.txt from the installed TensorFlow.

The codemod must not import TensorFlow, so the public API names it checks
against are written once here: one dotted name per line, ``tf.`` prefixed.

    python scripts/gen_api_names.py
"""

from __future__ import annotations

import pathlib
import types

import tensorflow as tf

DATA = pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data"
# Keras is its own project with its own API; tf.keras.* is walked one level
# deep only for the losses/optimizers that TF1 code used.
SKIP_SUBTREES = ("tf.compat.v1.compat", "tf.compat.v2", "tf.compat.v1.keras", "tf.keras", "tf.dtensor", "tf.raw_ops")


def walk(module: types.ModuleType, prefix: str, out: set[str], seen: set[int], empty: set[str]) -> None:
    if id(module) in seen or prefix.startswith(SKIP_SUBTREES):
        return
    seen.add(id(module))
    try:
        attrs = dir(module)
    except BaseException:  # a lazily loaded module that cannot load has no API here
        empty.add(prefix)
        return
    for attr in attrs:
        if attr.startswith("_"):
            continue
        try:
            value = getattr(module, attr)
        except BaseException:  # lazily loaded submodules may fail to import
            continue
        name = f"{prefix}.{attr}"
        out.add(name)
        # tf.compat.v1 inside the v2 walk is TF1 again: TF2 code never needs it.
        if name == "tf.compat.v1" and prefix == "tf.compat":
            continue
        # Only TensorFlow's own modules: tf.app.flags also exposes inspect, builtins, ...
        if isinstance(value, types.ModuleType) and getattr(value, "__name__", "").startswith(("tensorflow", "keras")):
            walk(value, name, out, seen, empty)
        elif isinstance(value, types.ModuleType) and not _loads(value):
            empty.add(name)


def _loads(module: types.ModuleType) -> bool:
    """False for the Keras 2 lazy loaders (tf.compat.v1.layers) that cannot load under Keras 3."""
    try:
        dir(module)
    except BaseException:
        return False
    return True


def keras_names(prefix: str) -> set[str]:
    out: set[str] = set()
    for sub in ("losses", "optimizers", "layers", "metrics", "activations", "initializers", "models", "backend"):
        try:
            module = getattr(tf.keras, sub)
        except BaseException:
            continue
        if module is None:
            continue
        out.add(f"{prefix}.{sub}")
        out.update(f"{prefix}.{sub}.{a}" for a in dir(module) if not a.startswith("_"))
    out.add(prefix)
    return out


def main() -> None:
    v2: set[str] = set()
    empty2: set[str] = set()
    walk(tf, "tf", v2, set(), empty2)
    v2 |= keras_names("tf.keras")
    v1: set[str] = set()
    empty1: set[str] = set()
    walk(tf.compat.v1, "tf", v1, set(), empty1)
    v1 |= keras_names("tf.keras")
    header = f"# TensorFlow {tf.__version__} public API, written by scripts/gen_api_names.py\n"
    (DATA / "tf2_api.txt").write_text(header + "\n".join(sorted(v2)) + "\n", encoding="utf-8")
    (DATA / "tf1_api.txt").write_text(header + "\n".join(sorted(v1)) + "\n", encoding="utf-8")
    (DATA / "tf2_empty_modules.txt").write_text(header + "\n".join(sorted(empty2 & v2)) + "\n", encoding="utf-8")
    (DATA / "tf1_empty_modules.txt").write_text(header + "\n".join(sorted(empty1 & v1)) + "\n", encoding="utf-8")
    print(f"tf2: {len(v2)} names, tf1: {len(v1)} names")


if __name__ == "__main__":
    main()

"""Regenerate tfmigrate/data/tf_slim_api.txt: the public names of the installed tf_slim package.

The codemod must not import TensorFlow (tf_slim imports it), so rule TFM504
reads which tf.contrib.slim / tf.contrib.layers names tf_slim still has from
this list: one dotted name per line, two levels deep.

    python scripts/gen_slim_names.py
"""

from __future__ import annotations

import pathlib
import types

import tf_slim

OUT = pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_slim_api.txt"


def public(module: types.ModuleType) -> list[str]:
    return sorted(name for name in dir(module) if not name.startswith("_"))


def main() -> int:
    names = {"tf_slim"}
    for name in public(tf_slim):
        names.add(f"tf_slim.{name}")
        value = getattr(tf_slim, name)
        if isinstance(value, types.ModuleType) and value.__name__.startswith("tf_slim"):
            names.update(f"tf_slim.{name}.{inner}" for inner in public(value))
    header = "# Public names of the installed tf_slim, two levels deep, by scripts/gen_slim_names.py\n"
    OUT.write_text(header + "".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    print(f"wrote {len(names)} names to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

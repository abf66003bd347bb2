"""Regenerate tfmigrate/data/tf_keras_legacy_layers.txt: the members of tf-keras's legacy tf.layers.

The codemod must not import TensorFlow (tf-keras imports it), so the compat
fallback (TFM601) and the readiness report read which ``tf.layers`` names
tf-keras still serves from this list, one name per line.

    python scripts/gen_legacy_layer_names.py
"""

from __future__ import annotations

import importlib
import pathlib

from tfmigrate import legacy_layers

OUT = pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "tf_keras_legacy_layers.txt"


def main() -> int:
    module = importlib.import_module(legacy_layers.MODULE)
    members = sorted(name for name in dir(module) if not name.startswith("_"))
    header = f"# Members of {legacy_layers.MODULE}, by scripts/gen_legacy_layer_names.py\n"
    OUT.write_text(header + "".join(f"{name}\n" for name in members), encoding="utf-8")
    print(f"wrote {len(members)} names to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

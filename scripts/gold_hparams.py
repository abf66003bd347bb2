"""Check tests/test_support_hparams.py's expected outcomes against TF 1.15's own HParams.

    python scripts/gold_hparams.py tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl

The wheel's ``contrib/training/python/training/hparam.py`` is pure Python; its
TensorFlow imports (the proto module, proto registration, a deprecation
decorator) are stubbed, which none of the table's expressions reaches. Needs
``six``. Prints each row whose outcome differs and exits 1 if any does.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import zipfile

HPARAM = "tensorflow_core/contrib/training/python/training/hparam.py"
STUBS = {
    "tensorflow/contrib/training/python/training/hparam_pb2.py": "HParamDef = object\n",
    "tensorflow/python/framework/ops.py": "def register_proto_function(*args, **kwargs):\n    pass\n",
    "tensorflow/python/util/compat.py": "",
    "tensorflow/python/util/deprecation.py": "def deprecated(*args, **kwargs):\n    return lambda f: f\n",
}


def _tf1_hparams(wheel: pathlib.Path, root: pathlib.Path) -> type:
    for path, text in STUBS.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    with zipfile.ZipFile(wheel) as archive:
        (root / "tensorflow/contrib/training/python/training/hparam.py").write_bytes(archive.read(HPARAM))
    for package in {p.parent for p in root.rglob("*.py")} | {root / "tensorflow/contrib"}:
        while package != root:
            (package / "__init__.py").touch()
            package = package.parent
    sys.path.insert(0, str(root))
    from tensorflow.contrib.training.python.training.hparam import HParams  # noqa: PLC0415

    return HParams


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
    import test_support_hparams as table  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        tf1 = _tf1_hparams(pathlib.Path(args[0]), pathlib.Path(tmp))
        wrong = 0
        for label, expression, expected in table.TF1_OUTCOMES:
            got = table.outcome(expression, {**vars(table), "HParams": tf1})
            if got != expected:
                wrong += 1
                print(f"{label}: TF 1.15 gives {got}, the table says {expected}")
    print(f"{len(table.TF1_OUTCOMES) - wrong} of {len(table.TF1_OUTCOMES)} rows match TF 1.15")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())

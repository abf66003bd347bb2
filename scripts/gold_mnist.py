"""Regenerate tests/data/mnist_input_data_tf1.json from TF 1.15's own MNIST reader.

    python scripts/gold_mnist.py tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl

The wheel's ``contrib/learn/python/learn/datasets/mnist.py`` is numpy code;
its TensorFlow imports are stubbed with TF1's behaviour where the scenarios
reach it: ``get_seed`` as TF 1.15 answers with no graph-level seed,
``gfile.Open`` as ``open``, downloads as files already in place. The
scenarios are tests/test_support_mnist.py's.
"""

from __future__ import annotations

import json
import pathlib
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
MNIST = "tensorflow_core/contrib/learn/python/learn/datasets/mnist.py"
STUBS = {
    "tensorflow/contrib/learn/python/learn/datasets/base.py": (
        "import collections, os\n"
        "Datasets = collections.namedtuple('Datasets', ['train', 'validation', 'test'])\n"
        "def maybe_download(filename, work_directory, source_url):\n"
        "    return os.path.join(work_directory, filename)\n"),
    "tensorflow/python/framework/dtypes.py": (
        "class DType:\n"
        "    def __init__(self, name): self.name = name\n"
        "    base_dtype = property(lambda self: self)\n"
        "    __eq__ = lambda self, other: getattr(other, 'name', None) == self.name\n"
        "    __hash__ = lambda self: hash(self.name)\n"
        "float32, uint8 = DType('float32'), DType('uint8')\n"
        "def as_dtype(d): return d if isinstance(d, DType) else DType(getattr(d, 'name', d))\n"),
    "tensorflow/python/framework/random_seed.py": (
        "def get_seed(op_seed):\n"
        "    return (None, None) if op_seed is None else (87654321, op_seed % (2**31 - 1))\n"),
    "tensorflow/python/platform/gfile.py": "Open = open\n",
    "tensorflow/python/util/deprecation.py": "def deprecated(*args, **kwargs):\n    return lambda f: f\n",
}


def _tf1_mnist(wheel: pathlib.Path, root: pathlib.Path) -> object:
    for path, text in STUBS.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    target = root / "tensorflow/contrib/learn/python/learn/datasets/mnist.py"
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read(MNIST))
    for package in {p.parent for p in root.rglob("*.py")}:
        while package != root:
            (package / "__init__.py").touch()
            package = package.parent
    sys.path.insert(0, str(root))
    from tensorflow.contrib.learn.python.learn.datasets import mnist  # noqa: PLC0415
    from tensorflow.python.framework import dtypes  # noqa: PLC0415

    return mnist, dtypes


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    sys.path.insert(0, str(ROOT / "tests"))
    with tempfile.TemporaryDirectory() as tmp:
        mnist, dtypes = _tf1_mnist(pathlib.Path(args[0]), pathlib.Path(tmp) / "stubs")
        import test_support_mnist as table  # noqa: PLC0415 - after the stubs: it imports no TensorFlow

        results = {}
        for name in table.SCENARIOS:
            directory = pathlib.Path(tmp) / name
            directory.mkdir()
            dtype = dtypes.uint8 if name == "one_hot_uint8_in_order" else dtypes.float32
            results[name] = table.outcome(mnist, name, str(directory), dtype)
    (ROOT / "tests/data/mnist_input_data_tf1.json").write_text(json.dumps(results, indent=0) + "\n")
    print(f"wrote {len(results)} outcomes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

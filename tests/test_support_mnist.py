"""tfmigrate.support.mnist_input_data reads MNIST as TF 1.15's tutorials reader did.

Each scenario writes small MNIST-format files (IDX, gzip) and records what
``read_data_sets`` and ``next_batch`` give: arrays with their dtypes and
shapes, batch order across epochs with a seed, one-hot labels, fake data,
errors. ``tests/data/mnist_input_data_tf1.json`` holds what TF 1.15's own
module (``contrib/learn/python/learn/datasets/mnist.py`` from the
tensorflow-cpu 1.15.0 wheel, its TensorFlow imports stubbed with TF1's
behaviour for an unseeded graph) gave for the same scenarios;
``scripts/gold_mnist.py WHEEL`` regenerates it. The module under test never
produced those values.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import pathlib
import struct
import subprocess
import sys
from typing import Any

import numpy
import pytest

from tfmigrate.support import mnist_input_data

GOLDEN = pathlib.Path(__file__).parent / "data" / "mnist_input_data_tf1.json"


def write_idx(directory: str, name: str, magic: int, dims: tuple[int, ...], values: list[int]) -> None:
    """An IDX file, gzip-compressed, as MNIST ships them (big-endian header, uint8 body)."""
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims)
    with gzip.open(os.path.join(directory, name), "wb") as f:
        f.write(header + bytes(values))


def write_mnist(directory: str, magic: int = 2051) -> None:
    """10 training images of 2x3 pixels and 4 test images; labels 0-9 out of order."""
    write_idx(directory, "train-images-idx3-ubyte.gz", magic, (10, 2, 3), [(7 * i + 3) % 256 for i in range(60)])
    write_idx(directory, "train-labels-idx1-ubyte.gz", 2049, (10,), [3, 1, 4, 0, 5, 9, 2, 6, 8, 7])
    write_idx(directory, "t10k-images-idx3-ubyte.gz", 2051, (4, 2, 3), [(11 * i + 5) % 256 for i in range(24)])
    write_idx(directory, "t10k-labels-idx1-ubyte.gz", 2049, (4,), [2, 7, 1, 8])


def show(array: Any) -> tuple[str, tuple[int, ...], Any]:
    array = numpy.asarray(array)
    return (str(array.dtype), array.shape, numpy.round(array, 6).tolist())


def shuffled_epochs(module: Any, directory: str, float32: Any) -> Any:
    data = module.read_data_sets(directory, validation_size=3, seed=7, dtype=float32)
    out = [("train", show(data.train.images), show(data.train.labels)),
           ("validation", show(data.validation.images), show(data.validation.labels)),
           ("test", show(data.test.images), show(data.test.labels), data.test.num_examples)]
    for _ in range(4):
        images, labels = data.train.next_batch(3)
        out.append(("batch", show(images), show(labels), data.train.epochs_completed))
    return out


def one_hot_uint8_in_order(module: Any, directory: str, uint8: Any) -> Any:
    data = module.read_data_sets(directory, one_hot=True, dtype=uint8, reshape=False, validation_size=0)
    out = [("train", show(data.train.images[:2]), show(data.train.labels[:2]), data.validation.num_examples)]
    for _ in range(3):
        images, labels = data.train.next_batch(4, shuffle=False)
        out.append(("batch", show(images[:, 0, 0, 0]), show(labels.argmax(axis=1)), data.train.epochs_completed))
    return out


def fake(module: Any, directory: str, float32: Any) -> Any:
    data = module.read_data_sets(directory, fake_data=True, one_hot=True)
    images, labels = data.train.next_batch(2, fake_data=True)
    return data.train.num_examples, len(images), len(images[0]), labels


def too_much_validation(module: Any, directory: str, float32: Any) -> Any:
    return module.read_data_sets(directory, validation_size=11)


def bad_magic(module: Any, directory: str, float32: Any) -> Any:
    write_mnist(directory, magic=2050)
    return module.read_data_sets(directory)


SCENARIOS = ["shuffled_epochs", "one_hot_uint8_in_order", "fake", "too_much_validation", "bad_magic"]


def outcome(module: Any, name: str, directory: str, dtypes: Any) -> str:
    write_mnist(directory)
    scenario = globals()[name]
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            return repr(scenario(module, directory, dtypes))
        except Exception as error:
            return f"{type(error).__name__}: {str(error).replace(directory, 'DIR')}"

@pytest.mark.parametrize("name", SCENARIOS)
def test_reads_as_tf1_did(name: str, tmp_path: pathlib.Path) -> None:
    expected = json.loads(GOLDEN.read_text())[name]
    dtype = "uint8" if name == "one_hot_uint8_in_order" else "float32"
    assert outcome(mnist_input_data, name, str(tmp_path), dtype) == expected


SEEDED_BY_TF = """\
import sys
import tensorflow as tf
from tfmigrate.support import mnist_input_data
tf.random.set_seed(5)
first = tf.random.uniform([2], seed=1).numpy().tolist()
data = mnist_input_data.read_data_sets(sys.argv[1], validation_size=0)
order = data.train.next_batch(10)[1].tolist()
tf.random.set_seed(5)
again = tf.random.uniform([2], seed=1).numpy().tolist()
print(order == list(numpy_order(5)), first == again)
"""


def test_the_global_seed_seeds_numpy_as_tf1s_graph_seed_did(tmp_path: pathlib.Path) -> None:
    """With tf.random.set_seed(5) and no seed argument, numpy is seeded with 5 (TF1: the graph-level seed).

    The expected order is numpy's own shuffle under seed 5, applied to the
    labels as written; reading the seed draws nothing from TensorFlow.
    """
    write_mnist(str(tmp_path))
    numpy.random.seed(5)
    order = numpy.arange(10)
    numpy.random.shuffle(order)
    labels = numpy.array([3, 1, 4, 0, 5, 9, 2, 6, 8, 7])[order].tolist()
    program = SEEDED_BY_TF.replace("list(numpy_order(5))", repr(labels))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run([sys.executable, "-c", program, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[-2:] == ["True", "True"]

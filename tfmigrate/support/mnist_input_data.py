"""``tensorflow.examples.tutorials.mnist.input_data`` for TF 2, which no longer ships the tutorials' reader.

Migrated code imports this module as ``input_data`` (rule TFM507) and keeps
calling ``input_data.read_data_sets(...)``. It does what TF 1.x's reader did:
it downloads the four gzip files into ``train_dir`` when they are missing,
splits the first ``validation_size`` training examples off as the validation
set, scales float32 images to [0, 1] and flattens them to 784 values, makes
one-hot labels as float64 rows, and ``next_batch`` shuffles each epoch with
numpy's global generator, seeded as TF1 seeded it: from ``seed`` when given,
else from TensorFlow's global (graph-level) seed when one is set, else afresh.

Nothing here imports TensorFlow; the global seed is read only when the
program has imported it.
"""

from __future__ import annotations

import collections
import gzip
import os
import shutil
import sys
import tempfile
import urllib.request
from typing import Any, BinaryIO

import numpy

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049
_MAXINT32 = 2**31 - 1  # TF1 reduced seeds modulo this

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _read32(stream: BinaryIO) -> int:
    return int(numpy.frombuffer(stream.read(4), dtype=numpy.dtype(numpy.uint32).newbyteorder(">"))[0])


def extract_images(f: BinaryIO) -> numpy.ndarray:
    """An IDX image file (gzip) as uint8 ``[count, rows, cols, 1]``."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != IMAGES_MAGIC:
            raise ValueError(f"Invalid magic number {magic} in MNIST image file: {f.name}")
        count, rows, cols = _read32(stream), _read32(stream), _read32(stream)
        data = numpy.frombuffer(stream.read(rows * cols * count), dtype=numpy.uint8)
        return data.reshape(count, rows, cols, 1)


def dense_to_one_hot(labels_dense: numpy.ndarray, num_classes: int) -> numpy.ndarray:
    one_hot = numpy.zeros((labels_dense.shape[0], num_classes))
    one_hot[numpy.arange(labels_dense.shape[0]), labels_dense.ravel()] = 1
    return one_hot


def extract_labels(f: BinaryIO, one_hot: bool = False, num_classes: int = 10) -> numpy.ndarray:
    """An IDX label file (gzip) as uint8 ``[count]``, or float64 one-hot rows."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != LABELS_MAGIC:
            raise ValueError(f"Invalid magic number {magic} in MNIST label file: {f.name}")
        count = _read32(stream)
        labels = numpy.frombuffer(stream.read(count), dtype=numpy.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


def _numpy_seed(seed: int | None) -> int | None:
    """The seed TF1's DataSet gave numpy: ``random_seed.get_seed(seed)``'s op seed if given, else its graph seed.

    Worked out here rather than by calling TensorFlow's get_seed, which in
    eager mode draws an operation seed and so would shift later random ops.
    """
    graph_seed = _global_seed()
    if seed is None:
        return None if graph_seed is None else graph_seed % _MAXINT32
    if graph_seed is not None and graph_seed % _MAXINT32 == 0 and seed % _MAXINT32 == 0:
        return _MAXINT32  # TF1 avoided the seed pair (0, 0), which its kernels read as "unseeded"
    return seed % _MAXINT32


def _global_seed() -> int | None:
    """TensorFlow's global seed (eager) or the default graph's seed (graph mode); None before TF is imported."""
    if "tensorflow" not in sys.modules:
        return None  # no TensorFlow yet, so no global seed can have been set
    from tensorflow.python.eager import context  # noqa: PLC0415 - only once the program has TF
    from tensorflow.python.framework import ops  # noqa: PLC0415

    return context.global_seed() if context.executing_eagerly() else ops.get_default_graph().seed


def _dtype_name(dtype: Any) -> str:
    base = getattr(dtype, "base_dtype", dtype)
    name = getattr(base, "name", None)
    return name if isinstance(name, str) else numpy.dtype(base).name


class DataSet:
    """One split: ``images``, ``labels``, ``num_examples``, ``epochs_completed`` and ``next_batch``."""

    def __init__(self, images: Any, labels: Any, fake_data: bool = False, one_hot: bool = False,
                 dtype: Any = "float32", reshape: bool = True, seed: int | None = None) -> None:
        numpy.random.seed(_numpy_seed(seed))
        kind = _dtype_name(dtype)
        if kind not in ("uint8", "float32"):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        self.one_hot = one_hot
        if fake_data:
            self._num_examples = 10000
        else:
            assert images.shape[0] == labels.shape[0], f"images.shape: {images.shape} labels.shape: {labels.shape}"
            self._num_examples = images.shape[0]
            if reshape:
                assert images.shape[3] == 1
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if kind == "float32":
                images = numpy.multiply(images.astype(numpy.float32), 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self) -> Any:
        return self._images

    @property
    def labels(self) -> Any:
        return self._labels

    @property
    def num_examples(self) -> int:
        return self._num_examples

    @property
    def epochs_completed(self) -> int:
        return self._epochs_completed

    def next_batch(self, batch_size: int, fake_data: bool = False, shuffle: bool = True) -> tuple[Any, Any]:
        """The next ``batch_size`` examples; an epoch's end joins its rest to the next epoch's start."""
        if fake_data:
            label = [1] + [0] * 9 if self.one_hot else 0
            return [[1] * 784 for _ in range(batch_size)], [label for _ in range(batch_size)]
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return self._images[start:self._index_in_epoch], self._labels[start:self._index_in_epoch]
        self._epochs_completed += 1
        rest_images, rest_labels = self._images[start:], self._labels[start:]
        if shuffle:
            self._shuffle()
        self._index_in_epoch = batch_size - (self._num_examples - start)
        end = self._index_in_epoch
        return (numpy.concatenate((rest_images, self._images[:end]), axis=0),
                numpy.concatenate((rest_labels, self._labels[:end]), axis=0))

    def _shuffle(self) -> None:
        order = numpy.arange(self._num_examples)
        numpy.random.shuffle(order)
        self._images = self._images[order]
        self._labels = self._labels[order]


def maybe_download(filename: str, work_directory: str, source_url: str) -> str:
    """``work_directory/filename``, downloaded from ``source_url`` first when it is not there."""
    os.makedirs(work_directory, exist_ok=True)
    path = os.path.join(work_directory, filename)
    if not os.path.exists(path):
        with tempfile.NamedTemporaryFile(delete=False) as temporary:
            scratch = temporary.name
        try:
            urllib.request.urlretrieve(source_url, scratch)
            shutil.copyfile(scratch, path)
        finally:
            os.remove(scratch)
        print("Successfully downloaded", filename, os.path.getsize(path), "bytes.")
    return path


def read_data_sets(train_dir: str, fake_data: bool = False, one_hot: bool = False, dtype: Any = "float32",
                   reshape: bool = True, validation_size: int = 5000, seed: int | None = None,
                   source_url: str = DEFAULT_SOURCE_URL) -> Datasets:
    """MNIST's train, validation and test splits, read as TF 1.x's ``input_data.read_data_sets`` read them."""
    if fake_data:
        return Datasets(*(DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed) for _ in range(3)))
    source_url = source_url or DEFAULT_SOURCE_URL
    arrays = []
    for name, extract in zip(FILES, (extract_images, extract_labels, extract_images, extract_labels)):
        with open(maybe_download(name, train_dir, source_url + name), "rb") as f:
            arrays.append(extract(f) if extract is extract_images else extract(f, one_hot=one_hot))
    train_images, train_labels, test_images, test_labels = arrays
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    options = {"dtype": dtype, "reshape": reshape, "seed": seed}
    train = DataSet(train_images[validation_size:], train_labels[validation_size:], **options)
    validation = DataSet(train_images[:validation_size], train_labels[:validation_size], **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)

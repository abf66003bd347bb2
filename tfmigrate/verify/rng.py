"""One seeded random stream shared by both sides of a verification.

TF1 graph code and its TF2 eager migration draw random numbers through
different kernels and seeding schemes, so even a perfect migration produces
different weights. To compare them value by value, both sides are served from
the same numpy ``Generator`` in call order: the n-th random call on the
original side gets exactly the numbers of the n-th random call on the
migrated side.

The draws happen on the host and enter TensorFlow as constants. In graph mode
a random op is therefore created once with a fixed value: an op that TF1
would resample on every ``Session.run`` returns the same draw each time. That
is what initialisers and data sampled once need; a graph that relies on
resampling per run is reported as different when its migration resamples.

This module needs TensorFlow only inside :func:`install`, which runs in the
verification subprocess.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any

import numpy as np

DEFAULT_SEED = 20240601

# Public names of TF random ops, by the draw that serves them. The v1 names
# (random_normal, ...) and the v2 names (random.normal, ...) share kernels.
RANDOM_API_NAMES: dict[str, tuple[str, ...]] = {
    "normal": ("normal", "random_normal"),
    "uniform": ("uniform", "random_uniform"),
    "truncated_normal": ("truncated_normal",),
    "shuffle": ("shuffle", "random_shuffle"),
}

# A truncated normal keeps draws within two standard deviations, as TF's does.
_TRUNCATION = 2.0


class SharedRandom:
    """Numpy draws in call order; each call also leaves a log line."""

    def __init__(self, seed: int = DEFAULT_SEED, stream: int = 0) -> None:
        # Stream 0 is seeded as it always was; another stream is independent of it.
        bits = np.random.PCG64(seed if stream == 0 else np.random.SeedSequence(seed, spawn_key=(stream,)))
        self.generator = np.random.Generator(bits)
        self.log: list[str] = []

    def normal(self, shape: Sequence[int], mean: float, stddev: float, dtype: np.dtype) -> np.ndarray:
        values = self.generator.standard_normal(tuple(shape)) * stddev + mean
        return np.asarray(values).astype(dtype)

    def truncated_normal(self, shape: Sequence[int], mean: float, stddev: float,
                         dtype: np.dtype) -> np.ndarray:
        values = self.generator.standard_normal(tuple(shape))
        outside = np.abs(values) > _TRUNCATION
        while np.any(outside):
            values[outside] = self.generator.standard_normal(int(outside.sum()))
            outside = np.abs(values) > _TRUNCATION
        return np.asarray(values * stddev + mean).astype(dtype)

    def uniform(self, shape: Sequence[int], minval: float, maxval: float, dtype: np.dtype) -> np.ndarray:
        if np.issubdtype(dtype, np.integer):
            return self.generator.integers(int(minval), int(maxval), tuple(shape)).astype(dtype)
        unit = self.generator.random(tuple(shape))
        return np.asarray(minval + (maxval - minval) * unit).astype(dtype)

    def permutation(self, length: int) -> np.ndarray:
        return self.generator.permutation(length)


def seed_python_and_numpy(seed: int = DEFAULT_SEED) -> None:
    """Seed ``random`` and numpy's global RNG, and make unseeded Generators reproducible."""
    random.seed(seed)
    np.random.seed(seed % (2**32))
    _make_default_rng_deterministic(seed)


def _make_default_rng_deterministic(seed: int) -> None:
    real_default_rng = np.random.default_rng
    counter: Iterator[int] = iter(range(1, 1 << 62))

    def default_rng(user_seed: Any = None) -> np.random.Generator:
        # An unseeded Generator would differ between the two sides; give the
        # n-th unseeded one the same seed on both.
        if user_seed is None:
            user_seed = seed + next(counter)
        return real_default_rng(user_seed)

    np.random.default_rng = default_rng


class _Unresolvable(Exception):
    """A random op's arguments have no value yet (a graph placeholder, say)."""


def install(tf: ModuleType, shared: SharedRandom, where: Callable[[], int]) -> None:
    """Serve TF's public random ops from ``shared`` on every API path.

    ``where`` returns the user's line number, for the log. Internal TF code
    keeps the real kernels: only names reached through the public API change.
    """
    from tensorflow.python.ops import random_ops  # noqa: PLC0415 - subprocess only

    originals = {
        "normal": random_ops.random_normal,
        "uniform": random_ops.random_uniform,
        "truncated_normal": random_ops.truncated_normal,
        "shuffle": random_ops.random_shuffle,
    }
    for kind, original in originals.items():
        replacement = make_shared_op(tf, shared, kind, original, where)
        for module in _api_modules(tf):
            for name in RANDOM_API_NAMES[kind]:
                if getattr(module, name, None) is original:
                    set_everywhere(module, name, replacement)


def _api_modules(tf: ModuleType) -> list[Any]:
    """TF's public API modules (and their lazy wrappers), not its internals."""
    found: list[Any] = [tf, tf.random, tf.compat.v1, tf.compat.v1.random]
    for name, module in list(sys.modules.items()):
        public = name == "tensorflow" or (
            name.startswith("tensorflow.") and not name.startswith("tensorflow.python"))
        if module is not None and public:
            found.append(module)
    return found


def set_everywhere(module: Any, name: str, value: object) -> None:
    """Set ``module.name``, and the same on the module a lazy API wrapper stands for."""
    setattr(module, name, value)
    wrapped = getattr(module, "_tfmw_wrapped_module", None)
    if wrapped is not None:
        setattr(wrapped, name, value)


def make_shared_op(tf: ModuleType, shared: SharedRandom, kind: str,
                   original: Callable[..., Any], where: Callable[[], int]) -> Callable[..., Any]:
    """A stand-in for the random op ``original`` that draws from ``shared`` (or runs ``original``
    when its arguments have no value before the graph runs); the arguments are random_ops'."""
    def shared_random_op(*args: Any, **kwargs: Any) -> Any:
        try:
            values = _draw(tf, shared, kind, args, kwargs)
        except _Unresolvable as why:
            shared.log.append(f"line {where()}: {kind} not shared ({why}); real kernel used")
            return original(*args, **kwargs)
        shared.log.append(f"line {where()}: {kind} {list(values.shape)}")
        if kind == "shuffle":
            return tf.gather(args[0] if args else kwargs["value"], tf.constant(values))
        return tf.constant(values)

    shared_random_op.__name__ = f"shared_{kind}"
    return shared_random_op


def _draw(tf: ModuleType, shared: SharedRandom, kind: str, args: tuple[Any, ...],
          kwargs: dict[str, Any]) -> np.ndarray:
    if kind == "shuffle":
        value = _static(tf, args[0] if args else kwargs["value"])
        return shared.permutation(int(np.shape(value)[0]))
    params = _bind(kind, args, kwargs)
    shape = [int(d) for d in np.atleast_1d(np.asarray(_static(tf, params["shape"])))]
    dtype = tf.as_dtype(params.get("dtype") or tf.float32).as_numpy_dtype
    if kind == "uniform":
        maxval = params.get("maxval")
        top = 1.0 if maxval is None else float(_static(tf, maxval))
        return shared.uniform(shape, float(_static(tf, params.get("minval", 0))), top, np.dtype(dtype))
    mean = float(_static(tf, params.get("mean", 0.0)))
    stddev = float(_static(tf, params.get("stddev", 1.0)))
    draw = shared.normal if kind == "normal" else shared.truncated_normal
    return draw(shape, mean, stddev, np.dtype(dtype))


_POSITIONAL: dict[str, tuple[str, ...]] = {
    "normal": ("shape", "mean", "stddev", "dtype", "seed", "name"),
    "truncated_normal": ("shape", "mean", "stddev", "dtype", "seed", "name"),
    "uniform": ("shape", "minval", "maxval", "dtype", "seed", "name"),
}


def _bind(kind: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    params = dict(zip(_POSITIONAL[kind], args))
    params.update(kwargs)
    if "shape" not in params:
        raise _Unresolvable("no shape given")
    return params


def _static(tf: ModuleType, value: Any) -> Any:
    """The concrete value of ``value``, or _Unresolvable for a graph-only tensor."""
    if isinstance(value, tf.TensorShape):
        if not value.is_fully_defined():
            raise _Unresolvable("shape not fully defined")
        return value.as_list()
    if tf.is_tensor(value) or isinstance(value, tf.Variable):
        static = tf.get_static_value(value)
        if static is None:
            raise _Unresolvable("value known only when the graph runs")
        return static
    if isinstance(value, (list, tuple)):
        return [_static(tf, item) for item in value]
    return value

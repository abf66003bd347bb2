"""Draws made inside initializer objects, served from a shared stream of their own.

A TF1 original creates weights through ``tf.get_variable`` (glorot-uniform by
default), ``tf.layers.*`` and initializer objects
(``tf.glorot_uniform_initializer()``, ``tf.truncated_normal_initializer()``,
...); its migration creates them through Keras 3 layers and
``tf.keras.initializers``. Each library computes its distribution's
parameters from the weight's shape (fan-in and fan-out) and then draws with
its own kernel: TF1's ``init_ops`` call ``random_ops`` directly, Keras 3's
initializers call ``keras.src.backend.random`` (stateless ops). Neither goes
through the public names :mod:`tfmigrate.verify.rng` serves, so weights
differed between the two sides even when the migration was faithful.

Here the draw itself is replaced, not the initializer: each library still
computes its own mean, standard deviation or limit exactly as it does (TF1
and Keras 3 use the same formulas, e.g. a truncated normal's standard
deviation divided by .87962566103423978), and the numbers come from a
:class:`~tfmigrate.verify.rng.SharedRandom` kept for initializers, so the
n-th initializer draw of the original equals the n-th of the migration.

The stream is separate from the one of the public random ops because Keras
layers create their weights when first called, not where the layer object is
created: a migration that keeps every random op in place still moves its
layers' draws after the ops that follow the layer in the source. Each kind
keeps its own order.

Runs only inside the verification subprocess.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from tfmigrate.verify import rng

# Seeds the initializer stream apart from the random ops' stream.
INITIALIZER_STREAM = 1

# The random_ops functions TF1's init_ops draw with, by the shared draw that serves them.
_TF_DRAWS = {"random_uniform": "uniform", "random_normal": "normal", "truncated_normal": "truncated_normal"}


class _DrawProxy(ModuleType):
    """A module as one library's initializers see it: the same, except for the replaced draws."""

    def __init__(self, real: ModuleType, replaced: dict[str, Callable[..., Any]]) -> None:
        super().__init__(real.__name__, real.__doc__)
        self._real = real
        self._replaced = replaced

    def __getattr__(self, name: str) -> Any:
        if name in self._replaced:
            return self._replaced[name]
        return getattr(self._real, name)


def install(tf: ModuleType, shared: rng.SharedRandom, where: Callable[[], int]) -> None:
    """Serve the draws of TF1's, TF 2's and Keras 3's initializers from ``shared``."""
    _install_tf1_init_ops(tf, shared, where)
    _install_tf2_init_ops(tf, shared, where)
    _install_keras(tf, shared, where)


def _install_tf1_init_ops(tf: ModuleType, shared: rng.SharedRandom, where: Callable[[], int]) -> None:
    # init_ops (tf.compat.v1's initializers, tf.get_variable's glorot-uniform default, and the
    # legacy tf.layers) look random_ops up as a module attribute at every call.
    from tensorflow.python.ops import init_ops, random_ops  # noqa: PLC0415 - subprocess only

    replaced = {name: rng.make_shared_op(tf, shared, kind, getattr(random_ops, name), where)
                for name, kind in _TF_DRAWS.items()}
    init_ops.random_ops = _DrawProxy(random_ops, replaced)


def _install_tf2_init_ops(tf: ModuleType, shared: rng.SharedRandom, where: Callable[[], int]) -> None:
    # TF 2's own initializers (tf.random_normal_initializer, ...) draw through one helper class,
    # stateless when seeded; both kinds become shared draws.
    from tensorflow.python.ops import init_ops_v2, random_ops  # noqa: PLC0415 - subprocess only

    for name, kind in _TF_DRAWS.items():
        op = rng.make_shared_op(tf, shared, kind, getattr(random_ops, name), where)
        setattr(init_ops_v2._RandomGenerator, name, _as_method(op))


def _as_method(op: Callable[..., Any]) -> Callable[..., Any]:
    def draw(self: Any, *args: Any, **kwargs: Any) -> Any:
        return op(*args, **kwargs)

    return draw


def _install_keras(tf: ModuleType, shared: rng.SharedRandom, where: Callable[[], int]) -> None:
    # Keras 3's initializers draw through keras.src.backend.random (stateless TF ops), looked up
    # as their module's attribute ``random`` at every call.
    try:
        from keras.src.backend import floatx, standardize_dtype  # noqa: PLC0415 - subprocess only
        from keras.src.initializers import random_initializers  # noqa: PLC0415
    except ImportError:
        return
    real = random_initializers.random

    def keras_draw(kind: str) -> Callable[..., Any]:
        op = rng.make_shared_op(tf, shared, kind, getattr(real, kind), where)

        def shared_keras_draw(*args: Any, dtype: Any = None, seed: Any = None, **kwargs: Any) -> Any:
            # Keras' None means its float type; the seed only chose the stateless kernel's stream.
            return op(*args, dtype=standardize_dtype(dtype or floatx()), **kwargs)

        return shared_keras_draw

    replaced = {kind: keras_draw(kind) for kind in ("normal", "uniform", "truncated_normal")}
    random_initializers.random = _DrawProxy(real, replaced)

"""Dropout masks, served from a shared stream of their own and drawn anew on every run.

TF1's ``tf.nn.dropout`` in graph mode draws a new mask each time
``Session.run`` executes it; a migration calls ``tf.nn.dropout`` (or a Keras
``Dropout`` layer, which calls ``tf.nn.experimental.stateless_dropout``) once
per step, eagerly. Both reach TF's one dropout implementation
(``nn_ops._dropout``), which takes the uniform sampler as an argument; here
that sampler is replaced on both sides. The eager side draws from the shared
stream at once. The graph side gets a ``numpy_function`` op that draws from
the same stream each time the graph runs it, so the n-th mask TF1 used in a
run equals the n-th mask the migration drew, run after run.

A dropout whose rate is 0 when it runs keeps everything and draws nothing:
TF skips the draw for a literal 0 (``rate=0.0``), and a TF1 graph fed
``keep_prob: 1.0`` for evaluation would otherwise consume masks its eager
migration (often called with a literal 1.0) never draws.

Within one ``Session.run``, masks are drawn in the order the graph executes
their ops. A dropout's draw waits for its input (the mask's shape is read from
it), so stacked dropout layers draw in order; two dropouts on independent
branches of one graph may run in either order, and then verify reports their
values as different.

Runs only inside the verification subprocess.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from tfmigrate.verify import rng

DROPOUT_STREAM = 2


def install(tf: ModuleType, shared: rng.SharedRandom, where: Callable[[], int]) -> None:
    """Every dropout of TF (and of Keras layers, which call TF's) draws its mask from ``shared``."""
    from tensorflow.python.ops import nn_ops  # noqa: PLC0415 - subprocess only

    real = nn_ops._dropout

    def shared_dropout(x: Any, rate: Any, noise_shape: Any, uniform_sampler: Any, *args: Any, **kwargs: Any) -> Any:
        line = where()

        def sampler(shape: Any, dtype: Any) -> Any:
            return _uniform(tf, shared, shape, rate, tf.as_dtype(dtype), line)

        return real(x, rate, noise_shape, sampler, *args, **kwargs)

    nn_ops._dropout = shared_dropout


def _uniform(tf: ModuleType, shared: rng.SharedRandom, shape: Any, rate: Any, dtype: Any, line: int) -> Any:
    numpy_dtype = np.dtype(dtype.as_numpy_dtype)

    def draw(shape_value: Any, rate_value: Any) -> np.ndarray:
        dims = [int(d) for d in np.asarray(shape_value).reshape(-1)]
        if float(rate_value) == 0.0:
            return np.zeros(dims, numpy_dtype)  # keeps every unit, as any draw would
        shared.log.append(f"line {line}: dropout {dims}")
        return shared.uniform(dims, 0.0, 1.0, numpy_dtype)

    rate_value = tf.cast(rate, tf.float64)
    if tf.executing_eagerly():
        return tf.constant(draw(np.asarray(shape), np.asarray(rate_value)))
    return tf.numpy_function(draw, [shape, rate_value], dtype, stateful=True)

"""Run a TF1 snippet in graph mode (tf.compat.v1, a session) and its migration eagerly, in this process.

Golden values for the value tests of single conversions: the TF1 side is TF's own v1 code in a
tf.Graph, never the migration.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TF1_IMPORT = "import tensorflow as tf\n"


def tf1_values(source: str, names: Sequence[str]) -> list[np.ndarray]:
    """The values of ``names`` after running ``source`` (written ``import tensorflow as tf``) as TF1 graph code."""
    import tensorflow as tf

    assert source.startswith(TF1_IMPORT), source
    graph = tf.Graph()
    namespace: dict[str, object] = {}
    with graph.as_default():
        exec(compile("import tensorflow.compat.v1 as tf\n" + source[len(TF1_IMPORT):], "<tf1>", "exec"), namespace)  # noqa: S102
        with tf.compat.v1.Session(graph=graph) as sess:
            sess.run([tf.compat.v1.global_variables_initializer(), tf.compat.v1.local_variables_initializer()])
            return [np.asarray(value) for value in sess.run([namespace[name] for name in names])]


def eager_values(source: str, names: Sequence[str]) -> list[np.ndarray]:
    """The values of ``names`` after running ``source`` eagerly (TF 2)."""
    namespace: dict[str, object] = {}
    exec(compile(source, "<tf2>", "exec"), namespace)  # noqa: S102
    return [np.asarray(namespace[name]) for name in names]

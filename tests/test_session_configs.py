"""TFM201 session configs: ``tf.Session(config=tf.ConfigProto(...))`` options as ``tf.config`` calls.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The runnable pair is also run on both sides.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "named-config-with-threads-placement-and-memory-growth",
        """
        import tensorflow as tf
        config = tf.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=1,
                                inter_op_parallelism_threads=2)
        config.gpu_options.allow_growth = True
        a = tf.constant([[1., 2.], [3., 4.]])
        with tf.Session(config=config) as sess:
            print(sess.run(tf.matmul(a, a)))
        """,
        """
        import tensorflow as tf
        tf.config.set_soft_device_placement(True)
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(2)
        for gpu in tf.config.list_physical_devices("GPU"):
            tf.config.experimental.set_memory_growth(gpu, True)
        a = tf.constant([[1., 2.], [3., 4.]])
        print(tf.matmul(a, a).numpy())
        """,
        "2:46 TFM201", "2:81 TFM201", "3:54 TFM201", "4:35 TFM201", "6:1 TFM201",
    ),
    pair(
        "gpu-options-object-and-hidden-gpus-before-any-op",
        """
        import tensorflow as tf
        config = tf.ConfigProto(gpu_options=tf.GPUOptions(allow_growth=False), device_count={'GPU': 0, 'CPU': 1})
        x = tf.ones([2])
        sess = tf.Session(config=config)
        print(sess.run(x))
        """,
        """
        import tensorflow as tf
        for gpu in tf.config.list_physical_devices('GPU'):
            tf.config.experimental.set_memory_growth(gpu, False)
        tf.config.set_visible_devices([], 'GPU')
        x = tf.ones([2])
        print(x.numpy())
        """,
        "2:64 TFM201", "2:85 TFM201", "4:1 TFM201",
    ),
    pair(
        "inline-config-in-a-with-block-after-graph-code",
        """
        import tensorflow as tf
        x = tf.ones([2])
        with tf.Session(config=tf.ConfigProto(log_device_placement=False, allow_soft_placement=True)) as sess:
            print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.ones([2])
        tf.debugging.set_log_device_placement(False)
        tf.config.set_soft_device_placement(True)
        print(x.numpy())
        """,
        "3:1 TFM201", "3:60 TFM201", "3:88 TFM201",
    ),
    pair(
        "inline-config-bound-session-and-a-session-only-option",
        """
        import tensorflow as tf
        x = tf.ones([2])
        sess = tf.Session(config=tf.ConfigProto(use_per_session_threads=True, allow_soft_placement=True))
        print(sess.run(x))
        """,
        """
        import tensorflow as tf
        x = tf.ones([2])
        tf.config.set_soft_device_placement(True)
        print(x.numpy())
        """,
        "3:1 TFM201", "3:65 TFM201", "3:92 TFM201",
    ),
    pair(
        "loop-name-gpu-taken",
        """
        import tensorflow as tf
        gpu = 3
        config = tf.ConfigProto()
        config.gpu_options.allow_growth = True
        with tf.Session(config=config) as sess:
            print(sess.run(tf.ones([gpu])))
        """,
        """
        import tensorflow as tf
        gpu = 3
        for gpu_device in tf.config.list_physical_devices("GPU"):
            tf.config.experimental.set_memory_growth(gpu_device, True)
        print(tf.ones([gpu]).numpy())
        """,
        "4:35 TFM201", "5:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "every-option-that-cannot-be-carried-over-is-reported",
        """
        import tensorflow as tf
        a = tf.constant([1., 2.])
        config = tf.ConfigProto(log_device_placement=True, intra_op_parallelism_threads=2,
                                gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5))
        config.graph_options.optimizer_options.global_jit_level = 1
        with tf.Session(config=config) as sess:
            print(sess.run(a))
        """,
        None,
        "3:10 TFM413", "3:81 TFM201", "4:37 TFM413", "4:83 TFM201", "5:59 TFM201",
    ),
    pair(
        "config-passed-elsewhere-stays",
        """
        import tensorflow as tf
        config = tf.ConfigProto(allow_soft_placement=True)
        describe(config)
        with tf.Session(config=config) as sess:
            print(sess.run(tf.ones([2])))
        """,
        None,
        "2:10 TFM413", "3:10 TFM201",
    ),
    pair(
        "device-count-of-several-cpus-stays",
        """
        import tensorflow as tf
        with tf.Session(config=tf.ConfigProto(device_count={'CPU': 4})) as sess:
            print(sess.run(tf.ones([2])))
        """,
        None,
        "2:24 TFM413", "2:53 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_session_config_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    # The thread counts must come first: the concatenated script runs them before any other operation.
    assert_pairs_compute_the_same(PAIRS, ("named-config-with-threads-placement-and-memory-growth",
                                          "inline-config-in-a-with-block-after-graph-code"), tmp_path,
                                  minimum_values=2)

"""tf.app.flags / tf.flags / tf.app.run -> absl (TFM501), tf.logging -> absl.logging (TFM502), tf.gfile -> tf.io.gfile.

Before/after tables and a no-op list, written by hand; one script run on both
sides (TF1 through tf.compat.v1, the migration on TF 2) prints the same flags.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from tfmigrate.engine import migrate_source

TF1_SCRIPT = '''\
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("name", "world", "who to greet")
tf.app.flags.DEFINE_integer("times", 1, "how often")
FLAGS = flags.FLAGS


def main(argv):
    tf.logging.set_verbosity(tf.logging.ERROR)
    tf.logging.info("not shown at ERROR")
    print(FLAGS.name, FLAGS.times, argv[1:])


if __name__ == "__main__":
    tf.app.run()
'''

TF2_SCRIPT = '''\
import tensorflow as tf
from absl import app, flags, logging

flags.DEFINE_string("name", "world", "who to greet")
flags.DEFINE_integer("times", 1, "how often")
FLAGS = flags.FLAGS


def main(argv):
    logging.set_verbosity(logging.ERROR)
    logging.info("not shown at ERROR")
    print(FLAGS.name, FLAGS.times, argv[1:])


if __name__ == "__main__":
    app.run(main, flags_parser=lambda argv: flags.FLAGS(argv, known_only=True))
'''

PAIRS = [
    (TF1_SCRIPT, TF2_SCRIPT),
    ("import tensorflow as tf\nFLAGS = tf.flags.FLAGS\ndef f():\n    return FLAGS.x\n",
     "import tensorflow as tf\nfrom absl import flags\n\nFLAGS = flags.FLAGS\ndef f():\n    return FLAGS.x\n"),
    ("import tensorflow as tf\ntf.app.flags.mark_flag_as_required('x')\n",
     "import tensorflow as tf\nfrom absl import flags\n\nflags.mark_flag_as_required('x')\n"),
    ("import tensorflow as tfx\ntfx.logging.error('bad %s', x)\n",
     "import tensorflow as tfx\nfrom absl import logging\n\nlogging.error('bad %s', x)\n"),
    ("import tensorflow.compat.v1 as tf\ntf.logging.log(tf.logging.DEBUG, 'm')\n",
     "import tensorflow as tf\nfrom absl import logging\n\nlogging.log(logging.DEBUG, 'm')\n"),
    ("import tensorflow as tf\ndata = tf.gfile.Open(path).read()\nnames = tf.gfile.ListDirectory(d)\n",
     "import tensorflow as tf\ndata = tf.io.gfile.GFile(path).read()\nnames = tf.io.gfile.listdir(d)\n"),
    ("import tensorflow as tf\ntf.gfile.Copy(oldpath=a, newpath=b, overwrite=True)\n",
     "import tensorflow as tf\ntf.io.gfile.copy(src=a, dst=b, overwrite=True)\n"),
]

NO_OPS = [
    # read while the module is imported: absl would raise where TF1 parsed sys.argv
    "import tensorflow as tf\nFLAGS = tf.app.flags.FLAGS\nif FLAGS.debug:\n    pass\n",
    # no main function for tf.app.run() to find
    "import tensorflow as tf\ntf.app.run()\n",
    # absl.logging.fatal aborts; tf.logging.fatal did not
    "import tensorflow as tf\ntf.logging.fatal('x')\n",
    # a level absl numbers differently
    "import tensorflow as tf\ntf.logging.log(20, 'x')\n",
    # a function parameter named like the import would hide it
    "import tensorflow as tf\ndef f(logging):\n    tf.logging.info('x')\n",
    "from absl import flags\nFLAGS = flags.FLAGS\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_converts(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert not [f for f in result.findings if f.needs_action], [f.format() for f in result.findings]
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves_alone(source: str) -> None:
    result = migrate_source(source)
    assert result.code == source
    if "tensorflow" in source:
        assert any(f.needs_action for f in result.findings)


def _run(script: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, env=env, timeout=120)


def test_both_sides_parse_the_same_command_line(tmp_path: pathlib.Path) -> None:
    """TF1 (through tf.compat.v1) and the migration see the same flags and the same leftover arguments."""
    original = tmp_path / "original.py"
    original.write_text(TF1_SCRIPT.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf"))
    migrated = tmp_path / "migrated.py"
    migrated.write_text(TF2_SCRIPT)
    args = ("--name=tf", "--times", "3", "--not_a_flag=1", "rest")
    one, two = _run(original, *args), _run(migrated, *args)
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert one.stdout == two.stdout == "tf 3 ['--not_a_flag=1', 'rest']\n"

"""TFM114: tf.Session().list_devices() whose list is only printed -> tf.config.list_logical_devices().

Before/after and no-op tables, then the devices each lists in one process: TF1's session
(tf.compat.v1.Session runs TF 1.15's BaseSession.list_devices) and TF 2's logical devices must
name the same CPUs and GPUs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

HEAD = "import tensorflow as tf\n"

CONVERTED = [
    ('print("devices: %s" % repr(tf.Session().list_devices()))\n',
     'print("devices: %s" % repr(tf.config.list_logical_devices()))\n'),
    ("log(str(tf.Session().list_devices()))\n", "log(str(tf.config.list_logical_devices()))\n"),
    ("def f():\n    print(tf.Session().list_devices())\n", "def f():\n    print(tf.config.list_logical_devices())\n"),
]

# The list used as more than text, a session with arguments, or a shadowed builtin: left with the sessions.
LEFT = [
    "devices = tf.Session().list_devices()\n",
    "print([d.memory_limit_bytes for d in tf.Session().list_devices()])\n",
    "print(tf.Session('grpc://x:1').list_devices())\n",
    "print(tf.Session().list_devices(1))\n",
    "def f(repr):\n    return repr(tf.Session().list_devices())\n",
    "sess = tf.Session()\nprint(sess.list_devices())\n",
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + after
    assert [(f.code, f.kind) for f in result.findings] == [("TFM114", Kind.FIXED)]


@pytest.mark.parametrize("before", LEFT)
def test_left(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert "list_logical_devices" not in result.code
    assert not any(f.code == "TFM114" for f in result.findings)


RUN = """
import json
import tensorflow as tf
tf1 = [(d.device_type, d.name) for d in tf.compat.v1.Session().list_devices()]
tf2 = [(d.device_type, d.name) for d in tf.config.list_logical_devices()]
print(json.dumps([tf1, tf2, repr(tf.config.list_logical_devices())]))
"""


def test_same_cpus_and_gpus_as_tf1s_session() -> None:
    pytest.importorskip("tensorflow")
    done = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, timeout=300, check=True)
    tf1, tf2, text = json.loads(done.stdout.strip().splitlines()[-1])
    # TF1's names carry the local job's prefix: /job:localhost/replica:0/task:0/device:CPU:0
    tf1_devices = sorted((kind, name.split("/device:", 1)[1]) for kind, name in tf1 if not kind.startswith("XLA_"))
    tf2_devices = sorted((kind, name.split("/device:", 1)[1]) for kind, name in tf2)
    assert tf2_devices == tf1_devices and ("CPU", "CPU:0") in tf2_devices
    assert text.startswith("[LogicalDevice(name='/device:CPU:0', device_type='CPU')")  # the text the finding names

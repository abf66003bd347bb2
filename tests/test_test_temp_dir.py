"""TFM113: tf.test.get_temp_dir() in a test method -> self.get_temp_dir().

Before/after and no-op tables, then what the migration's directory is at run time: the test's own
scratch directory inside the one TF1's function returned (tf.compat.v1.test.get_temp_dir runs
TF 1.15's code, googletest.GetTempDir), the same on every call of one test, another for the next test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

CLASS = "import os\nimport tensorflow as tf\n\n\nclass T(tf.test.TestCase):\n\n"

CONVERTED = [
    ("    def testA(self):\n        d = os.path.join(tf.test.get_temp_dir(), 'a')\n",
     "    def testA(self):\n        d = os.path.join(self.get_temp_dir(), 'a')\n"),
    ("    def _make(self, name):\n        return os.path.join(tf.test.get_temp_dir(), name)\n",
     "    def _make(self, name):\n        return os.path.join(self.get_temp_dir(), name)\n"),
    ("    def testA(self):\n        if True:\n            d = [tf.test.get_temp_dir()]\n",
     "    def testA(self):\n        if True:\n            d = [self.get_temp_dir()]\n"),
]

# Left as written (TFM401 without the fallback): no TestCase at hand, or not provably this one.
LEFT = [
    "    @staticmethod\n    def make():\n        return tf.test.get_temp_dir()\n",
    "    def testA(self):\n        def inner():\n            return tf.test.get_temp_dir()\n        return inner()\n",
    "    def testA(self):\n        f = lambda: tf.test.get_temp_dir()\n",
    "    def testA(this):\n        d = tf.test.get_temp_dir()\n",
    "    def testA(self):\n        for self in []:\n            pass\n        d = tf.test.get_temp_dir()\n",
    "    d = tf.test.get_temp_dir()\n",
    "    def testA(self):\n        d = tf.test.get_temp_dir('x')\n",
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(CLASS + before)
    assert result.code == CLASS + after
    assert [(f.code, f.kind) for f in result.findings] == [("TFM113", Kind.FIXED)]


@pytest.mark.parametrize("before", LEFT)
def test_left(before: str) -> None:
    result = migrate_source(CLASS + before)
    assert result.code == CLASS + before
    assert not any(f.code == "TFM113" for f in result.findings)


def test_module_level_helper_is_left() -> None:
    source = "import tensorflow as tf\n\n\ndef out_dir(name):\n    return tf.test.get_temp_dir() + name\n"
    result = migrate_source(source)
    assert result.code == source
    assert [f.code for f in result.findings] == ["TFM401"]


RUN = '''
import json, os, sys, unittest
import tensorflow as tf

seen = {}

class T(tf.test.TestCase):
    def testA(self):
        seen["a"] = (self.get_temp_dir(), self.get_temp_dir())
    def testB(self):
        seen["b"] = (self.get_temp_dir(),)

unittest.TextTestRunner(stream=open(os.devnull, "w")).run(unittest.defaultTestLoader.loadTestsFromTestCase(T))
tf1 = tf.compat.v1.test.get_temp_dir()
print(json.dumps({"tf1": [tf1, tf.compat.v1.test.get_temp_dir()], "seen": seen,
                  "dirs": [os.path.isdir(p) for pair in seen.values() for p in pair]}))
'''


def test_migrated_directory_is_the_tests_own_inside_tf1s() -> None:
    pytest.importorskip("tensorflow")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(RUN)], capture_output=True, text=True, timeout=300,
                          check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    tf1_dir, tf1_again = found["tf1"]
    (a_first, a_again), (b_dir,) = found["seen"]["a"], found["seen"]["b"]
    assert tf1_again == tf1_dir  # TF1: one directory for the whole process
    assert a_again == a_first  # the same directory on every call of one test
    assert b_dir != a_first  # another one for the next test: the difference the finding names
    assert {a_first.rsplit("/", 1)[0], b_dir.rsplit("/", 1)[0]} == {tf1_dir}
    assert all(found["dirs"])

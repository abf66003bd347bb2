"""TFM113: tf.test.get_temp_dir() in a test method -> self.get_temp_dir().

Before/after and no-op tables, then what the migration's directory is at run time: the test's own
scratch directory inside the one TF1's function returned (tf.compat.v1.test.get_temp_dir runs
TF 1.15's code, googletest.GetTempDir), the same on every call of one test, another for the next test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import os
import tempfile
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

# No test at hand, or not provably this one: TF1's function from tfmigrate.support.
ELSEWHERE = [
    "    @staticmethod\n    def make():\n        return {call}\n",
    "    def testA(self):\n        def inner():\n            return {call}\n        return inner()\n",
    "    def testA(self):\n        f = lambda: {call}\n",
    "    def testA(this):\n        d = {call}\n",
    "    def testA(self):\n        for self in []:\n            pass\n        d = {call}\n",
    "    d = {call}\n",
]

# Not a call without arguments: left as written (TFM401).
LEFT = [
    "    def testA(self):\n        d = tf.test.get_temp_dir('x')\n",
    "    def testA(self):\n        f = tf.test.get_temp_dir\n",
]

@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(CLASS + before)
    assert result.code == CLASS + after
    assert [(f.code, f.kind) for f in result.findings] == [("TFM113", Kind.FIXED)]


@pytest.mark.parametrize("before", ELSEWHERE)
def test_elsewhere_tf1s_function(before: str) -> None:
    result = migrate_source(CLASS + before.format(call="tf.test.get_temp_dir()"))
    head = CLASS.replace("import tensorflow as tf\n", "import tensorflow as tf\nfrom tfmigrate.support import tf1_testing\n")
    assert result.code == head + before.format(call="tf1_testing.get_temp_dir()")
    assert [(f.code, f.kind) for f in result.findings] == [("TFM113", Kind.FIXED)]


@pytest.mark.parametrize("before", LEFT)
def test_left(before: str) -> None:
    result = migrate_source(CLASS + before)
    assert result.code == CLASS + before
    assert [f.code for f in result.findings] == ["TFM401"]


def test_from_import_goes() -> None:
    source = "from tensorflow.test import get_temp_dir\n\n\ndef out(name):\n    return get_temp_dir() + name\n"
    result = migrate_source(source)
    assert result.code == ("from tfmigrate.support import tf1_testing\n\n\n"
                           "def out(name):\n    return tf1_testing.get_temp_dir() + name\n")


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


# TF1's function (tf.compat.v1.test.get_temp_dir runs TF 1.15's googletest.GetTempDir) and the support one,
# each in a process of its own started from a script named probe.py: the same directory on every call,
# under $TEST_TMPDIR when set, named after the script otherwise, gone after the process exits.
PROBE = """
import json, os, sys
if sys.argv[1] == "tf1":
    import tensorflow as tf
    get = tf.compat.v1.test.get_temp_dir
else:
    from tfmigrate.support.tf1_testing import get_temp_dir as get
first = get()
print(json.dumps([first, get(), os.path.isdir(first)]))
"""


@pytest.mark.parametrize("test_tmpdir", [False, True])
def test_support_behaves_as_tf1s(tmp_path, test_tmpdir: bool) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("tensorflow")
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    env = dict(os.environ)
    env.pop("TEST_TMPDIR", None)
    if test_tmpdir:
        env["TEST_TMPDIR"] = str(tmp_path / "scratch")
    seen = {}
    for side in ("tf1", "support"):
        done = subprocess.run([sys.executable, str(script), side], capture_output=True, text=True, timeout=300,
                              check=True, env=env)
        first, again, existed = json.loads(done.stdout.strip().splitlines()[-1])
        assert again == first and existed and not os.path.exists(first)
        seen[side] = first
    for made in seen.values():
        expected = str(tmp_path / "scratch") if test_tmpdir else os.path.join(tempfile.gettempdir(), "probe")
        assert made.startswith(expected) and made != expected

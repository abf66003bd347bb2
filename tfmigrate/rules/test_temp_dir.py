"""TFM113: tf.test.get_temp_dir() -> self.get_temp_dir() in a test method, TF1's function from tfmigrate elsewhere.

TF 1.15's module function (``platform/test.py``) returned
``googletest.GetTempDir()``: one directory per process, made on the first call
and deleted at exit, shared by every test of the process. TF 2 dropped the
module function; ``tf.test.TestCase.get_temp_dir`` (TF 1.15 and TF 2.21 alike)
returns ``tempfile.mkdtemp(dir=googletest.GetTempDir())``, made on the test's
first call and returned again by every later call of the same test: a scratch
directory inside that same process directory, one per test. Where no test is
at hand (a module-level helper), ``tfmigrate.support.tf1_testing.get_temp_dir``
is TF1's function itself: one directory per process.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule

GET_TEMP_DIR = "tf.test.get_temp_dir"
TEST_CASE = "tf.test.TestCase"
SUPPORT_PACKAGE, SUPPORT_MODULE = "tfmigrate.support", "tf1_testing"


class TestTempDir(MigrationRule):
    CODE = "TFM113"
    NAME = "test-temp-dir"
    DESCRIPTION = ("Rewrite tf.test.get_temp_dir() as self.get_temp_dir() in a tf.test.TestCase method, "
                   "else as TF1's function from tfmigrate.support.tf1_testing.")
    WHY = (
        "TF 2 has no tf.test.get_temp_dir, so a test module that calls it runs only through tf.compat.v1. "
        "Inside a test method the TestCase's own get_temp_dir gives a scratch directory for the test, "
        "the same one on every call of that test, inside the directory TF1's function returned. Elsewhere "
        "no test is at hand, and tfmigrate.support.tf1_testing.get_temp_dir is TF1's function: one "
        "directory for the process, removed at exit."
    )
    LEAVES = (
        "The function used other than by a call without arguments (passed around, or given arguments, which "
        "TF1's did not take), and calls where the support module's name is taken."
    )
    INSTEAD = (
        "self.get_temp_dir() in a test method. It is one directory per test, where TF1's function returned "
        "one directory shared by all the tests of the process: a test that reads what an earlier test wrote "
        "there must write it itself. Elsewhere, pass the test's directory in, or keep one process-wide "
        "directory of your own."
    )
    CASES = (
        Case(
            "import os\nimport tensorflow as tf\n\n\nclass T(tf.test.TestCase):\n\n"
            "    def testA(self):\n        d = os.path.join(tf.test.get_temp_dir(), 'x')\n",
            "import os\nimport tensorflow as tf\n\n\nclass T(tf.test.TestCase):\n\n"
            "    def testA(self):\n        d = os.path.join(self.get_temp_dir(), 'x')\n",
            findings=("8:26 TFM113",),
        ),
        Case(
            "from tensorflow import test\n\n\nclass T(test.TestCase):\n\n"
            "    def _helper(self, name):\n        return test.get_temp_dir() + name\n",
            "from tensorflow import test\n\n\nclass T(test.TestCase):\n\n"
            "    def _helper(self, name):\n        return self.get_temp_dir() + name\n",
            findings=("7:16 TFM113",),
        ),
        Case(
            "import tensorflow as tf\n\n\ndef helper():\n    return tf.test.get_temp_dir()\n",
            "import tensorflow as tf\nfrom tfmigrate.support import tf1_testing\n\n\n"
            "def helper():\n    return tf1_testing.get_temp_dir()\n",
            findings=("5:12 TFM113",),
        ),
        Case(
            "import tensorflow as tf\ntf1_testing = None\nd = tf.test.get_temp_dir()\n",
            "import tensorflow as tf\nfrom tfmigrate.support import tf1_testing as tfmigrate_support_tf1_testing\n\n"
            "tf1_testing = None\nd = tfmigrate_support_tf1_testing.get_temp_dir()\n",
            findings=("3:5 TFM113",),
        ),
        Case(
            "import tensorflow as tf\n\n\nclass T(tf.test.TestCase):\n\n    @classmethod\n"
            "    def setUpClass(cls):\n        cls.d = tf.test.get_temp_dir()\n",
            "import tensorflow as tf\nfrom tfmigrate.support import tf1_testing\n\n\nclass T(tf.test.TestCase):\n\n"
            "    @classmethod\n    def setUpClass(cls):\n        cls.d = tf1_testing.get_temp_dir()\n",
            findings=("8:17 TFM113",),
        ),
        Case(
            "import tensorflow as tf\n\n\nclass T(Base):\n\n"
            "    def testA(self):\n        d = tf.test.get_temp_dir()\n",
            "import tensorflow as tf\nfrom tfmigrate.support import tf1_testing\n\n\nclass T(Base):\n\n"
            "    def testA(self):\n        d = tf1_testing.get_temp_dir()\n",
            findings=("7:13 TFM113",),
        ),
        Case("import tensorflow as tf\nd = tf.test.get_temp_dir('x')\nf = tf.test.get_temp_dir\n",
             findings=("2:5 TFM401", "3:5 TFM401")),
        Case("import tensorflow as tf\n\n\nclass T(tf.test.TestCase):\n\n    def testA(self):\n"
             "        d = self.get_temp_dir()\n"),
    )

    def visit_Module(self, node: cst.Module) -> None:
        self.mark_handled(*(id(call.func) for call in self.facts.all(cst.Call) if self._converts(call)))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not self._converts(original_node):
            return updated_node
        receiver = self._method_of(original_node)
        if receiver is not None:
            self.report(original_node, f"replaced {GET_TEMP_DIR}() by {receiver}.get_temp_dir(), the test's own "
                        "scratch directory: one per test inside the directory TF1's function returned, which all "
                        "the tests of the process shared", kind=Kind.FIXED, subject=GET_TEMP_DIR)
            return cst.Call(func=cst.Attribute(value=cst.Name(receiver), attr=cst.Name("get_temp_dir")))
        local = ecosystem.import_module(self, SUPPORT_PACKAGE, SUPPORT_MODULE, at=original_node)
        if local is None:
            self.report(original_node, f"{GET_TEMP_DIR} kept: TF 2 has no such function, no test is at hand here, "
                        f"and the name {SUPPORT_MODULE} is taken in this module",
                        action=f"call {SUPPORT_PACKAGE}.{SUPPORT_MODULE}.get_temp_dir() (TF1's function) or pass "
                        "the test's self.get_temp_dir() in")
            return updated_node
        if isinstance(original_node.func, cst.Name):
            ecosystem.drop_from_import(self, original_node.func)
        self.report(original_node, f"replaced {GET_TEMP_DIR}() by {SUPPORT_PACKAGE}.{SUPPORT_MODULE}.get_temp_dir(), "
                    "TF1's function (one directory for the process, removed at exit): no test is at hand here",
                    kind=Kind.FIXED, subject=GET_TEMP_DIR)
        return cst.Call(func=cst.Attribute(value=cst.Name(local), attr=cst.Name("get_temp_dir")))

    def _converts(self, call: cst.Call) -> bool:
        return not call.args and self.tf_name(call.func) == GET_TEMP_DIR

    def _method_of(self, call: cst.Call) -> str | None:
        """``self`` when ``call`` is made directly in a method of a TestCase subclass."""
        method = self._enclosing_function(call)
        if method is None or method.decorators or not method.params.params:
            return None
        receiver = method.params.params[0].name.value
        if receiver != "self" or _rebinds(self, method, receiver):
            return None
        block = self.parent(method)
        owner = self.parent(block) if isinstance(block, cst.IndentedBlock) else None
        if not isinstance(owner, cst.ClassDef):
            return None
        if not any(base.keyword is None and self.tf_name(base.value) == TEST_CASE for base in owner.bases):
            return None
        return receiver

    def _enclosing_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The function whose body holds ``node`` directly (None inside a lambda or a class body)."""
        current = self.parent(node)
        while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            current = self.parent(current)
        return current if isinstance(current, cst.FunctionDef) else None


def _rebinds(rule: MigrationRule, method: cst.FunctionDef, name: str) -> bool:
    """Whether the method binds ``name`` again after taking it as a parameter (then it may not be the test)."""
    scope = rule.get_metadata(ScopeProvider, method.params.params[0].name, None)
    return scope is None or len(scope.assignments[name]) != 1

"""TFM104: resolve try/except version shims whose outcome no TensorFlow since 1.0 can change.

Two shapes, both decided by a name TF 1.0 no longer had, read before
anything else in its branch runs:

* the try reads it: every TF since 1.0 fails there at once and runs the
  except branch, which is kept alone;
* the except branch reads it: on those versions the fallback can only fail
  again with AttributeError, so the try's body is kept alone (an error in it
  now surfaces as itself).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import dotted_name

# What a shim's except clause must catch for the failed attribute read to land there.
CATCHES_ATTRIBUTE_ERROR = frozenset({"AttributeError", "Exception", "BaseException"})


class VersionShims(MigrationRule):
    CODE = "TFM104"
    NAME = "version-shim"
    DESCRIPTION = "Keep the branch of a try/except version shim that every TF since 1.0 runs (pre-1.0 names go)."
    WHY = (
        "Code written for several TF versions tries a pre-1.0 name and falls back on its successor: "
        "try: image_summary = tf.image_summary / except: image_summary = tf.summary.image. Every TF since 1.0 "
        "fails on the first read, before anything else in the try has run, and takes the except branch, so "
        "that branch is what the code does. Left as it is, the dead branch holds names that exist in no "
        "TensorFlow the code can run on, and every tool that checks names reports them."
    )
    LEAVES = (
        "A try whose first statement can run anything before the removed name is read, a name TF 1.x still "
        "has (the branch taken could differ between TF1 and TF 2), an except clause that binds the error or "
        "does not catch AttributeError, and a try with else: or finally:."
    )
    INSTEAD = "The except branch alone: image_summary = tf.summary.image (then migrated like any other line)."
    CASES = (
        Case(
            "import tensorflow as tf\ntry:\n    s = tf.image_summary\nexcept:\n    s = tf.summary.image\n",
            "import tensorflow as tf\ns = tf.summary.image\n",
            options=("fallback=none",),
            findings=("2:1 TFM104", "5:9 TFM409"),
        ),
        Case(
            "import tensorflow as tf\ntry:\n    w = tf.train.SummaryWriter(d)\nexcept AttributeError:\n"
            "    w = None\n",
            "import tensorflow as tf\nw = None\n",
            findings=("2:1 TFM104",),
        ),
        # tf.initialize_all_variables is still in TF 1.x: which branch runs depends on the version.
        Case("import tensorflow as tf\ntry:\n    i = tf.initialize_all_variables\nexcept AttributeError:\n    i = None\n",
             options=("fallback=none",), findings=("3:9 TFM407",)),
        # Something runs before the removed name is read.
        Case("import tensorflow as tf\ntry:\n    log(1)\n    s = tf.image_summary\nexcept:\n    s = None\n",
             options=("fallback=none",), findings=("4:9 TFM409",)),
        Case("import tensorflow as tf\ntry:\n    s = tf.image_summary\nexcept ValueError:\n    s = None\n",
             options=("fallback=none",), findings=("3:9 TFM409",)),
        Case(
            "import tensorflow as tf\ntry:\n    d = tf.nn.conv2d_transpose(x, w, s, t)\nexcept AttributeError:\n"
            "    d = tf.nn.deconv2d(x, w, s, t)\n",
            "import tensorflow as tf\nd = tf.nn.conv2d_transpose(x, w, s, t)\n",
            findings=("2:1 TFM104",),
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._resolved: dict[int, tuple[str, str]] = {}  # id(original Try) -> (the gone name, the branch kept)

    def visit_Try(self, node: cst.Try) -> None:
        if not _falls_back_on_attribute_error(node):
            return
        tried, fallback = self._gone_name_read_first(node.body), self._gone_name_read_first(node.handlers[0].body)
        if (tried is None) == (fallback is None):
            return
        dead = node.body if tried else node.handlers[0].body
        self._resolved[id(node)] = (tried or fallback or "", "except" if tried else "try")
        self.mark_handled(*_attribute_ids(dead))  # the dead branch goes: nothing in it is left to report

    def leave_Try(self, original_node: cst.Try, updated_node: cst.Try) -> cst.BaseStatement | cst.FlattenSentinel:
        resolved = self._resolved.get(id(original_node))
        if resolved is None:
            return updated_node
        name, kept = resolved
        dead = "try:" if kept == "except" else "except:"
        self.report(original_node, f"removed the dead {dead} branch of a version shim: it reads {name}, which no "
                                   f"TensorFlow since 1.0 has, so TF 1.x and TF 2 both run the {kept} branch",
                    kind=Kind.FIXED, subject=name)
        block = updated_node.handlers[0].body if kept == "except" else updated_node.body
        statements = list(block.body)
        first = statements[0]
        statements[0] = first.with_changes(leading_lines=[*updated_node.leading_lines, *first.leading_lines])
        return cst.FlattenSentinel(statements)

    def _gone_name_read_first(self, block: cst.BaseSuite) -> str | None:
        """The pre-1.0 name a branch's first statement reads before anything else runs, if it does."""
        first = block.body[0] if isinstance(block, cst.IndentedBlock) and block.body else None
        if not isinstance(first, cst.SimpleStatementLine):
            return None
        value = _evaluated_first(first.body[0])
        if isinstance(value, cst.Call):
            value = value.func  # Python evaluates the callee before the arguments
        if not isinstance(value, cst.Attribute):
            return None
        name = self.tf_name(value)
        if name in api.GONE_BEFORE_1_0 and name not in api.tf1_names() and name not in api.tf2_names():
            return name
        return None


def _evaluated_first(statement: cst.BaseSmallStatement) -> cst.BaseExpression | None:
    """The expression a statement evaluates before it binds or does anything else."""
    if isinstance(statement, cst.Assign) and all(isinstance(t.target, cst.Name) for t in statement.targets):
        return statement.value
    if isinstance(statement, cst.Expr):
        return statement.value
    return None


def _falls_back_on_attribute_error(node: cst.Try) -> bool:
    if len(node.handlers) != 1 or node.orelse is not None or node.finalbody is not None:
        return False
    handler = node.handlers[0]
    if handler.name is not None or not isinstance(handler.body, cst.IndentedBlock):
        return False
    if handler.type is None:
        return True
    caught = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    names = {dotted_name(item.value if isinstance(item, cst.Element) else item) for item in caught}
    return bool(names & CATCHES_ATTRIBUTE_ERROR)


def _attribute_ids(block: cst.BaseSuite) -> list[int]:
    found: list[int] = []

    class _Collect(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            found.append(id(node))
            return True

    block.visit(_Collect())
    return found

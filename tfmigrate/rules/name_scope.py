"""TFM115: TF1's ``tf.name_scope(name, default_name, values)`` -> TF 2's ``tf.name_scope(name)``.

TF1's ``name_scope`` took ``(name, default_name=None, values=None)``: it used
``default_name`` when ``name`` was None, and ``values`` only chose the graph
the scope opened in. TF 2's ``name_scope`` takes the name alone, and must be
given a string, so a TF1 call with two or three arguments fails on TF 2 with
a TypeError. Library-style TF1 code opens one in almost every function
(``with tf.name_scope(scope, 'bboxes_sort', [scores, bboxes]):``), in modules
that have nothing else of TF1's.

The name TF1 chose is written out: the default where the name is the literal
None, the name where there is no default, and ``default if name is None else
name`` where the name is a variable. ``values`` is dropped: TF 2 opens the
scope in the context it runs in, eagerly or in the graph being built, which
is the graph TF1 took from the values in code that builds one graph.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.ecosystem import drop_from_import
from tfmigrate.rules.signature import bind

NAME_SCOPE = "tf.name_scope"
#: TF1's parameters, in order (TF 1.15's ``name_scope_v1``)
TF1_POSITIONS = ("name", "default_name", "values")
#: what only TF1's function takes: a call with one of them is TF1 code, whatever the rest of the module
TF1_ONLY = frozenset({"default_name", "values"})


class NameScope(MigrationRule):
    CODE = "TFM115"
    NAME = "name-scope"
    DESCRIPTION = "Rewrite TF1's tf.name_scope(name, default_name, values) as TF 2's tf.name_scope with the name TF1 chose."
    WHY = (
        "TF 2's tf.name_scope takes one argument, a string. TF1's took (name, default_name=None, values=None) and "
        "used default_name when name was None, so the common TF1 idiom tf.name_scope(scope, 'op', [x, y]) "
        "fails on TF 2 with a TypeError, in modules that have nothing else of TF1's, and a module whose every "
        "name exists in TF 2 does not run. values only chose the graph the scope opened in; TF 2 opens it where "
        "the code runs."
    )
    LEAVES = (
        "A name that is neither a name, an attribute nor a literal (a call, which the rewrite would evaluate "
        "twice), *args or **kwargs, and a call whose name and default are both None (TF1 reset the scope to "
        "the top; TF 2 needs a string). Scope names are not made unique in eager code, as TF1's graph made "
        "them (op_1, op_2), which matters only to code that reads op or variable names."
    )
    INSTEAD = (
        "tf.name_scope('op') for TF1's tf.name_scope(None, 'op', [x]); "
        "tf.name_scope('op' if scope is None else scope) for tf.name_scope(scope, 'op', [x])."
    )
    CASES = (
        Case(
            "import tensorflow as tf\n\ndef f(x, scope=None):\n    with tf.name_scope(scope, 'f', [x]):\n"
            "        return tf.abs(x)\n",
            "import tensorflow as tf\n\ndef f(x, scope=None):\n    with tf.name_scope('f' if scope is None else scope):\n"
            "        return tf.abs(x)\n",
            findings=("4:10 TFM115",),
        ),
        Case(
            "import tensorflow as tf\nwith tf.name_scope(None, 'loss', values=[a, b]):\n    pass\n",
            "import tensorflow as tf\nwith tf.name_scope('loss'):\n    pass\n",
            findings=("2:6 TFM115",),
        ),
        Case(
            "import tensorflow as tf\nwith tf.name_scope('layer1', values=[x]) as sc:\n    pass\n",
            "import tensorflow as tf\nwith tf.name_scope('layer1') as sc:\n    pass\n",
            findings=("2:6 TFM115",),
        ),
        Case(
            "import tensorflow as tf\nwith tf.compat.v1.name_scope(self.name, default_name='block'):\n    pass\n",
            "import tensorflow as tf\nwith tf.name_scope('block' if self.name is None else self.name):\n    pass\n",
            findings=("2:6 TFM115",),
        ),
        Case("import tensorflow as tf\nwith tf.name_scope(make_name(), 'f', [x]):\n    pass\n",
             findings=("2:6 TFM115",)),
        Case("import tensorflow as tf\nwith tf.name_scope(None, None, [x]):\n    pass\n", findings=("2:6 TFM115",)),
        # TF 2's own call, and a one-argument call both read alike.
        Case("import tensorflow as tf\nwith tf.name_scope('f'):\n    pass\n"),
        Case("import tensorflow as tf\nx = tf.placeholder(tf.float32)\nwith tf.name_scope(scope):\n    pass\n",
             options=("fallback=none",), findings=("2:5 TFM405",)),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._plans: dict[int, tuple[cst.BaseExpression | None, str]] = {}  # id(call) -> (name TF1 chose, why kept)

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) != NAME_SCOPE or self.handled_elsewhere(node.func) or not self._tf1_call(node):
            return
        self._plans[id(node)] = self._chosen_name(node)
        self.mark_handled(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        plan = self._plans.get(id(original_node))
        if plan is None:
            return updated_node
        chosen, blocker = plan
        if chosen is None:
            self.report(original_node, f"TF1's tf.name_scope(name, default_name, values) is left as written: {blocker}",
                        subject=NAME_SCOPE, action="pass TF 2's tf.name_scope the one name string TF1 would have used")
            return updated_node
        self.report(original_node, "rewrote TF1's tf.name_scope(name, default_name, values) as TF 2's "
                    "tf.name_scope(name), with the name TF1 chose; values only chose the graph, which TF 2 takes "
                    "from where the code runs", kind=Kind.FIXED, subject=NAME_SCOPE)
        if isinstance(original_node.func, cst.Name):
            drop_from_import(self, original_node.func)
        return updated_node.with_changes(func=self.spell(NAME_SCOPE), args=[cst.Arg(chosen)])

    def _tf1_call(self, call: cst.Call) -> bool:
        """TF1's signature: more than one argument or a TF1-only keyword (TF 2's takes one), in any module."""
        keywords = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        return len(call.args) > 1 or bool(keywords & TF1_ONLY) or any(arg.star for arg in call.args)

    def _chosen_name(self, call: cst.Call) -> tuple[cst.BaseExpression | None, str]:
        """The expression for the name TF1 used, or None and why it cannot be written."""
        bound = bind(call, TF1_POSITIONS, frozenset(TF1_POSITIONS))
        if bound is None or "name" not in bound:
            return None, "its arguments cannot be matched to TF1's (name, default_name, values)"
        name = bound["name"].value
        default = bound["default_name"].value if "default_name" in bound else None
        if _is_none(default):
            default = None
        if _is_none(name):
            if default is None:
                return None, "both name and default_name are None, which reset TF1's scope to the top"
            return _atom(default), ""
        if default is None or isinstance(name, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            return name, ""
        if not isinstance(name, (cst.Name, cst.Attribute)):
            return None, "its name is computed, and TF1 used default_name only when it was None"
        test = cst.Comparison(name, [cst.ComparisonTarget(cst.Is(), cst.Name("None"))])
        return cst.IfExp(test=test, body=_atom(default), orelse=name), ""


def _is_none(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"



def _atom(node: cst.BaseExpression) -> cst.BaseExpression:
    """``node`` as it can stand inside a conditional expression or as the one argument."""
    if isinstance(node, (cst.IfExp, cst.Lambda, cst.NamedExpr)) and not node.lpar:
        return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return node

"""TFM110: write TF1's ``tf.string_split`` as the StringSplit op it ran.

TF1's ``string_split(source, sep=None, skip_empty=True, delimiter=None)``
converted its arguments and returned ``SparseTensor(*StringSplit(source,
delimiter, skip_empty))``: every character of the delimiter (default ``" "``)
splits, and empty tokens are dropped unless ``skip_empty=False``. TF 2 dropped
the function; its ``tf.strings.split`` runs another kernel (whitespace runs,
or one exact separator with empty tokens kept) and returns a RaggedTensor. The
op itself is still there: ``tf.raw_ops.StringSplit``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.signature import bind, is_literal, keyword, string_literal

STRING_SPLIT = "tf.string_split"
#: TF 1.15's parameters, in order (TF 0.x-1.12 had the first three, with ``delimiter`` second)
POSITIONS = ("source", "sep", "skip_empty", "delimiter", "result_type", "name")
#: fields of the op's result that are the SparseTensor's fields of the same name
SAME_FIELDS = frozenset({"indices", "values"})
OP = "tf.raw_ops.StringSplit"


class StringSplit(MigrationRule):
    CODE = "TFM110"
    NAME = "string-split"
    DESCRIPTION = "Rewrite TF1's tf.string_split as the StringSplit op it ran (tf.raw_ops.StringSplit)."
    WHY = (
        "TF 2 removed tf.string_split, and its namesake tf.strings.split splits differently: TF1 split at every "
        "character of the delimiter (default ' ') and dropped empty tokens, while tf.strings.split splits at "
        "runs of any whitespace (tabs and newlines too) or at one exact separator, keeps empty tokens, and "
        "returns a RaggedTensor. TF1's function was a thin wrapper over the StringSplit op, which TF 2 still "
        "has: tf.raw_ops.StringSplit(input=..., delimiter=..., skip_empty=...) returns the same indices, "
        "values and shape, and tf.sparse.SparseTensor(*...) the same SparseTensor. When the call's .values or "
        ".indices is read at once, the op's field of that name is the same tensor."
    )
    LEAVES = (
        "Calls whose arguments cannot be matched to TF1's parameters (*args, **kwargs), that give both sep= "
        "and delimiter= (TF1 raised), or that ask for result_type other than 'SparseTensor': they keep "
        "tf.string_split with a finding (and TFM601 spells it tf.compat.v1.string_split under the compat "
        "fallback). A name imported with from tensorflow import string_split is left to TFM401."
    )
    INSTEAD = (
        "tf.raw_ops.StringSplit(input=lines, delimiter=' ', skip_empty=True).values for "
        "tf.string_split(lines).values; tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(...)) for the whole "
        "SparseTensor. tf.strings.split(lines) only where its other splitting is wanted."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nwords = tf.string_split([line]).values\n",
            "import tensorflow as tf\nwords = tf.raw_ops.StringSplit(input=[line], delimiter=\" \", skip_empty=True).values\n",
            findings=("2:9 TFM110",),
        ),
        Case(
            "import tensorflow as tf\nst = tf.string_split(lines, ',', skip_empty=False)\n",
            "import tensorflow as tf\nst = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter=',', "
            "skip_empty=False))\n",
            findings=("2:6 TFM110",),
        ),
        Case(
            "import tensorflow as tf\nst = tf.compat.v1.string_split(lines, delimiter='\\t')\n",
            "import tensorflow as tf\nst = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter='\\t', "
            "skip_empty=True))\n",
            findings=("2:6 TFM110",),
        ),
        # Kept: TF 2 has no one call that builds the RaggedTensor TF1 built from the op's result.
        Case(
            "import tensorflow as tf\nrt = tf.string_split(lines, result_type='RaggedTensor')\n",
            findings=("2:6 TFM110",),
        ),
        Case("import tensorflow as tf\nst = tf.string_split(*args)\n", findings=("2:6 TFM110",)),
        # TF 2's own splitting is another function: nothing to do here.
        Case("import tensorflow as tf\nrt = tf.strings.split(lines)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._calls: dict[int, str] = {}  # id(original call) -> why it stays ("" when it is rewritten)

    def visit_Call(self, node: cst.Call) -> None:
        if not isinstance(node.func, cst.Attribute) or self.tf_name(node.func) != STRING_SPLIT:
            return  # a from-import's bare name: its import would have to go too (TFM401 reports it)
        self._calls[id(node)] = _blocker(bind(node, POSITIONS))
        self.mark_handled(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        blocker = self._calls.get(id(original_node))
        if blocker is None:
            return updated_node
        bound = bind(updated_node, POSITIONS)
        if blocker or bound is None:
            self.report(original_node, f"tf.string_split is left as written: {blocker}", subject=STRING_SPLIT,
                        action="write tf.raw_ops.StringSplit(input=..., delimiter=..., skip_empty=...) and build "
                               "the result from its indices, values and shape by hand")
            return updated_node
        op = self._op(bound)
        if self._field_read(original_node):
            self.report(original_node, f"rewrote tf.string_split as {OP}, the op TF1 ran", kind=Kind.FIXED,
                        subject=STRING_SPLIT)
            return op
        self.report(original_node, f"rewrote tf.string_split as tf.sparse.SparseTensor(*{OP}(...)), the op TF1 ran",
                    kind=Kind.FIXED, subject=STRING_SPLIT)
        return cst.Call(self.spell("tf.sparse.SparseTensor"), [cst.Arg(op, star="*")])

    def _op(self, bound: dict[str, cst.Arg]) -> cst.Call:
        separator = bound.get("sep") or bound.get("delimiter")
        delimiter = separator.value if separator is not None and not is_literal(separator.value, "None") \
            else cst.SimpleString('" "')
        skip = bound["skip_empty"].value if "skip_empty" in bound else cst.Name("True")
        args = [keyword("input", bound["source"].value), keyword("delimiter", delimiter), keyword("skip_empty", skip)]
        if "name" in bound:
            args.append(keyword("name", bound["name"].value))
        return cst.Call(self.spell(OP), args)

    def _field_read(self, call: cst.Call) -> bool:
        """``tf.string_split(x).values``: the op's field of that name is the SparseTensor's."""
        parent = self.parent(call)
        return isinstance(parent, cst.Attribute) and parent.value is call and parent.attr.value in SAME_FIELDS


def _blocker(bound: dict[str, cst.Arg] | None) -> str:
    """Why TF1's call has no op form here; "" when it has one."""
    if bound is None:
        return "its arguments cannot be matched to TF1's parameters (*args, **kwargs or an unknown keyword)"
    if "source" not in bound:
        return "it passes no source"
    if "sep" in bound and "delimiter" in bound:
        return "it gives both sep= and delimiter=, which TF1 refused"
    result_type = bound.get("result_type")
    if result_type is not None and string_literal(result_type.value) != "SparseTensor":
        return ("result_type= asks for another result than the SparseTensor of the op's indices, values and shape "
                "(TF1 built a RaggedTensor from them)")
    return ""

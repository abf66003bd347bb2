"""TFM111: give TF1's ``tf.strings.split`` calls the SparseTensor they returned, under TF 2's function.

TF 1.x's ``tf.strings.split(input, sep=None, maxsplit=-1,
result_type="SparseTensor", source=None, name=None)`` split like TF 2's
(runs of whitespace, or one exact separator) and returned a SparseTensor: for
a vector the StringSplitV2 op's (indices, values, shape), for other ranks the
RaggedTensor's ``to_sparse()``. TF 2's function of the same name returns the
RaggedTensor. ``tf.strings.split(...).to_sparse()`` is TF1's SparseTensor.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.losscalls import spelled_through_compat
from tfmigrate.rules.signature import bind, is_literal, keyword, string_literal
from tfmigrate.rules.tfnames import build_dotted

STRINGS_SPLIT = "tf.strings.split"
#: TF 1.15's parameters, in order (TF 1.x before 1.14 had the first three, the first called ``source``)
POSITIONS = ("input", "sep", "maxsplit", "result_type", "source", "name")
#: the leading positions TF 1.x and TF 2 share
SHARED_POSITIONS = 3
TO_SPARSE = "to_sparse"


class StringsSplit(MigrationRule):
    CODE = "TFM111"
    NAME = "strings-split"
    DESCRIPTION = "Append .to_sparse() to TF1's tf.strings.split calls: TF1 returned the SparseTensor, TF 2 the RaggedTensor."
    WHY = (
        "tf.strings.split kept its name and its splitting in TF 2 but not its result: TF 1.x returned a "
        "SparseTensor (result_type='SparseTensor' by default), TF 2 returns a RaggedTensor. Code that reads "
        ".values, .indices or .dense_shape, or hands the result to tf.sparse functions, then gets other "
        "values or fails. TF1 built its SparseTensor from the same split: the StringSplitV2 op's indices, "
        "values and shape for a vector, the RaggedTensor's to_sparse() otherwise, and the RaggedTensor's "
        "to_sparse() of a vector gives those same indices, values and shape. Only TF1 code is read this way: "
        "a module that uses TF1-only names, imports tf.compat.v1, or spells tf.compat.v1.strings.split."
    )
    LEAVES = (
        "TF 2 code (no TF1-only name in the module), calls already followed by .to_sparse(), and calls whose "
        "arguments cannot be matched to TF1's parameters (*args, **kwargs), that give both input= and "
        "source=, or a result_type other than the literal 'SparseTensor': those keep their text with a "
        "finding (spelled tf.compat.v1.strings.split in a module that imports tensorflow.compat.v1, so that "
        "importing TF 2 there does not change them)."
    )
    INSTEAD = (
        "tf.strings.split(lines, sep=',').to_sparse() for TF1's tf.strings.split(lines, sep=','); "
        "tf.strings.split(lines) where TF1 asked for result_type='RaggedTensor'."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nx = tf.placeholder(tf.string)\nwords = tf.strings.split(x).values\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.string)\nwords = tf.strings.split(x).to_sparse().values\n",
            options=("fallback=none",), findings=("2:5 TFM405", "3:9 TFM111"),
        ),
        Case(
            "import tensorflow.compat.v1 as tf\nst = tf.strings.split(source=lines, sep=',', "
            "result_type='SparseTensor')\n",
            "import tensorflow as tf\nst = tf.strings.split(input=lines, sep=',').to_sparse()\n",
            findings=("1:1 TFM103", "2:6 TFM111"),
        ),
        Case(
            "import tensorflow as tf\nst = tf.compat.v1.strings.split(lines, ' ', 1)\n",
            "import tensorflow as tf\nst = tf.strings.split(lines, ' ', 1).to_sparse()\n",
            findings=("2:6 TFM111",),
        ),
        # Kept, with a finding: TF 2's call returns that RaggedTensor, but written so it would read as TF1's.
        Case(
            "import tensorflow.compat.v1 as tf\nrt = tf.strings.split(lines, result_type='RaggedTensor')\n",
            "import tensorflow as tf\nrt = tf.compat.v1.strings.split(lines, result_type='RaggedTensor')\n",
            findings=("1:1 TFM103", "2:6 TFM111"),
        ),
        # TF 2 code: its tf.strings.split already returns what it means.
        Case("import tensorflow as tf\nrt = tf.strings.split(lines)\n"),
        Case("import tensorflow as tf\nx = tf.placeholder(tf.string)\nst = tf.strings.split(x).to_sparse()\n",
             options=("fallback=none",), findings=("2:5 TFM405",)),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._calls: dict[int, str] = {}  # id(original call) -> why it stays ("" when it is rewritten)

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) != STRINGS_SPLIT or not self.reads_as_tf1(node.func) or self._made_sparse(node):
            return
        self._calls[id(node)] = _blocker(bind(node, POSITIONS))
        self.mark_handled(id(node.func))  # this rule spells the name: TFM101 must not call it the same function

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        blocker = self._calls.get(id(original_node))
        if blocker is None:
            return updated_node
        bound = bind(updated_node, POSITIONS)
        if blocker or bound is None:
            return self._kept(original_node, updated_node, blocker)
        call = updated_node.with_changes(func=self.spell(STRINGS_SPLIT), args=_tf2_args(updated_node))
        self.report(original_node, "appended .to_sparse() to tf.strings.split: TF1's returned a SparseTensor, TF 2's "
                    "returns the RaggedTensor whose to_sparse() it is", kind=Kind.FIXED, subject=STRINGS_SPLIT)
        return cst.Call(cst.Attribute(call, cst.Name(TO_SPARSE)))

    def _kept(self, original: cst.Call, updated: cst.Call, blocker: str) -> cst.Call:
        action = "drop result_type='RaggedTensor' (TF 2's tf.strings.split returns that RaggedTensor)" \
            if "RaggedTensor" in blocker else "write tf.strings.split(...).to_sparse() with TF 2's arguments by hand"
        self.report(original, f"tf.strings.split is left as written: {blocker}; TF 2's function of that name "
                    "returns a RaggedTensor where TF1's returned a SparseTensor", subject=STRINGS_SPLIT, action=action)
        if not self.facts.names.compat_v1_aliases or spelled_through_compat(original.func):
            return updated
        # The module imports tensorflow.compat.v1, which TFM103 replaces by TF 2: keep TF1's function by its full name.
        return updated.with_changes(func=build_dotted(f"{self.names.tf_alias}.compat.v1.strings.split"))

    def _made_sparse(self, call: cst.Call) -> bool:
        """``tf.strings.split(x).to_sparse()``: TF 2's reading (TF1's SparseTensor had no to_sparse)."""
        parent = self.parent(call)
        return isinstance(parent, cst.Attribute) and parent.value is call and parent.attr.value == TO_SPARSE


def _blocker(bound: dict[str, cst.Arg] | None) -> str:
    """Why TF1's call has no TF 2 form here; "" when it has one."""
    if bound is not None and "source" in bound and is_literal(bound["source"].value, "None"):
        del bound["source"]  # TF1's default
    if bound is None:
        return "its arguments cannot be matched to TF1's parameters (*args, **kwargs or an unknown keyword)"
    if "input" in bound and "source" in bound:
        return "it gives both input= and source=, which TF1 refused"
    if "input" not in bound and "source" not in bound:
        return "it passes no input"
    result_type = bound.get("result_type")
    if result_type is None or string_literal(result_type.value) == "SparseTensor":
        return ""
    if string_literal(result_type.value) == "RaggedTensor":
        return "result_type='RaggedTensor' asks for what TF 2's call returns, which no TF 2 spelling can tell from TF1's call"
    return "result_type= is not a literal, so which result TF1 returned cannot be known"


def _tf2_args(call: cst.Call) -> list[cst.Arg]:
    """TF1's arguments under TF 2's parameters: shared positions stay, the rest by keyword, result_type dropped."""
    args: list[cst.Arg] = []
    for index, arg in enumerate(call.args):
        parameter = arg.keyword.value if arg.keyword is not None else POSITIONS[index]
        if parameter == "result_type" or parameter == "source" and is_literal(arg.value, "None"):
            continue  # TF1's default result, and TF1's default of a parameter TF 2 does not have
        if arg.keyword is None and index < SHARED_POSITIONS:
            args.append(arg)
        else:
            args.append(keyword("input" if parameter == "source" else parameter, arg.value).with_changes(
                comma=arg.comma))
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return args

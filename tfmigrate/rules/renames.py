"""TFM101: rename TF1 and pre-1.0 names to their TF 2 spelling."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import QualifiedNameProvider

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.losscalls import LOSS_FUNCTIONS, spelled_through_compat

# tf.to_<dtype>(x) is tf.cast(x, tf.<dtype>) in TF 2.
CAST_FUNCTIONS: dict[str, str] = {
    "tf.to_float": "float32",
    "tf.to_double": "float64",
    "tf.to_int32": "int32",
    "tf.to_int64": "int64",
    "tf.to_bfloat16": "bfloat16",
    "tf.to_complex64": "complex64",
    "tf.to_complex128": "complex128",
}

# tf.assign(ref, value) is the variable's own method in TF 2.
VARIABLE_METHODS: dict[str, str] = {"tf.assign": "assign", "tf.assign_add": "assign_add", "tf.assign_sub": "assign_sub"}


def is_chain_head(node: cst.CSTNode, parent: cst.CSTNode | None) -> bool:
    """False for ``tf.nn`` inside ``tf.nn.relu``: only the whole chain is renamed."""
    return not (isinstance(parent, cst.Attribute) and parent.value is node)


# TF 0.x calls that took the axis first, and how many positions such a call has.
AXIS_FIRST_IN_TF0: dict[str, int] = {"tf.concat": 2, "tf.split": 3}


def _keyword(name: str, arg: cst.Arg) -> cst.Arg:
    return arg.with_changes(keyword=cst.Name(name), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))


def _is_int_literal(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return isinstance(node, cst.Integer)


def _written_axis_first(call: cst.Call, name: str) -> bool:
    """Positions only TF 0.x could run: an integer axis first (TF 1.x would read it as the values)."""
    positional = [arg.value for arg in call.args if arg.keyword is None]
    if name == "tf.concat":
        return _is_int_literal(positional[0]) or isinstance(positional[1], (cst.List, cst.Tuple))
    return _is_int_literal(positional[0]) and _is_int_literal(positional[1])


def drop_from_import(rule: MigrationRule, name: cst.Name) -> None:
    """Remove ``from tensorflow import <name>`` once nothing uses it (TF 2 may not have the name)."""
    for qualified in rule.get_metadata(QualifiedNameProvider, name, set()):
        module, _, obj = qualified.name.rpartition(".")
        RemoveImportsVisitor.remove_unused_import(rule.context, module, obj, asname=None if obj == name.value else name.value)


def _by_hand(name: str) -> str:
    if name in CAST_FUNCTIONS:
        return f"write tf.cast(x, tf.{CAST_FUNCTIONS[name]})"
    return f"call the variable's method: ref.{VARIABLE_METHODS[name]}(value)"


class Renames(MigrationRule):
    CODE = "TFM101"
    NAME = "rename-to-tf2"
    DESCRIPTION = "Rename TF1 and pre-1.0 names (tf.mul, tf.log, tf.to_float, ...) to their TF 2 names."
    WHY = (
        "TF 2 no longer has these names: tf.mul went in TF 1.0, tf.log, tf.to_float and tf.assign in 2.0, "
        "so a script that uses them stops with AttributeError before it computes anything. Where TF 2 also "
        "changed an argument (dropout's keep_prob became rate = 1 - keep_prob, reduction_indices became axis, "
        "TF 0.x put concat's axis first), a bare rename would run and compute something else, so the rule "
        "rewrites the arguments together with the name."
    )
    LEAVES = (
        "Names TF 2 still has, names that are not TensorFlow's (np.log, a local function called mul), "
        "and positional calls that read the same in TF 2 (tf.reduce_sum(x, 1, True)). In code that looks "
        "like TF 2 already, tf.nn.dropout(h, 0.2) is taken to pass a rate and stays."
    )
    INSTEAD = (
        "The TF 2 name the finding gives: tf.multiply for tf.mul, tf.math.log for tf.log, "
        "tf.cast(x, tf.float32) for tf.to_float(x), v.assign_add(d) for tf.assign_add(v, d), "
        "tf.nn.dropout(h, rate=1 - keep_prob) for tf.nn.dropout(h, keep_prob)."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nz = tf.mul(x, y)\n",
            "import tensorflow as tf\nz = tf.multiply(x, y)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nz = tf.sub(x, tf.neg(y))\n",
            "import tensorflow as tf\nz = tf.subtract(x, tf.negative(y))\n",
            findings=("2:5 TFM101", "2:15 TFM101"),
        ),
        Case(
            "import tensorflow as tf\ny = tf.log(x)  # natural log\n",
            "import tensorflow as tf\ny = tf.math.log(x)  # natural log\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tfx\nn = tfx.random_normal([3])\n",
            "import tensorflow as tfx\nn = tfx.random.normal([3])\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\ntf.set_random_seed(1)\n",
            "import tensorflow as tf\ntf.random.set_seed(1)\n",
            findings=("2:1 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nf = tf.to_float(x)\n",
            "import tensorflow as tf\nf = tf.cast(x, tf.float32)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\ni = tf.to_int64(x, name='i')\n",
            "import tensorflow as tf\ni = tf.cast(x, tf.int64, name='i')\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nm = tf.reduce_mean(x, reduction_indices=[1], keep_dims=True)\n",
            "import tensorflow as tf\nm = tf.reduce_mean(x, axis=[1], keepdims=True)\n",
            findings=("2:5 TFM101",),
        ),
        Case("import tensorflow as tf\nm = tf.reduce_sum(x, 1, True)\n"),
        Case(
            "import tensorflow\nz = tensorflow.mul(x, y)\n",
            "import tensorflow\nz = tensorflow.multiply(x, y)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "from tensorflow import mul\nz = mul(x, y)\n",
            "import tensorflow as tf\n\nz = tf.multiply(x, y)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\ns = tf.pack([a, b])\n",
            "import tensorflow as tf\ns = tf.stack([a, b])\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nkp = tf.placeholder(tf.float32)\nh = tf.nn.dropout(h, 0.8)\n",
            "import tensorflow as tf\nkp = tf.placeholder(tf.float32)\nh = tf.nn.dropout(h, rate=1 - 0.8)\n",
            findings=("2:6 TFM405", "3:5 TFM101"),
        ),
        Case("import tensorflow as tf\nh = tf.nn.dropout(h, 0.2)\n"),
        Case(
            "import tensorflow as tf\nh = tf.nn.dropout(h, keep_prob=kp)\n",
            "import tensorflow as tf\nh = tf.nn.dropout(h, rate=1 - kp)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nu = tf.assign_add(v, 1.0)\n",
            "import tensorflow as tf\nu = v.assign_add(1.0)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nu = tf.assign(w, w * 2, name='a')\n",
            "import tensorflow as tf\nu = w.assign(w * 2, name='a')\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nj = tf.concat(1, [a, b])\n",
            "import tensorflow as tf\nj = tf.concat([a, b], axis=1)\n",
            findings=("2:5 TFM101",),
        ),
        Case("import tensorflow as tf\nz = tf.multiply(x, y)\n"),
        Case("import numpy as np\nz = np.log(x)\n"),
        Case("import tensorflow as tf\ndef mul(a, b):\n    return a * b\nz = mul(1, 2)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._import_depth = 0

    def visit_Import(self, node: cst.Import) -> None:
        self._import_depth += 1

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        self._import_depth -= 1
        return updated_node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import_depth += 1

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        self._import_depth -= 1
        return updated_node

    # -- names -----------------------------------------------------------
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return self._rename(original_node, updated_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._rename(original_node, updated_node)

    def _rename(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        if self._import_depth or not isinstance(updated, (cst.Name, cst.Attribute)):
            return updated
        if not is_chain_head(original, self.parent(original)):
            return updated
        old = self.tf_name(original)
        if old in CAST_FUNCTIONS or old in VARIABLE_METHODS:
            self._report_if_not_called(original, old)
            return updated
        if old is None or old == "tf" or old in LOSS_FUNCTIONS:
            return updated
        new = api.tf2_rename(old)
        if new is None:
            return updated
        if new == old:
            if not spelled_through_compat(original):
                return updated
            # tf.compat.v1.nn.relu is tf.nn.relu: the wheel's tables would have said if it were not.
            self.report(original, f"spelled tf.compat.v1.{old[3:]} as {new}, the same function in TF 2", kind=Kind.FIXED)
            return self.spell(new)
        why = "removed in TF 1.0" if old in api.PRE_1_0_RENAMES else "TF 2 name"
        self.report(original, f"renamed {old} to {new} ({why})", kind=Kind.FIXED)
        if isinstance(original, cst.Name):
            self._drop_from_import(original)
        return self.spell(new)

    def _report_if_not_called(self, node: cst.BaseExpression, name: str) -> None:
        """tf.to_float / tf.assign are rewritten as calls; anywhere else (map(tf.to_float, xs)) they need a hand."""
        parent = self.parent(node)
        if isinstance(parent, cst.Call) and parent.func is node:
            return
        self.report(node, f"{name} is not in TF 2 and is used here without a call", action=_by_hand(name))

    def _drop_if_imported(self, func: cst.BaseExpression) -> None:
        """``from tensorflow import to_float``: TF 2 cannot import it, so the import goes once unused."""
        if isinstance(func, cst.Name):
            self._drop_from_import(func)

    def _drop_from_import(self, name: cst.Name) -> None:
        drop_from_import(self, name)

    # -- calls -------------------------------------------------------------
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        from tfmigrate.rules.attribute_chains import resolved_name  # that module imports this one

        name = resolved_name(self, original_node.func)
        if name is None:
            return updated_node
        if name in LOSS_FUNCTIONS:
            return updated_node  # TFM301 owns these calls, names included
        if name in CAST_FUNCTIONS:
            return self._cast_call(original_node, updated_node, name)
        if name in VARIABLE_METHODS:
            return self._variable_method(original_node, updated_node, name)
        if name == "tf.nn.dropout":
            return self._dropout(original_node, updated_node)
        if name in AXIS_FIRST_IN_TF0:
            return self._axis_last(original_node, updated_node, name)
        return self._adapt_arguments(original_node, updated_node, name)

    def _cast_call(self, original: cst.Call, updated: cst.Call, name: str) -> cst.BaseExpression:
        positional = [arg for arg in updated.args if arg.keyword is None and not arg.star]
        if len(positional) != 1 or any(arg.star for arg in updated.args):
            self.report(original, f"{name} with these arguments has no direct TF 2 form", action=_by_hand(name))
            return updated
        dtype_arg = cst.Arg(self.spell(f"tf.{CAST_FUNCTIONS[name]}"))
        rest = [arg for arg in updated.args if arg.keyword is not None]
        first = positional[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        self.report(original, f"rewrote {name}(x) as tf.cast(x, tf.{CAST_FUNCTIONS[name]})", kind=Kind.FIXED)
        self._drop_if_imported(original.func)
        args = [first, dtype_arg, *rest]
        args = [arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in args]
        return updated.with_changes(func=self.spell("tf.cast"), args=args)

    def _axis_last(self, original: cst.Call, updated: cst.Call, name: str) -> cst.Call:
        """TF 0.x tf.concat(dim, values) and tf.split(dim, num, value): TF 1.0 moved the axis last."""
        positional = [arg for arg in updated.args if arg.keyword is None and not arg.star]
        too_many = len(positional) > AXIS_FIRST_IN_TF0[name] + 1  # the last position was name=
        if any(arg.star for arg in updated.args) or len(positional) < AXIS_FIRST_IN_TF0[name] or too_many:
            return updated
        if not (self.options.written_for == "0.x" or _written_axis_first(original, name)):
            return updated
        # The axis goes by keyword, so a second run (even with --written-for 0.x) sees a TF 1.x call.
        if name == "tf.concat":  # (concat_dim, values, name) -> (values, axis=, name=)
            order = [positional[1], _keyword("axis", positional[0]), *[_keyword("name", a) for a in positional[2:3]]]
        else:  # (split_dim, num_split, value, name) -> (value, num_or_size_splits, axis=, name=)
            order = [positional[2], positional[1], _keyword("axis", positional[0]),
                     *[_keyword("name", a) for a in positional[3:4]]]
        keywords = [arg for arg in updated.args if arg.keyword is not None]
        args = [arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in [*order, *keywords]]
        self.report(original, f"moved the axis of a TF 0.x {name} call last, where TF 1.0 put it", kind=Kind.FIXED)
        return updated.with_changes(args=args)

    def _dropout(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """TF1 dropout took keep_prob as its second argument; TF 2 takes rate = 1 - keep_prob."""
        args = list(updated.args)
        # TF 2 code passes rate second: only TF1 code's second position is keep_prob.
        positional_keep_prob = self.is_tf1_module()
        for index, arg in enumerate(args):
            is_keep_prob = (arg.keyword is None and index == 1 and positional_keep_prob) or (
                arg.keyword is not None and arg.keyword.value == "keep_prob"
            )
            if not is_keep_prob or arg.star:
                continue
            value = arg.value
            if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float)):
                value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            rate = cst.BinaryOperation(cst.Integer("1"), cst.Subtract(), value)
            args[index] = arg.with_changes(keyword=cst.Name("rate"), value=rate, equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
            self.report(original, "rewrote tf.nn.dropout's keep_prob as rate=1 - keep_prob", kind=Kind.FIXED)
            return updated.with_changes(args=args)
        return updated

    def _variable_method(self, original: cst.Call, updated: cst.Call, name: str) -> cst.BaseExpression:
        positional = [arg for arg in updated.args if arg.keyword is None]
        keywords = {arg.keyword.value for arg in updated.args if arg.keyword is not None}
        if len(positional) != 2 or any(arg.star for arg in updated.args) or keywords - {"name", "use_locking"}:
            self.report(original, f"{name} with these arguments has no direct TF 2 form", action="call the variable's method")
            return updated
        ref, value = positional
        method = VARIABLE_METHODS[name]
        rest = [arg for arg in updated.args if arg.keyword is not None]
        args = [value.with_changes(comma=cst.MaybeSentinel.DEFAULT), *rest]
        self.report(original, f"rewrote {name}(ref, value) as ref.{method}(value)", kind=Kind.FIXED)
        self._drop_if_imported(original.func)
        receiver = ref.value
        if not isinstance(receiver, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
            receiver = receiver.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return cst.Call(cst.Attribute(receiver, cst.Name(method)), [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args])

    def _adapt_arguments(self, original: cst.Call, updated: cst.Call, name: str) -> cst.Call:
        """Keyword-ise positions TF 2 moved, and rename keywords TF 2 renamed."""
        order = api.wheel_reorders().get(name)
        renames = api.wheel_keyword_renames().get(name, {})
        if not order and not renames:
            return updated
        new_args: list[cst.Arg] = []
        changed = False
        for index, arg in enumerate(updated.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword is None and not arg.star and order and index < len(order) and order[index]:
                keyword = order[index]
                arg = arg.with_changes(keyword=cst.Name(keyword), equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
                changed = True
            if keyword is not None and keyword in renames:
                target = renames[keyword]
                if target is None:
                    self.report(original, f"TF 2 has no {keyword}= argument for {name}",
                                action=f"remove {keyword}= after checking it is not needed")
                    return updated
                arg = arg.with_changes(keyword=cst.Name(target))
                changed = True
            new_args.append(arg)
        if changed:
            self.report(original, f"adapted the arguments of {name} to its TF 2 signature", kind=Kind.FIXED)
            return updated.with_changes(args=new_args)
        return updated

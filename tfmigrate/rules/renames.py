"""TFM101: rename TF1 and pre-1.0 names to their TF 2 spelling."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.ecosystem import drop_from_import
from tfmigrate.rules.losscalls import LOSS_FUNCTIONS, spelled_through_compat
from tfmigrate.rules.tfnames import is_chain_head

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

# TF1's resize functions sampled pixel corners (half_pixel_centers=False); TF 2's
# tf.image.resize samples centres and computes other values (docs/mappings.md),
# so each becomes the raw op with TF1's flags. The raw op takes a 4-D batch.
RESIZE_RAW_OPS: dict[str, str] = {
    "tf.image.resize_images": "ResizeBilinear",
    "tf.image.resize_bilinear": "ResizeBilinear",
    "tf.image.resize_nearest_neighbor": "ResizeNearestNeighbor",
    "tf.image.resize_bicubic": "ResizeBicubic",
    "tf.image.resize_area": "ResizeArea",
}
# tf.image.resize was TF1's resize_images too: rewritten only when spelled through tf.compat.v1.
V1_RESIZE = "tf.image.resize"
# resize_images(method=...): tf.image.ResizeMethod members and the integers TF1 gave them.
RESIZE_METHODS: dict[str, str] = {"BILINEAR": "ResizeBilinear", "NEAREST_NEIGHBOR": "ResizeNearestNeighbor",
                                  "BICUBIC": "ResizeBicubic", "AREA": "ResizeArea"}
RESIZE_METHOD_NUMBERS: dict[str, str] = {"0": "BILINEAR", "1": "NEAREST_NEIGHBOR", "2": "BICUBIC", "3": "AREA"}
# TF1 positions of the resize family.
RESIZE_IMAGES_PARAMETERS = ("images", "size", "method", "align_corners", "preserve_aspect_ratio", "name")
RESIZE_OP_PARAMETERS = ("images", "size", "align_corners", "name", "half_pixel_centers")

# Calls rewritten by hand rather than renamed.
HAND_WRITTEN_CALLS = frozenset(CAST_FUNCTIONS) | frozenset(VARIABLE_METHODS) | frozenset(RESIZE_RAW_OPS)
DROPOUT = "tf.nn.dropout"


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


def _bind(call: cst.Call, parameters: tuple[str, ...]) -> dict[str, cst.BaseExpression] | None:
    """A call's arguments by parameter name; None for stars, unknown keywords or extra positions."""
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        parameter = arg.keyword.value if arg.keyword is not None else (parameters[index] if index < len(parameters) else None)
        if parameter is None or parameter not in parameters or parameter in bound:
            return None
        bound[parameter] = arg.value
    return bound


def _dropped_keyword(call: cst.Call, name: str) -> str | None:
    """A keyword (passed by name or by a position TF 2 moved) that TF 2 no longer has."""
    order = api.wheel_reorders().get(name) or []
    renames = api.wheel_keyword_renames().get(name, {})
    for index, arg in enumerate(call.args):
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword is None and not arg.star and index < len(order) and order[index] and not _is_none(arg.value):
            keyword = order[index]
        if keyword is not None and keyword in renames and renames[keyword] is None:
            return keyword
    return None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _by_hand(name: str) -> str:
    if name in CAST_FUNCTIONS:
        return f"write tf.cast(x, tf.{CAST_FUNCTIONS[name]})"
    if name in RESIZE_RAW_OPS or name == V1_RESIZE:
        return "call tf.raw_ops.ResizeBilinear (or the op of your method) with half_pixel_centers=False on a 4-D batch"
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
        Case(
            "import tensorflow as tf\nwith tf.gfile.FastGFile(p, 'rb') as f:\n    ok = tf.gfile.Exists(p)\n",
            "import tensorflow as tf\nwith tf.io.gfile.GFile(p, 'rb') as f:\n    ok = tf.io.gfile.exists(p)\n",
            findings=("2:6 TFM101", "3:10 TFM101"),
        ),
        Case(
            "import tensorflow as tf\nr = tf.image.resize_images(img, [8, 8])\n",
            "import tensorflow as tf\nr = tf.raw_ops.ResizeBilinear(images=img, size=[8, 8], align_corners=False, half_pixel_centers=False)\n",
            findings=("2:5 TFM101",),
        ),
        Case(
            "import tensorflow as tf\nr = tf.image.resize_nearest_neighbor(img, size, True)\n",
            "import tensorflow as tf\nr = tf.raw_ops.ResizeNearestNeighbor(images=img, size=size, align_corners=True, half_pixel_centers=False)\n",
            findings=("2:5 TFM101",),
        ),
        Case("import tensorflow as tf\nr = tf.image.resize_images(img, [8, 8], preserve_aspect_ratio=True)\n",
             findings=("2:5 TFM101",)),
        Case(
            "import tensorflow as tf\ni = tf.argmax(x, 1, 'i', None, tf.int32)\n",
            "import tensorflow as tf\ni = tf.argmax(x, 1, name='i', output_type=tf.int32)\n",
            findings=("2:5 TFM101",),
        ),
        Case("import tensorflow as tf\nc = tf.nn.conv2d_backprop_input(s, f, g, strides, 'SAME', use_cudnn_on_gpu=False)\n",
             findings=("2:5 TFM101",)),
        Case("import tensorflow as tf\nz = tf.multiply(x, y)\n"),
        Case("import numpy as np\nz = np.log(x)\n"),
        Case("import tensorflow as tf\ndef mul(a, b):\n    return a * b\nz = mul(1, 2)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._import_depth = 0
        self._kept_names: set[int] = set()  # ids of original call names left as written

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
        if not is_chain_head(original, self.parent(original)) or self.handled_elsewhere(original):
            return updated
        old = self.tf_name(original)
        if old in HAND_WRITTEN_CALLS or (old == V1_RESIZE and self._through_compat_v1(original)):
            self._report_if_not_called(original, old)
            return updated
        if old is None or old == "tf" or old in LOSS_FUNCTIONS or id(original) in self._kept_names:
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
        meaning = "TF1's resize_images here (not TF 2's)" if name == V1_RESIZE else "not in TF 2"
        self.report(node, f"{name} is {meaning} and is used here without a call", action=_by_hand(name))

    def _drop_if_imported(self, func: cst.BaseExpression) -> None:
        """``from tensorflow import to_float``: TF 2 cannot import it, so the import goes once unused."""
        if isinstance(func, cst.Name):
            self._drop_from_import(func)

    def _drop_from_import(self, name: cst.Name) -> None:
        drop_from_import(self, name)

    # -- calls -------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        """A call passing a keyword TF 2 dropped stays as written, its name included."""
        name = self.resolved_name(node.func)
        if name is not None and _dropped_keyword(node, name) is not None:
            self._kept_names.add(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.resolved_name(original_node.func)
        if name is None or self.handled_elsewhere(original_node):
            return updated_node
        if name in LOSS_FUNCTIONS:
            return updated_node  # TFM301 owns these calls, names included
        if name in CAST_FUNCTIONS:
            return self._cast_call(original_node, updated_node, name)
        if name in VARIABLE_METHODS:
            return self._variable_method(original_node, updated_node, name)
        if name in RESIZE_RAW_OPS or (name == V1_RESIZE and self._through_compat_v1(original_node.func)):
            return self._resize(original_node, updated_node, name)
        if name == DROPOUT:
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

    def _through_compat_v1(self, node: cst.CSTNode) -> bool:
        """Spelled ``tf.compat.v1.image.resize`` or under ``import tensorflow.compat.v1 as tf``."""
        qualified = self.get_metadata(QualifiedNameProvider, node, set())
        return any(q.name.startswith("tensorflow.compat.v1.") for q in qualified)

    def _resize(self, original: cst.Call, updated: cst.Call, name: str) -> cst.BaseExpression:
        """TF1's resize as the raw op with TF1's pixel grid, so the values stay TF1's."""
        images_call = name in ("tf.image.resize_images", V1_RESIZE)
        parameters = RESIZE_IMAGES_PARAMETERS if images_call else RESIZE_OP_PARAMETERS
        bound = _bind(updated, parameters)
        # The method's name is read on the original node, where names are resolved.
        op = self._resize_op(_bind(original, parameters) or {}, name) if bound is not None else None
        if bound is None or op is None or "images" not in bound or "size" not in bound:
            self.report(original, f"{name} with these arguments has no direct TF 2 form: tf.image.resize samples "
                        "pixel centres where TF1 sampled corners", action=_by_hand(name))
            return updated
        false = cst.Name("False")
        keywords = {"images": bound["images"], "size": bound["size"], "align_corners": bound.get("align_corners", false)}
        if op != "ResizeArea":
            keywords["half_pixel_centers"] = bound.get("half_pixel_centers", false)
        if "name" in bound:
            keywords["name"] = bound["name"]
        args = [_keyword(key, cst.Arg(value)) for key, value in keywords.items()]
        self.report(original, f"rewrote {name} as tf.raw_ops.{op} with TF1's pixel grid (half_pixel_centers=False): "
                    "tf.image.resize samples pixel centres and changes values; the raw op takes a 4-D batch",
                    kind=Kind.FIXED)
        self._drop_if_imported(original.func)
        return cst.Call(self.spell(f"tf.raw_ops.{op}"), args)

    def _resize_op(self, bound: dict[str, cst.BaseExpression], name: str) -> str | None:
        """The raw op for a bound call; None when its method or aspect ratio cannot be known."""
        keep_ratio = bound.get("preserve_aspect_ratio")
        if keep_ratio is not None and not (isinstance(keep_ratio, cst.Name) and keep_ratio.value == "False"):
            return None
        if name in RESIZE_RAW_OPS and name != "tf.image.resize_images":
            return RESIZE_RAW_OPS[name]
        method = bound.get("method")
        if method is None:
            return RESIZE_METHODS["BILINEAR"]
        if isinstance(method, cst.Integer):
            return RESIZE_METHODS.get(RESIZE_METHOD_NUMBERS.get(method.value, ""))
        member = self.tf_name(method) or ""
        owner, _, attr = member.rpartition(".")
        return RESIZE_METHODS.get(attr) if owner == "tf.image.ResizeMethod" else None

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
        changed = dropped = False
        for index, arg in enumerate(updated.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword is None and not arg.star and order and index < len(order) and order[index]:
                keyword = order[index]
                if keyword in renames and _is_none(arg.value):
                    # A TF1-only alias passed its default (argmax(x, 1, None, None)): as a keyword
                    # it would bind its TF 2 parameter a second time.
                    changed = dropped = True
                    continue
                arg = arg.with_changes(keyword=cst.Name(keyword), equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
                changed = True
            if keyword is not None and keyword in renames:
                target = renames[keyword]
                if target is None:  # the name was kept as written too (visit_Call)
                    self.report(original, f"TF 2 has no {keyword}= argument for {name}; left as written",
                                action=f"remove {keyword}= after checking it is not needed")
                    return updated
                arg = arg.with_changes(keyword=cst.Name(target))
                changed = True
            new_args.append(arg)
        if dropped and new_args:
            new_args[-1] = new_args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if changed:
            self.report(original, f"adapted the arguments of {name} to its TF 2 signature", kind=Kind.FIXED)
            return updated.with_changes(args=new_args)
        return updated

"""TFM503: TF1 initializer classes -> tf.keras.initializers, with TF1's defaults written out."""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule


@dataclasses.dataclass(frozen=True)
class Target:
    """The Keras class a TF1 initializer becomes."""

    keras: str
    #: TF1's parameters in positional order
    params: tuple[str, ...]
    #: TF1 defaults Keras does not share (Keras' stddev is 0.05, TF1's 1.0), written out as source
    defaults: tuple[tuple[str, str], ...] = ()


_NORMAL = ("mean", "stddev", "seed", "dtype")
_SEED = ("seed", "dtype")
# Facts from the installed TF (tf.compat.v1 signatures, init_ops.py) and the wheel's tf_upgrade_v2.py
# (xavier_initializer is VarianceScaling(1.0, "fan_avg", "uniform") = GlorotUniform); checked by
# tests/test_initializer_conversion.py, which draws from both sides.
TARGETS: dict[str, Target] = {
    "tf.truncated_normal_initializer": Target("TruncatedNormal", _NORMAL, (("stddev", "1.0"),)),
    "tf.random_normal_initializer": Target("RandomNormal", _NORMAL, (("stddev", "1.0"),)),
    "tf.random_uniform_initializer": Target("RandomUniform", ("minval", "maxval", "seed", "dtype"),
                                            (("minval", "0.0"), ("maxval", "1.0"))),
    "tf.glorot_uniform_initializer": Target("GlorotUniform", _SEED),
    "tf.glorot_normal_initializer": Target("GlorotNormal", _SEED),
    "tf.variance_scaling_initializer": Target("VarianceScaling", ("scale", "mode", "distribution", "seed", "dtype")),
    "tf.orthogonal_initializer": Target("Orthogonal", ("gain", "seed", "dtype")),
    "tf.initializers.he_normal": Target("HeNormal", ("seed",)),
    "tf.initializers.he_uniform": Target("HeUniform", ("seed",)),
    "tf.initializers.lecun_normal": Target("LecunNormal", ("seed",)),
    "tf.initializers.lecun_uniform": Target("LecunUniform", ("seed",)),
    "tf.contrib.layers.xavier_initializer": Target("GlorotUniform", ("uniform", "seed", "dtype")),
    "tf.contrib.layers.xavier_initializer_conv2d": Target("GlorotUniform", ("uniform", "seed", "dtype")),
}
# tf.initializers.<x> were the TF1 classes above under other names.
ALIASES: dict[str, str] = {
    "tf.initializers.truncated_normal": "tf.truncated_normal_initializer",
    "tf.initializers.random_normal": "tf.random_normal_initializer",
    "tf.initializers.random_uniform": "tf.random_uniform_initializer",
    "tf.initializers.glorot_uniform": "tf.glorot_uniform_initializer",
    "tf.initializers.glorot_normal": "tf.glorot_normal_initializer",
    "tf.initializers.variance_scaling": "tf.variance_scaling_initializer",
    "tf.initializers.orthogonal": "tf.orthogonal_initializer",
}
#: TF1 initializers TF 2 kept by name, without TF1's constructor dtype (and verify_shape): TF1's parameters
SAME_NAME: dict[str, tuple[str, ...]] = {
    "tf.zeros_initializer": ("dtype",),
    "tf.ones_initializer": ("dtype",),
    "tf.constant_initializer": ("value", "dtype", "verify_shape"),
}
# TF1's variance-scaling distributions; "normal" was TF1's old name for the truncated one.
DISTRIBUTIONS = {"normal": "truncated_normal", "truncated_normal": "truncated_normal",
                 "untruncated_normal": "untruncated_normal", "uniform": "uniform"}


def target_of(name: str | None) -> Target | None:
    return TARGETS.get(ALIASES.get(name, name)) if name else None


class KerasInitializers(MigrationRule):
    CODE = "TFM503"
    NAME = "keras-initializers"
    DESCRIPTION = "Rewrite TF1 initializer classes as tf.keras.initializers classes drawing from the same distribution."
    WHY = (
        "The TF1 initializer classes are gone in TF 2, and the TF 2 names that remain draw from other "
        "distributions: tf.random_normal_initializer() and tf.initializers.truncated_normal() default to "
        "stddev 0.05 in TF 2, 1.0 in TF1. Keras classes take the same parameters; TF1's defaults are "
        "written out where Keras' differ."
    )
    LEAVES = (
        "tf.zeros_initializer, tf.ones_initializer and tf.constant_initializer keep their TF 2 names; only "
        "TF1's constructor dtype (float32) and verify_shape=False are dropped, and a constant that is not a "
        "number written out stays (TF1 filled a short list with its last element). "
        "A dtype other than float32 (Keras takes the dtype when the initializer is called), a "
        "variance-scaling distribution that is not a string literal, xavier_initializer(uniform=False) "
        "(contrib's truncated normal used its own constant), and in TF 2 code the TF 2 names "
        "tf.random_normal_initializer, tf.random_uniform_initializer and tf.initializers.*. Values drawn "
        "with a seed differ from TF1's draws with that seed; the distribution is the same."
    )
    INSTEAD = "tf.keras.initializers.TruncatedNormal(stddev=1.0), GlorotUniform(seed=...), VarianceScaling(...)."
    CASES = (
        Case(
            "import tensorflow as tf\ninit = tf.truncated_normal_initializer(stddev=0.02)\n",
            "import tensorflow as tf\ninit = tf.keras.initializers.TruncatedNormal(stddev=0.02)\n",
            findings=("2:8 TFM503",),
        ),
        Case(
            "import tensorflow as tf\ninit = tf.truncated_normal_initializer()\n",
            "import tensorflow as tf\ninit = tf.keras.initializers.TruncatedNormal(stddev=1.0)\n",
            findings=("2:8 TFM503",),
        ),
        Case(
            "import tensorflow as tf\nw = tf.get_variable('w', [3, 4], initializer=tf.random_normal_initializer(0.0, 0.1, 7))\n",
            "import tensorflow as tf\nw = tf.get_variable('w', [3, 4], initializer=tf.keras.initializers.RandomNormal("
            "mean=0.0, stddev=0.1, seed=7))\n",
            findings=("2:5 TFM404", "2:46 TFM503"),
        ),
        Case(
            "import tensorflow as tf\ninit = tf.glorot_uniform_initializer(dtype=tf.float32)\n",
            "import tensorflow as tf\ninit = tf.keras.initializers.GlorotUniform()\n",
            findings=("2:8 TFM503",),
        ),
        Case(
            "import tensorflow as tf\ninit = tf.variance_scaling_initializer(2.0, distribution='normal')\n",
            "import tensorflow as tf\ninit = tf.keras.initializers.VarianceScaling(scale=2.0, distribution='truncated_normal')\n",
            findings=("2:8 TFM503",),
        ),
        Case(
            "import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer(seed=1)\n",
            "import tensorflow as tf\ninit = tf.keras.initializers.GlorotUniform(seed=1)\n",
            findings=("2:8 TFM503",),
        ),
        Case("import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer(uniform=False)\n",
             findings=("2:8 TFM503",)),
        Case("import tensorflow as tf\ninit = tf.truncated_normal_initializer(dtype=tf.float16)\n",
             findings=("2:8 TFM503",)),
        Case("import tensorflow as tf\ninit = tf.random_normal_initializer(stddev=0.1)\n"),
        # TF 2 kept these names without TF1's constructor dtype: a TF1 call passing it fails there.
        Case("import tensorflow as tf\ninit = tf.constant_initializer(value=0.0, dtype=tf.float32)\n",
             "import tensorflow as tf\ninit = tf.constant_initializer(value=0.0)\n", findings=("2:8 TFM503",)),
        Case("import tensorflow as tf\ninit = tf.zeros_initializer(tf.float32)\n",
             "import tensorflow as tf\ninit = tf.zeros_initializer()\n", findings=("2:8 TFM503",)),
        Case("import tensorflow as tf\ninit = tf.constant_initializer([1.0, 2.0], tf.float32)\n",
             findings=("2:8 TFM503",)),
        Case("import tensorflow as tf\ninit = tf.constant_initializer(0.5)\nzero = tf.zeros_initializer()\n"),
    )

    def visit_Call(self, node: cst.Call) -> None:
        name = self.tf_name(node.func)
        if target_of(name) is not None and self._applies(name):  # reported here, converted or not
            self.mark_handled(id(node.func))
        elif name in SAME_NAME and _tf1_only_arguments(node, SAME_NAME[name]):
            self.mark_handled(id(node.func))

    def _same_name(self, original: cst.Call, updated: cst.Call, name: str) -> cst.BaseExpression:
        """TF 2's namesake with TF1's constructor dtype (float32) and verify_shape=False dropped."""
        params = SAME_NAME[name]
        problem = ""
        for index, arg in enumerate(original.args):
            key = _parameter(arg, index, params)
            if arg.star or key not in params:
                problem = "its arguments cannot be matched to TF1's parameters"
            elif key == "dtype" and self.tf_name(arg.value) != "tf.float32":
                problem = "a dtype other than float32 is given when TF 2's initializer is called, not built"
            elif key == "verify_shape" and not (isinstance(arg.value, cst.Name) and arg.value.value == "False"):
                problem = "verify_shape= has no TF 2 form"
            elif key == "value" and not _scalar_literal(arg.value):
                problem = ("TF1 filled the entries a list value lacks with its last element, where TF 2 broadcasts "
                           "or refuses it, and this value is not a number written out")
            if problem:
                self.report(original, f"{name}: {problem}; left as written", subject=name,
                            action=f"pass {name} only what TF 2's takes (dtype goes to the variable)")
                return updated
        keys = [_parameter(arg, index, params) for index, arg in enumerate(original.args)]
        kept = [arg for key, arg in zip(keys, updated.args) if key == "value"]
        dropped = " and ".join(f"{key}=" for key in keys if key != "value")
        self.report(original, f"removed TF1's {dropped} from {name}: TF 2's takes the dtype from the variable it "
                    "fills, float32 as here", kind=Kind.FIXED, subject=name)
        return updated.with_changes(args=[arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in kept])

    def _applies(self, name: str | None) -> bool:
        """TF 2 kept some of these names with Keras' defaults: only TF1 code means TF1's."""
        return bool(name) and (name not in api.tf2_names() or self.is_tf1_module())

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.tf_name(original_node.func)
        target = target_of(name)
        if name in SAME_NAME and _tf1_only_arguments(original_node, SAME_NAME[name]):
            return self._same_name(original_node, updated_node, name)
        if target is None or not self._applies(name):
            return updated_node
        keywords = self._keywords(original_node, updated_node, target)
        problem = keywords if isinstance(keywords, str) else None
        if problem is not None:
            self.report(original_node, f"{name}: {problem}; left as written",
                        action=f"write tf.keras.initializers.{target.keras} with TF1's parameters", subject=name or "")
            return updated_node
        assert not isinstance(keywords, str)
        written = [key for key, _ in target.defaults if key not in dict(keywords)]
        keywords = [*keywords, *((key, cst.parse_expression(value)) for key, value in target.defaults if key in written)]
        order = {param: index for index, param in enumerate(target.params)}
        keywords.sort(key=lambda item: order.get(item[0], len(order)))
        args = [cst.Arg(value, keyword=cst.Name(key), equal=ecosystem.KEYWORD_EQUAL) for key, value in keywords]
        note = f", with TF1's default {', '.join(written)} written out" if written else ""
        self.report(original_node, f"rewrote {name} as tf.keras.initializers.{target.keras}, the same "
                    f"distribution{note}", kind=Kind.FIXED, subject=name or "")
        return cst.Call(self.spell(f"tf.keras.initializers.{target.keras}"), args)

    def _keywords(
        self, original: cst.Call, call: cst.Call, target: Target
    ) -> list[tuple[str, cst.BaseExpression]] | str:
        """The call's arguments by TF1 parameter name, adapted to Keras; a string says why they cannot be."""
        found: list[tuple[str, cst.BaseExpression]] = []
        for index, (before, arg) in enumerate(zip(original.args, call.args)):
            if arg.star or (arg.keyword is None and index >= len(target.params)):
                return "its arguments cannot be matched to parameters"
            key = arg.keyword.value if arg.keyword is not None else target.params[index]
            if key not in target.params:
                return f"TF1 has no {key}= argument here"
            adapted = self._adapt(key, arg.value, before.value)
            if isinstance(adapted, str):
                return adapted
            if adapted is not None:
                found.append((key, adapted))
        return found

    def _adapt(
        self, key: str, value: cst.BaseExpression, original: cst.BaseExpression
    ) -> cst.BaseExpression | str | None:
        """The Keras value for one argument, None to drop it, or why it cannot be carried over."""
        if key == "dtype":
            if self.tf_name(original) == "tf.float32":
                return None  # Keras initializers produce float32 unless called with another dtype
            return "a dtype other than float32 is given when a Keras initializer is called, not built"
        if key == "uniform":
            if isinstance(value, cst.Name) and value.value == "True":
                return None
            return "xavier_initializer(uniform=False) drew from contrib's own truncated normal"
        if key == "distribution":
            if not isinstance(value, cst.SimpleString) or value.evaluated_value not in DISTRIBUTIONS:
                return "its distribution is not one of TF1's names written as a string"
            return cst.SimpleString(repr(DISTRIBUTIONS[str(value.evaluated_value)]))
        if key == "maxval" and isinstance(value, cst.Name) and value.value == "None":
            return cst.Float("1.0")  # TF1: maxval=None is 1 for floating-point initializers
        return value




def _tf1_only_arguments(call: cst.Call, params: tuple[str, ...]) -> bool:
    """An argument TF 2's namesake does not take: past ``value``, by position or keyword (or unmatched)."""
    return any(_parameter(arg, index, params) != "value" for index, arg in enumerate(call.args))


def _parameter(arg: cst.Arg, index: int, params: tuple[str, ...]) -> str:
    """The TF1 parameter an argument binds to ("" past the last position)."""
    if arg.keyword is not None:
        return arg.keyword.value
    return params[index] if index < len(params) and not arg.star else ""


def _scalar_literal(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, (cst.Minus, cst.Plus)):
        value = value.expression
    return isinstance(value, (cst.Integer, cst.Float))

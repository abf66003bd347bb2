"""TF1 calls built from a function's signature, to check a mapping on both sides.

Inputs are small and fixed: float and integer tensors of shape 2x3, a 3x3
matrix, a 1x4x4x2 image, axes, sizes and a seed, chosen by parameter name
where the name says what a parameter takes. ``mapping_check`` runs them.
Nothing here imports TensorFlow; callers pass the module in.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Sequence
from typing import Any

import numpy as np

from tfmigrate import api
from tfmigrate.mappings import KEYWORD, REORDER, SAME_NAME, Mapping

SEED = 7
Inputs = dict[str, np.ndarray]

# -- generated inputs -------------------------------------------------------

_RNG = np.random.default_rng(SEED)
# Values in (0.1, 0.9): inside the domain of log, sqrt, acos, atanh, logit, ...
TENSORS: dict[str, np.ndarray] = {
    "float": _RNG.uniform(0.1, 0.9, (2, 3)).astype(np.float32),
    "matrix": (np.eye(3) * 2 + _RNG.uniform(0.1, 0.3, (3, 3))).astype(np.float32),
    "int": _RNG.integers(0, 3, (2, 3)).astype(np.int32),
    "image": _RNG.uniform(0.0, 1.0, (1, 4, 4, 2)).astype(np.float32),
    "vector": _RNG.uniform(0.1, 0.9, (6,)).astype(np.float32),
    "bool": _RNG.integers(0, 2, (2, 3)).astype(bool),
    "float64": _RNG.uniform(0.1, 0.9, (2, 3)),
    "complex": (_RNG.uniform(0.1, 0.9, (2, 3)) + 1j * _RNG.uniform(0.1, 0.9, (2, 3))).astype(np.complex64),
    "int vector": np.array([0, 1], dtype=np.int32),
    "labels": np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32),
    "class ids": np.array([1, 0], dtype=np.int32),
    "filter": _RNG.uniform(-1.0, 1.0, (2, 2, 2, 1)).astype(np.float32),
}
TENSOR_ORDER = ("float", "matrix", "int", "image", "vector", "bool", "float64", "complex")
MATRIX = TENSORS["matrix"]

# Parameters whose name says what they take: Python source, tried in order.
BY_NAME: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("axis", "dim", "dimension", "reduction_indices", "concat_dim", "split_dim"), ("1", "0")),
    **dict.fromkeys(("keepdims", "keep_dims"), ("True",)),
    "dtype": ("tf.float32", "tf.int32", "tf.int64"),
    **dict.fromkeys(("out_type", "output_type"), ("tf.int32", "tf.int64")),
    "shape": ("[2, 3]",),
    "seed": (str(SEED),),
    **dict.fromkeys(("num", "num_split", "num_or_size_splits", "depth", "k", "num_lower", "num_upper"), ("2", "1")),
    "perm": ("[1, 0]",),
    "multiples": ("[1, 2]",),
    "paddings": ("[[1, 1], [0, 1]]",),
    "begin": ("[0, 1]",),
    "end": ("[2, 3]",),
    "ksize": ("[1, 2, 2, 1]",),
    "strides": ("[1, 1, 1, 1]", "[1, 1]"),
    "padding": ("'SAME'",),
    "name": ("'probe'",),
    "pos_weight": ("2.0",),
    "keep_prob": ("0.75",),
    "rate": ("0.25",),
    "target_height": ("6",),
    "target_width": ("5",),
    "delta": ("0.1",),
    "block_size": ("2",),
    "seq_dim": ("1",),
    "batch_dim": ("0",),
    "num_buckets": ("3",),
    "message": ("'probe'",),
    "rates": ("[1, 1, 1, 1]",),
    "scalar": ("2.0",),
    "fn": ("lambda *t: t[-1] * 2",),
    "true_fn": ("lambda: tf.constant(1.0)",),
    "false_fn": ("lambda: tf.constant(2.0)",),
    "pred": ("tf.constant(True)",),
    "fn1": ("lambda: tf.constant(1.0)",),
    "fn2": ("lambda: tf.constant(2.0)",),
    "dilations": ("[1, 1, 1, 1]",),
    "data_format": ("'NHWC'",),
}
# Parameters that take a tensor of a known kind.
TENSOR_BY_NAME: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("images", "image"), ("image",)),
    **dict.fromkeys(("indices", "segment_ids", "ids"), ("int vector",)),
    **dict.fromkeys(("matrix", "input_matrix", "chol"), ("matrix",)),
    "labels": ("labels", "class ids"),
    "targets": ("labels",),
    **dict.fromkeys(("filter", "filters"), ("filter",)),
    "seq_lengths": ("int vector",),
}


@dataclasses.dataclass
class Probe:
    """A TF1 call in source form and the tensors it names."""

    source: str  # the whole TF1 module, ``import tensorflow as tf`` first
    inputs: Inputs
    tf1_source: str = ""  # what TF1 runs, when tf.compat.v1 spells the call otherwise

    @property
    def tf1(self) -> str:
        return self.tf1_source or self.source


class Arguments:
    """Argument source for one attempt: tensors become names a0, a1, ...; the rest is literal."""

    def __init__(self, attempt: int, has_images: bool) -> None:
        self.attempt = attempt
        self.has_images = has_images
        self.inputs: Inputs = {}

    def value(self, parameter: str) -> str:
        if parameter == "size":
            return "[8, 8]" if self.has_images else "[1, 2]"
        if parameter in BY_NAME or parameter.endswith(("axis", "_dim")):
            choices = BY_NAME.get(parameter, BY_NAME["axis"])
            return choices[min(self.attempt, len(choices) - 1)]
        kinds = TENSOR_BY_NAME.get(parameter, TENSOR_ORDER)
        return self.tensor(kinds[min(self.attempt, len(kinds) - 1)])

    def tensor(self, kind: str) -> str:
        label = f"a{len(self.inputs)}"
        self.inputs[label] = TENSORS[kind]
        return label


def resolve(tf: Any, name: str) -> Any:
    """The object a ``tf.``-name stands for under ``tf`` (the TF1 or the TF 2 module)."""
    obj = tf
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def parameters_of(function: Any) -> list[inspect.Parameter] | None:
    try:
        return [p for p in inspect.signature(function).parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except (TypeError, ValueError):
        return None


def required(parameters: Sequence[inspect.Parameter]) -> list[inspect.Parameter]:
    return [p for p in parameters if p.default is inspect.Parameter.empty]


def reorder_arguments(args: Arguments, mapping: Mapping, parameters: Sequence[inspect.Parameter],
                      tf2_function: Any) -> list[str] | str:
    """Positional source through the last position the wheel's table moves.

    A parameter gets a generated value when TF 2 has it (or renamed it in
    place) and its default is not a plain literal (a flag such as
    ``sparse_gradient=False`` keeps it); TF1-only aliases (``dimension``,
    ``reduction_indices``) keep their default, since TF1 rejects a value for
    both an alias and its parameter.
    """
    tf2_parameters = parameters_of(tf2_function) if tf2_function is not None else None
    if tf2_parameters is None:
        return "no TF 2 signature to compare positions with"
    count = max(i for i, p in enumerate(mapping.positions) if p) + 1
    if count > len(parameters):
        return "the wheel's reorder table lists more positions than the TF1 signature has"
    tf1_names, tf2_names = [p.name for p in parameters], [p.name for p in tf2_parameters]
    aliases = api.wheel_keyword_renames().get(mapping.tf1, {})
    text = []
    for index, parameter in enumerate(parameters[:count]):
        renamed_in_place = index < len(tf2_names) and tf2_names[index] not in tf1_names
        literal = isinstance(parameter.default, (bool, int, float, str)) and parameter.name not in BY_NAME
        wanted = (parameter.name in tf2_names or renamed_in_place) and not literal and parameter.name not in aliases
        if parameter.default is inspect.Parameter.empty or wanted:
            text.append(args.value(parameter.name))
            continue
        default = repr(parameter.default)
        try:
            compile(default, "<default>", "eval")
        except SyntaxError:
            return f"the default of {parameter.name} cannot be written as source"
        text.append(default)
    return text


def call_source(mapping: Mapping, function: Any, attempt: int, tf2_function: Any = None, *,
                fill_optional: bool = False) -> Probe | str:
    """The TF1 module checking one mapping, or why none can be written."""
    parameters = parameters_of(function)
    if parameters is None:
        return "no Python signature to generate arguments from"
    parameters_by_name = {p.name: p for p in parameters}
    names = [p.name for p in parameters]
    args = Arguments(attempt, has_images=bool({"images", "image"} & set(names)))
    head = "import tensorflow as tf\n"
    spelled = mapping.tf1
    if mapping.kind == SAME_NAME:  # emitted when spelled through tf.compat.v1
        head, spelled = "import tensorflow.compat.v1 as tf\n", mapping.tf1
    if mapping.kind == REORDER:
        text = reorder_arguments(args, mapping, parameters, tf2_function)
        if isinstance(text, str):
            return text
        return Probe(f"{head}out = {spelled}({', '.join(text)})\n", args.inputs)
    keyword = mapping.keyword if mapping.kind == KEYWORD else None
    if keyword is not None and keyword not in names:
        return f"TF1's {mapping.tf1} takes no {keyword}= (not applicable)"
    chosen = [p.name for p in required(parameters)]
    if fill_optional:
        # TF1 signatures that renamed a parameter default both spellings to None; an alias
        # (the wheel's keyword table) and its successor must not both be passed.
        aliases = api.wheel_keyword_renames().get(mapping.tf1, {})
        skip = {alias for alias in aliases if alias != keyword} | {aliases.get(keyword or "")}
        chosen += [p.name for p in parameters if p.default is None and p.name not in chosen and p.name != "name"
                   and p.name not in skip and (p.name in BY_NAME or p.name in TENSOR_BY_NAME)]
    text = [args.value(name) for name in chosen if name != keyword and parameters_by_name[name] in required(parameters)]
    text += [f"{name}={args.value(name)}" for name in chosen if name != keyword
             and parameters_by_name[name] not in required(parameters)]
    if "seed" in names and "seed" != keyword and "seed" not in chosen:
        text.append(f"seed={args.value('seed')}")
    if keyword is not None:
        text.append(f"{keyword}={args.value(keyword)}")
    call = f"({', '.join(text)})\n"
    # A name TF 1.0 removed runs on TF1 as the name it became (the rename is the release notes' fact).
    return Probe(f"{head}out = {spelled}{call}", args.inputs,
                 f"{head}out = {api.PRE_1_0_RENAMES[spelled]}{call}" if spelled in api.PRE_1_0_RENAMES else "")


# -- hand-written rewrites ---------------------------------------------------

# A first line only TF1 has, so the rules read the module as TF1 code (dropout's
# second position is keep_prob there). It seeds like the checker does.
TF1_MARKER = f"import tensorflow as tf\ntf.set_random_seed({SEED})\n"


def rewrite_probes(mapping: Mapping) -> list[Probe] | str:
    """TF1 calls exercising a hand-written rewrite (several where its arguments vary)."""
    form, name = mapping.form, mapping.tf1
    image, floats, labels = TENSORS["image"], TENSORS["float"], TENSORS["labels"]
    if form == "cast":
        return [Probe(f"import tensorflow as tf\nout = {name}(a0)\n", {"a0": floats * 4})]
    if form == "variable method":
        return [Probe(f"import tensorflow as tf\nv = tf.Variable(a0)\nout = {name}(v, a1)\n",
                      {"a0": floats, "a1": floats * 3})]
    if form.startswith("resize"):
        compat = form.endswith("tf.compat.v1")
        head = "import tensorflow.compat.v1 as tf\n" if compat else "import tensorflow as tf\n"
        calls = [f"{name}(a0, [8, 8])", f"{name}(a0, [3, 5], align_corners=True)"]
        if name in ("tf.image.resize_images", "tf.image.resize"):
            calls += [f"{name}(a0, [8, 8], method=tf.image.ResizeMethod.{m})"
                      for m in ("NEAREST_NEIGHBOR", "BICUBIC", "AREA")]
        return [Probe(f"{head}out = {call}\n", {"a0": image}) for call in calls]
    if form.startswith("keep_prob"):
        call = "tf.nn.dropout(a0, 0.75, seed=3)" if form.endswith("position") else "tf.nn.dropout(a0, keep_prob=0.75, seed=3)"
        return [Probe(f"{TF1_MARKER}out = {call}\n", {"a0": floats})]
    if form == "axis first":
        return "TF 0.x argument order: tf.compat.v1 runs only TF 1.x's order, so no TF1 function can run this call"
    if form == "positions, TF 0.x":
        return "TF 0.x argument order (logits first): tf.compat.v1 has no TF 0.x signature to run"
    if form == "positions, TF 1.x":
        third = ", 2.0" if "weighted" in name else ""
        return [Probe(f"{TF1_MARKER}out = {name}(a0, a1{third})\n",
                      {"a0": labels, "a1": floats * 3})]
    if form.startswith("keyword "):
        keyword = form.split()[1].rstrip("=")
        third = ", pos_weight=2.0" if "weighted" in name else ""
        value = "a0" if keyword == "targets" else "0"
        other = "" if keyword == "targets" else "labels=a0, "
        return [Probe(f"{TF1_MARKER}"
                      f"out = {name}({other}logits=a1, {keyword}={value}{third})\n", {"a0": labels, "a1": floats * 3})]
    if form == "optimizer":
        arguments = "0.1, 0.9" if name == "tf.train.MomentumOptimizer" else "0.1"
        return [Probe("import tensorflow as tf\n"
                      "w = tf.Variable([1.0, -2.0, 0.5])\n"
                      "loss = tf.reduce_sum(tf.square(w - a0))\n"
                      f"train = {name}({arguments}).minimize(loss)\n"
                      "sess = tf.Session()\n"
                      "sess.run(tf.global_variables_initializer())\n"
                      "for _ in range(5):\n"
                      "    sess.run(train)\n"
                      "out = sess.run(w)\n", {"a0": TENSORS["vector"][:3]})]
    if form == "nn helper layer":
        # biases of both signs, so the ReLU of relu_layer clips some of x @ w + b
        inputs = {"a0": floats - 0.5, "a1": TENSORS["matrix"], "a2": TENSORS["vector"][:3] - 0.5}
        return [Probe(f"import tensorflow as tf\nout = {name}(a0, a1, a2)\n", inputs),
                Probe(f"import tensorflow as tf\nout = {name}(a0, weights=a1, biases=a2, name='fc')\n", inputs)]
    if form == "keras initializer":
        return ("draws from another random generator than TF1, so values cannot match one for one; "
                "tests/test_initializer_conversion.py compares the distributions (two-sample KS)")
    if form == "tf_slim":
        return "tf.contrib is not in this TensorFlow: no TF1 function to call"
    return f"no probe for the {form} rewrite"

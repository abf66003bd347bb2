"""Run every mapping the migration can emit on both sides and write docs/mappings.md.

For each mapping listed by ``tfmigrate.mappings`` this builds a small TF1
call from the TF1 function's signature, migrates it with the codemod itself,
runs the original in TF1 graph mode (``tf.compat.v1`` in a ``tf.Graph`` with a
session) and the migration eagerly, and compares the values under the
verifier's bound (4 ulps, elementwise or of the largest magnitude). Names
bound to one object on both sides are equal without a run. Where no generated
input runs on TF1 the mapping is listed as unchecked, with the reason.

    python scripts/check_mappings.py            # all mappings, rewrites docs/mappings.md
    python scripts/check_mappings.py --check    # exit 1 if docs/mappings.md is stale or a mapping fails
    python scripts/check_mappings.py --only tf.image.resize_images --print
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import inspect
import os
import pathlib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # as verify: graph and eager fuse alike
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np

from tfmigrate import api, engine, mappings
from tfmigrate.findings import Kind
from tfmigrate.mappings import KEYWORD, RENAME, REORDER, REWRITE, SAME_NAME, Mapping
from tfmigrate.rules import renames
from tfmigrate.verify.limits import ULP_BOUND
from tfmigrate.verify.report import MATCH
from tfmigrate.verify.runner import value_row

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "mappings.md"
SEED = 7

# Verdicts.
EQUAL = "equal"  # ran on both sides, values within the bound
SAME_OBJECT = "same object"  # TF1's and TF 2's name are one Python object
DIFFERS = "changes values"  # the emitted form computes something else: a bug to fix
REPORTED = "reported"  # the migration leaves the call as written with a finding
UNCHECKED = "unchecked"  # no generated input ran on TF1, or nothing to compare
NOT_APPLICABLE = "not applicable"  # TF1 itself never accepted this spelling

Inputs = dict[str, np.ndarray]


@dataclasses.dataclass
class Result:
    mapping: Mapping
    verdict: str
    detail: str = ""
    call: str = ""  # the TF1 call that was checked
    emitted: str = ""  # what the migration made of it


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
    place); TF1-only aliases (``dimension``, ``reduction_indices``) keep their
    default, since TF1 rejects a value for both an alias and its parameter.
    """
    tf2_parameters = parameters_of(tf2_function) if tf2_function is not None else None
    if tf2_parameters is None:
        return "no TF 2 signature to compare positions with"
    count = max(i for i, p in enumerate(mapping.positions) if p) + 1
    if count > len(parameters):
        return "the wheel's reorder table lists more positions than the TF1 signature has"
    tf1_names, tf2_names = [p.name for p in parameters], [p.name for p in tf2_parameters]
    text = []
    for index, parameter in enumerate(parameters[:count]):
        renamed_in_place = index < len(tf2_names) and tf2_names[index] not in tf1_names
        if parameter.default is inspect.Parameter.empty or parameter.name in tf2_names or renamed_in_place:
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
    return f"no probe for the {form} rewrite"


# -- running both sides --------------------------------------------------------

class SideError(Exception):
    pass


def flatten(value: Any) -> list[np.ndarray]:
    import tensorflow as tf

    leaves = []
    for leaf in tf.nest.flatten(value, expand_composites=True):
        if leaf is None:
            continue
        if hasattr(leaf, "numpy"):
            leaf = leaf.numpy()
        leaves.append(np.asarray(leaf))
    return leaves


def run_tf1(source: str, inputs: Inputs) -> list[np.ndarray]:
    """The TF1 module in graph mode: ``tf`` is tf.compat.v1, values come from a session."""
    import tensorflow as tf

    body = source.split("\n", 1)[1]
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.set_random_seed(SEED)
        namespace: dict[str, Any] = {"tf": tf.compat.v1, **{k: tf.constant(v) for k, v in inputs.items()}}
        try:
            exec(compile(body, "<tf1>", "exec"), namespace)
            out = namespace["out"]
            if out is None:
                return []
            if isinstance(out, np.ndarray) or np.isscalar(out):
                return [np.asarray(out)]
            with tf.compat.v1.Session(graph=graph) as session:
                session.run(tf.compat.v1.global_variables_initializer())
                return flatten(session.run(out))
        except Exception as error:  # any failure: this input does not suit the TF1 function
            raise SideError(f"{type(error).__name__}: {_first_line(error)}") from None


def run_tf2(code: str, inputs: Inputs) -> list[np.ndarray]:
    import tensorflow as tf

    tf.random.set_seed(SEED)
    namespace: dict[str, Any] = {k: tf.constant(v) for k, v in inputs.items()}
    try:
        exec(compile(code, "<tf2>", "exec"), namespace)
        return flatten(namespace["out"])
    except Exception as error:
        raise SideError(f"{type(error).__name__}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    """The message's first line, without object addresses (the doc must not change between runs)."""
    text = str(error).strip().splitlines()
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text[0])[:160] if text else ""


def compare_values(expected: list[np.ndarray], actual: list[np.ndarray]) -> str | None:
    """None when equal under the verifier's bound, else what differs."""
    if len(expected) != len(actual):
        return f"{len(expected)} values vs {len(actual)}"
    for index, (e, a) in enumerate(zip(expected, actual)):
        row = value_row(f"out[{index}]", "value", e, a, ulp_bound=ULP_BOUND)
        if row.verdict != MATCH:
            ulps = f", {row.max_ulp} ulps" if row.max_ulp is not None else ""
            return row.detail or f"max |d| = {row.max_abs:.3g}{ulps}"
    return None


def check_probe(mapping: Mapping, probe: Probe) -> Result:
    """Run one TF1 module and its migration; raises SideError when TF1 rejects the probe."""
    expected = run_tf1(probe.tf1, probe.inputs)
    migrated = engine.migrate_source(probe.source, written_for=mapping.written_for)
    emitted = migrated.code.split("\n", 1)[1].strip() if "\n" in migrated.code else migrated.code
    call = probe.source.split("\n", 1)[1].strip()
    manual = [f"{f.code} {f.message}" for f in migrated.findings if f.kind in (Kind.MANUAL, Kind.ERROR)]
    if manual and (not migrated.changed or "compat.v1" in emitted):
        return Result(mapping, REPORTED, f"left as written: {manual[0]}", call, emitted)
    if not migrated.changed:
        return Result(mapping, UNCHECKED, "the migration did not rewrite this call", call, emitted)
    if not expected:
        return Result(mapping, UNCHECKED, "TF1 returned no value to compare (an op)", call, emitted)
    try:
        actual = run_tf2(migrated.code, probe.inputs)
        difference = compare_values(expected, actual)
    except SideError as error:
        difference = f"the migration raises {error} where TF1 ran"
    if difference is None:
        return Result(mapping, EQUAL, "", call, emitted)
    if manual:  # rewritten, and the finding says the values move
        return Result(mapping, REPORTED, f"rewritten with a finding: {manual[0]}; measured {difference}", call, emitted)
    return Result(mapping, DIFFERS, difference, call, emitted)


def check_rewrite(mapping: Mapping) -> Result:
    import tensorflow as tf

    if mapping.form.startswith("keyword "):
        keyword = mapping.form.split()[1].rstrip("=")
        if keyword not in [p.name for p in parameters_of(resolve(tf.compat.v1, mapping.tf1)) or []]:
            return Result(mapping, NOT_APPLICABLE, f"TF1's {mapping.tf1} takes no {keyword}= (not applicable)")
    probes = rewrite_probes(mapping)
    if isinstance(probes, str):
        return Result(mapping, UNCHECKED, probes)
    results = []
    for probe in probes:
        try:
            results.append(check_probe(mapping, probe))
        except SideError as error:
            return Result(mapping, UNCHECKED, f"TF1 rejected the probe: {error}", probe.source.split("\n", 1)[1].strip())
    worst = next((r for r in results if r.verdict != EQUAL), results[0])
    if worst.verdict == EQUAL and len(results) > 1:
        worst.detail = f"{len(results)} calls checked"
    return worst


def check_callable(mapping: Mapping, function: Any, tf2_function: Any) -> Result:
    first_error = ""
    for attempt in range(len(TENSOR_ORDER)):
        for fill_optional in (False, True):
            probe = call_source(mapping, function, attempt, tf2_function, fill_optional=fill_optional)
            if isinstance(probe, str):
                return Result(mapping, NOT_APPLICABLE if "not applicable" in probe else UNCHECKED, probe)
            try:
                return check_probe(mapping, probe)
            except SideError as error:
                first_error = first_error or str(error)
    return Result(mapping, UNCHECKED, f"no generated input ran on TF1 ({first_error})")


def check(mapping: Mapping) -> Result:
    import tensorflow as tf

    if mapping.kind == REWRITE:
        return check_rewrite(mapping)
    tf1_name = api.PRE_1_0_RENAMES.get(mapping.tf1, mapping.tf1)
    try:
        tf1_object = resolve(tf.compat.v1, tf1_name)
    except AttributeError:
        return Result(mapping, UNCHECKED, f"tf.compat.v1 has no {tf1_name[3:]}")
    if mapping.kind in (RENAME, SAME_NAME):
        try:
            tf2_object = resolve(tf, mapping.tf2)
        except AttributeError:
            return Result(mapping, DIFFERS, f"TF 2 has no {mapping.tf2}")
        if tf2_object is tf1_object:
            return Result(mapping, SAME_OBJECT)
        if inspect.ismodule(tf1_object) or not callable(tf1_object):
            return _compare_constants(mapping, tf1_object, tf2_object)
        if inspect.isclass(tf1_object):
            return Result(mapping, UNCHECKED, "a class that is not TF 2's class: instances are not generated")
    if mapping.kind == KEYWORD and mapping.tf2.startswith("(finding"):
        return _keyword_dropped(mapping, tf1_object)
    if not callable(tf1_object) or inspect.isclass(tf1_object):
        return Result(mapping, UNCHECKED, "a class: instances are not generated")
    try:
        tf2_object = resolve(tf, mapping.tf2.split("(", 1)[0])
    except AttributeError:
        tf2_object = None
    return check_callable(mapping, tf1_object, tf2_object)


def _compare_constants(mapping: Mapping, tf1_object: Any, tf2_object: Any) -> Result:
    if inspect.ismodule(tf1_object) or inspect.ismodule(tf2_object):
        return Result(mapping, UNCHECKED, "a module that is not TF 2's module: its members are mappings of their own")
    try:
        same = bool(tf1_object == tf2_object)
    except Exception:  # objects without a usable ==
        return Result(mapping, UNCHECKED, f"a {type(tf1_object).__name__} that cannot be compared")
    return Result(mapping, EQUAL if same else DIFFERS, "" if same else f"{tf1_object!r} vs {tf2_object!r}")


def _keyword_dropped(mapping: Mapping, function: Any) -> Result:
    """TF 2 has no such keyword: the migration must leave the call with a finding."""
    parameters = parameters_of(function) or []
    if mapping.keyword not in [p.name for p in parameters]:
        return Result(mapping, NOT_APPLICABLE, f"TF1's {mapping.tf1} takes no {mapping.keyword}= (not applicable)")
    source = f"import tensorflow as tf\nout = {mapping.tf1}({mapping.keyword}=x)\n"
    migrated = engine.migrate_source(source)
    manual = [f for f in migrated.findings if f.kind == Kind.MANUAL]
    if manual and not migrated.changed:
        return Result(mapping, REPORTED, f"{manual[0].code} {manual[0].message}", source.split("\n", 1)[1].strip())
    return Result(mapping, DIFFERS, "dropped without a finding", source.split("\n", 1)[1].strip(), migrated.code)


# -- the wheel's own forms of what the rules fixed or report ------------------

def wheel_forms() -> list[Result]:
    """Each name whose wheel form the rules replace or report, run as the wheel writes it: the evidence."""
    import tensorflow as tf

    names = sorted(api.WHEEL_RENAMES_THAT_CHANGE_VALUES | api.SAME_NAME_OTHER_MEANING | {renames.V1_RESIZE})
    results = []
    for name in names:
        target = api.wheel_renames().get(name, name)
        mapping = Mapping(RENAME if target != name else SAME_NAME, name, target, "tf_upgrade_v2")
        probe = call_source(dataclasses.replace(mapping, kind=RENAME), resolve(tf.compat.v1, name), 0)
        if isinstance(probe, str):
            results.append(Result(mapping, UNCHECKED, probe))
            continue
        call = probe.source.split("\n", 1)[1].strip()
        wheel_call = call.replace(name + "(", target + "(", 1)
        try:
            expected = run_tf1(probe.source, probe.inputs)
            actual = run_tf2("import tensorflow as tf\n" + wheel_call + "\n", probe.inputs)
            difference = compare_values(expected, actual)
        except SideError as error:
            results.append(Result(mapping, UNCHECKED, str(error), call))
            continue
        results.append(Result(mapping, DIFFERS if difference else EQUAL, difference or "equal", call, wheel_call))
    return results


def what_migration_does(name: str) -> str:
    """The emitted form for a name whose wheel form changes values."""
    if name in renames.RESIZE_RAW_OPS or name == renames.V1_RESIZE:
        return "TFM101 rewrites it as the raw op with TF1's flags"
    return "left as written with a finding (TFM401; TFM103 keeps it on tf.compat.v1 under that import)"


# -- the report ---------------------------------------------------------------

def run(selected: Iterable[Mapping], progress: Callable[[str], None] | None = None) -> list[Result]:
    results = []
    for index, mapping in enumerate(selected):
        results.append(check(mapping))
        if progress and index % 100 == 0:
            progress(f"{index} mappings checked")
    return results


def render(results: Sequence[Result], wheel: Sequence[Result]) -> str:
    applicable = [r for r in results if r.verdict != NOT_APPLICABLE]
    by_verdict = collections.Counter(r.verdict for r in applicable)
    fixed = [r for r in applicable if r.mapping.form.startswith("resize")]
    checked = by_verdict[EQUAL] + by_verdict[SAME_OBJECT]
    lines = [
        "# Every mapping the migration emits, run on both sides",
        "",
        "Generated by `python scripts/check_mappings.py`; do not edit.",
        "",
        "The migration writes TF 2 forms for TF1 names from four tables: the renames",
        "(`tfmigrate/api.py`: the wheel's `tf_upgrade_v2` tables, `PRE_1_0_RENAMES`,",
        "`TF2_SPELLINGS`), the wheel's argument reorders and keyword renames, and the",
        "rewrites written by hand beside the rules (`tfmigrate/rules/`). `tfmigrate/mappings.py`",
        "lists each mapping from those same tables. For each, the checker builds a TF1 call",
        "from the TF1 function's signature (float and integer tensors of shape 2x3, a 3x3",
        "matrix, a 1x4x4x2 image, axes, sizes, a seed where the function takes one),",
        "migrates it with the codemod, runs the original in TF1 graph mode",
        "(`tf.compat.v1` in a `tf.Graph` with a session) and the migration eagerly, and",
        f"compares the values under the verifier's bound ({ULP_BOUND} ulps, elementwise or of the",
        "largest magnitude; see [verify.md](verify.md)). A name bound to the same Python",
        "object in `tf.compat.v1` and in TF 2 is equal without a run.",
        "",
        "## Coverage",
        "",
        "| | mappings |",
        "|---|---:|",
        f"| emitted by the migration | {len(applicable)} |",
        f"| checked equal by running both sides | {by_verdict[EQUAL]} |",
        f"| of which fixed (the wheel's form changes values; the emitted form is TF1's) | {len(fixed)} |",
        f"| checked equal as the same object | {by_verdict[SAME_OBJECT]} |",
        f"| reported with a finding (left as written, or rewritten and flagged) | {by_verdict[REPORTED]} |",
        f"| changes values (open) | {by_verdict[DIFFERS]} |",
        f"| unchecked | {by_verdict[UNCHECKED]} |",
        "",
        f"Checked: {checked} of {len(applicable)} ({100.0 * checked / max(len(applicable), 1):.1f} %).",
        f"Not counted: {len(results) - len(applicable)} table entries for spellings TF1 itself never accepted",
        "(a keyword the TF1 function does not take).",
        "",
        "| kind | mappings | checked | reported | changes values | unchecked |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in (RENAME, SAME_NAME, REORDER, KEYWORD, REWRITE):
        rows = [r for r in applicable if r.mapping.kind == kind]
        count = collections.Counter(r.verdict for r in rows)
        lines.append(f"| {kind} | {len(rows)} | {count[EQUAL] + count[SAME_OBJECT]} | {count[REPORTED]} | "
                     f"{count[DIFFERS]} | {count[UNCHECKED]} |")
    lines += ["", "## Found: the wheel's form changes values", "",
              "`tf_upgrade_v2`'s tables rename these (or keep their name); run as the wheel writes them,",
              "on the inputs the checker generates, they compute other values:", "",
              "| TF1 call | wheel's form | difference | the migration |", "|---|---|---|---|"]
    lines += [f"| `{r.call}` | `{r.emitted}` | {_cell(r.detail)} | {what_migration_does(r.mapping.tf1)} |"
              for r in wheel if r.verdict == DIFFERS]
    unmeasured = [r for r in wheel if r.verdict != DIFFERS]
    if unmeasured:
        lines += ["", "Reported for their meaning (`SAME_NAME_OTHER_MEANING` in `tfmigrate/api.py`), not measured",
                  "here because TF1 produced no comparable value: " +
                  ", ".join(f"`{r.mapping.tf1}` ({_cell(r.detail)})" for r in unmeasured) + "."]
    lines += ["", "The migration emits the raw op with TF1's flags instead (`RESIZE_RAW_OPS` in",
              "`tfmigrate/rules/renames.py`); the raw op takes a 4-D batch where TF1 also took one",
              "3-D image, so a 3-D call raises rather than computing other values. Each emitted form, checked:", "",
              "| TF1 name | emitted | checked |", "|---|---|---|"]
    lines += [f"| `{r.mapping.tf1}` | `{r.mapping.tf2}` | {_verdict_text(r)} |" for r in fixed]
    lines += _section("Changes values (open)", [r for r in applicable if r.verdict == DIFFERS], with_call=True)
    lines += _section("Reported with a finding", [r for r in applicable if r.verdict == REPORTED])
    lines += _unchecked([r for r in applicable if r.verdict == UNCHECKED])
    lines += _checked([r for r in applicable if r.verdict in (EQUAL, SAME_OBJECT) and r not in fixed])
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _verdict_text(result: Result) -> str:
    return result.verdict + (f" ({result.detail})" if result.detail else "")


def _section(title: str, rows: Sequence[Result], *, with_call: bool = False) -> list[str]:
    lines = ["", f"## {title} ({len(rows)})", ""]
    if not rows:
        return lines + ["None.", ""]
    lines += ["| mapping | emitted | detail |", "|---|---|---|"]
    for r in rows:
        detail = _cell(r.detail)
        call = f" (`{r.call}`)" if with_call and r.call else ""
        lines.append(f"| {r.mapping.key}{call} | `{r.mapping.tf2}` | {detail} |")
    return lines


def _unchecked(rows: Sequence[Result]) -> list[str]:
    lines = ["", f"## Unchecked ({len(rows)})", "", "Grouped by reason; TF1's last error is in brackets.", ""]
    groups: dict[str, list[Result]] = collections.defaultdict(list)
    for r in rows:
        groups[_reason_group(r.detail)].append(r)
    for reason, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"- **{reason}** ({len(members)}): " + ", ".join(_short(r) for r in members))
    return lines


def _reason_group(detail: str) -> str:
    return detail.split(" (", 1)[0] if detail.startswith("no generated input") else detail


def _short(result: Result) -> str:
    detail = result.detail.split(" (", 1)[1].rstrip(")") if result.detail.startswith("no generated input") else ""
    suffix = f" [{detail}]" if detail else ""
    return f"`{result.mapping.key.split(': ', 1)[1]}`{suffix}"


def _checked(rows: Sequence[Result]) -> list[str]:
    lines = ["", f"## Checked equal ({len(rows)})", ""]
    for kind in (RENAME, SAME_NAME, REORDER, KEYWORD, REWRITE):
        members = [r for r in rows if r.mapping.kind == kind]
        if members:
            lines += [f"<details><summary>{kind} ({len(members)})</summary>", "",
                      ", ".join(f"`{r.mapping.tf1}{'(' + r.mapping.keyword + '=)' if r.mapping.keyword else ''}`"
                                f"{' [' + r.mapping.form + ']' if r.mapping.form else ''}"
                                f"{' -> `' + r.mapping.tf2 + '`' if r.mapping.tf2 != r.mapping.tf1 else ''}"
                                for r in members), "", "</details>", ""]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--only", action="append", default=[], help="check only mappings of this TF1 name")
    parser.add_argument("--print", dest="show", action="store_true", help="print each result, write nothing")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/mappings.md is stale")
    args = parser.parse_args(argv)
    selected = [m for m in mappings.all_mappings() if not args.only or m.tf1 in args.only]
    results = run(selected, progress=None if args.show else lambda text: print(text, file=sys.stderr))
    if args.show:
        for r in results:
            print(f"{r.mapping.key}: {_verdict_text(r)}\n    {r.call}\n    -> {r.emitted}")
        return 1 if any(r.verdict == DIFFERS for r in results) else 0
    text = render(results, wheel_forms())
    if args.check:
        stale = not DOC.is_file() or DOC.read_text(encoding="utf-8") != text
        print("docs/mappings.md is stale" if stale else "docs/mappings.md is up to date")
        return 1 if stale else 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC} ({len(results)} mappings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run a mapping's TF1 call in TF1 graph mode and as migrated, eagerly, and compare.

The original runs as ``tf.compat.v1`` inside a ``tf.Graph`` with a session
(TF1's graph mode); the codemod's rewrite of it runs eagerly. Values are
compared under the verifier's bound (``ULP_BOUND`` ulps, elementwise or of
the largest magnitude). Names bound to one object on both sides are equal
without a run. TensorFlow is imported when a check runs, never at import.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from tfmigrate import api, engine
from tfmigrate.findings import Kind
from tfmigrate.mappings import KEYWORD, RENAME, REWRITE, SAME_NAME, Mapping
from tfmigrate.rules import renames
from tfmigrate.verify.limits import ULP_BOUND
from tfmigrate.verify.mapping_probes import (
    SEED,
    TENSOR_ORDER,
    Inputs,
    Probe,
    call_source,
    parameters_of,
    resolve,
    rewrite_probes,
)
from tfmigrate.verify.report import MATCH
from tfmigrate.verify.runner import value_row

# Verdicts.
EQUAL = "equal"  # ran on both sides, values within the bound
SAME_OBJECT = "same object"  # TF1's and TF 2's name are one Python object
DIFFERS = "changes values"  # the emitted form computes something else: a bug to fix
REPORTED = "reported"  # the migration leaves the call as written with a finding
UNCHECKED = "unchecked"  # no generated input ran on TF1, or nothing to compare
NOT_APPLICABLE = "not applicable"  # TF1 itself never accepted this spelling


@dataclasses.dataclass
class Result:
    mapping: Mapping
    verdict: str
    detail: str = ""
    call: str = ""  # the TF1 call that was checked
    emitted: str = ""  # what the migration made of it


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


def run(selected: Iterable[Mapping], progress: Callable[[str], None] | None = None) -> list[Result]:
    results = []
    for index, mapping in enumerate(selected):
        results.append(check(mapping))
        if progress and index % 100 == 0:
            progress(f"{index} mappings checked")
    return results

"""What TensorFlow's public API holds, without importing TensorFlow.

* ``tf2_names()`` / ``tf1_names()``: the public names of TF 2 and of
  ``tf.compat.v1``, written by ``scripts/gen_api_names.py`` into ``data/``.
* ``wheel_renames()``: the TF1 -> TF2 rename tables that the tensorflow wheel
  ships in ``tensorflow/tools/compatibility``, read as data (never imported).
* ``PRE_1_0_RENAMES``: names removed in TF 1.0, which no shipped table knows.
"""

from __future__ import annotations

import ast
import functools
import importlib.resources
import importlib.util
import pathlib
from tfmigrate.pyparse import parse_python

# Names that TF 1.0 removed, mapped to their TF 1.x names (facts from the
# TF 1.0 release notes). A TF 1.x name then goes through the TF1 -> TF2 step.
PRE_1_0_RENAMES: dict[str, str] = {
    "tf.mul": "tf.multiply",
    "tf.sub": "tf.subtract",
    "tf.neg": "tf.negative",
    "tf.pack": "tf.stack",
    "tf.unpack": "tf.unstack",
    "tf.select": "tf.where",
    "tf.complex_abs": "tf.abs",
    "tf.batch_matmul": "tf.matmul",
    "tf.listdiff": "tf.setdiff1d",
    "tf.initialize_all_variables": "tf.global_variables_initializer",
    "tf.initialize_local_variables": "tf.local_variables_initializer",
    "tf.initialize_variables": "tf.variables_initializer",
    "tf.all_variables": "tf.global_variables",
    "tf.train.SummaryWriter": "tf.summary.FileWriter",
    "tf.scalar_summary": "tf.summary.scalar",
    "tf.histogram_summary": "tf.summary.histogram",
    "tf.image_summary": "tf.summary.image",
    "tf.audio_summary": "tf.summary.audio",
    "tf.merge_summary": "tf.summary.merge",
    "tf.merge_all_summaries": "tf.summary.merge_all",
    "tf.batch_matrix_determinant": "tf.matrix_determinant",
    "tf.batch_matrix_inverse": "tf.matrix_inverse",
    "tf.batch_cholesky": "tf.cholesky",
    # TF 0.12's concat_v2(values, axis, name) is TF 1.0's concat(values, axis, name).
    "tf.concat_v2": "tf.concat",
}

# Names gone before TF 1.0 with no rename here: TF 0.7 renamed tf.nn.deconv2d to
# conv2d_transpose and gave the new name a data_format argument before name=.
GONE_BEFORE_1_0: frozenset[str] = frozenset({*PRE_1_0_RENAMES, "tf.nn.deconv2d"})

# The pre-1.0 summary names whose TF 1.x successor takes the same call, and
# the keywords that keep their meaning there (TF 0.12.1's logging_ops and
# summary_io against TF 1.x's tf.summary). Positional arguments line up;
# image_summary's max_images became max_outputs and the value summaries'
# name= named the op, not the tag, so those keywords are not listed. The
# four value summaries differ in one way: TF 1.x prefixes the tag with the
# enclosing name scope.
PRE_1_0_SAME_CALL: dict[str, frozenset[str]] = {
    "tf.merge_summary": frozenset({"inputs", "collections", "name"}),
    "tf.merge_all_summaries": frozenset({"key"}),
    "tf.train.SummaryWriter": frozenset({"logdir", "graph", "max_queue", "flush_secs", "graph_def"}),
    "tf.histogram_summary": frozenset({"collections"}),
    "tf.image_summary": frozenset({"collections"}),
    "tf.scalar_summary": frozenset({"collections"}),
    "tf.audio_summary": frozenset({"collections"}),
}
PRE_1_0_SCOPED_TAGS = frozenset({"tf.histogram_summary", "tf.image_summary", "tf.scalar_summary", "tf.audio_summary"})

# Public modules and names that TF 0.x lacked (absent from TF 0.12.1's
# tensorflow/__init__ and tf.nn; facts checked against that wheel). Code
# using them was written for TF 1.0 or later. The TF 1.0 names of
# PRE_1_0_RENAMES (tf.multiply, tf.stack, tf.global_variables_initializer,
# tf.summary.FileWriter, ...) are *not* here: TF 0.12 already had them.
INTRODUCED_AFTER_0_X: frozenset[str] = frozenset(
    {
        "tf.layers", "tf.losses", "tf.metrics", "tf.estimator", "tf.data", "tf.keras",
        "tf.saved_model", "tf.nn.softmax_cross_entropy_with_logits_v2",
    }
)


def introduced_after_0_x(name: str) -> str | None:
    """The TF 1.x module or name that ``name`` is (or lives in), if TF 0.x lacked it."""
    parts = name.split(".")
    for end in range(2, len(parts) + 1):
        head = ".".join(parts[:end])
        if head in INTRODUCED_AFTER_0_X:
            return head
    return None


# Positional parameters of the cross-entropy family, as each version spelled
# them (TF 0.12.1's nn.py/nn_ops.py; TF 1.x's nn_impl.py/nn_ops.py). TF 0.x
# took logits first. TF 1.0 made sigmoid, softmax and sparse softmax
# keyword-only (a _sentinel first parameter rejected positions, through TF
# 1.15) and renamed sigmoid's targets= to labels=; weighted_... kept
# positions, reordered to (targets, logits, pos_weight).
TF0_LOSS_ORDER: dict[str, tuple[str, ...]] = {
    "tf.nn.sigmoid_cross_entropy_with_logits": ("logits", "targets", "name"),
    "tf.nn.softmax_cross_entropy_with_logits": ("logits", "labels", "dim", "name"),
    "tf.nn.sparse_softmax_cross_entropy_with_logits": ("logits", "labels", "name"),
    "tf.nn.weighted_cross_entropy_with_logits": ("logits", "targets", "pos_weight", "name"),
}
TF1_LOSS_ORDER: dict[str, tuple[str, ...]] = {
    "tf.nn.weighted_cross_entropy_with_logits": ("targets", "logits", "pos_weight", "name"),
    # Positions that ran (TF 1.14 on) were (labels, logits); earlier TF1 rejected them.
    "tf.nn.softmax_cross_entropy_with_logits_v2": ("labels", "logits", "axis", "name", "dim"),
}
# TF 2, and tf.compat.v1 in TF 2, take labels first everywhere.
TF2_LOSS_ORDER: dict[str, tuple[str, ...]] = {
    "tf.nn.sigmoid_cross_entropy_with_logits": ("labels", "logits", "name"),
    "tf.nn.softmax_cross_entropy_with_logits": ("labels", "logits", "dim", "name", "axis"),
    "tf.nn.sparse_softmax_cross_entropy_with_logits": ("labels", "logits", "name"),
    "tf.nn.weighted_cross_entropy_with_logits": ("labels", "logits", "pos_weight", "name"),
    "tf.nn.softmax_cross_entropy_with_logits_v2": ("labels", "logits", "axis", "name", "dim"),
}
# TF 0.x/1.x keywords and the TF 2 keyword each became.
LOSS_KEYWORD_RENAMES: dict[str, str] = {"targets": "labels", "dim": "axis"}


# TF1 names that are gone in TF2 and that the tensorflow wheel's tables send to
# tf.compat.v1, but that have an exact TF2 spelling of the same computation.
TF2_SPELLINGS: dict[str, str] = {
    "tf.log": "tf.math.log",
    "tf.random_normal": "tf.random.normal",
    "tf.random_uniform": "tf.random.uniform",
    "tf.truncated_normal": "tf.random.truncated_normal",
    "tf.random_shuffle": "tf.random.shuffle",
    "tf.set_random_seed": "tf.random.set_seed",
    # FastGFile and GFile were the same FileIO subclass with the same (name, mode='r') constructor
    # (tensorflow/python/platform/gfile.py); only GFile is in TF 2.
    "tf.gfile.FastGFile": "tf.io.gfile.GFile",
    # load_checkpoint(path) returns NewCheckpointReader(path) (checkpoint_utils.py); it differs only
    # for a directory, which NewCheckpointReader rejected and load_checkpoint reads the latest of.
    "tf.train.NewCheckpointReader": "tf.train.load_checkpoint",
}


# Names TF 2 kept but gave another meaning, that the wheel's tables do not
# send anywhere: TF1 summaries wrote protos for a session to run; TF 2's
# write to a default writer at a step. tf.executing_eagerly() was False in
# TF1 graph code and is True once it runs eagerly (docs/mappings.md).
SAME_NAME_OTHER_MEANING = frozenset(
    {"tf.summary.scalar", "tf.summary.histogram", "tf.summary.image", "tf.summary.audio", "tf.summary.text",
     "tf.executing_eagerly"}
)


# Renames in the wheel's tables that compute other values than the TF1 name did,
# found by scripts/check_mappings.py (docs/mappings.md). TF1's resize_images
# sampled pixel corners; tf.image.resize samples centres. The rules rewrite
# these calls by hand or report them.
WHEEL_RENAMES_THAT_CHANGE_VALUES = frozenset({"tf.image.resize_images"})


def _data_lines(filename: str) -> frozenset[str]:
    text = importlib.resources.files("tfmigrate.data").joinpath(filename).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@functools.lru_cache(maxsize=None)
def tf2_names() -> frozenset[str]:
    """Every public TF 2 name, ``tf.``-prefixed, with its parent modules."""
    return _data_lines("tf2_api.txt")


@functools.lru_cache(maxsize=None)
def tf1_names() -> frozenset[str]:
    """Every public ``tf.compat.v1`` name, spelled as TF1 code spelled it."""
    return _data_lines("tf1_api.txt")


@functools.lru_cache(maxsize=None)
def tf2_empty_modules() -> frozenset[str]:
    """Listed TF 2 modules with nothing in them."""
    return _data_lines("tf2_empty_modules.txt")


@functools.lru_cache(maxsize=None)
def tf1_empty_modules() -> frozenset[str]:
    """Listed ``tf.compat.v1`` modules whose members all fail under Keras 3 (``tf.layers``, ``tf.nn.rnn_cell``).

    They are modules: ``tf.compat.v1.layers.dense`` does not exist, although
    ``tf.compat.v1.layers`` does.
    """
    return _data_lines("tf1_empty_modules.txt")


@functools.lru_cache(maxsize=None)
def module_names() -> frozenset[str]:
    """Names that other public names live under (``tf.nn``), in TF1 or TF 2."""
    listed = frozenset(name.rpartition(".")[0] for name in tf2_names() | tf1_names())
    return listed | tf2_empty_modules() | tf1_empty_modules()


# Keras and the estimators (tensorflow_estimator) are projects of their own; only part of their API is in our name list.
UNCHECKED_PREFIXES = ("tf.keras.", "tf.contrib.", "tf.compat.", "tf.estimator.")
# Real modules outside the public API lists: private packages and TF1's examples.
UNLISTED_PREFIXES = ("tf.python.", "tf.core.", "tf.tools.", "tf.compiler.", "tf.examples.")


def is_unchecked(name: str) -> bool:
    """Names the API lists cannot judge: Keras, contrib, compat, private packages, dunders (tf.__version__)."""
    return name.startswith(UNCHECKED_PREFIXES + UNLISTED_PREFIXES) or any(
        part.startswith("__") for part in name.split(".")
    )


def is_module(name: str) -> bool:
    """A name that other public names live under (``tf.nn``, not ``tf.float32``)."""
    return name in module_names()


def known(name: str) -> bool:
    """A name some TensorFlow version had: TF 2, TF1 (``tf.compat.v1``) or before 1.0.

    Members of the modules Keras 3 emptied (``tf.layers.dense``) cannot be
    listed, so every member of those counts as known.
    """
    if name in tf2_names() or name in tf1_names() or name in GONE_BEFORE_1_0:
        return True
    return name.rpartition(".")[0] in tf1_empty_modules() | tf2_empty_modules()


def longest_known_prefix(name: str) -> str:
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:split])
        if known(head):
            return head
    return "tf"


def repair(name: str) -> str | None:
    """The real name an unknown chain meant, its tail joined by underscores (``tf.reduce.mean`` -> ``tf.reduce_mean``).

    The migration rewrites such chains (TFM102); verification repairs them the
    same way when it runs an original that uses one.
    """
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:split])
        if not known(head) and head != "tf":
            continue
        if head != "tf" and not is_module(head):
            continue
        candidate = f"{head}.{'_'.join(parts[split:])}"
        return candidate if known(candidate) else None
    return None


@functools.lru_cache(maxsize=1024)
def may_be_repaired(name: str) -> bool:
    """An unknown chain that more attributes could still turn into a repairable one (``tf.reduce``)."""
    joined = f"{name.split('.')[0]}.{'_'.join(name.split('.')[1:])}_"
    return any(known_name.startswith(joined) for known_name in tf1_names() | tf2_names())


def repaired_name(name: str | None) -> str | None:
    """``name`` itself if it is known or cannot be judged; otherwise what it repairs to, if anything."""
    if name is None or known(name) or is_unchecked(name):
        return name
    return repair(name) or name


def wheel_dir(*parts: str) -> pathlib.Path | None:
    """A directory of the installed tensorflow wheel (``tools/compatibility``), found without importing it."""
    spec = importlib.util.find_spec("tensorflow")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = pathlib.Path(location).joinpath(*parts)
        if candidate.is_dir():
            return candidate
    return None


def compatibility_dir() -> pathlib.Path | None:
    """``tensorflow/tools/compatibility`` in the installed wheel: the TF1 -> TF2 tables."""
    return wheel_dir("tools", "compatibility")


def _dict_literals(path: pathlib.Path) -> dict[str, dict[str, object]]:
    """Top-level ``NAME = {...}`` dict literals of a Python file, evaluated safely."""
    tree = parse_python(path.read_text(encoding="utf-8"))
    found: dict[str, dict[str, object]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    try:
                        found[target.id] = ast.literal_eval(statement.value)
                    except ValueError:
                        continue
    return found


@functools.lru_cache(maxsize=None)
def wheel_renames() -> dict[str, str]:
    """TF1 -> TF2 renames from the tensorflow wheel's own tables (may be empty)."""
    directory = compatibility_dir()
    if directory is None:
        return {}
    renames: dict[str, str] = {}
    for filename, table in (("renames_v2.py", "renames"), ("all_renames_v2.py", "manual_symbol_renames")):
        path = directory / filename
        if path.is_file():
            values = _dict_literals(path).get(table, {})
            renames.update({k: v for k, v in values.items() if isinstance(v, str)})
    return renames


@functools.lru_cache(maxsize=None)
def tf2_rename(tf1_name: str) -> str | None:
    """The TF 2 name for a TF1 name, or None when TF 2 has no such spelling.

    Never answers with a ``tf.compat.v1`` name: those are not migrations.
    """
    tf1_name = PRE_1_0_RENAMES.get(tf1_name, tf1_name)
    if tf1_name in SAME_NAME_OTHER_MEANING:
        return None
    if tf1_name in TF2_SPELLINGS:
        return TF2_SPELLINGS[tf1_name] or None
    # The wheel's table knows where a TF2 name kept the spelling but changed
    # meaning (tf.where), so it is asked before the TF2 name list.
    if tf1_name in WHEEL_RENAMES_THAT_CHANGE_VALUES:
        return None
    target = wheel_renames().get(tf1_name)
    if target is not None:
        return target if target in tf2_names() else None
    return tf1_name if tf1_name in tf2_names() else None


def is_removed_in_tf2(tf1_name: str) -> bool:
    """A name TF1 code used that TF 2 does not have."""
    if tf1_name in SAME_NAME_OTHER_MEANING:
        return True
    return tf1_name not in tf2_names() and (tf1_name in tf1_names() or tf1_name in PRE_1_0_RENAMES)


@functools.lru_cache(maxsize=None)
def wheel_reorders() -> dict[str, list[str | None]]:
    """TF1 positional parameters that TF 2 moved: name per position, None if unchanged."""
    directory = compatibility_dir()
    path = directory / "reorders_v2.py" if directory else None
    if path is None or not path.is_file():
        return {}
    return _dict_literals(path).get("reorders", {})  # type: ignore[return-value]


@functools.lru_cache(maxsize=None)
def wheel_keyword_renames() -> dict[str, dict[str, str | None]]:
    """TF1 keyword arguments that TF 2 renamed (None: TF 2 dropped it)."""
    directory = compatibility_dir()
    path = directory / "tf_upgrade_v2.py" if directory else None
    if path is None or not path.is_file():
        return {}
    tree = parse_python(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
            and node.targets[0].attr == "function_keyword_renames"
            and isinstance(node.value, ast.Dict)
            and node.value.keys
        ):
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                return {}
    return {}

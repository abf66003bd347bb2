"""Every TF1 -> TF 2 mapping the migration can emit, read from the tables the rules use.

Nothing here is a copy: each list is computed from the table a rule consults
when it rewrites code (``api.tf2_rename``, the wheel's reorder and keyword
tables, and the hand-written rewrites beside the rules), so a new entry in
any of them is a new mapping here. ``scripts/check_mappings.py`` runs each
mapping on both sides and writes ``docs/mappings.md``.

No TensorFlow import: the enumeration is as cheap as the codemod.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from tfmigrate import api
from tfmigrate.rules import keras_initializers, loss_arguments, losscalls, nn_helper_layers, renames, tf_slim
from tfmigrate.rules.session import training

# Kinds of mapping.
RENAME = "rename"  # tf.mul -> tf.multiply
SAME_NAME = "same name"  # tf.compat.v1.nn.relu -> tf.nn.relu (also every name under a rewritten compat.v1 import)
REORDER = "argument order"  # positions TF 2 moved become keywords
KEYWORD = "keyword rename"  # keep_dims= -> keepdims=
REWRITE = "rewrite"  # a call rewritten by hand (tf.to_float(x) -> tf.cast(x, tf.float32))


@dataclasses.dataclass(frozen=True)
class Mapping:
    """One thing the migration writes in place of a TF1 spelling."""

    kind: str
    tf1: str  # the TF1 name, as TF1 code spelled it
    tf2: str  # what the migration writes instead
    rule: str  # the rule code that writes it
    keyword: str | None = None  # KEYWORD: the TF1 keyword; REORDER: unused
    positions: tuple[str | None, ...] = ()  # REORDER: the wheel's name per TF1 position
    form: str = ""  # REWRITE: which hand-written rewrite
    written_for: str = "1.x"  # the --written-for reading the rewrite needs

    @property
    def key(self) -> str:
        """A stable, unique label (one row of docs/mappings.md)."""
        extra = f" {self.keyword}=" if self.keyword else ""
        form = f" [{self.form}]" if self.form else ""
        return f"{self.kind}: {self.tf1}{extra}{form}"


def tf1_spellings() -> frozenset[str]:
    """Every name the rename step may be asked about."""
    return api.tf1_names() | frozenset(api.PRE_1_0_RENAMES) | frozenset(api.TF2_SPELLINGS) | frozenset(api.wheel_renames())


def name_mappings() -> Iterator[Mapping]:
    """Renames (TFM101/TFM102) and same-name spellings (tf.compat.v1.X -> tf.X, TFM101/TFM103)."""
    for name in sorted(tf1_spellings()):
        if (name in losscalls.LOSS_FUNCTIONS or name in renames.HAND_WRITTEN_CALLS or name == renames.V1_RESIZE
                or keras_initializers.target_of(name) is not None):
            continue  # their calls are rewritten by hand (listed by rewrites())
        target = api.tf2_rename(name)
        if target is None:
            continue
        yield Mapping(RENAME if target != name else SAME_NAME, name, target, "TFM101")


def argument_mappings() -> Iterator[Mapping]:
    """Positions keyword-ised and keywords renamed by TFM101 for TF1 names it keeps calling."""
    for name, order in sorted(api.wheel_reorders().items()):
        if _adapted_by_table(name) and order and any(order):
            yield Mapping(REORDER, name, _target(name), "TFM101", positions=tuple(order))
    for name, keywords in sorted(api.wheel_keyword_renames().items()):
        if not _adapted_by_table(name):
            continue
        for old, new in sorted(keywords.items()):
            tf2 = f"{_target(name)}({new}=...)" if new else "(finding: TF 2 has no such keyword)"
            yield Mapping(KEYWORD, name, tf2, "TFM101", keyword=old)


def _adapted_by_table(name: str) -> bool:
    """Calls whose arguments TFM101 adapts from the wheel's tables (others are rewritten by hand).

    The wheel's method entries (``*.minimize``) never match: the rule adapts calls of ``tf.`` names only.
    """
    return (
        name.startswith("tf.")
        and name not in losscalls.LOSS_FUNCTIONS
        and name not in renames.HAND_WRITTEN_CALLS
        and name != renames.V1_RESIZE
        and name not in renames.AXIS_FIRST_IN_TF0
        and name != renames.DROPOUT
    )


def _target(name: str) -> str:
    return api.tf2_rename(name) or name


def rewrites() -> Iterator[Mapping]:
    """The hand-written rewrites of the rules."""
    for name, dtype in sorted(renames.CAST_FUNCTIONS.items()):
        yield Mapping(REWRITE, name, f"tf.cast(x, tf.{dtype})", "TFM101", form="cast")
    for name, method in sorted(renames.VARIABLE_METHODS.items()):
        yield Mapping(REWRITE, name, f"ref.{method}(value)", "TFM101", form="variable method")
    for name, op in sorted(renames.RESIZE_RAW_OPS.items()):
        yield Mapping(REWRITE, name, f"tf.raw_ops.{op}(..., half_pixel_centers=False)", "TFM101", form="resize")
    yield Mapping(REWRITE, renames.V1_RESIZE, "tf.raw_ops.ResizeBilinear(..., half_pixel_centers=False)", "TFM101",
                  form="resize, spelled tf.compat.v1")
    yield Mapping(REWRITE, renames.DROPOUT, "tf.nn.dropout(x, rate=1 - keep_prob)", "TFM101", form="keep_prob position")
    yield Mapping(REWRITE, renames.DROPOUT, "tf.nn.dropout(x, rate=1 - keep_prob)", "TFM101", form="keep_prob keyword")
    for name in sorted(renames.AXIS_FIRST_IN_TF0):
        yield Mapping(REWRITE, name, f"{name}(..., axis=dim)", "TFM101", form="axis first", written_for="0.x")
    yield from _loss_rewrites()
    for name, form in sorted(nn_helper_layers.HELPERS.items()):
        yield Mapping(REWRITE, name, form, nn_helper_layers.NnHelperLayers.CODE, form="nn helper layer")
    for name, spec in sorted(training.OPTIMIZERS.items()):
        yield Mapping(REWRITE, name, spec.keras, "TFM201", form="optimizer")
    for name in sorted({*keras_initializers.TARGETS, *keras_initializers.ALIASES}):
        target = keras_initializers.target_of(name)
        assert target is not None
        yield Mapping(REWRITE, name, f"tf.keras.initializers.{target.keras}", keras_initializers.KerasInitializers.CODE,
                      form="keras initializer")
    for name, member in sorted(tf_slim.FRAMEWORK.items()):
        yield Mapping(REWRITE, name, f"tf_slim.{member}", tf_slim.TfSlim.CODE, form="tf_slim")
    for prefix in ("tf.contrib.slim.*", "tf.contrib.layers.*"):
        yield Mapping(REWRITE, prefix, "tf_slim.* (the same name in the tf_slim package)", tf_slim.TfSlim.CODE,
                      form="tf_slim")


def _loss_rewrites() -> Iterator[Mapping]:
    for name in sorted(losscalls.LOSS_FUNCTIONS):
        target = loss_arguments.V2_NAMES.get(name, name)
        if name in losscalls.TF1_ORDER:
            yield Mapping(REWRITE, name, f"{target}(labels=..., logits=...)", "TFM301", form="positions, TF 1.x")
        if name in losscalls.TF0_ORDER:
            yield Mapping(REWRITE, name, f"{target}(labels=..., logits=...)", "TFM301", form="positions, TF 0.x",
                          written_for="0.x")
        for old, new in sorted(losscalls.KEYWORD_RENAMES.items()):
            yield Mapping(REWRITE, name, f"{target}({new}=...)", "TFM301", form=f"keyword {old}=")
        if name in loss_arguments.V2_NAMES:
            yield Mapping(RENAME, name, target, "TFM301")


def all_mappings() -> list[Mapping]:
    return [*name_mappings(), *argument_mappings(), *rewrites()]

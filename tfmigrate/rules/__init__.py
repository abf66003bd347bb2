"""The migration rules, one module and one class each, in the order they run.

Order matters only where two rules touch the same call: loss-call arguments
become keywords (TFM301) before swaps are judged (TFM302) and names are
renamed (TFM101).
"""

from __future__ import annotations

from collections.abc import Iterable

from tfmigrate.rules.absl_flags import AbslFlags
from tfmigrate.rules.absl_logging import AbslLogging
from tfmigrate.rules.attribute_chains import AttributeChains
from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.compat_fallback import CompatFallback
from tfmigrate.rules.compat_v1_import import CompatV1Import
from tfmigrate.rules.contrib_hparams import ContribHParams
from tfmigrate.rules.ctc_loss import CtcLoss
from tfmigrate.rules.graph_key_names import GraphKeyNames
from tfmigrate.rules.keras_initializers import KerasInitializers
from tfmigrate.rules.keras_swaps import KerasLossOrder
from tfmigrate.rules.list_devices import ListDevices
from tfmigrate.rules.loss_arguments import LossArguments
from tfmigrate.rules.mode_keys import ModeKeys
from tfmigrate.rules.nn_helper_layers import NnHelperLayers
from tfmigrate.rules.no_safe_form import NoSafeForm
from tfmigrate.rules.name_scope import NameScope
from tfmigrate.rules.private_names import PrivateNames
from tfmigrate.rules.python2_division import Python2Division
from tfmigrate.rules.renames import Renames
from tfmigrate.rules.row_select import RowSelect
from tfmigrate.rules.sessions import Sessions
from tfmigrate.rules.string_split import StringSplit
from tfmigrate.rules.strings_split import StringsSplit
from tfmigrate.rules.swapped_labels import SwappedLabels
from tfmigrate.rules.test_temp_dir import TestTempDir
from tfmigrate.rules.tf1_losses import Tf1Losses
from tfmigrate.rules.tf_slim import TfSlim
from tfmigrate.rules.tutorial_mnist import TutorialMnist
from tfmigrate.rules.v1_control_flow import V1ControlFlow
from tfmigrate.rules.version_shims import VersionShims

ALL_RULES: tuple[type[MigrationRule], ...] = (
    CompatV1Import,
    VersionShims,
    LossArguments,
    SwappedLabels,
    KerasLossOrder,
    Python2Division,
    RowSelect,
    Tf1Losses,
    AttributeChains,
    Renames,
    V1ControlFlow,
    PrivateNames,
    NnHelperLayers,
    StringSplit,
    StringsSplit,
    CtcLoss,
    TestTempDir,
    ListDevices,  # before Sessions: the session it converts whole is no session use
    Sessions,
    NameScope,  # after Sessions: a scope the session converter moves is its to write
    AbslFlags,
    AbslLogging,
    KerasInitializers,
    TfSlim,
    ContribHParams,
    ModeKeys,
    GraphKeyNames,
    TutorialMnist,
    NoSafeForm,
    CompatFallback,  # last: it judges what every other rule left
)

RULES_BY_CODE: dict[str, type[MigrationRule]] = {code: rule for rule in ALL_RULES for code in rule.codes()}
#: readable name -> code (``no-tf2-form`` -> ``TFM401``)
CODES_BY_NAME: dict[str, str] = {name: code for rule in ALL_RULES for code, name in rule.codes().items()}


class UnknownRuleError(ValueError):
    pass


def _expand(codes: Iterable[str]) -> set[str]:
    """Codes, from codes, readable names (``no-tf2-form``) or prefixes such as ``TFM2`` for a band."""
    chosen: set[str] = set()
    for code in codes:
        code = code.strip()
        if not code:
            continue
        if code.lower() in CODES_BY_NAME:
            chosen.add(CODES_BY_NAME[code.lower()])
            continue
        matches = {known for known in RULES_BY_CODE if known.startswith(code.upper())}
        if not matches:
            raise UnknownRuleError(f"unknown rule code or name {code!r}; see `tfmigrate rules`")
        chosen |= matches
    return chosen


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[type[MigrationRule]]:
    """The rules to run; a rule with families of which only some are wanted reports only those."""
    wanted = _expand(select) if select else set(RULES_BY_CODE)
    wanted -= _expand(ignore or ())
    chosen: list[type[MigrationRule]] = []
    for rule in ALL_RULES:
        codes = set(rule.codes()) & wanted
        if codes == set(rule.codes()):
            chosen.append(rule)
        elif codes:
            chosen.append(rule.restricted(frozenset(codes)))
    return chosen

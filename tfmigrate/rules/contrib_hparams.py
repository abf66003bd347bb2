"""TFM505: tf.contrib.training.HParams -> tfmigrate.support.hparams.HParams.

TF 2 has no hyperparameter container, and no maintained package offers
TF1's: a name-value object whose types are fixed when a value is added, with
``parse("a=1,l=[2,3]")``, ``override_from_dict``, ``parse_json``,
``to_json``, ``values``, ``add_hparam``. ``tfmigrate.support.hparams`` keeps
that behaviour in pure Python (checked row by row against TF 1.15's class),
so projects that carry their configuration in HParams run on TF 2.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import build_dotted, dotted_name, is_chain_head

TF1_NAME = "tf.contrib.training.HParams"
SUPPORT_MODULE = "tfmigrate.support.hparams"
CLASS = "HParams"
REPLACED = (f"replaced {TF1_NAME} by {SUPPORT_MODULE}.{CLASS}, which keeps TF1's types, casts and parse syntax "
            f"(TF 2 has no hyperparameter container); the module now imports tfmigrate")


class ContribHParams(MigrationRule):
    CODE = "TFM505"
    NAME = "contrib-hparams"
    DESCRIPTION = "Replace tf.contrib.training.HParams by tfmigrate.support.hparams.HParams, TF1's class in pure Python."
    WHY = (
        "tf.contrib is gone in TF 2, and TF 2 has no hyperparameter container. Projects built on HParams keep "
        "their whole configuration in it: its values, but also its rules (a value's type is fixed when it is "
        "added, an int goes into a float but a float never into an int, parse() reads 'a=1,l=[2,3]'). "
        "tfmigrate.support.hparams.HParams is that class in pure Python, checked against TF 1.15's own on "
        "every method, so the configuration reads, overrides and serializes as before."
    )
    LEAVES = (
        "Calls that pass a serialized HParamDef (a positional argument or hparam_def=), and modules where "
        "the name HParams is bound to something else or that import other names in the same "
        "from tensorflow.contrib.training import statement. to_proto() and from_proto() have no TF 2 "
        "message to write; the support class raises NotImplementedError for them."
    )
    INSTEAD = "from tfmigrate.support.hparams import HParams; HParams(learning_rate=0.1, layers=[64, 32])."
    CASES = (
        Case(
            "import tensorflow as tf\nhparams = tf.contrib.training.HParams(lr=0.1, units=[64, 32])\n",
            "import tensorflow as tf\nfrom tfmigrate.support.hparams import HParams\n\n"
            "hparams = HParams(lr=0.1, units=[64, 32])\n",
            findings=("2:11 TFM505",),
        ),
        Case(
            "from tensorflow.contrib.training import HParams\n\ndef default():\n    return HParams(n_vocab=0)\n",
            "from tfmigrate.support.hparams import HParams\n\ndef default():\n    return HParams(n_vocab=0)\n",
            findings=("1:1 TFM505",),
        ),
        Case(
            "import tensorflow as tf\nh = tf.contrib.training.HParams(hparam_def)\n",
            findings=("2:5 TFM505",),
        ),
        Case("from tfmigrate.support.hparams import HParams\nh = HParams(a=1)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._chains: list[cst.Attribute] = []  # tf.contrib.training.HParams spelled out
        self._imports: list[cst.ImportFrom] = []  # from tensorflow.contrib.training import HParams [as X]
        self._convert = False

    def visit_Module(self, node: cst.Module) -> None:
        self._chains = [chain for chain in self.facts.all(cst.Attribute)
                        if is_chain_head(chain, self.parent(chain)) and self.tf_name(chain) == TF1_NAME]
        self._imports = [statement for statement in self.facts.all(cst.ImportFrom) if _imports_hparams(statement)]
        if not self._chains and not self._imports:
            return
        blockers = self._blockers()
        self._convert = not blockers
        for where, why in blockers:
            self.report(where, f"{TF1_NAME} left as written: {why}", action=self.INSTEAD, subject=TF1_NAME)
        self.mark_handled(*map(id, self._chains), *(id(name) for name in self._bare_uses()))

    # -- plan ------------------------------------------------------------
    def _blockers(self) -> list[tuple[cst.CSTNode, str]]:
        blockers: list[tuple[cst.CSTNode, str]] = []
        for call in self._calls():
            if any(arg.keyword is None or arg.keyword.value == "hparam_def" for arg in call.args if arg.star != "**"):
                blockers.append((call, "it is given a serialized HParamDef, a TF1 protocol buffer TF 2 does not have"))
        for statement in self._imports:
            if isinstance(statement.names, cst.ImportStar) or len(statement.names) != 1:
                blockers.append((statement, "the statement imports other tf.contrib names with it"))
        if self._chains and not self._name_is_free():
            blockers.append((self._chains[0], f"the module binds the name {CLASS} to something else"))
        return blockers

    def _calls(self) -> list[cst.Call]:
        targets = {id(node) for node in [*self._chains, *self._bare_uses()]}
        return [call for call in self.facts.all(cst.Call) if id(call.func) in targets]

    def _bare_uses(self) -> list[cst.Name]:
        """``HParams`` after ``from tensorflow.contrib.training import HParams``."""
        return [name for name in self.facts.all(cst.Name) if self.tf_name(name) == TF1_NAME
                and not isinstance(self.parent(name), (cst.ImportAlias, cst.Attribute))]

    def _name_is_free(self) -> bool:
        scope = ecosystem.global_scope(self)
        if scope is None:
            return False
        bound = {q.name for q in scope.get_qualified_names_for(CLASS)} if CLASS in scope else set()
        return bound <= {f"{SUPPORT_MODULE}.{CLASS}"} and not any(
            ecosystem.shadowed(self, chain, CLASS) for chain in self._chains)

    # -- emit ------------------------------------------------------------
    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if not self._convert or original_node not in self._imports:
            return updated_node
        self.report(original_node, REPLACED, kind=Kind.FIXED, subject=TF1_NAME)
        return updated_node.with_changes(module=build_dotted(SUPPORT_MODULE))

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not self._convert or not any(original_node is chain for chain in self._chains):
            return updated_node
        ecosystem.import_module(self, SUPPORT_MODULE, CLASS, at=original_node)
        self.report(original_node, REPLACED, kind=Kind.FIXED, subject=TF1_NAME)
        return cst.Name(CLASS)


def _imports_hparams(statement: cst.ImportFrom) -> bool:
    if statement.relative or statement.module is None or dotted_name(statement.module) != "tensorflow.contrib.training":
        return False
    return isinstance(statement.names, cst.ImportStar) or any(
        dotted_name(alias.name) == CLASS for alias in statement.names)

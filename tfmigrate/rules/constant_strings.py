"""What the rules share that write a TF1 constant as the string it held (TFM506, TFM508).

TF1 kept some names as class attributes holding plain strings
(``tf.estimator.ModeKeys.TRAIN == 'train'``, ``tf.GraphKeys.UPDATE_OPS ==
'update_ops'``). Where the code only passes or compares the string, writing the
string computes the same; each rule says which constants, where.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import MigrationRule


class ConstantStringRule(MigrationRule):
    """A rule whose ``value_of`` names the string a constant's chain held, where it may be written so."""

    #: what the finding adds after "replaced X by the string it held, 'x'"
    CONTEXT = ""

    def value_of(self, chain: cst.Attribute) -> str | None:
        """The string ``chain`` held where it may be written so, else None; each subclass answers for its constants."""
        raise NotImplementedError(f"{type(self).__name__} must say which constants it writes as strings")

    def visit_Module(self, node: cst.Module) -> None:
        self.mark_handled(*(id(chain) for chain in self.facts.all(cst.Attribute) if self.value_of(chain) is not None))

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        value = self.value_of(original_node)
        if value is None:
            return updated_node
        name = self.tf_name(original_node) or ""
        self.report(original_node, f"replaced {name} by the string it held, {value!r}{self.CONTEXT}",
                    kind=Kind.FIXED, subject=name)
        quote = self.facts.string_quote()
        return cst.SimpleString(f"{quote}{value}{quote}")

"""How a module spells TensorFlow: its imports, read once per file.

Rules ask this object two things: what canonical TF name (``tf.mul``) a
qualified name such as ``tensorflow.compat.v1.mul`` stands for, and how to
spell a TF 2 name (``tf.multiply``) in this module's own alias.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import libcst as cst
from libcst.metadata import QualifiedName

TF_ROOT = "tensorflow"
COMPAT_V1 = "tensorflow.compat.v1"
COMPAT_V2 = "tensorflow.compat.v2"


def canonical_tf_name(qualified: str) -> str | None:
    """``tensorflow.compat.v1.nn.relu`` -> ``tf.nn.relu``; None for non-TF names."""
    for prefix in (COMPAT_V1, COMPAT_V2, TF_ROOT):
        if qualified == prefix:
            return "tf"
        if qualified.startswith(prefix + "."):
            return "tf." + qualified[len(prefix) + 1 :]
    return None


def build_dotted(name: str) -> cst.BaseExpression:
    """``a.b.c`` as a Name/Attribute chain (no parser needed)."""
    head, *rest = name.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(node, cst.Name(part))
    return node


def is_chain_head(node: cst.CSTNode, parent: cst.CSTNode | None) -> bool:
    """False for ``tf.nn`` inside ``tf.nn.relu``: a rule judges only the whole chain."""
    return not (isinstance(parent, cst.Attribute) and parent.value is node)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return f"{head}.{node.attr.value}" if head else None
    return None


@dataclasses.dataclass
class ModuleNames:
    """The TF imports of one module."""

    #: local name -> module it is bound to, for ``import X [as Y]`` statements
    module_aliases: dict[str, str] = dataclasses.field(default_factory=dict)
    #: local names bound by ``from tensorflow... import name``
    from_imports: dict[str, str] = dataclasses.field(default_factory=dict)
    uses_tensorflow: bool = False

    def canonical(self, qualified: str) -> str | None:
        return canonical_tf_name(qualified)

    def canonical_of(self, qualified: Iterable[QualifiedName]) -> str | None:
        """The canonical TF name among a node's qualified names, if any."""
        for qname in qualified:
            canonical = self.canonical(qname.name)
            if canonical:
                return canonical
        return None

    @property
    def compat_v1_aliases(self) -> list[str]:
        return [alias for alias, target in self.module_aliases.items() if target == COMPAT_V1]

    @property
    def tf_alias(self) -> str:
        """The local name under which emitted code reaches the TF 2 API."""
        for alias, target in self.module_aliases.items():
            if target == TF_ROOT:
                return alias
        # ``import tensorflow.compat.v1 as tf`` becomes ``import tensorflow as tf``.
        compat = self.compat_v1_aliases
        return compat[0] if compat else "tf"

    @property
    def needs_tf_import(self) -> bool:
        """True when emitted ``tf.`` code has no module alias to stand on."""
        return not any(t in (TF_ROOT, COMPAT_V1) for t in self.module_aliases.values())

    def spell(self, tf2_name: str) -> cst.BaseExpression:
        """A TF 2 name such as ``tf.math.log`` as an expression in this module."""
        assert tf2_name == "tf" or tf2_name.startswith("tf."), tf2_name
        return build_dotted(self.tf_alias + tf2_name[2:])


def record_import(names: ModuleNames, node: cst.Import) -> None:
    for alias in node.names:
        full = dotted_name(alias.name) or ""
        if full != TF_ROOT and not full.startswith(TF_ROOT + "."):
            continue
        names.uses_tensorflow = True
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            names.module_aliases[alias.asname.name.value] = full
        elif full == TF_ROOT:
            names.module_aliases[TF_ROOT] = TF_ROOT


def record_import_from(names: ModuleNames, node: cst.ImportFrom) -> None:
    if node.module is None or node.relative:
        return
    module = dotted_name(node.module) or ""
    if module != TF_ROOT and not module.startswith(TF_ROOT + "."):
        return
    names.uses_tensorflow = True
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        imported = dotted_name(alias.name) or ""
        local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else imported
        full = f"{module}.{imported}"
        if full in (COMPAT_V1, COMPAT_V2):
            names.module_aliases[local] = full
        else:
            names.from_imports[local] = full

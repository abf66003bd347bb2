"""TFM103: turn ``import tensorflow.compat.v1 as tf`` into ``import tensorflow as tf``."""

from __future__ import annotations

import dataclasses

import libcst as cst
import libcst.matchers as m
from libcst.metadata import PositionProvider

from tfmigrate import api
from tfmigrate.findings import Finding, Kind
from tfmigrate.linemap import line_map
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import build_dotted, dotted_name

# Calls that only switch TF 2 into TF1 behaviour; in TF 2 code they go.
V1_SWITCHES = frozenset(
    {"tf.disable_v2_behavior", "tf.disable_eager_execution", "tf.disable_resource_variables", "tf.disable_tensor_equality"}
)
# What cannot run eagerly: while any of it is left, the switch to graph mode must stay.
GRAPH_MODE_ONLY = frozenset({"Session", "InteractiveSession", "placeholder"})


class CompatV1Import(MigrationRule):
    CODE = "TFM103"
    NAME = "compat-v1-import"
    DESCRIPTION = "Import TF 2 instead of tensorflow.compat.v1 and drop disable_v2_behavior()."
    WHY = (
        "import tensorflow.compat.v1 as tf with tf.disable_v2_behavior() keeps a script in TF1 graph mode "
        "under TF 2: it runs, but through a frozen API that Keras 3 does not support, and nothing in it is "
        "eager. Once the other rules have rewritten the TF1 names, the module can import TF 2 itself."
    )
    LEAVES = "Modules that import tensorflow itself and switch nothing off, and a switch call that is part of a larger statement."
    INSTEAD = "import tensorflow as tf, and no disable_v2_behavior() or disable_eager_execution() call."
    CASES = (
        Case(
            "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\ny = tf.square(x)\n",
            "import tensorflow as tf\ny = tf.square(x)\n",
            findings=("1:1 TFM103", "2:1 TFM103"),
        ),
        Case(
            "from tensorflow.compat import v1 as tf\ny = tf.log(x)\n",
            "import tensorflow as tf\ny = tf.math.log(x)\n",
            findings=("1:1 TFM103", "2:5 TFM101"),
        ),
        Case("import tensorflow as tf\ny = tf.square(x)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._rewrote: set[str] = set()
        self._switches: list[tuple[str, Finding]] = []  # (tf.disable_..., its "removed" finding)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = []
        for alias in updated_node.names:
            if dotted_name(alias.name) == "tensorflow.compat.v1" and alias.asname is not None:
                local = cst.ensure_type(alias.asname.name, cst.Name).value
                self._rewrote.add(local)
                self.report(original_node, "imported TF 2 instead of tensorflow.compat.v1", kind=Kind.FIXED)
                alias = alias.with_changes(name=cst.Name("tensorflow"))
                if local == "tensorflow":
                    alias = alias.with_changes(asname=None)
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.BaseSmallStatement:
        if dotted_name(updated_node.module) != "tensorflow.compat" if updated_node.module else True:
            return updated_node
        if isinstance(updated_node.names, cst.ImportStar) or len(updated_node.names) != 1:
            return updated_node
        alias = updated_node.names[0]
        if dotted_name(alias.name) != "v1":
            return updated_node
        local = cst.ensure_type(alias.asname.name, cst.Name).value if alias.asname else "v1"
        self._rewrote.add(local)
        self.report(original_node, "imported TF 2 instead of tensorflow.compat.v1", kind=Kind.FIXED)
        return cst.Import(names=[cst.ImportAlias(cst.Name("tensorflow"), asname=cst.AsName(cst.Name(local)))])

    def visit_Module(self, node: cst.Module) -> None:
        self._original = node

    def _switch(self, statement: cst.SimpleStatementLine) -> tuple[str, cst.Call] | None:
        """``tf.disable_v2_behavior()`` alone on its line: its name and call."""
        if len(statement.body) == 1 and m.matches(statement.body[0], m.Expr(m.Call())):
            call = cst.ensure_type(cst.ensure_type(statement.body[0], cst.Expr).value, cst.Call)
            name = self.tf_name(call.func)
            if name in V1_SWITCHES or (name and name.startswith("tf.compat.v1.") and "tf." + name[13:] in V1_SWITCHES):
                return name, call
        return None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        switch = self._switch(node)
        if switch is not None:  # reported here, not as an API without a TF 2 form
            self.mark_handled(id(switch[1].func))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        switch = self._switch(original_node)
        if switch is None:
            return updated_node
        name = switch[0]
        self.report(original_node, f"removed {name}(): TF 2 code runs eagerly", kind=Kind.FIXED)
        self._switches.append(("tf." + name.rsplit(".", 1)[-1], self.findings[-1]))
        return cst.RemoveFromParent()

    def finalize(self, module: cst.Module) -> cst.Module:
        """Anything still TF1-only under the rewritten alias is spelled tf.compat.v1, loudly."""
        if self._rewrote:
            wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
            keeper = _KeepOnCompat(self._rewrote, wrapper, self.context.filename or "<stdin>")
            new_module = wrapper.visit(keeper)
            if keeper.findings:
                to_original = line_map(module.code, self._original.code)
                self.findings.extend(dataclasses.replace(f, line=to_original(f.line)) for f in keeper.findings)
            module = new_module
        if self._switches and _uses_graph_mode(module, set(self.names.module_aliases)):
            module = self._restore_switches(module)
        return module

    def _restore_switches(self, module: cst.Module) -> cst.Module:
        """Sessions or placeholders left as written need graph mode: put the switch back after the TF import."""
        at = _after_tf_import(module)
        if at is None:
            return module
        alias = self.names.tf_alias
        restored = []
        for switch, removed in self._switches:
            call = f"{alias}.compat.v1.{switch[3:]}()"
            restored.append(cst.parse_statement(call + "\n"))
            self.findings[self.findings.index(removed)] = dataclasses.replace(
                removed, message=f"kept {switch}() as {call}: code that cannot run eagerly is left as written",
                kind=Kind.MANUAL, action=f"remove {call} once the session code is ported",
            )
        return module.with_changes(body=[*module.body[:at], *restored, *module.body[at:]])


class _KeepOnCompat(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, aliases: set[str], wrapper: cst.MetadataWrapper, path: str) -> None:
        super().__init__()
        self.aliases = aliases
        self.positions = wrapper.resolve(PositionProvider)
        self.path = path
        self.findings: list[Finding] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        # Only the whole chain (tf.nn.relu) is judged, never its head (tf.nn).
        name = dotted_name(node)
        return name is None or name.split(".", 1)[0] not in self.aliases

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        name = dotted_name(original_node)
        if name is None:
            return updated_node
        alias, _, rest = name.partition(".")
        if alias not in self.aliases:
            return updated_node
        canonical = f"tf.{rest}"
        # A name TF 2 kept with another meaning (api.SAME_NAME_OTHER_MEANING) stays on compat.v1 too.
        if not api.is_removed_in_tf2(canonical) or not _is_tf1_head(canonical):
            return updated_node
        position = self.positions[original_node].start
        self.findings.append(
            Finding(
                "TFM103",
                f"{canonical} has no TF 2 form and is spelled tf.compat.v1.{rest} in the output",
                position.line, position.column + 1, Kind.MANUAL,
                f"port tf.compat.v1.{rest} to TF 2 by hand", self.path,
            )
        )
        return build_dotted(f"{alias}.compat.v1.{rest}")


def _uses_graph_mode(module: cst.Module, aliases: set[str]) -> bool:
    """Whether ``<alias>.compat.v1.Session`` (or another graph-only API) is still in the module."""

    class Finder(cst.CSTVisitor):
        found = False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            parts = (dotted_name(node) or "").split(".")
            if len(parts) == 4 and parts[0] in aliases and parts[1:3] == ["compat", "v1"] and parts[3] in GRAPH_MODE_ONLY:
                Finder.found = True
            return not Finder.found

    module.visit(Finder())
    return Finder.found


def _after_tf_import(module: cst.Module) -> int | None:
    """Index just after the first module-level statement that imports tensorflow."""
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            names = small.names if isinstance(small, cst.Import) else ()
            if any((dotted_name(alias.name) or "").split(".")[0] == "tensorflow" for alias in names):
                return index + 1
    return None


def _is_tf1_head(canonical: str) -> bool:
    """The longest TF1 name this chain starts with (``tf.placeholder``)."""
    return canonical in api.tf1_names()

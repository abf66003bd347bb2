"""TFM504: tf.contrib.slim, tf.contrib.framework.arg_scope and tf.contrib.layers -> the tf_slim package."""

from __future__ import annotations

import functools
import importlib.resources

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import is_chain_head
from tfmigrate.rules.tfnames import dotted_name

EXTRA = "pip install tf-slim (the tfmigrate[slim] extra)"
# contrib.framework's scope helpers live at tf_slim's top level.
FRAMEWORK = {"tf.contrib.framework.arg_scope": "arg_scope", "tf.contrib.framework.add_arg_scope": "add_arg_scope"}


@functools.lru_cache(maxsize=None)
def slim_names() -> frozenset[str]:
    """tf_slim's public names, written by scripts/gen_slim_names.py (the codemod does not import TF)."""
    text = importlib.resources.files("tfmigrate.data").joinpath("tf_slim_api.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def slim_member(name: str | None) -> str | None:
    """The tf_slim name (``layers.flatten``) that a TF1 contrib name became; ``""`` for slim itself."""
    if not name:
        return None
    if name == "tf.contrib.slim":
        return ""
    if name in FRAMEWORK:
        return FRAMEWORK[name]
    for prefix, under in (("tf.contrib.slim.", ""), ("tf.contrib.layers.", "layers.")):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            for candidate in (under + rest, rest):
                if _listed(candidate):
                    return candidate
    return None


def _listed(member: str) -> bool:
    """``layers.flatten``: checked two levels deep (deeper names go with their module)."""
    return "tf_slim." + ".".join(member.split(".")[:2]) in slim_names()


class TfSlim(MigrationRule):
    CODE = "TFM504"
    NAME = "tf-slim"
    DESCRIPTION = "Move tf.contrib.slim, contrib.framework.arg_scope and contrib.layers to the maintained tf_slim package."
    WHY = (
        "tf.contrib is gone in TF 2. TF-Slim lives on as the tf_slim package, the same code with the same "
        "names (slim.conv2d, slim.arg_scope, slim.layers.flatten), so the model computes what it did."
    )
    LEAVES = (
        "Names tf_slim does not have (tf_slim has no tf.contrib.layers.layer_norm's TF1 arguments' twin for "
        "every name: only names the installed tf_slim lists are moved) and imports of several contrib "
        "modules in one statement. tf_slim builds TF1-style variables (through tf.compat.v1), so slim code "
        "runs on TF 2 the way TF1 graph code does."
    )
    INSTEAD = "import tf_slim as slim (pip install tf-slim); slim.conv2d(...), slim.arg_scope(...)."
    CASES = (
        Case(
            "import tensorflow as tf\nimport tensorflow.contrib.slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
            "import tensorflow as tf\nimport tf_slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
            findings=("2:1 TFM504",),
        ),
        Case(
            "import tensorflow as tf\nslim = tf.contrib.slim\nwith slim.arg_scope([slim.conv2d], padding='SAME'):\n"
            "    net = slim.conv2d(x, 32, [3, 3])\n",
            "import tensorflow as tf\nimport tf_slim as slim\n\nwith slim.arg_scope([slim.conv2d], padding='SAME'):\n"
            "    net = slim.conv2d(x, 32, [3, 3])\n",
            findings=("2:1 TFM504",),
        ),
        Case(
            "from tensorflow.contrib import slim\nnet = slim.fully_connected(x, 10)\n",
            "import tf_slim as slim\nnet = slim.fully_connected(x, 10)\n",
            findings=("1:1 TFM504",),
        ),
        Case(
            "import tensorflow as tf\nh = tf.contrib.layers.flatten(x)\n"
            "with tf.contrib.framework.arg_scope([f], a=1):\n    pass\n",
            "import tensorflow as tf\nimport tf_slim\n\nh = tf_slim.layers.flatten(x)\n"
            "with tf_slim.arg_scope([f], a=1):\n    pass\n",
            findings=("2:5 TFM504", "3:6 TFM504"),
        ),
        Case("import tensorflow as tf\ny = tf.contrib.layers.no_such_layer(x)\n", findings=("2:5 TFM408",)),
        Case("import tf_slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._alias_statements: dict[cst.CSTNode, str] = {}  # ``slim = tf.contrib.slim`` -> its name
        self._import_locals: set[str] = set()  # names ``import tensorflow.contrib.slim as slim`` binds
        self._imports_move = True  # every name used through those imports is in tf_slim

    def visit_Module(self, node: cst.Module) -> None:
        self._import_locals = {local for imp in [*self.facts.all(cst.Import), *self.facts.all(cst.ImportFrom)]
                               for local in _slim_import_locals(imp)}
        heads = [chain for chain in self.facts.all(cst.Attribute) if is_chain_head(chain, self.parent(chain))
                 and (dotted_name(chain) or "").split(".")[0] in self._import_locals]
        self._imports_move = all(slim_member(self.tf_name(chain)) is not None for chain in heads)
        if self._imports_move:
            for chain in heads:
                self._handled(chain)
        self._alias_statements = ecosystem.alias_statements(self, node, ("tf.contrib.slim",))
        for statement in self._alias_statements:
            self._handled(cst.ensure_type(cst.ensure_type(statement, cst.SimpleStatementLine).body[0], cst.Assign).value)

    # -- imports -------------------------------------------------------
    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = []
        for alias in updated_node.names:
            if dotted_name(alias.name) == "tensorflow.contrib.slim" and alias.asname is not None and self._imports_move:
                alias = alias.with_changes(name=cst.Name("tf_slim"))
                self._report_move(original_node, "import tensorflow.contrib.slim")
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.BaseSmallStatement:
        locals_ = _slim_import_locals(original_node)
        if not locals_ or not self._imports_move:
            return updated_node
        (local,) = locals_
        self._report_move(original_node, "from tensorflow.contrib import slim")
        return cst.Import(names=[cst.ImportAlias(cst.Name("tf_slim"), asname=cst.AsName(cst.Name(local)))])

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        local = self._alias_statements.get(original_node)
        if local is None:
            return updated_node
        if ecosystem.import_module(self, "tf_slim", None, at=original_node, asname=local) != local:
            return updated_node
        self._report_move(original_node, f"{local} = tf.contrib.slim")
        return cst.RemoveFromParent()

    # -- names ---------------------------------------------------------
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not is_chain_head(original_node, self.parent(original_node)):
            return updated_node
        if self.handled_elsewhere(original_node):
            return updated_node  # another rule rewrites it (xavier_initializer: a Keras initializer)
        name = self.tf_name(original_node)
        member = slim_member(name)
        if member is None or ecosystem.statement_of(self, original_node) in self._alias_statements or self._through_import(original_node):
            return updated_node
        aliases = sorted(self._alias_statements.values())
        local = ecosystem.import_module(self, "tf_slim", None, at=original_node, asname=aliases[0] if aliases else None)
        if local is None:
            return updated_node
        self._handled(original_node)
        self._report_move(original_node, name or "", member)
        return ecosystem.attribute(local, *member.split(".")) if member else cst.Name(local)

    # -- helpers -------------------------------------------------------
    def _report_move(self, node: cst.CSTNode, what: str, member: str | None = None) -> None:
        target = f"tf_slim.{member}" if member else "tf_slim"
        self.report(node, f"replaced {what} by {target}, the maintained TF-Slim: {EXTRA}", kind=Kind.FIXED,
                    subject=what if what.startswith("tf.") else "tf.contrib.slim")

    def _through_import(self, chain: cst.Attribute) -> bool:
        """``slim.conv2d`` after ``import tensorflow.contrib.slim as slim``: the import is what changes."""
        return (dotted_name(chain) or "").split(".")[0] in self._import_locals

    def _handled(self, node: cst.CSTNode) -> None:
        self.mark_handled(id(node))


def _slim_import_locals(statement: cst.Import | cst.ImportFrom) -> set[str]:
    """The name ``import tensorflow.contrib.slim as X`` or ``from tensorflow.contrib import slim [as X]`` binds."""
    if isinstance(statement, cst.Import):
        return {alias.asname.name.value for alias in statement.names
                if dotted_name(alias.name) == "tensorflow.contrib.slim" and alias.asname is not None
                and isinstance(alias.asname.name, cst.Name)}
    if statement.module is None or dotted_name(statement.module) != "tensorflow.contrib" or statement.relative:
        return set()
    if isinstance(statement.names, cst.ImportStar) or len(statement.names) != 1:
        return set()
    alias = statement.names[0]
    if dotted_name(alias.name) != "slim":
        return set()
    return {alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else "slim"}

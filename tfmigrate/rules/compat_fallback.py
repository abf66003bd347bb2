"""TFM601: keep a module that cannot be made TF 2 code running on TF 2 through ``tf.compat.v1``.

The other rules convert what has a faithful TF 2 form. A module that still
uses TF1-only names after them (``tf.placeholder``, ``tf.Session``,
``tf.GraphKeys``) fails on TF 2 at the first such name, and one that calls a
name TF 2 kept for another function (TF1's ``tf.summary.scalar``, left as
written by TFM409) calls TF 2's. When every one of those names has a
``tf.compat.v1`` form, this rule spells them that way and
reports each name once, so the module runs on TF 2 and the findings say what
keeps it from being TF 2 code. A module with a name that exists nowhere in
TF 2 (``tf.contrib``) is left as written: spelling half of it through
``tf.compat.v1`` would not make it run. ``tf.layers`` is the exception:
Keras 3 emptied ``tf.compat.v1.layers``, and the tf-keras package keeps the
layers TF1 ran, so they are reached there (:mod:`tfmigrate.legacy_layers`).

Graph-mode code (sessions, placeholders) cannot run eagerly. Instead of
``tf.compat.v1.disable_eager_execution()``, which would switch the whole
process, including modules already converted to TF 2, into graph mode, the
module's top-level code runs inside its own graph:
``with tf.Graph().as_default():``. A notebook is a process of its own, so
there the switch is used.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import libcst as cst

from tfmigrate import api, legacy_layers
from tfmigrate.findings import Finding, Kind
from tfmigrate.linemap import line_map
from tfmigrate.rules.base import COMPAT_SUBJECTS_KEY, FINDINGS_SO_FAR_KEY, ORIGINAL_TREE_KEY, Case, MigrationRule
from tfmigrate.rules.tfnames import build_dotted, dotted_name
from tfmigrate.tfstate import Kind as UseKind
from tfmigrate.tfstate import ModuleReport, Use, api_name, judge_code

# What fails eagerly: while any of it is used, the module's code needs a graph.
GRAPH_ONLY = frozenset({"tf.Session", "tf.InteractiveSession", "tf.placeholder", "tf.placeholder_with_default",
                        "tf.sparse_placeholder"})
RESET = "tf.reset_default_graph"
#: TF1's summary ops left as written (TFM409): TF 2 kept their names for ops that need a writer and a step,
#: and TF1's own stay in tf.compat.v1. (Other shared names a TFM4xx rule reports, like tf.executing_eagerly,
#: are advice about the code around them: tf.compat.v1 would not give back what TF1's graph saw.)
TF1_SUMMARY_CODE = "TFM409"
GRAPH_NAME = "tf1_graph"
DEFAULT_ACTION = "port it to TF 2 by hand; until then the module runs through tf.compat.v1"


class CompatFallback(MigrationRule):
    CODE = "TFM601"
    NAME = "compat-fallback"
    DESCRIPTION = "Spell TF1-only names that remain as tf.compat.v1 so the module runs on TF 2, and report each name once."
    REPORTS_COMPAT = True
    WHY = (
        "A module the other rules cannot make TF 2 code fails on TF 2 at the first TF1-only name it reaches, "
        "so a migrated project does not run. Every such name that tf.compat.v1 still has is spelled that way, "
        "so the module runs, and each name is reported once, with its count and the action, so the work left "
        "is visible. TF1's summary ops, whose names TF 2 kept for writer-and-step ops without collections=, "
        "are spelled tf.compat.v1 too where TFM409 left them as TF1's: as written they would call TF 2's "
        "ops, or fail on TF1's arguments. tf.layers, which Keras 3 emptied in tf.compat.v1, is reached in the tf-keras package, "
        "which keeps the layers TF1 ran (same variables, names and defaults). Graph code runs in a graph of its own (with tf.Graph().as_default():) rather than behind "
        "disable_eager_execution(), which would switch the whole process, and every module converted to TF 2 "
        "with it, into graph mode."
    )
    LEAVES = (
        "A module with a name that exists nowhere in TF 2 (tf.contrib, tf.estimator): spelling half of it "
        "through tf.compat.v1 would not make it run, so it stays as written with the other rules' findings. "
        "With --fallback none, every module the rules cannot convert stays as written."
    )
    INSTEAD = (
        "Port each reported name as its action says; once none is left the module is TF 2 code. Rerun with "
        "--fallback none to see the modules that are not TF 2 code yet as they were written."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nk = tf.GraphKeys.LOSSES\nj = tf.GraphKeys.TRAINABLE_VARIABLES\n",
            "import tensorflow as tf\nk = tf.compat.v1.GraphKeys.LOSSES\nj = tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES\n",
            options=("fallback=compat",),
            findings=("2:5 TFM601",),
        ),
        Case(
            "import tensorflow as tf\n\ndef build():\n    return tf.get_collection('losses')\n",
            "import tensorflow as tf\n\ndef build():\n    return tf.compat.v1.get_collection('losses')\n",
            options=("fallback=compat",),
            findings=("4:12 TFM601",),
        ),
        # tf.contrib exists nowhere in TF 2: the module is left whole, with the other rules' findings.
        Case(
            "import tensorflow as tf\nspec = tf.contrib.tpu.TPUEstimatorSpec(mode)\nk = tf.GraphKeys.LOSSES\n",
            options=("fallback=compat",),
            findings=("2:8 TFM408", "3:5 TFM402"),
        ),
        # Every member of tf.compat.v1.layers fails under Keras 3: TF1's layers come from tf-keras.
        Case(
            "import tensorflow as tf\nk = tf.GraphKeys.LOSSES\ny = tf.layers.dense(x, 4)\n",
            "import tensorflow as tf\nfrom tf_keras.api._v1.keras.__internal__.legacy import layers as tf1_layers\n"
            "k = tf.compat.v1.GraphKeys.LOSSES\ny = tf1_layers.dense(x, 4)\n",
            options=("fallback=compat",),
            findings=("2:5 TFM601", "3:5 TFM601"),
        ),
        Case("import tensorflow as tf\nk = tf.GraphKeys.LOSSES\n", options=("fallback=none",), findings=("2:5 TFM402",)),
        Case("import tensorflow as tf\ny = tf.nn.relu(x)\n", options=("fallback=compat",)),
    )

    def finalize(self, module: cst.Module) -> cst.Module:
        if self.options.fallback != "compat":
            return module
        before = judge_code(module.code)
        kept_as_tf1 = self._shared_names_kept_as_tf1()
        tf1 = [_as_tf1(use) for use in before.uses if use.kind != UseKind.TF2 and use.kind != UseKind.COMPAT]
        tf1 += [dataclasses.replace(use, kind=UseKind.TF1) for use in before.uses
                if use.kind == UseKind.TF2 and not use.via_compat and use.chain in kept_as_tf1]
        if not tf1 or any(use.kind == UseKind.MISSING for use in tf1):
            return module
        layers_local = _free_name(module.code, legacy_layers.LOCAL_NAME)
        spellings = {use.chain: compat_spelling(use.chain, layers_local) for use in tf1}
        rewritten = _import_legacy_layers(module.visit(_ToCompat(spellings)), layers_local, spellings)
        after = judge_code(rewritten.code)
        if {use.kind for use in after.uses} & {UseKind.TF1, UseKind.MISSING}:
            return module  # some name could not be spelled through tf.compat.v1: leave the module whole
        rewritten, graph_note = self._give_graph(rewritten, after)
        self._report_kept(module, tf1, graph_note, layers_local, kept_as_tf1)
        return rewritten

    # -- plan ------------------------------------------------------------
    def _give_graph(self, module: cst.Module, report: ModuleReport) -> tuple[cst.Module, str]:
        """Graph-mode code gets a graph of its own; returns the module and what was done."""
        graph_uses = sorted({use.name for use in report.uses if use.via_compat and use.name in GRAPH_ONLY})
        if not graph_uses:
            return module, ""
        names = ", ".join(f"tf.compat.v1.{name[3:]}" for name in graph_uses)
        alias = self.names.tf_alias
        if (self.context.filename or "").endswith(".ipynb"):
            return _switch_to_graph_mode(module, alias), (
                f"{names} cannot run eagerly: the notebook calls tf.compat.v1.disable_eager_execution()")
        wrapped = _wrap_top_level(module, alias)
        if wrapped is module:
            return module, (f"{names} cannot run eagerly: call this module's graph code inside "
                            f"`with tf.Graph().as_default():`")
        return wrapped, (f"{names} cannot run eagerly: the module's top-level code runs in its own graph "
                         f"(`with tf.Graph().as_default():`), so TF 2 modules elsewhere stay eager")

    # -- report ----------------------------------------------------------
    def _report_kept(self, module: cst.Module, tf1: list[Use], graph_note: str, layers_local: str,
                     kept_as_tf1: set[str]) -> None:
        superseded = self._findings_of_other_rules()
        to_original = line_map(module.code, self._original_code())
        by_name: dict[str, list[Use]] = defaultdict(list)
        for use in tf1:
            by_name[use.name].append(use)
        self.context.scratch.setdefault(COMPAT_SUBJECTS_KEY, set()).update(
            {*by_name, *(use.chain for use in tf1)})
        path = self.context.filename or "<stdin>"
        for name, uses in by_name.items():
            earlier = superseded.get(name)
            line = earlier.line if earlier else to_original(uses[0].line)
            col = earlier.col if earlier else uses[0].col + 1  # ast counts columns from 0, findings from 1
            action = earlier.action if earlier and earlier.action else DEFAULT_ACTION
            count = f"{len(uses)} uses" if len(uses) > 1 else "1 use"
            what = f"{name} is TF1's function, not TF 2's namesake" if name in kept_as_tf1 else f"{name} has no TF 2 form"
            message = f"{what}: spelled {compat_spelling(name, layers_local)} ({count}) so the module runs on TF 2"
            if name in api.PRE_1_0_SCOPED_TAGS:
                message += "; the summary's tag now takes the enclosing name scope as a prefix"
            if legacy_layers.member(name):
                message += (f"; {layers_local} is TF1's tf.layers as the tf-keras package keeps it "
                            f"({legacy_layers.INSTALL})")
            self.findings.append(Finding(self.CODE, message, line, col, Kind.MANUAL, action, path, subject=name))
        if graph_note:
            first = min((use for use in tf1), key=lambda use: use.line)
            self.findings.append(Finding(self.CODE, graph_note, to_original(first.line), 1, Kind.MANUAL,
                                         "port the session code to TF 2 eager code (see TFM201) to drop the graph",
                                         path))

    def _shared_names_kept_as_tf1(self) -> set[str]:
        """TF1 summary ops whose names TF 2 kept for other ops, left as written because this module uses TF1's:
        spelled through tf.compat.v1 they stay TF1's ops, where as written TF 2 would call its own."""
        return {finding.subject for finding in self.context.scratch.get(FINDINGS_SO_FAR_KEY, ())
                if finding.code == TF1_SUMMARY_CODE and finding.kind == Kind.MANUAL
                and finding.subject in api.tf2_names() and finding.subject in api.tf1_names()}

    def _findings_of_other_rules(self) -> dict[str, Finding]:
        """The first finding another rule made about each name (its position and action carry over)."""
        found: dict[str, Finding] = {}
        for finding in self.context.scratch.get(FINDINGS_SO_FAR_KEY, ()):
            if finding.subject:
                found.setdefault(api_name(finding.subject), finding)
        return found

    def _original_code(self) -> str:
        original = self.context.scratch.get(ORIGINAL_TREE_KEY)
        return original.code if isinstance(original, cst.Module) else ""


def compat_spelling(name: str, layers_local: str = legacy_layers.LOCAL_NAME) -> str:
    """``tf.placeholder`` -> ``tf.compat.v1.placeholder``; a name that moved goes by its TF 1.x home.

    ``tf.layers.dense`` -> ``tf1_layers.dense``: Keras 3 emptied ``tf.compat.v1.layers``,
    and tf-keras keeps the layers TF1 ran.
    """
    if legacy_layers.member(name):
        return layers_local + name[len(legacy_layers.TF1_PREFIX) - 1:]
    return "tf.compat.v1." + _tf1_home(name)[3:]


def _tf1_home(name: str) -> str:
    """Where TF 1.x kept a name: TF 1.0's successor of a pre-1.0 name, or core's home of a contrib name."""
    if name in api.PRE_1_0_SAME_CALL:
        return api.PRE_1_0_RENAMES[name]
    moved = api.wheel_renames().get(name, "") if name.startswith("tf.contrib.") else ""
    return "tf." + moved[len("tf.compat.v1."):] if moved.startswith("tf.compat.v1.") else name


def _as_tf1(use: Use) -> Use:
    """A missing name counts as TF1 when its TF 1.x home is in tf.compat.v1.

    tf.histogram_summary (TF 1.0: tf.summary.histogram) and
    tf.contrib.tpu.CrossShardOptimizer (TF 1.15: tf.compat.v1.tpu.CrossShardOptimizer).
    Only the bare name: a chain below it is not spelled, and stays missing.
    """
    home = _tf1_home(use.chain)
    if use.kind == UseKind.MISSING and home != use.chain and home in api.tf1_names():
        return dataclasses.replace(use, kind=UseKind.TF1)
    if use.kind == UseKind.MISSING and legacy_layers.member(use.chain):
        return dataclasses.replace(use, kind=UseKind.TF1)
    return use


class _ToCompat(cst.CSTTransformer):
    """``tf.placeholder`` -> ``tf.compat.v1.placeholder`` for the given canonical names.

    Chains are read through the module's own imports, as the census read them.
    """

    def __init__(self, spellings: dict[str, str]) -> None:
        super().__init__()
        self.spellings = spellings  # canonical chain -> its tf.compat.v1 spelling
        self.same_calls: set[int] = set()  # pre-1.0 callees whose call means the same under the TF 1.x name
        self.roots: dict[str, str] = {}  # local alias -> "tensorflow" for `import tensorflow [as tf]`

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            if dotted_name(alias.name) == "tensorflow":
                local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else "tensorflow"
                self.roots[local] = "tensorflow"
        return False

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        module = dotted_name(updated_node.module) if updated_node.module else None
        if updated_node.relative or module is None or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        if module != "tensorflow" and not module.startswith("tensorflow."):
            return updated_node
        imported = [f"tf{module[len('tensorflow'):]}.{dotted_name(alias.name)}" for alias in updated_node.names]
        if not any(self.spellings.get(name) == f"tf.compat.v1.{name[3:]}" for name in imported):
            return updated_node
        return updated_node.with_changes(module=build_dotted("tensorflow.compat.v1" + module[len("tensorflow"):]))

    def visit_Call(self, node: cst.Call) -> bool:
        if isinstance(node.func, cst.Attribute) and _same_call(self._canonical(node.func), node):
            self.same_calls.add(id(node.func))
        return True

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._canonical(node) is None

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        canonical = self._canonical(original_node)
        if canonical is None or canonical not in self.spellings:
            return updated_node
        if canonical in api.PRE_1_0_SAME_CALL and id(original_node) not in self.same_calls:
            return updated_node  # left missing, so the module stays as written
        spelling = self.spellings[canonical]
        if not spelling.startswith("tf."):
            return build_dotted(spelling)  # reached through another package (tf-keras's legacy layers)
        alias = (dotted_name(original_node) or "").split(".", 1)[0]
        return build_dotted(alias + spelling[2:])

    def _canonical(self, node: cst.Attribute) -> str | None:
        chain = dotted_name(node)
        if chain is None:
            return None
        head, _, rest = chain.partition(".")
        return f"tf.{rest}" if head in self.roots else None


def _same_call(canonical: str | None, call: cst.Call) -> bool:
    """A call of a pre-1.0 name whose keywords all keep their meaning under its TF 1.x successor."""
    keywords = api.PRE_1_0_SAME_CALL.get(canonical or "")
    if keywords is None:
        return False
    return all(arg.star == "" and (arg.keyword is None or arg.keyword.value in keywords) for arg in call.args)


def _import_legacy_layers(module: cst.Module, local: str, spellings: dict[str, str]) -> cst.Module:
    """``from tf_keras...legacy import layers as tf1_layers`` after the first TensorFlow import, when spelled."""
    if not any(spelling.startswith(local + ".") for spelling in spellings.values()):
        return module
    statement = cst.parse_statement(f"from {legacy_layers.PACKAGE} import {legacy_layers.SUBMODULE} as {local}\n")
    for index, existing in enumerate(module.body):
        if _imports_tensorflow(existing):
            return module.with_changes(body=[*module.body[: index + 1], statement, *module.body[index + 1:]])
    return module


def _switch_to_graph_mode(module: cst.Module, alias: str) -> cst.Module:
    """After the first TensorFlow import: ``tf.compat.v1.disable_eager_execution()``."""
    switch = cst.parse_statement(f"{alias}.compat.v1.disable_eager_execution()\n")
    for index, statement in enumerate(module.body):
        if _imports_tensorflow(statement):
            return module.with_changes(body=[*module.body[: index + 1], switch, *module.body[index + 1:]])
    return module


def _wrap_top_level(module: cst.Module, alias: str) -> cst.Module:
    """Top-level code that calls anything runs inside one graph; ``reset_default_graph()`` starts a new one.

    Imports, definitions and the docstring stay where they are, so the
    module's names are bound as before.
    """
    body = list(module.body)
    resets = [index for index, statement in enumerate(body) if _is_reset(statement, alias)]
    sections = _runs(body, set(resets))
    if not sections:
        return module
    single = len(sections) == 1 and not resets
    graph = _free_name(module.code, GRAPH_NAME)
    new_body: list[cst.BaseStatement] = []
    index = 0
    declared = False
    starts = {start: end for start, end in sections}
    while index < len(body):
        statement = body[index]
        if index in resets:
            new_body.append(_assign_graph(graph, alias, statement))
            declared = True
            index += 1
            continue
        if index in starts:
            end = starts[index]
            source = f"{alias}.Graph()" if single else graph
            block = _with_graph(source, body[index:end])
            if not single and not declared:
                new_body.append(_assign_graph(graph, alias, None).with_changes(leading_lines=block.leading_lines))
                block = block.with_changes(leading_lines=())
                declared = True
            new_body.append(block)
            index = end
            continue
        new_body.append(statement)
        index += 1
    return module.with_changes(body=new_body)


def _runs(body: list[cst.BaseStatement], resets: set[int]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of executable top-level statements that calls something.

    A graph reset ends a run: the next run builds in a new graph.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, statement in enumerate([*body, None]):
        executable = statement is not None and index not in resets and _executable(statement, index)
        if executable and start is None:
            start = index
        elif not executable and start is not None:
            if any(_calls(body[i]) for i in range(start, index)):
                runs.append((start, index))
            start = None
    return runs


def _executable(statement: cst.BaseStatement, index: int) -> bool:
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return False
    if isinstance(statement, cst.SimpleStatementLine):
        smalls = statement.body
        if all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in smalls):
            return False
        if index == 0 and len(smalls) == 1 and isinstance(smalls[0], cst.Expr) and isinstance(
            smalls[0].value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            return False  # the docstring
    return True


def _calls(statement: cst.BaseStatement) -> bool:
    class Finder(cst.CSTVisitor):
        found = False

        def visit_Call(self, node: cst.Call) -> bool:
            self.found = True
            return False

    finder = Finder()
    statement.visit(finder)
    return finder.found


def _is_reset(statement: cst.BaseStatement, alias: str) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call) or small.value.args:
        return False
    return dotted_name(small.value.func) == f"{alias}.compat.v1.reset_default_graph"


def _assign_graph(graph: str, alias: str, replaced: cst.BaseStatement | None) -> cst.BaseStatement:
    statement = cst.parse_statement(f"{graph} = {alias}.Graph()\n")
    if isinstance(replaced, cst.SimpleStatementLine):
        statement = statement.with_changes(leading_lines=replaced.leading_lines, trailing_whitespace=replaced.trailing_whitespace)
    return statement


def _with_graph(source: str, statements: list[cst.BaseStatement]) -> cst.With:
    first = statements[0]
    leading = list(getattr(first, "leading_lines", ()))
    statements = [first.with_changes(leading_lines=()), *map(_unindented_blank_lines, statements[1:])]
    return cst.With(
        items=[cst.WithItem(cst.Call(func=cst.Attribute(value=cst.parse_expression(source), attr=cst.Name("as_default"))))],
        body=cst.IndentedBlock(body=statements),
        leading_lines=leading,
    )


def _unindented_blank_lines(statement: cst.BaseStatement) -> cst.BaseStatement:
    """A top-level blank line moved into a block would take the block's indent as trailing whitespace."""
    lines = [line.with_changes(indent=False) if line.comment is None else line for line in statement.leading_lines]
    return statement.with_changes(leading_lines=lines)


def _free_name(code: str, name: str) -> str:
    while name in code:
        name += "_"
    return name


def _imports_tensorflow(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import) and any((dotted_name(a.name) or "").split(".")[0] == "tensorflow" for a in small.names):
            return True
        if isinstance(small, cst.ImportFrom) and small.module is not None and (dotted_name(small.module) or "").split(".")[0] == "tensorflow":
            return True
    return False



"""TFM105: private TensorFlow names -> the public name of the same object.

TF1 code imports TensorFlow's private modules
(``from tensorflow.python.ops import control_flow_ops``), which TF 2 has
reorganised: ``control_flow_ops.cond`` and ``array_ops.unstack`` no longer
exist there. ``tfmigrate.exports`` reads, from the wheels' own API trees,
which public name each private object has. A use whose object TF 2 exports is
spelled with that TF 2 name: the very same object, so the code computes the
same. An object only ``tf.compat.v1`` exports (TF1's ``cond``, whose TF 2
namesake is another function) is spelled through ``tf.compat.v1`` only in a
module the ``tf.compat.v1`` fallback keeps running (TFM601's compat state);
otherwise it stays, with a finding. ``tf.contrib`` modules that became the
``tf_slim`` package are imported from there.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, ImportItem, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from tfmigrate import exports
from tfmigrate.findings import Finding, Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import build_dotted, dotted_name, is_chain_head
from tfmigrate.tfstate import Kind as UseKind
from tfmigrate.tfstate import PRIVATE, judge_code

SLIM_EXTRA = "pip install tf-slim (the tfmigrate[slim] extra)"
PORT_ACTION = "use a public TF 2 API for it; private modules change between TensorFlow releases without notice"


@dataclasses.dataclass
class _Use:
    """One use of a private name: the part of its chain that has a public name, and where it is."""

    node: cst.BaseExpression  # the original node standing for ``private``
    private: str  # tensorflow.python.ops.control_flow_ops.cond
    export: exports.Export | None
    line: int
    col: int
    binding: tuple[str, str | None, str | None] | None  # the import that bound its head, as RemoveImportsVisitor names it


class PrivateNames(MigrationRule):
    CODE = "TFM105"
    NAME = "private-names"
    DESCRIPTION = "Spell names from TensorFlow's private modules (tensorflow.python, contrib's python) by their public name."
    WHY = (
        "TF1 projects import TensorFlow's private modules, which TF 2 reorganised: "
        "tensorflow.python.ops.control_flow_ops.cond and array_ops.unstack no longer exist there, so the "
        "module fails on TF 2 at its imports or first call. The TensorFlow wheel's own API tree says which "
        "public name each private object has (TF 1.15's tree for objects moved since); where TF 2 exports "
        "the very same object the use is spelled that way, so the code computes exactly what it did."
    )
    LEAVES = (
        "Objects with no public name (control_flow_ops.with_dependencies, ops.convert_to_tensor's TF1 "
        "variant): they stay, and so does their import, with a finding. TF1's cond, case and while_loop are "
        "TFM106's to spell by TF 2's namesakes where it can make them return the same. An object only "
        "tf.compat.v1 exports (TF1's cond given strict=, whose TF 2 namesake is another function) is spelled "
        "tf.compat.v1 only "
        "when the tf.compat.v1 fallback keeps the module running (TFM601); with --fallback none, or in a "
        "module left whole, it stays with a finding. Private modules used as values, not through a name."
    )
    INSTEAD = (
        "import tensorflow as tf; tf.unstack(x), tf.Tensor, tf.compat.v1.cond(pred, f1, f2) until the code "
        "is ported to tf.cond; import tf_slim modules instead of tf.contrib's (pip install tf-slim)."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nfrom tensorflow.python.ops import array_ops\ny = array_ops.unstack(x, 3)\n",
            "import tensorflow as tf\ny = tf.unstack(x, 3)\n",
            findings=("3:5 TFM105",),
        ),
        Case(
            "from tensorflow.python.framework.ops import Tensor\nok = isinstance(x, Tensor)\n",
            "import tensorflow as tf\n\nok = isinstance(x, tf.Tensor)\n",
            findings=("2:20 TFM105",),
        ),
        Case(
            "import tensorflow as tf\nfrom tensorflow.python.framework import graph_util\n"
            "g = graph_util.convert_variables_to_constants(sess, graph_def, ['out'])\n",
            "import tensorflow as tf\ng = tf.compat.v1.graph_util.convert_variables_to_constants(sess, graph_def, ['out'])\n",
            options=("fallback=compat",),
            findings=("3:5 TFM105",),
        ),
        Case(
            "import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
            "y = control_flow_ops.cond(p, f, g, strict=True)\n",
            findings=("3:5 TFM105",),
        ),
        Case(
            "from tensorflow.contrib.framework.python.ops import variables as contrib_variables\n"
            "v = contrib_variables.model_variable('w', [2])\n",
            "from tf_slim.ops import variables as contrib_variables\nv = contrib_variables.model_variable('w', [2])\n",
            findings=("1:1 TFM105",),
        ),
        Case(
            "import tensorflow as tf\nfrom tensorflow.contrib.metrics.python.ops import set_ops\ny = tf.unstack(x, 3)\n",
            "import tensorflow as tf\ny = tf.unstack(x, 3)\n",
            findings=("2:1 TFM105",),
        ),
        # Read, so it stays (with its finding): only an import nothing reads goes.
        Case(
            "from tensorflow.contrib.learn.python.learn.datasets import mnist\nd = mnist.read_data_sets('/tmp/d')\n",
            findings=("2:5 TFM105",),
        ),
        Case("import tensorflow as tf\ny = tf.unstack(x, 3)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._uses: list[_Use] = []
        self._to_tf2: dict[cst.CSTNode, str] = {}  # original node -> TF 2 name
        self._slim_imports: dict[cst.CSTNode, cst.BaseSmallStatement] = {}
        self._bindings: dict[str, tuple[str, str | None, str | None]] = {}  # local name -> import binding
        self._import_at: dict[tuple[str, str | None, str | None], cst.CSTNode] = {}
        #: imports some of whose uses another rule rewrote to public names
        self._served_elsewhere: set[tuple[str, str | None, str | None]] = set()

    # -- analysis ------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        for statement in [*self.facts.all(cst.Import), *self.facts.all(cst.ImportFrom)]:
            self._read_import(statement)
        for expression in [*self.facts.all(cst.Attribute), *self.facts.all(cst.Name)]:
            if self._through_slim_import(expression):
                self.mark_handled(id(expression))  # its import moves to tf_slim: TFM408 must not report it
                continue
            use = self._use_of(expression)
            if use is not None and self.handled_elsewhere(use.node):
                # TFM106 spells TF1's cond, case and while_loop by their TF 2 names where that computes the same.
                if use.binding is not None:
                    self._served_elsewhere.add(use.binding)
            elif use is not None:
                self.mark_handled(id(expression))
                self._uses.append(use)
                if use.export is not None and use.export.tf2 is not None:
                    self._to_tf2[use.node] = use.export.tf2

    def _read_import(self, statement: cst.Import | cst.ImportFrom) -> None:
        """Private import bindings; a contrib import tf_slim holds is planned as tf_slim's."""
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                module = dotted_name(alias.name) or ""
                if exports.is_private(module) and alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self._bind(alias.asname.name.value, (module, None, alias.asname.name.value), statement)
            replacement = _slim_import(statement)
        else:
            module = dotted_name(statement.module) if statement.module and not statement.relative else None
            if module is None or isinstance(statement.names, cst.ImportStar) or not exports.is_private(module + ".x"):
                return
            for alias in statement.names:
                name = dotted_name(alias.name) or ""
                local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                self._bind(local, (module, name, local if local != name else None), statement)
            replacement = _slim_import(statement)
        if replacement is not None:
            self._slim_imports[statement] = replacement

    def _bind(self, local: str, binding: tuple[str, str | None, str | None], statement: cst.CSTNode) -> None:
        self._bindings[local] = binding
        self._import_at[binding] = statement

    def _through_slim_import(self, node: cst.BaseExpression) -> bool:
        if not is_chain_head(node, self.parent(node)) or not self._is_load(node):
            return False
        binding = self._bindings.get((dotted_name(node) or "").split(".")[0])
        return binding is not None and self._import_at[binding] in self._slim_imports

    def _use_of(self, node: cst.BaseExpression) -> _Use | None:
        if not is_chain_head(node, self.parent(node)) or not self._is_load(node):
            return None
        name = self.tf_name(node)
        if name is None or not exports.is_private("tensorflow" + name[2:]) or exports.is_module("tensorflow" + name[2:]):
            return None  # not private, or a private module used as a value
        head = (dotted_name(node) or "").split(".")[0]
        binding = self._bindings.get(head)
        if binding is None:
            return None  # reached through tensorflow.python without an import alias: left alone
        target, private, export = self._public_part(node, "tensorflow" + name[2:])
        position = self.get_metadata(PositionProvider, target, None)
        line, col = (position.start.line, position.start.column + 1) if position else (0, 0)
        return _Use(target, private, export, line, col, binding)

    def _public_part(self, node: cst.BaseExpression, private: str
                     ) -> tuple[cst.BaseExpression, str, exports.Export | None]:
        """The longest prefix of the chain that names an object with a public name (``ops.GraphKeys`` of
        ``ops.GraphKeys.X``); without one, the whole chain (what the finding names)."""
        current: cst.BaseExpression = node
        found: tuple[cst.BaseExpression, str, exports.Export | None] = (node, private, exports.export_of(private))
        while not exports.is_module(private):
            export = exports.export_of(private)
            if export is not None and (export.tf2 or export.compat):
                return current, private, export
            if not isinstance(current, cst.Attribute):
                break
            current, private = current.value, private.rpartition(".")[0]
        return found

    def _is_load(self, node: cst.BaseExpression) -> bool:
        """A name read as a value (not an import, a keyword, a parameter or an assignment target)."""
        parent = self.parent(node)
        if isinstance(node, cst.Name) and isinstance(parent, cst.Attribute) and parent.attr is node:
            return False
        if isinstance(parent, (cst.Arg, cst.Param)) and getattr(parent, "keyword", None) is node:
            return False
        if isinstance(parent, (cst.Param, cst.AssignTarget, cst.ImportAlias, cst.AsName, cst.FunctionDef, cst.ClassDef)):
            return False
        while parent is not None:
            if isinstance(parent, (cst.Import, cst.ImportFrom)):
                return False
            parent = self.parent(parent)
        return True

    # -- emit: TF 2 names and tf_slim imports, in the one pass ---------
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return self._emit_tf2(original_node, updated_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._emit_tf2(original_node, updated_node)

    def _emit_tf2(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        name = self._to_tf2.get(original)
        return self.spell(name) if name is not None else updated

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.BaseSmallStatement:
        return self._slim_imports.get(original_node, updated_node)  # type: ignore[return-value]

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.BaseSmallStatement:
        return self._slim_imports.get(original_node, updated_node)

    # -- plan what tf.compat.v1 may spell, emit it, report -------------
    def finalize(self, module: cst.Module) -> cst.Module:
        for statement, replacement in self._slim_imports.items():
            self.report(statement, f"imported {_import_source(replacement)} instead of {_import_source(statement)}: "
                        f"tf_slim holds the same code that tf.contrib did; {SLIM_EXTRA}", kind=Kind.FIXED)
        # The private names themselves are this rule's to spell: only the module's other names can block compat.
        compat_allowed = self.options.fallback == "compat" and not any(
            use.kind == UseKind.MISSING and not use.name.startswith(PRIVATE) for use in judge_code(module.code).uses)
        by_name: dict[str, list[_Use]] = defaultdict(list)
        for use in self._uses:
            by_name[use.private].append(use)
        to_compat = {private: f"tf.compat.v1.{uses[0].export.compat[3:]}" for private, uses in by_name.items()
                     if compat_allowed and _compat_only(uses[0].export)}
        served: set[tuple[str, str | None, str | None]] = set(self._served_elsewhere)
        kept: dict[tuple[str, str | None, str | None], list[str]] = defaultdict(list)
        for private, uses in by_name.items():
            self._report_name(private, uses, to_compat.get(private))
            rewritten = uses[0].node in self._to_tf2 or private in to_compat
            for use in uses:
                if use.binding is not None and rewritten:
                    served.add(use.binding)
                elif use.binding is not None:
                    kept[use.binding].append(private)
        if to_compat:
            module = MetadataWrapper(module, unsafe_skip_copy=True).visit(_ToCompat(to_compat, self.names.tf_alias))
            if self.names.needs_tf_import:
                module = AddImportsVisitor(self.context, [ImportItem("tensorflow", None, "tf")]).transform_module(module)
        removable = [binding for binding in served if binding not in kept]
        for binding in self._unused_contrib_imports(module.code):
            removable.append(binding)
            self.report(self._import_at[binding], f"removed the unused import of {_binding_name(binding)}, which no "
                        "TF 2 has (nothing in the module reads it)", kind=Kind.FIXED, subject=_binding_name(binding))
        if removable:
            module = RemoveImportsVisitor(self.context, removable).transform_module(module)
        self._report_kept_imports(kept, served)
        return module

    def _unused_contrib_imports(self, code: str) -> list[tuple[str, str | None, str | None]]:
        """Imports of tf.contrib's private modules that tf_slim does not hold and nothing reads."""
        read = {name.value for name in self.facts.all(cst.Name) if self._is_load(name)}
        return [binding for local, binding in self._bindings.items()
                if binding[0].startswith("tensorflow.contrib.") and self._import_at[binding] not in self._slim_imports
                and local not in read and f"'{local}'" not in code and f'"{local}"' not in code]

    def _report_name(self, private: str, uses: list[_Use], compat: str | None) -> None:
        export, first = uses[0].export, uses[0]
        count = f"{len(uses)} uses" if len(uses) > 1 else "1 use"
        if first.node in self._to_tf2:
            assert export is not None and export.tf2 is not None
            for use in uses:
                self._add(use, f"replaced private {private} by {export.tf2}, the same object's public name", Kind.FIXED)
            return
        if compat is not None:
            assert export is not None and export.compat is not None
            self._add(first, f"{private} is TF1's {export.compat}, public in TF 2 only as {compat} ({export.compat} "
                             f"in TF 2 is another object): spelled {compat} ({count}) so the module runs on TF 2",
                      Kind.MANUAL, f"port it to {export.compat} by hand (check its arguments and results)")
            return
        if _compat_only(export):
            assert export is not None and export.compat is not None
            why = ("the module is left as written (a name in it has no TF 2 form)"
                   if self.options.fallback == "compat" else "the tf.compat.v1 fallback is off")
            self._add(first, f"{private} ({count}) is TF1's {export.compat}, which TF 2 has only as "
                             f"tf.compat.v1.{export.compat[3:]}; left as written because {why}",
                      Kind.MANUAL, f"port it to TF 2 by hand, or rerun with --fallback compat once the module's "
                                   f"other names convert")
            return
        package = exports.slim_package(private)
        if package is not None and not exports.slim_installed():
            self._add(first, f"{private} ({count}) is tf.contrib code that {package} took over, but tf_slim is not "
                             "installed here, so where it lives cannot be read; left as written", Kind.MANUAL,
                      f"{SLIM_EXTRA}, then rerun")
            return
        self._add(first, f"{private} ({count}) has no public TensorFlow name; left as written", Kind.MANUAL, PORT_ACTION)

    def _report_kept_imports(self, kept: dict[tuple[str, str | None, str | None], list[str]],
                             served: set[tuple[str, str | None, str | None]]) -> None:
        for binding, names in kept.items():
            if binding not in served:
                continue  # nothing through it was rewritten: the names' own findings say why it stays
            statement = self._import_at[binding]
            left = sorted(set(names))
            shown = ", ".join(name.rpartition(".")[2] for name in left[:3]) + (", ..." if len(left) > 3 else "")
            self.report(statement, f"kept the import of private {_binding_name(binding)}: {shown} still use it",
                        action=PORT_ACTION)

    def _add(self, use: _Use, message: str, kind: Kind, action: str = "") -> None:
        self.findings.append(Finding(self.CODE, message, use.line, use.col, kind, action,
                                     self.context.filename or "<stdin>", subject=use.private))


def _compat_only(export: exports.Export | None) -> bool:
    return export is not None and export.tf2 is None and export.compat is not None


def _binding_name(binding: tuple[str, str | None, str | None]) -> str:
    module, name, _ = binding
    return f"{module}.{name}" if name else module


def _import_source(statement: cst.CSTNode) -> str:
    if isinstance(statement, cst.ImportFrom) and statement.module is not None:
        return dotted_name(statement.module) or ""
    if isinstance(statement, cst.Import):
        return ", ".join(dotted_name(alias.name) or "" for alias in statement.names)
    return ""


def _slim_import(statement: cst.Import | cst.ImportFrom) -> cst.Import | cst.ImportFrom | None:
    """The same import from tf_slim, when tf_slim holds every module or name it binds; else None."""
    if isinstance(statement, cst.Import):
        names = []
        for alias in statement.names:
            module = dotted_name(alias.name) or ""
            home = exports.slim_home(module) if alias.asname is not None else None
            if home is None or not exports.is_module(home):
                return None
            names.append(alias.with_changes(name=build_dotted(home)))
        return statement.with_changes(names=names)
    module = dotted_name(statement.module) if statement.module else None
    if module is None or statement.relative or isinstance(statement.names, cst.ImportStar):
        return None
    homes = [exports.slim_home(f"{module}.{dotted_name(alias.name)}") for alias in statement.names]
    sources = {home.rpartition(".")[0] for home in homes if home is not None}
    if None in homes or len(sources) != 1:
        return None
    aliases = []
    for alias, home in zip(statement.names, homes):
        assert home is not None
        local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else dotted_name(alias.name)
        new_name = home.rpartition(".")[2]
        asname = cst.AsName(cst.Name(local)) if local != new_name else None
        aliases.append(alias.with_changes(name=cst.Name(new_name), asname=asname))
    return statement.with_changes(module=build_dotted(sources.pop()), names=aliases)


class _ToCompat(cst.CSTTransformer):
    """Private names -> their ``tf.compat.v1`` spelling, found by qualified name in the rewritten module."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, names: dict[str, str], tf_alias: str) -> None:
        super().__init__()
        self.names = names
        self.alias = tf_alias

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return self._spell(original_node, updated_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._spell(original_node, updated_node)

    def _spell(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        for qualified in self.get_metadata(QualifiedNameProvider, original, set()):
            target = self.names.get(qualified.name)
            if target is not None:
                return build_dotted(self.alias + target[2:])
        return updated

"""TFM501: tf.app.flags / tf.flags -> absl.flags, tf.app.run -> absl.app.run."""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import is_chain_head

FLAG_MODULES = ("tf.app.flags", "tf.flags")
# tf.flags wrapped absl's DEFINE_* functions to accept these old keyword names (tensorflow/python/platform/flags.py).
OLD_KEYWORDS = {"flag_name": "name", "default_value": "default", "docstring": "help"}
# TF1's tf.app.run parsed with known_only=True: unknown command-line flags were left to main, not an error.
TOLERANT_PARSER = "lambda argv: {flags}.FLAGS(argv, known_only=True)"


def flag_member(name: str) -> str | None:
    """``tf.app.flags.DEFINE_string`` -> ``DEFINE_string``; ``""`` for the module itself; None otherwise."""
    for module in FLAG_MODULES:
        if name == module:
            return ""
        if name.startswith(module + "."):
            return name[len(module) + 1 :]
    return None


class AbslFlags(MigrationRule):
    CODE = "TFM501"
    NAME = "absl-flags"
    DESCRIPTION = "Rewrite tf.app.flags / tf.flags as absl.flags and tf.app.run as absl.app.run."
    WHY = (
        "tf.app and tf.flags are gone in TF 2. They were thin wrappers over absl-py, which TensorFlow "
        "still depends on: the same DEFINE_* functions and the same FLAGS object."
    )
    LEAVES = (
        "Modules that read a flag while they are imported: TF1's FLAGS parsed sys.argv on the first read, "
        "absl's raises until absl.app.run has parsed them. tf.app.run() in a module with no main function. "
        "Flag names imported with from tensorflow... import."
    )
    INSTEAD = (
        "from absl import app, flags; flags.DEFINE_string(...); FLAGS = flags.FLAGS; app.run(main). The "
        "rewritten app.run keeps TF1's tolerance of unknown command-line flags with a flags_parser."
    )
    CASES = (
        Case(
            "import tensorflow as tf\ntf.app.flags.DEFINE_string('data', '/tmp', 'where')\nFLAGS = tf.app.flags.FLAGS\n",
            "import tensorflow as tf\nfrom absl import flags\n\nflags.DEFINE_string('data', '/tmp', 'where')\nFLAGS = flags.FLAGS\n",
            findings=("2:1 TFM501", "3:9 TFM501"),
        ),
        Case(
            "import tensorflow as tf\nflags = tf.flags\nflags.DEFINE_integer('n', 1, 'count')\n",
            "import tensorflow as tf\nfrom absl import flags\n\nflags.DEFINE_integer('n', 1, 'count')\n",
            findings=("2:1 TFM501",),
        ),
        Case(
            "import tensorflow as tf\ntf.flags.DEFINE_float(flag_name='lr', default_value=0.1, docstring='rate')\n",
            "import tensorflow as tf\nfrom absl import flags\n\nflags.DEFINE_float(name='lr', default=0.1, help='rate')\n",
            findings=("2:1 TFM501",),
        ),
        Case(
            "import tensorflow as tf\ndef main(argv):\n    pass\nif __name__ == '__main__':\n    tf.app.run()\n",
            "import tensorflow as tf\nfrom absl import app, flags\n\ndef main(argv):\n    pass\nif __name__ == '__main__':\n"
            "    app.run(main, flags_parser=lambda argv: flags.FLAGS(argv, known_only=True))\n",
            findings=("5:5 TFM501",),
        ),
        Case(
            "import tensorflow as tf\nimport logging as flags\nFLAGS = tf.app.flags.FLAGS\ntf.app.run(main=train, argv=['x'])\n",
            "import tensorflow as tf\nimport logging as flags\nfrom absl import app, flags as absl_flags\n\n"
            "FLAGS = absl_flags.FLAGS\n"
            "app.run(train, argv=['x'], flags_parser=lambda argv: absl_flags.FLAGS(argv, known_only=True))\n",
            findings=("3:9 TFM501", "4:1 TFM501"),
        ),
        Case("import tensorflow as tf\ntf.app.run()\n", findings=("2:1 TFM501",)),
        Case(
            "import tensorflow as tf\nFLAGS = tf.app.flags.FLAGS\nsize = FLAGS.batch_size\n",
            findings=("3:8 TFM501", "2:9 TFM414"),
        ),
        Case("from absl import flags\nimport tensorflow as tf\nFLAGS = flags.FLAGS\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._blocked = False  # a flag is read at import time: TF1 parsed lazily, absl would raise
        self._alias_statements: dict[cst.CSTNode, str] = {}  # ``flags = tf.app.flags`` -> its name

    # -- plan ----------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        flag_names = self._flags_bindings(node)
        reads = [read for read in self.facts.all(cst.Attribute)
                 if isinstance(read.value, cst.Name) and read.value.value in flag_names and self._at_import_time(read)]
        for read in reads:
            self.report(read, f"{read.value.value}.{read.attr.value} reads a flag while the module is imported; left "
                        "as written: TF1's FLAGS parsed sys.argv on that first read, absl's FLAGS raises until "
                        "absl.app.run parses them", action="read flags inside main (called by app.run), then rerun",
                        subject="tf.app.flags.FLAGS")
        self._blocked = bool(reads)
        if not self._blocked:  # the statements go: nothing in them is left to report
            for statement in self._alias_statements:
                self._handled(cst.ensure_type(statement.body[0], cst.Assign).value)

    def _flags_bindings(self, module: cst.Module) -> set[str]:
        """Module-level names bound to TF1's FLAGS; records ``flags = tf.app.flags`` statements on the way."""
        self._alias_statements = ecosystem.alias_statements(self, module, FLAG_MODULES)
        names: set[str] = set()
        for statement in module.body:
            assign = _single_assign(statement)
            if assign is None:
                continue
            target, value = assign
            name = self.tf_name(value)
            if name is not None and flag_member(name) == "FLAGS":
                names.add(target)
            elif isinstance(value, cst.Attribute) and value.attr.value == "FLAGS" and isinstance(value.value, cst.Name) \
                    and value.value.value in self._alias_statements.values():
                names.add(target)
        return names

    def _at_import_time(self, node: cst.CSTNode) -> bool:
        parent = self.parent(node)
        while parent is not None:
            if isinstance(parent, (cst.FunctionDef, cst.Lambda)):
                return False
            parent = self.parent(parent)
        return True

    def _flags_local(self, at: cst.CSTNode) -> str | None:
        aliases = sorted(self._alias_statements.values())
        return ecosystem.import_module(self, "absl", "flags", at=at, asname=aliases[0] if aliases else None)

    # -- rewrite -------------------------------------------------------
    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if original_node not in self._alias_statements or self._blocked:
            return updated_node
        local = self._flags_local(original_node)
        if local != self._alias_statements[original_node]:
            self.report(original_node, "tf.flags kept: absl.flags cannot be imported under this name here",
                        action=f"write from absl import flags as {self._alias_statements[original_node]}",
                        subject="tf.flags")
            return updated_node
        module = self.tf_name(cst.ensure_type(original_node.body[0], cst.Assign).value) or "tf.flags"
        self.report(original_node, f"replaced {local} = {module} by from absl import flags"
                    + ("" if local == "flags" else f" as {local}"), kind=Kind.FIXED, subject=module)
        return cst.RemoveFromParent()

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not is_chain_head(original_node, self.parent(original_node)) or self._blocked:
            return updated_node
        name = self.tf_name(original_node)
        member = flag_member(name) if name else None
        if not member or ecosystem.statement_of(self, original_node) in self._alias_statements:
            return updated_node
        local = self._flags_local(original_node)
        if local is None:
            return updated_node
        self._handled(original_node)
        self.report(original_node, f"rewrote {name} as absl.flags.{member}", kind=Kind.FIXED, subject=name)
        return ecosystem.attribute(local, *member.split("."))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.tf_name(original_node.func)
        if name == "tf.app.run":
            return self._app_run(original_node, updated_node)
        if self._blocked or not self._is_define_call(original_node, name):
            return updated_node
        return updated_node.with_changes(args=[_renamed_keyword(arg) for arg in updated_node.args])

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) == "tf.app.run":  # this rule reports every tf.app.run call itself
            self._handled(node.func)

    def _is_define_call(self, call: cst.Call, name: str | None) -> bool:
        if name is not None:
            member = flag_member(name)
            return bool(member) and member.startswith("DEFINE")
        func = call.func
        return (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and func.value.value in self._alias_statements.values() and func.attr.value.startswith("DEFINE"))

    def _app_run(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        main, argv = _run_arguments(updated)
        if main is None or any(arg.star for arg in updated.args):
            if main is None and not self._defines_main():
                self.report(original, "tf.app.run() runs __main__.main, which this module does not define; left as "
                            "written", action="pass the function to run: absl.app.run(main)", subject="tf.app.run")
                return updated
            main = cst.Name("main")
        flags = self._flags_local(original)
        app = ecosystem.import_module(self, "absl", "app", at=original) if flags else None
        if app is None or flags is None:
            self.report(original, "tf.app.run kept: absl.app cannot be imported under a free name here",
                        action="import absl.app and call absl.app.run(main)", subject="tf.app.run")
            return updated
        parser = cst.parse_expression(TOLERANT_PARSER.format(flags=flags))
        args = [cst.Arg(main)]
        if argv is not None:
            args.append(cst.Arg(argv, keyword=cst.Name("argv"), equal=ecosystem.KEYWORD_EQUAL))
        args.append(cst.Arg(parser, keyword=cst.Name("flags_parser"), equal=ecosystem.KEYWORD_EQUAL))
        self.report(original, "rewrote tf.app.run as absl.app.run, tolerating unknown flags as TF1 did",
                    kind=Kind.FIXED, subject="tf.app.run")
        return cst.Call(ecosystem.attribute(app, "run"), args)

    # -- helpers -------------------------------------------------------
    def _defines_main(self) -> bool:
        modules = self.facts.all(cst.Module)
        return bool(modules) and any(isinstance(s, cst.FunctionDef) and s.name.value == "main" for s in modules[0].body)

    def _handled(self, node: cst.CSTNode) -> None:
        self.mark_handled(id(node))



def _single_assign(statement: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """``name = value`` alone on its line: (name, value)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
        return None
    target = assign.targets[0].target
    return (target.value, assign.value) if isinstance(target, cst.Name) else None


def _renamed_keyword(arg: cst.Arg) -> cst.Arg:
    if arg.keyword is not None and arg.keyword.value in OLD_KEYWORDS:
        return arg.with_changes(keyword=cst.Name(OLD_KEYWORDS[arg.keyword.value]))
    return arg


def _run_arguments(call: cst.Call) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None]:
    """tf.app.run(main=None, argv=None): the main and argv expressions given."""
    main = argv = None
    for index, arg in enumerate(call.args):
        keyword = arg.keyword.value if arg.keyword is not None else ("main", "argv")[index] if index < 2 else None
        if keyword == "main":
            main = arg.value
        elif keyword == "argv":
            argv = arg.value
    return main, argv

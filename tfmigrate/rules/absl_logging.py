"""TFM502: tf.logging -> absl.logging, where the absl call does what the TF1 call did."""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule

# TF1 functions (tensorflow/python/platform/tf_logging.py) whose absl.logging namesake takes the same
# arguments and logs at the same level; tf.logging.warn is absl's warning.
SAME_CALLS: dict[str, str] = {
    "debug": "debug", "info": "info", "warning": "warning", "warn": "warning", "error": "error", "flush": "flush",
}
# Calls whose first argument is a level: TF1 took Python logging levels, absl takes its own, so only
# TF1's level constants (mapped to absl's) make them equal.
LEVEL_CALLS = frozenset({"log", "log_every_n", "log_first_n", "log_if", "set_verbosity"})
LEVELS: dict[str, str] = {"DEBUG": "DEBUG", "INFO": "INFO", "WARN": "WARNING", "ERROR": "ERROR", "FATAL": "FATAL"}
# Calls left as written, with why.
DIFFERENT: dict[str, tuple[str, str]] = {
    "fatal": ("tf.logging.fatal logged and went on; absl.logging.fatal aborts the program",
              "write absl.logging.error to go on, or absl.logging.fatal to stop"),
    "vlog": ("tf.logging.vlog took a Python logging level; absl.logging.vlog takes a verbosity",
             "write absl.logging.log(level, ...) with an absl level"),
    "get_verbosity": ("tf.logging.get_verbosity answered in Python logging levels; absl's in its own",
                      "compare with absl.logging levels after absl.logging.get_verbosity()"),
}


def logging_member(name: str | None) -> str | None:
    return name[len("tf.logging.") :] if name and name.startswith("tf.logging.") else None


class AbslLogging(MigrationRule):
    CODE = "TFM502"
    NAME = "absl-logging"
    DESCRIPTION = "Rewrite tf.logging calls as absl.logging calls that log the same message at the same level."
    WHY = (
        "tf.logging is gone in TF 2. absl.logging, which TensorFlow depends on, has the same functions; "
        "its level constants have other values (absl.logging.INFO is 0, tf.logging.INFO was 20), so a "
        "level is rewritten only when it is written as a tf.logging constant."
    )
    LEAVES = (
        "tf.logging.fatal (absl's aborts the program), vlog and get_verbosity (other level scales), and "
        "levels given as numbers or variables. Messages go through absl's logger instead of the "
        "'tensorflow' logger."
    )
    INSTEAD = "from absl import logging; logging.set_verbosity(logging.INFO); logging.info(...)."
    CASES = (
        Case(
            "import tensorflow as tf\ntf.logging.set_verbosity(tf.logging.INFO)\ntf.logging.info('step %d', 3)\n",
            "import tensorflow as tf\nfrom absl import logging\n\nlogging.set_verbosity(logging.INFO)\n"
            "logging.info('step %d', 3)\n",
            findings=("2:1 TFM502", "3:1 TFM502"),
        ),
        Case(
            "import logging\nimport tensorflow as tf\ntf.logging.warn('x')\nlogging.info('y')\n",
            "import logging\nimport tensorflow as tf\nfrom absl import logging as absl_logging\n\n"
            "absl_logging.warning('x')\nlogging.info('y')\n",
            findings=("3:1 TFM502",),
        ),
        Case(
            "import tensorflow as tf\ntf.logging.log_every_n(tf.logging.WARN, 'loss %f', 10, loss)\n",
            "import tensorflow as tf\nfrom absl import logging\n\nlogging.log_every_n(logging.WARNING, 'loss %f', 10, loss)\n",
            findings=("2:1 TFM502",),
        ),
        Case("import tensorflow as tf\ntf.logging.fatal('bad')\n", findings=("2:1 TFM502",)),
        Case("import tensorflow as tf\ntf.logging.set_verbosity(level)\n", findings=("2:1 TFM502",)),
        Case("import tensorflow as tf\nlevel = tf.logging.INFO\n", findings=("2:9 TFM414",)),
        Case("from absl import logging\nimport tensorflow as tf\nlogging.info('x')\n"),
    )

    def visit_Call(self, node: cst.Call) -> None:
        member = logging_member(self.tf_name(node.func))
        if member:  # every tf.logging call is reported here, converted or not
            self._handled(node.func)
            if member in LEVEL_CALLS and self._level_constant(node):
                self._handled(node.args[0].value)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.tf_name(original_node.func)
        member = logging_member(name)
        if member is None or not isinstance(original_node.func, cst.Attribute):
            return updated_node
        if member in DIFFERENT:
            why, action = DIFFERENT[member]
            self.report(original_node, f"{why}; left as written", action=action, subject=name or "")
            return updated_node
        if member not in SAME_CALLS and member not in LEVEL_CALLS:
            self.report(original_node, f"{name} has no absl.logging counterpart; left as written",
                        action="log through absl.logging or Python's logging", subject=name or "")
            return updated_node
        args = list(updated_node.args)
        if member in LEVEL_CALLS:
            level = self._level(original_node)
            if level is None:
                self.report(original_node, f"{name}'s level is not a tf.logging constant, and absl numbers levels "
                            "differently; left as written", action="write the level as absl.logging.INFO, ...",
                            subject=name or "")
                return updated_node
            args[0] = args[0].with_changes(value=level)
        local = ecosystem.import_module(self, "absl", "logging", at=original_node)
        if local is None:
            self.report(original_node, f"{name} kept: absl.logging cannot be imported under a free name here",
                        action="import absl.logging and call it", subject=name or "")
            return updated_node
        target = SAME_CALLS.get(member, member)
        self.report(original_node, f"rewrote {name} as absl.logging.{target}", kind=Kind.FIXED, subject=name or "")
        return updated_node.with_changes(func=ecosystem.attribute(local, target), args=args)

    def _level_constant(self, call: cst.Call) -> str | None:
        """``INFO`` when the call's level (its first argument) is written as tf.logging.INFO."""
        if not call.args or call.args[0].keyword is not None or call.args[0].star:
            return None
        constant = logging_member(self.tf_name(call.args[0].value))
        return constant if constant in LEVELS else None

    def _level(self, call: cst.Call) -> cst.BaseExpression | None:
        """absl's constant for a level written as a tf.logging constant; None for any other level."""
        constant = self._level_constant(call)
        local = ecosystem.import_module(self, "absl", "logging", at=call) if constant else None
        if constant is None or local is None:
            return None
        return ecosystem.attribute(local, LEVELS[constant])

    def _handled(self, node: cst.CSTNode) -> None:
        self.mark_handled(id(node))

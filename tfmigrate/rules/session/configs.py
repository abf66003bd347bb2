"""Session configs: ``tf.Session(config=tf.ConfigProto(...))`` options as the ``tf.config`` calls that set them.

A TF1 session read its options when it was created. Eager code has no
session: the same options are process settings (``tf.config``), and the
thread counts, device lists and GPU memory growth can only be set before
TensorFlow runs its first operation. Eager code runs each graph line as it
is built, so such an option converts only where no TensorFlow operation
ran above the line that set it. Options that mean nothing without a
session are dropped with a note; any other option leaves the sessions as
written, with a finding that names it.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused, SessionUse, Unsafe
from tfmigrate.rules.session.syntax import string_literal, walk

CONFIG_TYPES = frozenset({"tf.ConfigProto", "tf.GPUOptions"})
# Option -> the TF 2 function that sets it, called with the option's value.
SETTERS: dict[str, str] = {
    "allow_soft_placement": "tf.config.set_soft_device_placement",
    "log_device_placement": "tf.debugging.set_log_device_placement",
    "intra_op_parallelism_threads": "tf.config.threading.set_intra_op_parallelism_threads",
    "inter_op_parallelism_threads": "tf.config.threading.set_inter_op_parallelism_threads",
}
MEMORY_GROWTH = "gpu_options.allow_growth"
DEVICE_COUNT = "device_count"
# Options TF 2 refuses to change once its runtime has started.
BEFORE_FIRST_OP = frozenset({"intra_op_parallelism_threads", "inter_op_parallelism_threads", MEMORY_GROWTH,
                             DEVICE_COUNT})
# Options about sessions themselves: eager code has none, so they mean nothing.
SESSION_ONLY: dict[str, str] = {
    "use_per_session_threads": "eager code has no sessions to give threads of their own",
    "isolate_session_state": "eager code has no sessions whose state could be shared",
}


@dataclasses.dataclass
class Setter:
    """``function(args...)``: one option set for the whole process."""

    function: str
    args: list[cst.BaseExpression]


@dataclasses.dataclass
class MemoryGrowth:
    """``for gpu in tf.config.list_physical_devices('GPU'): tf.config.experimental.set_memory_growth(gpu, value)``."""

    value: cst.BaseExpression
    loop_name: str
    gpu: cst.SimpleString  # 'GPU', quoted as the module quotes


@dataclasses.dataclass
class VisibleGpus:
    """``tf.config.set_visible_devices(the first ``count`` GPUs, 'GPU')``; ``count`` None: no GPU."""

    count: cst.BaseExpression | None
    gpu: cst.SimpleString


Setting = Setter | MemoryGrowth | VisibleGpus


@dataclasses.dataclass
class ConfigStatements:
    """The statements a line that set session options becomes (none: the line goes)."""

    settings: list[Setting]


@dataclasses.dataclass
class SessionConfig:
    """What one session's ``config=`` becomes: statements by the id of the line they replace, and notes."""

    at_line: dict[int, ConfigStatements]  # ConfigProto line / option assignment -> its settings
    at_session: ConfigStatements | None  # an inline config: settings where the session stood
    handled: list[int]  # ids of the ConfigProto / GPUOptions names, which TFM413 must not report
    notes: list[tuple[cst.CSTNode, str]]  # (node, what was done)
    refused: list[Unsafe]  # every option that cannot be carried over


def plan_session_config(a: GraphAnalysis, use: SessionUse, config: cst.BaseExpression) -> SessionConfig:
    """The tf.config calls for a session's ``config=``; refuses an option it cannot carry over, naming it."""
    reader = _ConfigReader(a)
    if isinstance(config, cst.Call) and a.tf_name(config.func) == "tf.ConfigProto":
        settings = reader.settings_of_call(config, use.holder)
        return SessionConfig({}, ConfigStatements(settings), reader.handled, reader.notes, reader.refused)
    if not isinstance(config, cst.Name):
        raise Refused(config, "the session's config is neither a tf.ConfigProto(...) call nor a name bound to one",
                      "pass a tf.ConfigProto built in the module, or set the options with tf.config by hand")
    return reader.named_config(config.value)


class _ConfigReader:
    def __init__(self, a: GraphAnalysis) -> None:
        self.a = a
        self.handled: list[int] = []
        self.notes: list[tuple[cst.CSTNode, str]] = []
        self.refused: list[Unsafe] = []
        self.gpu = string_literal("GPU", a.rule.facts.all(cst.SimpleString))

    def named_config(self, name: str) -> SessionConfig:
        a = self.a
        bindings = a.assignments().get(name, [])
        value = bindings[0][1] if len(bindings) == 1 else None
        statement = a.statement_of(value) if value is not None else None
        if not (isinstance(value, cst.Call) and a.tf_name(value.func) == "tf.ConfigProto" and statement is not None
                and statement in a.statements and len(statement.body) == 1):
            raise Refused(bindings[0][0] if bindings else a.module, f"the session config {name!r} is not bound once, "
                          "on its own module-level line, to a tf.ConfigProto(...) call",
                          "set the options with tf.config by hand")
        at_line = {id(statement): ConfigStatements(self.settings_of_call(value, statement))}
        for access in a.accesses(name, module_level=False):
            line = self._option_assignment(name, access)
            if line is not None:
                option, assigned = line
                option_statement = cst.ensure_type(a.statement_of(access), cst.SimpleStatementLine)
                at_line[id(option_statement)] = ConfigStatements(self.settings(option, assigned, option_statement))
            elif not _is_config_argument(a, access):
                self.refused.append(Unsafe(access, f"the session config {name!r} is used for more than setting "
                                           "options", "set the options with tf.config by hand"))
        return SessionConfig(at_line, None, self.handled, self.notes, self.refused)

    def _option_assignment(self, name: str, access: cst.Name) -> tuple[str, cst.BaseExpression] | None:
        """``config.gpu_options.allow_growth = value`` on its own module-level line: (option path, value)."""
        a = self.a
        statement = a.statement_of(access)
        if statement is None or statement not in a.statements or len(statement.body) != 1:
            return None
        small = statement.body[0]
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return None
        path = _dotted(small.targets[0].target)
        if path is None or path[0] != name or len(path) < 2 or not _root_of(small.targets[0].target, access):
            return None
        return ".".join(path[1:]), small.value

    def settings_of_call(self, call: cst.Call, statement: cst.CSTNode, prefix: str = "") -> list[Setting]:
        """The settings of ``tf.ConfigProto(...)`` / ``tf.GPUOptions(...)`` keywords, in order."""
        self.handled.append(id(call.func))
        settings: list[Setting] = []
        for arg in call.args:
            if arg.keyword is None or arg.star:
                raise Refused(call, f"{self.a.tf_name(call.func)} with positional arguments",
                              "name each option, or set the options with tf.config by hand")
            option = prefix + arg.keyword.value
            value = arg.value
            if option == "gpu_options" and isinstance(value, cst.Call) and self.a.tf_name(value.func) == "tf.GPUOptions":
                settings += self.settings_of_call(value, statement, "gpu_options.")
            else:
                settings += self.settings(option, value, statement)
        return settings

    def settings(self, option: str, value: cst.BaseExpression, statement: cst.CSTNode) -> list[Setting]:
        """One option's settings; a refusal is recorded and the other options are still read."""
        try:
            return self._settings(option, value, statement)
        except Refused as error:
            self.refused.append(error.unsafe)
            return []

    def _settings(self, option: str, value: cst.BaseExpression, statement: cst.CSTNode) -> list[Setting]:
        """Refused when the option has no tf.config form or is set after the first operation."""
        if option in SESSION_ONLY:
            self.notes.append((value, f"dropped the session option {option}: {SESSION_ONLY[option]}"))
            return []
        if option in BEFORE_FIRST_OP:
            self._before_first_op(option, value, statement)
        if option in SETTERS:
            setting: list[Setting] = [Setter(SETTERS[option], [value])]
        elif option == MEMORY_GROWTH:
            setting = [MemoryGrowth(value, self._loop_name(), self.gpu)]
        elif option == DEVICE_COUNT:
            setting = self._device_count(value)
        else:
            raise Refused(value, f"the session option {option} has no tf.config equivalent here",
                          "set it with tf.config by hand, or drop it if it does not matter eagerly")
        self.notes.append((value, f"the session option {option} became {_described(setting)}"))
        return setting

    def _device_count(self, value: cst.BaseExpression) -> list[Setting]:
        """``{'GPU': n}`` keeps n GPUs visible; ``{'CPU': 1}`` is TF 2's own default."""
        if not isinstance(value, cst.Dict):
            raise Refused(value, "the session option device_count is not a dict literal",
                          "set the visible devices with tf.config.set_visible_devices by hand")
        settings: list[Setting] = []
        for element in value.elements:
            key = element.key.evaluated_value if isinstance(element, cst.DictElement) and \
                isinstance(element.key, cst.SimpleString) else None
            count = element.value
            if key == "GPU":
                settings.append(VisibleGpus(None if _is_zero(count) else count, self.gpu))
            elif not (key == "CPU" and isinstance(count, cst.Integer) and count.value == "1"):
                raise Refused(element, f"the session option device_count[{key!r}] has no tf.config equivalent here",
                              "configure the logical devices with tf.config by hand")
        return settings

    def _before_first_op(self, option: str, value: cst.BaseExpression, statement: cst.CSTNode) -> None:
        """TF 2 sets threads and devices only before its runtime starts: no operation may run above."""
        a = self.a
        for top in a.module.body:
            if top is statement or _contains(top, statement):
                return
            if isinstance(top, (cst.FunctionDef, cst.ClassDef)):
                continue
            if any(self._may_run_tensorflow(call) for call in walk(top, cst.Call)):
                raise Refused(value, f"the session option {option} can only be set before TensorFlow runs its "
                              f"first operation, and line {a.line(top)} above it runs TensorFlow eagerly",
                              "set it with tf.config at the top of the module, before any TensorFlow operation")

    def _may_run_tensorflow(self, call: cst.Call) -> bool:
        """A TF call other than a session config, or a call of a function of this module (it may run TF)."""
        name = self.a.tf_name(call.func)
        if name is not None:
            return name not in CONFIG_TYPES and name.startswith("tf.")
        local = {d.name.value for d in self.a.module.body if isinstance(d, (cst.FunctionDef, cst.ClassDef))}
        return isinstance(call.func, cst.Name) and call.func.value in local

    def _loop_name(self) -> str:
        taken = {node.value for node in self.a.rule.facts.all(cst.Name)}
        return next(name for name in ("gpu", "gpu_device", *(f"gpu_{i}" for i in range(1000))) if name not in taken)


def _described(settings: list[Setting]) -> str:
    names = {Setter: lambda s: s.function, MemoryGrowth: lambda s: "tf.config.experimental.set_memory_growth",
             VisibleGpus: lambda s: "tf.config.set_visible_devices"}
    return ", ".join(f"{names[type(s)](s)}()" for s in settings) or "nothing"


def _is_config_argument(a: GraphAnalysis, access: cst.Name) -> bool:
    """``tf.Session(config=name)``."""
    parent = a.parent(access)
    return isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "config" and \
        isinstance(a.parent(parent), cst.Call) and any(use.call is a.parent(parent) for use in a.sessions)


def _dotted(node: cst.BaseExpression) -> list[str] | None:
    """``['config', 'gpu_options', 'allow_growth']`` of ``config.gpu_options.allow_growth``."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    return [node.value, *reversed(parts)] if isinstance(node, cst.Name) else None


def _root_of(target: cst.BaseExpression, name: cst.Name) -> bool:
    while isinstance(target, cst.Attribute):
        target = target.value
    return target is name


def _contains(outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
    return any(node is inner for node in walk(outer, type(inner)))


def _is_zero(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer) and int(node.value, 0) == 0


# -- emitting ------------------------------------------------------------------
def emit_config(rule: MigrationRule, decided: ConfigStatements) -> list[cst.BaseStatement]:
    return [_emit_setting(rule, setting) for setting in decided.settings]


def _emit_setting(rule: MigrationRule, setting: Setting) -> cst.BaseStatement:
    if isinstance(setting, Setter):
        return _expression_line(cst.Call(rule.spell(setting.function), [cst.Arg(v) for v in setting.args]))
    if isinstance(setting, MemoryGrowth):
        grow = cst.Call(rule.spell("tf.config.experimental.set_memory_growth"),
                        [cst.Arg(cst.Name(setting.loop_name)), cst.Arg(setting.value)])
        gpus = cst.Call(rule.spell("tf.config.list_physical_devices"), [cst.Arg(setting.gpu)])
        return cst.For(cst.Name(setting.loop_name), gpus, cst.IndentedBlock([_expression_line(grow)]))
    if setting.count is None:
        devices: cst.BaseExpression = cst.List([])
    else:
        devices = cst.Subscript(cst.Call(rule.spell("tf.config.list_physical_devices"), [cst.Arg(setting.gpu)]),
                                [cst.SubscriptElement(cst.Slice(lower=None, upper=setting.count))])
    return _expression_line(cst.Call(rule.spell("tf.config.set_visible_devices"),
                                     [cst.Arg(devices), cst.Arg(setting.gpu)]))


def _expression_line(value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Expr(value)])

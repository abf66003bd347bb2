"""TFM114: tf.Session().list_devices() printed -> tf.config.list_logical_devices().

TF 1.15's ``BaseSession.list_devices`` listed the devices of a session made
for it: ``_DeviceAttributes`` objects whose repr is
``_DeviceAttributes(/job:localhost/replica:0/task:0/device:CPU:0, CPU,
268435456, <incarnation>)``, the incarnation a random number per process.
TF 2's ``tf.config.list_logical_devices()`` lists the devices the runtime
placed ops on, as ``LogicalDevice(name='/device:CPU:0', device_type='CPU')``.
Both name every CPU and GPU the process sees; only the text differs (and a
TF 1.x build's XLA_CPU/XLA_GPU entries), so the
call converts where its list is only turned into text (``repr``, ``str``,
``print``), as in a log line.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import ecosystem
from tfmigrate.rules.base import Case, MigrationRule

SESSION = "tf.Session"
LOGICAL_DEVICES = "tf.config.list_logical_devices"
# Builtins that only turn the list into text.
TEXT_BUILTINS = frozenset({"repr", "str", "print"})


class ListDevices(MigrationRule):
    CODE = "TFM114"
    NAME = "list-devices"
    DESCRIPTION = "Rewrite tf.Session().list_devices() whose list is only printed as tf.config.list_logical_devices()."
    WHY = (
        "Scripts log the devices TensorFlow sees with repr(tf.Session().list_devices()), and that one "
        "session keeps the whole module on tf.compat.v1. TF 2 lists the same CPUs and GPUs with "
        "tf.config.list_logical_devices(), without making a session."
    )
    LEAVES = (
        "A session made with arguments (a target or a config changes the devices), and a list used other "
        "than as text: TF1's entries carried memory_limit_bytes and incarnation, TF 2's LogicalDevice has "
        "only name and device_type. The printed text differs: LogicalDevice(name='/device:CPU:0', "
        "device_type='CPU') where TF1 printed _DeviceAttributes(/job:localhost/replica:0/task:0/device:CPU:0, "
        "CPU, 268435456, <incarnation>), and XLA_CPU/XLA_GPU entries a TF 1.x build listed are not listed."
    )
    INSTEAD = "tf.config.list_logical_devices() (or tf.config.list_physical_devices()) to see the devices."
    CASES = (
        Case(
            'import tensorflow as tf\nprint("# Devices: %s" % repr(tf.Session().list_devices()))\n',
            'import tensorflow as tf\nprint("# Devices: %s" % repr(tf.config.list_logical_devices()))\n',
            findings=("2:30 TFM114",),
        ),
        Case(
            "import tensorflow as tf\nprint(tf.Session().list_devices())\n",
            "import tensorflow as tf\nprint(tf.config.list_logical_devices())\n",
            findings=("2:7 TFM114",),
        ),
        Case(
            "import tensorflow as tf\nn = len(tf.Session().list_devices())\n",
            findings=("2:9 TFM201",),
        ),
        Case(
            "import tensorflow as tf\nprint(tf.Session(config=c).list_devices())\n",
            findings=("2:7 TFM201",),
        ),
        Case("import tensorflow as tf\nprint(tf.config.list_logical_devices())\n"),
    )

    def visit_Module(self, node: cst.Module) -> None:
        for call in self.facts.all(cst.Call):
            if self._converts(call):
                session = call.func.value  # type: ignore[attr-defined]
                self.mark_handled(id(session), id(session.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not self._converts(original_node):
            return updated_node
        self.report(original_node, f"replaced {SESSION}().list_devices() by {LOGICAL_DEVICES}(): the same CPUs and "
                    "GPUs, printed as LogicalDevice(name='/device:CPU:0', device_type='CPU') instead of TF1's "
                    "_DeviceAttributes(/job:localhost/replica:0/task:0/device:CPU:0, CPU, <memory>, <incarnation>)",
                    kind=Kind.FIXED, subject=SESSION)
        return cst.Call(func=self.spell(LOGICAL_DEVICES))

    def _converts(self, call: cst.Call) -> bool:
        """``tf.Session().list_devices()``, both without arguments, whose list only becomes text."""
        method = call.func
        if call.args or not isinstance(method, cst.Attribute) or method.attr.value != "list_devices":
            return False
        session = method.value
        if not isinstance(session, cst.Call) or session.args or self.tf_name(session.func) != SESSION:
            return False
        return self._only_text(call)

    def _only_text(self, call: cst.Call) -> bool:
        arg = self.parent(call)
        outer = self.parent(arg) if isinstance(arg, cst.Arg) and arg.keyword is None and not arg.star else None
        if not isinstance(outer, cst.Call) or not isinstance(outer.func, cst.Name):
            return False
        name = outer.func.value
        return name in TEXT_BUILTINS and ecosystem.is_free(self, name) and not ecosystem.shadowed(self, call, name)

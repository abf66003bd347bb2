"""What ``import tensorflow`` means on the original (TF1) side of a verification.

The original script is TF1 code run by TF2's ``compat.v1`` in graph mode. Old
scripts also use names that TF removed before 1.0 (``tf.mul``, ``tf.sub``,
...), which TF1 readers still run today by translating them in their heads;
the shim maps each to its successor. It also repairs one class of typo that
has never run anywhere, an attribute chain whose underscore-joined form exists
(``tf.reduce.mean`` -> ``tf.reduce_mean``), and records every alias and
repair so the report shows exactly what the original needed to run.

Runs only inside the verification subprocess.
"""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tfmigrate import api, legacy_layers

# Modules below ``tf`` that hold a pre-1.0 name (``tf.train.SummaryWriter``): the shim wraps them too.
_ALIAS_MODULES = frozenset(name.rpartition(".")[0] for name in api.PRE_1_0_RENAMES) - {"tf"}


@dataclasses.dataclass(frozen=True)
class Substitution:
    """One name the original needed changed in order to run."""

    kind: str  # "alias" (pre-1.0 name), "repair" (a typo that never ran) or "signature" (TF 0.x's)
    written: str
    resolved: str
    line: int

    def describe(self) -> str:
        """One report line: ``original used pre-1.0 name: tf.mul -> tf.multiply (line 7)``."""
        return f"original {SUBSTITUTION_KINDS[self.kind]}: {self.written} -> {self.resolved} (line {self.line})"


SUBSTITUTION_KINDS = {"alias": "used pre-1.0 name", "repair": "repaired at run time",
                      "signature": "ran with TF 0.x signature"}


class SubstitutionLog:
    """Substitutions in first-use order, each (written, line) pair once."""

    def __init__(self, user_line: Callable[[], int]) -> None:
        self.user_line = user_line
        self.entries: list[Substitution] = []
        self._seen: set[tuple[str, int]] = set()

    def add(self, kind: str, written: str, resolved: str) -> None:
        line = self.user_line()
        if (written, line) not in self._seen:
            self._seen.add((written, line))
            self.entries.append(Substitution(kind, written, resolved, line))


def _resolve_dotted(root: Any, dotted: str) -> Any:
    value = root
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


class _PendingChain:
    """``tf.reduce``: not a name, but the start of one (``tf.reduce_mean``)."""

    def __init__(self, shim: "TF1Module", parts: list[str]) -> None:
        self._shim = shim
        self._parts = parts

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._shim._resolve_chain(self._parts + [name])

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise AttributeError(f"module 'tensorflow' has no attribute '{'.'.join(self._parts)}'")

    def __repr__(self) -> str:
        return f"<unresolved tensorflow.{'.'.join(self._parts)}>"


class _AliasedModule(ModuleType):
    """A ``tf.compat.v1`` submodule (``tf.train``) plus the pre-1.0 names that lived in it."""

    def __init__(self, shim: "TF1Module", real: Any, dotted: str) -> None:
        super().__init__(dotted, getattr(real, "__doc__", None))
        self._shim = shim
        self._real = real
        self._dotted = dotted

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or hasattr(self._real, name):
            return getattr(self._real, name)
        return self._shim._pre_1_0(f"{self._dotted}.{name}")


class TF1Module(ModuleType):
    """``tensorflow`` as a TF1 script sees it: compat.v1 plus pre-1.0 names and repairs.

    The pre-1.0 names and the chain repair are the migration's own
    (``tfmigrate.api``), so verify can run every original the migration reads.
    """

    def __init__(self, v1: Any, log: SubstitutionLog, overrides: dict[str, Any] | None = None) -> None:
        super().__init__("tensorflow", "TensorFlow 1 API (tfmigrate verification shim)")
        self._v1 = v1
        self._log = log
        self._names = set(dir(v1))
        self._overrides = overrides or {}

    def __getattr__(self, name: str) -> Any:
        if name == "__version__":
            return getattr(self._v1, name)  # scripts print it; it names the TF actually running
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._overrides:
            return self._overrides[name]
        written = f"tf.{name}"
        if name in self._names or hasattr(self._v1, name):
            value = getattr(self._v1, name)
            return _AliasedModule(self, value, written) if written in _ALIAS_MODULES else value
        if written in api.PRE_1_0_RENAMES:
            return self._pre_1_0(written)
        if api.may_be_repaired(written):
            return _PendingChain(self, [name])
        raise AttributeError(f"module 'tensorflow' has no attribute '{name}'")

    def __dir__(self) -> list[str]:
        top_level = {name[len("tf."):] for name in api.PRE_1_0_RENAMES if name.count(".") == 1}
        return sorted(self._names | top_level)

    def _pre_1_0(self, written: str) -> Any:
        """What a name removed in TF 1.0 became, recorded as an alias."""
        successor = api.PRE_1_0_RENAMES.get(written)
        if successor is None:
            module, _, name = written.rpartition(".")
            raise AttributeError(f"module '{module.replace('tf', 'tensorflow', 1)}' has no attribute '{name}'")
        self._log.add("alias", written, successor)
        return _resolve_dotted(self._v1, successor[len("tf."):])

    def _resolve_chain(self, parts: list[str]) -> Any:
        written = "tf." + ".".join(parts)
        meant = api.repair(written)
        if meant is not None:
            self._log.add("repair", written, meant)
            return _resolve_dotted(self, meant[len("tf."):])
        if api.may_be_repaired(written):
            return _PendingChain(self, parts)
        raise AttributeError(f"module 'tensorflow' has no attribute '{parts[0]}'")


def make_builtins(shim: TF1Module) -> dict[str, Any]:
    """Builtins for the user's script in which ``import tensorflow`` gives the shim.

    Only the script's own imports change (functions defined in it share its
    globals, so theirs too); TensorFlow and Keras keep the real module.
    """
    real_import = builtins.__import__

    def tf1_import(name: str, globals: Any = None, locals: Any = None,
                   fromlist: Any = (), level: int = 0) -> Any:
        module = real_import(name, globals, locals, fromlist, level)
        if level == 0 and name == "tensorflow":
            return shim
        return module

    table = dict(vars(builtins))
    table["__import__"] = tf1_import
    return table


TF_KERAS_NEEDED = ("the original uses tf.layers, which TensorFlow 2.16 and later run only with the tf-keras "
                   "package (Keras 2): pip install tf-keras")


class TFLayersNeedTFKeras(ImportError):
    """tf.layers was used, and the tf-keras package that holds it today is not installed."""


class _LegacyLayers(ModuleType):
    """``tf.layers`` as TF 1.x had it: Keras 2's legacy layers from tf-keras, imported on first use.

    With Keras 3, every member of ``tf.compat.v1.layers`` raises. Routing the
    whole process to Keras 2 (``TF_USE_LEGACY_KERAS=1``) would also change what
    ``tf.keras`` means for the original; only ``tf.layers`` changes here.
    """

    def __init__(self) -> None:
        super().__init__("tensorflow.compat.v1.layers", "tf.layers, served by tf-keras")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        import importlib  # noqa: PLC0415

        try:
            layers = importlib.import_module(legacy_layers.MODULE)
        except ImportError:
            raise TFLayersNeedTFKeras(TF_KERAS_NEEDED) from None
        return getattr(layers, name)


def _route_tf_layers(v1: Any) -> None:
    """``tf.layers`` is tf-keras's on every path to compat.v1, ``import tensorflow.compat.v1 as tf`` too.

    That import does not pass through the shim, and it binds a module object
    of its own (``sys.modules["tensorflow.compat.v1"]``), not ``tf.compat.v1``.
    """
    import importlib  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from tfmigrate.verify.rng import set_everywhere  # noqa: PLC0415

    importlib.import_module("tensorflow.compat.v1")
    layers = _LegacyLayers()
    modules = [v1] + [module for name, module in list(sys.modules.items())
                      if module is not None and name.startswith("tensorflow") and name.endswith("compat.v1")]
    for module in modules:
        set_everywhere(module, "layers", layers)


def make_tf1_module(log: SubstitutionLog, written_for: str | None = None) -> TF1Module:
    """The shim; ``written_for="0.x"`` gives ``tf.nn`` the cross-entropy signatures of TF 0.x."""
    import tensorflow as tf  # noqa: PLC0415 - subprocess only

    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    _route_tf_layers(v1)
    overrides: dict[str, Any] = {}
    if written_for == "0.x":
        from tfmigrate.api import TF0_LOSS_ORDER  # noqa: PLC0415 - subprocess only
        from tfmigrate.verify.tf0_signatures import TF0Nn  # noqa: PLC0415

        def used(name: str) -> None:
            log.add("signature", name, f"({', '.join(TF0_LOSS_ORDER[name][:-1])})")

        overrides["nn"] = TF0Nn(v1.nn, used)
    return TF1Module(v1, log, overrides)

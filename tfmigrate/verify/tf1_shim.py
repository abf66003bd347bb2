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

# Pre-1.0 names and their 1.x successors; a dotted successor is looked up
# attribute by attribute from the top of ``tensorflow.compat.v1``.
PRE_1_0_ALIASES: dict[str, str] = {
    "mul": "multiply",
    "sub": "subtract",
    "neg": "negative",
    "pack": "stack",
    "unpack": "unstack",
    "select": "where",
    "batch_matmul": "matmul",
    "listdiff": "setdiff1d",
    "complex_abs": "abs",
    "initialize_local_variables": "local_variables_initializer",
    "initialize_variables": "variables_initializer",
    "all_variables": "global_variables",
    "scalar_summary": "summary.scalar",
    "histogram_summary": "summary.histogram",
    "image_summary": "summary.image",
    "audio_summary": "summary.audio",
    "merge_summary": "summary.merge",
    "merge_all_summaries": "summary.merge_all",
}


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


class TF1Module(ModuleType):
    """``tensorflow`` as a TF1 script sees it: compat.v1 plus aliases and repairs."""

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
        if name in self._names or hasattr(self._v1, name):
            return getattr(self._v1, name)
        if name in PRE_1_0_ALIASES:
            successor = PRE_1_0_ALIASES[name]
            self._log.add("alias", f"tf.{name}", f"tf.{successor}")
            return _resolve_dotted(self._v1, successor)
        if any(known.startswith(name + "_") for known in self._names):
            return _PendingChain(self, [name])
        raise AttributeError(f"module 'tensorflow' has no attribute '{name}'")

    def __dir__(self) -> list[str]:
        return sorted(self._names | set(PRE_1_0_ALIASES))

    def _resolve_chain(self, parts: list[str]) -> Any:
        joined = "_".join(parts)
        if joined in self._names:
            self._log.add("repair", "tf." + ".".join(parts), f"tf.{joined}")
            return getattr(self._v1, joined)
        if any(known.startswith(joined + "_") for known in self._names):
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


def make_tf1_module(log: SubstitutionLog, written_for: str | None = None) -> TF1Module:
    """The shim; ``written_for="0.x"`` gives ``tf.nn`` the cross-entropy signatures of TF 0.x."""
    import tensorflow as tf  # noqa: PLC0415 - subprocess only

    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    overrides: dict[str, Any] = {}
    if written_for == "0.x":
        from tfmigrate.api import TF0_LOSS_ORDER  # noqa: PLC0415 - subprocess only
        from tfmigrate.verify.tf0_signatures import TF0Nn  # noqa: PLC0415

        def used(name: str) -> None:
            log.add("signature", name, f"({', '.join(TF0_LOSS_ORDER[name][:-1])})")

        overrides["nn"] = TF0Nn(v1.nn, used)
    return TF1Module(v1, log, overrides)

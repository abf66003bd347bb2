"""``tf.nn`` as TF 0.x code saw it: the cross-entropy losses took logits first.

``tf.compat.v1`` has the TF 1.x/2 signatures, which read
``sigmoid_cross_entropy_with_logits(x, z)`` as ``labels=x, logits=z``. A script
whose evidence says it was written for TF 0.x meant ``logits=x, targets=z``,
so its verification runs it with the 0.x signatures
(``tfmigrate.api.TF0_LOSS_ORDER``); every other name is compat.v1's own.

Runs only inside the verification subprocess.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from tfmigrate import api


def tf0_loss(v1_function: Callable[..., Any], short: str, order: tuple[str, ...],
             on_call: Callable[[], None]) -> Callable[..., Any]:
    """``v1_function`` behind its TF 0.x signature ``order`` (positions and keywords)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if len(args) > len(order):
            raise TypeError(f"{short}() takes at most {len(order)} positional arguments ({len(args)} given)")
        bound = dict(zip(order, args))
        for key, value in kwargs.items():
            if key not in order:
                raise TypeError(f"{short}() got an unexpected keyword argument {key!r} (TF 0.x signature)")
            if key in bound:
                raise TypeError(f"{short}() got multiple values for argument {key!r}")
            bound[key] = value
        on_call()
        return v1_function(**{api.LOSS_KEYWORD_RENAMES.get(key, key): value for key, value in bound.items()})

    call.__name__ = short
    return call


class TF0Nn(ModuleType):
    """compat.v1's ``tf.nn`` with the cross-entropy losses of TF 0.x."""

    def __init__(self, v1_nn: Any, on_call: Callable[[str], None]) -> None:
        super().__init__("tensorflow.nn", "tf.nn with TF 0.x cross-entropy signatures (tfmigrate verification)")
        self._v1_nn = v1_nn
        self._losses: dict[str, Callable[..., Any]] = {}
        for name, order in api.TF0_LOSS_ORDER.items():
            short = name.rsplit(".", 1)[-1]
            self._losses[short] = tf0_loss(getattr(v1_nn, short), short, order,
                                           lambda name=name: on_call(name))

    def __getattr__(self, name: str) -> Any:
        if name in self._losses:
            return self._losses[name]
        return getattr(self._v1_nn, name)

    def __dir__(self) -> list[str]:
        return sorted(set(dir(self._v1_nn)) | set(self._losses))

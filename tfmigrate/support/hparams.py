"""``tf.contrib.training.HParams`` for TF 2, which has no hyperparameter container.

Migrated code imports :class:`HParams` from here (rule TFM505). It keeps TF
1.x's behaviour: each hyperparameter's type is fixed by its first value;
``set_hparam``, ``override_from_dict``, ``parse`` and ``parse_json`` cast
compatible values (an int into a float hyperparameter) and raise
``ValueError`` on the others (a float into an int, a bool into a number, a
number into a string); ``parse`` reads TF1's ``name=value,list=[a,b]`` syntax.

Not carried over: ``to_proto``/``from_proto`` and the ``hparam_def=``
argument, which read and wrote TF1's ``HParamDef`` protocol buffer; TF 2 has
no such message. They raise :class:`NotImplementedError` saying so.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

# name[index]=value or name=[v1,v2]; clauses are separated by commas.
_CLAUSE = re.compile(
    r"(?P<name>[a-zA-Z][\w.]*)(\[\s*(?P<index>\d+)\s*\])?\s*=\s*"
    r"((?P<val>[^,\[]*)|\[(?P<vals>[^\]]*)\])($|,\s*)"
)
_PROTO_GONE = "HParams protocol buffers (HParamDef) were TF1 contrib's; TF 2 has none: keep hyperparameters as JSON"


def _cast(name: str, param_type: type, value: Any) -> Any:
    """``value`` as a ``param_type``, or ValueError when TF1's HParams refused that combination."""
    if type(value) is param_type or issubclass(param_type, type(None)):
        return value
    refused = (
        (issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)))
        or issubclass(param_type, bool) != isinstance(value, bool)
        or (issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral))
        or (issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number))
    )
    if refused:
        raise ValueError(f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}")
    return param_type(value)


def _bad_value(name: str, param_type: type, text: str, values: str) -> ValueError:
    return ValueError(f"Could not parse hparam '{name}' of type '{param_type.__name__}' with value '{text}' in {values}")


def _repeated(name: str, values: str) -> ValueError:
    return ValueError(f"Multiple assignments to variable '{name}' in {values}")


def _reader(name: str, param_type: type, values: str) -> Callable[[str], Any]:
    """How one value's text becomes a value: booleans also take true/false and integers."""
    if param_type is not bool:
        return param_type

    def read_bool(text: str) -> bool:
        if text in ("true", "True"):
            return True
        if text in ("false", "False"):
            return False
        try:
            return bool(int(text))
        except ValueError:
            raise _bad_value(name, param_type, text, values) from None

    return read_bool


def parse_values(values: str, type_map: Mapping[str, type], ignore_unknown: bool = False) -> dict[str, Any]:
    """``"x=5,L=[1,2],arr[1]=3"`` -> ``{"x": 5, "L": [1, 2], "arr": {1: 3}}``, each value read as its type."""
    parsed: dict[str, Any] = {}
    position = 0
    while position < len(values):
        match = _CLAUSE.match(values, position)
        if not match:
            raise ValueError(f"Malformed hyperparameter value: {values[position:]}")
        position = match.end()
        name = match["name"]
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError(f"Unknown hyperparameter type for {name}")
        param_type = type_map[name]
        read = _reader(name, param_type, values)
        if match["val"] is not None:
            _store_scalar(parsed, name, match["index"], _read_one(read, name, param_type, match["val"], values), values)
        elif match["vals"] is not None:
            _store_list(parsed, name, match["index"], read, param_type, match["vals"], values)
        else:
            raise _bad_value(name, param_type, "", values)
    return parsed


def _read_one(read: Callable[[str], Any], name: str, param_type: type, text: str, values: str) -> Any:
    try:
        return read(text)
    except ValueError:
        raise _bad_value(name, param_type, text, values) from None


def _store_scalar(parsed: dict[str, Any], name: str, index: str | None, value: Any, values: str) -> None:
    if not index:
        if name in parsed:
            raise _repeated(name, values)
        parsed[name] = value
        return
    slots = parsed.setdefault(name, {})
    if not isinstance(slots, dict):
        raise _repeated(name, values)
    if int(index) in slots:
        raise _repeated(f"{name}[{int(index)}]", values)
    slots[int(index)] = value


def _store_list(parsed: dict[str, Any], name: str, index: str | None, read: Callable[[str], Any],
                param_type: type, text: str, values: str) -> None:
    if index is not None:
        raise ValueError("Assignment of a list to a list index.")
    if name in parsed:
        raise _repeated(name, values)
    try:
        parsed[name] = [read(element) for element in re.split("[ ,]", text) if element]
    except ValueError:
        raise _bad_value(name, param_type, text, values) from None


class HParams:
    """Named hyperparameters whose types are fixed when they are added; see the module docstring."""

    def __init__(self, hparam_def: object = None, model_structure: object = None, **kwargs: Any) -> None:
        self._hparam_types: dict[str, tuple[type, bool]] = {}
        self._model_structure = model_structure
        if hparam_def:
            raise NotImplementedError(_PROTO_GONE)
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name: str, value: Any) -> None:
        """A new hyperparameter; its type (or its elements' type, for a list or tuple) is fixed from here on."""
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        """Set an existing hyperparameter (KeyError if there is none), cast to its type."""
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, element) for element in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name: str) -> None:
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values: str) -> HParams:
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict: Mapping[str, Any]) -> HParams:
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map: Mapping[str, Any]) -> HParams:
        return self.override_from_dict(values_map)

    def set_model_structure(self, model_structure: object) -> None:
        self._model_structure = model_structure

    def get_model_structure(self) -> object:
        return self._model_structure

    def to_json(self, indent: int | None = None, separators: tuple[str, str] | None = None,
                sort_keys: bool = False) -> str:
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json: str) -> HParams:
        return self.override_from_dict(json.loads(values_json))

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when there is no such hyperparameter; a default of the wrong type raises."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            self._check_default(key, default)
        return getattr(self, key)

    def _check_default(self, key: str, default: Any) -> None:
        param_type, is_list = self._hparam_types[key]
        kind = f"list<{param_type}>" if is_list else str(param_type)
        refusal = f"Hparam '{key}' of type '{kind}' is incompatible with default={default}"
        if is_list != isinstance(default, list):
            raise ValueError(refusal)
        try:
            for element in default if is_list else [default]:
                _cast(key, param_type, element)
        except ValueError as error:
            raise ValueError(f"{refusal}. {error}") from None

    def to_proto(self, export_scope: object = None) -> object:
        raise NotImplementedError(_PROTO_GONE)

    @staticmethod
    def from_proto(hparam_def: object, import_scope: object = None) -> HParams:
        raise NotImplementedError(_PROTO_GONE)

    def __contains__(self, key: object) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return ",".join(f"{name}={value}" for name, value in self.values().items())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({sorted(self.values().items())})"

"""tfmigrate.support.hparams.HParams behaves as TF 1.15's tf.contrib.training.HParams.

Each row is an expression and what it gave with TF 1.15's own HParams class
(``tensorflow_core/contrib/training/python/training/hparam.py`` from the
tensorflow-cpu 1.15.0 wheel, run on Python 3.11): a value as ``= repr`` or an
error as ``Type: message``. ``scripts/gold_hparams.py`` reruns them against
that file. The class under test never produced these values.
"""

from __future__ import annotations

from typing import Any

import pytest

from tfmigrate.support.hparams import HParams

# (what it checks, expression, what TF 1.15 gave)
TF1_OUTCOMES: list[tuple[str, str, str]] = [
    ('values keep their types',
     "HParams(lr=0.1, n=3, act='relu', flag=False).values()",
     "= {'lr': 0.1, 'n': 3, 'act': 'relu', 'flag': False}"),
    ('str lists name=value in insertion order',
     "str(HParams(b=2, a=[1, 2], c='x'))",
     "= 'b=2,a=[1, 2],c=x'"),
    ('repr sorts by name',
     "repr(HParams(b=2, a=[1, 2], c='x'))",
     '= "HParams([(\'a\', [1, 2]), (\'b\', 2), (\'c\', \'x\')])"'),
    ('an int goes into a float',
     "_set(HParams(lr=0.1), 'lr', 1)",
     "= (1.0, 'float')"),
    ('a float does not go into an int',
     "_set(HParams(n=3), 'n', 1.5)",
     "ValueError: Could not cast hparam 'n' of type '<class 'int'>' from value 1.5"),
    ('a bool does not go into an int',
     "_set(HParams(n=3), 'n', True)",
     "ValueError: Could not cast hparam 'n' of type '<class 'int'>' from value True"),
    ('an int does not go into a bool',
     "_set(HParams(flag=False), 'flag', 1)",
     "ValueError: Could not cast hparam 'flag' of type '<class 'bool'>' from value 1"),
    ('a bool does not go into a float',
     "_set(HParams(lr=0.5), 'lr', True)",
     "ValueError: Could not cast hparam 'lr' of type '<class 'float'>' from value True"),
    ('a number does not go into a string',
     "_set(HParams(act='relu'), 'act', 3)",
     "ValueError: Could not cast hparam 'act' of type '<class 'str'>' from value 3"),
    ('bytes go into a string',
     "_set(HParams(act='relu'), 'act', b'tanh')",
     '= ("b\'tanh\'", \'str\')'),
    ('a string does not go into a float',
     "_set(HParams(lr=0.5), 'lr', '0.1')",
     "ValueError: Could not cast hparam 'lr' of type '<class 'float'>' from value '0.1'"),
    ('an unknown name',
     "_set(HParams(n=3), 'missing', 1)",
     "KeyError: 'missing'"),
    ('a name added twice',
     "HParams(n=3).add_hparam('n', 4)",
     'ValueError: Hyperparameter name is reserved: n'),
    ("a method's name is reserved",
     'HParams(values=1)',
     'ValueError: Hyperparameter name is reserved: values'),
    ('an empty list',
     'HParams(a=[])',
     'ValueError: Multi-valued hyperparameters cannot be empty: a'),
    ("a list's element type is fixed by its first element",
     "_set(HParams(l=[1, 2]), 'l', [3.0])",
     "ValueError: Could not cast hparam 'l' of type '<class 'int'>' from value 3.0"),
    ('a list needs a list',
     "_set(HParams(l=[1, 2]), 'l', 5)",
     'ValueError: Must pass a list for multi-valued parameter: l.'),
    ('a scalar refuses a list',
     "_set(HParams(n=1), 'n', [5])",
     'ValueError: Must not pass a list for single-valued parameter: n'),
    ('ints go into a float list',
     "_set(HParams(f=[1.0]), 'f', [1, 2])",
     "= ([1.0, 2.0], 'list')"),
    ('a tuple is a list hyperparameter',
     "_set(HParams(t=(1, 2)), 't', [3, 4])",
     "= ([3, 4], 'list')"),
    ('a tuple value is kept as given',
     'HParams(t=(1, 2)).values()',
     "= {'t': (1, 2)}"),
    ('a None hyperparameter takes anything',
     "_set(HParams(x=None), 'x', 'anything')",
     "= ('anything', 'str')"),
    ('a None hyperparameter can be added again',
     "_add(HParams(x=None), 'x', 3)",
     "= {'x': 3}"),
    ('parse reads every type',
     "HParams(a=1, b=2.0, c='x', d=True, l=[1]).parse('a=3,b=4,c=y,d=false,l=[5,6]').values()",
     "= {'a': 3, 'b': 4.0, 'c': 'y', 'd': False, 'l': [5, 6]}"),
    ('parse reads booleans as numbers too',
     "HParams(d=True, e=False).parse('d=0,e=7').values()",
     "= {'d': False, 'e': True}"),
    ('parse refuses another boolean word',
     "HParams(d=True).parse('d=maybe')",
     "ValueError: Could not parse hparam 'd' of type 'bool' with value 'maybe' in d=maybe"),
    ('parse refuses an unknown name',
     "HParams(a=1).parse('z=1')",
     'ValueError: Unknown hyperparameter type for z'),
    ('parse refuses a repeated name',
     "HParams(a=1).parse('a=1,a=2')",
     "ValueError: Multiple assignments to variable 'a' in a=1,a=2"),
    ('parse refuses a clause without a value',
     "HParams(a=1).parse('a')",
     'ValueError: Malformed hyperparameter value: a'),
    ('parse refuses an index into a list',
     "HParams(l=[1, 2]).parse('l[0]=5')",
     'ValueError: Must pass a list for multi-valued parameter: l.'),
    ('parse refuses a list assigned to an index',
     "HParams(l=[1, 2]).parse('l[0]=[5]')",
     'ValueError: Assignment of a list to a list index.'),
    ('parse refuses a float for an int',
     "HParams(a=1).parse('a=1.5')",
     "ValueError: Could not parse hparam 'a' of type 'int' with value '1.5' in a=1.5"),
    ('parse keeps spaces inside a string',
     "HParams(c='x').parse('c=hello world').values()",
     "= {'c': 'hello world'}"),
    ('parse splits lists on spaces and commas',
     "HParams(l=[1.0]).parse('l=[1 2,, 3]').values()",
     "= {'l': [1.0, 2.0, 3.0]}"),
    ('parse refuses a bad list element',
     "HParams(l=[1]).parse('l=[1,x]')",
     "ValueError: Could not parse hparam 'l' of type 'int' with value '1,x' in l=[1,x]"),
    ('parse allows spaces around = and after commas',
     "HParams(a=1, b=2).parse('a = 5,  b=6').values()",
     "= {'a': 5, 'b': 6}"),
    ('parse of an empty string changes nothing',
     "HParams(a=1).parse('').values()",
     "= {'a': 1}"),
    ('parse_json',
     'HParams(a=1, l=[1.0]).parse_json(\'{"a": 7, "l": [2, 3]}\').values()',
     "= {'a': 7, 'l': [2.0, 3.0]}"),
    ('parse_json refuses a mismatched type',
     'HParams(a=1).parse_json(\'{"a": "seven"}\')',
     "ValueError: Could not cast hparam 'a' of type '<class 'int'>' from value 'seven'"),
    ('to_json keeps insertion order',
     "HParams(b=2, a=[1, 2], c='x').to_json()",
     '= \'{"b": 2, "a": [1, 2], "c": "x"}\''),
    ('to_json sorted and indented',
     'HParams(b=2, a=1).to_json(indent=2, sort_keys=True)',
     '= \'{\\n  "a": 1,\\n  "b": 2\\n}\''),
    ('to_json with separators',
     "HParams(b=2, a=1).to_json(separators=(',', ':'))",
     '= \'{"b":2,"a":1}\''),
    ('get a value',
     "HParams(a=1).get('a')",
     '= 1'),
    ('get a missing name gives the default',
     "HParams(a=1).get('zz', 5)",
     '= 5'),
    ('get refuses a default of another type',
     "HParams(a=1).get('a', 'str')",
     "ValueError: Hparam 'a' of type '<class 'int'>' is incompatible with default=str. Could not cast hparam 'a' of type '<class 'int'>' from value 'str'"),
    ('get refuses a scalar default for a list',
     "HParams(l=[1]).get('l', 3)",
     "ValueError: Hparam 'l' of type 'list<<class 'int'>>' is incompatible with default=3"),
    ('get accepts a compatible list default',
     "HParams(l=[1.0]).get('l', [2])",
     '= [1.0]'),
    ('del_hparam removes it',
     "_del(HParams(a=1, b=2), 'a')",
     "= ({'b': 2}, False, False)"),
    ('del_hparam of a missing name does nothing',
     "_del(HParams(a=1), 'zz')",
     "= ({'a': 1}, False, False)"),
    ('override_from_dict returns the same object',
     '_same_after_override(HParams(a=1))',
     '= (True, 2)'),
    ('in',
     "('a' in HParams(a=1), 'b' in HParams(a=1))",
     '= (True, False)'),
    ('the model structure is kept',
     "_structure(HParams(a=1, model_structure='s'))",
     "= ('s', 't')"),
]


def _set(h: Any, name: str, value: Any) -> tuple[Any, str]:
    h.set_hparam(name, value)
    return (getattr(h, name), type(getattr(h, name)).__name__)


def _add(h: Any, name: str, value: Any) -> Any:
    h.add_hparam(name, value)
    return h.values()


def _del(h: Any, name: str) -> tuple[Any, bool, bool]:
    h.del_hparam(name)
    return (h.values(), name in h, hasattr(h, name))


def _same_after_override(h: Any) -> tuple[bool, Any]:
    return h.override_from_dict({"a": 2}) is h, h.a


def _structure(h: Any) -> tuple[Any, Any]:
    first = h.get_model_structure()
    h.set_model_structure("t")
    return first, h.get_model_structure()


def outcome(expression: str, namespace: dict[str, Any]) -> str:
    try:
        return "= " + repr(eval(expression, namespace))
    except Exception as error:  # noqa: BLE001 - the outcome is what is compared
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize(("label", "expression", "expected"), TF1_OUTCOMES, ids=[row[0] for row in TF1_OUTCOMES])
def test_behaves_as_tf1(label: str, expression: str, expected: str) -> None:
    namespace = {**globals(), "HParams": HParams}
    assert outcome(expression, namespace) == expected


def test_protocol_buffers_say_tf_2_has_none() -> None:
    for call in (lambda: HParams(hparam_def=b"x"), lambda: HParams(a=1).to_proto(), lambda: HParams.from_proto(b"x")):
        with pytest.raises(NotImplementedError, match="HParamDef"):
            call()

"""Private TensorFlow names -> the public name of the same object (TFM105): before/after, no-ops, identity.

The tables run the whole engine. The identity tests import TensorFlow (in this
one process) and check, with ``is``, that every public name the rule can write
for a private one is the very object the private name stands for.
"""

from __future__ import annotations

import importlib
import types

import pytest

from tfmigrate import exports
from tfmigrate.engine import migrate_source

# (before, after, fallback)
PAIRS = [
    # module import + attribute: TF 2 exports the same function
    ("import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\ng = control_flow_ops.group(a, b)\n",
     "import tensorflow as tf\ng = tf.group(a, b)\n", "none"),
    # an object TF 2 moved since TF1 (array_ops.unstack is array_ops_stack.unstack now): TF 1.15's tree links it
    ("import tensorflow as tf\nfrom tensorflow.python.ops import array_ops as A\nxs = A.unstack(A.reshape(img, [3, -1]), 3)\n",
     "import tensorflow as tf\nxs = tf.unstack(tf.reshape(img, [3, -1]), 3)\n", "none"),
    # ``import a.b.c as y``
    ("import tensorflow as tf\nimport tensorflow.python.ops.math_ops as mo\ny = mo.cumsum(a, 1)\n",
     "import tensorflow as tf\ny = tf.cumsum(a, 1)\n", "none"),
    # ``from module import name``, aliased, with no TensorFlow import of its own
    ("from tensorflow.python.framework.ops import Tensor as T\nok = isinstance(x, T)\n",
     "import tensorflow as tf\n\nok = isinstance(x, tf.Tensor)\n", "none"),
    # a re-export through the private module (nn.l2_normalize is nn_impl's)
    ("import tensorflow as tf\nfrom tensorflow.python.ops import nn\ny = nn.l2_normalize(x, 1)\n",
     "import tensorflow as tf\ny = tf.linalg.l2_normalize(x, 1)\n", "none"),
    # only tf.compat.v1 has TF1's while_loop and cond: spelled so in the compat state where TFM106 cannot make
    # TF 2's namesakes return the same (an argument TF 2 dropped)
    ("import tensorflow as tf\nfrom tensorflow.python.ops import tensor_array_ops, control_flow_ops\n"
     "ta = tensor_array_ops.TensorArray(tf.float32, size=3)\n"
     "_, out = control_flow_ops.while_loop(lambda i, t: i < 3, body, (i, ta), return_same_structure=True)\n",
     "import tensorflow as tf\n"
     "ta = tf.TensorArray(tf.float32, size=3)\n"
     "_, out = tf.compat.v1.while_loop(lambda i, t: i < 3, body, (i, ta), return_same_structure=True)\n", "compat"),
    ("import tensorflow as tf\nfrom tensorflow.python.ops.control_flow_ops import cond\ny = cond(p, f, g, True)\n",
     "import tensorflow as tf\ny = tf.compat.v1.cond(p, f, g, True)\n", "compat"),
    # the public part of a longer chain
    ("import tensorflow as tf\nfrom tensorflow.python.framework import ops\nc = [ops.GraphKeys.LOCAL_VARIABLES]\n",
     "import tensorflow as tf\nc = [tf.compat.v1.GraphKeys.LOCAL_VARIABLES]\n", "compat"),
    # the import stays for a name with no public form
    ("import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
     "g = control_flow_ops.group(a)\ny = control_flow_ops.with_dependencies([g], x)\n",
     "import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
     "g = tf.group(a)\ny = control_flow_ops.with_dependencies([g], x)\n", "compat"),
    # tf.contrib's private modules that tf_slim holds
    ("import tensorflow as tf\nfrom tensorflow.contrib.framework.python.ops import add_arg_scope\n"
     "from tensorflow.contrib.layers.python.layers import utils\n"
     "@add_arg_scope\ndef f(x, c=None):\n    return utils.collect_named_outputs(c, 'f', x)\n",
     "import tensorflow as tf\nfrom tf_slim.ops.arg_scope import add_arg_scope\n"
     "from tf_slim.layers import utils\n"
     "@add_arg_scope\ndef f(x, c=None):\n    return utils.collect_named_outputs(c, 'f', x)\n", "compat"),
    ("import tensorflow as tf\nfrom tensorflow.contrib.slim.python.slim.data import parallel_reader\n"
     "files = parallel_reader.get_data_files(src)\n",
     "import tensorflow as tf\nfrom tf_slim.data import parallel_reader\nfiles = parallel_reader.get_data_files(src)\n",
     "compat"),
    # a contrib module that only re-exported core TF: the core's public name
    ("import tensorflow as tf\nfrom tensorflow.contrib.metrics.python.ops import set_ops\nn = set_ops.set_size(s)\n",
     "import tensorflow as tf\nn = tf.sets.size(s)\n", "none"),
]

NO_OPS = [
    ("import tensorflow as tf\ny = tf.unstack(x, 3)\n", "compat"),
    # TF1's cond is not TF 2's tf.cond: with the fallback off it stays, reported
    ("import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
     "y = control_flow_ops.cond(p, f, g, strict=True)\n", "none"),
    # a module left whole (tf.contrib.tpu has no TF 2 form) gets no tf.compat.v1 spelling from this rule
    ("import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
     "spec = tf.contrib.tpu.TPUEstimatorSpec(mode)\ny = control_flow_ops.cond(p, f, g, strict=True)\n", "compat"),
    # a private module passed as a value, and a keyword that shares an imported name
    ("import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\nregister(control_flow_ops)\n", "compat"),
    # no public name at all
    ("import tensorflow as tf\nfrom tensorflow.python.framework import ops\nt = ops.convert_to_tensor(x)\n", "compat"),
    # a contrib module tf_slim does not hold
    ("import tensorflow as tf\nfrom tensorflow.contrib.seq2seq.python.ops import helper\nh = helper.TrainingHelper(x, n)\n",
     "compat"),
]


@pytest.mark.parametrize(("before", "after", "fallback"), PAIRS)
def test_converts(before: str, after: str, fallback: str) -> None:
    result = migrate_source(before, fallback=fallback)
    assert result.code == after
    assert "TFM105" in {f.code for f in result.findings}
    assert not [f for f in result.findings if f.code == "TFM000"]


@pytest.mark.parametrize(("source", "fallback"), NO_OPS)
def test_leaves(source: str, fallback: str) -> None:
    assert migrate_source(source, fallback=fallback).code == source


def test_reports_what_it_leaves() -> None:
    source = NO_OPS[1][0]
    (finding,) = [f for f in migrate_source(source, fallback="none").findings if f.code == "TFM105"]
    assert "TF1's tf.cond" in finding.message and "tf.compat.v1.cond" in finding.message
    assert finding.needs_action


def test_kept_import_is_reported() -> None:
    before = PAIRS[8][0]
    found = [f.where() for f in migrate_source(before, fallback="compat").findings if f.code == "TFM105"]
    assert "2:1 TFM105" in found  # the import that stays
    assert "4:5 TFM105" in found  # the name that keeps it


# -- identity: the public name is the very object --------------------------
COMMON_PRIVATE_MODULES = (
    "tensorflow.python.ops.array_ops", "tensorflow.python.ops.math_ops", "tensorflow.python.ops.control_flow_ops",
    "tensorflow.python.ops.nn", "tensorflow.python.ops.nn_ops", "tensorflow.python.ops.init_ops",
    "tensorflow.python.ops.variable_scope", "tensorflow.python.ops.variables", "tensorflow.python.ops.state_ops",
    "tensorflow.python.ops.random_ops", "tensorflow.python.ops.check_ops", "tensorflow.python.ops.clip_ops",
    "tensorflow.python.ops.image_ops", "tensorflow.python.ops.string_ops", "tensorflow.python.ops.tensor_array_ops",
    "tensorflow.python.framework.ops", "tensorflow.python.framework.dtypes", "tensorflow.python.framework.tensor_shape",
    "tensorflow.python.framework.constant_op", "tensorflow.python.framework.sparse_tensor",
    "tensorflow.python.training.training", "tensorflow.python.platform.gfile",
)


@pytest.fixture(scope="module")
def tf() -> types.ModuleType:
    return pytest.importorskip("tensorflow")


def _public(tf: types.ModuleType, name: str) -> object:
    obj: object = tf
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _check(tf: types.ModuleType, private: str, obj: object) -> None:
    export = exports.export_of(private)
    assert export is not None and not export.via_tf1, private
    if export.tf2:
        assert _public(tf, export.tf2) is obj, (private, export.tf2)
    if export.compat:
        assert _public(tf, "tf.compat.v1" + export.compat[2:]) is obj, (private, export.compat)


def test_every_exported_home_is_its_public_names(tf: types.ModuleType) -> None:
    homes = {home for view in ("v1", "v2") for home in exports.api_tree(view)
             if home.startswith("tensorflow.python.") and not exports.is_module(home)}
    assert len(homes) > 2000  # the wheel's tree was read
    for home in sorted(homes):
        module, _, name = home.rpartition(".")
        _check(tf, home, getattr(importlib.import_module(module), name))


@pytest.mark.parametrize("module", COMMON_PRIVATE_MODULES)
def test_names_of_private_modules_real_code_imports(tf: types.ModuleType, module: str) -> None:
    """Every name such a module has, resolved through its re-exports, is the object its public name is."""
    imported = importlib.import_module(module)
    mapped = 0
    for name in dir(imported):
        if name.startswith("_") or isinstance(getattr(imported, name), types.ModuleType):
            continue
        export = exports.export_of(f"{module}.{name}")
        if export is not None and (export.tf2 or export.compat):
            _check(tf, f"{module}.{name}", getattr(imported, name))
            mapped += 1
    assert mapped or module.endswith("training.training")


def test_objects_moved_since_tf1(tf: types.ModuleType) -> None:
    """TF 2.21 lost these private names; the TF 2 name written is the object tf.compat.v1 keeps for TF1's name."""
    moved = [name for name, (home, public) in exports.tf1_private_api().items()
             if name.startswith("tensorflow.python.") and public]
    assert len(moved) > 100
    for name in moved:
        export = exports.export_of(name)
        assert export is not None and export.via_tf1
        if export.compat is None:
            continue  # TF 2.21's tf.compat.v1 dropped it too: the rule writes nothing
        v1 = _public(tf, "tf.compat.v1" + export.compat[2:])
        if export.tf2:
            assert _public(tf, export.tf2) is v1, (name, export.tf2)
    assert exports.export_of("tensorflow.python.ops.control_flow_ops.cond").tf2 is None
    assert _public(tf, "tf.compat.v1.cond") is not tf.cond


def test_contrib_modules_tf_slim_holds() -> None:
    slim = pytest.importorskip("tf_slim")
    assert slim is not None
    for name in exports.tf1_private_api():
        home = exports.slim_home(name)
        if home is None:
            continue
        module, _, attr = home.rpartition(".")
        if exports.is_module(home):
            importlib.import_module(home)
        else:
            assert hasattr(importlib.import_module(module), attr), home


def test_without_tf_slim_installed_a_contrib_module_tf_slim_took_over_says_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tfmigrate import exports

    monkeypatch.setattr(exports, "slim_home", lambda private: None)
    monkeypatch.setattr(exports, "slim_installed", lambda: False)
    source = ("import tensorflow as tf\nfrom tensorflow.contrib.framework.python.ops import add_arg_scope\n"
              "@add_arg_scope\ndef f(x):\n    return x\n")
    result = migrate_source(source, fallback="compat")
    assert result.code == source
    (finding,) = [f for f in result.findings if f.code == "TFM105"]
    assert "tf_slim is not installed" in finding.message and "pip install tf-slim" in finding.action

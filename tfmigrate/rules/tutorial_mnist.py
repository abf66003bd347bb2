"""TFM507: the tutorials' MNIST reader -> tfmigrate.support.mnist_input_data, the same reader for TF 2.

TF 2 ships no ``tensorflow.examples.tutorials``; the scripts that trained on
``input_data.read_data_sets(...)`` stop at their first line.
``tfmigrate.support.mnist_input_data`` reads the same files into the same
splits, arrays and batches (checked against TF 1.15's module), so only the
import changes.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.tfnames import build_dotted, dotted_name, is_chain_head

PACKAGE = "tensorflow.examples.tutorials.mnist"
MODULE = f"{PACKAGE}.input_data"
TF1_NAME = "tf.examples.tutorials.mnist.input_data"
SUPPORT_PACKAGE, SUPPORT_MODULE = "tfmigrate.support", "mnist_input_data"
REPLACED = (f"replaced {MODULE} by {SUPPORT_PACKAGE}.{SUPPORT_MODULE}, TF1's reader for TF 2 (same files, splits, "
            f"scaling and seeded shuffling); the module now imports tfmigrate")


class TutorialMnist(MigrationRule):
    CODE = "TFM507"
    NAME = "tutorial-mnist"
    DESCRIPTION = "Import the tutorials' MNIST reader from tfmigrate.support, which reads MNIST as TF1's did."
    WHY = (
        "TF 2 has no tensorflow.examples.tutorials, so a script that starts with "
        "input_data.read_data_sets('MNIST_data', one_hot=True) fails at its first line. tf.keras.datasets.mnist "
        "is not a drop-in: it returns uint8 28x28 arrays without the 5,000-image validation split, the [0, 1] "
        "scaling, one-hot labels or next_batch. tfmigrate.support.mnist_input_data is TF1's reader: the same "
        "files (downloaded when missing), splits, arrays and next_batch order, seeded from the seed argument "
        "or TensorFlow's global seed as TF1 seeded it."
    )
    LEAVES = (
        "Imports that bring other tutorial names in the same statement, and the module imported without an "
        "alias (import tensorflow.examples.tutorials.mnist.input_data), whose uses spell the whole path."
    )
    INSTEAD = ("from tfmigrate.support import mnist_input_data as input_data; or tf.keras.datasets.mnist.load_data() "
               "with the scaling, split and batching written out.")
    CASES = (
        Case(
            "import tensorflow as tf\nfrom tensorflow.examples.tutorials.mnist import input_data\n"
            "mnist = input_data.read_data_sets('MNIST_data', one_hot=True)\n",
            "import tensorflow as tf\nfrom tfmigrate.support import mnist_input_data as input_data\n"
            "mnist = input_data.read_data_sets('MNIST_data', one_hot=True)\n",
            findings=("2:1 TFM507",),
        ),
        Case(
            "import tensorflow.examples.tutorials.mnist.input_data as reader\nm = reader.read_data_sets('d')\n",
            "import tfmigrate.support.mnist_input_data as reader\nm = reader.read_data_sets('d')\n",
            findings=("1:1 TFM507",),
        ),
        Case(
            "from tensorflow.examples.tutorials.mnist import input_data, mnist\nm = input_data.read_data_sets('d')\n",
            findings=("1:1 TFM507", "2:5 TFM417"),
        ),
        Case("from tfmigrate.support import mnist_input_data as input_data\nm = input_data.read_data_sets('d')\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._convert: set[int] = set()  # ids of the import statements rewritten

    def visit_Module(self, node: cst.Module) -> None:
        statements = [s for s in [*self.facts.all(cst.Import), *self.facts.all(cst.ImportFrom)] if _imports_reader(s)]
        for statement in statements:
            why = _blocker(statement)
            if why:
                self.report(statement, f"{MODULE} left as written: {why}", action=self.INSTEAD, subject=TF1_NAME)
            else:
                self._convert.add(id(statement))
        if statements and len(self._convert) == len(statements):
            self.mark_handled(*(id(n) for n in [*self.facts.all(cst.Attribute), *self.facts.all(cst.Name)]
                                if is_chain_head(n, self.parent(n)) and (self.tf_name(n) or "").startswith(TF1_NAME)))
        elif statements:
            self._convert.clear()  # one import left as written keeps the others' names meaning TF1's module

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        if id(original_node) not in self._convert:
            return updated_node
        self.report(original_node, REPLACED, kind=Kind.FIXED, subject=TF1_NAME)
        alias = updated_node.names[0]
        return updated_node.with_changes(names=[alias.with_changes(name=build_dotted(f"{SUPPORT_PACKAGE}.{SUPPORT_MODULE}"))])

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if id(original_node) not in self._convert:
            return updated_node
        self.report(original_node, REPLACED, kind=Kind.FIXED, subject=TF1_NAME)
        if dotted_name(original_node.module) == MODULE:  # from ...input_data import read_data_sets
            return updated_node.with_changes(module=build_dotted(f"{SUPPORT_PACKAGE}.{SUPPORT_MODULE}"))
        alias = list(cst.ensure_type(updated_node.names, tuple))[0] if not isinstance(
            updated_node.names, cst.ImportStar) else cst.ImportAlias(cst.Name("input_data"))
        local = alias.asname.name if alias.asname else cst.Name("input_data")
        return updated_node.with_changes(
            module=build_dotted(SUPPORT_PACKAGE),
            names=[alias.with_changes(name=cst.Name(SUPPORT_MODULE), asname=cst.AsName(name=local))],
        )


def _imports_reader(statement: cst.Import | cst.ImportFrom) -> bool:
    if isinstance(statement, cst.Import):
        return any(dotted_name(alias.name) == MODULE for alias in statement.names)
    if statement.relative or statement.module is None:
        return False
    module = dotted_name(statement.module)
    if module == MODULE:
        return True
    return module == PACKAGE and (isinstance(statement.names, cst.ImportStar)
                                  or any(dotted_name(alias.name) == "input_data" for alias in statement.names))


def _blocker(statement: cst.Import | cst.ImportFrom) -> str:
    names = statement.names
    if isinstance(names, cst.ImportStar) or len(names) != 1:
        return "the statement imports other tutorial names with it"
    if isinstance(statement, cst.Import) and names[0].asname is None:
        return "the module is imported without an alias, so its uses spell TF1's whole path"
    return ""

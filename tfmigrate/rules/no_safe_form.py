"""TFM401: report TF1 APIs that have no safe TF 2 form; they stay as written."""

from __future__ import annotations

import libcst as cst

from tfmigrate import api
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.renames import CAST_FUNCTIONS, VARIABLE_METHODS, is_chain_head
from tfmigrate.rules.tfnames import dotted_name

HANDLED_KEY = "tfmigrate.handled"  # ids of original nodes another rule took care of

# What to do instead, by name prefix (first match wins).
ACTIONS: tuple[tuple[str, str], ...] = (
    ("tf.global_variables_initializer", "TF 2 variables are initialised when created: delete it once the session code runs eagerly"),
    ("tf.local_variables_initializer", "TF 2 variables are initialised when created: delete it once the session code runs eagerly"),
    ("tf.initialize_all_variables", "TF 2 variables are initialised when created: delete it once the session code runs eagerly"),
    ("tf.ConfigProto", "configure threads and devices with tf.config"),
    ("tf.GPUOptions", "configure GPU memory with tf.config.experimental.set_memory_growth"),
    ("tf.logging", "use absl.logging or Python's logging"),
    ("tf.app.flags", "use absl.flags"),
    ("tf.app.run", "use absl.app.run"),
    ("tf.losses.", "use the matching tf.keras.losses function or class"),
    ("tf.train.QueueRunner", "queue runners are gone in TF 2: build the input pipeline with tf.data"),
    ("tf.trainable_variables", "keep the variables in a list, a tf.Module or a Keras model (.trainable_variables)"),
    ("tf.contrib.", "tf.contrib is gone in TF 2: use the TF 2 core, Keras or a maintained add-on equivalent"),
    ("tf.examples.tutorials.", "the tutorials' data readers are gone in TF 2: use tf.keras.datasets (mnist.load_data())"),
    ("tf.get_collection", "collections do not exist in TF 2: keep the objects in Python lists or a tf.Module"),
    ("tf.add_to_collection", "collections do not exist in TF 2: keep the objects in Python lists or a tf.Module"),
    ("tf.GraphKeys", "collections do not exist in TF 2: keep the objects in Python lists or a tf.Module"),
    ("tf.train.start_queue_runners", "queue runners are gone in TF 2: build the input pipeline with tf.data"),
    ("tf.train.Coordinator", "queue runners are gone in TF 2: build the input pipeline with tf.data"),
    ("tf.train.string_input_producer", "queues are gone in TF 2: use tf.data.Dataset"),
    ("tf.train.batch", "queues are gone in TF 2: use tf.data.Dataset.batch"),
    ("tf.train.shuffle_batch", "queues are gone in TF 2: use tf.data.Dataset.shuffle().batch()"),
    ("tf.FIFOQueue", "queues are gone in TF 2 input pipelines: use tf.data"),
    ("tf.RandomShuffleQueue", "queues are gone in TF 2 input pipelines: use tf.data"),
    ("tf.placeholder", "turn the placeholder into an argument of a function that computes what depends on it"),
    ("tf.train.Saver", "use tf.train.Checkpoint (or Keras model.save)"),
    ("tf.summary.", "use tf.summary.create_file_writer with TF 2 summary ops"),
    ("tf.layers.", "use the matching tf.keras.layers class"),
    ("tf.variable_scope", "use Python objects (tf.Module, Keras layers) to own variables"),
    ("tf.get_variable", "create a tf.Variable, or use a Keras layer that owns its weights"),
    ("tf.div", "tf.div used Python 2 division: write x / y for floats, x // y for integers"),
    ("tf.where", "TF1 tf.where selects whole rows by a vector condition; TF 2 tf.where broadcasts: check the shapes and use tf.where"),
    ("tf.train.", "TF 2 has no such tf.train API: use tf.keras.optimizers, tf.train.Checkpoint or plain Python"),
    ("tf.Session", "run the computation eagerly"),
)
DEFAULT_ACTION = "no TF 2 equivalent: port it by hand, or call tf.compat.v1 explicitly if it must stay"


def action_for(name: str) -> str:
    for prefix, action in ACTIONS:
        if name == prefix or name.startswith(prefix if prefix.endswith(".") else prefix + ".") or name == prefix.rstrip("."):
            return action
    return DEFAULT_ACTION


class NoSafeForm(MigrationRule):
    CODE = "TFM401"
    NAME = "no-safe-tf2-form"
    DESCRIPTION = "Report TF1 APIs with no safe TF 2 form (tf.contrib, collections, queues, ...); they stay as written."
    WHY = (
        "Some TF1 APIs have no TF 2 form that computes the same thing in every program: tf.contrib is gone, "
        "collections and queues do not exist in eager code, and a placeholder means something only with "
        "the session that feeds it. A mechanical rewrite to tf.compat.v1 would hide the problem; instead "
        "each use is named with the action to take."
    )
    LEAVES = (
        "The code: a TFM401 finding never edits anything. Uses another rule converts (a placeholder of a "
        "session that runs eagerly, an initializer run the session rule removes) are not reported."
    )
    INSTEAD = (
        "What the finding's action says, for example tf.train.Checkpoint or model.save for tf.train.Saver, "
        "tf.data for queues, absl.flags for tf.app.flags, and a function argument for tf.placeholder."
    )
    CASES = (
        Case("import tensorflow as tf\nw = tf.contrib.layers.xavier_initializer()\n", findings=("2:5 TFM401",)),
        Case("import tensorflow as tf\nlosses = tf.get_collection(tf.GraphKeys.LOSSES)\n", findings=("2:10 TFM401", "2:28 TFM401")),
        Case("import tensorflow as tf\nq = tf.train.string_input_producer(files)\n", findings=("2:5 TFM401",)),
        Case("import tensorflow as tf\nz = tf.div(x, y)\n", findings=("2:5 TFM401",)),
        Case(
            "import tensorflow.compat.v1 as tf\nz = tf.where(c, x, y)\n",
            "import tensorflow as tf\nz = tf.where(c, x, y)\n",
            findings=("1:1 TFM103", "2:5 TFM401"),
        ),
        Case("import tensorflow as tf\nz = tf.where(c, x, y)\n"),
        Case("import tensorflow as tf\nckpt = tf.train.Checkpoint(w=w)\n"),
        Case("import tensorflow as tf\nwriter = tf.summary.create_file_writer('logs')\n"),
    )

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        self._check(original_node)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        """TF1's three-argument tf.where kept its name in TF 2 but broadcasts instead of selecting rows."""
        if len(original_node.args) >= 3 and self.tf_name(original_node.func) == "tf.where":
            if self.is_tf1_module():
                self.report(original_node, "tf.where(condition, x, y) in TF1 code: with a vector condition TF1 "
                            "selected rows of x and y, TF 2 broadcasts it against their last axis",
                            action=action_for("tf.where"))
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self._check(original_node)
        return updated_node

    def _check(self, node: cst.Attribute | cst.Name) -> None:
        if not is_chain_head(node, self.parent(node)):
            return
        if id(node) in self.context.scratch.get(HANDLED_KEY, set()):
            return
        name = self.tf_name(node)
        if name is None or name == "tf" or name in CAST_FUNCTIONS or name in VARIABLE_METHODS:
            return
        if self._under_rewritten_compat(node):
            return
        if not (self._is_tf1_only(name) or self._is_member_of_tf1_only(node, name)):
            return
        # A pre-1.0 name is advised on as the TF 1.x name it became (tf.train.SummaryWriter: a summary).
        self.report(node, f"{name} has no safe TF 2 form; left as written",
                    action=action_for(api.PRE_1_0_RENAMES.get(name, name)), subject=name)

    @staticmethod
    def _is_tf1_only(name: str) -> bool:
        if name.startswith(("tf.contrib", "tf.examples.tutorials.")):
            return True
        return _removed_without_tf2_form(name)

    @staticmethod
    def _is_member_of_tf1_only(node: cst.CSTNode, name: str) -> bool:
        """Members the name lists do not hold (tf.GraphKeys.LOSSES) go with their TF1-only owner.

        Only plain dotted chains count: ``Optimizer(...).minimize`` is a method of a value.
        """
        if not isinstance(node, cst.Attribute) or dotted_name(node) is None or not _is_unlisted(name):
            return False
        return any(_removed_without_tf2_form(owner) for owner in _owners(name))

    def _under_rewritten_compat(self, node: cst.CSTNode) -> bool:
        """TFM103 moves these to an explicit tf.compat.v1 spelling and reports them itself."""
        if "TFM103" not in self.context.scratch.get("tfmigrate.selected", ()):
            return False
        head = node
        while isinstance(head, cst.Attribute):
            head = head.value
        return isinstance(head, cst.Name) and head.value in self.names.compat_v1_aliases


def _is_unlisted(name: str) -> bool:
    return name not in api.tf2_names() and name not in api.tf1_names() and name not in api.PRE_1_0_RENAMES


def _owners(name: str) -> list[str]:
    """``tf.a.b.c`` -> ``tf.a.b``, ``tf.a`` (never ``tf`` itself)."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(len(parts) - 1, 1, -1)]


def _removed_without_tf2_form(name: str) -> bool:
    return api.is_removed_in_tf2(name) and api.tf2_rename(name) is None

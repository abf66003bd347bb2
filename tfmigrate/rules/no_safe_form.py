"""TFM401: report TF1 APIs that have no safe TF 2 form; they stay as written."""

from __future__ import annotations

import libcst as cst

from tfmigrate import api
from tfmigrate.rules.base import Case, Family, MigrationRule
from tfmigrate.rules.renames import HAND_WRITTEN_CALLS
from tfmigrate.rules.tfnames import dotted_name, is_chain_head

# Each kind of TF1 name that stays as written has a code of its own, so a
# project can --ignore or noqa one kind (its flags) without hiding another
# (its placeholders). The first family that covers a name wins.
FAMILIES: tuple[Family, ...] = (
    Family("TFM402", "graph-collections",
           ("tf.get_collection", "tf.get_collection_ref", "tf.add_to_collection", "tf.add_to_collections",
            "tf.GraphKeys", "tf.trainable_variables", "tf.global_variables", "tf.local_variables",
            "tf.model_variables", "tf.moving_average_variables", "tf.all_variables"),
           "graph collections do not exist in TF 2",
           "keep the objects in Python lists, a tf.Module or a Keras model (.trainable_variables)"),
    Family("TFM403", "queue-input-pipeline",
           ("tf.train.QueueRunner", "tf.train.start_queue_runners", "tf.train.Coordinator",
            "tf.train.string_input_producer", "tf.train.input_producer", "tf.train.slice_input_producer",
            "tf.train.range_input_producer", "tf.train.batch", "tf.train.batch_join", "tf.train.shuffle_batch",
            "tf.train.shuffle_batch_join", "tf.train.maybe_batch", "tf.FIFOQueue", "tf.RandomShuffleQueue",
            "tf.PaddingFIFOQueue", "tf.PriorityQueue", "tf.TFRecordReader", "tf.TextLineReader",
            "tf.WholeFileReader", "tf.FixedLengthRecordReader", "tf.IdentityReader", "tf.ReaderBase"),
           "queue-based input pipelines need a session's queue runners, which TF 2 does not have",
           "build the input pipeline with tf.data (Dataset.shuffle().batch())"),
    Family("TFM404", "variable-scopes",
           ("tf.variable_scope", "tf.get_variable", "tf.get_variable_scope", "tf.get_local_variable",
            "tf.AUTO_REUSE", "tf.VariableScope", "tf.variable_op_scope", "tf.make_template"),
           "variable scopes share variables by name, which TF 2 does not do",
           "create each variable once in a tf.Module or Keras layer that owns it"),
    Family("TFM405", "placeholders",
           ("tf.placeholder", "tf.placeholder_with_default", "tf.sparse_placeholder"),
           "placeholders exist only in graph mode",
           "turn the placeholder into an argument of a function that computes what depends on it"),
    Family("TFM406", "graph-sessions",
           ("tf.Session", "tf.InteractiveSession", "tf.get_default_session", "tf.reset_default_graph",
            "tf.get_default_graph", "tf.RunOptions", "tf.RunMetadata", "tf.train.MonitoredTrainingSession",
            "tf.train.MonitoredSession", "tf.train.SingularMonitoredSession", "tf.train.Supervisor",
            "tf.train.Scaffold", "tf.train.SessionRunHook", "tf.train.import_meta_graph",
            "tf.train.export_meta_graph", "tf.GraphDef", "tf.import_graph_def", "tf.Print",
            "tf.enable_eager_execution"),
           "it drives a graph through a session, and TF 2 runs code eagerly",
           "run the computation eagerly (TFM201 converts simple sessions) or in a tf.function"),
    Family("TFM407", "variable-initializer-ops",
           ("tf.global_variables_initializer", "tf.local_variables_initializer", "tf.variables_initializer",
            "tf.initialize_all_variables", "tf.initialize_local_variables", "tf.initialize_variables",
            "tf.tables_initializer", "tf.report_uninitialized_variables", "tf.is_variable_initialized"),
           "TF 2 variables are initialised when they are created",
           "delete it once the session code runs eagerly"),
    Family("TFM408", "tf-contrib",
           ("tf.contrib.",),
           "tf.contrib was removed in TF 2.0",
           "use the TF 2 core, Keras, tf_slim or another maintained package that computes the same"),
    Family("TFM409", "tf1-summaries",
           ("tf.summary.", "tf.train.SummaryWriter"),
           "TF1 summary ops return protos for a session to run; TF 2 summaries write to a default writer at a step",
           "use tf.summary.create_file_writer and TF 2 summary ops with step="),
    Family("TFM410", "tf1-checkpoints",
           ("tf.train.Saver", "tf.train.NewCheckpointReader", "tf.train.checkpoint_exists",
            "tf.saved_model.loader", "tf.saved_model.builder", "tf.saved_model.simple_save"),
           "TF1 savers read and write a session's variables",
           "use tf.train.Checkpoint (or Keras model.save / tf.saved_model.save)"),
    Family("TFM411", "tf1-optimizers",
           ("tf.train.",),
           "TF1 optimizers, schedules and training helpers were removed in TF 2",
           "use tf.keras.optimizers (and tf.keras.optimizers.schedules for decaying rates)"),
    Family("TFM412", "tf1-layers-losses-metrics",
           ("tf.layers.", "tf.losses.", "tf.metrics."),
           "tf.layers, tf.losses and tf.metrics were removed in TF 2",
           "use the matching tf.keras.layers, tf.keras.losses or tf.keras.metrics class"),
    Family("TFM413", "session-config",
           ("tf.ConfigProto", "tf.GPUOptions", "tf.GraphOptions", "tf.OptimizerOptions"),
           "session options configure a tf.Session, which TF 2 does not have",
           "configure threads and devices with tf.config (tf.config.threading, "
           "tf.config.experimental.set_memory_growth)"),
    Family("TFM414", "tf-app-flags-logging",
           ("tf.app.", "tf.flags.", "tf.logging."),
           "tf.app, tf.flags and tf.logging were removed in TF 2",
           "use absl.app, absl.flags and absl.logging (absl-py comes with TensorFlow)"),
    Family("TFM415", "tf-gfile",
           ("tf.gfile.",),
           "tf.gfile was removed in TF 2",
           "use tf.io.gfile (exists, makedirs, GFile, listdir, glob, ...)"),
    Family("TFM416", "tf1-initializer-classes",
           ("tf.truncated_normal_initializer", "tf.random_normal_initializer", "tf.random_uniform_initializer",
            "tf.uniform_unit_scaling_initializer", "tf.glorot_uniform_initializer", "tf.glorot_normal_initializer",
            "tf.variance_scaling_initializer", "tf.orthogonal_initializer", "tf.constant_initializer",
            "tf.zeros_initializer", "tf.ones_initializer", "tf.initializers."),
           "TF1 initializer classes were removed in TF 2",
           "use the matching tf.keras.initializers class, checking its defaults"),
    Family("TFM417", "tutorial-datasets",
           ("tf.examples.tutorials.",),
           "the tutorials' modules (tensorflow.examples.tutorials) are not part of TF 2",
           "write what the tutorial module did in the project, or read data with tf.keras.datasets "
           "(mnist.load_data()); input_data imported alone converts (TFM507)"),
    Family("TFM418", "tf-estimator",
           ("tf.estimator.",),
           "tf.estimator was removed in TF 2.16 (TF 2.15 was the last release with it)",
           "train with Keras (model.compile and model.fit) or a tf.GradientTape loop; "
           "until then the module needs TensorFlow 2.15 or older"),
)

_RNN_CELLS = ("TF1 RNN cells compute differently from tf.keras.layers cells (BasicLSTMCell adds forget_bias to "
              "the forget gate at every step and orders its gates i, j, f, o; Keras LSTMCell only starts that "
              "bias at 1): port to tf.keras.layers.LSTMCell/GRUCell and retrain, or convert the weights by hand")
_GLOBAL_STEP = "TF 2 has no global step: count steps in a tf.Variable, or read optimizer.iterations"

# Names whose finding needs a more precise action than their family's (first match wins).
ACTIONS: tuple[tuple[str, str], ...] = (
    ("tf.contrib.rnn", _RNN_CELLS),
    ("tf.nn.rnn_cell", _RNN_CELLS),
    ("tf.contrib.framework.get_global_step", _GLOBAL_STEP),
    ("tf.contrib.framework.get_or_create_global_step", _GLOBAL_STEP),
    ("tf.train.get_global_step", _GLOBAL_STEP),
    ("tf.train.get_or_create_global_step", _GLOBAL_STEP),
    ("tf.train.create_global_step", _GLOBAL_STEP),
    ("tf.metrics.accuracy", "TF1's streaming accuracy returned (value, update_op) over local total and count "
                            "variables: create tf.keras.metrics.Accuracy() once, call its update_state(labels, "
                            "predictions) where update_op ran and its result() where the value was read"),
    ("tf.losses", "with weights=1.0 and the default reduction (SUM_BY_NONZERO_WEIGHTS) a tf.losses value is "
                  "tf.reduce_mean of the per-element loss: write that with tf.nn / tf.math ops (Keras losses "
                  "reduce over the last axis first)"),
    ("tf.Session", "run the computation eagerly"),
    ("tf.executing_eagerly", "TF1 graph code saw False here and the migration runs eagerly: remove the branch that no longer applies"),
)
DEFAULT_ACTION = "no TF 2 equivalent: port it by hand, or call tf.compat.v1 explicitly if it must stay"


def family_of(name: str) -> Family | None:
    """The family a TF1 name belongs to; None for the catch-all TFM401."""
    return next((family for family in FAMILIES if family.covers(name)), None)


def action_for(name: str) -> str:
    for prefix, action in ACTIONS:
        if name == prefix or name.startswith(prefix + "."):
            return action
    family = family_of(name)
    return family.action if family is not None else DEFAULT_ACTION


class NoSafeForm(MigrationRule):
    CODE = "TFM401"
    NAME = "no-tf2-form"
    DESCRIPTION = "Report TF1 APIs no TFM4xx family covers that have no safe TF 2 form (tf.py_func, ...); they stay as written."

    WHY = (
        "Some TF1 APIs have no TF 2 form that computes the same thing in every program: tf.contrib is gone, "
        "collections and queues do not exist in eager code, and a placeholder means something only with "
        "the session that feeds it. A mechanical rewrite to tf.compat.v1 would hide the problem; instead "
        "each use is named with the action to take. Each kind of name has its own code (TFM402-TFM418), so a "
        "project can ignore one kind without hiding the others; TFM401 is for the rest."
    )
    LEAVES = (
        "The code: a TFM4xx finding never edits anything. Uses another rule converts (a placeholder of a "
        "session that runs eagerly, an initializer run the session rule removes) are not reported."
    )
    INSTEAD = (
        "What the finding's action says, for example tf.train.Checkpoint or model.save for tf.train.Saver, "
        "tf.data for queues, absl.flags for tf.app.flags, and a function argument for tf.placeholder."
    )
    FAMILIES = FAMILIES
    CASES = (
        Case("import tensorflow as tf\nd = tf.contrib.learn.datasets.load_dataset('iris')\n", findings=("2:5 TFM408",)),
        Case("import tensorflow as tf\nlosses = tf.get_collection(tf.GraphKeys.LOSSES)\n", findings=("2:10 TFM402", "2:28 TFM402")),
        Case("import tensorflow as tf\nq = tf.train.string_input_producer(files)\n", findings=("2:5 TFM403",)),
        Case("import tensorflow as tf\nz = tf.py_func(f, [x], tf.float32)\n", findings=("2:5 TFM401",)),
        Case("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n", findings=("2:5 TFM405",)),
        Case("import tensorflow as tf\ncell = tf.contrib.rnn.BasicLSTMCell(10)\n", findings=("2:8 TFM408",)),
        Case("from tensorflow import variable_scope as vs\nwith vs('a'):\n    pass\n", findings=("2:6 TFM404",)),
        Case("import tensorflow as tf\nckpt = tf.train.Checkpoint(w=w)\n"),
        Case("import tensorflow as tf\nwriter = tf.summary.create_file_writer('logs')\n"),
    )

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        self._check(original_node)
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self._check(original_node)
        return updated_node

    def _check(self, node: cst.Attribute | cst.Name) -> None:
        if not is_chain_head(node, self.parent(node)):
            return
        if self.handled_elsewhere(node):
            return
        name = self.tf_name(node)
        if name is None or name == "tf" or name in HAND_WRITTEN_CALLS:
            return
        if self._under_rewritten_compat(node):
            return
        if not (self._is_tf1_only(name) or self._is_member_of_tf1_only(node, name)):
            return
        # A pre-1.0 name is advised on as the TF 1.x name it became (tf.train.SummaryWriter: a summary).
        tf1_name = api.PRE_1_0_RENAMES.get(name, name)
        family = family_of(tf1_name)
        code = family.code if family else self.CODE
        if not self.enabled(code):
            return
        why = family.why if family else "TF 2 has no form of it that computes the same"
        self.report(node, f"{name} left as written: {why}", action=action_for(tf1_name), code=code, subject=name)

    @staticmethod
    def _is_tf1_only(name: str) -> bool:
        if name.startswith(("tf.contrib", "tf.examples.tutorials.", "tf.estimator.")):
            return api.tf2_rename(name) is None  # the wheel's table moves some (tf.contrib.framework.nest)
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

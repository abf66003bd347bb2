"""Name tables of the session converter: which TF1 calls make sessions, state, randomness and lists."""

from __future__ import annotations

SESSION_TYPES = frozenset({"tf.Session", "tf.InteractiveSession"})
INIT_OPS = frozenset(
    {
        "tf.global_variables_initializer",
        "tf.initialize_all_variables",
        "tf.local_variables_initializer",
        "tf.initialize_local_variables",
        "tf.variables_initializer",
        "tf.initialize_variables",
        "tf.tables_initializer",
    }
)
RANDOM_OPS = frozenset(
    {
        "tf.random_normal", "tf.random_uniform", "tf.truncated_normal", "tf.random_shuffle", "tf.multinomial",
        "tf.random_crop", "tf.random_gamma", "tf.random_poisson",
        "tf.random.normal", "tf.random.uniform", "tf.random.truncated_normal", "tf.random.shuffle",
        "tf.random.categorical", "tf.nn.dropout",
    }
)
VARIABLE_TYPES = frozenset({"tf.Variable"})
# TF calls whose result is a list or tuple of tensors, whatever their arguments: unpacked
# (``mean, var = tf.nn.moments(x, [0])``), each name holds one tensor. ``tf.while_loop`` returns
# what its loop variables are, so each of its positions is judged by the loop variable there.
UNPACKS_TO_TENSORS = frozenset(
    {
        "tf.split", "tf.unstack", "tf.meshgrid", "tf.nn.moments", "tf.nn.weighted_moments", "tf.unique",
        "tf.nn.top_k", "tf.math.top_k", "tf.linalg.eigh", "tf.self_adjoint_eig", "tf.shape_n",
    }
)
WHILE_LOOP = "tf.while_loop"
# TF calls whose result is a list or tuple, not one tensor.
RETURNS_SEVERAL = UNPACKS_TO_TENSORS | frozenset(
    {
        WHILE_LOOP, "tf.gradients", "tf.trainable_variables", "tf.global_variables", "tf.local_variables",
        "tf.get_collection", "tf.linalg.svd", "tf.tuple", "tf.group",
    }
)
# Tensor attributes that only graph tensors have.
GRAPH_ONLY_ATTRIBUTES = frozenset({"name", "op", "graph", "consumers", "value_index"})
STATE_CHANGES = frozenset({"tf.assign", "tf.assign_add", "tf.assign_sub", "tf.control_dependencies", "tf.group"})
VARIABLE_METHODS_THAT_CHANGE = frozenset({"minimize", "assign", "assign_add", "assign_sub"})
GRAPH_TYPE = "tf.Graph"
GRAPH_RESETS = frozenset({"tf.reset_default_graph", "tf.python.framework.ops.reset_default_graph"})
# Python methods that change their receiver in place.
MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                              "update", "fill", "resize", "setdefault", "put", "itemset"})
# Objects that are not tensors: calling .eval() on them, or fetching them, fails in TF1 too.
NOT_TENSOR_PREFIXES: tuple[tuple[str, str], ...] = (
    ("tf.keras.losses.", "a Keras loss object"),
    ("tf.keras.layers.", "a Keras layer"),
    ("tf.keras.optimizers.", "a Keras optimizer"),
    ("tf.keras.metrics.", "a Keras metric object"),
    ("tf.layers.", "a layer object"),
    ("tf.train.", "an optimizer"),
)
# Scopes that only label the graph nodes built inside them (no variable reuse).
LABEL_SCOPES = frozenset({"tf.name_scope", "tf.variable_scope"})
GET_VARIABLE = "tf.get_variable"
LAYER_FUNCTIONS = frozenset({"tf.layers.dense", "tf.contrib.layers.fully_connected"})
SAVER = "tf.train.Saver"
# Calls that reach the whole default graph: its variables, collections, or the graph itself.
GRAPH_WIDE = frozenset({"tf.global_variables", "tf.all_variables", "tf.trainable_variables", "tf.local_variables",
                        "tf.model_variables", "tf.get_collection", "tf.get_default_graph", "tf.add_to_collection"})
# TF1 summary ops that TF 2 writes with the same name (and step=); merge_all gathers them for one run.
SUMMARY_OPS = frozenset({"tf.summary.scalar", "tf.summary.histogram", "tf.summary.image"})
MERGE_ALL = "tf.summary.merge_all"
FILE_WRITER = "tf.summary.FileWriter"
# Collections of the graph's variables that a converted section lists by hand.
VARIABLE_LISTS = frozenset({"tf.trainable_variables", "tf.global_variables"})
# Reads of some rows of a variable: their gradient is a tf.IndexedSlices, which TF1's optimizers
# applied through their sparse paths (training.py says which Keras optimizer gives the same).
SPARSE_READS = frozenset({"tf.nn.embedding_lookup", "tf.gather", "tf.nn.embedding_lookup_sparse"})

"""Training steps: ``tf.train`` optimizers and ``minimize()`` as Keras optimizers and GradientTape steps.

Planning decides each optimizer's Keras form, or the class that writes out
TF1's update where no Keras optimizer applies it (``tf1_updates.py``), or
refuses it; emitting only writes the decided code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import libcst as cst

from tfmigrate import api
from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused, TrainOp
from tfmigrate.rules.session.syntax import keyword, names_in, walk
from tfmigrate.rules.session.tables import SPARSE_READS
from tfmigrate.rules.session.tf1_updates import TF1_UPDATES, Tf1Update, free_class_name


@dataclasses.dataclass(frozen=True)
class OptimizerSpec:
    """How a TF1 optimizer maps onto a Keras one that applies the same update."""

    keras: str
    positional: tuple[str, ...]  # TF1 parameters in positional order
    renames: dict[str, str]  # TF1 keyword -> Keras keyword
    defaults: dict[str, str] = dataclasses.field(default_factory=dict)  # Keras keyword -> TF1 default, written out
    drift: str = ""  # why trained values may round differently ("" : bit for bit)
    required: frozenset[str] = frozenset()  # TF1 keywords that must be given literally for the mapping to hold


_MOMENTUM_DRIFT = ("Keras keeps the velocity scaled by the learning rate where TF1 kept the unscaled sum, "
                   "so the weights may round differently")
_LOCKING = ("use_locking", "name")

OPTIMIZERS: dict[str, OptimizerSpec] = {
    "tf.train.GradientDescentOptimizer": OptimizerSpec(
        "tf.keras.optimizers.SGD", ("learning_rate", *_LOCKING), {"learning_rate": "learning_rate"}),
    "tf.train.MomentumOptimizer": OptimizerSpec(
        "tf.keras.optimizers.SGD", ("learning_rate", "momentum", *_LOCKING, "use_nesterov"),
        {"learning_rate": "learning_rate", "momentum": "momentum", "use_nesterov": "nesterov"},
        drift=_MOMENTUM_DRIFT),
    "tf.train.AdamOptimizer": OptimizerSpec(
        "tf.keras.optimizers.Adam", ("learning_rate", "beta1", "beta2", "epsilon", *_LOCKING),
        {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon"},
        # TF1's Adam default epsilon is 1e-8; Keras's is 1e-7.
        {"epsilon": "1e-08"},
        drift="Keras computes beta**t directly where TF1 multiplied its beta powers step by step"),
    "tf.train.AdagradOptimizer": OptimizerSpec(
        "tf.keras.optimizers.Adagrad", ("learning_rate", "initial_accumulator_value", *_LOCKING),
        {"learning_rate": "learning_rate", "initial_accumulator_value": "initial_accumulator_value"},
        # TF1 divides by sqrt(accumulator) with no epsilon; Keras adds 1e-7 unless told otherwise.
        {"initial_accumulator_value": "0.1", "epsilon": "0.0"},
        drift="Keras divides by the square root where TF1 multiplied by its reciprocal"),
    "tf.train.AdadeltaOptimizer": OptimizerSpec(
        "tf.keras.optimizers.Adadelta", ("learning_rate", "rho", "epsilon", *_LOCKING),
        {"learning_rate": "learning_rate", "rho": "rho", "epsilon": "epsilon"},
        # TF1's defaults: learning_rate 0.001, epsilon 1e-8 (Keras: 1e-7).
        {"learning_rate": "0.001", "epsilon": "1e-08"},
        drift="Keras orders the multiplications of the update differently from TF1's kernel"),
    "tf.train.FtrlOptimizer": OptimizerSpec(
        "tf.keras.optimizers.Ftrl",
        ("learning_rate", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
         "l2_regularization_strength", *_LOCKING),
        {"learning_rate": "learning_rate", "learning_rate_power": "learning_rate_power",
         "initial_accumulator_value": "initial_accumulator_value",
         "l1_regularization_strength": "l1_regularization_strength",
         "l2_regularization_strength": "l2_regularization_strength",
         "l2_shrinkage_regularization_strength": "l2_shrinkage_regularization_strength", "beta": "beta"},
        drift="Keras computes the FTRL update with separate operations where TF1 used one kernel"),
}
IGNORED_OPTIMIZER_KEYWORDS = frozenset({"use_locking", "name"})
# On a gradient of some rows (tf.IndexedSlices, from tf.gather or an embedding lookup) TF1 summed
# repeated rows, then applied its sparse kernel. For these, that is the dense update of the summed
# gradient; Keras applies the rows one by one (squaring each repeat on its own), so the step hands
# it the dense gradient.
SUMMED_THEN_DENSE = frozenset({"tf.train.AdamOptimizer", "tf.train.AdagradOptimizer"})
# These TF1 sparse kernels update only the rows read (their accumulators and momenta elsewhere stay
# as they were); Keras updates every row, so no Keras optimizer applies TF1's sparse update.
DENSE_NOTE = ("wrapped the step's gradients in tf.convert_to_tensor: on rows read with tf.gather or an embedding "
              "lookup TF1 summed repeated rows, then updated them, which is the update of the dense gradient; "
              "Keras would apply each repeat on its own")
LAZY_SPARSE = frozenset({"tf.train.MomentumOptimizer", "tf.train.AdadeltaOptimizer", "tf.train.FtrlOptimizer"})


@dataclasses.dataclass
class KerasOptimizer:
    """The decided optimizer: class and keyword arguments (original value nodes).

    ``keras`` is a Keras optimizer's TF 2 name, or, when ``update`` is set, the
    name of the module's class that writes out TF1's update.
    """

    tf1_name: str
    keras: str
    arguments: list[tuple[str, cst.BaseExpression]]
    drift: str
    update: Tf1Update | None = None

    def replacement(self) -> str:
        """What the TF1 optimizer became, for the findings."""
        if self.update is None:
            return "its Keras equivalent"
        return f"{self.keras}, its update written out (no Keras optimizer applies TF1's)"


@dataclasses.dataclass
class OptimizerDef:
    """``name = tf.keras.optimizers.X(...)`` in place of ``name = tf.train.XOptimizer(...)``."""

    name: str
    optimizer: KerasOptimizer


@dataclasses.dataclass
class TrainDef:
    """``def op(params): <tape step>``, preceded by the optimizer when it was created inline."""

    op: TrainOp
    params: list[str]
    optimizer: OptimizerDef | None
    dense: bool = False  # hand the optimizer dense gradients (SUMMED_THEN_DENSE on rows read sparsely)


def sparse_update(call: cst.Call, tf1_name: str, reads_rows: bool) -> bool:
    """Whether the step must densify its gradients; refuses a TF1 sparse update no Keras optimizer applies."""
    if not reads_rows:
        return False
    if tf1_name in LAZY_SPARSE:
        raise Refused(call, f"{tf1_name} on a loss that reads some rows of a variable (tf.gather, an embedding "
                      "lookup): TF1's sparse update changed only those rows and their slots, Keras's updates every "
                      "row", "keep the TF1 optimizer's sparse update by hand, or use a dense read")
    return tf1_name in SUMMED_THEN_DENSE


def plan_optimizer(analysis: GraphAnalysis, call: cst.Call) -> KerasOptimizer:
    """The Keras form of a ``tf.train`` optimizer call; refuses arguments with no equivalent."""
    per_run = {*analysis.placeholders, *analysis.deferred, *analysis.fed_tensors, *analysis.iterators}
    return plan_optimizer_call(analysis.rule, call, per_run)


def plan_optimizer_call(rule: MigrationRule, call: cst.Call, per_run: set[str]) -> KerasOptimizer:
    """The Keras form of an optimizer call whose arguments must read none of the ``per_run`` names."""
    tf1_name = rule.tf_name(call.func) or ""
    tf1_name = api.PRE_1_0_RENAMES.get(tf1_name, tf1_name)
    _refuse_per_run_arguments(call, tf1_name, per_run)
    if tf1_name in TF1_UPDATES:
        return _plan_update(rule, call, tf1_name, TF1_UPDATES[tf1_name])
    spec = OPTIMIZERS.get(tf1_name)
    if spec is None:
        raise Refused(call, f"{tf1_name} cannot become a Keras optimizer: no Keras optimizer applies the same "
                      "update",
                      "write the step with tf.GradientTape and the optimizer's update rule")
    arguments = _bound_arguments(call, tf1_name, spec.positional, spec.renames, "has no Keras equivalent")
    given = {keyword_name for keyword_name, _ in arguments}
    for keras_keyword, literal in spec.defaults.items():
        if keras_keyword not in given:
            arguments.append((keras_keyword, cst.parse_expression(literal)))
    return KerasOptimizer(tf1_name, spec.keras, arguments, spec.drift)


def _plan_update(rule: MigrationRule, call: cst.Call, tf1_name: str, update: Tf1Update) -> KerasOptimizer:
    """The module's class for TF1's update, with the call's arguments as keywords of the same names."""
    kept = {param: param for param in update.kept}
    arguments = _bound_arguments(call, tf1_name, update.positional, kept, "is not one TF1 took")
    return KerasOptimizer(tf1_name, free_class_name(rule, update), arguments, "", update)


def _refuse_per_run_arguments(call: cst.Call, tf1_name: str, per_run: set[str]) -> None:
    """An argument that reads a placeholder or a tensor recomputed per run: TF1 read it on every step."""
    for arg in call.args:
        read = next((n.value for n in names_in(arg.value) if n.value in per_run), None)
        if read is not None:
            raise Refused(call, f"{tf1_name} reads {read}, which TF1 computed (or was fed) on every run; "
                          "an optimizer made once would read it once",
                          "pass the value to the step and build the optimizer's update by hand")


def _bound_arguments(call: cst.Call, tf1_name: str, positional: tuple[str, ...], renames: dict[str, str],
                     unknown: str) -> list[tuple[str, cst.BaseExpression]]:
    """The call's arguments as (keyword, value) under ``renames``; refuses stars and parameters it lacks."""
    arguments: list[tuple[str, cst.BaseExpression]] = []
    for index, arg in enumerate(call.args):
        if arg.star:
            raise Refused(call, f"{tf1_name} called with *args or **kwargs", "spell the arguments out")
        param = arg.keyword.value if arg.keyword else (positional[index] if index < len(positional) else None)
        if param in IGNORED_OPTIMIZER_KEYWORDS:
            continue
        if param not in renames:
            raise Refused(call, f"{tf1_name} argument {param or index} {unknown}", "convert it by hand")
        arguments.append((renames[param], arg.value))
    return arguments


def update_classes(decisions: Iterable[object]) -> dict[str, Tf1Update]:
    """The classes of written-out updates that the planned optimizers use, by name (each emitted once)."""
    found: dict[str, Tf1Update] = {}
    for decided in decisions:
        optimizer = decided.optimizer if isinstance(decided, TrainDef) else decided
        keras = optimizer.optimizer if isinstance(optimizer, OptimizerDef) else None
        if keras is not None and keras.update is not None:
            found[keras.keras] = keras.update
    return found


@dataclasses.dataclass
class GradientsDef:
    """``def pairs(params)``: the (gradient, variable) pairs of one step, as compute_gradients gave them."""

    name: str
    loss: str
    params: list[str]
    var_list: cst.BaseExpression | None


def plan_train_op(analysis: GraphAnalysis, op: TrainOp) -> TrainDef:
    keras = plan_optimizer(analysis, op.optimizer_call)
    optimizer = OptimizerDef(op.optimizer_name, keras) if op.inline else None
    source = op.applied or op.loss
    dense = keras.update is None and sparse_update(op.optimizer_call, keras.tf1_name, _reads_rows(analysis, source))
    return TrainDef(op, analysis.deferred[source].params, optimizer, dense and op.applied is None)


def _reads_rows(analysis: GraphAnalysis, name: str) -> bool:
    """The tensor, or one it is computed from, gathers rows of a variable."""
    variables = {*analysis.variables, *analysis.made_variables}
    for source in {name} | analysis.depends_on(name):
        deferred = analysis.deferred.get(source)
        for value in deferred.values() if deferred is not None else ():
            for call in walk(value, cst.Call):
                gathered = gathered_params(call) if analysis.tf_name(call.func) in SPARSE_READS else None
                read = {n.value for n in names_in(gathered)} if gathered is not None else set()
                reached = read | {d for r in read for d in analysis.depends_on(r)}
                if reached & variables:
                    return True
    return False


def gathered_params(call: cst.Call) -> cst.BaseExpression | None:
    """What ``tf.gather`` / ``embedding_lookup`` reads rows of: ``params=``, else the first positional argument."""
    keyword = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "params"), None)
    return keyword if keyword is not None else next((a.value for a in call.args if a.keyword is None), None)


def plan_gradients(analysis: GraphAnalysis, name: str) -> GradientsDef:
    deferred = analysis.deferred[name]
    gradients = deferred.gradients
    assert gradients is not None
    return GradientsDef(name, gradients.loss, deferred.params, gradients.var_list)


# -- emitting ------------------------------------------------------------------
def emit_optimizer(rule: MigrationRule, decided: KerasOptimizer) -> cst.Call:
    made = cst.Name(decided.keras) if decided.update is not None else rule.spell(decided.keras)
    return cst.Call(made, [keyword(k, v) for k, v in decided.arguments])


def emit_optimizer_def(rule: MigrationRule, decided: OptimizerDef) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(decided.name))],
                                               emit_optimizer(rule, decided.optimizer))])


def emit_train_def(rule: MigrationRule, decided: TrainDef) -> cst.FlattenSentinel[cst.BaseStatement]:
    op = decided.op
    arguments = ", ".join(decided.params)
    if op.applied is not None:
        code = f"def {op.name}({arguments}):\n    {op.optimizer_name}.apply_gradients({op.applied}({arguments}))\n"
        function = cst.ensure_type(cst.parse_statement(code), cst.FunctionDef)
    else:
        function = _tape_function(rule, op.name, op.loss, decided.params, op.var_list, (
            f"    {op.optimizer_name}.apply_gradients(zip({gradients(decided.dense)}, train_vars))\n"
            f"    return loss_value\n"))
    statements: list[cst.BaseStatement] = []
    if decided.optimizer is not None:
        statements.append(emit_optimizer_def(rule, decided.optimizer))
    statements.append(function)
    return cst.FlattenSentinel(statements)


def gradients(dense: bool) -> str:
    """The step's gradients; dense ones where rows read sparsely must be summed first, as TF1 did."""
    if dense:
        return "[g if g is None else CONVERT(g) for g in tape.gradient(loss_value, train_vars)]"
    return "tape.gradient(loss_value, train_vars)"


def emit_gradients_def(rule: MigrationRule, decided: GradientsDef) -> cst.FunctionDef:
    return _tape_function(rule, decided.name, decided.loss, decided.params, decided.var_list,
                          "    return list(zip(tape.gradient(loss_value, train_vars), train_vars))\n")


def _tape_function(rule: MigrationRule, name: str, loss: str, params: list[str],
                   var_list: cst.BaseExpression | None, tail: str) -> cst.FunctionDef:
    """``def name(params)``: the loss under a GradientTape, the variables it trains, then ``tail``."""
    loss_call = cst.Call(cst.Name(loss), [cst.Arg(cst.Name(p)) for p in params])
    variables = cst.parse_expression("tape.watched_variables()") if var_list is None else var_list
    code = (
        f"def {name}({', '.join(params)}):\n"
        f"    with TAPE() as tape:\n"
        f"        loss_value = LOSS\n"
        f"    train_vars = VARS\n"
    ) + tail
    function = cst.ensure_type(cst.parse_statement(code), cst.FunctionDef)
    filled = {"TAPE": rule.spell("tf.GradientTape"), "LOSS": loss_call, "VARS": variables,
              "CONVERT": rule.spell("tf.convert_to_tensor")}
    return cst.ensure_type(function.visit(_Fill(filled)), cst.FunctionDef)


class _Fill(cst.CSTTransformer):
    """Put the decided expressions in place of the template's capitalised names."""

    def __init__(self, filled: dict[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.filled = filled

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.filled.get(updated_node.value, updated_node)

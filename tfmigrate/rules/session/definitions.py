"""The plan's decisions about a section's graph definitions: what each module-level definition becomes.

Placeholders go, optimizers become Keras optimizers, training ops
GradientTape steps, recomputed tensors functions of the placeholders
they read, savers checkpoints, ``tf.get_variable`` a ``tf.Variable``,
and initializer runs after the first assignments of initial values.
The section planner (``plan.py``) decides the sessions and their runs
and calls this planner for each definition, catching its refusals.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.session.analysis import Deferred, GraphAnalysis, Refused, Unsafe
from tfmigrate.rules.session.decisions import (
    DeferredCall,
    DeferredDef,
    LocalName,
    Note,
    PlaceholderSpec,
    Plan,
    Rename,
    UnpackedDefs,
)
from tfmigrate.rules.session.initializers import plan_reset
from tfmigrate.rules.session.loops import plan_loop
from tfmigrate.rules.session.runs import placeholder_dtype
from tfmigrate.rules.session.savers import plan_saver, plan_saver_call
from tfmigrate.rules.session.syntax import names_in, target_names
from tfmigrate.rules.session.training import DENSE_NOTE, OptimizerDef, plan_gradients, plan_optimizer, plan_train_op
from tfmigrate.rules.session.variables import plan_get_variable, plan_layer, plan_variable_list


class DefinitionPlanner:
    """Plans the definitions of one section into its plan; a definition it cannot convert raises ``Refused``."""

    def __init__(self, analysis: GraphAnalysis, plan: Plan) -> None:
        self.a = analysis
        self.plan = plan

    def plan_placeholder(self, name: str) -> None:
        statement = self.a.statement_of(self.a.placeholders[name])
        if statement is not None:
            self.plan.remove.add(id(statement))
        for node in self.a.accesses(name):
            if self.a.is_printed_placeholder(node):
                self.plan.names[id(node)] = PlaceholderSpec(self.a.placeholders[name])
                self.plan.notes.append(Note(node, f"print({name}) prints the tf.TensorSpec of the placeholder: "
                                            "eager code has no symbolic tensor to print", fixed=True))

    def plan_fed_tensor(self, name: str) -> None:
        """A tensor computed once that a run feeds: kept, and a parameter (default: itself) where it is read."""
        self.plan.notes.append(Note(self.a.fed_tensors[name], f"{name}, a tensor a run feeds, became a parameter of "
                                    "the functions that recompute what reads it; unfed, it is the tensor computed "
                                    "once", fixed=True))

    def plan_optimizer(self, name: str) -> None:
        call = self.a.optimizers[name]
        statement = self.a.statement_of(call)
        if statement is None or not any(op.optimizer_name == name for op in self.a.train_ops.values()):
            return
        decided = plan_optimizer(self.a, call)
        self.plan.statements[id(statement)] = OptimizerDef(name, decided)
        self.plan.notes.append(Note(call, f"replaced {decided.tf1_name} with {decided.replacement()}", fixed=True))
        self._drift_note(call, decided.tf1_name, decided.keras, decided.drift)

    def plan_train_op(self, name: str) -> None:
        op = self.a.train_ops[name]
        decided = plan_train_op(self.a, op)
        self.plan.statements[id(op.statement)] = decided
        if decided.optimizer is not None:
            keras = decided.optimizer.optimizer
            made = "a Keras optimizer" if keras.update is None else f"{keras.keras} (TF1's update written out)"
            self.plan.notes.append(Note(op.optimizer_call, f"replaced {keras.tf1_name}(...).minimize "
                                        f"with {made} and a GradientTape step", fixed=True))
            self._drift_note(op.optimizer_call, keras.tf1_name, keras.keras, keras.drift)
        if decided.dense:
            self.plan.notes.append(Note(op.minimize, DENSE_NOTE, fixed=True))
        if op.applied is not None:
            self.plan.notes.append(Note(op.minimize, "apply_gradients() became a step that applies the pairs "
                                        "computed under a GradientTape", fixed=True))

    def _drift_note(self, call: cst.Call, tf1_name: str, keras: str, drift: str) -> None:
        if drift:
            self.plan.notes.append(Note(call, f"{tf1_name} became {keras}: {drift}",
                                        "accept last-digit differences in trained values, or write the TF1 update by hand"))

    def plan_deferred(self, deferred: Deferred) -> None:
        a = self.a
        if deferred.gradients is not None:
            self.plan.statements[id(deferred.statement)] = plan_gradients(a, deferred.name)
            self.plan.names[id(cst.ensure_type(deferred.value, cst.Call).args[0].value)] = DeferredCall(
                deferred.gradients.loss, deferred.params)
            return
        values = deferred.values()
        direct = {n.value for value in values for n in names_in(value) if n.value in a.placeholders}
        converted = [(p, placeholder_dtype(a.placeholders[p])) for p in deferred.params if p in direct]
        layer = None
        if deferred.name in a.layers:
            layer, applied = plan_layer(a, deferred.name, a.layers[deferred.name])
            self.plan.calls[id(a.layers[deferred.name])] = applied
            self.plan.notes.append(Note(a.layers[deferred.name], f"{a.tf_name(a.layers[deferred.name].func)} became "
                                        "a Keras Dense layer created once and applied per run", fixed=True))
        if deferred.loop is not None:
            looped = plan_loop(a, deferred, converted, self._rebound_python_values(deferred))
            self.plan.absorbed[id(deferred.statement)] = looped
            self.plan.loops[id(deferred.loop.node)] = looped
            self.plan.notes.append(Note(deferred.loop.node, f"{deferred.name}, rebuilt on each pass of this for loop, "
                                        "became a function that replays the passes the loop records", fixed=True))
        else:
            bound = {name: self._local_name(name) for name in a.bound_locally(deferred)}
            decided = DeferredDef(deferred, converted, self._rebound_python_values(deferred), layer,
                                  fed=[p for p in deferred.params if p in a.fed_tensors],
                                  bound=[(local, DeferredCall(name, a.deferred[name].params))
                                         for name, local in bound.items()])
            for name in (n for value in values for n in names_in(value) if n.value in bound):
                self.plan.names[id(name)] = LocalName(bound[name.value])
            if deferred.unpacked is not None:  # one function per name unpacked on the line
                group = self.plan.statements.setdefault(id(deferred.statement), UnpackedDefs([]))
                if isinstance(group, UnpackedDefs):
                    group.functions.append(decided)
            else:
                self.plan.statements[id(deferred.statement)] = decided
            for earlier in deferred.prelude:
                self.plan.absorbed[id(earlier)] = decided
        for name in (n for value in values for n in names_in(value)):
            if name.value in a.deferred and name.value != deferred.name and id(name) not in self.plan.names:
                self.plan.names[id(name)] = DeferredCall(name.value, a.deferred[name.value].params)

    def _local_name(self, name: str) -> str:
        """``batch_value`` for ``batch``, unless the module already uses that name."""
        taken = {node.value for node in self.a.rule.facts.all(cst.Name)}
        local, number = f"{name}_value", 2
        while local in taken:
            local, number = f"{name}_value{number}", number + 1
        return local

    def _rebound_python_values(self, deferred: Deferred) -> list[str]:
        """Names a recomputed tensor reads that hold Python values and are bound again later.

        TF1 baked Python values into the graph when it was built; a default
        argument keeps the value they had then, even if the name is rebound.
        """
        a = self.a
        graph_names = set(a.placeholders) | set(a.deferred) | set(a.train_ops) | set(a.optimizers)
        imported = set(a.rule.names.module_aliases) | set(a.rule.names.from_imports) | {"tf", "np", "numpy", "tensorflow"}
        found: list[str] = []
        for name in (n for built in deferred.values() for n in names_in(built)):
            value = name.value
            if value in graph_names or value in found or value in imported:
                continue
            bindings = [node for node, _ in a.assignments().get(value, []) if not self._lambda_param(node)]
            if len(bindings) > 1 and self._bound_before(value, deferred.statement):
                found.append(value)
        return found

    def _lambda_param(self, node: cst.CSTNode) -> bool:
        """A lambda's parameter binds a name of its own body, never the module's."""
        parameters = self.a.parent(node) if isinstance(node, cst.Param) else None
        return parameters is not None and isinstance(self.a.parent(parameters), cst.Lambda)

    def _bound_before(self, name: str, statement: cst.SimpleStatementLine) -> bool:
        """Assigned by a module-level statement of this section above ``statement``."""
        for top in self.a.statements:
            if top is statement:
                return False
            if isinstance(top, cst.SimpleStatementLine):
                for small in top.body:
                    if isinstance(small, cst.Assign) and any(
                        n.value == name for t in small.targets for n in target_names(t.target)
                    ):
                        return True
        return False

    def plan_saver(self, name: str) -> None:
        call = self.a.savers[name]
        statement = self.a.statement_of(call)
        if statement is not None:
            self.plan.statements[id(statement)] = plan_saver(self.a, name)
            self.plan.handled.add(id(call.func))
            self.plan.notes.append(Note(call, "tf.train.Saver became a tf.train.Checkpoint of the same variables",
                                        fixed=True))

    def plan_saver_use(self, access: cst.Name) -> None:
        call, decided = plan_saver_call(self.a, access)
        self.plan.calls[id(call)] = decided

    def plan_variable_list(self, call: cst.Call) -> None:
        self.plan.calls[id(call)] = plan_variable_list(self.a, call)
        self.plan.handled.add(id(call.func))
        self.plan.notes.append(Note(call, f"{self.a.tf_name(call.func)}() became the list of the variables it "
                                    "held", fixed=True))

    def plan_get_variable(self, name: str) -> None:
        call = self.a.made_variables[name]
        self.plan.calls[id(call)] = plan_get_variable(call)
        self.plan.notes.append(Note(call, "tf.get_variable became tf.Variable with the same initializer", fixed=True))

    def plan_initializer(self, name: str) -> None:
        self.plan.remove.add(id(self.a.init_names[name]))

    def initializer_runs_once(self, init_runs: list[cst.Call]) -> list[Unsafe]:
        """Eager variables are initialised once, when created; a later initializer run resets them by hand."""
        if not self.a.stateful:
            return []
        repeated = init_runs[1:] or [call for call in init_runs if self.a.may_repeat(call)]
        refused: list[Unsafe] = []
        for call in repeated:
            try:
                statement = cst.ensure_type(self.a.statement_of(call), cst.SimpleStatementLine)
                self.plan.statements[id(statement)] = plan_reset(self.a, call)
                self.plan.remove.discard(id(statement))
                self.plan.notes.append(Note(call, "the initializer run became assignments of each variable's "
                                            "initial value", fixed=True))
            except Refused as error:
                refused.append(error.unsafe)
        return refused

    def plan_initialized_value(self, call: cst.Call) -> None:
        """``v.initialized_value()`` is the value a new eager variable already holds."""
        if call.args:
            return
        statement = self.a.statement_of(call)
        if statement is None or id(statement) in self.plan.statements or not self.a.is_module_level(statement):
            raise Refused(call, "initialized_value() is read after the variable may have changed",
                          "keep the initial value in its own tensor")
        self.plan.calls[id(call)] = Rename("read_value")
        self.plan.notes.append(Note(call, "initialized_value() became read_value(): a new eager variable holds "
                                    "its initial value", fixed=True))

"""TFM106: give TF1's cond, case and while_loop the results they had, under TF 2's functions of the same name.

TF 2 kept the names and changed what comes back. TF1's ``cond`` and ``case``
unwrapped a branch that returned a one-element list or tuple; TF 2's return
the list. TF1's ``while_loop`` returned its only loop variable bare when
``loop_vars`` held one tensor; TF 2's returns the one-element list, and when
run eagerly it needs the body to return a list as well. The same spelling
therefore hands the next line another type.

TF1's functions reached through ``tensorflow.python.ops.control_flow_ops``
are claimed here before TFM105 reads private names, so that one run writes
TF 2's names where a second run would otherwise have found compat spellings
to improve.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate import exports
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.dataflow import assigned_values, defined_function
from tfmigrate.rules.tfnames import dotted_name

COND, CASE, WHILE_LOOP = "tf.cond", "tf.case", "tf.while_loop"
#: TF1's positional parameters of each function (TF 1.15)
POSITIONS: dict[str, tuple[str, ...]] = {
    COND: ("pred", "true_fn", "false_fn", "strict", "name", "fn1", "fn2"),
    CASE: ("pred_fn_pairs", "default", "exclusive", "strict", "name"),
    WHILE_LOOP: ("cond", "body", "loop_vars", "shape_invariants", "parallel_iterations", "back_prop",
                 "swap_memory", "name", "maximum_iterations", "return_same_structure"),
}
BRANCH_PARAMETERS = ("true_fn", "false_fn", "fn1", "fn2", "default")
#: parameters TF1 had and TF 2's namesake dropped
V1_ONLY = {COND: "strict", WHILE_LOOP: "return_same_structure"}
#: TF 2's names for TF1's deprecated cond keywords
COND_KEYWORDS = {"fn1": "true_fn", "fn2": "false_fn"}
#: while_loop's leading positions that TF1 and TF 2 share
SAME_POSITIONS = 7
#: TF calls that return several tensors, so a loop variable built by one is not one tensor
SEVERAL_RESULTS = frozenset({
    "tf.unstack", "tf.split", "tf.meshgrid", "tf.nn.moments", "tf.unique", "tf.unique_with_counts", "tf.py_func",
    "tf.numpy_function", "tf.py_function", "tf.while_loop", "tf.cond", "tf.case", "tf.tuple", "tf.gradients",
    "tf.nn.top_k", "tf.math.top_k", "tf.shape_n", "tf.dynamic_partition", "tf.nn.dynamic_rnn", "tf.map_fn",
    "tf.scan", "tf.nest.flatten", "tf.nest.map_structure", "tf.identity_n", "tf.broadcast_dynamic_shape",
})


# The cases' modules show they are TF1 code by a placeholder, left as written.
_TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
_MARK = "2:5 TFM405"
_NO_FALLBACK = ("fallback=none",)


@dataclasses.dataclass
class Plan:
    """What one call needs so that TF 2's function returns what TF1's did; ``blocker`` if that is unknowable."""

    name: str
    unwrap: list[str] = dataclasses.field(default_factory=list)  # branch parameters whose [x] becomes x
    index_result: bool = False  # while_loop with one tensor: TF1 returned it bare
    #: "wrap": the body lambda's value goes in a list; "call_in_list": lambda value: [body(value)];
    #: "flatten": lambda value: tf.nest.flatten(body(value)), for a body whose result cannot be read
    body: str = ""
    blocker: str = ""
    unread: list[str] = dataclasses.field(default_factory=list)  # branches defined elsewhere, as written
    private: str = ""  # the private name the call was spelled with (tensorflow.python.ops.control_flow_ops.cond)


class V1ControlFlow(MigrationRule):
    CODE = "TFM106"
    NAME = "v1-control-flow"
    DESCRIPTION = "Rewrite TF1's cond, case and while_loop calls so TF 2's namesakes return what TF1 returned."
    WHY = (
        "tf.cond, tf.case and tf.while_loop exist in TF 1.x and TF 2 under one name, but TF1's cond and case "
        "returned x where a branch returned [x], and TF1's while_loop returned the loop variable itself where "
        "loop_vars was [x]. TF 2 returns the one-element list, so unchanged code passes a list where it used a "
        "tensor, or fails outright: run eagerly, TF 2's while_loop cannot take a body that returns a bare "
        "tensor for loop_vars=[x]. tf.compat.v1.cond is no refuge: under TF 2's control flow it does not "
        "unwrap either. The same holds for TF1's functions reached through a private module "
        "(control_flow_ops.cond), which TF 2 no longer has there."
    )
    LEAVES = (
        "A branch or body defined elsewhere (an imported function, a method, functools.partial), whose "
        "results cannot be read, is taken to return what it returns in TF 2 too, and the finding names it; a "
        "call whose results cannot be known (a local function that returns a one-element list, a loop variable that may hold several "
        "tensors, strict= or return_same_structure= given) is left as written with a finding."
    )
    INSTEAD = (
        "tf.cond(p, lambda: x, lambda: y) for branches returning [x] and [y]; "
        "tf.while_loop(cond=c, body=lambda i: [i + 1], loop_vars=[i0])[0] for TF1's while_loop(c, lambda i: i + 1, [i0])."
    )
    CASES = (
        Case(
            f"{_TF1}r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])\n",
            f"{_TF1}r = tf.while_loop(cond=lambda i: i < 3, body=lambda i: [i + 1], loop_vars=[tf.constant(0)])[0]\n",
            options=_NO_FALLBACK, findings=(_MARK, "3:5 TFM101", "3:5 TFM106"),
        ),
        Case(
            f"{_TF1}r = tf.while_loop(c, b, [0], name='n')\n",
            f"{_TF1}r = tf.while_loop(cond=c, body=lambda value: tf.nest.flatten(b(value)), loop_vars=[0], "
            "name='n')[0]\n",
            options=_NO_FALLBACK, findings=(_MARK, "3:5 TFM101", "3:5 TFM106"),
        ),
        Case(
            "import tensorflow as tf\ny = tf.compat.v1.cond(p, lambda: [a], fn2=lambda: [b])\n",
            "import tensorflow as tf\ny = tf.cond(p, lambda: a, false_fn=lambda: b)\n",
            findings=("2:5 TFM101", "2:5 TFM106"),
        ),
        Case(
            "import tensorflow as tf\ny = tf.compat.v1.cond(p, lambda: x, lambda: y)\n",
            "import tensorflow as tf\ny = tf.cond(p, lambda: x, lambda: y)\n",
            findings=("2:5 TFM106",),
        ),
        Case(
            f"{_TF1}y = tf.case([(p, lambda: (a,))], default=lambda: (b,))\n",
            f"{_TF1}y = tf.case([(p, lambda: a)], default=lambda: b)\n",
            options=_NO_FALLBACK, findings=(_MARK, "3:5 TFM106"),
        ),
        Case(
            f"{_TF1}def f():\n    return [a]\ny = tf.cond(p, f, lambda: [b])\n",
            options=_NO_FALLBACK, findings=(_MARK, "5:5 TFM106"),
        ),
        Case(
            f"{_TF1}state = (a, b)\nr = tf.while_loop(c, body, [state])\n",
            options=_NO_FALLBACK, findings=(_MARK, "4:5 TFM106"),
        ),
        Case(f"{_TF1}y = tf.cond(p, lambda: [a], lambda: [b], strict=True)\n",
             options=_NO_FALLBACK, findings=(_MARK, "3:5 TFM106")),
        # TF1's functions reached through private modules: TF 2's namesakes, made to return what TF1's did.
        Case(
            "import tensorflow as tf\nfrom tensorflow.python.ops import control_flow_ops\n"
            "y = control_flow_ops.cond(p, lambda: [a], lambda: [b])\n",
            "import tensorflow as tf\ny = tf.cond(p, lambda: a, lambda: b)\n",
            findings=("3:5 TFM106",),
        ),
        Case(
            "from tensorflow.python.ops import control_flow_ops as cf\n"
            "r = cf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])\n",
            "import tensorflow as tf\n\nr = tf.while_loop(cond=lambda i: i < 3, body=lambda i: [i + 1], loop_vars=[0])[0]\n",
            findings=("2:5 TFM106",),
        ),
        Case(
            "from tensorflow.python.ops import control_flow_ops\ny = control_flow_ops.case([(p, lambda: a)], default=f)\n",
            "import tensorflow as tf\n\ny = tf.case([(p, lambda: a)], default=f)\n",
            findings=("2:5 TFM106",),
        ),
        # Nothing TF 2 returns differently: the names stay as they are.
        Case(f"{_TF1}y = tf.cond(p, lambda: a, lambda: b)\n", options=_NO_FALLBACK, findings=(_MARK,)),
        Case(f"{_TF1}y = tf.cond(p, lambda: [a, b], lambda: [b, a])\n", options=_NO_FALLBACK, findings=(_MARK,)),
        Case(f"{_TF1}i, s = tf.while_loop(cond=c, body=b, loop_vars=[0, x])\n", options=_NO_FALLBACK,
             findings=(_MARK,)),
        # TF 2 code: its cond already returns lists.
        Case("import tensorflow as tf\ny = tf.cond(p, lambda: [a], lambda: [b])\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._plans: dict[int, Plan] = {}  # id(original Call) -> its plan

    def visit_Module(self, node: cst.Module) -> None:
        # Claimed before TFM105 reads its uses (it runs next), so that it leaves these calls to this rule.
        for call in self.facts.all(cst.Call):
            private = self._private_tf1_name(call.func)
            if private is None or self._indexed_first(call):
                continue
            plan = dataclasses.replace(self._plan(call, private[1]), private=private[0])
            if not plan.blocker:  # a blocked call is TFM105's to spell through tf.compat.v1, or to leave
                self._plans[id(call)] = plan
                self.mark_handled(id(call.func))

    def _private_tf1_name(self, func: cst.BaseExpression) -> tuple[str, str] | None:
        """(private name, tf.cond) for ``control_flow_ops.cond``: a private name of TF1's cond, case or while_loop."""
        name = self.tf_name(func)
        private = "tensorflow" + name[2:] if name is not None else ""
        if not private or not exports.is_private(private):
            return None
        export = exports.export_of(private)
        compat = export.compat if export is not None and export.tf2 is None else None
        return (private, compat) if compat in POSITIONS else None

    def visit_Call(self, node: cst.Call) -> None:
        name = self.tf_name(node.func)
        if name not in POSITIONS or not self.reads_as_tf1(node.func) or self._indexed_first(node):
            return
        plan = self._plan(node, name)
        if plan.blocker or plan.unwrap or plan.index_result or self.through_compat_v1(node.func):
            self._plans[id(node)] = plan
            self.mark_handled(id(node.func))  # this rule spells the name: TFM101 must not call it the same function
            if plan.blocker:
                self.mark_handled(id(node))  # left as written, TF1's arguments included

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        plan = self._plans.get(id(original_node))
        if plan is None:
            return updated_node
        if plan.blocker:
            self.report(original_node, f"{plan.name} is left as written: {plan.blocker}", subject=plan.name,
                        action=f"check what the call returns and port it to TF 2's {plan.name} by hand")
            return updated_node
        self.report(original_node, _fixed_message(plan) + _unread_note(plan), kind=Kind.FIXED, subject=plan.name)
        call = updated_node.with_changes(func=self.spell(plan.name), args=self._rewritten_args(updated_node, plan))
        if plan.index_result:
            return cst.Subscript(call, [cst.SubscriptElement(cst.Index(cst.Integer("0")))])
        return call

    # -- the plan ----------------------------------------------------------
    def _indexed_first(self, call: cst.Call) -> bool:
        """``tf.while_loop(...)[0]``: this rule's own output, which a second run must leave alone.

        TF1 code that indexes such a loop's bare result with [0] (the first row
        of the one loop variable) looks the same and is left alone too.
        """
        parent = self.parent(call)
        if not isinstance(parent, cst.Subscript) or parent.value is not call or len(parent.slice) != 1:
            return False
        index = parent.slice[0].slice
        return isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == "0"

    def _plan(self, call: cst.Call, name: str) -> Plan:
        bound = _bind(call, POSITIONS[name])
        plan = Plan(name)
        if bound is None:
            plan.blocker = "its arguments cannot be matched to TF1's parameters (*args or **kwargs)"
        elif _v1_only_parameter(bound, name):
            plan.blocker = f"{_v1_only_parameter(bound, name)}= has no counterpart in TF 2's {name}"
        elif name == WHILE_LOOP and _positional_count(call) > SAME_POSITIONS:
            plan.blocker = "TF 2 swapped the positions of name and maximum_iterations: pass them by keyword"
        elif name == WHILE_LOOP:
            self._plan_loop(bound, plan)
        else:
            self._plan_branches(bound, plan)
        return plan

    def _plan_branches(self, bound: dict[str, cst.BaseExpression], plan: Plan) -> None:
        for parameter, branch in _branches(bound):
            if isinstance(branch, cst.Lambda) and _one_element(branch.body) is not None:
                plan.unwrap.append(COND_KEYWORDS.get(parameter, parameter))
            elif isinstance(branch, cst.Name) and defined_function(self, branch) is not None:
                line = self._returns_one_element(branch)
                if line:
                    plan.blocker = (f"{branch.value} returns a one-element list or tuple (line {line}), which TF1's "
                                    f"{plan.name} unwrapped and TF 2's returns as a list")
                    return
            elif not isinstance(branch, cst.Lambda):
                plan.unread.append(dotted_name(branch) or "a computed branch")

    def _plan_loop(self, bound: dict[str, cst.BaseExpression], plan: Plan) -> None:
        loop_vars = bound.get("loop_vars")
        if isinstance(loop_vars, cst.Name):
            known = [value for _, value in assigned_values(self, loop_vars)]
            loop_vars = known[0] if len(known) == 1 and known[0] is not None else loop_vars
        only = _one_element(loop_vars) if loop_vars is not None else None
        if only is None:
            return  # several loop variables (or a structure that cannot be read): TF1 and TF 2 agree
        if not self._one_tensor(only):
            plan.blocker = ("its one loop variable may hold several tensors; TF1's while_loop returned it bare only "
                            "if it held one, and TF 2's returns a one-element list either way")
            return
        plan.index_result = True
        body = bound.get("body")
        if isinstance(body, cst.Lambda):
            plan.body = "" if _one_element(body.body) is not None else "wrap"
        elif isinstance(body, cst.Name) and defined_function(self, body) is not None:
            plan.body = self._body_of_function(body)
        else:
            plan.body = "flatten"

    def _one_tensor(self, value: cst.BaseExpression) -> bool:
        """A loop variable that is one tensor: a number, arithmetic, a TF call with one result, or a name bound to one."""
        if isinstance(value, (cst.Integer, cst.Float, cst.BinaryOperation, cst.UnaryOperation)):
            return True
        if isinstance(value, cst.Call):
            name = self.tf_name(value.func)
            return name is not None and name not in SEVERAL_RESULTS
        if isinstance(value, cst.Name):
            values = [bound for _, bound in assigned_values(self, value)]
            return bool(values) and all(v is not None and not isinstance(v, cst.Name) and self._one_tensor(v)
                                        for v in values)
        return False

    def _returns_one_element(self, name: cst.Name) -> int:
        """The line of a ``return [x]`` in the local function ``name`` names; 0 if none or unknown."""
        function = defined_function(self, name)
        if function is None:
            return 0
        for statement in _returns(function):
            if statement.value is not None and _one_element(statement.value) is not None:
                return self._line(statement)
        return 0

    def _body_of_function(self, name: cst.Name) -> str:
        """How a local body function's result reaches TF 2: as it is, in a list, or flattened if it varies."""
        function = defined_function(self, name)
        values = [r.value for r in _returns(function)] if function is not None else []
        if not values or any(value is None for value in values):
            return "flatten"
        if all(_one_element(value) is not None for value in values if value is not None):
            return ""
        if not any(isinstance(value, (cst.List, cst.Tuple)) for value in values):
            return "call_in_list"
        return "flatten"

    # -- the rewrite ---------------------------------------------------------
    def _rewritten_args(self, call: cst.Call, plan: Plan) -> list[cst.Arg]:
        positions = POSITIONS[plan.name]
        args: list[cst.Arg] = []
        for index, arg in enumerate(call.args):
            parameter = arg.keyword.value if arg.keyword is not None else positions[index]
            parameter = COND_KEYWORDS.get(parameter, parameter)
            arg = arg.with_changes(value=self._rewritten_value(parameter, arg.value, plan))
            if arg.keyword is not None and arg.keyword.value != parameter:
                arg = arg.with_changes(keyword=cst.Name(parameter))
            elif arg.keyword is None and plan.private and plan.name == WHILE_LOOP:
                arg = _as_keyword(arg, parameter)  # what TFM101 writes for a public tf.while_loop
            args.append(arg)
        return args

    def _rewritten_value(self, parameter: str, value: cst.BaseExpression, plan: Plan) -> cst.BaseExpression:
        if parameter in plan.unwrap and isinstance(value, cst.Lambda):
            return value.with_changes(body=_one_element(value.body) or value.body)
        if parameter == "pred_fn_pairs" and "pred_fn_pairs" in plan.unwrap:
            return _unwrapped_pairs(value)
        if parameter == "body" and plan.body == "wrap" and isinstance(value, cst.Lambda):
            return value.with_changes(body=cst.List([cst.Element(value.body)]))
        if parameter == "body" and plan.body == "call_in_list":
            inner = cst.Call(value, [cst.Arg(cst.Name("value"))])
            return cst.Lambda(cst.Parameters([cst.Param(cst.Name("value"))]), cst.List([cst.Element(inner)]))
        if parameter == "body" and plan.body == "flatten":
            inner = cst.Call(value, [cst.Arg(cst.Name("value"))])
            flat = cst.Call(self.spell("tf.nest.flatten"), [cst.Arg(inner)])
            return cst.Lambda(cst.Parameters([cst.Param(cst.Name("value"))]), flat)
        return value


def _fixed_message(plan: Plan) -> str:
    if plan.private:
        return f"replaced private {plan.private}, TF1's {plan.name}, by TF 2's {plan.name}: " + _private_detail(plan)
    if plan.index_result:
        return ("rewrote tf.while_loop for TF 2: TF1's returned its one loop variable bare and TF 2's returns a "
                "one-element list, so the result is indexed [0] and the body returns a list")
    if plan.unwrap:
        return (f"rewrote {plan.name}'s branches that returned a one-element list to return the element: TF1's "
                f"{plan.name} unwrapped it, TF 2's would return the list")
    return f"spelled tf.compat.v1.{plan.name[3:]} as {plan.name}: {_same_results(plan.name)}, so TF 2's computes the same"


def _private_detail(plan: Plan) -> str:
    if plan.index_result:
        return ("TF1's returned its one loop variable bare and TF 2's returns a one-element list, so the result is "
                "indexed [0] and the body returns a list")
    if plan.unwrap:
        return ("TF1's unwrapped branches that returned a one-element list and TF 2's would return the list, so "
                "those branches return the element")
    return f"{_same_results(plan.name)}, so it computes the same"


def _unread_note(plan: Plan) -> str:
    if not plan.unread:
        return ""
    names = sorted(set(plan.unread))
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return (f"; {shown} cannot be read here and is taken to return no one-element list, which TF1 would have "
            "unwrapped and TF 2 does not")


def _same_results(name: str) -> str:
    """Why TF1's and TF 2's namesakes return the same here."""
    if name == WHILE_LOOP:
        return "loop_vars holds several loop variables here"
    return "no branch returns a one-element list here"


def _as_keyword(arg: cst.Arg, parameter: str) -> cst.Arg:
    tight = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    return arg.with_changes(keyword=cst.Name(parameter), equal=tight)


def _v1_only_parameter(bound: dict[str, cst.BaseExpression], name: str) -> str:
    parameter = V1_ONLY.get(name, "")
    return parameter if parameter in bound else ""


def _positional_count(call: cst.Call) -> int:
    return sum(1 for arg in call.args if arg.keyword is None)


def _bind(call: cst.Call, positions: tuple[str, ...]) -> dict[str, cst.BaseExpression] | None:
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star or (arg.keyword is None and index >= len(positions)):
            return None
        bound[arg.keyword.value if arg.keyword is not None else positions[index]] = arg.value
    return bound


def _branches(bound: dict[str, cst.BaseExpression]) -> list[tuple[str, cst.BaseExpression]]:
    """(parameter, callable) for each branch a cond or case call names; case's pairs count as pred_fn_pairs."""
    found = [(p, bound[p]) for p in BRANCH_PARAMETERS if p in bound]
    pairs = bound.get("pred_fn_pairs")
    for element in _pair_elements(pairs):
        found.append(("pred_fn_pairs", element))
    return found


def _pair_elements(pairs: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    if isinstance(pairs, (cst.List, cst.Tuple)):
        return [e.value.elements[1].value for e in pairs.elements
                if isinstance(e.value, cst.Tuple) and len(e.value.elements) == 2]
    if isinstance(pairs, cst.Dict):
        return [e.value for e in pairs.elements if isinstance(e, cst.DictElement)]
    return []


def _unwrapped_pairs(pairs: cst.BaseExpression) -> cst.BaseExpression:
    def unwrap(fn: cst.BaseExpression) -> cst.BaseExpression:
        inner = _one_element(fn.body) if isinstance(fn, cst.Lambda) else None
        return fn.with_changes(body=inner) if inner is not None else fn

    if isinstance(pairs, (cst.List, cst.Tuple)):
        elements = []
        for element in pairs.elements:
            pair = element.value
            if isinstance(pair, cst.Tuple) and len(pair.elements) == 2:
                second = pair.elements[1]
                pair = pair.with_changes(elements=[pair.elements[0], second.with_changes(value=unwrap(second.value))])
            elements.append(element.with_changes(value=pair))
        return pairs.with_changes(elements=elements)
    if isinstance(pairs, cst.Dict):
        return pairs.with_changes(elements=[e.with_changes(value=unwrap(e.value)) if isinstance(e, cst.DictElement)
                                            else e for e in pairs.elements])
    return pairs


def _one_element(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """x for a ``[x]`` or ``(x,)`` display, else None."""
    if isinstance(node, (cst.List, cst.Tuple)) and len(node.elements) == 1:
        element = node.elements[0]
        return None if isinstance(element, cst.StarredElement) else element.value
    return None


def _returns(function: cst.FunctionDef) -> list[cst.Return]:
    """The return statements of ``function`` itself, not of functions or lambdas nested in it."""
    found: list[cst.Return] = []

    class _Collector(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

    function.visit(_Collector())
    return found

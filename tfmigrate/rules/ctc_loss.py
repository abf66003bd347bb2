"""TFM112: give TF1's ``tf.nn.ctc_loss`` calls TF 2's arguments that run TF1's op the same way.

TF1's ``ctc_loss(labels, inputs, sequence_length, preprocess_collapse_repeated=False,
ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False, time_major=True)``
ran the CTCLoss op on SparseTensor labels with the blank as the last class.
TF 2's ``ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True,
unique=None, blank_index=None, name=None)`` takes other positions; given
SparseTensor labels and ``blank_index=-1`` it runs the same op with TF1's
three defaults (``ctc_ops._ctc_loss_op_standard``), after moving the blank
class to the end, where it already is.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.generation import TF0
from tfmigrate.rules.losscalls import spelled_through_compat
from tfmigrate.rules.signature import bind, is_literal, keyword
from tfmigrate.rules.tfnames import build_dotted

CTC_LOSS = "tf.nn.ctc_loss"
#: TF 1.15's parameters, in order (``logits`` is its late alias of ``inputs``)
TF1_POSITIONS = ("labels", "inputs", "sequence_length", "preprocess_collapse_repeated", "ctc_merge_repeated",
                 "ignore_longer_outputs_than_inputs", "time_major", "logits")
#: TF 0.x's parameters, in order: the logits came first
TF0_POSITIONS = ("inputs", "labels", "sequence_length", "preprocess_collapse_repeated", "ctc_merge_repeated")
#: keywords only TF 2's function takes: a call with one of them is TF 2 code
TF2_KEYWORDS = frozenset({"label_length", "logit_length", "logits_time_major", "unique", "blank_index", "name"})
#: keywords only TF1's function takes: a call with one of them is TF1 code, whatever the rest of the module
TF1_KEYWORDS = frozenset(TF1_POSITIONS) - {"labels", "logits"}
#: TF1's flags, with the value TF 2's function always passes to the op
FLAG_DEFAULTS = {"preprocess_collapse_repeated": "False", "ctc_merge_repeated": "True",
                 "ignore_longer_outputs_than_inputs": "False"}


TF0_CONFLICT = "its first two positions are (inputs, labels) in TF 0.x and (labels, inputs) in TF 1.x,"
KEPT_ACTION = ("call tf.compat.v1.nn.ctc_loss with these arguments to keep TF1's loss, or write TF 2's "
               "tf.nn.ctc_loss(labels=..., logits=..., label_length=None, logit_length=..., blank_index=-1) "
               "where TF1's defaults were meant")
COMPAT_ACTION = ("port it to TF 2's tf.nn.ctc_loss(labels=..., logits=..., label_length=None, logit_length=..., "
                 "blank_index=-1) where TF1's defaults were meant; otherwise TF1's function stays")


class CtcLoss(MigrationRule):
    CODE = "TFM112"
    NAME = "ctc-loss"
    DESCRIPTION = "Rewrite TF1's tf.nn.ctc_loss calls with TF 2's arguments (blank_index=-1), which run TF1's CTC op the same way."
    WHY = (
        "tf.nn.ctc_loss kept its name in TF 2 but not its parameters: TF1 took (labels, inputs, sequence_length, "
        "preprocess_collapse_repeated, ctc_merge_repeated, ignore_longer_outputs_than_inputs, time_major), TF 2 "
        "takes (labels, logits, label_length, logit_length, logits_time_major, unique, blank_index). A TF1 call "
        "left as written passes the sequence lengths as label_length, misses logit_length, or fails on TF1's "
        "keywords. TF1 required SparseTensor labels and took the last class as the blank; TF 2's function, "
        "given SparseTensor labels and blank_index=-1, runs the same CTCLoss op with TF1's default flags "
        "(the classes it reorders to put the blank last are already in that order). TF1's flags have no TF 2 "
        "parameter, so a call that sets one to another value than its default keeps TF1's function. On a "
        "GPU, TF 2's eager call runs cuDNN's CTC kernel instead, which may round differently."
    )
    LEAVES = (
        "TF 2 code (TF 2's keywords such as logit_length= or blank_index=, or no TF1-only name in the module "
        "and none of TF1's keywords such as sequence_length= or ctc_merge_repeated= in the call); "
        "calls that set preprocess_collapse_repeated=True, ctc_merge_repeated=False or "
        "ignore_longer_outputs_than_inputs=True, or a flag that is not a literal (tf.compat.v1.nn.ctc_loss "
        "is then the only TF 2 form that computes the same: it is reported, and spelled so where the module "
        "imports tensorflow.compat.v1 or the tf.compat.v1 fallback is on); calls whose arguments cannot be matched to TF1's parameters, that lack "
        "sequence_length, or whose positions may be TF 0.x's (inputs first) in a file that mixes TF 0.x and 1.x code."
    )
    INSTEAD = (
        "tf.nn.ctc_loss(labels=labels, logits=logits, label_length=None, logit_length=seq_len, blank_index=-1) "
        "for TF1's tf.nn.ctc_loss(labels, logits, seq_len)."
    )
    CASES = (
        Case(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nloss = tf.nn.ctc_loss(labels, x, seq_len)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nloss = tf.nn.ctc_loss(labels=labels, logits=x, "
            "label_length=None, logit_length=seq_len, blank_index=-1)\n",
            options=("fallback=none",), findings=("2:5 TFM405", "3:8 TFM112"),
        ),
        Case(
            "import tensorflow as tf\nloss = tf.compat.v1.nn.ctc_loss(y, inputs=x, sequence_length=n, time_major=False, "
            "ctc_merge_repeated=True)\n",
            "import tensorflow as tf\nloss = tf.nn.ctc_loss(labels=y, logits=x, label_length=None, logit_length=n, "
            "logits_time_major=False, blank_index=-1)\n",
            findings=("2:8 TFM112",),
        ),
        # Kept: TF 2's function has no parameter for TF1's flag.
        Case(
            "import tensorflow.compat.v1 as tf\nloss = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
            "import tensorflow as tf\nloss = tf.compat.v1.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
            findings=("1:1 TFM103", "2:8 TFM112"),
        ),
        # TF1's keywords mark the call as TF1's even where nothing else in the module is.
        Case(
            "import tensorflow as tf\nloss = tf.nn.ctc_loss(labels=y, inputs=x, sequence_length=n)\n",
            "import tensorflow as tf\nloss = tf.nn.ctc_loss(labels=y, logits=x, label_length=None, logit_length=n, "
            "blank_index=-1)\n",
            findings=("2:8 TFM112",),
        ),
        Case(
            "import tensorflow as tf\nloss = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
            "import tensorflow as tf\nloss = tf.compat.v1.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
            options=("fallback=compat",), findings=("2:8 TFM112",),
        ),
        Case("import tensorflow as tf\nloss = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
             options=("fallback=none",), findings=("2:8 TFM112",)),
        # TF 2 code: its ctc_loss reads the call as written.
        Case("import tensorflow as tf\nloss = tf.nn.ctc_loss(y, x, label_length, logit_length, blank_index=0)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._calls: dict[int, str] = {}  # id(original call) -> why it stays ("" when it is rewritten)

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) != CTC_LOSS:
            return
        keywords = {arg.keyword.value for arg in node.args if arg.keyword is not None}
        if keywords & TF2_KEYWORDS or not (self.reads_as_tf1(node.func) or keywords & TF1_KEYWORDS):
            return  # TF 2 code: TF 2's keywords, or a TF 2 module's call with nothing of TF1's
        self._calls[id(node)] = self._blocker(node)
        self.mark_handled(id(node.func))  # this rule spells the name: others must not call it the same function

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        blocker = self._calls.get(id(original_node))
        if blocker is None:
            return updated_node
        bound = bind(updated_node, self._positions(original_node), frozenset(TF1_POSITIONS))
        if blocker or bound is None:
            return self._kept(original_node, updated_node, blocker)
        self.report(original_node, "rewrote TF1's tf.nn.ctc_loss with TF 2's arguments: SparseTensor labels and "
                    "blank_index=-1 run TF1's CTC op with its default flags", kind=Kind.FIXED, subject=CTC_LOSS)
        return cst.Call(self.spell(CTC_LOSS), _tf2_args(bound))

    def _positions(self, call: cst.Call) -> tuple[str, ...]:
        if not spelled_through_compat(call.func) and self.api_generation().reading == TF0:
            return TF0_POSITIONS
        return TF1_POSITIONS

    def _blocker(self, call: cst.Call) -> str:
        """Why TF1's call keeps TF1's function; "" when TF 2's computes the same."""
        if not isinstance(call.func, cst.Attribute):
            return "it is imported by name, and TF 2's tf.nn.ctc_loss takes other arguments"
        positional = sum(1 for arg in call.args if arg.keyword is None)
        judgement = self.api_generation()
        if positional >= 2 and judgement.conflict and not spelled_through_compat(call.func):
            return f"{TF0_CONFLICT} and {judgement.because()}"
        bound = bind(call, self._positions(call), frozenset(TF1_POSITIONS))
        if bound is None:
            return "its arguments cannot be matched to TF1's parameters (*args, **kwargs or an unknown keyword)"
        if "inputs" in bound and "logits" in bound:
            return "it gives both inputs= and logits=, which TF1 refused"
        missing = [p for p in ("labels", "sequence_length") if p not in bound]
        if missing or not {"inputs", "logits"} & set(bound):
            return f"it lacks {', '.join(missing) or 'inputs'}, which TF1 required"
        for flag, default in FLAG_DEFAULTS.items():
            if flag in bound and not is_literal(bound[flag].value, default):
                return (f"{flag}={cst.Module([]).code_for_node(bound[flag].value)} has no TF 2 parameter (TF 2's "
                        f"function always runs the op with {flag}={default}); tf.compat.v1.nn.ctc_loss is the only "
                        "TF 2 form that computes the same")
        return ""

    def _kept(self, original: cst.Call, updated: cst.Call, blocker: str) -> cst.Call:
        if not self._spells_compat(original, blocker):
            self.report(original, f"tf.nn.ctc_loss is left as written: {blocker}", subject=CTC_LOSS, action=KEPT_ACTION)
            return updated
        self.report(original, f"TF1's tf.nn.ctc_loss is spelled tf.compat.v1.nn.ctc_loss, TF1's function, so the module "
                    f"runs on TF 2: {blocker}", subject=CTC_LOSS, action=COMPAT_ACTION)
        return updated.with_changes(func=build_dotted(f"{self.names.tf_alias}.compat.v1.nn.ctc_loss"))

    def _spells_compat(self, original: cst.Call, blocker: str) -> bool:
        """TF1's function by its compat name: the module imports tensorflow.compat.v1 (TFM103 replaces it by TF 2),
        or the tf.compat.v1 fallback is on. Not a call whose positions may be TF 0.x's, nor one imported by name."""
        if spelled_through_compat(original.func) or not isinstance(original.func, cst.Attribute):
            return False
        if blocker.startswith(TF0_CONFLICT):
            return False
        return bool(self.facts.names.compat_v1_aliases) or self.options.fallback == "compat"


def _tf2_args(bound: dict[str, cst.Arg]) -> list[cst.Arg]:
    logits = bound.get("inputs") or bound["logits"]
    args = [keyword("labels", bound["labels"].value), keyword("logits", logits.value),
            keyword("label_length", cst.Name("None")), keyword("logit_length", bound["sequence_length"].value)]
    if "time_major" in bound:
        args.append(keyword("logits_time_major", bound["time_major"].value))
    args.append(keyword("blank_index", cst.UnaryOperation(cst.Minus(), cst.Integer("1"))))
    return args

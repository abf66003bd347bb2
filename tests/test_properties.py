"""Properties of the codemod over generated TF1-style programs.

Programs are composed from the shapes the rules look for (tf.mul/tf.sub
calls, cross-entropy calls with positional or keyword arguments, sessions
in `with` blocks and as plain variables, sess.run of names and lists) mixed
with plain Python. For every generated program:

* no rule crashes (a crash leaves the input unchanged, which would parse and
  be idempotent, so every property first asserts that no TFM000 was reported);
* the output parses (Python's own parser, not only libcst's);
* migrating the output again changes nothing (idempotence);
* without a tensorflow import the output is the input, byte for byte;
* a rule that crashes costs only its own file, reported, never the run.

Example budgets come from a hypothesis profile: ``ci`` (default, fixed and
small) or ``long`` (``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import pathlib
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tfmigrate.engine import MigrationResult, migrate_source

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ---------------------------------------------------------------------------
# Program generator
# ---------------------------------------------------------------------------

NAMES = ("a", "b", "x", "y", "logits", "labels", "weights", "total", "loss", "pred")
CROSS_ENTROPY = (
    "tf.nn.softmax_cross_entropy_with_logits",
    "tf.nn.sigmoid_cross_entropy_with_logits",
    "tf.nn.sparse_softmax_cross_entropy_with_logits",
    "tf.nn.weighted_cross_entropy_with_logits",
)

names = st.sampled_from(NAMES)
literals = st.one_of(
    st.integers(-5, 100).map(repr),
    st.floats(-10, 10, allow_nan=False, width=32).map(lambda v: repr(round(v, 3))),
    st.sampled_from(["'mean'", '"labels"', "None", "True", "[1.0, 2.0]"]),
)


def _cross_entropy(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    positional = st.tuples(st.sampled_from(CROSS_ENTROPY), leaf, leaf).map(lambda t: f"{t[0]}({t[1]}, {t[2]})")
    keywords = st.tuples(st.sampled_from(CROSS_ENTROPY), leaf, leaf, st.booleans()).map(
        lambda t: f"{t[0]}(labels={t[1]}, logits={t[2]})" if t[3] else f"{t[0]}(logits={t[2]}, labels={t[1]})"
    )
    return st.one_of(positional, keywords)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        pair.map(lambda p: f"tf.mul({p[0]}, {p[1]})"),
        pair.map(lambda p: f"tf.sub({p[0]}, {p[1]})"),
        pair.map(lambda p: f"({p[0]} + {p[1]})"),
        inner.map(lambda e: f"tf.reduce_mean({e})"),
        inner.map(lambda e: f"abs({e})"),
        _cross_entropy(inner),
    )


expressions = st.recursive(st.one_of(names, literals), _extend, max_leaves=6)


def _indent(block: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in block.splitlines())


def _session_block(body: list[str], session: str) -> str:
    return f"with tf.Session() as {session}:\n" + _indent("".join(body))


session_statements = st.one_of(
    st.tuples(names, names).map(lambda p: f"{p[0]} = sess.run({p[1]})\n"),
    st.lists(names, min_size=1, max_size=3).map(lambda ns: f"print(sess.run([{', '.join(ns)}]))\n"),
    st.tuples(names, names, literals).map(lambda p: f"{p[0]} = sess.run({p[1]}, feed_dict={{x: {p[2]}}})\n"),
    st.just("sess.run(tf.global_variables_initializer())\n"),
)

simple_statements = st.one_of(
    st.tuples(names, expressions).map(lambda p: f"{p[0]} = {p[1]}\n"),
    expressions.map(lambda e: f"print({e})\n"),
    st.just("total = sum([1, 2, 3])  # plain Python\n"),
    st.just("for i in range(3):\n    total = total + i\n"),
    st.tuples(names, expressions).map(lambda p: f"def compute({p[0]}):\n    return {p[1]}\n"),
    st.tuples(names, expressions).map(lambda p: f"if {p[0]}:\n    {p[0]} = {p[1]}\n"),
    st.just("\n"),
    st.just("# a comment line\n"),
)

statements = st.one_of(
    simple_statements,
    # A `with` body needs one real statement: blank lines and comments alone do not parse.
    st.tuples(session_statements, st.lists(st.one_of(session_statements, simple_statements), max_size=3)).map(
        lambda parts: _session_block([parts[0], *parts[1]], "sess")
    ),
    st.just("sess = tf.Session()\n"),
    session_statements,
)

HEADERS = (
    "import tensorflow as tf\n",
    "import tensorflow as tf\nimport numpy as np\n",
    "from __future__ import print_function\nimport tensorflow as tf\n",
    '"""A training script."""\nimport tensorflow as tf\n',
)


@st.composite
def tf1_programs(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(HEADERS))
    body = draw(st.lists(statements, min_size=1, max_size=8))
    return header + "".join(body)


@st.composite
def programs_without_tensorflow(draw: st.DrawFn) -> str:
    """TF-looking code that never imports tensorflow: `tf` here is someone else's name."""
    header = draw(st.sampled_from(("", "import numpy as np\n", "import mylib as tf\n", "tf = load_plugin()\n")))
    body = draw(st.lists(statements, min_size=1, max_size=8))
    return header + "".join(body)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def test_generator_makes_valid_varied_programs() -> None:
    """Guard for the generator itself: if its output did not parse, the properties would prove nothing."""
    seen_session = seen_loss = seen_mul = False

    @settings(max_examples=60, derandomize=True, deadline=None)
    @given(tf1_programs())
    def check(program: str) -> None:
        nonlocal seen_session, seen_loss, seen_mul
        ast.parse(program)
        seen_session |= "tf.Session()" in program
        seen_loss |= "cross_entropy_with_logits" in program
        seen_mul |= "tf.mul(" in program

    check()
    assert seen_session and seen_loss and seen_mul


def migrate_cleanly(program: str) -> MigrationResult:
    """Migrate, failing on any TFM000: a crashed rule or an unparsable rewrite returns the input unchanged."""
    result = migrate_source(program)
    errors = [finding.format() for finding in result.findings if finding.code == "TFM000"]
    assert not errors, errors
    return result


@given(tf1_programs())
def test_output_parses(program: str) -> None:
    result = migrate_cleanly(program)
    ast.parse(result.code)
    compile(result.code, "<migrated>", "exec", dont_inherit=True)


@given(tf1_programs())
def test_migrating_twice_equals_migrating_once(program: str) -> None:
    once = migrate_cleanly(program).code
    assert migrate_cleanly(once).code == once


@given(programs_without_tensorflow())
def test_code_without_tensorflow_import_is_left_byte_identical(program: str) -> None:
    result = migrate_source(program)
    assert result.code == program
    assert not result.changed


@given(tf1_programs())
def test_crlf_input_migrates_exactly_like_lf_input(program: str) -> None:
    """Windows line ends change nothing but the line ends (generated strings hold no newlines)."""
    unix = migrate_cleanly(program).code
    windows = migrate_cleanly(program.replace("\n", "\r\n")).code
    assert windows == unix.replace("\n", "\r\n")


# ---------------------------------------------------------------------------
# A crashing rule costs one file, never the run
# ---------------------------------------------------------------------------


def _explode(self: object, original_node: object, updated_node: object) -> object:
    raise RuntimeError("boom")


@given(tf1_programs())
def test_crashing_rule_leaves_the_file_unchanged_and_reports_it(program: str) -> None:
    from tfmigrate.rules.renames import Renames

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Renames, "leave_Name", _explode)  # every program has names: the rule always fires
        result = migrate_source(program, path="model.py")
    assert result.code == program
    assert [(f.code, f.kind.value, f.path) for f in result.findings] == [("TFM000", "error", "model.py")]
    assert "internal error" in result.findings[0].message and "RuntimeError: boom" in result.findings[0].message


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    from tfmigrate import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


def _explode_in_one_file(self: object, original_node: object, updated_node: object) -> object:
    if "explode" in (self.context.filename or ""):  # type: ignore[attr-defined]
        raise RuntimeError("boom")
    return updated_node


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_crashing_rule_on_one_file_does_not_stop_the_run(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    from tfmigrate.rules.renames import Renames

    monkeypatch.setattr(Renames, "leave_Name", _explode_in_one_file)  # inherited by forked --jobs workers
    program = "import tensorflow as tf\nproduct = tf.mul(a, b)\n"
    for name in ("a_first.py", "explode.py", "z_last.py"):
        (tmp_path / name).write_text(program)
    status, out, err = _run_cli(["migrate", "--jobs", jobs, str(tmp_path)])
    assert status == 2
    assert "Traceback" not in out + err
    crash_lines = [line for line in (out + err).splitlines() if "internal error" in line]
    assert len(crash_lines) == 1 and crash_lines[0].startswith(f"{tmp_path / 'explode.py'}:0:0: TFM000 ")
    assert (tmp_path / "explode.py").read_text() == program
    for name in ("a_first.py", "z_last.py"):
        assert (tmp_path / name).read_text() == "import tensorflow as tf\nproduct = tf.multiply(a, b)\n"


# ---------------------------------------------------------------------------
# --jobs N gives what --jobs 1 gives
# ---------------------------------------------------------------------------


def _write_tree(root: pathlib.Path, programs: list[str]) -> None:
    for number, program in enumerate(programs):
        folder = root / f"pkg{number % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"m{number:02d}.py").write_text(program)
    (root / "pkg0" / "broken.py").write_text("import tensorflow as tf\ndef f(:\n")


def _tree_bytes(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.py"))}


# Each example starts a process pool, so this property gets a small budget of its own.
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(tf1_programs(), min_size=4, max_size=8))
def test_parallel_jobs_give_the_same_files_report_and_output(programs: list[str]) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for jobs in ("1", "3"):
            root = pathlib.Path(scratch) / f"jobs{jobs}"
            _write_tree(root, programs)
            report = pathlib.Path(scratch) / f"report{jobs}.json"
            status, out, err = _run_cli(["migrate", "--jobs", jobs, "--report", str(report), str(root)])
            relative = lambda text: text.replace(str(root), "ROOT")  # noqa: E731
            results[jobs] = (status, relative(out), relative(err), relative(report.read_text()), _tree_bytes(root))
    assert results["3"] == results["1"]
    assert results["1"][0] == 2  # broken.py is reported in both


# ---------------------------------------------------------------------------
# Notebooks: the cell markers survive any rewrite
# ---------------------------------------------------------------------------

MAGIC_LINES = (
    "%matplotlib inline\n",
    "!pip install -q numpy\n",
    "files = !ls\n",
    "tf.nn?\n",
    "%timeit sess.run(x)\n",
    "%time y = sess.run(x)\n",
)


@st.composite
def tf1_notebooks(draw: st.DrawFn) -> str:
    """A notebook whose code cells, joined, form a TF1 program sprinkled with IPython lines."""
    cells: list[dict[str, object]] = [{"cell_type": "markdown", "metadata": {}, "source": ["# generated\n"]}]
    pieces = [draw(st.sampled_from(HEADERS))] + draw(st.lists(statements, min_size=1, max_size=8))
    magics = draw(st.lists(st.sampled_from(MAGIC_LINES), min_size=len(pieces), max_size=len(pieces)))
    in_cell = draw(st.lists(st.booleans(), min_size=len(pieces), max_size=len(pieces)))
    cell_text = ""
    for piece, magic, with_magic in zip(pieces, magics, in_cell):
        cell_text += (magic if with_magic else "") + piece
        if draw(st.booleans()):
            cells.append(_notebook_code_cell(cell_text))
            cell_text = ""
    if cell_text:
        cells.append(_notebook_code_cell(cell_text))
    document = {"cells": cells, "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _notebook_code_cell(text: str) -> dict[str, object]:
    lines = text.rstrip("\n").split("\n")
    source = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def _migrate_notebook_text(text: str) -> str:
    from tfmigrate.files import SourceText
    from tfmigrate.notebook import migrate_notebook

    def migrate(code: str) -> tuple[str, list]:
        result = migrate_cleanly(code)
        return result.code, result.findings

    return migrate_notebook(SourceText("nb.ipynb", text, False, text.encode()), migrate)[0]


@given(tf1_notebooks())
def test_notebook_migration_keeps_cells_parseable_and_is_idempotent(text: str) -> None:
    from tfmigrate.files import SourceText
    from tfmigrate.notebook import load_notebook

    migrated = _migrate_notebook_text(text)  # raises InputError if a marker was lost
    reloaded = load_notebook(SourceText("nb.ipynb", migrated, False, migrated.encode()))
    assert reloaded.syntax_error() is None
    original_cells = json.loads(text)["cells"]
    assert len(json.loads(migrated)["cells"]) == len(original_cells)
    assert _migrate_notebook_text(migrated) == migrated


def test_import_added_by_a_rule_lands_after_the_future_imports_of_the_first_cell() -> None:
    cell = {
        "cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
        "source": ["from __future__ import print_function\n", "from tensorflow import mul\n", "x = mul(a, b)"],
    }
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"
    migrated = json.loads(_migrate_notebook_text(text))
    source = migrated["cells"][0]["source"]
    assert [line for line in source if line.strip()] == [
        "from __future__ import print_function\n",
        "import tensorflow as tf\n",
        "x = tf.multiply(a, b)",
    ]
    compile("".join(source), "<cell>", "exec", dont_inherit=True)  # __future__ still first: the cell runs

"""Notebooks as one Python module and back (tfmigrate.notebook).

Notebooks are built here from Python dicts and serialised the way Jupyter
writes them (sorted keys, indent 1, non-ASCII kept, trailing newline), so the
byte-identity checks compare against what a real notebook file looks like.
"""

from __future__ import annotations

import ast
import json
import pathlib
from typing import Any

import pytest

from tfmigrate.files import InputError, SourceText, read_source
from tfmigrate.notebook import Notebook, load_notebook


def code_cell(source: str | list[str], outputs: list[dict[str, Any]] | None = None, count: int | None = 1) -> dict:
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def markdown_cell(source: str | list[str]) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def notebook_dict(*cells: dict) -> dict:
    return {
        "cells": list(cells),
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def jupyter_text(document: dict) -> str:
    """The JSON text Jupyter writes for a notebook."""
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def load(text: str, path: str = "nb.ipynb") -> Notebook:
    return load_notebook(SourceText(path=path, text=text, has_bom=False, raw=text.encode()))


def lines(*items: str) -> list[str]:
    """Cell source as nbformat stores it: every line but the last ends with a newline."""
    return [item + "\n" for item in items[:-1]] + [items[-1]]


STREAM = {"name": "stdout", "output_type": "stream", "text": ["loss 0.25\n", "step 2\n"]}
RESULT = {
    "data": {"text/plain": ["array([1., 2.],", " dtype=float32)"]},
    "execution_count": 2,
    "metadata": {},
    "output_type": "execute_result",
}
IMAGE = {"data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, "metadata": {}, "output_type": "display_data"}

SESSION_NOTEBOOK = notebook_dict(
    markdown_cell(["# Losses \u2014 \u635f\u5931\u51fd\u6570\n"]),
    code_cell(lines("%matplotlib inline", "import tensorflow as tf", "sess = tf.Session()"), [STREAM]),
    code_cell(lines("!pip install -q numpy", "files = !ls", "tf.nn.softmax?")),
    code_cell("%%bash\necho $HOME\nprint hello world\n", count=None),
    code_cell(lines("product = tf.mul(a, b)", "print(sess.run(product))"), [STREAM, RESULT, IMAGE]),
)


# ---------------------------------------------------------------------------
# joined_code
# ---------------------------------------------------------------------------


def test_code_cells_join_into_one_parseable_module_with_cell_markers() -> None:
    notebook = load(jupyter_text(SESSION_NOTEBOOK))
    assert notebook.joined_code() == (
        "__tfmigrate_cell__(1)\n"
        "__tfmigrate_magic__(0)\n"
        "import tensorflow as tf\n"
        "sess = tf.Session()\n"
        "__tfmigrate_cell__(2)\n"
        "__tfmigrate_magic__(1)\n"
        "__tfmigrate_magic__(2)\n"
        "__tfmigrate_magic__(3)\n"
        "__tfmigrate_cell__(3)\n"
        "__tfmigrate_magic__(4)\n"
        "__tfmigrate_cell__(4)\n"
        "product = tf.mul(a, b)\n"
        "print(sess.run(product))\n"
    )
    ast.parse(notebook.joined_code())


def test_magics_inside_blocks_keep_their_indentation() -> None:
    cell = code_cell(lines("for name in names:", "    !echo $name", "    %load_ext autoreload", "    value = !cat {name}"))
    joined = load(jupyter_text(notebook_dict(cell))).joined_code()
    assert joined.splitlines()[1:] == [
        "for name in names:",
        "    __tfmigrate_magic__(0)",
        "    __tfmigrate_magic__(1)",
        "    __tfmigrate_magic__(2)",
    ]
    ast.parse(joined)


def test_lines_inside_strings_and_brackets_are_not_magics() -> None:
    source = lines('template = """', "%d items", "!important", "what?", '"""', "total = sum([", "    1,", "])  # really?")
    notebook = load(jupyter_text(notebook_dict(code_cell(source))))
    assert "__tfmigrate_magic__" not in notebook.joined_code()
    assert notebook.joined_code() == "__tfmigrate_cell__(0)\n" + "".join(source) + "\n"


def test_shell_line_continued_with_backslash_is_masked_whole() -> None:
    source = lines("!pip install \\", "    numpy \\", "    scipy", "x = 1")
    notebook = load(jupyter_text(notebook_dict(code_cell(source))))
    assert notebook.joined_code() == "__tfmigrate_cell__(0)\n__tfmigrate_magic__(0)\nx = 1\n"
    assert notebook.locate(3) == (0, 4)  # `x = 1` is line 4 of cell 0


def test_python_body_cell_magic_masks_only_its_first_line() -> None:
    notebook = load(jupyter_text(notebook_dict(code_cell(lines("%%time", "y = tf.mul(a, b)")))))
    assert notebook.joined_code() == "__tfmigrate_cell__(0)\n__tfmigrate_magic__(0)\ny = tf.mul(a, b)\n"


def test_joined_lines_map_back_to_cells() -> None:
    notebook = load(jupyter_text(SESSION_NOTEBOOK))
    assert notebook.locate(4) == (1, 3)  # sess = tf.Session()
    assert notebook.locate(12) == (4, 1)  # product = tf.mul(a, b)
    assert notebook.describe_line(13) == "cell 5, line 2"
    assert notebook.describe_line(11) == "cell 5"  # the marker line itself; cells count from 1
    assert notebook.locate(99) == (-1, 0)


def test_string_source_and_empty_cells_are_accepted() -> None:
    document = notebook_dict(code_cell("x = 1\ny = 2"), code_cell([]), code_cell(""))
    notebook = load(jupyter_text(document))
    assert notebook.joined_code() == "__tfmigrate_cell__(0)\nx = 1\ny = 2\n__tfmigrate_cell__(1)\n__tfmigrate_cell__(2)\n"
    assert notebook.code_cells() == [(0, "x = 1\ny = 2"), (1, ""), (2, "")]


# ---------------------------------------------------------------------------
# with_code
# ---------------------------------------------------------------------------


def test_unchanged_code_gives_byte_identical_text() -> None:
    text = jupyter_text(SESSION_NOTEBOOK)
    notebook = load(text)
    assert notebook.with_code(notebook.joined_code()) == text


def test_unchanged_code_is_byte_identical_even_in_unusual_json_style() -> None:
    text = json.dumps(SESSION_NOTEBOOK, indent="\t", ensure_ascii=True)  # tabs, escapes, no final newline
    notebook = load(text)
    assert notebook.with_code(notebook.joined_code()) == text


def test_compact_json_is_rewritten_compact() -> None:
    text = json.dumps(SESSION_NOTEBOOK, ensure_ascii=False)
    notebook = load(text)
    new_text = notebook.with_code(notebook.joined_code().replace("tf.mul(", "tf.multiply("))
    assert new_text == text.replace('"product = tf.mul(a, b)', '"product = tf.multiply(a, b)')


def test_migrated_cell_changes_only_its_source_lines() -> None:
    text = jupyter_text(SESSION_NOTEBOOK)
    notebook = load(text)
    new_text = notebook.with_code(notebook.joined_code().replace("tf.mul(", "tf.multiply("))
    expected = dict(SESSION_NOTEBOOK)
    expected["cells"] = [dict(cell) for cell in SESSION_NOTEBOOK["cells"]]
    expected["cells"][4]["source"] = lines("product = tf.multiply(a, b)", "print(sess.run(product))")
    assert new_text == jupyter_text(expected)
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    assert [(a, b) for a, b in zip(old_lines, new_lines) if a != b] == [
        ('    "product = tf.mul(a, b)\\n",', '    "product = tf.multiply(a, b)\\n",')
    ]


def test_magics_shell_lines_and_outputs_survive_a_rewrite() -> None:
    notebook = load(jupyter_text(SESSION_NOTEBOOK))
    migrated = notebook.joined_code().replace("sess = tf.Session()\n", "").replace("sess.run(product)", "product")
    result = json.loads(notebook.with_code(migrated))
    cells = result["cells"]
    # The cell had no final newline and still has none after losing its last line.
    assert cells[1]["source"] == lines("%matplotlib inline", "import tensorflow as tf")
    assert cells[2]["source"] == SESSION_NOTEBOOK["cells"][2]["source"]
    assert cells[3]["source"] == "%%bash\necho $HOME\nprint hello world\n"
    assert cells[4]["source"] == lines("product = tf.mul(a, b)", "print(product)")
    assert cells[4]["outputs"] == [STREAM, RESULT, IMAGE]
    assert cells[1]["outputs"] == [STREAM]
    assert cells[0] == SESSION_NOTEBOOK["cells"][0]
    assert result["metadata"] == SESSION_NOTEBOOK["metadata"]
    assert [cell.get("execution_count") for cell in cells] == [None, 1, 1, None, 1]


def test_string_sources_stay_strings() -> None:
    document = notebook_dict(code_cell("import tensorflow as tf\nx = tf.sub(a, b)"))
    notebook = load(jupyter_text(document))
    result = json.loads(notebook.with_code(notebook.joined_code().replace("tf.sub", "tf.subtract")))
    assert result["cells"][0]["source"] == "import tensorflow as tf\nx = tf.subtract(a, b)"


def test_dedented_magic_follows_the_new_indentation() -> None:
    source = lines("with tf.Session() as sess:", "    %time out = sess.run(y)", "    print(out)")
    notebook = load(jupyter_text(notebook_dict(code_cell(source))))
    migrated = "__tfmigrate_cell__(0)\n__tfmigrate_magic__(0)\nprint(out)\n"
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][0]["source"] == lines("%time out = sess.run(y)", "print(out)")


def test_code_inserted_before_the_first_marker_goes_to_the_first_code_cell() -> None:
    document = notebook_dict(markdown_cell("intro"), code_cell("x = tf.mul(a, b)\n"), code_cell("y = 1\n"))
    notebook = load(jupyter_text(document))
    migrated = "import tensorflow as tf\n" + notebook.joined_code().replace("tf.mul", "tf.multiply")
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][1]["source"] == "import tensorflow as tf\nx = tf.multiply(a, b)\n"
    assert result["cells"][2]["source"] == "y = 1\n"


def test_crlf_cell_sources_round_trip() -> None:
    document = notebook_dict(code_cell(["!ls\r\n", "x = tf.mul(a, b)\r\n"]))
    text = jupyter_text(document)
    notebook = load(text)
    assert notebook.with_code(notebook.joined_code()) == text
    result = json.loads(notebook.with_code(notebook.joined_code().replace("tf.mul", "tf.multiply")))
    assert result["cells"][0]["source"] == ["!ls\r\n", "x = tf.multiply(a, b)\r\n"]


def test_notebook_saved_with_windows_line_ends_keeps_them() -> None:
    text = jupyter_text(SESSION_NOTEBOOK).replace("\n", "\r\n")
    notebook = load(text)
    assert notebook.with_code(notebook.joined_code()) == text
    new_text = notebook.with_code(notebook.joined_code().replace("tf.mul(", "tf.multiply("))
    assert new_text == text.replace('"product = tf.mul(a, b)', '"product = tf.multiply(a, b)')


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda code: code.replace("__tfmigrate_cell__(4)\n", ""), "cell markers out of place"),
        (lambda code: code + "__tfmigrate_cell__(4)\n", "cell markers out of place"),
        (lambda code: code.replace("__tfmigrate_magic__(4)\n", ""), r"lost IPython line\(s\) \[4\]"),
        (lambda code: code + "__tfmigrate_magic__(1)\n", "unknown or repeated"),
    ],
)
def test_broken_markers_raise_value_error(mangle: Any, message: str) -> None:
    notebook = load(jupyter_text(SESSION_NOTEBOOK))
    with pytest.raises(ValueError, match=message):
        notebook.with_code(mangle(notebook.joined_code()))


# ---------------------------------------------------------------------------
# Outputs for the verifier
# ---------------------------------------------------------------------------


def test_cell_outputs_text_joins_streams_and_plain_text_results() -> None:
    notebook = load(jupyter_text(SESSION_NOTEBOOK))
    assert notebook.cell_outputs_text(4) == "loss 0.25\nstep 2\narray([1., 2.], dtype=float32)<Figure>"
    assert notebook.cell_outputs_text(2) == ""
    assert notebook.cell_outputs_text(0) == ""


def test_cell_outputs_text_ignores_malformed_outputs() -> None:
    cell = code_cell("x\n", outputs=[{"output_type": "stream", "text": ["a\n"]}, "junk", {"output_type": "execute_result", "data": 5}])
    assert load(jupyter_text(notebook_dict(cell))).cell_outputs_text(0) == "a\n"


# ---------------------------------------------------------------------------
# Bad notebooks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"cells": [\n  {"cell_type": "code",\n   "source": "x"\n  \n]}', "not valid JSON: Expecting ',' delimiter at line 5, column 1"),
        ("", "not valid JSON: Expecting value at line 1, column 1"),
        ("[1, 2]", "not a Jupyter notebook: the JSON is not an object"),
        ('{"metadata": {}}', 'not a Jupyter notebook: no "cells" list'),
        ('{"worksheets": [], "nbformat": 3}', "nbformat 3 notebook: open and save it in Jupyter to convert it to nbformat 4"),
        (
            '{"cells": [{"cell_type": "markdown", "source": ""}, {"cell_type": "widget", "source": ""}]}',
            "cell 2: unknown cell_type 'widget' (expected code, markdown or raw)",
        ),
        ('{"cells": ["x = 1"]}', "cell 1: not a JSON object"),
        ('{"cells": [{"source": "x = 1"}]}', "cell 1: unknown cell_type None (expected code, markdown or raw)"),
        ('{"cells": [{"cell_type": "code", "source": 5}]}', "cell 1: source must be a string or a list of strings"),
        ('{"cells": [], "metadata": {"kernelspec": {"language": "R"}}}', "not a Python notebook (kernel language 'R')"),
        (
            '{"cells": [{"cell_type": "code", "source": "__tfmigrate_cell__(3)"}]}',
            "cell 1: uses the name __tfmigrate_cell__, which tfmigrate reserves",
        ),
    ],
)
def test_bad_notebooks_are_one_line_input_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load(text, path="bad.ipynb")
    assert str(caught.value) == f"bad.ipynb: error: {message}"


def test_notebook_read_from_disk_with_bom_round_trips(tmp_path: pathlib.Path) -> None:
    text = jupyter_text(SESSION_NOTEBOOK)
    path = tmp_path / "bom.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    source = read_source(path)
    notebook = load_notebook(source)
    assert notebook.with_code(notebook.joined_code()) == source.text == text


def test_syntax_error_is_placed_in_its_cell_with_cell_line_numbers() -> None:
    document = notebook_dict(
        code_cell(lines("import tensorflow as tf", "x = tf.mul(a, b)")),
        markdown_cell("text"),
        code_cell(lines("!pip install \\", "    numpy", "%time y = 1", "print 'loss', x")),
    )
    notebook = load(jupyter_text(document))
    assert notebook.syntax_error() == (
        "cell 3: syntax error at line 4, column 1: looks like Python 2 (print statement at line 4); "
        "tfmigrate reads Python 3 only: convert the file first "
        "(e.g. `python -m lib2to3 -w FILE` on Python 3.12 or older), then run tfmigrate again"
    )


def test_python3_syntax_error_in_a_cell_uses_pythons_message() -> None:
    notebook = load(jupyter_text(notebook_dict(code_cell("x = 1\n"), code_cell(lines("%%time", "def f(:", "    pass")))))
    assert notebook.syntax_error() == "cell 2: syntax error at line 2, column 7: invalid syntax"


def test_top_level_await_is_not_a_syntax_error() -> None:
    notebook = load(jupyter_text(notebook_dict(code_cell("result = await fetch()\n"))))
    assert notebook.syntax_error() is None


# ---------------------------------------------------------------------------
# %time / %timeit / %prun around one statement
# ---------------------------------------------------------------------------

TIMED_CELL = lines(
    "sess = tf.Session()",
    "%timeit sess.run(y)",
    "%time value = sess.run(y)",
    "%timeit -n 10 sess.run(y)",
    "%time for i in range(3): f(i)",
    "%prun sess.run(init)",
    "%time x = (",
)


def test_timed_statement_stays_visible_to_the_codemod() -> None:
    notebook = load(jupyter_text(notebook_dict(code_cell(TIMED_CELL))))
    assert notebook.joined_code().splitlines() == [
        "__tfmigrate_cell__(0)",
        "sess = tf.Session()",
        "with __tfmigrate_magic__(0):",
        "    sess.run(y)",
        "with __tfmigrate_magic__(1):",
        "    value = sess.run(y)",
        "__tfmigrate_magic__(2)",  # options: the magic is kept whole
        "__tfmigrate_magic__(3)",  # a compound statement cannot be wrapped
        "with __tfmigrate_magic__(4):",
        "    sess.run(init)",
        "__tfmigrate_magic__(5)",  # not a statement Python can parse: kept whole
    ]
    assert [notebook.locate(line) for line in (3, 4, 5)] == [(0, 2), (0, 2), (0, 3)]
    assert notebook.with_code(notebook.joined_code()) == jupyter_text(notebook_dict(code_cell(TIMED_CELL)))


def test_timed_statement_is_restored_from_its_migrated_form() -> None:
    notebook = load(jupyter_text(notebook_dict(code_cell(TIMED_CELL))))
    migrated = (
        "__tfmigrate_cell__(0)\n"
        "with __tfmigrate_magic__(0):\n"
        "    y.numpy()\n"
        "with __tfmigrate_magic__(1):\n"
        "    value = y.numpy()\n"
        "__tfmigrate_magic__(2)\n"
        "__tfmigrate_magic__(3)\n"
        "with __tfmigrate_magic__(4):\n"
        "    pass\n"
        "__tfmigrate_magic__(5)\n"
    )
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][0]["source"] == lines(
        "%timeit y.numpy()",
        "%time value = y.numpy()",
        "%timeit -n 10 sess.run(y)",
        "%time for i in range(3): f(i)",
        "%time x = (",
    )


def test_timed_statement_rewritten_to_several_lines_keeps_the_original_line() -> None:
    source = lines("if ready:", "    %time out = sess.run(y)", "    done = True")
    notebook = load(jupyter_text(notebook_dict(code_cell(source))))
    migrated = (
        "__tfmigrate_cell__(0)\n"
        "if ready:\n"
        "    with __tfmigrate_magic__(0):\n"
        "        out = first(y)\n"
        "        out = second(out)\n"
        "\n"
        "    done = True\n"
    )
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][0]["source"] == lines("if ready:", "    %time out = sess.run(y)", "", "    done = True")


def test_timed_statement_follows_a_dedent() -> None:
    source = lines("with tf.Session() as sess:", "    %timeit sess.run(y)")
    notebook = load(jupyter_text(notebook_dict(code_cell(source))))
    migrated = "__tfmigrate_cell__(0)\nwith __tfmigrate_magic__(0):\n    y.numpy()\n"
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][0]["source"] == ["%timeit y.numpy()"]


def test_future_imports_stay_first_when_an_import_is_added() -> None:
    source = lines("# setup", "from __future__ import print_function, division", "from tensorflow import nn", "x = nn.relu(y)")
    notebook = load(jupyter_text(notebook_dict(markdown_cell("intro"), code_cell(source), code_cell("z = 1\n"))))
    assert notebook.joined_code().splitlines()[:3] == [
        "# setup",
        "from __future__ import print_function, division",
        "__tfmigrate_cell__(1)",
    ]
    assert notebook.locate(2) == (1, 2) and notebook.locate(4) == (1, 3)
    assert notebook.with_code(notebook.joined_code()) == jupyter_text(
        notebook_dict(markdown_cell("intro"), code_cell(source), code_cell("z = 1\n"))
    )
    # What an import-adding rule produces: the new import right after the __future__ block.
    migrated = notebook.joined_code().replace(
        "division\n__tfmigrate_cell__(1)\n", "division\nimport tensorflow as tf\n\n__tfmigrate_cell__(1)\n"
    )
    result = json.loads(notebook.with_code(migrated))
    assert result["cells"][1]["source"] == lines(
        "# setup",
        "from __future__ import print_function, division",
        "import tensorflow as tf",
        "",
        "from tensorflow import nn",
        "x = nn.relu(y)",
    )


# ---------------------------------------------------------------------------
# Any cell text survives the trip through one module unchanged
# ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CELL_LINES = st.one_of(
    st.sampled_from(
        [
            "%matplotlib inline", "!ls -la \\", "  continued", "x = !ls", "tf.nn?", "?tf", "%%bash", "%%time",
            "%time y = f(x)", "%timeit -n 3 f()", "from __future__ import division", "# comment", "",
            "s = '''", "%d not magic", "'''", "for i in x:", "    !echo $i", "    pass", "y = (1,", "  2)",
            "x = 1\r", "\t%time z = 2", "print 'py2'",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).map(lambda t: t.replace("\n", "")),
)
CELL_SOURCES = st.lists(CELL_LINES, max_size=6).map("\n".join).flatmap(
    lambda text: st.sampled_from([text, text + "\n"])
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(CELL_SOURCES, st.booleans()), min_size=1, max_size=4))
def test_any_cells_round_trip_byte_identical(cells: list[tuple[str, bool]]) -> None:
    document = notebook_dict(*[code_cell(source if as_string else _nb_lines(source)) for source, as_string in cells])
    text = jupyter_text(document)
    notebook = load(text)
    assert notebook.with_code(notebook.joined_code()) == text
    assert [source for _, source in notebook.code_cells()] == [source for source, _ in cells]
    if notebook.syntax_error() is None:
        # Code that parses is what a codemod hands back: splitting it must give every cell back as it was.
        assert notebook._split(notebook.joined_code()) == {i: source for i, source in notebook.code_cells()}
    joined_lines = notebook.joined_code().count("\n")
    assert all(notebook.locate(line)[0] >= 0 for line in range(1, joined_lines + 1))


def _nb_lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

"""The mappings the migration emits, checked against TF1 run through tf.compat.v1.

The known-bad renames are pinned here: ``tf_upgrade_v2``'s tables send
``tf.image.resize_images`` to ``tf.image.resize``, which samples pixel centres
where TF1 sampled corners. The migration's own form of each resize call is
run against TF1 graph mode (the oracle: ``tf.compat.v1`` in a ``tf.Graph``
with a session), and the wheel's form is shown to differ, so this test fails
if either the fix or the evidence for it goes away. The full checker is
``scripts/check_mappings.py`` (on ``tfmigrate.verify.mapping_check``); a few
of its mappings run here.
"""

from __future__ import annotations

import pathlib
from types import ModuleType

import numpy as np
import pytest

from tfmigrate import api, engine, mappings
from tfmigrate.findings import Kind
from tfmigrate.rules import renames

tf = pytest.importorskip("tensorflow")

# A 1x4x4x2 batch with values no resize family member leaves alone.
IMAGE = np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2) ** 1.5 / 10.0


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    from tfmigrate.verify import mapping_check

    return mapping_check


def tf1_graph_value(call: str) -> np.ndarray:
    """``call`` (with ``img``) built in a TF1 graph through tf.compat.v1 and run in a session."""
    graph = tf.Graph()
    with graph.as_default():
        out = eval(call, {"tf": tf.compat.v1, "img": tf.constant(IMAGE)})  # noqa: S307 - our own literal
        with tf.compat.v1.Session(graph=graph) as session:
            return session.run(out)


def migrated_value(call: str, header: str = "import tensorflow as tf\n") -> tuple[np.ndarray, str]:
    """The codemod's rewrite of ``out = call`` run eagerly, and its text."""
    result = engine.migrate_source(f"{header}out = {call}\n")
    assert not [f for f in result.findings if f.kind is Kind.MANUAL], result.findings
    namespace = {"img": tf.constant(IMAGE)}
    exec(result.code, namespace)  # noqa: S102 - the codemod's output of our own literal
    return namespace["out"].numpy(), result.code


RESIZE_CALLS = [
    "tf.image.resize_images(img, [8, 8])",
    "tf.image.resize_images(img, [3, 5], align_corners=True)",
    "tf.image.resize_images(img, (8, 7), tf.image.ResizeMethod.NEAREST_NEIGHBOR)",
    "tf.image.resize_images(img, [8, 8], method=tf.image.ResizeMethod.BICUBIC)",
    "tf.image.resize_images(img, [3, 3], method=tf.image.ResizeMethod.AREA)",
    "tf.image.resize_images(img, [8, 8], method=1)",
    "tf.image.resize_bilinear(img, [8, 8])",
    "tf.image.resize_bilinear(img, [8, 8], half_pixel_centers=True)",
    "tf.image.resize_nearest_neighbor(img, [6, 6], align_corners=True)",
    "tf.image.resize_bicubic(img, [7, 9])",
    "tf.image.resize_area(img, [3, 2])",
]


@pytest.mark.parametrize("call", RESIZE_CALLS)
def test_the_resize_family_keeps_tf1_values(call: str) -> None:
    expected = tf1_graph_value(call)
    actual, code = migrated_value(call)
    assert "tf.raw_ops.Resize" in code and "image.resize" not in code
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


def test_tf_image_resize_spelled_through_compat_is_tf1s_resize() -> None:
    call = "tf.image.resize(img, [8, 8])"
    actual, code = migrated_value(call, header="import tensorflow.compat.v1 as tf\n")
    assert "tf.raw_ops.ResizeBilinear" in code
    np.testing.assert_array_equal(actual, tf1_graph_value(call))


def test_the_wheels_resize_rename_changes_values() -> None:
    """The evidence for the fix: TF 2's tf.image.resize on the same call, by hand, 4x4 -> 8x8."""
    assert api.wheel_renames()["tf.image.resize_images"] == "tf.image.resize"
    expected = tf1_graph_value("tf.image.resize_images(img, [8, 8])")
    wheel = tf.image.resize(IMAGE, [8, 8]).numpy()
    assert np.abs(wheel - expected).max() > 0.1
    assert api.tf2_rename("tf.image.resize_images") is None  # so no rule falls back on the wheel's rename


@pytest.mark.parametrize(
    "call",
    [
        "tf.image.resize_images(img, [8, 8], preserve_aspect_ratio=True)",
        "tf.image.resize_images(img, [8, 8], method=m)",
        "tf.image.resize_images(*args)",
    ],
)
def test_resize_calls_without_a_known_form_are_left_with_a_finding(call: str) -> None:
    source = f"import tensorflow as tf\nout = {call}\n"
    result = engine.migrate_source(source)
    assert result.code == source
    assert [f.code for f in result.findings if f.kind is Kind.MANUAL] == ["TFM101"]


@pytest.mark.parametrize(
    ("header", "code", "kept"),
    [
        ("import tensorflow as tf\n", "TFM401", "tf.executing_eagerly()"),
        ("import tensorflow.compat.v1 as tf\n", "TFM103", "tf.compat.v1.executing_eagerly()"),
    ],
)
def test_executing_eagerly_is_reported_not_carried_over(header: str, code: str, kept: str) -> None:
    """False in TF1 graph code, True once migrated: kept on TF1's spelling, with a finding."""
    result = engine.migrate_source(f"{header}if not tf.executing_eagerly():\n    x = 1\n")
    assert any(f.code == code and f.kind is Kind.MANUAL and "executing_eagerly" in f.message for f in result.findings)
    assert f"if not {kept}:" in result.code
    graph = tf.Graph()
    with graph.as_default():
        assert tf.compat.v1.executing_eagerly() is False
    assert tf.executing_eagerly() is True


def test_the_enumeration_reads_the_rules_tables() -> None:
    found = {(m.kind, m.tf1, m.form) for m in mappings.all_mappings()}
    for name in renames.RESIZE_RAW_OPS:
        assert (mappings.REWRITE, name, "resize") in found
    assert (mappings.RENAME, "tf.mul", "") in found
    assert (mappings.KEYWORD, "tf.reduce_sum", "") in found
    assert not any(m.tf1 == "tf.image.resize_images" and m.kind == mappings.RENAME for m in mappings.all_mappings())


SUBSET = {
    ("rename", "tf.mul"): "same object",
    ("rename", "tf.nn.avg_pool"): "equal",
    ("keyword rename", "tf.reduce_sum"): "equal",
    ("argument order", "tf.argmax"): "equal",
    ("rewrite", "tf.to_float"): "equal",
    ("rewrite", "tf.image.resize_images"): "equal",
    ("rewrite", "tf.nn.dropout"): "equal",
    ("keyword rename", "tf.nn.conv2d"): None,  # filter= equal, use_cudnn_on_gpu= reported
}


def test_the_checker_on_a_few_mappings(checker: ModuleType) -> None:
    chosen = [m for m in mappings.all_mappings() if (m.kind, m.tf1) in SUBSET]
    results = checker.run(chosen)
    verdicts = {(r.mapping.kind, r.mapping.tf1, r.mapping.keyword, r.mapping.form): r.verdict for r in results}
    for (kind, name, keyword, form), verdict in verdicts.items():
        wanted = SUBSET[(kind, name)]
        if wanted is not None:
            assert verdict == wanted, (kind, name, keyword, form, verdict)
    assert verdicts[("keyword rename", "tf.nn.conv2d", "filter", "")] == "equal"
    assert verdicts[("keyword rename", "tf.nn.conv2d", "use_cudnn_on_gpu", "")] == "reported"


def test_the_checker_catches_a_value_change(checker: ModuleType) -> None:
    """Fed the wheel's resize rename as if the migration emitted it, the checker says it changes values."""
    wheel = [r for r in checker.wheel_forms() if r.mapping.tf1 == "tf.image.resize_images"]
    assert [r.verdict for r in wheel] == ["changes values"]


def test_docs_mappings_lists_every_mapping_the_tables_give() -> None:
    """A table that gains or loses an entry leaves docs/mappings.md stale (the full run is a script)."""
    import re

    doc = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "mappings.md").read_text(encoding="utf-8")
    emitted = int(re.search(r"\| emitted by the migration \| (\d+) \|", doc).group(1))  # type: ignore[union-attr]
    not_counted = int(re.search(r"Not counted: (\d+) table entries", doc).group(1))  # type: ignore[union-attr]
    assert emitted + not_counted == len(mappings.all_mappings()), (
        "docs/mappings.md is stale: run python scripts/check_mappings.py")

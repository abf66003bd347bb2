"""Models compiled with reference losses survive ``.keras`` save and load.

The parent process trains and saves; one fresh process loads every model
without ``custom_objects``, after importing only ``tfmigrate.reference``, and reports
predictions and loss. Both must match what the parent computed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from tfmigrate.reference import losses

REPO = Path(__file__).resolve().parents[1]

LOADER = textwrap.dedent("""
    import json, sys
    import numpy as np
    import keras

    data = np.load(sys.argv[1])
    paths = json.loads(sys.argv[2])
    # Before `import tfmigrate.reference` the loss classes are unknown to Keras.
    try:
        keras.saving.load_model(next(iter(paths.values())))
        unregistered = "loaded"
    except Exception as error:  # Keras raises TypeError; any failure will do
        unregistered = type(error).__name__
    import tfmigrate.reference  # noqa: F401  registers the loss classes
    report = {"unregistered": unregistered, "models": {}}
    for name, path in paths.items():
        model = keras.saving.load_model(path)
        x, y = data[name + "_x"], data[name + "_y"]
        report["models"][name] = {
            "predictions": model.predict(x, verbose=0).tolist(),
            "loss": float(model.evaluate(x, y, verbose=0)),
            "loss_class": type(model.loss).__module__ + "." + type(model.loss).__name__,
            "loss_config": model.loss.get_config(),
        }
    print(json.dumps(report))
""")


def _regression_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(32, 3)).astype(np.float32)
    # Outliers put some residuals on Huber's linear piece.
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + rng.normal(scale=2.0, size=(32, 1)))
    return x, y.astype(np.float32)


def _binary_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = (x[:, :1] + 0.3 * x[:, 1:2] > 0.5).astype(np.float32)
    return x, y


def _trained(loss: keras.losses.Loss, x: np.ndarray, y: np.ndarray,
             penalty: losses.WeightPenalty | None = None) -> tuple[keras.Model, float]:
    """The model after a short fit, and its loss before the fit."""
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="tanh"),
                              keras.layers.Dense(1, kernel_regularizer=penalty)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss=loss)
    untrained = float(model.evaluate(x, y, verbose=0))
    model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    return model, untrained


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    keras.utils.set_random_seed(1234)
    rng = np.random.default_rng(1234)
    folder = tmp_path_factory.mktemp("keras_saving")
    cases = {
        "huber": (losses.Huber(delta=0.7), _regression_data(rng)),
        "weighted_sigmoid": (losses.WeightedSigmoidCrossEntropy(pos_weight=3.0), _binary_data(rng)),
        "pseudo_huber": (losses.PseudoHuber(delta=1.5), _regression_data(rng)),
        "regularized_l1": (losses.MeanSquaredError(), _regression_data(rng)),
    }
    penalties = {"regularized_l1": losses.WeightPenalty(lam=0.05, penalty="l1")}
    expected, paths, arrays = {}, {}, {}
    for name, (loss, (x, y)) in cases.items():
        model, untrained = _trained(loss, x, y, penalties.get(name))
        path = folder / f"{name}.keras"
        model.save(path)
        paths[name] = str(path)
        arrays[name + "_x"], arrays[name + "_y"] = x, y
        expected[name] = {
            "predictions": model.predict(x, verbose=0),
            "loss": float(model.evaluate(x, y, verbose=0)),
            "loss_config": loss.get_config(),
            "loss_class": type(loss).__module__ + "." + type(loss).__name__,
            "untrained_loss": untrained,
            "model": model,
        }
    data_path = folder / "data.npz"
    np.savez(data_path, **arrays)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, "-c", LOADER, str(data_path), json.dumps(paths)],
                            capture_output=True, text=True, cwd=folder, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return expected, report


def test_loading_needs_the_registration_from_importing_reference(saved):
    _, report = saved
    assert report["unregistered"] != "loaded"


@pytest.mark.parametrize("name", ["huber", "weighted_sigmoid", "pseudo_huber", "regularized_l1"])
def test_fresh_process_gets_the_same_predictions_and_loss(saved, name):
    expected, report = saved
    loaded = report["models"][name]
    np.testing.assert_array_equal(np.array(loaded["predictions"], np.float32),
                                  expected[name]["predictions"])
    assert loaded["loss"] == pytest.approx(expected[name]["loss"], rel=1e-6)


@pytest.mark.parametrize("name, key, value", [
    ("huber", "delta", 0.7), ("weighted_sigmoid", "pos_weight", 3.0), ("pseudo_huber", "delta", 1.5),
])
def test_hyperparameters_round_trip(saved, name, key, value):
    expected, report = saved
    loaded = report["models"][name]
    assert loaded["loss_class"] == expected[name]["loss_class"]
    assert loaded["loss_config"] == expected[name]["loss_config"]
    assert loaded["loss_config"][key] == pytest.approx(value)


def test_the_saved_models_were_trained_with_the_reference_loss(saved):
    # Round-tripping an untrained model would prove less: fitting must have
    # lowered each reference loss, so the loss drove the saved weights.
    expected, _ = saved
    for name, values in expected.items():
        assert values["loss"] < values["untrained_loss"], name


def test_weight_penalty_makes_the_compiled_loss_the_regularized_objective(saved):
    # Hand formula in numpy: mean squared error plus lambda * sum |W| over the penalised kernel.
    expected, _ = saved
    model = expected["regularized_l1"]["model"]
    rng = np.random.default_rng(7)
    x = rng.normal(size=(16, 3)).astype(np.float32)
    y = rng.normal(size=(16, 1)).astype(np.float32)
    predictions = model.predict(x, verbose=0)
    kernel = model.layers[-1].kernel.numpy()
    by_hand = np.mean((predictions - y) ** 2) + 0.05 * np.sum(np.abs(kernel))
    assert float(model.evaluate(x, y, verbose=0)) == pytest.approx(by_hand, rel=1e-5)


def test_weight_penalty_round_trips_through_the_saved_model(saved, tmp_path):
    expected, report = saved
    assert report["models"]["regularized_l1"]["loss"] == pytest.approx(expected["regularized_l1"]["loss"], rel=1e-6)
    penalty = losses.WeightPenalty(lam=0.25, penalty="l2")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(penalty))
    assert isinstance(restored, losses.WeightPenalty)
    assert restored.get_config() == {"lam": 0.25, "penalty": "l2"}
    with pytest.raises(ValueError):
        losses.WeightPenalty(penalty="l3")


# A model saved when the losses installed as the top-level package `reference`
# (tfmigrate 0.1.0): its config names the module `reference.losses`. The JSON
# beside it holds what that process computed before saving.
OLD_MODEL = REPO / "tests" / "data" / "keras" / "saved_as_reference.keras"


def test_a_model_saved_under_the_old_package_name_still_loads():
    with zipfile.ZipFile(OLD_MODEL) as archive:
        loss_config = json.loads(archive.read("config.json"))["compile_config"]["loss"]
    assert loss_config["module"] == "reference.losses"  # the old name, no longer importable
    recorded = json.loads(OLD_MODEL.with_suffix(".json").read_text())
    model = keras.saving.load_model(OLD_MODEL)
    assert isinstance(model.loss, losses.Huber)
    assert model.loss.get_config()["delta"] == pytest.approx(0.7)
    x, y = np.array(recorded["x"], np.float32), np.array(recorded["y"], np.float32)
    predictions = model.predict(x, verbose=0)
    np.testing.assert_array_equal(predictions, np.array(recorded["predictions"], np.float32))
    # Huber by hand: 0.5 r^2 inside |r| <= delta, delta (|r| - delta / 2) outside.
    residual = np.abs(y - predictions).astype(np.float64)
    by_hand = np.where(residual <= 0.7, 0.5 * residual ** 2, 0.7 * (residual - 0.35)).mean()
    assert float(model.evaluate(x, y, verbose=0)) == pytest.approx(by_hand, rel=1e-5)
    assert by_hand == pytest.approx(recorded["loss"], rel=1e-5)

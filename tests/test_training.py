import numpy as np
import pytest
import tensorflow as tf

import rnnbook
from rnnbook import training


def tiny_data(n=240, seed=0):
    """Sequences whose class is which half of the time axis holds the signal: learnable by an RNN."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n).astype(np.int32)
    X = rng.normal(scale=0.1, size=(n, 6, 4)).astype(np.float32)
    X[y == 0, :3] += 1.0
    X[y == 1, 3:] += 1.0
    return X, y


def small_run(strategy=None, **kw):
    rnnbook.seed_everything(0)
    X, y = tiny_data()
    kw = {"epochs": 4, "batch_size": 40, "learning_rate": 1e-2, **kw}
    return training.train_sequence_classifier(X, y, validation_data=tiny_data(80, seed=1), strategy=strategy, **kw)


def test_model_has_the_source_architecture():
    model = training.build_sequence_classifier()
    assert [layer.name for layer in model.layers] == ["rnn", "logits"]
    assert model.get_layer("rnn").units == 150 and model.get_layer("logits").units == 10
    assert model.count_params() == 28 * 150 + 150 * 150 + 150 + 150 * 10 + 10
    assert model.output_shape == (None, 10)


@pytest.mark.parametrize("unroll", [True, False])
def test_unroll_reaches_the_recurrent_layer(unroll):
    model = training.build_sequence_classifier(n_neurons=4, unroll=unroll)
    assert model.get_layer("rnn").unroll is unroll


@pytest.mark.slow  # trains a model
@pytest.mark.parametrize("cell, layer, n_gates", [("lstm", "LSTM", 4), ("gru", "GRU", 3)])
def test_gated_cells_for_chapter_8(cell, layer, n_gates):
    model = training.build_sequence_classifier(n_neurons=20, cell=cell, unroll=False)
    assert type(model.get_layer("rnn")).__name__ == layer
    recurrent = model.get_layer("rnn").count_params()
    per_gate = 28 * 20 + 20 * 20 + 20
    assert recurrent == n_gates * per_gate + (n_gates * 20 if cell == "gru" else 0)  # GRU: reset_after
    run = small_run(cell=cell, n_neurons=8, unroll=False)
    assert type(run.model.get_layer("rnn")).__name__ == layer and run.model.get_layer("rnn").units == 8
    assert run.history["val_accuracy"][-1] >= 0.9


@pytest.mark.slow  # trains a model
def test_training_learns_and_reports_history():
    import time

    start = time.perf_counter()
    run = small_run()
    elapsed = time.perf_counter() - start
    assert set(run.history) == {"loss", "accuracy", "epoch_seconds", "val_loss", "val_accuracy"}
    assert all(len(v) == 4 for v in run.history.values())
    assert run.history["loss"][-1] < run.history["loss"][0]
    assert run.history["val_accuracy"][-1] >= 0.9
    # seconds: the whole training, in seconds (its epochs and what lies between them), which
    # the call around it contains; each epoch's time is one epoch's, not a running total.
    epochs = run.history["epoch_seconds"]
    assert 0 < min(epochs) and sum(epochs) <= run.seconds <= elapsed


@pytest.mark.slow  # trains a model
def test_training_is_reproducible():
    a, b = small_run(), small_run()
    assert a.history["loss"] == b.history["loss"]
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights()):
        np.testing.assert_array_equal(wa, wb)


@pytest.mark.slow  # trains a model
@pytest.mark.parametrize("make_strategy", [tf.distribute.get_strategy, lambda: tf.distribute.MirroredStrategy(["/cpu:0"])], ids=["default", "mirrored"])
def test_strategies_on_cpu_give_the_same_training(make_strategy):
    reference = small_run()
    run = small_run(strategy=make_strategy())
    # With a strategy the step runs without XLA: the same sums in another order. The losses fall
    # to ~2e-5 by epoch 4, where the measured gap (4.9e-8) is 0.2 % of the loss: hence atol.
    np.testing.assert_allclose(run.history["loss"], reference.history["loss"], rtol=1e-4, atol=1e-6)
    assert run.history["val_accuracy"][-1] >= 0.9


def test_jit_compile_with_a_strategy_is_refused():
    X, y = tiny_data()
    with pytest.raises(ValueError, match="^jit_compile=True does not work with a strategy"):
        training.train_sequence_classifier(X, y, batch_size=40, jit_compile=True,
                                           strategy=tf.distribute.get_strategy())


def test_the_arguments_must_agree():
    """Beyond each argument alone (the wiring table of test_checks.py): one label per sequence,
    and at least one batch per epoch."""
    X, y = tiny_data()
    message = "^X_train and y_train must have the same length, got 240 and 5$"
    with pytest.raises(ValueError, match=message):
        training.train_sequence_classifier(X, y[:5], batch_size=40)
    message = "^batch_size must not exceed the 240 training samples, got 241$"
    with pytest.raises(ValueError, match=message):
        training.train_sequence_classifier(X, y, batch_size=241)


@pytest.mark.slow  # trains small models
def test_fit_forecaster_starts_from_its_seed_whatever_ran_before():
    """Chapter 9's trainings: the layers are created after the seed, so a model does not depend
    on what was created or drawn before it; created before the seed, they would."""
    import random

    import keras

    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 5, 1)).astype(np.float32)
    Y = X[:, -2:, 0] * 0.5

    def make_layers():
        return [keras.layers.SimpleRNN(3), keras.layers.Dense(2)]

    first = training.fit_forecaster(make_layers, X, Y, epochs=2, batch_size=16)
    keras.layers.Dense(4)  # a layer created in between draws a seed from Python's generator
    random.random()
    second = training.fit_forecaster(make_layers, X, Y, epochs=2, batch_size=16)
    for a, b in zip(first.model.get_weights(), second.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert len(first.history["loss"]) == 2 and first.history["loss"][1] < first.history["loss"][0]
    assert first.model.jit_compile is False  # Keras' "auto": no XLA on a CPU-only machine
    layers = make_layers()  # created before the seed: other initial weights
    ready = training.fit_forecaster(lambda: layers, X, Y, epochs=2, batch_size=16)
    assert not np.array_equal(ready.model.get_weights()[0], first.model.get_weights()[0])
    third = training.fit_forecaster(make_layers, X, Y, epochs=2, batch_size=16, seed=1)
    assert not np.array_equal(third.model.get_weights()[0], first.model.get_weights()[0])

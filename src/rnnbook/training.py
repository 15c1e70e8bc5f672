"""The modern (Keras 3) training loops shared by the chapters, bench/ and tests: chapter 5's
sequence classifier and chapter 9's forecasters."""

import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from rnnbook._checks import (
    check_array, check_bool, check_choice, check_instance, check_int, check_number, check_seed,
)

#: The book's training recipe (chapter 5 explains each choice).
DEFAULTS = dict(epochs=30, batch_size=1000, learning_rate=5e-3, weight_decay=0.1, clipnorm=1.0)


class TrainingRun(NamedTuple):
    """What :func:`train_sequence_classifier` returns; chapter 5 explains it."""

    model: object
    history: dict
    seconds: float


#: The recurrent layers :func:`build_sequence_classifier` accepts (``cell=``).
CELLS = ("simple_rnn", "lstm", "gru")


def build_sequence_classifier(
    n_steps=28, n_inputs=28, n_neurons=150, n_outputs=10, unroll=True, cell="simple_rnn"
):
    """The source's architecture: one recurrent layer and a dense layer giving logits.

    ``cell`` is ``"simple_rnn"`` (the source's tanh cell, chapter 5), ``"lstm"`` or
    ``"gru"`` (chapter 8). ``unroll=True`` (static unrolling, chapter 2) lets XLA compile
    the steps as one straight-line graph instead of a loop; ``unroll=False`` gives the
    same results.
    """
    import keras

    n_steps = check_int(n_steps, "n_steps", minimum=1, allow_none=True)
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    n_outputs = check_int(n_outputs, "n_outputs", minimum=1)
    unroll = check_bool(unroll, "unroll")
    cell = check_choice(cell, "cell", CELLS)
    layer = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell]
    return keras.Sequential(
        [
            keras.Input((n_steps, n_inputs)),
            layer(n_neurons, unroll=unroll, name="rnn"),
            keras.layers.Dense(n_outputs, name="logits"),
        ],
        name="classificador_rnn" if cell == "simple_rnn" else f"classificador_{cell}",
    )


def train_sequence_classifier(
    X_train,
    y_train,
    validation_data=None,
    *,
    epochs=DEFAULTS["epochs"],
    batch_size=DEFAULTS["batch_size"],
    learning_rate=DEFAULTS["learning_rate"],
    weight_decay=DEFAULTS["weight_decay"],
    clipnorm=DEFAULTS["clipnorm"],
    strategy=None,
    seed=42,
    cell="simple_rnn",
    n_neurons=150,
    unroll=True,
    jit_compile=None,
):
    """Train :func:`build_sequence_classifier` on ``(X_train, y_train)`` with a compiled loop.

    AdamW with a cosine learning-rate schedule (one epoch of linear warm-up up to
    ``learning_rate``, then decay to 0); each variable's gradient is clipped to norm
    ``clipnorm``. Each training step is compiled with XLA; each epoch visits every sample once in a shuffled order
    (``seed``); a last incomplete batch is dropped. ``strategy`` is a
    ``tf.distribute.Strategy`` (default: the current one, i.e. no distribution): the model and
    optimizer live in its scope and every global batch is split over its replicas.

    Returns ``TrainingRun(model, history, seconds)``: ``history`` maps ``loss``, ``accuracy``,
    ``epoch_seconds`` (and ``val_loss``, ``val_accuracy`` with ``validation_data``) to one
    value per epoch; ``seconds`` is the total wall-clock time. The model comes back compiled,
    ready for ``evaluate``, ``predict`` and ``save``. ``cell``, ``n_neurons`` and ``unroll`` choose the
    recurrent layer, as in :func:`build_sequence_classifier` (on a CPU, an unrolled LSTM
    or GRU compiles to a slower program than the loop: chapter 8 uses ``unroll=False``);
    ``jit_compile=False`` runs the training step without XLA; the default, None, compiles it
    unless a ``strategy`` is given (XLA cannot reach variables mirrored on other devices, so
    ``jit_compile=True`` with a strategy is a ValueError).

    With a strategy, the replicas' gradients are summed before each variable's gradient is
    clipped, so that training on several devices follows the same steps as on one (Keras'
    ``clipnorm`` would clip each replica's share before the sum). The appendix
    "Treinamento distribuído" checks this with two replicas.
    """
    import keras
    import tensorflow as tf

    X_train = check_array(X_train, "X_train", dims=("n", "n_steps", "n_inputs"), dtype=np.float32)
    y_train = check_array(y_train, "y_train", kind="integer", dims=("n",))
    if len(X_train) != len(y_train):
        raise ValueError(f"X_train and y_train must have the same length, got {len(X_train)} and {len(y_train)}")
    epochs = check_int(epochs, "epochs", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    cell = check_choice(cell, "cell", CELLS)
    unroll = check_bool(unroll, "unroll")
    jit_compile = check_bool(jit_compile, "jit_compile", allow_none=True)
    learning_rate = check_number(learning_rate, "learning_rate", minimum=0)
    weight_decay = check_number(weight_decay, "weight_decay", minimum=0)
    clipnorm = check_number(clipnorm, "clipnorm", minimum=0)
    seed = check_seed(seed, allow_none=True)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if batch_size > len(X_train):
        raise ValueError(f"batch_size must not exceed the {len(X_train)} training samples, got {batch_size}")
    strategy = check_instance(
        strategy, "strategy", tf.distribute.Strategy, "a tf.distribute.Strategy", allow_none=True
    )
    distributed = strategy is not None
    strategy = strategy or tf.distribute.get_strategy()
    n_replicas = strategy.num_replicas_in_sync
    if batch_size % n_replicas:
        raise ValueError(f"batch_size must be a multiple of the {n_replicas} replicas")
    if distributed and jit_compile:
        raise ValueError("jit_compile=True does not work with a strategy (XLA cannot reach "
                         "variables mirrored on other devices): leave jit_compile=None")
    jit_compile = not distributed if jit_compile is None else jit_compile

    steps_per_epoch = len(X_train) // batch_size
    with strategy.scope():
        model = build_sequence_classifier(
            n_steps=X_train.shape[1], n_inputs=X_train.shape[2], n_neurons=n_neurons, cell=cell, unroll=unroll
        )
        schedule = keras.optimizers.schedules.CosineDecay(
            0.0, decay_steps=epochs * steps_per_epoch, warmup_target=learning_rate, warmup_steps=steps_per_epoch,
        )
        optimizer = keras.optimizers.AdamW(schedule, weight_decay=weight_decay)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")
        model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
        optimizer.build(model.trainable_variables)

    X_all, y_all = tf.constant(X_train), tf.constant(y_train)

    def replica_step(indices):
        X_batch, y_batch = tf.gather(X_all, indices), tf.gather(y_all, indices)
        with tf.GradientTape() as tape:
            logits = model(X_batch, training=True)
            loss = loss_fn(y_batch, logits) / batch_size  # mean over the *global* batch
        gradients = tape.gradient(loss, model.trainable_variables)
        if distributed:  # sum over the replicas, clip, and give each replica its share back
            context = tf.distribute.get_replica_context()
            gradients = context.all_reduce(tf.distribute.ReduceOp.SUM, gradients)
        if clipnorm:
            gradients = [tf.clip_by_norm(g, clipnorm) for g in gradients]
        if distributed:  # the optimizer sums the replicas' gradients again
            gradients = [g / n_replicas for g in gradients]
        optimizer.apply(gradients, model.trainable_variables)
        correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=y_batch.dtype), y_batch), tf.float32))
        return loss, correct

    replica_step = tf.function(replica_step, jit_compile=jit_compile)

    @tf.function
    def distributed_step(batch):
        loss, correct = strategy.run(replica_step, args=(batch,))
        sum_ = tf.distribute.ReduceOp.SUM
        return strategy.reduce(sum_, loss, axis=None), strategy.reduce(sum_, correct, axis=None)

    # Without replicas to split over, the compiled step is called directly.
    train_step = distributed_step if distributed else replica_step

    # Each epoch visits the samples in a new order: batches of shuffled indices, drawn with NumPy
    # (a tf.data shuffle buffer of 55 000 elements costs up to 0.4 s per epoch to set up).
    order = np.random.default_rng(seed)

    def epoch_batches():
        indices = order.permutation(len(X_train))[: steps_per_epoch * batch_size].reshape(steps_per_epoch, batch_size)
        if not distributed:
            return indices
        return strategy.experimental_distribute_dataset(tf.data.Dataset.from_tensor_slices(indices.reshape(-1)).batch(batch_size))

    history = {"loss": [], "accuracy": [], "epoch_seconds": []}
    if validation_data is not None:
        history.update(val_loss=[], val_accuracy=[])
    start = time.perf_counter()
    for _ in range(epochs):
        epoch_start = time.perf_counter()
        total_loss, total_correct = 0.0, 0.0
        for batch in epoch_batches():
            loss, correct = train_step(batch)
            total_loss += loss
            total_correct += correct
        history["loss"].append(float(total_loss) / steps_per_epoch)
        history["accuracy"].append(float(total_correct) / (steps_per_epoch * batch_size))
        history["epoch_seconds"].append(time.perf_counter() - epoch_start)
        if validation_data is not None:
            val_loss, val_accuracy = model.evaluate(*validation_data, batch_size=len(validation_data[0]), verbose=0)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_accuracy)
    return TrainingRun(model, history, time.perf_counter() - start)


#: Chapter 9's forecasting recipe (the chapter explains each choice).
FORECAST_DEFAULTS = dict(learning_rate=5e-3, batch_size=32, epochs=20)


def fit_forecaster(
    make_layers,
    X,
    Y,
    *,
    learning_rate=FORECAST_DEFAULTS["learning_rate"],
    batch_size=FORECAST_DEFAULTS["batch_size"],
    epochs=FORECAST_DEFAULTS["epochs"],
    seed=42,
    name=None,
):
    """Chapter 9's training: ``keras.Sequential([keras.Input(X.shape[1:]), *make_layers()])``
    fitted to ``(X, Y)`` with the MSE and Adam, the learning rate falling from
    ``learning_rate`` to 0 as a cosine (``CosineDecay`` over every training step),
    ``batch_size`` series per minilote, ``epochs`` passes.

    ``make_layers`` is called with no argument after ``seed_everything(seed)`` and returns a
    non-empty list of new Keras layers: a Keras 3 layer draws the seeds of its initial weights
    when it is created, so layers created before the seed would start from weights that depend
    on whatever ran before. ``X`` is (n, n_steps, n_inputs); ``Y`` has the same length. Keras'
    ``model.fit`` runs the training, without XLA on a CPU-only machine
    (``jit_compile="auto"``; chapter 9 shows it). Returns ``TrainingRun(model, history,
    seconds)``: ``history`` maps ``loss`` to one value per epoch.
    """
    import keras

    from rnnbook.repro import seed_everything

    check_instance(make_layers, "make_layers", Callable, "a function returning Keras layers")
    X = check_array(X, "X", dims=("n", "n_steps", "n_inputs"), dtype=np.float32)
    Y = check_array(Y, "Y", dtype=np.float32)
    if Y.ndim == 0 or len(X) != len(Y):
        raise ValueError(f"X and Y must have the same length, got shapes {X.shape} and {Y.shape}")
    learning_rate = check_number(learning_rate, "learning_rate", minimum=0)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    epochs = check_int(epochs, "epochs", minimum=1)
    seed = check_seed(seed)
    name = check_instance(name, "name", str, "a string", allow_none=True)

    seed_everything(seed)
    layers = make_layers()
    check_instance(layers, "make_layers()", list, "a list of Keras layers")
    if not layers:
        raise ValueError("make_layers() must return at least one Keras layer, got []")
    for i, layer in enumerate(layers):
        check_instance(layer, f"make_layers()[{i}]", keras.layers.Layer, "a Keras layer")
    model = keras.Sequential([keras.Input(X.shape[1:]), *layers], name=name)
    n_updates = epochs * -(-len(X) // batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, n_updates)
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(schedule), steps_per_execution=10)
    start = time.perf_counter()
    history = model.fit(X, Y, batch_size=batch_size, epochs=epochs, verbose=0)
    return TrainingRun(model, {"loss": history.history["loss"]}, time.perf_counter() - start)

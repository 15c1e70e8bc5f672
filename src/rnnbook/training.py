"""The modern (Keras 3) sequence classifier of chapter 5, shared by the chapter, bench/ and tests."""

import time
from typing import NamedTuple

import numpy as np

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

    if cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")
    layer = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell]
    return keras.Sequential(
        [
            keras.Input((n_steps, n_inputs)),
            layer(n_neurons, unroll=unroll, name="rnn"),
            keras.layers.Dense(n_outputs, name="logits"),
        ],
        name="classificador_rnn" if cell == "simple_rnn" else f"classificador_{cell}",
    )


def _check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


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
    jit_compile=True,
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
    ``jit_compile=False`` runs the training step without XLA.
    """
    import keras
    import tensorflow as tf

    X_train, y_train = np.asarray(X_train, dtype=np.float32), np.asarray(y_train)
    if X_train.ndim != 3:
        raise ValueError(f"X_train must be 3-D (n, n_steps, n_inputs), got shape {X_train.shape}")
    if len(X_train) != len(y_train):
        raise ValueError(f"X_train and y_train must have the same length, got {len(X_train)} and {len(y_train)}")
    epochs = _check_positive_int("epochs", epochs)
    n_neurons = _check_positive_int("n_neurons", n_neurons)
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")
    batch_size = _check_positive_int("batch_size", batch_size)
    if batch_size > len(X_train):
        raise ValueError(f"batch_size must not exceed the {len(X_train)} training samples, got {batch_size}")
    if strategy is not None and not isinstance(strategy, tf.distribute.Strategy):
        raise TypeError(f"strategy must be a tf.distribute.Strategy, got {type(strategy).__name__}")
    distributed = strategy is not None
    strategy = strategy or tf.distribute.get_strategy()
    if batch_size % strategy.num_replicas_in_sync:
        raise ValueError(f"batch_size must be a multiple of the {strategy.num_replicas_in_sync} replicas")

    steps_per_epoch = len(X_train) // batch_size
    with strategy.scope():
        model = build_sequence_classifier(
            n_steps=X_train.shape[1], n_inputs=X_train.shape[2], n_neurons=n_neurons, cell=cell, unroll=unroll
        )
        schedule = keras.optimizers.schedules.CosineDecay(
            0.0, decay_steps=epochs * steps_per_epoch, warmup_target=learning_rate, warmup_steps=steps_per_epoch,
        )
        optimizer = keras.optimizers.AdamW(schedule, weight_decay=weight_decay, clipnorm=clipnorm)
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
        optimizer.apply(gradients, model.trainable_variables)
        correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=y_batch.dtype), y_batch), tf.float32))
        return loss, correct

    replica_step = tf.function(replica_step, jit_compile=bool(jit_compile))

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

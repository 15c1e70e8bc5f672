"""Epoch time of the MNIST sequence classifier: the source's legacy graph vs the book's Keras 3 path.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/mnist_epoch.py [--repeats 3] [--lstm [--write]]

Prints one table: seconds per epoch (median of --repeats full epochs after a warm-up),
throughput, the modern/legacy ratio, and a lower bound for one epoch from its FLOP count
and this machine's measured matmul throughput.

With --lstm it times chapter 8's LSTM(128) classifier instead, with and without unrolling and XLA
(the chapter uses unroll=False, jit_compile=False), beside SimpleRNN(150) and the FLOP bound of
each. --lstm --write also records that table, with the CPU (from lscpu), the date and the versions,
in src/rnnbook/measurements/mnist_epoch_lstm.json, the file chapter 8 reads for its LSTM / SimpleRNN epoch ratio.
"""

import argparse
import os
import statistics
import time

import rnnbook
from bookbuild.layout import ROOT
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, warn_if_loaded, write_measurement,
)

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from rnnbook import data, legacy, training  # noqa: E402

N_STEPS, N_INPUTS, N_NEURONS, N_OUTPUTS = 28, 28, 150, 10
LSTM_DATA = PACKAGE_MEASUREMENTS / "mnist_epoch_lstm.json"


def epoch_flops(n_samples, n_neurons=N_NEURONS, n_gates=1):
    """Multiply-adds x 2 of one training epoch: forward, plus twice that for the backward pass.

    ``n_gates`` dense layers per step: 1 for SimpleRNN, 4 for an LSTM (chapter 8).
    """
    per_step = 2 * n_gates * (N_INPUTS * n_neurons + n_neurons * n_neurons)
    forward = N_STEPS * per_step + 2 * n_neurons * N_OUTPUTS
    return 3 * forward * n_samples


def matmul_gflops(n=1024, repeats=20):
    """Best sustained float32 matmul throughput of this machine, in GFLOP/s."""
    a = tf.random.normal([n, n])
    b = tf.random.normal([n, n])
    matmul = tf.function(lambda: tf.matmul(a, b))
    matmul().numpy()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        matmul().numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def legacy_epochs(X_train, y_train, batch_size, repeats):
    """The source's graph (BasicRNNCell + dynamic_rnn + dense + Adam), timed per epoch."""
    with legacy.graph_session(seed=42) as sess:
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=N_NEURONS)
        X, _, _, _, states = legacy.rnn_graph(cell, N_STEPS, N_INPUTS)
        y = tf.compat.v1.placeholder(tf.int32, [None])
        logits = tf.compat.v1.layers.dense(states, N_OUTPUTS)
        loss = tf.reduce_mean(tf.compat.v1.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        training_op = tf.compat.v1.train.AdamOptimizer(learning_rate=0.001).minimize(loss)
        tf.compat.v1.global_variables_initializer().run()
        for X_batch, y_batch in data.shuffle_batch(X_train[:3000], y_train[:3000], batch_size):
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for X_batch, y_batch in data.shuffle_batch(X_train, y_train, batch_size):
                sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
            times.append(time.perf_counter() - start)
    return times


def modern_epochs(X_train, y_train, batch_size, repeats):
    """The book's path (rnnbook.training), timed per epoch by its own epoch clock."""
    run = training.train_sequence_classifier(X_train, y_train, epochs=repeats + 1, batch_size=batch_size)
    return run.history["epoch_seconds"][1:]  # the first epoch includes tracing


#: Chapter 8's variants: key -> (label, cell, neurons, gates, unroll, jit_compile). The first is
#: chapter 5's SimpleRNN (training's defaults), the second chapter 8's recipe.
GATED_VARIANTS = {
    "simple_rnn_chapter_5": ("SimpleRNN(150), unrolled, XLA (chapter 5)", "simple_rnn", 150, 1, True, None),
    "lstm_chapter_8": ("LSTM(128), loop, no XLA (chapter 8)", "lstm", 128, 4, False, False),
    "lstm_loop_xla": ("LSTM(128), loop, XLA", "lstm", 128, 4, False, True),
    "lstm_unrolled_xla": ("LSTM(128), unrolled, XLA", "lstm", 128, 4, True, True),
}


def gated_epochs(X_train, y_train, repeats):
    """Chapter 8's variants: {key: (label, timed seconds of each epoch, GFLOP per epoch)}."""
    results = {}
    for key, (label, cell, n_neurons, n_gates, unroll, jit_compile) in GATED_VARIANTS.items():
        run = training.train_sequence_classifier(X_train, y_train, epochs=repeats + 1, cell=cell,
                                                 n_neurons=n_neurons, unroll=unroll,
                                                 jit_compile=jit_compile)
        gflop = epoch_flops(len(X_train), n_neurons, n_gates=n_gates) / 1e9
        results[key] = (label, run.history["epoch_seconds"][1:], gflop)  # the first one traces
    return results


def main_lstm(X_train, y_train, repeats, write=False):
    gflops = matmul_gflops()
    print(f"MNIST, {len(X_train)} training sequences, batch {training.DEFAULTS['batch_size']};"
          f" {os.cpu_count()} CPU cores; TensorFlow {tf.__version__}, Keras {keras.__version__}")
    print(f"CPU: {describe(machine())}")
    print(f"{'model and compilation':<44} {'s/epoch':>8} {'GFLOP':>6} {'x bound':>8}")
    results = gated_epochs(X_train, y_train, repeats)
    for label, times, gflop in results.values():
        seconds = statistics.median(times)
        print(f"{label:<44} {seconds:8.2f} {gflop:6.0f} {seconds / (gflop / gflops):8.2f}")
    print(f"(bound: GFLOP per epoch at {gflops:.0f} GFLOP/s matmul)")
    if write:
        settings = dict(training_sequences=len(X_train), batch_size=training.DEFAULTS["batch_size"],
                        repeats=repeats, matmul_gflops=round(gflops, 1))
        variants = {}
        for key, (label, times, gflop) in results.items():
            _, cell, n_neurons, _, unroll, jit_compile = GATED_VARIANTS[key]
            variants[key] = dict(label=label, cell=cell, n_neurons=n_neurons, unroll=unroll,
                                 jit_compile=jit_compile, gflop_per_epoch=round(gflop, 1),
                                 epoch_seconds=[round(t, 3) for t in times],
                                 median_epoch_seconds=round(statistics.median(times), 3))
        command = f"python bench/mnist_epoch.py --lstm --repeats {repeats} --write"
        write_measurement(LSTM_DATA, command, settings, {"variants": variants})
        print(f"recorded in {LSTM_DATA.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed epochs per implementation")
    parser.add_argument("--lstm", action="store_true", help="time chapter 8's LSTM variants instead")
    parser.add_argument("--write", action="store_true",
                        help=f"with --lstm: record its table in {LSTM_DATA.relative_to(ROOT)}")
    args = parser.parse_args()
    if args.write and not args.lstm:
        parser.error("--write records chapter 8's table: use it with --lstm")
    warn_if_loaded()
    rnnbook.seed_everything(42)
    (X_train, y_train), _, _ = data.load_mnist()
    n = len(X_train)
    if args.lstm:
        return main_lstm(X_train, y_train, args.repeats, args.write)

    legacy_times = legacy_epochs(X_train, y_train, 150, args.repeats)
    modern_times = modern_epochs(X_train, y_train, training.DEFAULTS["batch_size"], args.repeats)
    gflops = matmul_gflops()
    bound = epoch_flops(n) / (gflops * 1e9)

    legacy_s, modern_s = statistics.median(legacy_times), statistics.median(modern_times)
    print(f"MNIST, {n} training sequences of {N_STEPS} steps, SimpleRNN({N_NEURONS}) + Dense({N_OUTPUTS});"
          f" {os.cpu_count()} CPU cores; TensorFlow {tf.__version__}, Keras {keras.__version__}")
    print(f"{'implementation':<42} {'s/epoch':>8} {'samples/s':>10}")
    print(f"{'source legacy graph (batch 150, Adam)':<42} {legacy_s:8.2f} {n / legacy_s:10.0f}")
    label = f"book's Keras 3 path (batch {training.DEFAULTS['batch_size']})"
    print(f"{label:<42} {modern_s:8.2f} {n / modern_s:10.0f}")
    print(f"{'FLOP lower bound':<42} {bound:8.2f} {n / bound:10.0f}"
          f"   ({epoch_flops(n) / 1e9:.0f} GFLOP per epoch at {gflops:.0f} GFLOP/s matmul)")
    print(f"modern / legacy throughput: {legacy_s / modern_s:.2f}x   modern / bound time: {modern_s / bound:.2f}x")
    print("epoch times, legacy:", " ".join(f"{t:.2f}" for t in legacy_times),
          "| modern:", " ".join(f"{t:.2f}" for t in modern_times))


if __name__ == "__main__":
    main()

"""The chapters that train, checked by nbval under another CPU's kernels.

TensorFlow picks its CPU kernels (oneDNN, XLA) by instruction set and thread count, so a training
run on another processor ends in slightly different figures. The stored outputs must not depend
on that (README, "Saídas que vêm do treino"): this test executes the training chapters with the
kernels of an AVX-only processor, which no CI machine has natively (AVX-512 and AVX2 machines
both change kernels under it), and compares them with nbval against the stored outputs, exactly
as the default run does. `bench/cpu_spread.py` measures the spread under more settings.
"""

import os
import subprocess
import sys

from sitebuild import ROOT

TRAINING_CHAPTERS = ["book/05_classificador_mnist.ipynb", "book/06_series_temporais.ipynb",
                     "book/07_treinando_rnns.ipynb"]
OTHER_CPU = {"ONEDNN_MAX_CPU_ISA": "AVX", "XLA_FLAGS": "--xla_cpu_max_isa=AVX"}


def test_training_chapters_match_stored_outputs_with_avx_kernels():
    env = {**os.environ, **OTHER_CPU}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", *TRAINING_CHAPTERS],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]

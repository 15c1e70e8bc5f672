"""The chapters that train, checked by nbval under another CPU's kernels.

TensorFlow picks its CPU kernels (oneDNN, XLA) by instruction set and thread count, so a training
run on another processor ends in slightly different figures. The stored outputs must not depend
on that (README, "Reprodutibilidade e saídas que vêm do treino"): this test executes the chapters
whose figures come from training (``bookbuild.layout.TRAINING_CHAPTERS``) with the kernels of an
AVX-only processor, which no CI machine has natively (AVX-512 and AVX2 machines both change
kernels under it), and compares them with nbval against the stored outputs, exactly as the default
run does. `bench/cpu_spread.py` measures the spread under more settings.

The run is a separate pytest process (tests/other_cpu.py), started by the root conftest.py's
session fixture at the first test when this one is selected, so that it overlaps the rest of the
suite; this test runs last and waits for it.
"""

import pytest

pytestmark = pytest.mark.slow


def test_training_chapters_match_stored_outputs_with_avx_kernels(request):
    returncode, log = request.config.other_cpu_run.wait(timeout=3600)
    assert returncode == 0, log

# rnnbook must be imported before TensorFlow (it sets TF_USE_LEGACY_KERAS and silences C++ logs).
import rnnbook  # noqa: F401

"""Defaults for a verification run, importable without numpy or TensorFlow.

DEFAULT_MEMORY_GIB: the limit is on address space (RLIMIT_AS), and
TensorFlow reserves far more of it than it touches. Measured on 2 CPUs with
TF 2.21: a corpus training script peaks at 1.8 GiB of address space (0.57 GiB
resident), and runs under a 2 GiB limit. Thread stacks grow the reservation
with the CPU count, so the default leaves four times that: 8 GiB still stops
a runaway allocation long before it hurts the machine.

ULP_BOUND: how far floats of the two sides may differ; derived in
``tfmigrate.verify.runner``.
"""

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_GIB = 8.0
ULP_BOUND = 4

"""Defaults for a verification run, importable without numpy or TensorFlow.

DEFAULT_MEMORY_GIB: TensorFlow reserves far more address space than it
touches (importing it maps about 1.5 GiB; each thread pool adds more), and
RLIMIT_AS counts all of it. 8 GiB leaves ample room for scripts of this kit's
size class and still stops a runaway allocation long before the machine does.

ULP_BOUND: how far floats of the two sides may differ; derived in
``tfmigrate.verify.runner``.
"""

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_GIB = 8.0
ULP_BOUND = 4

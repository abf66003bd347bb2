"""``tf.test.get_temp_dir()`` for code outside a test method; TF 2 dropped the module function.

Migrated code calls :func:`get_temp_dir` from here (rule TFM113) where no
``tf.test.TestCase`` is at hand (a module-level helper that builds a test's
paths). It keeps TF 1.15's behaviour (``googletest.GetTempDir``): one directory
for the whole process, made on the first call (under ``$TEST_TMPDIR`` when that
is set, else in the system's temporary directory, named after the script that
started the process) and returned by every later call, removed with everything
in it when the process exits.

Not carried over: TF1 removed the directory through its own file system layer
and logged a failure; here a failure to remove it is ignored. The directory is
not the one TF 2's ``TestCase.get_temp_dir`` makes its per-test directories in.
"""

from __future__ import annotations

import atexit
import inspect
import os
import shutil
import tempfile

_process_dir: str | None = None


def get_temp_dir() -> str:
    """The process's scratch directory for tests: made on the first call, the same one after, removed at exit."""
    global _process_dir
    if _process_dir is None:
        _process_dir = _make_process_dir()
        atexit.register(shutil.rmtree, _process_dir, True)
    return _process_dir


def _make_process_dir() -> str:
    base = os.environ.get("TEST_TMPDIR")
    if base:
        made = tempfile.mkdtemp(prefix=base)
    else:
        # TF1 named it after the file of the outermost frame, stripping trailing '.', 'p' and 'y' characters.
        script = os.path.basename(inspect.getfile(inspect.stack(0)[-1].frame))
        made = tempfile.mkdtemp(prefix=os.path.join(tempfile.gettempdir(), script).rstrip(".py"))
    return made.replace("/", os.sep)

"""tfmigrate: migrate session-style TensorFlow 1 code to TensorFlow 2 and verify it.

The Python API is two functions:

* :func:`migrate_source` rewrites one module's source text and returns the new
  code with its findings (no TensorFlow import);
* :func:`verify` runs an original script (TF1 graph mode) and its migration
  (TF 2 eager) in subprocesses and compares their values.

Importing this package must stay cheap: the codemod never imports TensorFlow,
so both functions import their machinery when first called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tfmigrate.engine import MigrationResult
    from tfmigrate.verify.report import VerifyReport

__version__ = "0.1.0"

# reference/ and fixtures/ sit at the top of a source checkout and install as
# tfmigrate.reference and tfmigrate.fixtures. When this package is imported
# from a checkout (tests run from the repository), its parent folder is
# searched for them too; an installed copy is left as it is.
_CHECKOUT = Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "reference" / "__init__.py").is_file():
    __path__.append(str(_CHECKOUT))  # type: ignore[name-defined]  # noqa: F821


def migrate_source(source: str, **options: Any) -> MigrationResult:
    """Migrate one module's source text; see :func:`tfmigrate.engine.migrate_source` for the options.

    Returns a result with ``code``, ``changed`` and ``findings``; raises
    ``tfmigrate.files.SourceError`` if the source does not parse.
    """
    from tfmigrate.engine import migrate_source as migrate

    return migrate(source, **options)


def verify(original: str | Path, migrated: str | Path, **limits: Any) -> VerifyReport:
    """Run ORIGINAL as TF1 and MIGRATED as TF 2, each in a limited subprocess, and compare every value.

    ``limits``: ``timeout`` (seconds), ``memory_gib``, ``seed``, ``ulp_bound``.
    The report has ``passed``, ``summary()`` and ``rows``.
    """
    from tfmigrate.verify.runner import verify_pair

    return verify_pair(Path(original), Path(migrated), **limits)


__all__ = ["__version__", "migrate_source", "verify"]

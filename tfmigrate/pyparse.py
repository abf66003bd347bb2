"""Python's own parser, one thread at a time.

CPython 3.11 keeps the counter that guards the depth of the ``ast`` objects it
builds in state shared by every thread. When two threads build trees at once
and the interpreter switches between them mid-build (a garbage-collector pass
runs Python code, and any Python code may switch), the counter one thread
finds at the end is the other's, and ``ast.parse`` raises ``SystemError:
AST constructor recursion depth mismatch``. ``verify`` judges originals from
worker threads, and library users may call tfmigrate from theirs, so every
tree tfmigrate asks Python for is built under one lock.
"""

from __future__ import annotations

import ast
import threading

_BUILDING = threading.Lock()


def parse_python(source: str | bytes, filename: str = "<unknown>", *, top_level_await: bool = False) -> ast.Module:
    """``ast.parse(source, filename)``, serialised; raises what it raises."""
    flags = ast.PyCF_ONLY_AST | (ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if top_level_await else 0)
    with _BUILDING:
        return compile(source, filename, "exec", flags=flags, dont_inherit=True)

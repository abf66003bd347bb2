"""Results of earlier runs, so that files that have not changed are not migrated again.

An entry holds what migrating one file produced (the new text if it changed,
the findings, or the error) under a key made of everything that decides that
result: the file's bytes and path, the options, and a fingerprint of the tool
itself (its version, its own source and data files, libcst's version and the
TensorFlow rename tables it reads). Change any of them and the old entry is
simply never looked up again. An entry that cannot be read is ignored, and a
write that fails is skipped: the cache can make a run faster, never different.

Entries live in the user cache directory (``platformdirs``), or in
``$TFMIGRATE_CACHE_DIR``; ``tfmigrate migrate --no-cache`` bypasses them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import pathlib
import tempfile
from collections.abc import Callable
from typing import Any

import tfmigrate
from tfmigrate.findings import Finding, Kind

ENV_DIR = "TFMIGRATE_CACHE_DIR"
_LAYOUT = "1"  # bump when the entry format changes


def default_directory() -> pathlib.Path:
    configured = os.environ.get(ENV_DIR)
    if configured:
        return pathlib.Path(configured)
    import platformdirs  # noqa: PLC0415 (only runs that use the cache pay for it)

    return pathlib.Path(platformdirs.user_cache_dir("tfmigrate"))


@dataclasses.dataclass(frozen=True)
class Entry:
    """One file's migration result: ``new_text`` None means unchanged; ``error`` set means it failed."""

    findings: tuple[Finding, ...]
    new_text: str | None = None
    error: str | None = None


@dataclasses.dataclass(frozen=True)
class Cache:
    """A cache directory and the options every key includes; picklable for worker processes."""

    directory: pathlib.Path
    options: str

    def key(self, path: str, raw: bytes) -> str:
        digest = hashlib.sha256()
        for part in (_LAYOUT, tool_fingerprint(), self.options, path):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            return Entry(tuple(_finding(item) for item in data["findings"]), data["new_text"], data["error"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, half-written by a crashed run, or from another layout

    def put(self, key: str, entry: Entry) -> None:
        self._write(key, {"findings": [_plain(f) for f in entry.findings], "new_text": entry.new_text, "error": entry.error})

    def _write(self, key: str, data: dict) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False)
            os.replace(temp, target)  # readers see the old entry or the whole new one
        except OSError:
            pass  # a read-only or full cache directory only costs speed

    def _file(self, key: str) -> pathlib.Path:
        return self.directory / f"v{_LAYOUT}" / key[:2] / f"{key[2:]}.json"


def remembered(directory: pathlib.Path, name: str, inputs: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` (a JSON value) for these inputs and this tool, from the cache when an earlier run stored it."""
    store = Cache(directory, name)
    key = store.key("", inputs.encode("utf-8", "surrogateescape"))
    try:
        return json.loads(store._file(key).read_text(encoding="utf-8"))["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    store._write(key, {"value": value})
    return value


def _plain(finding: Finding) -> dict[str, object]:
    data = dataclasses.asdict(finding)
    data["kind"] = finding.kind.value
    return data


def _finding(data: dict) -> Finding:
    return Finding(**{**data, "kind": Kind(data["kind"])})


@functools.cache
def tool_fingerprint() -> str:
    """What the results depend on besides the input: tfmigrate's own files, libcst, TF's rename tables."""
    digest = hashlib.sha256(tfmigrate.__version__.encode())
    package = pathlib.Path(tfmigrate.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".txt", ".json", ".toml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    for module, relative in (("libcst", "_version.py"), ("tensorflow", "tools/compatibility")):
        digest.update(_installed_stamp(module, relative).encode() + b"\0")
    return digest.hexdigest()


def _installed_stamp(module: str, relative: str) -> str:
    """Where an installed package's file or directory is, with sizes and times, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return f"{module}: absent"
    stamps = []
    for location in spec.submodule_search_locations:
        target = pathlib.Path(location) / relative
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(stamps)

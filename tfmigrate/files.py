"""Reading, finding and writing the files ``tfmigrate migrate`` works on.

Everything here is about bytes on disk, never about TensorFlow: which paths
to visit, how to decode them without losing a byte (BOM, CRLF, declared
encodings), how to replace a file so that a crash leaves either the old or the
new content, and how to turn every bad input into one clear line.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import os
import pathlib
import re
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence

SOURCE_SUFFIXES = (".py", ".ipynb")
TEMP_PREFIX = ".tfmigrate-"
TEMP_SUFFIX = ".tmp"  # never *.py, so a half-written temp file is never migrated itself

# Directory names that never hold the user's own sources.
_SKIPPED_DIR_NAMES = frozenset({"__pycache__", "node_modules", "site-packages"})


class InputError(Exception):
    """A file that cannot be processed; ``str(err)`` is ``"{path}: error: {message}"``."""

    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: error: {message}")

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}"


class SourceError(Exception):
    """Text that is not Python 3 the engine can parse; the caller adds the path."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclasses.dataclass(frozen=True)
class SourceText:
    """A decoded file plus what is needed to write it back byte-faithfully."""

    path: str
    text: str  # newlines exactly as in the file: libcst keeps CRLF, so must we
    has_bom: bool
    raw: bytes
    encoding: str = "utf-8"  # a PEP 263 declaration wins; otherwise UTF-8


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def iter_source_paths(
    paths: Sequence[str],
    skip: Sequence[pathlib.Path] = (),
    excluded: Callable[[pathlib.Path, bool], bool] | None = None,
) -> Iterator[pathlib.Path | InputError]:
    """Yield every file to migrate, or an InputError for a path that cannot be.

    Explicit files are yielded whatever their suffix; directories are walked
    in sorted order for ``*.py`` and ``*.ipynb``. The same real file reached
    twice (two arguments, a symlink) is yielded once, at its first path.
    A walk never enters the directories in ``skip`` (an output directory
    inside the tree holds migrated code, not input), nor any entry for which
    ``excluded(path, is_dir)`` is true (--exclude patterns, .gitignore).
    """
    walk = _Walk(seen_files=set(), skipped=frozenset(_identity(path) for path in skip if path.is_dir()),
                 excluded=excluded or _nothing_excluded)
    for given in paths:
        path = pathlib.Path(given)
        problem = _path_problem(path)
        if problem is not None:
            yield InputError(given, problem)
        elif path.is_dir():
            yield from _walk_top(path, walk)
        elif not path.is_file():
            yield InputError(given, "not a regular file (a device, socket or pipe)")
        elif _first_visit(path, walk.seen_files):
            yield path


@dataclasses.dataclass(frozen=True)
class _Walk:
    """What every directory walk of one run shares."""

    seen_files: set[tuple[int, int]]  # (device, inode) of every file yielded so far
    skipped: frozenset[tuple[int, int]]  # (device, inode) of directories never entered
    excluded: Callable[[pathlib.Path, bool], bool]  # (path, is_dir) -> leave it out


def _nothing_excluded(path: pathlib.Path, is_dir: bool) -> bool:
    return False


def _identity(path: pathlib.Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _path_problem(path: pathlib.Path) -> str | None:
    """Why a path given on the command line cannot be visited, or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"broken symbolic link (points to {os.readlink(path)!r}, which does not exist)"
        return "no such file or directory"
    except OSError as err:
        return _describe_os_error(err, "cannot access")
    return None


def _first_visit(path: pathlib.Path, seen: set[tuple[int, int]]) -> bool:
    key = _identity(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk_top(root: pathlib.Path, walk: _Walk) -> Iterator[pathlib.Path | InputError]:
    found = 0
    for item in _walk_dir(root, [_identity(root)], walk, os.path.realpath(root)):
        found += 1
        if item is not None:
            yield item
    if found == 0:
        yield InputError(str(root), "no Python files or notebooks found")


# A walk yields None for a source file already yielded elsewhere: it still
# counts as found, so `tfmigrate migrate a.py .` does not call `.` empty.
_WalkItem = pathlib.Path | InputError | None


def _walk_dir(
    directory: pathlib.Path,
    ancestors: list[tuple[int, int]],
    walk: _Walk,
    root_real: str,
) -> Iterator[_WalkItem]:
    """Sorted depth-first walk; ``ancestors`` is the (device, inode) chain that reveals cycles."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as err:
        yield InputError(str(directory), _describe_os_error(err, "cannot read directory"))
        return
    for entry in entries:
        yield from _visit_entry(directory, entry, ancestors, walk, root_real)


def _visit_entry(
    directory: pathlib.Path,
    entry: os.DirEntry[str],
    ancestors: list[tuple[int, int]],
    walk: _Walk,
    root_real: str,
) -> Iterator[_WalkItem]:
    if entry.name.startswith("."):
        return  # hidden: tool state, editor lock links (.#name.py), our own temp files
    path = directory / entry.name
    if entry.is_symlink() and not _inside(os.path.realpath(path), root_real):
        return  # a tree walk never rewrites files outside the tree it was given
    try:
        info = os.stat(path)  # follows symlinks
    except OSError as err:
        # A dangling link matters only if it looks like a source file; a loop always does.
        if _looks_like_source(entry.name) or err.errno == errno.ELOOP:
            yield InputError(str(path), _describe_os_error(err, "cannot access"))
        return
    if walk.excluded(path, stat.S_ISDIR(info.st_mode)):
        return
    if stat.S_ISDIR(info.st_mode):
        if _skip_directory(path, entry.name):
            return
        key = (info.st_dev, info.st_ino)
        if key in walk.skipped:
            return
        if key in ancestors:
            yield InputError(str(path), f"directory cycle: links back to {os.path.realpath(path)}; not followed")
            return
        yield from _walk_dir(path, [*ancestors, key], walk, root_real)
    elif stat.S_ISREG(info.st_mode) and _looks_like_source(entry.name):
        key = (info.st_dev, info.st_ino)
        if key in walk.seen_files:
            yield None
            return
        walk.seen_files.add(key)
        yield path


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _looks_like_source(name: str) -> bool:
    return name.endswith(SOURCE_SUFFIXES)


def _skip_directory(path: pathlib.Path, name: str) -> bool:
    if name in _SKIPPED_DIR_NAMES:
        return True
    # A virtualenv is recognised by its marker file, whatever it is called.
    return (path / "pyvenv.cfg").exists()


def _describe_os_error(err: OSError, action: str) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop; not followed"
    if err.errno == errno.ENOENT:
        return "broken symbolic link (its target does not exist)"
    if isinstance(err, PermissionError):
        return f"{action}: permission denied"
    reason = err.strerror or err.__class__.__name__
    return f"{action}: {reason.lower()}"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

# PEP 263: the declaration must sit in a comment on line 1 or 2.
_CODING_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def read_source(path: pathlib.Path) -> SourceText:
    """Read and decode a source file, or raise InputError saying what is wrong and where."""
    raw = _read_bytes(path)
    return decode_source(str(path), raw, honour_coding_line=path.suffix != ".ipynb")


def decode_source(path: str, raw: bytes, *, honour_coding_line: bool = True) -> SourceText:
    """Decode bytes read from ``path`` (or stdin) as ``read_source`` does.

    ``honour_coding_line=False`` forces UTF-8: for JSON, and for a stream whose
    output is written back as UTF-8 text.
    """
    _reject_binary(path, raw)
    has_bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8) :] if has_bom else raw
    encoding = _declared_encoding(path, body) if honour_coding_line and not has_bom else "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as err:
        offset = err.start + (len(codecs.BOM_UTF8) if has_bom else 0)
        raise InputError(path, _decode_problem(raw, offset, encoding, honour_coding_line)) from None
    return SourceText(path=path, text=text, has_bom=has_bom, raw=raw, encoding=encoding)


def _read_bytes(path: pathlib.Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(str(path), _path_problem(path) or "no such file or directory") from None
    except OSError as err:
        raise InputError(str(path), _describe_os_error(err, "cannot read")) from None


def _reject_binary(path: str, raw: bytes) -> None:
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _line_and_column(raw, nul)
        raise InputError(
            path, f"binary file, not source code (NUL byte at offset {nul}, line {line}, column {column})"
        )


def _declared_encoding(path: str, body: bytes) -> str:
    for line in body.split(b"\n", 2)[:2]:
        match = _CODING_RE.match(line)
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name
            except LookupError:
                raise InputError(path, f"unknown encoding {name!r} declared on a coding line") from None
        if line.strip() and not line.lstrip().startswith(b"#"):
            break  # PEP 263: line 2 only counts if line 1 is a comment or blank
    return "utf-8"


def _decode_problem(raw: bytes, offset: int, encoding: str, coding_line_counts: bool) -> str:
    line, column = _line_and_column(raw, offset)
    byte = raw[offset : offset + 1].hex()
    if encoding != "utf-8":
        hint = "fix the file or its coding declaration"
    elif coding_line_counts:
        hint = "save the file as UTF-8 or declare its encoding in a `# coding: ...` line"
    else:
        hint = "only UTF-8 is read here"
    return f"not valid {encoding}: byte 0x{byte} at offset {offset} (line {line}, column {column}); {hint}"


def _line_and_column(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def encode_source(source: SourceText, new_text: str) -> bytes:
    """Encode migrated text the way the original was stored (encoding, BOM)."""
    try:
        body = new_text.encode(source.encoding)
    except UnicodeEncodeError as err:
        char = err.object[err.start : err.end]
        raise InputError(
            source.path, f"migrated code contains {char!r}, which the declared encoding {source.encoding} cannot store"
        ) from None
    return codecs.BOM_UTF8 + body if source.has_bom else body


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def write_atomic(path: pathlib.Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that any crash leaves the old or the new file.

    The new content goes to a temp file beside the target, is flushed to disk,
    gets the original's permission bits, and is renamed over the target. A
    symlink is kept and its target replaced. (A hard-linked file becomes a new
    inode: other links keep the old content, as with any atomic rename.)
    """
    target = pathlib.Path(os.path.realpath(path))
    temp_name: str | None = None
    try:
        mode, owner = _existing_mode_and_owner(target)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        _keep_owner(temp_name, owner)
        os.replace(temp_name, target)
        temp_name = None
        _sync_directory(target.parent)
    except OSError as err:
        raise InputError(str(path), _describe_write_error(err)) from None
    finally:
        if temp_name is not None:
            _remove_quietly(temp_name)


def _existing_mode_and_owner(target: pathlib.Path) -> tuple[int, tuple[int, int] | None]:
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_current_umask(), None
    return stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)


def _current_umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_owner(temp_name: str, owner: tuple[int, int] | None) -> None:
    """Only root can give a file away; when it migrates someone else's file, keep their ownership."""
    if owner is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    try:
        os.chown(temp_name, *owner)
    except OSError:
        pass  # best effort: content and permission bits matter more than ownership


def _sync_directory(directory: pathlib.Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _describe_write_error(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "cannot write: permission denied"
    if err.errno == errno.ENOSPC:
        return "cannot write: no space left on device"
    if err.errno == errno.EROFS:
        return "cannot write: read-only file system"
    reason = err.strerror or err.__class__.__name__
    return f"cannot write: {reason.lower()}"

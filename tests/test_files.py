"""Discovery, decoding, atomic writes and Python 2 detection (tfmigrate.files).

The suite runs as root in CI, where chmod 000 does not stop reading and a
read-only directory does not stop writing. Permission failures are therefore
simulated by making the system call raise, which is exactly what a normal user
would see. Real permission bits are checked too: directly when the suite is
not root, and as root by running the standard-library-only tfmigrate.files
under the system Python as user `nobody`.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import shutil
import stat
import subprocess
import tempfile

import pytest

from tfmigrate import files, linescan
from tfmigrate.files import (
    InputError,
    SourceText,
    decode_source,
    encode_source,
    iter_source_paths,
    read_source,
    write_atomic,
)
from tfmigrate.linescan import ScanState, python2_hint, scan_line

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write_bytes(path: pathlib.Path, data: bytes) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def listed(paths: list[str]) -> list[str]:
    """iter_source_paths output as strings: files as paths, errors as their one line."""
    return [str(item) for item in iter_source_paths(paths)]


# ---------------------------------------------------------------------------
# InputError
# ---------------------------------------------------------------------------


def test_input_error_is_one_line_naming_the_path() -> None:
    err = InputError("pkg/model.py", "not valid UTF-8")
    assert str(err) == "pkg/model.py: error: not valid UTF-8"
    assert (err.path, err.message) == ("pkg/model.py", "not valid UTF-8")


# ---------------------------------------------------------------------------
# read_source / encode_source
# ---------------------------------------------------------------------------


def test_non_utf8_byte_names_offset_line_and_column(tmp_path: pathlib.Path) -> None:
    # "x = 1\n" is bytes 0-5, "y = '" bytes 6-10: the Latin-1 e-acute is byte 11, line 2, column 6.
    path = write_bytes(tmp_path / "latin.py", b"x = 1\ny = '\xe9'\n")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path}: error: not valid utf-8: byte 0xe9 at offset 11 (line 2, column 6)")
    assert "\n" not in str(caught.value)


def test_declared_latin1_encoding_is_honoured_and_round_trips(tmp_path: pathlib.Path) -> None:
    raw = b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n"
    source = read_source(write_bytes(tmp_path / "declared.py", raw))
    assert "name = '\u00e9t\u00e9'" in source.text
    assert encode_source(source, source.text) == raw


def test_bytes_invalid_in_the_declared_encoding_are_an_input_error(tmp_path: pathlib.Path) -> None:
    path = write_bytes(tmp_path / "ascii.py", b"# coding: ascii\nname = '\xe9'\n")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == (
        f"{path}: error: not valid ascii: byte 0xe9 at offset 24 (line 2, column 9); fix the file or its coding declaration"
    )


def test_unknown_declared_encoding_is_an_input_error(tmp_path: pathlib.Path) -> None:
    path = write_bytes(tmp_path / "odd.py", b"# coding: klingon-8\nx = 1\n")
    with pytest.raises(InputError, match="unknown encoding 'klingon-8'"):
        read_source(path)


def test_unencodable_migrated_text_is_an_input_error(tmp_path: pathlib.Path) -> None:
    source = read_source(write_bytes(tmp_path / "declared.py", b"# coding: latin-1\nx = 1\n"))
    with pytest.raises(InputError, match="cannot store"):
        encode_source(source, source.text + "y = '\u4e2d'\n")


def test_bom_is_stripped_from_text_and_restored_on_encode(tmp_path: pathlib.Path) -> None:
    raw = b"\xef\xbb\xbfimport tensorflow as tf\r\nx = tf.mul(a, b)\r\n"
    source = read_source(write_bytes(tmp_path / "bom.py", raw))
    assert source.has_bom
    assert source.text == "import tensorflow as tf\r\nx = tf.mul(a, b)\r\n"
    assert encode_source(source, source.text) == raw
    migrated = source.text.replace("tf.mul", "tf.multiply")
    assert encode_source(source, migrated) == b"\xef\xbb\xbf" + migrated.encode()


def test_crlf_and_tabs_are_kept_exactly(tmp_path: pathlib.Path) -> None:
    raw = b"if x:\r\n\treturn_value = 1\r\nelse:\n\ty = 2\n"
    source = read_source(write_bytes(tmp_path / "crlf.py", raw))
    assert source.text == "if x:\r\n\treturn_value = 1\r\nelse:\n\ty = 2\n"
    assert not source.has_bom
    assert source.raw == raw
    assert encode_source(source, source.text) == raw


def test_empty_file_reads_as_empty_text(tmp_path: pathlib.Path) -> None:
    source = read_source(write_bytes(tmp_path / "empty.py", b""))
    assert source == SourceText(path=str(tmp_path / "empty.py"), text="", has_bom=False, raw=b"")


def test_binary_file_named_py_is_rejected_with_position(tmp_path: pathlib.Path) -> None:
    # The PNG signature: offsets 0-7 hold two newlines, so the first NUL (offset 8) starts line 3.
    path = write_bytes(tmp_path / "model.py", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == (
        f"{path}: error: binary file, not source code (NUL byte at offset 8, line 3, column 1)"
    )


def test_five_megabyte_file_reads_in_full(tmp_path: pathlib.Path) -> None:
    line = b"loss_%07d = tf.reduce_mean(tf.square(tf.sub(y_true, y_pred)))\n"
    count = 5 * 1024 * 1024 // len(line) + 1
    raw = b"".join(line.replace(b"%07d", b"%07d" % n) for n in range(count))
    assert len(raw) > 5 * 1024 * 1024
    source = read_source(write_bytes(tmp_path / "big.py", raw))
    assert source.text.count("\n") == count
    assert source.text.encode() == raw


def test_unreadable_file_is_an_input_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_bytes(tmp_path / "secret.py", b"x = 1\n")
    if IS_ROOT:  # root reads through chmod 000: make the read itself fail as it would for a user
        def refuse(self: pathlib.Path) -> bytes:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))

        monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    else:
        path.chmod(0)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: error: cannot read: permission denied"


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permission bits")
def test_unreadable_file_by_real_permissions(tmp_path: pathlib.Path) -> None:
    path = write_bytes(tmp_path / "secret.py", b"x = 1\n")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot read: permission denied"):
        read_source(path)


def test_directory_is_not_a_source_file(tmp_path: pathlib.Path) -> None:
    (tmp_path / "pkg.py").mkdir()
    with pytest.raises(InputError) as caught:
        read_source(tmp_path / "pkg.py")
    assert str(caught.value) == f"{tmp_path / 'pkg.py'}: error: is a directory, not a file"


def test_missing_file_is_an_input_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InputError) as caught:
        read_source(tmp_path / "gone.py")
    assert str(caught.value) == f"{tmp_path / 'gone.py'}: error: no such file or directory"


# ---------------------------------------------------------------------------
# iter_source_paths
# ---------------------------------------------------------------------------


def make_tree(root: pathlib.Path) -> None:
    for name in [
        "b.py",
        "a.py",
        "nb.ipynb",
        "README.md",
        "sub/z.py",
        "sub/deeper/y.py",
        ".hidden/h.py",
        "sub/.git/g.py",
        "__pycache__/c.py",
        "env/lib/v.py",
        "pkg/__pycache__/x.py",
    ]:
        write_bytes(root / name, b"x = 1\n")
    write_bytes(root / "env" / "pyvenv.cfg", b"home = /usr/bin\n")


def test_directory_walk_is_sorted_and_skips_hidden_cache_and_virtualenv(tmp_path: pathlib.Path) -> None:
    make_tree(tmp_path)
    assert listed([str(tmp_path)]) == [
        str(tmp_path / "a.py"),
        str(tmp_path / "b.py"),
        str(tmp_path / "nb.ipynb"),
        str(tmp_path / "sub" / "deeper" / "y.py"),
        str(tmp_path / "sub" / "z.py"),
    ]


def test_hidden_files_and_editor_lock_links_are_skipped(tmp_path: pathlib.Path) -> None:
    write_bytes(tmp_path / "model.py", b"x = 1\n")
    write_bytes(tmp_path / ".scratch.py", b"x = 1\n")
    (tmp_path / ".#model.py").symlink_to("user@host.1234:1700000000")  # how Emacs marks a file being edited
    assert listed([str(tmp_path)]) == [str(tmp_path / "model.py")]


def test_explicit_pipe_is_not_read(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "stream.py"
    os.mkfifo(fifo)
    assert listed([str(fifo)]) == [f"{fifo}: error: not a regular file (a device, socket or pipe)"]


def test_explicit_file_is_yielded_whatever_its_suffix(tmp_path: pathlib.Path) -> None:
    script = write_bytes(tmp_path / "train_script", b"x = 1\n")
    assert listed([str(script)]) == [str(script)]


def test_missing_path_and_empty_directory_are_errors_and_the_rest_continues(tmp_path: pathlib.Path) -> None:
    (tmp_path / "docs").mkdir()
    write_bytes(tmp_path / "docs" / "index.md", b"# docs\n")
    good = write_bytes(tmp_path / "good.py", b"x = 1\n")
    assert listed([str(tmp_path / "nope"), str(tmp_path / "docs"), str(good)]) == [
        f"{tmp_path / 'nope'}: error: no such file or directory",
        f"{tmp_path / 'docs'}: error: no Python files or notebooks found",
        str(good),
    ]


def test_symlinked_file_is_followed_once(tmp_path: pathlib.Path) -> None:
    outside = write_bytes(tmp_path / "shared" / "common.py", b"x = 1\n")
    project = tmp_path / "project"
    write_bytes(project / "main.py", b"y = 2\n")
    (project / "common_link.py").symlink_to(outside)
    (project / "main_alias.py").symlink_to(project / "main.py")
    # A tree walk never leaves the tree: the link to an outside file is not followed (so a
    # migration of the tree cannot rewrite it), while the alias of main.py is the same file and comes once.
    assert listed([str(project)]) == [str(project / "main.py")]
    assert listed([str(project / "main.py"), str(project / "main_alias.py")]) == [str(project / "main.py")]
    # Named on the command line, an outside link is the user's explicit choice and is followed.
    assert listed([str(project / "common_link.py")]) == [str(project / "common_link.py")]
    # The same file named twice on the command line is migrated once too.
    assert listed([str(project / "main.py"), str(project)]) == [str(project / "main.py")]


def test_symlink_loop_is_reported_and_other_files_still_yielded(tmp_path: pathlib.Path) -> None:
    write_bytes(tmp_path / "a.py", b"x = 1\n")
    (tmp_path / "loop_one.py").symlink_to(tmp_path / "loop_two.py")
    (tmp_path / "loop_two.py").symlink_to(tmp_path / "loop_one.py")
    write_bytes(tmp_path / "z.py", b"x = 1\n")
    assert listed([str(tmp_path)]) == [
        str(tmp_path / "a.py"),
        f"{tmp_path / 'loop_one.py'}: error: symbolic link loop; not followed",
        f"{tmp_path / 'loop_two.py'}: error: symbolic link loop; not followed",
        str(tmp_path / "z.py"),
    ]
    assert listed([str(tmp_path / "loop_one.py")]) == [
        f"{tmp_path / 'loop_one.py'}: error: symbolic link loop; not followed"
    ]


def test_directory_cycle_is_reported_once_and_not_followed(tmp_path: pathlib.Path) -> None:
    write_bytes(tmp_path / "pkg" / "m.py", b"x = 1\n")
    (tmp_path / "pkg" / "parent").symlink_to(tmp_path)
    assert listed([str(tmp_path)]) == [
        str(tmp_path / "pkg" / "m.py"),
        f"{tmp_path / 'pkg' / 'parent'}: error: directory cycle: links back to {tmp_path.resolve()}; not followed",
    ]


def test_broken_symlink_named_py_is_reported(tmp_path: pathlib.Path) -> None:
    (tmp_path / "dangling.py").symlink_to(tmp_path / "deleted.py")
    write_bytes(tmp_path / "ok.py", b"x = 1\n")
    items = listed([str(tmp_path)])
    assert items[0] == f"{tmp_path / 'dangling.py'}: error: broken symbolic link (its target does not exist)"
    assert items[1:] == [str(tmp_path / "ok.py")]
    explicit = listed([str(tmp_path / "dangling.py")])
    assert explicit == [
        f"{tmp_path / 'dangling.py'}: error: broken symbolic link "
        f"(points to {str(tmp_path / 'deleted.py')!r}, which does not exist)"
    ]


def test_unreadable_directory_is_reported_and_siblings_continue(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bytes(tmp_path / "locked" / "inside.py", b"x = 1\n")
    write_bytes(tmp_path / "open" / "visible.py", b"x = 1\n")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if pathlib.Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    assert listed([str(tmp_path)]) == [
        f"{tmp_path / 'locked'}: error: cannot read directory: permission denied",
        str(tmp_path / "open" / "visible.py"),
    ]


# ---------------------------------------------------------------------------
# write_atomic
# ---------------------------------------------------------------------------


def entries(directory: pathlib.Path) -> list[str]:
    return sorted(os.listdir(directory))


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o444])
def test_atomic_write_replaces_content_and_keeps_permission_bits(tmp_path: pathlib.Path, mode: int) -> None:
    target = write_bytes(tmp_path / "model.py", b"x = tf.mul(a, b)\n" * 1000)
    target.chmod(mode)
    write_atomic(target, b"x = tf.multiply(a, b)\n")
    assert target.read_bytes() == b"x = tf.multiply(a, b)\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert entries(tmp_path) == ["model.py"]


def test_atomic_write_of_a_new_file_uses_the_umask(tmp_path: pathlib.Path) -> None:
    old_mask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.py", b"x = 1\n")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "new.py").stat().st_mode) == 0o640
    assert entries(tmp_path) == ["new.py"]


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: pathlib.Path) -> None:
    real = write_bytes(tmp_path / "real" / "model.py", b"old\n")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new\n"
    assert entries(tmp_path / "real") == ["model.py"]


@pytest.mark.parametrize(
    ("failing_call", "error", "message"),
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "cannot write: permission denied"),
        ("fsync", OSError(errno.ENOSPC, "No space left on device"), "cannot write: no space left on device"),
        ("chmod", OSError(errno.EROFS, "Read-only file system"), "cannot write: read-only file system"),
        ("mkstemp", PermissionError(errno.EACCES, "Permission denied"), "cannot write: permission denied"),
    ],
)
def test_failed_atomic_write_leaves_original_and_no_temp_file(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    failing_call: str,
    error: OSError,
    message: str,
) -> None:
    target = write_bytes(tmp_path / "model.py", b"original content\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    module = files.tempfile if failing_call == "mkstemp" else files.os
    monkeypatch.setattr(module, failing_call, fail)
    with pytest.raises(InputError) as caught:
        write_atomic(target, b"new content that must not appear\n")
    monkeypatch.undo()
    assert str(caught.value) == f"{target}: error: {message}"
    assert target.read_bytes() == b"original content\n"
    assert entries(tmp_path) == ["model.py"]


def test_write_into_a_missing_directory_names_the_given_path(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "no_such_dir" / "model.py"
    with pytest.raises(InputError) as caught:
        write_atomic(target, b"x = 1\n")
    assert str(caught.value) == f"{target}: error: cannot write: no such file or directory"
    assert entries(tmp_path) == []


def test_interrupt_during_write_removes_temp_file_and_propagates(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_bytes(tmp_path / "model.py", b"original\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"replacement\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"original\n"
    assert entries(tmp_path) == ["model.py"]


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only directories")
def test_read_only_directory_by_real_permissions(tmp_path: pathlib.Path) -> None:
    target = write_bytes(tmp_path / "ro" / "model.py", b"original\n")
    (tmp_path / "ro").chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot write: permission denied"):
            write_atomic(target, b"new\n")
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert target.read_bytes() == b"original\n"


def test_temp_files_are_never_python_sources(tmp_path: pathlib.Path) -> None:
    # A temp file left by a killed run must not be picked up by the next run's walk.
    fd, name = tempfile.mkstemp(dir=tmp_path, prefix=files.TEMP_PREFIX, suffix=files.TEMP_SUFFIX)
    os.close(fd)
    write_bytes(tmp_path / "a.py", b"x = 1\n")
    assert listed([str(tmp_path)]) == [str(tmp_path / "a.py")]
    assert pathlib.Path(name).name.startswith(".tfmigrate-")


# ---------------------------------------------------------------------------
# python2_hint and the scanner under it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("import os\nprint 'hello'\n", "print statement at line 2"),
        ("x = 1\n\nprint x, y\n", "print statement at line 3"),
        ("print >>sys.stderr, 'oops'\n", "print statement at line 1"),
        ("if ok: print total\n", "print statement at line 1"),
        ("for i in xrange(10):\n    pass\n", "xrange() at line 1"),
        ("try:\n    f()\nexcept ValueError, e:\n    pass\n", "`except X, e:` at line 3"),
        ("s = `value`\n", "backtick repr at line 1"),
        ("name = ur'caf\\xe9'\n", "`ur\"\"` string prefix at line 1"),
        ("if a <> b:\n    pass\n", "`<>` operator at line 1"),
        ("os.chmod(path, 0777)\n", "old-style octal literal at line 1"),
        ("big = 10L\n", "long integer suffix at line 1"),
        ("raise ValueError, 'bad'\n", "`raise E, message` at line 1"),
        ("exec 'x = 1'\n", "exec statement at line 1"),
    ],
)
def test_python2_constructs_are_named_with_their_line(code: str, where: str) -> None:
    hint = python2_hint(code)
    assert hint is not None
    assert hint.startswith(f"looks like Python 2 ({where}")
    assert "convert the file first" in hint


def test_python2_hint_lists_the_earliest_three() -> None:
    code = "x = `a`\nprint x\nif a <> b: pass\nos.chmod(p, 0755)\n"
    assert python2_hint(code).startswith(  # type: ignore[union-attr]
        "looks like Python 2 (backtick repr at line 1, print statement at line 2, `<>` operator at line 3);"
    )


@pytest.mark.parametrize(
    "code",
    [
        "print('hello')\nprint (x)\nprint\n",
        "s = 'print x'\n# print x in a comment\n",
        'doc = """\nprint x\n`a` <> b 0777\n"""\n',
        "try:\n    f()\nexcept (ValueError, KeyError):\n    pass\n",
        "values = [0, 00, 0x1F, 0o17, 0b11, 0.5, 007.5, 1e05, 10j, 1_000]\n",
        "x = print if flag else other\n",
        "print = logger.info\nprint.level = 3\n",
        "result = f(a,\n  print)\n",
    ],
)
def test_python3_code_gets_no_hint(code: str) -> None:
    assert python2_hint(code) is None


def test_scanner_tracks_strings_brackets_and_continuations() -> None:
    first = scan_line("x = f('a#b', \"\"\"doc", ScanState())
    assert first.code == "x = f('', \"\"\"\"\"\""
    assert first.state_after == ScanState(quote='"""', depth=1, continued=False)
    second = scan_line('still doc""") + \\', first.state_after)
    assert second.state_after == ScanState(quote="", depth=0, continued=True)
    assert scan_line("rb'x' + Br'y'  # c", ScanState()).prefixes == ("rb", "br")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import os\ndef broken(:\n    pass\n", (2, 12, "invalid syntax")),
        ("x = (1,\n", (1, 5, "'(' was never closed")),
        ("x = 1\n", None),
    ],
)
def test_python_syntax_error_places_the_mistake(code: str, expected: tuple[int, int, str] | None) -> None:
    assert linescan.python_syntax_error(code) == expected


def test_decode_source_for_stdin_forces_utf8_and_reports_like_files() -> None:
    assert decode_source("-", b"\xef\xbb\xbfx = 1\n", honour_coding_line=False) == SourceText(
        path="-", text="x = 1\n", has_bom=True, raw=b"\xef\xbb\xbfx = 1\n"
    )
    with pytest.raises(InputError) as caught:
        decode_source("-", b"# coding: latin-1\nx = '\xe9'\n", honour_coding_line=False)
    assert str(caught.value) == (
        "-: error: not valid utf-8: byte 0xe9 at offset 23 (line 2, column 6); only UTF-8 is read here"
    )


# ---------------------------------------------------------------------------
# Any bytes: a clean error or a byte-exact round trip
# ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SOURCE_BYTES = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(
        st.sampled_from([b"", b"\xef\xbb\xbf", b"# coding: latin-1\n", b"# -*- coding: cp1252 -*-\n"]),
        st.text(max_size=30).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"\n", b"\r\n", b""]),
    ).map(b"".join),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(SOURCE_BYTES)
def test_any_bytes_read_as_a_clean_error_or_round_trip_exactly(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = pathlib.Path(scratch) / "any.py"
        path.write_bytes(raw)
        try:
            source = read_source(path)
        except InputError as err:
            assert str(err).startswith(f"{path}: error: ") and "\n" not in str(err)
            return
        assert encode_source(source, source.text) == raw
        python2_hint(source.text)  # must not raise, whatever the text
        write_atomic(path, encode_source(source, source.text + "x = 1\n"))
        assert read_source(path).text == source.text + "x = 1\n"
        assert os.listdir(scratch) == ["any.py"]


# ---------------------------------------------------------------------------
# Real permission bits, even when the suite runs as root
# ---------------------------------------------------------------------------

UNPRIVILEGED_SCRIPT = """
import json, os, pathlib, sys
from tfmigrate.files import InputError, read_source, write_atomic
root = pathlib.Path(sys.argv[1])
results = {}
secret = root / "secret.py"
secret.write_bytes(b"x = 1\\n")
secret.chmod(0)
try:
    read_source(secret)
except InputError as err:
    results["read"] = str(err)
locked = root / "locked"
locked.mkdir()
target = locked / "model.py"
target.write_bytes(b"old\\n")
locked.chmod(0o555)
try:
    write_atomic(target, b"new\\n")
except InputError as err:
    results["write"] = str(err)
results["content"] = target.read_text()
results["entries"] = sorted(os.listdir(locked))
print(json.dumps(results))
"""


def _unprivileged_python() -> list[str] | None:
    """A command running the system Python as user `nobody`, or None where that is not possible."""
    setpriv, python = shutil.which("setpriv"), shutil.which("python3", path="/usr/bin")
    if not (IS_ROOT and setpriv and python):
        return None
    version = subprocess.run([python, "-c", "import sys; print(sys.version_info >= (3, 10))"], capture_output=True, text=True)
    if version.stdout.strip() != "True":
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python]


@pytest.mark.skipif(_unprivileged_python() is None, reason="needs root, setpriv and a system Python 3.10+")
def test_real_permission_bits_as_an_unprivileged_user() -> None:
    # tfmigrate.files needs only the standard library, so the system Python can import it from the checkout.
    command = _unprivileged_python()
    assert command is not None
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="tfmigrate-perm-"))
    try:
        scratch.chmod(0o777)
        env = {"PYTHONPATH": str(pathlib.Path(__file__).resolve().parents[1]), "PATH": "/usr/bin:/bin"}
        done = subprocess.run([*command, "-c", UNPRIVILEGED_SCRIPT, str(scratch)], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
    finally:
        for path in scratch.rglob("*"):
            path.chmod(0o755)
        shutil.rmtree(scratch)
    assert results == {
        "read": f"{scratch / 'secret.py'}: error: cannot read: permission denied",
        "write": f"{scratch / 'locked' / 'model.py'}: error: cannot write: permission denied",
        "content": "old\n",
        "entries": ["model.py"],
    }

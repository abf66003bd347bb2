"""Warm harness processes: TensorFlow imported once, every run still in a fresh process of its own.

``migrate --verify`` on a tree runs two harnesses per file, and each used to
spend most of its time importing TensorFlow. A warm server
(``python -m tfmigrate.verify.warm``) starts with the harness's environment,
imports TensorFlow (and NumPy, and matplotlib's headless backend) without
running any op, then waits for jobs. For each job it forks: the child starts
a new session, takes the same address-space limit, works in the job's empty
directory with its output sent to the job's files, runs the harness exactly
as ``python -m tfmigrate.verify.harness`` would, and exits. So every script
still runs in its own process, with its own time limit (the caller kills the
child's process group) and memory limit, and nothing it does outlives it;
only the import is shared, copy-on-write.

The protocol is one JSON line per message over the server's stdin/stdout:
a job in, ``{"pid": N}`` back at once, ``{"status": CODE}`` when the child
has ended (CODE as ``subprocess`` reports it: negative for a signal). A
server serves one job at a time; the caller keeps one per concurrent side.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_ENABLED = False
_IDLE: dict[str, list[WarmServer]] = {}  # idle servers by environment signature


@contextmanager
def warm_workers(enabled: bool = True) -> Iterator[None]:
    """Within the block, harness runs go to warm servers (started on first use, stopped at exit)."""
    global _ENABLED
    before, _ENABLED = _ENABLED, enabled and os.environ.get("TFMIGRATE_VERIFY_WARM", "1") != "0" and hasattr(os, "fork")
    try:
        yield
    finally:
        _ENABLED = before


def enabled() -> bool:
    return _ENABLED


class WarmServer:
    """A server process with TensorFlow imported, and the job it runs now."""

    def __init__(self, env: dict[str, str]) -> None:
        self.home = tempfile.TemporaryDirectory(prefix="tfmigrate-warm-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tfmigrate.verify.warm"], cwd=self.home.name, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        self.pid: int | None = None

    def start(self, argv: list[str], cwd: Path, stdout: Path, stderr: Path, memory_bytes: int) -> int:
        """Fork one harness run; its pid."""
        assert self.process.stdin is not None
        job = {"argv": argv, "cwd": str(cwd), "stdout": str(stdout), "stderr": str(stderr), "memory": memory_bytes}
        self.process.stdin.write((json.dumps(job) + "\n").encode())
        self.process.stdin.flush()
        self.pid = int(self._message(None)["pid"])
        return self.pid

    def wait(self, timeout: float | None) -> int:
        """The run's exit code; raises subprocess.TimeoutExpired if it is still running after ``timeout``."""
        return int(self._message(timeout)["status"])

    def _message(self, timeout: float | None) -> dict:
        assert self.process.stdout is not None
        if timeout is not None:
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, timeout))
            if not ready:
                raise subprocess.TimeoutExpired("warm harness", timeout)
        line = self.process.stdout.readline()
        if not line:
            raise OSError("the warm harness server stopped")
        return json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.home.cleanup()


class WarmRun:
    """One forked harness run, with the part of ``subprocess.Popen``'s interface ``runner.Launch`` uses."""

    def __init__(self, server: WarmServer, env: dict[str, str], pid: int) -> None:
        self.server = server
        self.env = env
        self.pid = pid
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                self.returncode = self.server.wait(timeout)
            except OSError:  # the server itself died: report the run as killed
                self.returncode = -signal.SIGKILL
                self.server.stop()
                return self.returncode
            release(self.server, self.env)
        return self.returncode

    def poll(self) -> int | None:
        try:
            return self.wait(0)
        except subprocess.TimeoutExpired:
            return None


def run(argv: list[str], *, env: dict[str, str], cwd: Path, stdout: Path, stderr: Path, memory_bytes: int) -> WarmRun | None:
    """Start a harness run on a warm server; None if no server could take it (then run it cold)."""
    server = acquire(env)
    try:
        pid = server.start(argv, cwd, stdout, stderr, memory_bytes)
    except (OSError, ValueError):
        server.stop()
        return None
    return WarmRun(server, env, pid)


def acquire(env: dict[str, str]) -> WarmServer:
    """An idle server for this environment, or a new one."""
    signature = json.dumps(env, sort_keys=True)
    idle = _IDLE.setdefault(signature, [])
    while idle:
        server = idle.pop()
        if server.process.poll() is None:
            return server
        server.stop()
    return WarmServer(env)


def release(server: WarmServer, env: dict[str, str]) -> None:
    """Back to the idle list once its run has ended; a server in doubt is stopped instead."""
    if server.process.poll() is None:
        _IDLE.setdefault(json.dumps(env, sort_keys=True), []).append(server)
    else:
        server.stop()


@atexit.register
def _stop_all() -> None:
    for servers in _IDLE.values():
        for server in servers:
            server.stop()
    _IDLE.clear()


# --- the server ---------------------------------------------------------------


def _serve() -> None:
    from tfmigrate.verify import harness  # noqa: PLC0415

    harness.configure_process()
    import numpy  # noqa: F401, PLC0415
    import tensorflow  # noqa: F401, PLC0415 - the point of the server: imported once, no op run

    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    for line in inbox:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(job, harness)
        outbox.write(json.dumps({"pid": pid}).encode() + b"\n")
        outbox.flush()
        _, status = os.waitpid(pid, 0)
        outbox.write(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
        outbox.flush()


def _child(job: dict, harness: object) -> None:
    """Become one harness run, as ``python -m tfmigrate.verify.harness ARGV`` started in ``cwd`` would be."""
    import resource  # noqa: PLC0415
    import traceback  # noqa: PLC0415

    code = 1
    try:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))
        os.chdir(job["cwd"])
        for fd, name, flags in ((0, os.devnull, os.O_RDONLY), (1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(name, flags, 0o644)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        sys.path[0] = os.getcwd()  # as for `python -m` started here
        sys.argv = ["-m", *job["argv"]]
        code = harness.main(job["argv"])  # type: ignore[attr-defined]
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported as an uncaught exception would be
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


if __name__ == "__main__":
    _serve()

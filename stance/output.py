"""Output files written the way a careful tool writes them (as ``sort -o`` and SQLite do).

- :func:`check_output_paths` refuses an output or errors file that is one of
  the inputs, lies in an input folder being read, or is the other one,
  before anything is opened.
- :class:`OutputLock` holds ``OUTPUT.lock`` (with the pid of the run) for
  the whole run, so that a second run on the same output is refused; a lock
  left by a run that died is taken over.
- A run writes ``OUTPUT.partial`` beside the output and :func:`publish`
  renames it into place only when the run succeeded, so an existing output
  survives a failed or interrupted run (which ``--resume`` continues).
- :func:`run_fingerprint` records the inputs (resolved paths, sizes,
  modification times) and the options that change the output, and
  :func:`fingerprint_difference` says what differs when resuming.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

#: The output formats of ``stance analyze`` and :func:`stance.batch.run_batch` (Parquet needs a path).
FORMATS = ("table", "jsonl", "csv", "parquet")

_HELD_HERE: set[Path] = set()


class OutputError(ValueError):
    """An output that cannot or must not be written; the message is one sentence naming the paths."""


def partial_path(path: str | Path) -> Path:
    """Where a run writes ``path`` until it succeeds (``PATH.partial``, beside it)."""
    return Path(f"{path}.partial")


def lock_path(path: str | Path) -> Path:
    """The lock file of an output (``PATH.lock``, beside it)."""
    return Path(f"{path}.lock")


def _is_inside_read_folder(target: Path, folder: Path, recursive: bool) -> bool:
    return target.parent == folder or (recursive and folder in target.parents)


def _is_device(path: Path) -> bool:
    return path.exists() and not path.is_file() and not path.is_dir()


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_paths(inputs: Iterable[str | Path], output: str | Path | None, errors: str | Path | None = None,
                       *, recursive: bool = False) -> None:
    """Refuse (:class:`OutputError`) an output or errors file that would overwrite or be read as an input.

    ``output`` and ``errors`` may not be one of ``inputs``, lie in an input
    folder being read (directly, or anywhere below it when ``recursive``),
    or be the same file (unless that is a device such as ``/dev/null``).
    Paths are resolved (symbolic links followed).
    """
    targets = [(option, Path(path).resolve()) for option, path in (("-o", output), ("--errors", errors)) if path]
    if len(targets) == 2 and _same_file(targets[0][1], targets[1][1]) and not _is_device(targets[0][1]):
        raise OutputError(f"--errors {errors} is the same file as -o {output}; give the errors file another name")
    for given in inputs:
        source = Path(given).resolve()
        for option, target in targets:
            shown = output if option == "-o" else errors
            if _same_file(target, source):
                raise OutputError(f"{option} {shown} would overwrite the input {given}; write the output elsewhere")
            if source.is_dir() and _is_inside_read_folder(target, source, recursive):
                raise OutputError(f"{option} {shown} is inside the input folder {given}, which this run reads; "
                                  "write the output elsewhere")


class OutputLock:
    """An exclusive lock on an output for one run: ``OUTPUT.lock`` holds the run's pid.

    The lock is a POSIX record lock on that file, which the system releases
    when the process dies, so a lock file left by a killed run is stale and
    taken over; worker processes forked by the run do not hold it. A second
    run (here or in another process) gets :class:`OutputError` naming the
    pid of the run that holds it.
    """

    def __init__(self, output: str | Path):
        self.output = Path(output)
        self.path = lock_path(output)
        self.fd: int | None = None

    def acquire(self) -> "OutputLock":
        """Take the lock, or raise :class:`OutputError` if another run holds it."""
        key = self.path.resolve()
        if key in _HELD_HERE:
            self._refuse(os.getpid())
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                holder = _read_pid(fd)
                os.close(fd)
                if error.errno in (errno.EACCES, errno.EAGAIN):
                    self._refuse(holder)
                raise OutputError(f"{self.path}: cannot lock the output ({error.strerror})") from None
            if _still_there(fd, self.path):
                break
            os.close(fd)  # the previous holder removed the file while we opened it: lock the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        _HELD_HERE.add(key)
        return self

    def _refuse(self, holder: int | None) -> None:
        who = f"another stance run (pid {holder})" if holder else "another stance run"
        raise OutputError(f"{self.output} is being written by {who} (lock {self.path}); "
                          "wait for it to finish or stop it, then run again")

    def release(self) -> None:
        """Remove the lock file and release the lock."""
        if self.fd is None:
            return
        _HELD_HERE.discard(self.path.resolve())
        self.path.unlink(missing_ok=True)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _still_there(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def publish(partial: Path, final: Path) -> None:
    """Make ``partial`` durable and rename it to ``final`` in one step (the old ``final`` stays until then)."""
    with partial.open("rb") as stream:
        os.fsync(stream.fileno())
    os.replace(partial, final)
    _sync_folder(final.parent)


@contextmanager
def write_atomically(path: str | Path) -> Iterator[Path]:
    """Write a whole file at once: the caller writes the path given, which becomes ``path`` only on success."""
    final = Path(path)
    partial = partial_path(final)
    try:
        yield partial
        publish(partial, final)
    finally:
        partial.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_failure(error: OSError, output: str | Path) -> OutputError:
    """The error for a failed write (a full disk, a lost mount): the file, the reason, and how to resume."""
    where = error.filename or partial_path(output)
    reason = error.strerror or str(error)
    return OutputError(f"cannot write {where}: {reason}; everything up to the last checkpoint is kept, so free "
                       f"some space (or fix the cause) and run the same command with --resume to continue into {output}")


def _folder_files(folder: Path, recursive: bool) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def input_fingerprint(path: str | Path, *, recursive: bool = False) -> dict[str, Any]:
    """One input as it is now: resolved path, number of files, total bytes and a digest of their sizes and times."""
    resolved = Path(path).resolve()
    files = _folder_files(resolved, recursive) if resolved.is_dir() else [resolved]
    digest = hashlib.sha256()
    count = total = 0
    for file in files:
        try:
            found = file.stat()
        except OSError:
            continue
        count += 1
        total += found.st_size
        digest.update(f"{file.relative_to(resolved) if file != resolved else ''}\0{found.st_size}\0"
                      f"{found.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return {"path": str(resolved), "files": count, "bytes": total, "digest": digest.hexdigest()}


def file_fingerprint(path: str | Path | None) -> dict[str, Any] | None:
    """A settings file (model, speakers) as it is now, or ``None``."""
    return None if path is None else input_fingerprint(path)


def run_options(encoding: str, max_chars: int, recursive: bool, model: Any,
                registry_files: Iterable[str | Path]) -> dict[str, Any]:
    """The options that change a run's output, by their command-line names (model and speaker files fingerprinted)."""
    if isinstance(model, (str, Path)):
        model = file_fingerprint(model)
    elif model is not None:
        model = type(model).__name__
    return {"--encoding": encoding, "--max-chars": max_chars, "--recursive": recursive, "--model": model,
            "--speakers": [file_fingerprint(path) for path in registry_files]}


def run_fingerprint(inputs: Iterable[str | Path], options: dict[str, Any], *, recursive: bool = False) -> dict[str, Any]:
    """What a resumed run must share with the interrupted one: its inputs and the options that change the output."""
    return {"inputs": [input_fingerprint(path, recursive=recursive) for path in inputs], "options": options}


def fingerprint_difference(before: dict[str, Any], now: dict[str, Any]) -> str | None:
    """What differs between two :func:`run_fingerprint` values, in words, or ``None``."""
    old_paths = [entry["path"] for entry in before["inputs"]]
    new_paths = [entry["path"] for entry in now["inputs"]]
    if old_paths != new_paths:
        return f"the interrupted run read {', '.join(old_paths)} and this run reads {', '.join(new_paths)}"
    for old, new in zip(before["inputs"], now["inputs"]):
        if old != new:
            return (f"{new['path']} changed since the interrupted run ({old['files']} files, {old['bytes']} bytes "
                    f"then; {new['files']} files, {new['bytes']} bytes now, or files modified)")
    for name in sorted(set(before["options"]) | set(now["options"])):
        old, new = before["options"].get(name), now["options"].get(name)
        if old != new:
            return f"the interrupted run used {name} {_shown(old)} and this run uses {_shown(new)}"
    return None


def _shown(value: Any) -> str:
    if isinstance(value, dict) and "path" in value:
        return f"{value['path']} ({value['bytes']} bytes)"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return "none" if value is None else str(value)

"""``python -m stance`` (and the ``stance`` command) run the command line.

An interrupt at any moment, start-up included, ends the command with exit
code 130 and one line, never a traceback; SIGTERM counts as an interrupt.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any, Callable, NoReturn

INTERRUPTED = 130


def run() -> int:
    """Run :func:`stance.cli.main`; an interrupt before, during or after it exits 130 without a traceback."""
    _on_interrupt(_quit)  # start-up: nothing is written yet, and an import cut short can fail later in odd ways
    code = None
    try:
        from .cli import main

        _on_interrupt(signal.default_int_handler)
        code = main()
        _on_interrupt(lambda *_: _end(code))  # exit handlers may wait; nothing is left to write
        if code == INTERRUPTED:
            _end(code)  # at once: Python's own shutdown restores the default handlers, and a second Ctrl-C would kill it
    except KeyboardInterrupt:
        if code is None:
            _quit()
        _end(code)  # the interrupt came after the command had finished: its own exit code stands
    _flush()
    return code


def _end(code: int | None) -> NoReturn:
    _flush()
    os._exit(code or INTERRUPTED)


def _on_interrupt(handler: Callable[..., Any]) -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, handler)


def _quit(*_: Any) -> NoReturn:
    print("interrupted (an -o output can be finished with --resume)", file=sys.stderr)
    _flush()
    os._exit(INTERRUPTED)  # not SystemExit: CPython may remember the interrupt and end by SIGINT instead


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


if __name__ == "__main__":
    raise SystemExit(run())

"""GXF's exception and crash handlers for Python-built graphs.

``exception_handler`` wraps a graph method: an exception is logged on the ``Core`` logger
(``==== GXF Python Exception Handler ====``, ``Caught exception in <method>: <Type>: <text>``,
``==== Exception Handler Backtrace ====`` and the traceback) and the process exits with status 1
(``SystemExit``). ``crash_handler`` is installed for SIGSEGV and SIGABRT by every ``Graph``: it
logs ``==== GXF Python Crash Handler ====``, ``Caught signal 6 (SIGABRT)``,
``==== Crash Handler Backtrace ====`` and the Python stack, then exits with status 1.

As in GXF, the crash handler is a Python signal handler: it runs for signals Python code raises
or receives (``signal.raise_signal``, ``kill``), not inside a native crash. Python handles a
signal only between bytecodes, so a real SIGSEGV in native code is not reported by it (and
``faulthandler``, enabled by ``import gxf.core``, is replaced for these two signals).
"""
import functools
import signal
import sys
import threading
import traceback

from gxf.core.logger import get_logger

CRASH_SIGNALS = (signal.SIGSEGV, signal.SIGABRT)


def exception_handler(func):
    """Decorator: an exception from ``func`` is logged with its backtrace, then ``sys.exit(1)``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as error:
            logger = get_logger()
            logger.error("==== GXF Python Exception Handler ====")
            logger.error(f"Caught exception in {func.__name__}: {type(error).__name__}: {error}")
            logger.error("==== Exception Handler Backtrace ====")
            logger.error(traceback.format_exc().rstrip())
            sys.exit(1)

    return wrapper


def crash_handler(signum, frame):
    """The SIGSEGV/SIGABRT handler: logs the signal and the Python stack, then ``sys.exit(1)``."""
    logger = get_logger()
    logger.error("==== GXF Python Crash Handler ====")
    logger.error(f"Caught signal {signum} ({signal.Signals(signum).name})")
    logger.error("==== Crash Handler Backtrace ====")
    logger.error("".join(traceback.format_stack(frame)).rstrip())
    sys.exit(1)


def install_crash_handler():
    """Installs ``crash_handler`` for SIGSEGV and SIGABRT (only the main thread may, so a graph
    built on another thread does without)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in CRASH_SIGNALS:
        signal.signal(signum, crash_handler)

"""Files that hold secrets or personal data (temporary passwords, exports, the SQLite database): owner-only, 0600."""

import os
import stat
from pathlib import Path
from typing import IO, Any

PRIVATE = 0o600


def create_private(path: str | Path) -> None:
    """Create ``path`` empty and 0600 unless it exists; an existing regular file is made 0600 too (not /dev/stdout)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE)
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, PRIVATE)
    finally:
        os.close(descriptor)


def open_private(path: str | Path, mode: str = "w", **kwargs: Any) -> IO:
    """``open(path, mode)`` for writing, the file 0600 from its first byte (never readable by others, not even briefly)."""
    create_private(path)
    return open(path, mode, **kwargs)  # noqa: SIM115  (the caller's ``with`` closes it)

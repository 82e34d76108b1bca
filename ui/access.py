"""Whether this app may change files (the actor registry): off when DISCOURS_READ_ONLY=1."""
from __future__ import annotations

import os


def editing_allowed() -> bool:
    """False when the environment variable DISCOURS_READ_ONLY is "1" (a shared, read-only deployment)."""
    return os.environ.get("DISCOURS_READ_ONLY", "") != "1"

"""``qualitycheck serve``: a local page and JSON API for editors, over the library API (needs the ``web`` extra)."""
from __future__ import annotations

from .app import DEFAULT_MAX_BYTES, create_app

__all__ = ["create_app", "DEFAULT_MAX_BYTES"]

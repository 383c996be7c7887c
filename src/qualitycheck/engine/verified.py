"""Remember which rule sets already passed their own examples, so start-up does not re-run them every time.

The key covers everything that could change an example's outcome: the qualitycheck version, the content of every
rule file and data file under the rule directories, the size and modification time of every file of the installed
package (detector code, shipped models), and the parts of the configuration detectors read. Any change means the
examples run again; a failing rule set is never remembered. Set ``QC_VERIFY_RULES=always`` to bypass the memory.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Optional

from .. import __version__
from ..config import Config

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def cache_dir() -> Optional[Path]:
    base = os.environ.get("QC_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qualitycheck" / "rules-verified" if base else None


def fingerprint(sources: Iterable["str | Path"], enabled: Iterable[str], config: Config) -> str:
    h = hashlib.sha256(__version__.encode())
    for source in sources:
        root = Path(source)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            h.update(str(path).encode())
            h.update(path.read_bytes())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    h.update(",".join(sorted(enabled)).encode())
    h.update(repr((sorted(config.thresholds.items()), repr(sorted(config.options.items())), config.default_language)).encode())
    return h.hexdigest()[:32]


def already_verified(key: str) -> bool:
    if os.environ.get("QC_VERIFY_RULES") == "always":
        return False
    directory = cache_dir()
    return bool(directory and (directory / key).exists())


def remember_verified(key: str) -> None:
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / key).write_text("ok\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home is fine: the examples simply run again next time

"""Progress: a live bar with rate and ETA on a terminal (rich, the optional ``progress`` extra), plain periodic
lines otherwise (CI logs, pipes, no rich). The ETA is by input bytes, the only total known while streaming."""
from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO


def _fmt_eta(seconds: Optional[float]) -> str:
    if seconds is None or seconds != seconds or seconds < 0:
        return "?"
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Call ``advance(articles, nbytes)`` as units commit; ``close()`` at the end."""

    def __init__(self, total_bytes: int, *, done_bytes: int = 0, done_articles: int = 0, stream: TextIO = sys.stderr, mode: str = "auto", interval: float = 10.0):
        self.total = max(total_bytes, 1)
        self.bytes = done_bytes
        self.articles = done_articles
        self.start_articles = done_articles
        self.start_bytes = done_bytes
        self.stream = stream
        self.interval = interval
        self.started = time.monotonic()
        self.last_line = self.started
        self._rich: Any = None
        self._task: Any = None
        if mode == "auto":
            mode = "rich" if _isatty(stream) else "plain"
        if mode == "rich":
            try:
                from rich.console import Console
                from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

                self._rich = RichProgress(
                    TextColumn("[bold]audit"),
                    BarColumn(),
                    TextColumn("{task.percentage:>5.1f}%"),
                    TextColumn("{task.fields[articles]:,} articles"),
                    TextColumn("{task.fields[rate]:,.1f}/s"),
                    TextColumn("ETA"),
                    TimeRemainingColumn(),
                    console=Console(file=stream),
                    transient=False,
                )
                self._rich.start()
                self._task = self._rich.add_task("audit", total=self.total, completed=done_bytes, articles=done_articles, rate=0.0)
            except ImportError:
                self._rich = None
                mode = "plain"
        self.mode = mode if self._rich is not None or mode != "rich" else "plain"

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return (self.articles - self.start_articles) / elapsed if elapsed > 0 else 0.0

    def eta(self) -> Optional[float]:
        elapsed = time.monotonic() - self.started
        done = self.bytes - self.start_bytes
        if done <= 0 or elapsed <= 0:
            return None
        return (self.total - self.bytes) / (done / elapsed)

    def skip(self, nbytes: int) -> None:
        """Input already audited by an earlier run: counts toward the total, not toward the rate."""
        self.bytes = min(self.total, self.bytes + nbytes)
        self.start_bytes = self.bytes

    def advance(self, articles: int, nbytes: int) -> None:
        self.articles += articles
        self.bytes = min(self.total, self.bytes + nbytes)
        if self._rich is not None:
            self._rich.update(self._task, completed=self.bytes, articles=self.articles, rate=self.rate())
        elif self.mode == "plain":
            now = time.monotonic()
            if now - self.last_line >= self.interval:
                self.last_line = now
                self._line()

    def _line(self, final: bool = False) -> None:
        pct = 100.0 * self.bytes / self.total
        tail = f"done in {_fmt_eta(time.monotonic() - self.started)}" if final else f"ETA {_fmt_eta(self.eta())}"
        print(f"audit: {self.articles:,} articles ({pct:.1f}% of input), {self.rate():,.1f} articles/s, {tail}", file=self.stream, flush=True)

    def close(self, completed: bool = True) -> None:
        if self._rich is not None:
            if completed:
                self._rich.update(self._task, completed=self.total, articles=self.articles, rate=self.rate())
            self._rich.stop()
        elif self.mode == "plain" and completed:
            self.bytes = self.total
            self._line(final=True)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

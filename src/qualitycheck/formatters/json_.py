"""``json``: one document ``{"version", "articles", "summary", "errors"}``; ``jsonl``: one report per line, in input order."""
from __future__ import annotations

import json
from typing import Any, TextIO

from ..report import Report


def write_json(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    json.dump(report.to_dict(), out, ensure_ascii=False, indent=2 if options.get("pretty", True) else None)
    out.write("\n")


def write_jsonl(report: Report, out: TextIO, options: dict[str, Any]) -> None:
    for article in report.articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False))
        out.write("\n")

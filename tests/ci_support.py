"""Helpers for the CI tests: run the real CLI in-process (exit code, stdout, stderr) and write small articles."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

CHATBOT_MD = """\
---
title: Council approves new park
author: Jane Doe
date: 2024-05-02
---

As an AI language model, I cannot browse the internet, but here is the article you asked for.

The council voted on Tuesday to approve the park, the mayor said.
"""

CLEAN_MD = """\
---
title: Library extends opening hours
author: John Roe
---

The public library will open until 9 p.m. on weekdays from June, its director said on Monday.
"""

SPUN_MD = """\
---
title: Ants spread north
author: Sam Poe
---

A mannequin predicts that hearth ants will reach the county by June, in line with police.
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    """``qualitycheck ARGS`` in-process: (exit code, stdout, stderr)."""
    from qualitycheck.cli import main

    capsys.readouterr()
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err

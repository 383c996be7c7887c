"""``run_audit``: plan the input, run an engine over it, then build clusters, summary and dashboard."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from .. import __version__
from ..config import Config
from .clusters import ClusterParams
from .progress import Progress
from .store import AuditStore
from .units import file_format, fingerprint, input_files, plan_units

ENGINES = ("local", "spark")


@dataclass
class AuditResult:
    out_dir: str
    articles: int
    errors: int
    clusters: int
    summary: dict[str, Any] = field(default_factory=dict)
    resumed_units: int = 0

    def exit_code(self, config: Config) -> int:
        """0 clean, 1 findings at or above --fail-on, 2 when an input record could not be read in --strict mode."""
        if config.strict and self.errors:
            return 2
        fail_on = config.fail_on_severity
        if fail_on is None:
            return 0
        by_sev = self.summary.get("by_severity", {})
        levels = {"info": 1, "warning": 2, "error": 3}
        return 1 if any(n and levels.get(sev, 0) >= int(fail_on) for sev, n in by_sev.items()) else 0


def _rules_key(config: Config) -> str:
    from ..api import _config_key

    return _config_key(config)


def run_audit(
    inputs: Sequence[str],
    out_dir: str,
    config: Optional[Config] = None,
    *,
    workers: Optional[int] = None,
    engine: str = "local",
    resume: bool = False,
    overwrite: bool = False,
    progress: str = "auto",
    clusters: bool = True,
    cluster_params: Optional[ClusterParams] = None,
    spark_master: Optional[str] = None,
) -> AuditResult:
    """Audit every article under ``inputs`` into ``out_dir``.

    Raises ``LoadError`` for a missing input, ``RuleError``/``ConfigError`` for bad rules or config and
    ``AuditStateError`` when ``out_dir`` cannot be used as asked -- all usage errors (exit 2 in the CLI).
    """
    from ..api import get_ruleset, limits_for

    config = config or Config()
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    files = input_files(inputs, config)
    get_ruleset(config)  # load and self-test the rules once, before any worker starts (bad rules: exit 2)
    limits = limits_for(config)
    params = (cluster_params or ClusterParams()) if clusters else None
    run = json.loads(json.dumps({"version": __version__, "inputs": fingerprint(files), "rules": _rules_key(config), "clusters": params.to_dict() if params else None, "engine": engine}))
    store = AuditStore(out_dir, run, resume=resume, overwrite=overwrite)
    resumed = store.resumed_units
    try:
        if not store.checkpoint.complete:
            total_bytes = sum(entry[1] for entry in run["inputs"])
            bar = Progress(total_bytes, done_articles=store.checkpoint.articles, mode=progress)
            ok = False
            counted = None
            try:
                if engine == "local":
                    from .local import run_local

                    units = plan_units(files, config, limits)
                    run_local(store, units, config, limits, params is not None, workers or os.cpu_count() or 1, bar)
                else:
                    from .spark import run_spark

                    counted = run_spark(store, files, config, limits, params, workers or os.cpu_count() or 1, bar, master=spark_master)
                ok = True
            finally:
                bar.close(completed=ok)
            store.mark_complete()
        else:
            counted = None
        from .summary import finalize

        summary = finalize(out_dir, store.checkpoint.articles, params, run, counted, workers or os.cpu_count() or 1)
    finally:
        store.close()
    return AuditResult(out_dir, store.checkpoint.articles, store.checkpoint.errors, summary["clusters"]["count"], summary, resumed)


__all__ = ["run_audit", "AuditResult", "ENGINES", "file_format"]

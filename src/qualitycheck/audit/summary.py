"""The end of an audit: duplicate clusters, ``summary.json`` and the dashboard, built by streaming the committed
outputs once (memory stays flat: counters, a small heap of the worst articles, and facts for clustered rows).

Both engines finish here, so a Spark run and a local run over the same input produce the same files.
"""
from __future__ import annotations

import heapq
import json
import os
import time
from collections import Counter
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from .clusters import ClusterParams, archive_clusters, date_key
from .store import STREAMS, write_atomic

SEVERITY_POINTS = {"error": 10, "warning": 3, "info": 1}
WORST_N = 25
LARGEST_CLUSTERS = 15
MAX_SITES = 100_000
FINDINGS_SHOWN = 20
SPIN_BINS = 10


def iter_reports(out_dir: str, limit: Optional[int] = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(seq, report) for every committed report line, in order."""
    path = os.path.join(out_dir, STREAMS["reports"])
    with open(path, encoding="utf-8", errors="replace") as handle:
        for seq, line in enumerate(handle):
            if limit is not None and seq >= limit:
                break
            yield seq, json.loads(line)


def site_of(report: dict[str, Any]) -> str:
    if report.get("site"):
        return str(report["site"])
    url = report.get("url")
    if url:
        host = urlsplit(str(url)).hostname
        if host:
            return host[4:] if host.startswith("www.") else host
    return "(unknown)"


def month_of(date: Optional[str]) -> Optional[str]:
    key = date_key(date)
    return None if key.startswith("\uffff") else key[:7]


def _points(findings: list[dict[str, Any]]) -> int:
    return sum(SEVERITY_POINTS.get(f.get("severity", ""), 0) for f in findings if f.get("category") != "input")


def _spin(scores: Any) -> Optional[float]:
    """The article's spin score, if the spin detector produced one (a number, or a mapping with a probability)."""
    if not isinstance(scores, dict) or "spin" not in scores:
        return None
    value = scores["spin"]
    if isinstance(value, dict):
        value = value.get("probability", value.get("score"))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def finalize(out_dir: str, articles: int, params: Optional[ClusterParams], run: dict[str, Any], counted: Any = None, workers: int = 1) -> dict[str, Any]:
    """Write clusters.jsonl, summary.json and report.html from the committed outputs; return the summary.

    ``counted``: candidate pairs an engine already counted (Spark); otherwise they are found here from
    ``signatures.jsonl`` (local engine, and a completed Spark run that is finalised again)."""
    started = time.monotonic()
    clusters_list: list[Any] = []
    if params is not None:
        clusters_list, sig_file = archive_clusters(os.path.join(out_dir, STREAMS["signatures"]), articles, params, counted, workers)
        sig_file.close()
    cluster_of: dict[int, int] = {seq: ci for ci, c in enumerate(clusters_list) for seq in c.members}
    facts: dict[int, dict[str, Any]] = {}

    verdicts: Counter[str] = Counter()
    by_sev: Counter[str] = Counter()
    by_cat: Counter[str] = Counter()
    by_rule: dict[str, dict[str, Any]] = {}
    by_site: dict[str, Counter[str]] = {}
    languages: Counter[str] = Counter()
    trend: dict[str, Counter[str]] = {}
    spin_bins = [0] * SPIN_BINS
    spin_sum = 0.0
    spin_n = 0
    worst: list[tuple[int, int, dict[str, Any]]] = []
    total = 0
    for seq, rep in iter_reports(out_dir, limit=articles):
        total += 1
        verdict = rep.get("verdict", "pass")
        verdicts[verdict] += 1
        findings = rep.get("findings") or []
        languages[str(rep.get("language") or "unknown")] += 1
        site = site_of(rep)
        if site not in by_site and len(by_site) >= MAX_SITES:
            site = "(other sites)"
        sc = by_site.setdefault(site, Counter())
        sc["articles"] += 1
        sc[verdict] += 1
        sc["findings"] += len(findings)
        month = month_of(rep.get("date")) or "undated"
        tc = trend.setdefault(month, Counter())
        tc["articles"] += 1
        tc[verdict] += 1
        tc["findings"] += len(findings)
        seen_rules: set[str] = set()
        for f in findings:
            by_sev[f.get("severity", "?")] += 1
            by_cat[f.get("category", "?")] += 1
            entry = by_rule.setdefault(f.get("rule", "?"), {"name": f.get("name"), "category": f.get("category"), "findings": 0, "articles": 0})
            entry["findings"] += 1
            if f.get("rule") not in seen_rules:
                entry["articles"] += 1
                seen_rules.add(f.get("rule"))
        spin = _spin(rep.get("scores"))
        if spin is not None:
            spin_n += 1
            spin_sum += spin
            spin_bins[min(SPIN_BINS - 1, max(0, int(spin * SPIN_BINS)))] += 1
        points = _points(findings)
        if points > 0:
            item = (points, -seq, rep)
            if len(worst) < WORST_N:
                heapq.heappush(worst, item)
            elif item[:2] > worst[0][:2]:
                heapq.heapreplace(worst, item)
        if seq in cluster_of:
            facts[seq] = {"seq": seq, "id": rep.get("id"), "title": rep.get("title") or "", "site": site if site != "(unknown)" else None, "date": rep.get("date"), "url": rep.get("url"), "source": rep.get("source"), "verdict": verdict}

    cluster_records = _cluster_records(clusters_list, facts)
    write_jsonl_atomic(os.path.join(out_dir, "clusters.jsonl"), cluster_records)

    errors_total, errors_sample = _errors(out_dir)
    worst_sorted = [rep for _, _, rep in sorted(worst, key=lambda t: (-t[0], -t[1]))]
    summary: dict[str, Any] = {
        "version": 1,
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "engine": run.get("engine"),
        "inputs": [entry[0] for entry in run.get("inputs", [])],
        "articles": total,
        "verdicts": dict(verdicts),
        "findings": sum(by_sev.values()),
        "by_severity": dict(by_sev),
        "by_category": dict(by_cat.most_common()),
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1]["findings"], kv[0]))),
        "by_site": {k: dict(v) for k, v in sorted(by_site.items(), key=lambda kv: (-kv[1]["findings"], -kv[1]["articles"], kv[0]))[:200]},
        "sites": len(by_site),
        "languages": dict(languages.most_common()),
        "spin": {"scored": spin_n, "mean": (spin_sum / spin_n) if spin_n else None, "histogram": [{"from": i / SPIN_BINS, "to": (i + 1) / SPIN_BINS, "count": c} for i, c in enumerate(spin_bins)] if spin_n else []},
        "trend": [{"month": m, **dict(c)} for m, c in sorted(trend.items())],
        "worst": [_worst_entry(rep, cluster_of) for rep in worst_sorted],
        "clusters": {
            "count": len(cluster_records),
            "articles": sum(c["size"] for c in cluster_records),
            "params": params.to_dict() if params else None,
            "largest": cluster_records[:LARGEST_CLUSTERS],
        },
        "errors": {"count": errors_total, "sample": errors_sample},
        "finalize_seconds": round(time.monotonic() - started, 3),
    }
    write_atomic(os.path.join(out_dir, "summary.json"), json.dumps(summary, ensure_ascii=False, indent=1))
    from .dashboard import render

    write_atomic(os.path.join(out_dir, "report.html"), render(summary))
    return summary


def _worst_entry(rep: dict[str, Any], cluster_of: dict[int, int]) -> dict[str, Any]:
    findings = [f for f in rep.get("findings") or [] if f.get("category") != "input"]
    findings.sort(key=lambda f: -SEVERITY_POINTS.get(f.get("severity", ""), 0))
    return {
        "id": rep.get("id"),
        "title": rep.get("title") or "",
        "site": rep.get("site"),
        "date": rep.get("date"),
        "url": rep.get("url"),
        "source": rep.get("source"),
        "verdict": rep.get("verdict"),
        "points": _points(rep.get("findings") or []),
        "spin": _spin(rep.get("scores")),
        "findings_total": len(findings),
        "findings": [{k: f.get(k) for k in ("rule", "name", "category", "severity", "message", "field", "start", "end", "text", "line", "column") if k in f} for f in findings[:FINDINGS_SHOWN]],
    }


def _cluster_records(clusters_list: list[Any], facts: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """clusters.jsonl records: likely original first (syndication's order: wire-credited, then earliest date)."""
    records = []
    for c in clusters_list:
        rows = []
        for seq in c.members:
            row = dict(facts[seq])
            link = c.best_link(seq)
            if link is not None:
                other, match, is_a = link
                row.update({"kind": match.kind, "share": round(match.share_a if is_a else match.share_b, 3), "density": round(match.density, 3), "linked_to": facts[other]["id"] if other in facts else None})
            rows.append(row)
        records.append({"size": len(rows), "original": rows[0], "members": rows})
    records.sort(key=lambda c: (-c["size"], c["original"]["seq"]))
    return [{"cluster": i, **rec} for i, rec in enumerate(records, 1)]


def write_jsonl_atomic(path: str, records: list[dict[str, Any]]) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        for rec in records:
            handle.write(json.dumps(rec, ensure_ascii=False))
            handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _errors(out_dir: str, sample: int = 50) -> tuple[int, list[dict[str, Any]]]:
    path = os.path.join(out_dir, STREAMS["errors"])
    count = 0
    shown: list[dict[str, Any]] = []
    if not os.path.exists(path):
        return 0, []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            count += 1
            if len(shown) < sample:
                try:
                    shown.append(json.loads(line))
                except ValueError:
                    pass
    return count, shown


"""``report.html``: one self-contained page (no scripts, no network, no fonts to fetch) with inline SVG charts.

Every string that comes from an article or an input (titles, sites, ids, messages, matched text, paths) goes
through :func:`esc`; nothing from the input is ever placed in markup unescaped, in attributes included.
"""
from __future__ import annotations

import html
from typing import Any, Optional, Sequence

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c5ccd8}
main{padding:18px 28px;max-width:1200px}section{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:14px 18px;margin:0 0 18px}
h2{font-size:17px;margin:0 0 10px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f5;vertical-align:top}
th{font-weight:600;color:#4a5568}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 140px;background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:10px 14px}.card b{display:block;font-size:24px}
.fail{color:#b42318}.warn{color:#b54708}.pass{color:#067647}.muted{color:#6b7280}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.finding{margin:2px 0 2px 0}.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}@media(max-width:900px){.grid{grid-template-columns:1fr}}
mark{background:#fff3c4}details summary{cursor:pointer}nav a{margin-right:14px;color:#c5ccd8}
"""

PALETTE = {"fail": "#d92d20", "warn": "#f79009", "pass": "#12b76a", "bar": "#3e63dd"}


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(n: Any) -> str:
    if isinstance(n, float):
        return f"{n:,.2f}"
    if isinstance(n, int):
        return f"{n:,}"
    return esc(n)


def hbar_svg(rows: Sequence[tuple[str, float]], width: int = 560, bar_h: int = 18, color: str = PALETTE["bar"]) -> str:
    """Horizontal bars, labels on the left (escaped)."""
    if not rows:
        return '<p class="muted">nothing to show</p>'
    label_w = 230
    top = max(v for _, v in rows) or 1
    h = bar_h * len(rows) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{h}" viewBox="0 0 {width} {h}">']
    for i, (label, value) in enumerate(rows):
        y = i * bar_h + 2
        w = (width - label_w - 70) * (value / top)
        short = label if len(label) <= 34 else label[:33] + "\u2026"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" font-size="12" text-anchor="end">{esc(short)}<title>{esc(label)}</title></text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{max(w, 1):.1f}" height="{bar_h - 5}" fill="{color}" rx="2"/>')
        parts.append(f'<text x="{label_w + w + 5:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="12">{_fmt(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_svg(labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], width: int = 1000, height: int = 220) -> str:
    """Stacked columns (e.g. fail/warn/pass per month). ``series`` = (name, colour, values)."""
    if not labels:
        return '<p class="muted">nothing to show</p>'
    n = len(labels)
    pad_l, pad_b, pad_t = 46, 42, 10
    plot_w, plot_h = width - pad_l - 10, height - pad_b - pad_t
    totals = [sum(s[2][i] for s in series) for i in range(n)]
    top = max(totals) or 1
    col_w = plot_w / n
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for frac in (0, 0.5, 1):
        y = pad_t + plot_h * (1 - frac)
        parts.append(f'<line x1="{pad_l}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/><text x="{pad_l - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{_fmt(round(top * frac))}</text>')
    step = max(1, n // 24)
    for i in range(n):
        x = pad_l + i * col_w
        base = pad_t + plot_h
        for name, colour, values in series:
            h = plot_h * values[i] / top
            if h > 0:
                base -= h
                parts.append(f'<rect x="{x + 1:.1f}" y="{base:.1f}" width="{max(col_w - 2, 1):.1f}" height="{h:.1f}" fill="{colour}"><title>{esc(labels[i])}: {esc(name)} {_fmt(values[i])}</title></rect>')
        if i % step == 0:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{height - pad_b + 14}" font-size="10" text-anchor="middle" transform="rotate(35 {x + col_w / 2:.1f} {height - pad_b + 14})">{esc(labels[i])}</text>')
    lx = pad_l
    for name, colour, _ in series:
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour}"/><text x="{lx + 14}" y="{height - 5}" font-size="11">{esc(name)}</text>')
        lx += 80
    parts.append("</svg>")
    return "".join(parts)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    th = "".join(f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _anchor(prefix: str, index: int) -> str:
    return f"{prefix}-{index}"


def _link(url: Optional[str], text: str) -> str:
    """An outbound link only for http(s) URLs; anything else (javascript:, data:) is shown as text."""
    if url and str(url).lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'
    return esc(text)


def render(summary: dict[str, Any]) -> str:
    s = summary
    verdicts = s.get("verdicts", {})
    cards = [
        ("articles", s.get("articles", 0), ""),
        ("fail", verdicts.get("fail", 0), "fail"),
        ("warn", verdicts.get("warn", 0), "warn"),
        ("pass", verdicts.get("pass", 0), "pass"),
        ("findings", s.get("findings", 0), ""),
        ("duplicate clusters", s.get("clusters", {}).get("count", 0), ""),
        ("input errors", s.get("errors", {}).get("count", 0), "fail" if s.get("errors", {}).get("count") else ""),
    ]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # no network: forbid every fetch the page could make, scripts included
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        "<title>qualitycheck audit</title>",
        f"<style>{CSS}</style></head><body>",
        "<header><h1>qualitycheck audit</h1>",
        f'<p>{_fmt(s.get("articles", 0))} articles from {_fmt(len(s.get("inputs", [])))} input file(s) \u00b7 engine {esc(s.get("engine"))} \u00b7 generated {esc(s.get("generated"))}</p>',
        '<nav><a href="#categories">Categories</a><a href="#rules">Rules</a><a href="#sites">Sites</a><a href="#spin">Spin</a><a href="#trend">Trend</a><a href="#worst">Worst articles</a><a href="#clusters">Duplicates</a><a href="#errors">Input errors</a></nav></header><main>',
        '<section id="overview"><div class="cards">' + "".join(f'<div class="card"><span class="muted">{esc(k)}</span><b class="{c}">{_fmt(v)}</b></div>' for k, v, c in cards) + "</div></section>",
    ]
    by_cat = s.get("by_category", {})
    by_rule = s.get("by_rule", {})
    out.append('<div class="grid">')
    out.append(f'<section id="categories"><h2>Findings by category</h2>{hbar_svg([(k, v) for k, v in by_cat.items()][:12])}</section>')
    rule_rows = [(f"{rid} {meta.get('name') or ''}", meta.get("findings", 0)) for rid, meta in list(by_rule.items())[:12]]
    out.append(f'<section id="rules"><h2>Findings by rule</h2>{hbar_svg(rule_rows)}</section>')
    out.append("</div>")
    out.append(
        '<section id="rules-table"><h2>Rules</h2>'
        + _table(["rule", "name", "category", "findings", "articles"], [[esc(rid), esc(m.get("name")), esc(m.get("category")), _fmt(m.get("findings", 0)), _fmt(m.get("articles", 0))] for rid, m in by_rule.items()], numeric=(3, 4))
        + "</section>"
    )
    sites = s.get("by_site", {})
    site_rows = [[esc(name), _fmt(c.get("articles", 0)), _fmt(c.get("findings", 0)), f'<span class="fail">{_fmt(c.get("fail", 0))}</span>', f'<span class="warn">{_fmt(c.get("warn", 0))}</span>'] for name, c in list(sites.items())[:30]]
    out.append(f'<section id="sites"><h2>Sites</h2><p class="muted">{_fmt(s.get("sites", 0))} sites; the 30 with most findings:</p>' + _table(["site", "articles", "findings", "fail", "warn"], site_rows, numeric=(1, 2, 3, 4)) + "</section>")
    spin = s.get("spin", {})
    if spin.get("scored"):
        rows = [(f'{b["from"]:.1f}\u2013{b["to"]:.1f}', b["count"]) for b in spin.get("histogram", [])]
        out.append(f'<section id="spin"><h2>Spin score distribution</h2><p class="muted">{_fmt(spin["scored"])} articles scored, mean {spin["mean"]:.3f}</p>{hbar_svg(rows, color="#7a5af8")}</section>')
    else:
        out.append('<section id="spin"><h2>Spin score distribution</h2><p class="muted">No article carries a spin score (the spin detector is not installed or not enabled).</p></section>')
    trend = [t for t in s.get("trend", []) if t.get("month") != "undated"]
    undated = next((t for t in s.get("trend", []) if t.get("month") == "undated"), None)
    labels = [t["month"] for t in trend]
    series = [("fail", PALETTE["fail"], [t.get("fail", 0) for t in trend]), ("warn", PALETTE["warn"], [t.get("warn", 0) for t in trend]), ("pass", PALETTE["pass"], [t.get("pass", 0) for t in trend])]
    note = f' <span class="muted">({_fmt(undated.get("articles", 0))} articles without a publication date are not shown)</span>' if undated else ""
    out.append(f'<section id="trend"><h2>Verdicts by publication month</h2>{note}{column_svg(labels, series)}</section>')
    out.append(_worst(s.get("worst", [])))
    out.append(_clusters(s.get("clusters", {})))
    out.append(_errors(s.get("errors", {})))
    out.append('<p class="muted">Full per-article reports: reports.jsonl \u00b7 clusters: clusters.jsonl \u00b7 input errors: errors.jsonl \u00b7 figures: summary.json</p>')
    out.append("</main></body></html>\n")
    return "\n".join(out)


def _worst(worst: list[dict[str, Any]]) -> str:
    if not worst:
        return '<section id="worst"><h2>Worst articles</h2><p class="muted">No article has content findings.</p></section>'
    index = _table(
        ["#", "article", "site", "date", "verdict", "findings", "score"],
        [[str(i), f'<a href="#{_anchor("article", i)}">{esc(w.get("title") or w.get("id"))}</a>', esc(w.get("site") or ""), esc(w.get("date") or ""), f'<span class="{esc(w.get("verdict"))}">{esc(w.get("verdict"))}</span>', _fmt(w.get("findings_total", 0)), _fmt(w.get("points", 0))] for i, w in enumerate(worst, 1)],
        numeric=(5, 6),
    )
    parts = [f'<section id="worst"><h2>Worst articles</h2>{index}']
    for i, w in enumerate(worst, 1):
        src = w.get("source") or {}
        where = esc(src.get("path", "")) + (f":{esc(src['line'])}" if src.get("line") else (f"#{esc(src['record'])}" if src.get("record") is not None else ""))
        parts.append(f'<details id="{_anchor("article", i)}" open><summary><b>{i}. {esc(w.get("title") or w.get("id"))}</b> <span class="muted mono">{esc(w.get("id"))} \u00b7 {where}</span></summary>')
        if w.get("url"):
            parts.append(f'<p>{_link(w.get("url"), str(w.get("url")))}</p>')
        for j, f in enumerate(w.get("findings", []), 1):
            pos = f' line {esc(f["line"])}' if f.get("line") else ""
            parts.append(
                f'<div class="finding" id="{_anchor("article", i)}-f{j}"><span class="{"fail" if f.get("severity") == "error" else "warn" if f.get("severity") == "warning" else "muted"}">{esc(f.get("severity"))}</span> '
                f'<code>{esc(f.get("rule"))} {esc(f.get("name"))}</code> {esc(f.get("message"))} '
                f'<span class="muted">[{esc(f.get("field"))} {esc(f.get("start"))}\u2013{esc(f.get("end"))}{pos}]</span>'
                + (f' <mark>{esc(f.get("text"))}</mark>' if f.get("text") else "")
                + "</div>"
            )
        if w.get("findings_total", 0) > len(w.get("findings", [])):
            parts.append(f'<p class="muted">\u2026 and {_fmt(w["findings_total"] - len(w["findings"]))} more in reports.jsonl</p>')
        parts.append("</details>")
    parts.append("</section>")
    return "".join(parts)


def _clusters(clusters: dict[str, Any]) -> str:
    largest = clusters.get("largest", [])
    head = f'<section id="clusters"><h2>Largest near-duplicate clusters</h2><p class="muted">{_fmt(clusters.get("count", 0))} clusters covering {_fmt(clusters.get("articles", 0))} articles; the earliest member is the likely original.</p>'
    if not largest:
        return head + "</section>"
    bars = hbar_svg([(f'#{c["cluster"]} {c["original"].get("title") or c["original"].get("id")}', c["size"]) for c in largest[:10]], color="#0e9384")
    parts = [head, bars]
    for c in largest:
        o = c["original"]
        parts.append(f'<details id="{_anchor("cluster", c["cluster"])}"><summary>Cluster {c["cluster"]}: {c["size"]} articles \u2014 original: <b>{esc(o.get("title") or o.get("id"))}</b> ({esc(o.get("site") or "?")}, {esc(o.get("date") or "undated")})</summary>')
        rows = [
            [_link(m.get("url"), str(m.get("title") or m.get("id"))) + f' <span class="muted mono">{esc(m.get("id"))}</span>', esc(m.get("site") or ""), esc(m.get("date") or ""), esc(m.get("kind") or ""), f'{100 * float(m.get("share") or 0):.0f}%']
            for m in c["members"][:50]
        ]
        parts.append(_table(["article", "site", "date", "copy kind", "text shared"], rows, numeric=(4,)))
        if len(c["members"]) > 50:
            parts.append(f'<p class="muted">\u2026 and {_fmt(len(c["members"]) - 50)} more in clusters.jsonl</p>')
        parts.append("</details>")
    parts.append("</section>")
    return "".join(parts)


def _errors(errors: dict[str, Any]) -> str:
    sample = errors.get("sample", [])
    head = f'<section id="errors"><h2>Input errors</h2><p class="muted">{_fmt(errors.get("count", 0))} records could not be read or checked (each still has a report line); listed in errors.jsonl.</p>'
    if not sample:
        return head + "</section>"
    return head + _table(["article", "message"], [[f'<span class="mono">{esc(e.get("id"))}</span>', esc(e.get("message"))] for e in sample]) + "</section>"

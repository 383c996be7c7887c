"""``qualitycheck rules list|explain|test``"""
from __future__ import annotations

import json
import sys
from typing import Any, Optional

import click

from .options import selection_options


@click.group("rules")
def rules_group() -> None:
    """List, explain and test the rules."""


def _load(params: dict[str, Any], files: Optional[tuple[str, ...]] = None, verify: bool = False):
    from ..config import Config
    from ..engine.engine import load_rules
    from .options import build_config

    config = build_config(params, Config(select=("ALL",)))
    if files:
        return load_rules(config, paths=list(files), verify_examples=verify)
    return load_rules(config, verify_examples=verify)


@rules_group.command("list")
@selection_options
@click.option("--json", "as_json", is_flag=True, help="Print the rule table as JSON.")
def list_command(as_json: bool, **params: Any) -> None:
    """One line per rule: id, name, category, severity, type, languages."""
    ruleset = _load(params)
    rows = [
        {"id": r.id, "name": r.name, "category": r.category, "severity": str(r.severity), "type": r.type, "languages": list(r.languages), "status": r.status, "file": r.path}
        for r in sorted(ruleset.all_rules.values(), key=lambda r: r.id)
        if r.id in ruleset.enabled
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:7} {row['name']:34} {row['category']:13} {row['severity']:8} {row['type']:9} {','.join(row['languages'])}")
    click.echo(f"{len(rows)} rules")


@rules_group.command("explain")
@click.argument("rule")
@selection_options
def explain_command(rule: str, **params: Any) -> None:
    """Why a rule exists, what it matches, and its examples (RULE is an id or a name)."""
    ruleset = _load(params)
    found = next((r for r in ruleset.all_rules.values() if rule.upper() == r.id or rule.lower() == r.name), None)
    if found is None:
        raise click.UsageError(f"no rule {rule!r}; see 'qualitycheck rules list'")
    click.echo(f"{found.id} {found.name}  [{found.category}, {found.severity}, {found.type}, languages {', '.join(found.languages)}]")
    click.echo(f"defined in {found.where()}\n")
    click.echo(found.description + "\n")
    click.echo(f"message: {found.message}")
    if found.link:
        click.echo(f"more: {found.link}")
    for kind in ("fail", "pass"):
        click.echo(f"\n{'Flagged' if kind == 'fail' else 'Not flagged'}:")
        for ex in found.examples.get(kind, [])[:6]:
            from ..engine.rules import strip_lines

            ex = strip_lines(ex)
            text = ex if isinstance(ex, str) else json.dumps(ex, ensure_ascii=False)
            click.echo(f"  - {text}")


@rules_group.command("test")
@click.argument("rule_files", nargs=-1, type=click.Path(exists=True))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(exists=True), metavar="PATH", help="Extra rule files or directories to load with the bundled ones.")
@click.option("--verbose", "-v", is_flag=True, help="List every rule, not only failures.")
def test_command(rule_files: tuple[str, ...], rule_dirs: tuple[str, ...], verbose: bool) -> None:
    """Run every rule's own failing and passing examples (or only those in RULE_FILES).

    Exit 0 when all examples behave, 1 when one does not, 2 when a rule file does not load.
    """
    from ..engine.selftest import verify_ruleset

    ruleset = _load({"rule_dirs": rule_dirs}, rule_files or None)
    failures = verify_ruleset(ruleset)
    failed_ids = {f.rule.id for f in failures}
    n_examples = sum(len(r.examples.get("fail", [])) + len(r.examples.get("pass", [])) for r in ruleset.all_rules.values())
    for rule in sorted(ruleset.all_rules.values(), key=lambda r: r.id):
        if verbose or rule.id in failed_ids:
            status = click.style("FAIL", fg="red") if rule.id in failed_ids else click.style("ok", fg="green")
            click.echo(f"{status:4} {rule.id} {rule.name} ({rule.path})")
    for failure in failures:
        click.echo(f"  {failure}", err=True)
    click.echo(f"{len(ruleset.all_rules)} rules, {n_examples} examples: {len(failed_ids)} rule(s) failing")
    sys.exit(1 if failures else 0)

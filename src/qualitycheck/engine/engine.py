"""The rule engine: load every rule, decide which are on, run them over articles, and build reports."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..config import Config, ConfigError, package_rules_dir
from ..language import detect_language
from ..model import Article, ArticleReport, Finding, Severity, sort_findings
from .detector import CheckContext, Hit
from .matchers import MATCHERS, Matcher
from .rules import Rule, RuleError, load_rule_file, rule_files

LANGUAGE_RULE = "QC002"


@dataclass
class DetectorBinding:
    """One detector instance and the rules bound to it."""

    path: str
    instance: Any
    rules: list[Rule]


def _specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``: 3 id or name, 2 id prefix, 1 category, 0 not at all."""
    s = selector.strip()
    if not s:
        return 0
    if s.upper() == rule.id or s.lower() == rule.name:
        return 3
    if s.upper() == "ALL":
        return 1
    if s.upper().startswith("QC") and rule.id.startswith(s.upper()):
        return 2
    if s.lower() == rule.category:
        return 1
    return 0


class RuleSet:
    """All loaded rules, compiled, plus the config that selects among them."""

    def __init__(self, rules: Sequence[Rule], config: Config, base_dirs: dict[str, Path]):
        self.config = config
        self.all_rules: dict[str, Rule] = {}
        for rule in rules:
            other = self.all_rules.get(rule.id)
            if other is not None:
                raise RuleError(rule.path, rule.line, f"duplicate rule id {rule.id} (also at {other.where()})")
            self.all_rules[rule.id] = rule
        names: dict[str, Rule] = {}
        for rule in rules:
            if rule.name in names:
                raise RuleError(rule.path, rule.line, f"duplicate rule name {rule.name} (also {names[rule.name].id} at {names[rule.name].where()})")
            names[rule.name] = rule
        self._check_selectors()
        self.enabled: dict[str, Rule] = {rid: r for rid, r in self.all_rules.items() if self._is_enabled(r)}
        self.severity: dict[str, Severity] = {rid: self._severity_for(r) for rid, r in self.all_rules.items()}
        self.matchers: list[Matcher] = []
        self.detectors: list[DetectorBinding] = []
        by_detector: dict[str, list[Rule]] = {}
        for rule in self.all_rules.values():
            if rule.type == "detector":
                path = rule.spec.get("detector")
                if not isinstance(path, str) or ":" not in path:
                    raise RuleError(rule.path, rule.line, f"{rule.id}: 'detector' must be 'module:Class'")
                by_detector.setdefault(path, []).append(rule)
            elif rule.id in self.enabled:
                self.matchers.append(MATCHERS[rule.type](rule, base_dirs[rule.path]))
        for path, bound in by_detector.items():
            if not any(r.id in self.enabled for r in bound):
                continue
            cls = _import_detector(path, bound[0])
            try:
                instance = cls(bound, config)
            except RuleError:
                raise
            except Exception as exc:  # a detector that cannot start is a rule error, not a crash
                raise RuleError(bound[0].path, bound[0].line, f"{bound[0].id}: detector {path} failed to load: {exc}") from exc
            self.detectors.append(DetectorBinding(path, instance, bound))
        #: languages that at least one enabled, language-specific rule supports
        self.languages = {lang for r in self.enabled.values() for lang in r.languages if lang != "*"}

    # -- selection -------------------------------------------------------------------------------------------
    def _check_selectors(self) -> None:
        for key in ("select", "ignore"):
            for sel in getattr(self.config, key):
                if sel.upper() != "ALL" and not any(_specificity(sel, r) for r in self.all_rules.values()):
                    raise ConfigError(f"{key}: {sel!r} matches no rule id, name or category")
        for sel in self.config.severity:
            if not any(_specificity(sel, r) for r in self.all_rules.values()):
                raise ConfigError(f"severity: {sel!r} matches no rule id, name or category")

    def _is_enabled(self, rule: Rule) -> bool:
        sel = max((_specificity(s, rule) for s in self.config.select), default=0)
        ign = max((_specificity(s, rule) for s in self.config.ignore), default=0)
        if self.config.select and sel == 0:
            return False
        if rule.status == "deprecated" and sel < 3:
            return False
        if rule.status == "preview" and sel < 2:
            return False
        return not (ign and ign >= sel)

    def _severity_for(self, rule: Rule) -> Severity:
        best, chosen = 0, rule.severity
        for sel, sev in self.config.severity.items():
            spec = _specificity(sel, rule)
            if spec > best:
                best, chosen = spec, Severity.parse(sev)
        return chosen

    # -- checking ----------------------------------------------------------------------------------------------
    def new_context(self, article: Article) -> CheckContext:
        language = article.language
        method = "given"
        if not language:
            language, method = detect_language(article.title + "\n\n" + article.text, self.config.default_language)
        ctx = CheckContext(article=article, config=self.config, language=language)
        ctx.cache["language_method"] = method
        return ctx

    def check_article(self, article: Article) -> tuple[ArticleReport, CheckContext]:
        ctx = self.new_context(article)
        hits: list[Hit] = []
        language = ctx.language
        checkable = language is not None and (language in self.languages or not self.languages)
        if language is not None and not checkable:
            hits.append(
                Hit(
                    LANGUAGE_RULE,
                    "article",
                    params={"language": language},
                    evidence={"language": language, "method": ctx.cache.get("language_method"), "supported": sorted(self.languages)},
                )
            )
        for matcher in self.matchers:
            if matcher.rule.applies_to(language) and (checkable or "*" in matcher.rule.languages):
                hits.extend(matcher.check(article, ctx))
        for binding in self.detectors:
            enabled = frozenset(r.id for r in binding.rules if r.id in self.enabled and r.applies_to(language))
            if enabled and (checkable or any("*" in r.languages for r in binding.rules)):
                hits.extend(binding.instance.check(article, ctx, enabled))
        report = self._report(article, ctx, hits)
        self.finish(report)
        return report, ctx

    def check_batch(self, articles: Iterable[Article]) -> list[ArticleReport]:
        """Check every article, then give batch detectors (near-duplicate clusters...) their second pass."""
        done = [self.check_article(a) for a in articles]
        self.batch_pass(done)
        return [r for r, _ in done]

    @property
    def has_batch_pass(self) -> bool:
        """Whether an enabled detector compares articles with each other (its findings depend on the whole batch)."""
        return any(hasattr(b.instance, "check_batch") and any(r.id in self.enabled for r in b.rules) for b in self.detectors)

    def context_for(self, report: ArticleReport, article: Article) -> CheckContext:
        """A context for an article checked earlier (e.g. a cached report), sharing that report's scores and extras."""
        ctx = CheckContext(article=article, config=self.config, language=report.language, scores=report.scores, extras=report.extras, keep=report.keep)
        report.article = article
        return ctx

    def batch_pass(self, done: list[tuple[ArticleReport, CheckContext]]) -> None:
        """Second pass over a whole batch: add batch detectors' findings to the reports, in place."""
        batchers = [b for b in self.detectors if hasattr(b.instance, "check_batch")]
        if not batchers or len(done) < 2:
            return
        items = [(r.article, ctx) for r, ctx in done]
        for binding in batchers:
            enabled = frozenset(r.id for r in binding.rules if r.id in self.enabled)
            if not enabled:
                continue
            extra: dict[int, list[Hit]] = {}
            for index, hit in binding.instance.check_batch(items, enabled):
                extra.setdefault(index, []).append(hit)
            for index, hits in extra.items():
                report, ctx = done[index]
                report.findings = sort_findings(report.findings + self._findings(report.article, hits))
                self.finish(report)

    def finish(self, report: ArticleReport) -> None:
        """Let detectors derive report extras from the final findings: once more after the batch pass added some
        and after suppressions removed some (a suppressed suggestion must not be put back by --restore)."""
        for binding in self.detectors:
            finish = getattr(binding.instance, "finish", None)
            if finish is not None:
                finish(report)

    def _report(self, article: Article, ctx: CheckContext, hits: list[Hit]) -> ArticleReport:
        return ArticleReport(
            id=article.id,
            source=article.source,
            language=ctx.language,
            findings=sort_findings(self._findings(article, hits)),
            scores=ctx.scores,
            title=article.title,
            url=article.url,
            site=article.site,
            date=article.date,
            byline=list(article.byline),
            extras=ctx.extras,
            article=article,
            keep=ctx.keep,
        )

    def _findings(self, article: Optional[Article], hits: Iterable[Hit]) -> list[Finding]:
        out: list[Finding] = []
        seen: set[tuple] = set()
        for hit in hits:
            rule = self.all_rules.get(hit.rule)
            if rule is None:
                raise RuleError("<detector>", None, f"a detector reported unknown rule id {hit.rule}")
            if rule.id not in self.enabled:
                continue
            key = (hit.rule, hit.field, hit.start, hit.end)
            if key in seen:
                continue
            seen.add(key)
            text = article.field_text(hit.field)[hit.start : hit.end] if article is not None else ""
            params = {"match": text, "suggestion": hit.suggestion or "", **hit.params}
            severity = self.severity[rule.id] if hit.severity is None or rule.id in self._overridden else hit.severity
            finding = Finding(
                rule=rule.id,
                name=rule.name,
                category=rule.category,
                severity=severity,
                message=hit.message or rule.render(params),
                field=hit.field,
                start=hit.start,
                end=hit.end,
                text=text,
                suggestion=hit.suggestion,
                evidence=hit.evidence,
            )
            if article is not None:
                pos = article.locate(hit.field, hit.start)
                if pos is not None:
                    finding.line, finding.column = pos
            out.append(finding)
        return out

    @property
    def _overridden(self) -> set[str]:
        """Rules whose severity the user set explicitly: a detector's per-hit severity does not override those."""
        cached = self.__dict__.get("_overridden_cache")
        if cached is None:
            cached = {rid for rid, r in self.all_rules.items() if any(_specificity(s, r) for s in self.config.severity)}
            self.__dict__["_overridden_cache"] = cached
        return cached


def _import_detector(path: str, rule: Rule) -> type:
    module_name, _, attr = path.partition(":")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise RuleError(rule.path, rule.line, f"{rule.id}: cannot import detector {path}: {exc}") from None


def load_rules(config: Optional[Config] = None, *, paths: Optional[Sequence["str | Path"]] = None, verify_examples: bool = True) -> RuleSet:
    """Load the bundled rules plus ``config.rule_dirs`` (or exactly ``paths``), validate them and run their examples.

    Raises :class:`RuleError` for the first invalid rule or failing example (``file:line: message``).
    """
    config = config or Config()
    sources: list["str | Path"] = list(paths) if paths is not None else [package_rules_dir(), *config.rule_dirs]
    rules: list[Rule] = []
    base_dirs: dict[str, Path] = {}
    for file in rule_files(sources):
        for rule in load_rule_file(file):
            rules.append(rule)
            base_dirs[rule.path] = file.parent
    ruleset = RuleSet(rules, config, base_dirs)
    if verify_examples:
        from .selftest import verify_ruleset
        from .verified import already_verified, fingerprint, remember_verified

        key = fingerprint(sources, ruleset.enabled, config)
        if not already_verified(key):
            # Examples describe a rule in the standard rule set; a narrow --select (e.g. only input rules) must not
            # make an example fail (QC002 needs language-specific rules beside it), so verify against all rules.
            full = ruleset if not (config.select or config.ignore) else RuleSet(rules, config.replace(select=("ALL",), ignore=(), severity={}), base_dirs)
            failures = verify_ruleset(full, rule_ids=set(ruleset.enabled))
            if failures:
                first = failures[0]
                raise RuleError(first.rule.path, first.line, f"{first.rule.id}: {first.message}")
            remember_verified(key)
    return ruleset

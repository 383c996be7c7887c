/* qualitycheck page. Plain JS, no build step, no network beyond this server.
 *
 * Safety rule for this file: article text, messages, rule texts -- everything that comes from the server -- is
 * put into the page with textContent / createTextNode / attribute properties only. Never innerHTML.
 */
"use strict";

(function () {
  const SEVERITY_RANK = { info: 1, warning: 2, error: 3 };
  const SEVERITY_LABEL = { info: "Note", warning: "Warning", error: "Problem" };
  const CATEGORY_LABEL = {
    spin: "Spun wording",
    garbled: "Garbled text",
    syndication: "Copied text",
    attribution: "Attribution",
    "content-farm": "Content farm",
    headline: "Headline",
    input: "Input",
  };
  const FIELD_LABEL = { title: "Headline", subtitle: "Subheading", byline: "Byline", date: "Date", url: "URL", site: "Site", body: "Text", metadata: "Metadata", article: "Whole article" };
  const TEXT_FIELDS = ["title", "subtitle", "byline", "date", "url", "site", "body"];
  const KNOWN_KEYS = new Set(["id", "source", "title", "language", "verdict", "scores", "findings", "byline", "url", "site", "date", "fields"]);
  const EXAMPLE = [
    "Metropolis Council approves extra than $2 million for hearth crews",
    "",
    "By Staff Reporter",
    "",
    "The Metropolis Council voted on Tuesday to spend extra than $2 million on new hearth crews and a police automobile fleet, the mayor's office said.",
    "",
    "Council members said residents ought to flip to the new online portal to report hazards. As an AI language model, I cannot verify these figures.",
    "",
    "If you want, I can also write a shorter version for social media.",
  ].join("\n");

  const $ = (id) => document.getElementById(id);
  const state = { report: null, index: 0, accepted: new Map(), rules: new Map(), busy: false };

  // ---------------------------------------------------------------- small DOM helpers (text only)
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function setStatus(message, kind) {
    const status = $("status");
    status.textContent = message || "";
    status.className = "status" + (kind ? " status-" + kind : "");
  }
  function cssToken(value) {
    return String(value || "").toLowerCase().replace(/[^a-z0-9-]/g, "");
  }

  // ---------------------------------------------------------------- server calls
  async function postCheck(body, headers) {
    const response = await fetch("/api/check", { method: "POST", body: body, headers: headers || {} });
    let payload = null;
    try {
      payload = await response.json();
    } catch (err) {
      throw new Error("The server answered " + response.status + " without a readable report.");
    }
    if (!response.ok) throw new Error(payload && payload.error ? payload.error : "The server answered " + response.status + ".");
    return payload;
  }

  async function loadRules() {
    try {
      const response = await fetch("/api/rules");
      const payload = await response.json();
      for (const rule of payload.rules || []) state.rules.set(rule.id, rule);
      renderRulesPanel();
    } catch (err) {
      /* explanations are a bonus; the page still works without them */
    }
  }

  async function runCheck(source) {
    if (state.busy) return;
    state.busy = true;
    $("check-button").disabled = true;
    setStatus(source.label ? "Checking " + source.label + "…" : "Checking…", "busy");
    try {
      let report;
      if (source.file) {
        const form = new FormData();
        form.append("file", source.file, source.file.name);
        const fmt = $("format-select").value;
        if (fmt) form.append("format", fmt);
        report = await postCheck(form);
      } else {
        const payload = { text: source.text };
        const fmt = $("format-select").value;
        if (fmt) payload.format = fmt;
        report = await postCheck(JSON.stringify(payload), { "Content-Type": "application/json" });
      }
      showReport(report, source.label);
    } catch (err) {
      setStatus(err.message || String(err), "error");
    } finally {
      state.busy = false;
      $("check-button").disabled = false;
    }
  }

  // ---------------------------------------------------------------- report display
  function showReport(report, label) {
    state.report = report;
    state.accepted = new Map();
    state.index = 0;
    const articles = report.articles || [];
    if (!articles.length) {
      $("results").hidden = true;
      const errors = (report.errors || []).map((e) => e.message).join("; ");
      setStatus(errors || "No article found in that input.", "error");
      return;
    }
    const picker = $("batch-picker");
    const select = $("article-select");
    clear(select);
    articles.forEach((art, i) => {
      const n = (art.findings || []).length;
      const name = art.title || art.id || "article " + (i + 1);
      const option = el("option", null, (i + 1) + ". " + name + " — " + verdictWord(art.verdict) + (n ? ", " + n + (n === 1 ? " finding" : " findings") : ""));
      option.value = String(i);
      select.appendChild(option);
    });
    picker.hidden = articles.length < 2;
    const total = report.summary ? report.summary.findings : 0;
    const what = articles.length > 1 ? articles.length + " articles" : label || "the article";
    setStatus("Checked " + what + ": " + (total ? total + (total === 1 ? " finding." : " findings.") : "nothing to report."), total ? "done" : "ok");
    $("results").hidden = false;
    renderArticle();
  }

  function verdictWord(verdict) {
    return { pass: "looks fine", warn: "needs a look", fail: "has problems" }[verdict] || verdict || "";
  }

  function currentArticle() {
    return state.report ? state.report.articles[state.index] : null;
  }

  function acceptedSet() {
    if (!state.accepted.has(state.index)) state.accepted.set(state.index, new Set());
    return state.accepted.get(state.index);
  }

  function fieldsOf(art) {
    const fields = Object.assign({}, art.fields || {});
    if (!art.fields) {
      fields.title = art.title || "";
      fields.byline = (art.byline || []).join("; ");
    }
    return fields;
  }

  function spanOk(f, fields) {
    const text = fields[f.field];
    return typeof text === "string" && Number.isInteger(f.start) && Number.isInteger(f.end) && f.start < f.end && f.end <= text.length;
  }

  function fixable(f, fields) {
    return typeof f.suggestion === "string" && spanOk(f, fields) && f.suggestion !== f.text;
  }

  function conflicts(i, art, fields) {
    const f = art.findings[i];
    for (const j of acceptedSet()) {
      if (j === i) continue;
      const g = art.findings[j];
      if (g.field === f.field && g.start < f.end && f.start < g.end) return true;
    }
    return false;
  }

  function renderArticle() {
    const art = currentArticle();
    if (!art) return;
    const fields = fieldsOf(art);
    renderSummary(art);
    renderFields(art, fields);
    renderFindings(art, fields);
    renderCorrected(art, fields);
    renderExtras(art);
  }

  function renderSummary(art) {
    const verdict = $("verdict");
    clear(verdict);
    verdict.className = "verdict verdict-" + cssToken(art.verdict);
    verdict.appendChild(el("span", "verdict-word", verdictWord(art.verdict)));
    const counts = $("counts");
    clear(counts);
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const f of art.findings || []) bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
    for (const sev of ["error", "warning", "info"]) {
      if (!bySeverity[sev]) continue;
      counts.appendChild(el("span", "count sev-" + sev, bySeverity[sev] + " " + SEVERITY_LABEL[sev].toLowerCase() + (bySeverity[sev] === 1 ? "" : "s")));
    }
    if (!(art.findings || []).length) counts.appendChild(el("span", "count", "No findings"));
    if (art.language) counts.appendChild(el("span", "count muted", "language: " + art.language));
    const scores = $("scores");
    clear(scores);
    for (const [name, value] of Object.entries(art.scores || {})) {
      const box = el("div", "score");
      box.appendChild(el("span", "score-name", name.charAt(0).toUpperCase() + name.slice(1).replace(/[_-]/g, " ")));
      if (typeof value === "number" && value >= 0 && value <= 1) {
        const meter = el("span", "meter");
        const fill = el("span", "meter-fill" + (value >= 0.5 ? " high" : ""));
        fill.style.width = Math.round(value * 100) + "%";
        meter.appendChild(fill);
        box.appendChild(meter);
        box.appendChild(el("span", "score-value", Math.round(value * 100) + "%"));
      } else {
        box.appendChild(el("span", "score-value", typeof value === "number" ? value.toFixed(2) : String(value)));
      }
      scores.appendChild(box);
    }
  }

  /** Render one field's text with findings highlighted; accepted fixes show as deleted + inserted text. */
  function renderText(container, text, items, accepted) {
    const cuts = new Set([0, text.length]);
    for (const { f } of items) {
      cuts.add(f.start);
      cuts.add(f.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const covering = items.filter(({ f }) => f.start <= a && f.end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) {
        container.appendChild(document.createTextNode(piece));
        continue;
      }
      const fixed = covering.find(({ i }) => accepted.has(i));
      if (fixed) {
        const del = el("del", "fixed", piece);
        del.dataset.finding = String(fixed.i);
        container.appendChild(del);
        if (fixed.f.end === b && fixed.f.suggestion) {
          const ins = el("ins", "fix", fixed.f.suggestion);
          ins.dataset.finding = String(fixed.i);
          ins.title = "Accepted fix (click to see the finding)";
          container.appendChild(ins);
        }
        continue;
      }
      covering.sort((x, y) => (SEVERITY_RANK[y.f.severity] || 0) - (SEVERITY_RANK[x.f.severity] || 0));
      const top = covering[0].f;
      const mark = el("mark", "hl cat-" + cssToken(top.category) + " sev-" + cssToken(top.severity) + (covering.length > 1 ? " overlap" : ""), piece);
      mark.dataset.finding = String(covering[0].i);
      mark.dataset.findings = covering.map(({ i }) => i).join(",");
      mark.title = covering.map(({ f }) => f.message).join("\n");
      mark.tabIndex = 0;
      container.appendChild(mark);
    }
  }

  function renderFields(art, fields) {
    const root = $("article-fields");
    clear(root);
    const accepted = acceptedSet();
    const byField = {};
    (art.findings || []).forEach((f, i) => {
      if (spanOk(f, fields)) (byField[f.field] = byField[f.field] || []).push({ f, i });
    });
    const title = el("h2", "a-title");
    renderText(title, fields.title || "", byField.title || [], accepted);
    if (!fields.title) title.appendChild(el("span", "muted", "(no headline)"));
    root.appendChild(title);
    if (fields.subtitle) {
      const sub = el("p", "a-subtitle");
      renderText(sub, fields.subtitle, byField.subtitle || [], accepted);
      root.appendChild(sub);
    }
    const meta = el("div", "a-meta");
    for (const name of ["byline", "date", "site", "url"]) {
      if (!fields[name]) continue;
      const row = el("span", "a-meta-item");
      row.appendChild(el("span", "a-meta-label", name === "byline" ? "By" : FIELD_LABEL[name]));
      const value = el("span", "a-meta-value");
      renderText(value, fields[name], byField[name] || [], accepted);
      row.appendChild(value);
      meta.appendChild(row);
    }
    if (meta.firstChild) root.appendChild(meta);
    const body = el("div", "a-body");
    renderText(body, fields.body || "", byField.body || [], accepted);
    if (!fields.body) body.appendChild(el("span", "muted", "(no text)"));
    root.appendChild(body);

    // findings that point at the whole article or metadata, not at a span of text
    const notes = $("article-notes");
    clear(notes);
    (art.findings || []).forEach((f, i) => {
      if (spanOk(f, fields)) return;
      const note = el("div", "note sev-" + cssToken(f.severity) + " cat-" + cssToken(f.category));
      note.dataset.finding = String(i);
      note.appendChild(el("strong", null, (CATEGORY_LABEL[f.category] || f.category) + ": "));
      note.appendChild(document.createTextNode(f.message));
      notes.appendChild(note);
    });

    renderLegend(art);
  }

  function renderLegend(art) {
    const legend = $("legend");
    clear(legend);
    const categories = Array.from(new Set((art.findings || []).map((f) => f.category)));
    if (!categories.length) return;
    legend.appendChild(el("span", "legend-title", "Colours:"));
    for (const cat of categories) {
      const item = el("span", "legend-item");
      item.appendChild(el("mark", "hl cat-" + cssToken(cat) + " sev-warning", CATEGORY_LABEL[cat] || cat));
      legend.appendChild(item);
    }
    legend.appendChild(el("span", "legend-note", "Solid underline: problem · dashed: warning · dotted: note"));
  }

  function renderFindings(art, fields) {
    const list = $("findings-list");
    clear(list);
    const findings = art.findings || [];
    $("findings-heading").textContent = findings.length ? "Findings (" + findings.length + ")" : "Findings";
    const accepted = acceptedSet();
    const anyFixable = findings.some((f, i) => fixable(f, fields) && !accepted.has(i) && !conflicts(i, art, fields));
    $("accept-all").disabled = !anyFixable;
    if (!findings.length) {
      list.appendChild(el("li", "empty", "Nothing to report for this article."));
      return;
    }
    findings.forEach((f, i) => {
      const item = el("li", "finding sev-" + cssToken(f.severity) + " cat-" + cssToken(f.category) + (accepted.has(i) ? " is-accepted" : ""));
      item.dataset.finding = String(i);
      item.tabIndex = 0;
      const head = el("div", "f-head");
      head.appendChild(el("span", "chip sev-chip sev-" + cssToken(f.severity), SEVERITY_LABEL[f.severity] || f.severity));
      head.appendChild(el("span", "chip cat-chip cat-" + cssToken(f.category), CATEGORY_LABEL[f.category] || f.category));
      head.appendChild(el("span", "f-where", FIELD_LABEL[f.field] || f.field));
      item.appendChild(head);
      item.appendChild(el("p", "f-msg", f.message));
      if (typeof f.suggestion === "string") {
        const fix = el("div", "f-fix");
        if (f.text) fix.appendChild(el("span", "f-old", f.text));
        fix.appendChild(el("span", "f-arrow", "→"));
        fix.appendChild(el("span", "f-new", f.suggestion === "" ? "(remove)" : f.suggestion));
        if (fixable(f, fields)) {
          const button = el("button", accepted.has(i) ? "secondary small" : "primary small", accepted.has(i) ? "Undo" : "Accept");
          button.type = "button";
          button.dataset.action = accepted.has(i) ? "undo" : "accept";
          button.dataset.finding = String(i);
          if (!accepted.has(i) && conflicts(i, art, fields)) {
            button.disabled = true;
            button.title = "Overlaps a fix you already accepted";
          }
          fix.appendChild(button);
        }
        item.appendChild(fix);
      }
      const rule = state.rules.get(f.rule);
      const details = el("details", "f-why");
      details.appendChild(el("summary", null, "Why this matters · " + f.rule + " " + f.name));
      if (rule) {
        details.appendChild(el("p", null, rule.description));
        appendExamples(details, rule);
      } else {
        details.appendChild(el("p", "muted", "Rule " + f.rule + " (" + f.name + ")."));
      }
      item.appendChild(details);
      list.appendChild(item);
    });
  }

  function exampleText(example) {
    if (typeof example === "string") return example;
    if (example && typeof example === "object") {
      if (typeof example.raw === "string") return example.raw;
      const parts = [];
      for (const key of ["title", "byline", "body"]) if (example[key]) parts.push(Array.isArray(example[key]) ? example[key].join("\n\n") : String(example[key]));
      return parts.join("\n");
    }
    return "";
  }

  /** An example with its [[marked]] span highlighted -- split into text nodes, never parsed as HTML. */
  function appendMarked(parent, text) {
    const pieces = String(text).split(/\[\[|\]\]/);
    pieces.forEach((piece, k) => {
      if (!piece) return;
      parent.appendChild(k % 2 ? el("mark", "ex-mark", piece) : document.createTextNode(piece));
    });
  }

  function appendExamples(parent, rule) {
    const examples = rule.examples || {};
    const bad = (examples.fail || []).slice(0, 2).map(exampleText).filter(Boolean);
    const good = (examples.pass || []).slice(0, 1).map(exampleText).filter(Boolean);
    if (!bad.length && !good.length) return;
    const box = el("div", "examples");
    for (const text of bad) {
      const p = el("p", "example example-fail");
      p.appendChild(el("span", "ex-label", "Flagged: "));
      appendMarked(p, text.length > 240 ? text.slice(0, 240) + "…" : text);
      box.appendChild(p);
    }
    for (const text of good) {
      const p = el("p", "example example-pass");
      p.appendChild(el("span", "ex-label", "Fine: "));
      appendMarked(p, text.length > 240 ? text.slice(0, 240) + "…" : text);
      box.appendChild(p);
    }
    parent.appendChild(box);
  }

  function correctedField(text, findings, accepted, field) {
    const fixes = findings
      .map((f, i) => ({ f, i }))
      .filter(({ f, i }) => accepted.has(i) && f.field === field && typeof f.suggestion === "string")
      .sort((x, y) => y.f.start - x.f.start);
    let out = text;
    let floor = Infinity;
    for (const { f } of fixes) {
      if (f.end > floor) continue; // overlapping fixes cannot both apply; the later-starting one wins
      out = out.slice(0, f.start) + f.suggestion + out.slice(f.end);
      floor = f.start;
    }
    return out;
  }

  function correctedText(art, fields) {
    const accepted = acceptedSet();
    const findings = art.findings || [];
    const fix = (name) => correctedField(fields[name] || "", findings, accepted, name);
    const parts = [];
    if (fields.title) parts.push(fix("title"));
    if (fields.subtitle) parts.push(fix("subtitle"));
    if (fields.byline) parts.push("By " + fix("byline"));
    if (fields.body) parts.push(fix("body"));
    return parts.join("\n\n");
  }

  function renderCorrected(art, fields) {
    const n = acceptedSet().size;
    const area = $("corrected-text");
    area.value = correctedText(art, fields);
    autoGrow(area);
    $("corrected-help").textContent = n
      ? n + (n === 1 ? " fix accepted." : " fixes accepted.") + " The corrected headline, byline and text are below, ready to copy."
      : "Accept fixes in the list; the corrected headline, byline and text appear here, ready to copy.";
    $("reset-fixes").disabled = n === 0;
  }

  function autoGrow(area) {
    area.style.height = "auto";
    area.style.height = Math.min(Math.max(area.scrollHeight + 4, 150), 640) + "px";
  }

  /** A detector's text output (e.g. ``restored``): a string, or {field: text} composed like the corrected text. */
  function extraText(value) {
    if (typeof value === "string") return value;
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    if (typeof value.text === "string") return value.text;
    const names = Object.keys(value);
    if (!names.length || !names.every((k) => typeof value[k] === "string")) return null;
    const order = ["title", "subtitle", "byline", "body"];
    names.sort((a, b) => (order.indexOf(a) < 0 ? 9 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 9 : order.indexOf(b)));
    return names.filter((k) => value[k]).map((k) => (k === "byline" ? "By " + value[k] : value[k])).join("\n\n");
  }

  function renderExtras(art) {
    const root = $("extras");
    clear(root);
    for (const [key, value] of Object.entries(art)) {
      if (KNOWN_KEYS.has(key) || value === null || value === undefined) continue;
      const box = el("div", "extra");
      const label = key === "restored" ? "Restored text (suggested by the detectors)" : key.charAt(0).toUpperCase() + key.slice(1).replace(/[_-]/g, " ");
      const text = extraText(value);
      const head = el("div", "panel-head");
      head.appendChild(el("h3", null, label));
      box.appendChild(head);
      if (text !== null) {
        const area = el("textarea", "extra-text");
        area.readOnly = true;
        area.value = text;
        box.appendChild(area);
        requestAnimationFrame(() => autoGrow(area));
        const copy = el("button", "secondary", "Copy");
        copy.type = "button";
        copy.addEventListener("click", () => copyText(text, copy));
        head.appendChild(copy);
      } else {
        box.appendChild(el("pre", "extra-json", JSON.stringify(value, null, 2)));
      }
      root.appendChild(box);
    }
  }

  // ---------------------------------------------------------------- interaction
  function focusFinding(i, fromText) {
    const items = document.querySelectorAll("#findings-list .finding");
    items.forEach((node) => node.classList.toggle("is-selected", node.dataset.finding === String(i)));
    const marks = document.querySelectorAll("#article-view [data-finding]");
    marks.forEach((node) => node.classList.remove("flash"));
    const targets = Array.from(marks).filter((node) => node.dataset.finding === String(i) || (node.dataset.findings || "").split(",").includes(String(i)));
    if (fromText) {
      const item = document.querySelector('#findings-list .finding[data-finding="' + String(Number(i)) + '"]');
      if (item) item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    } else if (targets.length) {
      targets[0].scrollIntoView({ block: "center", behavior: "smooth" });
    }
    targets.forEach((node) => {
      void node.offsetWidth; // restart the animation
      node.classList.add("flash");
    });
  }

  function setAccepted(i, on) {
    const accepted = acceptedSet();
    if (on) accepted.add(i);
    else accepted.delete(i);
    renderArticle();
  }

  function acceptAll() {
    const art = currentArticle();
    if (!art) return;
    const fields = fieldsOf(art);
    const accepted = acceptedSet();
    // most severe first, then reading order; skip any fix that overlaps one already taken
    const order = (art.findings || []).map((f, i) => i).sort((a, b) => (SEVERITY_RANK[art.findings[b].severity] || 0) - (SEVERITY_RANK[art.findings[a].severity] || 0) || a - b);
    for (const i of order) {
      if (fixable(art.findings[i], fields) && !accepted.has(i) && !conflicts(i, art, fields)) accepted.add(i);
    }
    renderArticle();
  }

  async function copyText(text, button) {
    const original = button.textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied ✓";
    } catch (err) {
      const area = el("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand && document.execCommand("copy");
      document.body.removeChild(area);
      button.textContent = ok ? "Copied ✓" : "Select the text and copy it";
    }
    setTimeout(() => (button.textContent = original), 1800);
  }

  function renderRulesPanel() {
    const root = $("rules-list");
    clear(root);
    const byCategory = new Map();
    for (const rule of state.rules.values()) {
      if (!byCategory.has(rule.category)) byCategory.set(rule.category, []);
      byCategory.get(rule.category).push(rule);
    }
    const order = Object.keys(CATEGORY_LABEL);
    const rank = (c) => (order.indexOf(c) < 0 ? order.length : order.indexOf(c));
    const groups = Array.from(byCategory).sort((a, b) => rank(a[0]) - rank(b[0]));
    for (const [category, rules] of groups) {
      const group = el("section", "rule-group");
      group.appendChild(el("h3", "cat-title cat-" + cssToken(category), CATEGORY_LABEL[category] || category));
      for (const rule of rules) {
        const item = el("details", "rule-item");
        const summary = el("summary");
        summary.appendChild(el("span", "chip sev-chip sev-" + cssToken(rule.severity), SEVERITY_LABEL[rule.severity] || rule.severity));
        summary.appendChild(el("code", null, rule.id));
        summary.appendChild(document.createTextNode(" " + rule.name + (rule.enabled === false ? " (off)" : "")));
        item.appendChild(summary);
        item.appendChild(el("p", null, rule.description));
        appendExamples(item, rule);
        group.appendChild(item);
      }
      root.appendChild(group);
    }
  }

  function fileSource(file) {
    return { file: file, label: file.name };
  }

  function init() {
    const text = $("input-text");
    $("check-button").addEventListener("click", () => {
      if (!text.value.trim()) {
        setStatus("Paste an article first, or choose a file.", "error");
        text.focus();
        return;
      }
      runCheck({ text: text.value, label: "" });
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("check-button").click();
      }
    });
    $("example-button").addEventListener("click", () => {
      text.value = EXAMPLE;
      $("format-select").value = "";
      runCheck({ text: EXAMPLE, label: "the example" });
    });
    $("file-input").addEventListener("change", (event) => {
      const file = event.target.files && event.target.files[0];
      if (file) runCheck(fileSource(file));
      event.target.value = "";
    });
    const zone = $("dropzone");
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      zone.classList.remove("dragging");
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) runCheck(fileSource(file));
    });
    // a file dropped anywhere else on the page is checked too, instead of the browser navigating away to it
    window.addEventListener("dragover", (event) => event.preventDefault());
    window.addEventListener("drop", (event) => {
      event.preventDefault();
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) runCheck(fileSource(file));
    });

    $("article-select").addEventListener("change", (event) => {
      state.index = Number(event.target.value) || 0;
      renderArticle();
    });
    $("findings-list").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) {
        setAccepted(Number(button.dataset.finding), button.dataset.action === "accept");
        return;
      }
      if (event.target.closest("details")) return;
      const item = event.target.closest(".finding");
      if (item) focusFinding(item.dataset.finding, false);
    });
    $("findings-list").addEventListener("keydown", (event) => {
      const item = event.target.closest(".finding");
      if (item && event.target === item && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        focusFinding(item.dataset.finding, false);
      }
    });
    $("article-view").addEventListener("click", (event) => {
      const mark = event.target.closest("[data-finding]");
      if (mark) focusFinding(mark.dataset.finding, true);
    });
    $("article-view").addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark[data-finding]");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        focusFinding(mark.dataset.finding, true);
      }
    });
    $("accept-all").addEventListener("click", acceptAll);
    $("reset-fixes").addEventListener("click", () => {
      acceptedSet().clear();
      renderArticle();
    });
    $("copy-corrected").addEventListener("click", (event) => copyText($("corrected-text").value, event.currentTarget));
    const toggleRules = (open) => {
      $("rules-panel").hidden = !open;
      $("rules-toggle").setAttribute("aria-expanded", String(open));
      if (open) $("rules-panel").scrollIntoView({ behavior: "smooth" });
    };
    $("rules-toggle").addEventListener("click", () => toggleRules($("rules-panel").hidden));
    $("rules-close").addEventListener("click", () => toggleRules(false));
    loadRules();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

"""The OpenAPI 3.1 document for the web API, written by hand so it says exactly what the handlers do.

``tests/test_web_api.py`` checks that every route is documented and that real responses validate against
these schemas (OpenAPI 3.1 schemas are JSON Schema 2020-12).
"""
from __future__ import annotations

from typing import Any

from .. import __version__
from .inputs import PASTE_FORMATS, UPLOAD_SUFFIXES

_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}


FINDING = {
    "type": "object",
    "required": ["rule", "name", "category", "severity", "message", "field", "start", "end", "text", "suggestion", "evidence"],
    "properties": {
        "rule": {"type": "string", "pattern": "^QC[0-9]{3,4}$", "description": "Stable rule id, e.g. QC101."},
        "name": {"type": "string", "description": "Kebab-case rule name."},
        "category": {"type": "string", "enum": ["spin", "garbled", "syndication", "attribution", "content-farm", "headline", "input"]},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": {"type": "string"},
        "field": {"type": "string", "description": "Which field start/end point into (title, subtitle, byline, body, date, url, site, metadata, article)."},
        "start": {"type": "integer", "minimum": 0, "description": "Character offset into the field's text (for body: the paragraphs joined by a blank line, as in `fields.body`)."},
        "end": {"type": "integer", "minimum": 0},
        "text": {"type": "string", "description": "The text of the span."},
        "suggestion": {"type": ["string", "null"], "description": "Replacement text for the span, when the rule has one."},
        "evidence": {"type": "object"},
        "line": {"type": ["integer", "null"]},
        "column": {"type": ["integer", "null"]},
    },
}

ARTICLE_REPORT = {
    "type": "object",
    "required": ["id", "source", "language", "verdict", "scores", "findings"],
    "properties": {
        "id": {"type": "string"},
        "source": {"type": "object", "properties": {"path": {"type": "string"}, "record": {"type": "integer"}, "line": {"type": "integer"}, "format": {"type": "string"}}},
        "title": {"type": "string"},
        "language": {"type": ["string", "null"]},
        "verdict": {"type": "string", "enum": ["pass", "warn", "fail"]},
        "scores": {"type": "object", "additionalProperties": {"type": ["number", "null"]}, "description": "Per-detector scores (spin, syndication, attribution...), present when those detectors ran."},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "byline": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string"},
        "site": {"type": "string"},
        "date": {"type": "string"},
        "fields": {
            "type": "object",
            "description": "Web API only: the text of each field that finding offsets refer to.",
            "properties": {k: {"type": "string"} for k in ("title", "subtitle", "byline", "body", "date", "url", "site")},
        },
    },
    "additionalProperties": True,
    "description": "Detectors may add extra keys, e.g. `restored` (the article with spun wording restored).",
}

REPORT = {
    "type": "object",
    "required": ["version", "articles", "summary", "errors"],
    "properties": {
        "version": {"const": 1},
        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleReport"}},
        "summary": {
            "type": "object",
            "required": ["articles", "findings"],
            "properties": {
                "articles": {"type": "integer"},
                "verdicts": {"type": "object", "additionalProperties": {"type": "integer"}},
                "findings": {"type": "integer"},
                "by_severity": {"type": "object", "additionalProperties": {"type": "integer"}},
                "by_category": {"type": "object", "additionalProperties": {"type": "integer"}},
                "by_rule": {"type": "object", "additionalProperties": {"type": "integer"}},
                "errors": {"type": "integer"},
            },
        },
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}

RULE = {
    "type": "object",
    "required": ["id", "name", "category", "severity", "description", "examples"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "category": {"type": "string"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"], "description": "Effective severity (after configuration)."},
        "enabled": {"type": "boolean"},
        "type": {"type": "string"},
        "languages": {"type": "array", "items": {"type": "string"}},
        "scope": {"type": "array", "items": {"type": "string"}},
        "status": {"type": "string"},
        "link": {"type": ["string", "null"]},
        "description": {"type": "string", "description": "Why the rule matters, for editors."},
        "examples": {"type": "object", "description": "`fail` and `pass` examples; `[[...]]` marks the reported span."},
    },
}

ARTICLE_INPUT = {
    "type": "object",
    "description": "A JSON article, read by the same loader as .json/.jsonl files.",
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "byline": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "body": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "text": {"type": "string"},
        "date": {"type": "string"},
        "url": {"type": "string"},
        "site": {"type": "string"},
        "language": {"type": "string"},
    },
}


def openapi_document(max_bytes: int) -> dict[str, Any]:
    too_large = _error(f"The body is larger than the server's limit ({max_bytes:,} bytes; `serve --max-bytes`).")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "qualitycheck",
            "version": __version__,
            "description": "Check news articles for spun text, syndicated copy, attribution problems and chatbot debris. "
            "Every error is JSON: `{\"error\": message, \"status\": code}`.",
        },
        "paths": {
            "/api/check": {
                "post": {
                    "summary": "Check an article (or a batch) and return the report",
                    "operationId": "check",
                    "parameters": [
                        {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": list(PASTE_FORMATS)}, "description": "Read the text as this format instead of guessing."}
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/TextInput"},
                                        {"$ref": "#/components/schemas/ArticleInput"},
                                        {"type": "array", "items": {"$ref": "#/components/schemas/ArticleInput"}},
                                    ]
                                }
                            },
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "file": {"type": "string", "format": "binary", "description": f"An article file: {', '.join(UPLOAD_SUFFIXES)}."},
                                        "text": {"type": "string", "description": "Pasted text, used when no file is sent."},
                                        "format": {"type": "string", "enum": list(PASTE_FORMATS)},
                                    },
                                }
                            },
                            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"text": {"type": "string"}, "format": {"type": "string", "enum": list(PASTE_FORMATS)}}}},
                            "text/plain": {"schema": {"type": "string"}},
                            "text/markdown": {"schema": {"type": "string"}},
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": {
                        "200": {"description": "The report (same contract as `qualitycheck check --format json`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
                        "400": _error("Malformed JSON or form data."),
                        "413": too_large,
                        "415": _error("Unsupported Content-Type or file type."),
                        "421": _error("Host header is not localhost while serving on loopback."),
                        "422": _error("Well-formed but unusable: empty text, unknown format, missing text, binary data."),
                    },
                }
            },
            "/api/rules": {
                "get": {
                    "summary": "Every rule with its explanation and examples",
                    "operationId": "rules",
                    "responses": {
                        "200": {
                            "description": "The rules.",
                            "content": {"application/json": {"schema": {"type": "object", "required": ["rules"], "properties": {"version": {"type": "string"}, "rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}}}}},
                        }
                    },
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Liveness and limits",
                    "operationId": "health",
                    "responses": {"200": {"description": "The server is up.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"const": "ok"}, "version": {"type": "string"}, "max_bytes": {"type": "integer"}}}}}}},
                }
            },
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi", "responses": {"200": {"description": "OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/": {"get": {"summary": "The page for editors", "operationId": "page", "responses": {"200": {"description": "HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        },
        "components": {
            "schemas": {
                "TextInput": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string", "description": "The article as pasted: plain text (first line = headline), Markdown with front matter, HTML, JSON or JSONL."},
                        "format": {"type": "string", "enum": list(PASTE_FORMATS) + ["auto"]},
                        "name": {"type": "string", "description": "Label used as the article id."},
                    },
                },
                "ArticleInput": ARTICLE_INPUT,
                "Report": REPORT,
                "ArticleReport": ARTICLE_REPORT,
                "Finding": FINDING,
                "Rule": RULE,
                "Error": {"type": "object", "required": ["error", "status"], "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
            }
        },
    }

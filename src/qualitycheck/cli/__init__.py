"""The ``qualitycheck`` command line: a thin click layer over the library API.

Sub-commands are imported only when used (``LazyGroup``) so ``qualitycheck --version`` stays fast. Every
error a user can cause ends as one clear line on stderr and exit code 2 -- never a traceback, and never
exit code 1 (which means "findings at or above --fail-on").
"""
from __future__ import annotations

import importlib
import os
import sys
from typing import Any, Optional

import click

from .. import __version__

#: command name -> "module:attribute" under qualitycheck.cli
COMMANDS: dict[str, str] = {
    "check": "check:check_command",
    "rules": "rules:rules_group",
    "index": "index:index_group",
    "config": "config:config_group",
    "serve": "serve:serve_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        if name in COMMANDS:
            module, _, attr = COMMANDS[name].partition(":")
            return getattr(importlib.import_module(f".{module}", __name__), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="qualitycheck", message="%(prog)s %(version)s")
def cli() -> None:
    """Screen news articles for spun text, lifted syndicated copy, missing attribution and content-farm debris.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config, rule or input errors.
    """


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
    """Print one error line and exit 2."""
    click.echo(f"qualitycheck: error: {message}", err=True)
    sys.exit(2)


def main(argv: Optional[list[str]] = None) -> None:
    from ..config import ConfigError
    from ..engine.rules import RuleError
    from ..loaders import LoadError

    try:
        cli.main(args=argv, prog_name="qualitycheck", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("qualitycheck: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code not in (0,) else 0)
    except (RuleError, ConfigError, LoadError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        click.echo("qualitycheck: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # output closed early (e.g. piped into head): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(0)
    except SystemExit:
        raise
    except Exception as exc:  # the last guard: a crash must be reported as such, with exit 2
        if os.environ.get("QC_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set QC_DEBUG=1 for the traceback, and please report it)")


def exit_with(code: Any) -> None:
    sys.exit(int(code))

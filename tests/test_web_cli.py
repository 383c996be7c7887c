"""``qualitycheck serve``: loopback default, loud warning elsewhere, clear error on a busy port."""
from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from qualitycheck.cli import cli  # noqa: E402
from qualitycheck.cli import serve as serve_module  # noqa: E402


@pytest.mark.parametrize("host, expected", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_is_loopback(host, expected):
    assert serve_module.is_loopback(host) is expected


@pytest.fixture
def captured(monkeypatch):
    """Run the command without serving: record the app and the socket uvicorn would get."""
    seen: dict = {}

    def fake_bind(host: str, port: int) -> socket.socket:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        seen["bind"] = (host, port)
        return sock

    def fake_run(self, sockets=None):  # noqa: ANN001
        seen["app"] = self.config.app
        for s in sockets or ():
            s.close()

    import uvicorn

    monkeypatch.setattr(serve_module, "_bind", fake_bind)
    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    return seen


def test_default_is_loopback_without_warning(captured):
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert captured["bind"] == ("127.0.0.1", 8000)
    assert "WARNING" not in result.output and "http://127.0.0.1:" in result.output


def test_other_host_warns_loudly(captured):
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "WARNING: listening on 0.0.0.0" in result.output and "no login" in result.output


def test_busy_port_is_one_clear_error(capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(SystemExit) as exit_info:
            serve_module._bind("127.0.0.1", port)
    finally:
        taken.close()
    assert exit_info.value.code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err

"""Serving a Flask app locally on werkzeug: the one way both local servers (the web service,
``skill.web.app``, and the browser simulator, ``skill.simulator.web``) listen and stop."""

from __future__ import annotations

from typing import Any


def check_free(host: str, port: int) -> None:
    """Raise one clear ``OSError`` when the address can't be listened on (werkzeug would print
    two lines and exit the process)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _request_handler() -> type:
    """werkzeug's request handler without the ``Server: Werkzeug/x Python/y`` header."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietRequestHandler(WSGIRequestHandler):
        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() != "server":
                super().send_header(keyword, value)

    return QuietRequestHandler


def make_web_server(app: Any, host: str = "127.0.0.1", port: int = 0) -> Any:
    """werkzeug's threaded server for ``app``, sending no ``Server`` header."""
    from werkzeug.serving import make_server

    return make_server(host, port, app, threaded=True, request_handler=_request_handler())


def serve_until_interrupted(server: Any) -> None:
    """Serve until Ctrl-C, then close the socket."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

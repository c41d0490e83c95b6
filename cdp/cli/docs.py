"""``cdp docs``: the dbt docs site of the warehouse (models, columns, lineage)."""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated

import typer

from cdp.cli.common import console, fail, settings
from cdp.docs import DocsError, generate_dbt_docs


def docs(
    serve: Annotated[
        bool, typer.Option(help="Then serve the site on 127.0.0.1 until Ctrl-C.")
    ] = False,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for --serve.")] = 8080,
) -> None:
    """Generate the dbt docs site: every model, seed and source, its columns and lineage.

    Written to data/docs/dbt/ (static_index.html opens from disk, offline). Reads only the
    warehouse's schema, for under a second; fails while a pipeline step is writing it.

    Example: cdp docs --serve --port 8080
    """
    try:
        page = generate_dbt_docs(settings())
    except DocsError as exc:
        raise fail(str(exc), exc.hint) from None
    console.print(f"dbt docs: {page}", highlight=False)
    if not serve:
        return
    handler = partial(SimpleHTTPRequestHandler, directory=str(page.parent))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise fail(
            f"cannot serve on 127.0.0.1:{port}: {exc.strerror}", "pass another --port"
        ) from None
    console.print(f"Serving http://127.0.0.1:{port}/{page.name} (Ctrl-C to stop)")
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped")

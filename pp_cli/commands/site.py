"""`pp site build` and `pp site serve`: a static website of the public records, and a local preview."""

from __future__ import annotations

from pathlib import Path

import typer

from pp_cli.commands.common import load_kb

HELP = """A static website of the knowledge base: publish the list with no server to keep.

[bold]Examples[/bold]

  pp site build                               write the site to _site/ beside data/
  pp site build --out public --title "Political prisoners in Azerbaijan"
  pp site serve                               build, then preview at http://127.0.0.1:8000/
"""

BUILD_HELP = """Write a static website of the public records: an index with counts and as-of dates, a page per
person, organization, charge and place of detention, charts, a JSON API, an Atom feed and a CSV file.

Only public material is used, exactly as `pp export --public`: records and fields marked restricted
never appear in any page, JSON document, feed, CSV or search index. Nothing is loaded from another
host, and every page carries a Content-Security-Policy. A rebuild writes only the files whose
content changed, and removes the pages of people no longer in the records. Any static host serves
the result (GitHub Pages, Netlify, an organisation's own web space); `_headers` gives hosts that read
it the security headers.

[bold]Examples[/bold]

  pp site build
  pp site build --out public --title "Political prisoners in Azerbaijan"
  pp site build --base-url https://example.org/prisoners/     (absolute links in the Atom feed)
"""

SERVE_HELP = """Build the site, then serve it on this computer only (127.0.0.1) to preview it in a browser.

Stop with Ctrl-C. --no-build serves what is already in --out.

[bold]Examples[/bold]

  pp site serve
  pp site serve --port 8080 --no-build
  pp site serve --port 0                       (any free port; the address is printed)
"""

site_app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")


def _out(ctx: typer.Context, out: Path | None) -> Path:
    if out is not None:
        return out
    from pp_cli.discovery import find_root

    state = ctx.find_root().obj
    return find_root(state.data if state else None) / "_site"


def _build(ctx: typer.Context, out: Path | None, title: str | None, lang: str, base_url: str | None,
           force: bool) -> Path:
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.site.build import build
    from pp_cli.site.strings import languages, t

    if lang not in languages():
        raise UsageError(f"no interface text in `{lang}`", f"available: {', '.join(languages())} "
                                                           "(translations live in pp_cli/site/strings.py)")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(f"--base-url {base_url} is not an http(s) address", "e.g. --base-url https://example.org/")
    target = _out(ctx, out)
    kb = load_kb(ctx)
    built = build(kb, target, title=title or t("site_title", lang), lang=lang, base_url=base_url, force=force,
                  progress=console.progress_callback("Writing pages"))
    if kb.prisoners and len(built.site.order) < len(kb.prisoners):
        console.note(f"left out {len(kb.prisoners) - len(built.site.order)} restricted people")
    r = built.report
    console.note(
        f"site in {built.out}: {len(built.site.order)} people, {built.files} files "
        f"({len(r.written)} written, {r.unchanged} unchanged, {len(r.removed)} removed) in {built.seconds:.1f} s"
    )
    return built.out


@site_app.command("build", help=BUILD_HELP)
def build_command(
    ctx: typer.Context,
    out: Path = typer.Option(None, "--out", "-o", metavar="DIR",
                             help="Folder to write the site to. Default: _site beside data/."),
    title: str = typer.Option(None, "--title", help="The site's name, in its header and feed."),
    lang: str = typer.Option("en", "--lang", help="Language of the interface text (and the pages' lang)."),
    base_url: str = typer.Option(None, "--base-url", metavar="URL",
                                 help="Where the site will be published, for absolute links in the feed."),
    force: bool = typer.Option(False, "--force",
                               help="Write into a folder that holds other files (only pp's own are replaced)."),
) -> None:
    _build(ctx, out, title, lang, base_url, force)


@site_app.command("serve", help=SERVE_HELP)
def serve_command(
    ctx: typer.Context,
    out: Path = typer.Option(None, "--out", "-o", metavar="DIR",
                             help="The site's folder. Default: _site beside data/."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="Port on 127.0.0.1 (0: any free port)."),
    no_build: bool = typer.Option(False, "--no-build", help="Serve the folder as it is, without building first."),
    title: str = typer.Option(None, "--title", help="The site's name (when building)."),
    lang: str = typer.Option("en", "--lang", help="Language of the interface text (when building)."),
) -> None:
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.site.serve import server

    if no_build:
        folder = _out(ctx, out)
        if not (folder / "index.html").is_file():
            raise UsageError(f"no site in {folder}", "run `pp site build` first, or leave out --no-build")
    else:
        folder = _build(ctx, out, title, lang, None, False)
    try:
        httpd = server(folder, port)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", "choose another --port") from None
    host, bound = httpd.server_address[:2]
    console.note(f"serving {folder} at http://{host}:{bound}/ (Ctrl-C to stop)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        console.note("stopped")
    finally:
        httpd.server_close()


def register(app: typer.Typer) -> None:
    app.add_typer(site_app, name="site")

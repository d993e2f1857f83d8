"""The site's own files beside its pages: stylesheet, script, and the security headers.

Nothing is loaded from another host: no CDN, web font or analytics. The
Content-Security-Policy allows scripts, styles, images and requests from the
site itself only (`default-src 'self'`, `script-src 'self'`), so neither
inline script nor inline event handlers — the way record text would run if
it ever became markup — can execute. Pages carry the policy in a meta tag;
`_headers` gives it (with the directives a meta tag cannot carry) to hosts
that read such a file (Netlify, Cloudflare Pages); `pp site serve` sends it.
"""

from __future__ import annotations

from importlib import resources

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
CSP_HEADER = CSP + "; frame-ancestors 'none'"  # frame-ancestors is ignored in a meta tag

HEADERS = {
    "Content-Security-Policy": CSP_HEADER,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "interest-cohort=(), browsing-topics=()",
}

STYLESHEET = "assets/site.css"
SCRIPT = "assets/site.js"
ICON = "assets/icon.svg"


def _static(name: str) -> bytes:
    return resources.files("pp_cli.site").joinpath("static", name).read_bytes()


def headers_file() -> bytes:
    """`_headers` in the format Netlify and Cloudflare Pages read: every path gets the policy."""
    lines = ["/*"] + [f"  {k}: {v}" for k, v in HEADERS.items()]
    return ("\n".join(lines) + "\n").encode()


def files() -> list[tuple[str, bytes]]:
    """(path in the site, content) of every asset."""
    return [
        (STYLESHEET, _static("site.css")),
        (SCRIPT, _static("site.js")),
        (ICON, _static("icon.svg")),
        ("_headers", headers_file()),
        (".nojekyll", b""),  # GitHub Pages: serve the site as built (files starting with _ included)
    ]

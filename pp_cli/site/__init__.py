"""A static website of the knowledge base's public records (`pp site build`, `pp site serve`).

One module per concern: `data` (what is shown, from `privacy.public_kb`, and
the JSON API and CSV), `pages` (HTML), `charts` (SVG), `feed` (Atom),
`assets` (stylesheet, script, security headers), `strings` (every interface
text, for translation), `markup` (escaping), `writer` (safe, incremental
writes), `build` (all of it in order) and `serve` (a local preview).
"""

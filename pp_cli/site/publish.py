"""Publishing the site from CI: the GitHub Pages workflow `pp init` writes beside the validate workflow.

The workflow (`templates/site.yml`) validates the records, runs `pp site
build` on every push to main and deploys the result with GitHub's own Pages
actions. It is written only where no file of that name exists, so `pp init`
never replaces a workflow someone has changed.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

WORKFLOW = ".github/workflows/site.yml"


def workflow_text() -> str:
    from pp_cli import __version__

    template = resources.files("pp_cli.site").joinpath("templates", "site.yml").read_text(encoding="utf-8")
    return template.replace("@PP_VERSION@", __version__)


def write_workflow(root: Path) -> list[Path]:
    """Write the publish workflow under `root` unless one is there; the paths written."""
    target = root / WORKFLOW
    if target.exists() or target.is_symlink():
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # never replaces, never follows a link
        handle.write(workflow_text())
    return [target]

"""The files a knowledge base's repository needs to review pull requests, from the templates in `templates/`.

`pp init` writes them: the CI workflow, the pre-commit configuration, the
pp release to install (`pp-requirements.txt`, the one place an organisation
edits to pin or upgrade pp), CONTRIBUTING.md and the pull-request template.
pp's own repository uses the same templates for its own files (a test keeps
them equal), so there is one text to maintain.

Every file under `templates/` is a template, so another workflow is one more
file there. Its path is where it goes in the repository, with `github/` for
`.github/` and a dot before `pre-commit-config.yaml` (package data keeps no
hidden names). Placeholders: `@KB@` is the knowledge base's folder inside
the repository (`""` at the root, else `kb/`), `@KB_RE@` the same as a
regular expression, `@PIN@` the requirement line(s) for pp.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PACKAGE_DIST = "pp-cli"
DOTTED = ("github", "pre-commit-config.yaml")  # top-level template names that get a leading dot
SAFE_FOLDER = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*")  # what @KB@ may be, written into YAML as it is


@dataclass(frozen=True)
class Template:
    source: str  # path under templates/, e.g. "github/workflows/validate.yml"
    text: str

    @property
    def target(self) -> str:
        """Where it goes, relative to the repository's top."""
        head, _, rest = self.source.partition("/")
        head = "." + head if head in DOTTED else head
        return f"{head}/{rest}" if rest else head


def templates() -> list[Template]:
    """Every template shipped in the package, in path order."""
    found: list[Template] = []
    stack = [(resources.files("pp_cli") / "templates", "")]
    while stack:
        folder, prefix = stack.pop()
        for entry in folder.iterdir():
            name = entry.name
            if name.startswith((".", "__")):
                continue
            if entry.is_dir():
                stack.append((entry, f"{prefix}{name}/"))
            else:
                found.append(Template(prefix + name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda t: t.source)


def render(template: Template, kb_dir: str = "", pin: str | None = None) -> str:
    """The template's text for a knowledge base at `kb_dir` (relative to the repository, `""` or `kb/`)."""
    text = template.text.replace("@KB_RE@", re.escape(kb_dir).replace("'", "''"))  # inside '…' in YAML
    text = text.replace("@KB@", kb_dir)
    return text.replace("@PIN@", pin if pin is not None else pin_line())


def pin_line() -> str:
    """How to install the pp that is running, for pp-requirements.txt, with a note where it needs one.

    Installed from a git URL or an archive (PEP 610's direct_url.json), that
    exact source; from a package index, `pp-cli==VERSION`; from a local folder,
    which another machine cannot reach, the same version with a note to check.
    """
    from importlib import metadata

    from pp_cli import __version__

    release = f"{PACKAGE_DIST}=={__version__}"
    try:
        direct = metadata.distribution(PACKAGE_DIST).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None
    try:
        origin = json.loads(direct) if direct else {}
    except ValueError:
        origin = {}
    url = origin.get("url") if isinstance(origin, dict) else None
    if not isinstance(url, str) or not url or any(c in url for c in "\n\r#"):
        return release
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{PACKAGE_DIST} @ git+{url}" + (f"@{revision}" if isinstance(revision, str) and revision else "")
    if "archive_info" in origin and not url.startswith("file:"):
        return f"{PACKAGE_DIST} @ {url}"
    return (f"# pp init ran from a local copy of pp ({url}), which other machines cannot install;\n"
            f"# this names the same version on a package index. Check that it installs, or use a git URL.\n"
            f"{release}")


@dataclass
class Written:
    path: Path
    kept: bool  # an existing file was left as it was


def write(top: Path, kb: Path) -> list[Written]:
    """Write every template into the repository at `top` for the knowledge base at `kb` (inside `top`).

    Never overwrites: an existing file is kept, and reported as kept.
    """
    kb_dir = kb.resolve().relative_to(top.resolve()).as_posix()
    kb_dir = "" if kb_dir == "." else kb_dir + "/"
    if not SAFE_FOLDER.fullmatch(kb_dir):
        from pp_cli.errors import UsageError

        raise UsageError(
            f"the knowledge base's folder `{kb_dir}` has characters the workflow cannot hold safely",
            "name the folders from the repository's top to it with letters, digits, `.`, `_` and `-`",
        )
    pin = pin_line()
    done: list[Written] = []
    for template in templates():
        target = top / template.target
        if target.exists() or target.is_symlink():
            done.append(Written(target, kept=True))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:  # exclusive: never clobber
            handle.write(render(template, kb_dir, pin))
        done.append(Written(target, kept=False))
    return done

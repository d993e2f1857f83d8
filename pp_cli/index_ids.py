"""`checks.Ids` for a knowledge base of a few files, answering for every other record from the index.

`pp validate` after a change checks a few people again from a small
knowledge base (`pp_cli.findings`); whether an id it names exists, and who
claims a former id, is still a question about every record, and the index knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pp_cli.checks import Ids
from pp_cli.findings import failed_files

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.snapshots import View


class IndexIds(Ids):
    """`checks.Ids` for a knowledge base of a few files: the rest of the records, from the index."""

    def __init__(self, view: View, small: KnowledgeBase) -> None:
        super().__init__(small)
        self.cache = view.cache
        self._failed = failed_files(view)
        self._by_kind: dict[str, dict[str, None]] = {}  # kind -> ids of the records that loaded, in file order

    def exists(self, kind: str, rid: str) -> bool:
        return rid in self._ids(kind)

    def known(self, kind: str) -> list[str]:
        return list(self._ids(kind))

    def claimer(self, kind: str, old: str) -> tuple[str, str] | None:
        found = [(rid, path) for path, k, rid in self.cache.claimers(f"was:{old}")
                 if k == kind and rid is not None and not self.failed(path)]
        return found[-1] if found else None

    def failed(self, path: str) -> bool:
        return path in self._failed

    def _ids(self, kind: str) -> dict[str, None]:
        if kind not in self._by_kind:
            self._by_kind[kind] = dict.fromkeys(rid for path, rid in self.cache.record_ids(kind)
                                                if not self.failed(path))
        return self._by_kind[kind]

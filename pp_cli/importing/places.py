"""Places of detention a sheet names, resolved to the knowledge base's facility organizations.

Lists write one prison many ways ("Kurdakhani SIZO", "Kürdəxanı istintaq
təcridxanası", "Kurdaxani pre-trial detention centre"). A cell names a
facility (an organization of type prison, pretrial_detention_centre or
police) by its id, or by its name, native name or one of its other names:
first as `pp show` resolves a place (`facilities.resolve`, spelling folded),
then with transliteration aside (`names.skeleton`, the key people's names are
matched by: kh/x, ü/u, doubled letters). One facility: that one. Several:
the cell is reported, never guessed.

A place the knowledge base lacks is reported, unless the map says
`create_facilities: true`: then it becomes a new organization, but only if
its name says what kind of place it is (`kind_of`); a name that does not
("Qobustan") is reported, since its kind would be a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from pp_cli.vocab import FACILITY_KINDS, OrgKind

if TYPE_CHECKING:
    from pp_cli.models import Organization

_KINDS = (  # the most specific first: a "pre-trial prison" is a pre-trial detention centre
    (OrgKind.pretrial_detention_centre, re.compile(
        r"pre-?\s?trial|remand|\bsizo\b|сизо|следственн\w* изолятор|istintaq|təcridxana|"
        r"investigative (?:prison|isolator)", re.IGNORECASE)),
    (OrgKind.police, re.compile(r"\bpolice\b|полиц\w*|\bpolis\b|\bивс\b|temporary (?:detention|holding)|"
                                r"müvəqqəti saxlama", re.IGNORECASE)),
    (OrgKind.prison, re.compile(r"prison|penitentiary|penal colony|\bcolony\b|колони\w*|тюрьм\w*|cəzaçəkmə|"
                                r"həbsxana|correctional", re.IGNORECASE)),
)


def kind_of(name: str) -> OrgKind | None:
    """The kind of place a name says it is (`Prison No. 4` → prison), or None when it does not say."""
    return next((kind for kind, pattern in _KINDS if pattern.search(name)), None)


class Places:
    """The knowledge base's facilities, indexed by their names' skeletons; places an import creates are added."""

    def __init__(self, organizations: dict[str, Organization]) -> None:
        self.organizations = dict(organizations)
        self._keys: dict[str, set[str]] = defaultdict(set)
        for org in organizations.values():
            self._index(org)

    def _index(self, org: Organization) -> None:
        from pp_cli.names import skeleton

        if org.type in FACILITY_KINDS:
            for name in (org.name, org.native_name, *(o.name for o in org.other_names)):
                if name and skeleton(name):
                    self._keys[skeleton(name)].add(org.id)

    def add(self, org: Organization) -> None:
        self.organizations[org.id] = org
        self._index(org)

    def find(self, text: str) -> list[Organization]:
        """The facilities `text` may name: one, several (ambiguous) or none."""
        from pp_cli.facilities import resolve
        from pp_cli.names import skeleton

        org = resolve(text, self.organizations)
        if org is not None:
            return [org]
        return [self.organizations[i] for i in sorted(self._keys.get(skeleton(text), ()))]

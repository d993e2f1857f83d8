"""An Atom feed (RFC 4287) of recent events that change someone's situation: arrests, sentences, releases.

Entries are the latest `LIMIT` such events of the public records, newest
first. Atom wants instants; a partial date is placed at the day timelines
place it (`PartialDate.sort_key`), and the title keeps the date as written.
The feed's `updated` is the newest entry's, not the build time, so a rebuild
of unchanged records leaves the file as it was. Without `--base-url`, links
are relative to the feed, which Atom allows; with it they are absolute, as
feed readers prefer.
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from pp_cli.models import Event
from pp_cli.site.data import Site
from pp_cli.site.strings import label, t
from pp_cli.textsafe import clean
from pp_cli.vocab import ARREST_TYPES, RELEASE_TYPES, EventType

LIMIT = 50
TYPES = ARREST_TYPES | RELEASE_TYPES | {
    EventType.house_arrest, EventType.verdict, EventType.sentenced, EventType.left_country, EventType.death,
    EventType.disappearance,
}


def _text(value: object) -> str:
    return escape(clean(value))


def _instant(event: Event) -> str:
    return event.date.sort_key()[0].isoformat() + "T00:00:00Z"


def _id(site: Site, kind: str, rid: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"pp-site:{site.base_url or site.title}:{kind}:{rid}"))


def recent(site: Site) -> list[Event]:
    events = [e for e in site.kb.events.values() if e.type in TYPES]
    events.sort(key=lambda e: (e.date.sort_key(), e.id), reverse=True)
    return events[:LIMIT]


def render(site: Site) -> bytes:
    """The feed as UTF-8 XML."""
    from pp_cli.site.pages import event_link

    base = site.base_url.rstrip("/") + "/" if site.base_url else ""
    entries = recent(site)
    updated = _instant(entries[0]) if entries else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.lang)}>',
        f"  <title>{_text(t('feed_title', site.lang, site=site.title))}</title>",
        f"  <subtitle>{_text(t('feed_subtitle', site.lang))}</subtitle>",
        f"  <id>{_id(site, 'feed', 'events')}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{_text(site.title)}</name></author>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base or './')}/>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + 'feed.xml')}/>",
    ]
    for e in entries:
        people = [p for p in dict.fromkeys(e.people) if p in site.kb.prisoners]
        href = base + event_link(site, e)
        names = ", ".join(site.rows[p]["name"] for p in people)
        summary = " ".join(x for x in (names + "." if names else "", e.summary or "") if x)
        kind = label("event", e.type.value, site.lang)
        title = f"{e.date} · {kind}: {e.title}"
        lines += [
            "  <entry>",
            f"    <id>{_id(site, 'event', e.id)}</id>",
            f"    <title>{_text(title)}</title>",
            f"    <updated>{_instant(e)}</updated>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(href)}/>",
            f"    <category term={quoteattr(e.type.value)} label={quoteattr(kind)}/>",
        ]
        if summary:
            lines.append(f"    <summary type=\"text\">{_text(summary)}</summary>")
        for s in e.sources:
            lines.append(f"    <link rel=\"related\" href={quoteattr(s.url)} title={quoteattr(clean(s.title))}/>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")

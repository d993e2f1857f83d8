"""Every piece of interface text the website shows, in one place, so a translation can be added.

A translation is another entry in `STRINGS` (and `LABELS`) under its language
tag, with the same keys; `pp site build --lang TAG` picks it. Missing keys
fall back to English, so a partial translation still builds. Texts are
`str.format` templates; their arguments are filled in by `t()` and are
escaped by the page code like any other text.
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "site_title": "Political prisoners",
        "skip": "Skip to content",
        "nav_people": "People",
        "nav_events": "Events",
        "nav_browse": "Browse",
        "nav_charts": "Charts",
        "nav_data": "Data",
        "footer": "Built by pp {version} from the public records of the knowledge base: "
                  "material marked restricted is left out. Nothing on this site is loaded from another host.",
        "footer_data": "Data",
        # index
        "index_heading": "Political prisoners: who is held, and since when",
        "index_intro": "{people} people on record. Each status is as confirmed by the latest source or event "
                       "about that person, on the date shown.",
        "counts_caption": "People by status, each with the dates of the confirmations it rests on",
        "col_status": "Status",
        "col_people": "People",
        "col_as_of": "As of",
        "as_of_single": "as of {date}",
        "as_of_by": "by {date}",
        "as_of_before": "before {date}",
        "as_of_range": "as of dates from {first} to {last}",
        "as_of_none": "no dated confirmation",
        "as_of_mixed": "{undated} without a dated confirmation",
        "people_heading": "People",
        "people_caption": "People on record, by name ({first}–{last} of {total})",
        "people_caption_all": "People on record, by name ({total})",
        "col_name": "Name",
        "col_roles": "Roles",
        "col_affiliations": "Affiliations",
        "col_charges": "Charges",
        "col_arrested": "Arrested",
        "fact_custody": "In custody (to the end, or to the last confirmation)",
        "col_country": "Country",
        "pager": "Pages of the list",
        "page_n": "Page {n}",
        "previous": "Previous page",
        "next": "Next page",
        "filter_heading": "Find people",
        "filter_search": "Name (any spelling)",
        "filter_status": "Status",
        "filter_role": "Role",
        "filter_affiliation": "Affiliation",
        "filter_charge": "Charge",
        "filter_year": "Arrest year",
        "filter_any": "any",
        "filter_reset": "Clear",
        "filter_loading": "Loading the list…",
        "filter_failed": "The list could not be loaded; the pages below still work.",
        "filter_count": "{n} of {total} people match",
        "filter_more": "Show more",
        "filter_sort": "Sort by {column}",
        "no_script": "Filters need JavaScript; without it, browse the lists by status, role, organization, "
                     "charge or arrest year.",
        "browse_link": "Browse by status, role, organization, charge or year",
        # browse
        "browse_heading": "Browse the list",
        "browse_status": "By status",
        "browse_role": "By role",
        "browse_org": "By organization",
        "browse_charge": "By charge article",
        "browse_category": "By charge category",
        "browse_year": "By year of arrest",
        "browse_facility": "By place of detention",
        "none_yet": "None on record.",
        # listing pages
        "status_heading": "People whose status is {label}",
        "role_heading": "People with the role {label}",
        "category_heading": "People charged with {label} offences",
        "charge_heading": "People charged under article {label}",
        "charge_code": "Code: {code}",
        "charge_descriptions": "As described in the records",
        "year_heading": "People taken into custody in {label}",
        "year_intro": "Arrest, detention or pretrial detention events dated in {label}.",
        "facility_heading": "People held at {label}",
        "facility_intro": "From events that name this place of detention, with the date of the latest such "
                          "event per person.",
        "org_heading": "{label}",
        "org_members": "People affiliated with {label}",
        "org_events": "Events naming {label}",
        "org_type": "Type",
        "col_position": "Position",
        "col_date": "Date",
        "col_event": "Event",
        # person page
        "names_heading": "Names",
        "native_name": "Native spelling",
        "other_names": "Other spellings",
        "status_heading_person": "Status",
        "status_line": "{status}",
        "status_undated": "no dated source confirms it",
        "status_from_event": "from the event “{title}”",
        "status_declared": "as stated in the record",
        "status_hidden": "not public",
        "facts_heading": "About",
        "fact_country": "Country",
        "fact_born": "Born",
        "fact_gender": "Gender",
        "fact_roles": "Roles",
        "fact_affiliations": "Affiliations",
        "summary_heading": "Summary",
        "timeline_heading": "Timeline",
        "timeline_empty": "No events on record.",
        "event_people": "People",
        "event_others": "and {n} others not named in the records",
        "event_count": "People affected: {n}",
        "event_count_approx": "People affected: about {n}",
        "event_sentence": "Sentence",
        "event_court": "Court",
        "event_judge": "Judge",
        "event_facility": "Place",
        "event_location": "Location",
        "event_by": "By",
        "event_echr": "European Court of Human Rights",
        "event_sources": "Sources",
        "charges_heading": "Charges",
        "charges_empty": "No charges on record.",
        "col_article": "Article",
        "col_description": "Description",
        "col_category": "Category",
        "col_max_penalty": "Maximum penalty",
        "years": "{n} years",
        "sentences_heading": "Sentences",
        "sentence_suspended": "suspended",
        "held_heading": "Where held",
        "held_latest": "Latest place on record: {place}, {date}",
        "recognitions_heading": "Recognised as a political prisoner",
        "recognition_criteria": "PACE Resolution 1900 (2012) criteria: {criteria}",
        "disputes_heading": "Disputed",
        "dispute_line": "{field}: recorded as {recorded}; disputed: {claim}",
        "dispute_event": "Disputed",
        "sources_heading": "Sources",
        "source_published": "published {date}",
        "source_archive": "archived copy",
        "source_quote": "Quote",
        "redirect_heading": "This page has moved",
        "redirect_text": "This person's record now lives at",
        "data_links": "This record as data",
        # events
        "events_heading": "Recent events",
        "events_intro": "The latest arrests, sentences, releases and other changes of status on record, newest "
                        "first (the same as the Atom feed), and the events that name no one.",
        "events_recent": "Arrests, sentences and releases",
        "events_unnamed": "Events that name no one",
        # charts
        "charts_heading": "Charts",
        "chart_table": "The figures as a table",
        "custody_title": "People in custody, by month",
        "custody_desc": "People held at the end of each month from {first} to {last}, at most {max} in one month. "
                        "A person still held counts up to and including the month of their last confirmation, "
                        "never after it.",
        "custody_unconfirmed": "{n} of the people still held were last confirmed before {last}; they are not "
                               "counted after the month of their last confirmation.",
        "custody_undated": "{n} people have no recorded start of custody; they are counted from the month of their "
                           "first confirmation.",
        "custody_col_month": "Month",
        "custody_col_people": "People in custody",
        "years_title": "Arrests and releases per year",
        "years_desc": "People taken into custody and people released in each year from {first} to {last}. "
                      "A person arrested twice in a year counts once that year.",
        "years_col_year": "Year",
        "years_col_arrests": "People arrested",
        "years_col_releases": "People released",
        "charges_title": "People by charge category",
        "charges_desc": "People charged in each category; a person may count under several. {none} people have no "
                        "charge on record.",
        "charges_col_category": "Category",
        "charges_col_people": "People",
        "chart_empty": "Nothing to chart yet.",
        # data
        "data_heading": "Data",
        "data_intro": "Everything on this site is also available as data, built from the same public records.",
        "data_json": "The whole public list as JSON",
        "data_person_json": "One JSON document per person, at api/v{version}/people/ID.json",
        "data_csv": "The list as CSV (opens in spreadsheets; cells that would start a formula are prefixed "
                    "with an apostrophe)",
        "data_feed": "An Atom feed of recent arrests, sentences and releases",
        "data_schema": "The JSON Schema of the person documents",
        "data_stats": "The figures behind the charts (as `pp stats --format json`)",
        "feed_title": "{site}: recent events",
        "feed_subtitle": "Arrests, sentences, releases and other changes of status, latest first.",
        "not_found_heading": "Page not found",
        "not_found_text": "There is no page at this address. Start again from the list of people.",
    },
}

# Words for the codes records use (vocab.py), per language.
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "status": {
            "detained": "detained", "house_arrest": "under house arrest", "released": "released",
            "exiled": "in exile", "deceased": "deceased", "disappeared": "disappeared", "unknown": "unknown",
        },
        "status_detail": {
            "pretrial": "pretrial", "serving_sentence": "serving a sentence",
            "conditional_release": "conditional release", "sentence_suspended": "sentence suspended",
            "pardoned": "pardoned", "amnestied": "amnestied", "acquitted": "acquitted",
            "sentence_completed": "sentence completed", "allowed_to_leave": "allowed to leave the country",
        },
        "role": {
            "journalist": "journalist", "blogger": "blogger", "human_rights_defender": "human rights defender",
            "lawyer": "lawyer", "opposition_politician": "opposition politician", "civic_activist": "civic activist",
            "youth_activist": "youth activist", "religious_believer": "religious believer", "academic": "academic",
            "writer_artist": "writer or artist", "other": "other",
        },
        "category": {
            "drugs": "drugs", "hooliganism": "hooliganism", "economic": "economic", "fraud": "fraud",
            "anti_state": "anti-state", "incitement": "incitement", "extremism": "extremism",
            "weapons": "weapons", "violence": "violence", "defamation": "defamation",
            "public_order": "public order", "abuse_of_office": "abuse of office", "other": "other",
            "(none)": "no charge on record",
        },
        "event": {
            "arrest": "arrest", "detention": "detention", "charged": "charged",
            "pretrial_detention": "pretrial detention", "pretrial_extended": "pretrial detention extended",
            "house_arrest": "house arrest", "trial_opened": "trial opened", "verdict": "verdict",
            "sentenced": "sentenced", "appeal": "appeal", "appeal_ruling": "appeal ruling",
            "sentence_suspended": "sentence suspended", "transfer": "transfer", "hunger_strike": "hunger strike",
            "ill_treatment": "ill-treatment", "pardon": "pardon", "amnesty": "amnesty", "release": "release",
            "sentence_completed": "sentence completed", "acquittal": "acquittal", "travel_ban": "travel ban",
            "left_country": "left the country", "death": "death", "disappearance": "disappearance",
            "echr_judgment": "European Court judgment", "un_opinion": "UN opinion",
            "international_call": "call for release", "recognized": "recognised as a political prisoner",
            "other": "other",
        },
        "gender": {"female": "female", "male": "male", "other": "other"},
        "org_type": {
            "party": "party", "movement": "movement", "media": "media outlet", "ngo": "non-governmental organisation",
            "religious": "religious community", "intergovernmental": "intergovernmental body", "court": "court",
            "government": "government body", "other": "other",
        },
    },
}

# The language a country's native names are usually written in, for `lang` on native-script names.
# Countries not listed get no `lang` on their native names (the page's language is not claimed for them).
NATIVE_LANG = {
    "AZ": "az", "AM": "hy", "BY": "be", "CN": "zh", "CU": "es", "EG": "ar", "ER": "ti", "GE": "ka", "IR": "fa",
    "KG": "ky", "KZ": "kk", "MM": "my", "RU": "ru", "SA": "ar", "SY": "ar", "TJ": "tg", "TM": "tk", "TR": "tr",
    "UA": "uk", "UZ": "uz", "VE": "es", "VN": "vi", "NI": "es", "BH": "ar", "AE": "ar", "KP": "ko",
}


_EN = STRINGS[DEFAULT_LANG]


def languages() -> list[str]:
    return sorted(STRINGS)


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The interface text `key` in `lang` (English where the translation lacks it), filled with `values`."""
    template = STRINGS.get(lang, _EN).get(key) or _EN[key]
    return template.format(**values) if values else template


def label(kind: str, code: str | None, lang: str = DEFAULT_LANG) -> str:
    """The word for a vocabulary code (`youth_activist` → `youth activist`); unknown codes read with spaces."""
    if code is None:
        return ""
    words = LABELS.get(lang, {}).get(kind, {}).get(code) or LABELS[DEFAULT_LANG].get(kind, {}).get(code)
    return words or code.replace("_", " ")


def native_lang(country: str | None) -> str | None:
    return NATIVE_LANG.get(country or "")

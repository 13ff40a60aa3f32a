"""Consistency checks on the shipped registry data: countries.csv and speakers.csv.

These read the CSV files directly (csv/pathlib only) so they stay valid whatever
the loader API in ``stance.speakers`` looks like.
"""
import csv
import datetime as dt
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "stance" / "data"
COUNTRY_COLUMNS = ["code", "kind", "name", "aliases", "demonyms", "capitals", "government"]
SPEAKER_COLUMNS = ["name", "type", "affiliation", "aliases", "titles", "gender", "start", "end"]
NON_UN_COUNTRIES = {"TWN", "XKX", "PSE", "VAT"}


def _read(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _split(value):
    return [part for part in value.split("|")] if value else []


@pytest.fixture(scope="module")
def countries():
    return _read("countries.csv")


@pytest.fixture(scope="module")
def speakers():
    return _read("speakers.csv")


@pytest.fixture(scope="module")
def codes(countries):
    return {row["code"] for row in countries[1]}


def test_headers(countries, speakers):
    assert countries[0] == COUNTRY_COLUMNS
    assert speakers[0] == SPEAKER_COLUMNS


def test_no_empty_or_padded_list_items(countries, speakers):
    for rows, columns in ((countries[1], ("aliases", "demonyms", "capitals")),
                          (speakers[1], ("aliases", "titles"))):
        for row in rows:
            assert None not in row, f"extra fields in row {row}"
            for column in columns:
                for item in _split(row[column]):
                    assert item and item == item.strip(), f"{row.get('code') or row['name']}: bad {column} item {item!r}"


def test_country_codes_are_unique_and_well_formed(countries):
    rows = countries[1]
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert row["kind"] in ("country", "bloc"), row["code"]
        if row["kind"] == "country":
            assert re.fullmatch(r"[A-Z]{3}", row["code"]), row["code"]


def test_every_un_member_and_the_four_others(countries):
    country_codes = {row["code"] for row in countries[1] if row["kind"] == "country"}
    assert NON_UN_COUNTRIES <= country_codes
    assert len(country_codes - NON_UN_COUNTRIES) == 193


def test_every_country_has_government_and_demonym(countries):
    for row in countries[1]:
        assert row["name"], row["code"]
        assert _split(row["demonyms"]), f"{row['code']} has no demonym"
        assert row["government"], f"{row['code']} has no government name"
        if row["kind"] == "country":
            assert row["government"].endswith(" government"), row["code"]


def test_country_strings_name_one_country_only(countries):
    owner = {}
    for row in countries[1]:
        strings = {row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), *_split(row["capitals"])}
        for text in strings:
            key = text.casefold()
            assert owner.setdefault(key, row["code"]) == row["code"], f"{text!r} names both {owner[key]} and {row['code']}"


def test_speaker_names_are_unique(speakers):
    names = [row["name"] for row in speakers[1]]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates


def test_speaker_types_and_affiliations(speakers, codes):
    for row in speakers[1]:
        assert row["type"] in ("person", "organization", "group"), row["name"]
        assert row["affiliation"] in codes, f"{row['name']}: unknown affiliation {row['affiliation']!r}"
        if row["type"] == "person":
            assert row["gender"] in ("m", "f", ""), row["name"]
        else:
            assert not (row["gender"] or row["start"] or row["end"]), row["name"]


def test_no_alias_shared_across_affiliations(speakers):
    owner = {}
    for row in speakers[1]:
        assert row["name"] not in _split(row["aliases"]), f"{row['name']} lists itself as alias"
        for text in (row["name"], *_split(row["aliases"])):
            key = text.casefold()
            first = owner.setdefault(key, (row["affiliation"], row["name"]))
            assert first[0] == row["affiliation"], f"{text!r} is used by {first[1]} and {row['name']}"


def test_speaker_aliases_do_not_name_other_countries(countries, speakers):
    country_of = {}
    for row in countries[1]:
        for text in (row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), *_split(row["capitals"])):
            country_of[text.casefold()] = row["code"]
    for row in speakers[1]:
        for text in (row["name"], *_split(row["aliases"])):
            code = country_of.get(text.casefold())
            assert code in (None, row["affiliation"]), f"{row['name']}: {text!r} is a name of {code}"


def test_titles_are_lower_case_without_nationality_prefix(countries, speakers):
    demonyms = {row["code"]: {d.casefold() for d in _split(row["demonyms"])} for row in countries[1]}
    for row in speakers[1]:
        for title in _split(row["titles"]):
            assert title == title.lower(), f"{row['name']}: {title!r}"
            first_word = title.split()[0]
            assert first_word not in demonyms[row["affiliation"]], f"{row['name']}: {title!r} starts with the nationality"


MAIN_TITLES = ("president", "vice-president", "prime minister", "premier", "chancellor", "king", "emir", "leader",
               "supreme leader", "crown prince", "foreign minister", "secretary of state", "foreign secretary",
               "defense minister", "defence minister", "national security adviser", "army chief", "chief",
               "secretary-general", "secretary general", "ambassador to the united nations", "un ambassador")


def _overlap(a, b):
    return (a["start"] or "0000") <= (b["end"] or "9999") and (b["start"] or "0000") <= (a["end"] or "9999")


def test_other_titles_do_not_end_in_a_main_title(speakers):
    """A lookup of ``foreign minister`` must not also find a ``deputy foreign minister`` in office at the time."""
    people = [row for row in speakers[1] if row["type"] == "person"]
    for holder in people:
        for main in set(_split(holder["titles"])) & set(MAIN_TITLES):
            for other in people:
                if other is holder or other["affiliation"] != holder["affiliation"] or not _overlap(holder, other):
                    continue
                titles = set(_split(other["titles"]))
                clashes = [t for t in titles if t.endswith(" " + main)] if main not in titles else []
                assert not clashes, f"{other['name']}: {clashes} would answer a lookup of {holder['name']}'s {main!r}"


def test_dates_parse_and_are_ordered(speakers):
    for row in speakers[1]:
        dates = {}
        for column in ("start", "end"):
            if row[column]:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[column]), f"{row['name']}: {column} {row[column]!r}"
                dates[column] = dt.date.fromisoformat(row[column])
        if len(dates) == 2:
            assert dates["start"] <= dates["end"], row["name"]


def test_seed_speakers_present(speakers):
    by_name = {row["name"]: row for row in speakers[1]}
    for name, affiliation in (("Sergei Lavrov", "RUS"), ("Vladimir Putin", "RUS"),
                              ("Matthew Miller", "USA"), ("Lynne Tracy", "USA"), ("Kremlin", "RUS")):
        assert by_name[name]["affiliation"] == affiliation

import pytest

from forbattra.errors import TaxonomyError
from forbattra.taxonomy import dump_taxonomy, load_taxonomy, parse_taxonomy

STANDARD = {
    "ekonomi": "Ekonomi och resurser", "kompetens": "Utbildning och kompetensutveckling",
    "personal": "Rekrytering och bemanning", "lokaler": "Lokaler och fysisk miljö",
    "arbetsmiljo": "Arbetsmiljö och hälsa", "ledning": "Ledning, styrning och delaktighet",
    "it": "IT och digitala verktyg", "arbetssatt": "Arbetssätt, rutiner och dokumentation",
    "samverkan": "Samverkan och kommunikation", "brukare": "Brukarfokus och tillgänglighet", "ovrigt": "Övrigt",
}


def test_standard_ids_and_labels():
    t = load_taxonomy("standard")
    assert {th.id: th.label for th in t.themes} == STANDARD
    assert t.fallback == "ovrigt"


def test_huset_has_rooms_and_garage():
    t = load_taxonomy("huset")
    assert t.fallback == "ej_placerad" and "bottenplatta" in t and "omvarld" in t and "garage" in t


def test_every_problem_reported_with_lines(data_dir):
    with pytest.raises(TaxonomyError) as e:
        load_taxonomy(str(data_dir / "taxonomy_bad.yaml"))
    msg = str(e.value)
    assert "taxonomy_bad.yaml:5: themes[0].keywords: expected a list of strings" in msg
    assert "taxonomy_bad.yaml:6: themes[0].colour: unknown key" in msg
    assert "taxonomy_bad.yaml:7: themes[1].id: duplicate id 'lokaler'" in msg
    assert "themes[2].id: missing or invalid id" in msg
    assert "fallback theme 'ovrigt' is not among the themes" in msg


def test_invalid_yaml_has_line():
    with pytest.raises(TaxonomyError, match=r"x.yaml:3: invalid YAML"):
        parse_taxonomy("themes:\n  - id: [unclosed\n", source="x.yaml")


def test_round_trip_and_hash():
    t = load_taxonomy("standard")
    t2 = parse_taxonomy(dump_taxonomy(t), source="copy.yaml")
    assert t2.hash() == t.hash() and t2.ids == t.ids

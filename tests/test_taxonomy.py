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


def test_repeated_keys_and_labels_are_problems_with_their_lines(tmp_path):
    import pytest as _pytest

    from forbattra.errors import TaxonomyError
    from forbattra.taxonomy import parse_taxonomy

    text = ("name: t\nthemes:\n  - id: lon\n    label: Personal\n    keywords: [lön]\n    keywords: [löner]\n"
            "  - id: bemanning\n    label: personal\n  - id: ovrigt\n    label: Övrigt\n")
    with _pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    msg = exc.value.render("sv")
    assert "t.yaml:6: keywords: nyckeln 'keywords' står två gånger" in msg
    assert "t.yaml:8: themes[1].label: etiketten 'personal' har redan temat 'lon'" in msg


def test_a_draft_from_clusters_with_the_same_label_is_a_valid_taxonomy():
    import pandas as pd

    from forbattra.analysis.clustering import draft_taxonomy
    from forbattra.taxonomy import dump_taxonomy, parse_taxonomy

    cl = pd.DataFrame([{"cluster": k, "label": "schema", "phrases": [], "key_terms": [f"ord{k}"], "size": 3,
                        "examples": ["a", "b"]} for k in (1, 2)] +
                      [{"cluster": 3, "label": "övrigt", "phrases": [], "key_terms": ["x"], "size": 2, "examples": ["c"]}])
    tax = parse_taxonomy(dump_taxonomy(draft_taxonomy(cl)))
    assert [tax.label(t) for t in tax.ids] == ["Schema", "Schema (kluster_02)", "Övrigt (kluster_03)", "Övrigt"]

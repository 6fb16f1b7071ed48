"""Every message forbattra shows a person, in Swedish and English, in one table.

The library never formats status text itself: it reports an event as a key and fields
(``log("store_run", run=3, new=2, ...)``) and the command line renders it with :func:`t` in the
user's language. Swedish is the default; English with ``--lang en``, or when ``FORBATTRA_LANG`` or
``LANG`` names English.
"""

from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    "read_file": {"sv": "Läste {path} ({how})", "en": "Read {path} ({how})"},
    "read_chunks": {"sv": "Läser {path} i delar (stor avgränsad fil; minnet hålls begränsat)",
                    "en": "Read {path} in chunks (big delimited file; memory stays bounded)"},
    "columns": {"sv": "Kolumner: {roles}", "en": "Columns: {roles}"},
    "role_text": {"sv": "text", "en": "text"},
    "role_id": {"sv": "id", "en": "id"},
    "role_group": {"sv": "enhet", "en": "group"},
    "role_date": {"sv": "datum", "en": "date"},
    "role_person": {"sv": "person", "en": "person"},
    "longest_text": {"sv": " (längst text)", "en": " (longest text)"},
    "counts": {"sv": "Läste {read} rader, klassificerade {classified}, tomma {empty}, inga förslag {no_suggestion}{unchanged} ({seconds:.1f} s).",
               "en": "Read {read} rows, classified {classified}, empty {empty}, no suggestion {no_suggestion}{unchanged} ({seconds:.1f} s)."},
    "counts_unchanged": {"sv": ", oförändrade sedan förra körningen {n}", "en": ", unchanged since last run {n}"},
    "wrote": {"sv": "Skrev {path}", "en": "Wrote {path}"},
    "skipped_file": {"sv": "hoppade över {path}: {reason}", "en": "skipped {path}: {reason}"},
    "skipped_files": {"sv": "{n} fil(er) hoppades över; se raderna ovan", "en": "{n} file(s) skipped; see the lines above"},
    "taxonomy_model": {"sv": "Taxonomi {taxonomy!r} ({n} teman + {fallback}), modell {model}",
                       "en": "Taxonomy {taxonomy!r} ({n} themes + {fallback}), model {model}"},
    "taxonomy_zeroshot": {"sv": "Taxonomi {taxonomy!r} ({n} teman + {fallback}), sorteras efter temanas betydelse via standardmodellen (ingen egen modell)",
                          "en": "Taxonomy {taxonomy!r} ({n} themes + {fallback}), sorted by the themes' meaning through the standard model (no model of its own)"},
    "taxonomy_keywords": {"sv": "Taxonomi {taxonomy!r} ({n} teman + {fallback}), bara nyckelord (ingen modell)",
                          "en": "Taxonomy {taxonomy!r} ({n} themes + {fallback}), keywords only (no model)"},
    "store_unchanged": {"sv": "Historik {store}: {reused} av {n} förslag oförändrade sedan en tidigare körning; klassificerar de övriga {todo}",
                        "en": "Store {store}: {reused} of {n} suggestions unchanged since an earlier run; classifying the other {todo}"},
    "store_run": {"sv": "Historik {store}: körning {run}: {new} nya, {changed} ändrade, {unchanged} oförändrade",
                  "en": "Store {store}: run {run}: {new} new, {changed} changed, {unchanged} unchanged"},
    "trained": {"sv": "Tränade på {n} förslag; korsvaliderad mikro-F1 {micro:.3f}, makro-F1 {macro:.3f} ({folds} delar).",
                "en": "Trained on {n} suggestions; cross-validated micro-F1 {micro:.3f}, macro-F1 {macro:.3f} ({folds} folds)."},
    "one_theme_model": {"sv": "modellen lägger {share:.0%} av dina märkta förslag i {theme!r} (korsvaliderat): den har inte lärt sig skilja dina kategorier åt; märk fler förslag i de andra kategorierna",
                        "en": "the model puts {share:.0%} of your labelled suggestions in {theme!r} (cross-validated): it has not learnt to tell your categories apart; label more suggestions of the other categories"},
    "base_score": {"sv": "Den medföljande modellen ensam får mikro-F1 {micro:.3f} på samma rader.",
                   "en": "The shipped model alone scores micro-F1 {micro:.3f} on the same rows."},
    "one_theme_run": {"sv": "{share:.0%} av förslagen fick temat {theme!r}; om de inte verkligen mest handlar om det har modellen lärt sig för lite: märk fler förslag i de andra temana ('forbattra review' väljer ut dem) och träna igen",
                      "en": "{share:.0%} of the suggestions got the theme {theme!r}; unless they really are mostly about that, the model has learnt too little: label more suggestions of the other themes ('forbattra review' picks them) and train again"},
    "review_written": {"sv": "Skrev {path}: {n} av {total} förslag att märka först; fyll i '{column}', sedan: forbattra train --corrections {path}",
                       "en": "Wrote {path}: {n} of {total} suggestions to label first; fill in '{column}', then: forbattra train --corrections {path}"},
    "corrections_kept": {"sv": "{path}: behöll {n} rättelse(r) från kolumnen 'Rättat tema' (matchade på {by})",
                         "en": "{path}: kept {n} correction(s) from the 'Rättat tema' column (matched by {by})"},
    "taxonomy_derived": {"sv": "Dina etiketter hör inte till en inbyggd taxonomi: gjorde en taxonomi med {n} kategorier av dem (+ {fallback!r}); den sparas med modellen",
                         "en": "Your labels are not those of a built-in taxonomy: made a taxonomy of {n} categories from them (+ {fallback!r}); it is stored with the model"},
    "taxonomy_keywords_only_name": {"sv": "Taxonomi {taxonomy!r} ({n} teman)", "en": "Taxonomy {taxonomy!r} ({n} themes)"},
    "building_on_base": {"sv": "Bygger på forbattras medföljande modell för {taxonomy!r} (--no-base för att börja från noll)",
                         "en": "Building on forbattra's shipped model for {taxonomy!r} (--no-base to start from scratch)"},
    "thin_classes": {"sv": "för få exempel (< 5) för {which}: modellen kan inte lära sig de kategorierna; märk fler förslag av dem",
                     "en": "too few examples (< 5) for {which}: the model cannot learn these categories; label more suggestions of them"},
    "use_model": {"sv": "Skrev {path}; använd den med: forbattra classify INDATA --model {path}",
                  "en": "Wrote {path}; use it with: forbattra classify INPUT --model {path}"},
    "training_dropped": {"sv": "{source}: {n} rad(er) utan text eller etikett används inte", "en": "{source}: {n} row(s) without text or label not used for training"},
    "corrected_rows": {"sv": "{source}: {n} rättad(e) rad(er)", "en": "{source}: {n} corrected row(s)"},
    "guided": {"sv": "Klustringen styrs av modellens temapoäng (--unguided för bara text)",
               "en": "Clustering guided by the model's theme scores (--unguided for text only)"},
    "clusters_done": {"sv": "{n} förslag, {k} kluster, {weak} svaga.", "en": "{n} suggestions, {k} clusters, {weak} weak fits."},
    "draft_written": {"sv": "Skrev {path}; granska den, sedan: forbattra classify {input} --taxonomy {path} --model none",
                      "en": "Wrote {path}; review it, then: forbattra classify {input} --taxonomy {path} --model none"},
    "duplicates_done": {"sv": "{groups} dubblettgrupper med {rows} av {n} förslag.",
                        "en": "{groups} duplicate groups with {rows} of {n} suggestions."},
    "extracted": {"sv": "Tog ut {n} förslag ur {files} dokument{skipped}.", "en": "Extracted {n} proposals from {files} document(s){skipped}."},
    "extracted_skipped": {"sv": "; hoppade över {n}", "en": "; skipped {n}"},
    "taxonomy_written": {"sv": "Skrev {path}; redigera den, sedan: forbattra taxonomy validate {path}",
                         "en": "Wrote {path}; edit it, then: forbattra taxonomy validate {path}"},
    "taxonomy_ok": {"sv": "OK: {name}: {n} teman + {fallback}, hash {hash}", "en": "OK: {name}: {n} themes + {fallback}, hash {hash}"},
    "taxonomy_line": {"sv": "{name}\t{n} teman + {fallback}\t{description}", "en": "{name}\t{n} themes + {fallback}\t{description}"},
    "new_since": {"sv": "Nytt eller ändrat sedan förra körningen (körning {run}, {started}): {n} förslag",
                  "en": "New or changed in the last run (run {run}, {started}): {n} suggestions"},
    "read_store": {"sv": "Läste {path} (historik, {n} förslag)", "en": "Read {path} (history store, {n} suggestions)"},
    "read_classified": {"sv": "Läste {path} (klassificerad fil, {n} rader)", "en": "Read {path} (classified output, {n} rows)"},
    "store_no_names": {"sv": "{path}: historiken sparar inga namn, så namn som står i förslagstexten kan inte maskeras "
                             "(personnummer, telefonnummer och e-postadresser maskeras); klassificera med --redact innan "
                             "du sparar för att hålla namn borta från rapporter",
                       "en": "{path}: the store keeps no person names, so names written in the suggestions cannot be "
                             "masked (personnummer, phone numbers and e-mail addresses are); classify with --redact "
                             "before storing to keep names out of reports"},
    "selected": {"sv": "Valde {n} av {total} förslag ({what})", "en": "Selected {n} of {total} suggestions ({what})"},
    "empty_selection": {"sv": "inget förslag matchar urvalet; rapporten blir tom", "en": "no suggestion matches the selection; the report is empty"},
    "themes_title": {"sv": "Teman", "en": "Themes"},
    "clusters_title": {"sv": "Kluster", "en": "Clusters"},
    "progress_classify": {"sv": "Klassificerar", "en": "Classifying"},
    "single_label_model": {"sv": "Nästan varje märkt förslag har en enda kategori: modellen ger varje förslag sin bästa kategori.",
                           "en": "Almost every labelled suggestion has one category: the model gives each suggestion its best one."},
    "precise_model": {"sv": "Precis modell: meningsvektorer (multilingual-e5) med vikt {weight:g}; classify --model läser dem automatiskt (≈ 10–20 förslag per CPU-sekund).",
                      "en": "Precise model: sentence embeddings (multilingual-e5) with weight {weight:g}; classify --model reads them automatically (≈ 10–20 suggestions per CPU-second)."},
    "precise_cost": {"sv": "Precis modell: meningsvektorer för {n} förslag tar ungefär {seconds} CPU-sekunder.",
                     "en": "Precise model: sentence embeddings for {n} suggestions take about {seconds} CPU-seconds."},
    "progress_embed": {"sv": "Läser meningar (e5)", "en": "Reading sentences (e5)"},
}


def default_lang() -> str:
    """The language of messages when no ``--lang`` is given: ``FORBATTRA_LANG``, else ``LANG``, else Swedish."""
    for var in ("FORBATTRA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var, "")
        if v:
            return "en" if v.lower().startswith("en") else "sv"
    return "sv"


def t(key: str, lang: str = "sv", /, **fields) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in; unknown keys are shown as given."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key.format(**fields) if fields else key
    return entry.get(lang, entry["sv"]).format(**fields)

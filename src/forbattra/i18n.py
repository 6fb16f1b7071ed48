"""Every message forbattra shows a person, in Swedish and English, in one table.

The library never formats status text itself: it reports an event as a key and fields
(``log("store_run", run=3, new=2, ...)``) and the command line renders it with :func:`t` in the
user's language. Swedish is the default; English with ``--lang en``, or when ``FORBATTRA_LANG`` or
``LANG`` names English.

Errors work the same way: ``raise InputFileError.of("err_no_path", path=p)`` carries a :class:`Msg` (key +
fields) that reads as English wherever it is used as a string (``str(exc)``, library users, logs) and
that the command line renders in the user's language. Keys of error lines and their parts start with
``err_``; the Swedish says what is wrong, where, and how to fix it.
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
    # errors (err_*): what is wrong, where, how to fix it
    "prefix_error": {"sv": "Fel: ",
                   "en": "Error: "},
    "prefix_warning": {"sv": "Varning: ",
                     "en": "Warning: "},
    "err_interrupted": {"sv": "avbrutet; inget skrevs",
                      "en": "interrupted; nothing was written"},
    "err_out_of_memory": {"sv": "minnet tog slut; dela upp indata i mindre filer",
                        "en": "out of memory; split the input into smaller files"},
    "err_internal": {"sv": "internt fel: {error}: {detail} (kör med --verbose för att se var felet uppstod, och rapportera det gärna)",
                   "en": "internal error: {error}: {detail} (run with --verbose for the traceback and please report it)"},
    "err_no_path": {"sv": "{path}: filen eller mappen finns inte; kontrollera sökvägen",
                  "en": "{path}: no such file or folder; check the path"},
    "err_file_not_found": {"sv": "{path}: filen finns inte; kontrollera sökvägen",
                         "en": "{path}: file not found"},
    "err_not_a_file": {"sv": "{path}: är ingen fil; ange sökvägen till en fil",
                     "en": "{path}: not a file"},
    "err_cannot_read": {"sv": "{path}: kan inte läsa filen ({reason})",
                      "en": "{path}: cannot read file ({reason})"},
    "err_doc_type": {"sv": "{path}: dokumenttypen '{suffix}' stöds inte (använd {expected})",
                   "en": "{path}: unsupported document type '{suffix}' (expected {expected})"},
    "err_doc_type_skipped": {"sv": "{path}: dokumenttypen '{suffix}' stöds inte",
                           "en": "{path}: unsupported document type '{suffix}'"},
    "err_doc_table": {"sv": "{path}: ser ut som en tabell; läs in den som kalkylblad",
                    "en": "{path}: looks like a table; read it as a spreadsheet"},
    "err_binary": {"sv": "{path}: kan inte läsa texten (ser ut som en binärfil)",
                 "en": "{path}: cannot decode text (looks like a binary file)"},
    "err_decode": {"sv": "{path}: kan inte läsa texten (varken UTF-8, UTF-16 eller Windows-1252); spara filen som UTF-8",
                 "en": "{path}: cannot decode text (not UTF-8, UTF-16 or Windows-1252)"},
    "err_docx_old": {"sv": "{path}: kan inte läsa Word-filen: den är lösenordsskyddad eller i det gamla .doc-formatet (spara den som en oskyddad .docx)",
                   "en": "{path}: cannot read this Word file: it is password-protected or in the old .doc format (save it as an unprotected .docx)"},
    "err_docx_bad": {"sv": "{path}: ingen läsbar Word-fil (skadad, eller inte en .docx-fil)",
                   "en": "{path}: not a readable Word document (corrupt, or not a .docx file)"},
    "err_docx_corrupt": {"sv": "{path}: ingen läsbar Word-fil (skadad eller inte en .docx-fil: {reason})",
                       "en": "{path}: not a readable Word document (corrupt or not a .docx file: {reason})"},
    "err_docx_xml": {"sv": "{path}: ingen läsbar Word-fil ({reason})",
                   "en": "{path}: not a readable Word document ({reason})"},
    "err_no_text_layer": {"sv": "{path}: PDF-filen har inget textlager (inskannad?); forbattra läser inte text ur bilder (ingen OCR)",
                        "en": "{path}: no text layer (scanned?); forbattra does no OCR"},
    "err_pdf_bad": {"sv": "{path}: ingen läsbar PDF (skadad eller inte en PDF: {reason})",
                  "en": "{path}: not a readable PDF (corrupt or not a PDF: {reason})"},
    "err_pdf_encrypted_open": {"sv": "{path}: PDF-filen är krypterad och kan inte öppnas ({reason})",
                             "en": "{path}: PDF is encrypted and cannot be opened ({reason})"},
    "err_pdf_encrypted": {"sv": "{path}: PDF-filen är krypterad (lösenordsskyddad); spara en oskyddad kopia",
                        "en": "{path}: PDF is encrypted (password-protected); save an unprotected copy"},
    "err_pdf_corrupt": {"sv": "{path}: ingen läsbar PDF (skadad: {reason})",
                      "en": "{path}: not a readable PDF (corrupt: {reason})"},
    "err_pdf_no_pages": {"sv": "{path}: PDF-filen har inga sidor",
                       "en": "{path}: PDF has no pages"},
    "err_pdf_page": {"sv": "{path}: kan inte läsa texten på sida {page} ({reason})",
                   "en": "{path}: cannot read the text of page {page} ({reason})"},
    "err_folder_no_docs": {"sv": "{path}: mappen har inga dokument (.docx, .pdf, .txt eller .md); ange ett kalkylblad, en CSV-fil eller en mapp med dokument",
                         "en": "{path}: is a folder with no .docx, .pdf, .txt or .md documents; give a spreadsheet/CSV file or a folder of documents"},
    "err_folder_unreadable": {"sv": "{path}: inget läsbart dokument i mappen ({n} hoppades över: {first}: {reason})",
                            "en": "{path}: no readable document in the folder ({n} skipped: {first}: {reason})"},
    "err_path_reason": {"sv": "{path}: {reason}",
                      "en": "{path}: {reason}"},
    "err_what_document": {"sv": "dokumentet",
                        "en": "the document"},
    "err_what_documents": {"sv": "de {n} dokumenten i mappen",
                         "en": "the {n} document(s) in the folder"},
    "err_no_proposals_list": {"sv": "{path}: hittade inga förslag i {what} (inga punktlistor eller tabellrader); prova --split auto eller --split paragraph",
                            "en": "{path}: no proposals found in {what} (no list items or table rows); try --split auto or --split paragraph"},
    "err_no_proposals_text": {"sv": "{path}: hittade inga förslag i {what} (ingen text på minst {min_length} tecken); kontrollera filen eller sänk --min-length",
                            "en": "{path}: no proposals found in {what} (no text of at least {min_length} characters); check the file, or lower --min-length"},
    "err_doc_column_options": {"sv": "--text-column/--id-column/--date-column/--person-column gäller kalkylblad; dokument ger kolumnerna id, fil, sida, stycke, rubrik, förslag",
                             "en": "--text-column/--id-column/--date-column/--person-column apply to spreadsheets; documents give columns id, fil, sida, stycke, rubrik, förslag"},
    "err_doc_group_column": {"sv": "kolumnen {column!r} för --group-column finns inte; dokumentens kolumner: {columns}",
                           "en": "no column {column!r} for --group-column; document columns: {columns}"},
    "err_no_column": {"sv": "kolumnen {name!r} finns inte; kolumner i filen: {columns}; ange rätt namn med {option}",
                    "en": "no column {name!r}; columns found: {columns}; name it with {option}"},
    "err_config_missing": {"sv": "{path}: konfigurationsfilen finns inte; kontrollera sökvägen efter --config",
                         "en": "{path}: config file not found"},
    "err_config_top": {"sv": "{path}: förväntade avsnitt som [classify] på översta nivån",
                     "en": "{path}: expected sections like [classify] at the top level"},
    "err_config_section": {"sv": "okänt avsnitt [{section}] (kommandon: {commands})",
                         "en": "unknown section [{section}] (commands: {commands})"},
    "err_config_pairs": {"sv": "[{section}]: förväntade rader på formen alternativ = värde",
                       "en": "[{section}]: expected option = value pairs"},
    "err_config_option": {"sv": "[{section}] {option}: okänt alternativ (tillåtna: {allowed})",
                        "en": "[{section}] {option}: unknown option (allowed: {allowed})"},
    "err_config_read": {"sv": "{path}: kan inte läsa konfigurationsfilen ({reason})",
                      "en": "{path}: cannot read the config file ({reason})"},
    "err_config_utf8": {"sv": "{path}: inte UTF-8 (byte 0x{byte:02x} på position {position}; troligen sparad som Windows-1252/ANSI); öppna den i en textredigerare och spara den som UTF-8",
                      "en": "{path}: not UTF-8 (byte 0x{byte:02x} at position {position}; probably saved as Windows-1252/ANSI); open it in a text editor and save it as UTF-8"},
    "err_config_toml": {"sv": "{path}: ogiltig TOML: {reason}",
                      "en": "{path}: invalid TOML: {reason}"},
    "err_config_yaml": {"sv": "{path}:{line}: ogiltig YAML",
                      "en": "{path}:{line}: invalid YAML"},
    "err_taxonomy_not_found": {"sv": "taxonomin {name!r} finns inte: ange en YAML-fil eller en av de inbyggda ({builtins})",
                             "en": "taxonomy {name!r} not found: give a YAML file or one of the built-ins ({builtins})"},
    "err_taxonomy_dir": {"sv": "{path}: är en mapp; ange en taxonomifil (YAML)",
                       "en": "{path}: is a directory, expected a taxonomy YAML file"},
    "err_taxonomy_utf8": {"sv": "{path}: inte UTF-8-text; spara taxonomin som UTF-8",
                        "en": "{path}: not UTF-8 text; save the taxonomy as UTF-8"},
    "err_taxonomy_yaml": {"sv": "{where}: ogiltig YAML: {reason}",
                        "en": "{where}: invalid YAML: {reason}"},
    "err_taxonomy_empty": {"sv": "{path}: filen är tom; förväntade 'themes:' med en lista av teman",
                         "en": "{path}: the file is empty; expected 'themes:' with a list of themes"},
    "err_taxonomy_top": {"sv": "{path}:1: förväntade 'themes:' på översta nivån",
                       "en": "{path}:1: expected a mapping with 'themes:' at the top level"},
    "err_taxonomy_invalid": {"sv": "ogiltig taxonomi ({n} problem):\n{problems}",
                           "en": "invalid taxonomy ({n} problems):\n{problems}"},
    "err_taxonomy_invalid_one": {"sv": "ogiltig taxonomi (1 problem):\n{problems}",
                               "en": "invalid taxonomy (1 problem):\n{problems}"},
    "err_tx_unknown_key": {"sv": "okänd nyckel (tillåtna: {allowed})",
                         "en": "unknown key (allowed: {allowed})"},
    "err_tx_theme_id": {"sv": "förväntade ett tema-id",
                      "en": "expected a theme id"},
    "err_tx_themes": {"sv": "förväntade en lista med minst ett tema",
                    "en": "expected a non-empty list of themes"},
    "err_tx_theme_mapping": {"sv": "förväntade ett tema med id, label, keywords",
                           "en": "expected a mapping with id, label, keywords"},
    "err_tx_list": {"sv": "förväntade en lista med texter",
                  "en": "expected a list of strings"},
    "err_tx_bool": {"sv": "förväntade true eller false",
                  "en": "expected true or false"},
    "err_tx_number": {"sv": "förväntade ett tal mellan 0 och 1",
                    "en": "expected a number between 0 and 1"},
    "err_tx_string": {"sv": "förväntade en text",
                    "en": "expected a string"},
    "err_tx_id": {"sv": "id saknas eller är ogiltigt (små bokstäver, siffror och _, med en bokstav först; t.ex. lön, gata_park)",
                "en": "missing or invalid id (lower-case letters, digits, _; starting with a letter; e.g. lön, gata_park)"},
    "err_tx_dup_id": {"sv": "id {id!r} finns redan (först i themes[{first}])",
                    "en": "duplicate id {id!r} (first used in themes[{first}])"},
    "err_tx_label": {"sv": "label saknas",
                   "en": "missing label"},
    "err_tx_fallback_manual": {"sv": "reservtemat (fallback) kan inte vara manual (klassificeraren sätter det)",
                             "en": "the fallback theme cannot be manual (the classifier assigns it)"},
    "err_tx_fallback_missing": {"sv": "reservtemat (fallback) {fallback!r} finns inte bland temana; lägg till det (t.ex. id: {fallback}, label: Övrigt)",
                              "en": "fallback theme {fallback!r} is not among the themes; add it (e.g. id: {fallback}, label: Övrigt)"},
    "err_store_folder": {"sv": "{store}: mappen {folder} finns inte; skapa den eller ange en annan sökväg",
                       "en": "{store}: the folder {folder} does not exist"},
    "err_store_location": {"sv": "{store}: ingen giltig plats för historiken; ange en SQLite-fil eller en URL som postgresql://användare:lösenord@värd/databas",
                         "en": "{store}: not a valid store location; give a SQLite file or a URL like postgresql://user:password@host/database"},
    "err_store_dialect": {"sv": "{store}: {dialect} kan inte användas för historiken; använd en SQLite-fil eller en postgresql://-URL",
                        "en": "{store}: {dialect} is not supported as a store; use a SQLite file or a postgresql:// URL"},
    "err_store_driver": {"sv": "kan inte öppna historiken {store}: databasdrivrutinen {driver!r} är inte installerad; installera den med: pip install 'forbattra[postgres]'",
                       "en": "cannot open the store {store}: the database driver {driver!r} is not installed; install it with: pip install 'forbattra[postgres]'"},
    "err_store_open": {"sv": "kan inte öppna historiken {store}: {detail}",
                     "en": "cannot open the store {store}: {detail}"},
    "err_store_read": {"sv": "kan inte läsa historiken {store}: {detail}",
                     "en": "cannot read the store {store}: {detail}"},
    "err_store_update": {"sv": "kan inte uppdatera historiken {store}: {detail}",
                       "en": "cannot update the store {store}: {detail}"},
    "err_unknown_theme_ids": {"sv": "{source}: okända tema-id {items}; giltiga id: {valid}",
                            "en": "{source}: unknown theme ids {items}; valid ids: {valid}"},
    "err_too_few_labelled": {"sv": "det behövs minst 20 märkta förslag för att träna, men det finns {n}",
                           "en": "need at least 20 labelled suggestions to train, got {n}"},
    "err_not_model_dir": {"sv": "{path}: ingen forbattra-modell (model.json och weights.npz saknas); skapa en med 'forbattra train'",
                        "en": "{path}: not a forbattra model directory (model.json and weights.npz expected); create one with 'forbattra train'"},
    "err_model_damaged": {"sv": "{path}: modellfilerna är skadade ({what}); träna om med 'forbattra train'",
                        "en": "{path}: the model files are damaged ({what}); retrain with 'forbattra train'"},
    "err_model_format": {"sv": "{path}: modellformatet {format} stöds inte av forbattra {version} (förväntade {expected} eller {other}); träna om med 'forbattra train'",
                       "en": "{path}: model format {format} is not supported by forbattra {version} (expects {expected} or {other}); retrain with 'forbattra train'"},
    "err_model_version": {"sv": "{path}: modellen gjordes med forbattra {made_with}, det här är {version}; träna om den med 'forbattra train' (en modell gäller bara för samma delversion av forbattra)",
                        "en": "{path}: this model was made with forbattra {made_with}, this is {version}; retrain it with 'forbattra train' (models are kept per minor version)"},
    "err_model_taxonomy": {"sv": "{path}: modellen tränades för taxonomin {taxonomy!r} (hash {model_hash}), inte för {wanted!r} (hash {wanted_hash}); träna om den med 'forbattra train --taxonomy ...' eller ta bort --model",
                         "en": "{path}: this model was trained for taxonomy {taxonomy!r} (hash {model_hash}), not for {wanted!r} (hash {wanted_hash}); retrain it with 'forbattra train --taxonomy ...' or drop --model"},
    "err_model_mismatch": {"sv": "{path}: model.json och weights.npz{part} hör inte ihop; träna om med 'forbattra train'",
                         "en": "{path}: model.json and weights.npz{part} do not match; retrain with 'forbattra train'"},
    "err_md_nested": {"sv": "model.json är för djupt nästlad",
                    "en": "model.json is nested too deeply"},
    "err_md_not_object": {"sv": "model.json innehåller {kind}, inte ett objekt",
                        "en": "model.json holds a {kind}, not an object"},
    "err_md_field": {"sv": "{field} saknas eller är fel: förväntade {expected}",
                   "en": "{field} missing or wrong: expected {expected}"},
    "err_md_themes_taxonomy": {"sv": "'themes' stämmer inte med taxonomins teman",
                             "en": "'themes' do not match the taxonomy's themes"},
    "err_md_precise": {"sv": "'precise', formatet och emb_coef i weights.npz stämmer inte överens",
                     "en": "'precise', the format and weights.npz's emb_coef do not agree"},
    "err_md_weights_nan": {"sv": "weights.npz: {name} innehåller NaN eller oändliga värden",
                         "en": "weights.npz: {name} holds NaN or infinite values"},
    "err_md_weights_type": {"sv": "weights.npz: {name} innehåller inte tal",
                          "en": "weights.npz: {name} is not numeric"},
    "err_theme_row": {"sv": "{id!r} (rad {row})",
                    "en": "{id!r} (row {row})"},
    "err_md_strings": {"sv": "en lista med texter",
                     "en": "a list of strings"},
    "err_md_theme_ids": {"sv": "en lista med tema-id",
                       "en": "a list of theme ids"},
    "err_md_corrections": {"sv": "ett objekt med listor av tema-id",
                         "en": "an object of theme-id lists"},
    "err_md_thresholds": {"sv": "ett tal per tema",
                        "en": "a number per theme"},
    "err_md_params": {"sv": "ett objekt med C, min_df, class_weight",
                    "en": "an object of C, min_df, class_weight"},
    "err_md_number": {"sv": "ett tal",
                    "en": "a number"},
    "err_md_gate": {"sv": "en lista med högst {n} rader om 4 tal",
                  "en": "a list of at most {n} rows of 4 numbers"},
    "err_md_bool": {"sv": "true eller false",
                  "en": "true or false"},
    "err_md_dim": {"sv": "ett objekt med dim {dim}",
                 "en": "an object with dim {dim}"},
    "err_unknown_themes": {"sv": "{source}: okända teman {items}{more} för taxonomin {taxonomy!r}; giltiga: {valid}{hint}",
                         "en": "{source}: unknown themes {items}{more} for taxonomy {taxonomy!r}; valid: {valid}{hint}"},
    "err_more": {"sv": " och {n} till",
               "en": " and {n} more"},
    "err_hint_derive": {"sv": "; utelämna --taxonomy så görs kategorier av dina etiketter",
                      "en": "; leave out --taxonomy to make categories from your labels"},
    "err_source_column": {"sv": "{name}: kolumnen {column}",
                        "en": "{name}: column {column}"},
    "err_base_no_theme": {"sv": "den medföljande modellen har inget tema {theme!r}; träna med --no-base",
                        "en": "the base model has no theme {theme!r}; train with --no-base"},
    "err_no_corrections_column": {"sv": "{name}: kolumnen 'Rättat tema' saknas; fyll i den kolumnen i Excel-filen som 'forbattra classify' skrev och ange sedan filen med --corrections",
                                "en": "{name}: no 'Rättat tema' column; fill in the column of that name in the Excel file 'forbattra classify' wrote, then pass it to --corrections"},
    "err_nothing_to_train": {"sv": "inget att träna på: hittade inga märkta rader",
                           "en": "nothing to train on: no labelled rows found"},
    "err_base_builtin_only": {"sv": "--base bygger på en medföljande modell, och sådana finns bara för de inbyggda taxonomierna (standard, huset); utelämna --base för egna kategorier",
                            "en": "--base builds on a shipped model, which exists only for the built-in taxonomies (standard, huset); leave out --base for your own categories"},
    "err_no_labels": {"sv": "hittade inga etiketter: etikettkolumnen är tom",
                    "en": "no labels found: the label column is empty"},
    "err_only_fallback_label": {"sv": "etikettkolumnen har ingen annan kategori än 'Övrigt'; det finns inget att lära",
                              "en": "the label column names no category other than 'Övrigt'; nothing to learn"},
    "err_precise_missing": {"sv": "--precise behöver modellen för meningsvektorer, som inte är installerad; installera tillägget: pip install \"forbattra[precise]\"",
                          "en": "--precise needs the sentence-embedding model, which is not installed; install the optional extra: pip install \"forbattra[precise]\""},
    "err_review_needs_model": {"sv": "för att välja förslag att granska behövs en modell (ta bort '--model none')",
                             "en": "choosing suggestions to review needs a model (drop '--model none')"},
    "err_report_format": {"sv": "{path}: okänt rapportformat {suffix}; använd något av {formats}",
                        "en": "{path}: unknown report format {suffix}; use one of {formats}"},
    "err_not_classified": {"sv": "{path}: kolumnen 'Tema-id'/'Theme ids' saknas; är det här en fil från 'forbattra classify'?",
                         "en": "{path}: no 'Tema-id'/'Theme ids' column; is this the output of 'forbattra classify'?"},
    "err_jsonl_line": {"sv": "{path}: rad {n} är inte giltig JSON ({reason})",
                     "en": "{path}: line {n} is not valid JSON ({reason})"},
    "err_jsonl_result": {"sv": "{path}: rad {n} är inget resultat från classify ('themes' saknas)",
                       "en": "{path}: line {n} is not a classify result (no 'themes')"},
    "err_report_themes": {"sv": "{source}: tema-id {ids} finns inte i taxonomin {taxonomy!r}; ange taxonomin som filen klassificerades med (--taxonomy)",
                        "en": "{source}: theme ids {ids} are not in taxonomy {taxonomy!r}; pass the taxonomy the file was classified with (--taxonomy)"},
    "err_compare_column": {"sv": "{source}: kolumnen {column!r} för --compare-column finns inte; kolumner i filen: {columns}",
                         "en": "{source}: no column {column!r} for --compare-column; columns found: {columns}"},
    "err_no_store": {"sv": "{path}: historiken finns inte; kontrollera sökvägen",
                   "en": "{path}: no such store"},
    "err_no_theme": {"sv": "--theme {value!r}: temat finns inte{hint}",
                   "en": "--theme {value!r}: no such theme{hint}"},
    "err_no_unit": {"sv": "--group {value!r}: enheten finns inte{hint}",
                  "en": "--group {value!r}: no such unit{hint}"},
    "err_hint_did_you_mean": {"sv": "; menade du {name!r}?",
                            "en": "; did you mean {name!r}?"},
    "err_hint_known_themes": {"sv": "; kända teman: {ids}",
                            "en": "; known: {ids}"},
    "err_hint_units": {"sv": "; enheter: {units}",
                     "en": "; units: {units}"},
    "err_hint_no_units": {"sv": "; indata har ingen kolumn för enhet",
                        "en": "; the input has no unit column"},
    "err_corrections_lost": {"sv": "{path}: har {n} rättelse(r) i kolumnen {column!r} (rader {rows}) för förslag som inte finns i den här indatan, och de skulle gå förlorade; skriv till en annan fil med --out, eller lär först modellen dem med 'forbattra train --corrections {name}'",
                           "en": "{path}: holds {n} correction(s) in column {column!r} (rows {rows}) for suggestions that are not in this input, and writing would lose them; write to another file with --out, or first teach them with 'forbattra train --corrections {name}'"},
    "err_stdin_terminal": {"sv": "standard in (stdin) är en terminal, inte en fil; skicka in en export, t.ex. forbattra classify - < forslag.csv",
                         "en": "standard input is a terminal, not a file; pipe an export into it, e.g. forbattra classify - < forslag.csv"},
    "err_stdin_empty": {"sv": "standard in (stdin) är tom; skicka in en export, t.ex. forbattra classify - < forslag.csv",
                      "en": "standard input is empty; pipe an export into it, e.g. forbattra classify - < forslag.csv"},
    "err_no_store_create": {"sv": "{path}: historiken finns inte; skapa den med 'forbattra classify INDATA --store {path}'",
                          "en": "{path}: no such store; create it with 'forbattra classify INPUT --store {path}'"},
    "err_overwrite_input": {"sv": "{path}: skriver inte över indatafilen; välj ett annat filnamn",
                          "en": "{path}: refusing to overwrite the input file"},
    "err_all_skipped": {"sv": "inga förslag togs ut: alla {n} dokument hoppades över",
                      "en": "no proposals extracted: all {n} document(s) were skipped"},
    "err_no_proposals_given": {"sv": "hittade inga förslag i dokumenten; kontrollera dem, eller prova en annan --split eller en lägre --min-length",
                             "en": "no proposals found in the document(s) given; check them, or try another --split or a lower --min-length"},
    "err_exists": {"sv": "{path}: finns redan; använd --force för att skriva över",
                 "en": "{path}: already exists; use --force to overwrite"},
    "err_none": {"sv": "(ingen)",
               "en": "(none)"},
    # -- end of errors --
}


class Msg(str):
    """A message key with its fields. As a ``str`` it is the English text (so code that joins, compares
    or logs it keeps working); :meth:`render` gives it in any language. A field that is itself a
    :class:`Msg` is rendered in the same language."""

    key: str
    fields: dict

    def __new__(cls, key: str, /, **fields) -> "Msg":
        self = super().__new__(cls, t(key, "en", **fields))
        self.key, self.fields = key, fields
        return self

    def render(self, lang: str) -> str:
        return t(self.key, lang, **self.fields)

    def __reduce__(self):  # survive pickling (worker processes) with key and fields
        return (_msg, (self.key, self.fields))


def _msg(key: str, fields: dict) -> Msg:
    return Msg(key, **fields)


class Joined(Msg):
    """Several messages (or plain strings) joined by ``sep``, each rendered in the same language:
    the problem lines of a taxonomy or config error."""

    sep: str
    items: tuple

    def __new__(cls, sep: str, items) -> "Joined":  # type: ignore[misc]
        items = tuple(items)
        self = str.__new__(cls, sep.join(str(i) for i in items))
        self.key, self.fields, self.sep, self.items = "", {}, sep, items
        return self

    def render(self, lang: str) -> str:
        return self.sep.join(render(i, lang) for i in self.items)

    def __reduce__(self):
        return (Joined, (self.sep, self.items))


def render(value: object, lang: str) -> object:
    """``value`` in ``lang`` when it is a :class:`Msg`; anything else unchanged."""
    return value.render(lang) if isinstance(value, Msg) else value


def default_lang() -> str:
    """The language of messages when no ``--lang`` is given: ``FORBATTRA_LANG``, else ``LANG``, else Swedish."""
    for var in ("FORBATTRA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var, "")
        if v:
            return "en" if v.lower().startswith("en") else "sv"
    return "sv"


def t(key: str, lang: str = "sv", /, **fields) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in (:class:`Msg` fields in ``lang`` too);
    unknown keys are shown as given."""
    if any(isinstance(v, Msg) for v in fields.values()):
        fields = {k: render(v, lang) for k, v in fields.items()}
    entry = MESSAGES.get(key)
    if entry is None:
        return key.format(**fields) if fields else key
    return entry.get(lang, entry["sv"]).format(**fields)

"""Swedish --help texts: English help text → Swedish (applied by forbattra.cli.main when messages are Swedish)."""

from __future__ import annotations

HELP_SV: dict[str, str] = {
    "Sort Swedish staff improvement suggestions (förbättringsförslag) into themes.":
        "Sortera medarbetares förbättringsförslag i teman.",
    "Show tracebacks and details.":
        "Visa fullständiga felmeddelanden (traceback) och detaljer.",
    "No progress or notes: only warnings, errors and a command's result (its table, where no -o is given).":
        "Inga förlopp eller meddelanden: bara varningar, fel och kommandots resultat (dess tabell, där -o inte ges).",
    "Messages on stderr as 'text' or 'json' (one object per line).":
        "Meddelanden på stderr som 'text' eller 'json' (ett objekt per rad).",
    "Config file (.toml or .yaml); default: ./forbattra.toml or ./forbattra.yaml if present.":
        "Konfigurationsfil (.toml eller .yaml); standard: ./forbattra.toml eller ./forbattra.yaml om den finns.",
    "Show the version and exit.":
        "Visa versionen och avsluta.",
    "Erase suggestions from the history store: every stored version of their texts, units, names and corrections, in all runs.\n\nExample: forbattra forget --store forbattra.db F-1003 F-1017":
        "Radera förslag ur historiken: varje sparad version av deras texter, enheter, namn och rättelser, i alla körningar.\n\nExempel: forbattra forget --store forbattra.db F-1003 F-1017",
    "Ids of the suggestions to erase, as the export's id column has them.":
        "Id för de förslag som ska raderas, som de står i exportens id-kolumn.",
    "CSV or Excel file with a column of ids to erase (its id column, or its only column).":
        "CSV- eller Excelfil med en kolumn med id att radera (dess id-kolumn, eller dess enda kolumn).",
    "Erase the suggestions with this text, now or in an earlier version (case and spacing aside); repeat for several. For a store whose exports had no id column.":
        "Radera förslagen med den här texten, nu eller i en tidigare version (oavsett stora och små bokstäver och mellanslag); upprepa för flera. För en historik vars exporter saknade id-kolumn.",
    "Only count what would be erased; change nothing.":
        "Räkna bara vad som skulle raderas; ändra ingenting.",
    "Classify every suggestion into themes and write the results.\n\nExample: forbattra classify forslag.xlsx --out teman.xlsx":
        "Klassificera varje förslag i teman och skriv resultatet.\n\nExempel: forbattra classify forslag.xlsx --out teman.xlsx",
    "CSV/TSV/TXT or Excel (.xlsx/.xlsm/.xls/.ods) export, a .docx/.odt/.ott/.fodt/.pdf/.md/.txt report, or a folder of reports.":
        "En export i CSV/TSV/TXT eller Excel (.xlsx/.xlsm/.xls/.ods), en rapport (.docx/.odt/.ott/.fodt/.pdf/.md/.txt) eller en mapp med rapporter.",
    "Output file: .xlsx, .csv or .jsonl (repeat for several). Default: INPUT-teman.xlsx in the current folder (INPUT-themes.xlsx with --lang en).":
        "Resultatfil: .xlsx, .csv eller .jsonl (upprepa för flera). Standard: INPUT-teman.xlsx i den aktuella mappen (INPUT-themes.xlsx med --lang en).",
    "Built-in taxonomy (standard, huset) or a YAML file. Default: the one stored with --model, else standard.":
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil. Om inget anges: den som sparats med --model, annars standard.",
    "Built-in taxonomy (standard, huset) or a YAML file. Default: the one stored with --model, else the built-in one whose themes the labels are.":
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil. Om inget anges: den som sparats med --model, annars den inbyggda vars teman etiketterna är.",
    "Built-in taxonomy (standard, huset) or a YAML file. Default: the one a classified file or the store was sorted with; for a raw export, the one stored with --model, else standard.":
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil. Om inget anges: den som en klassificerad fil eller historiken sorterades med; för en rå export den som sparats med --model, annars standard.",
    "Confidence a theme needs when the report classifies a raw export, e.g. 0.6 or 0,6 (default: tuned per theme by the model, which a value only raises; 0.5 without a model). A classified file or store keeps its themes.":
        "Lägsta säkerhet som krävs för ett tema när rapporten klassificerar en rå export, t.ex. 0.6 eller 0,6 (standard: avstämd per tema av modellen, som ett värde bara höjer; 0.5 utan modell). En klassificerad fil eller historik behåller sina teman.",
    "Model directory from 'forbattra train'; 'none' for keywords only. Default: the shipped model of a built-in taxonomy.":
        "Modellmapp från 'forbattra train'; 'none' för bara nyckelord. Standard: den medföljande modellen för en inbyggd taxonomi.",
    "Confidence a theme needs, e.g. 0.6 or 0,6 (default: tuned per theme by the model, which a value only raises; 0.5 without a model).":
        "Lägsta säkerhet som krävs för ett tema, t.ex. 0.6 eller 0,6 (standard: avstämd per tema av modellen, som ett värde bara höjer; 0.5 utan modell).",
    "Delimiter of .csv output.":
        "Avgränsningstecken i .csv-filer som skrivs.",
    "Language of labels, headings and messages: sv (default) or en. Messages also follow LANG when --lang is not given.":
        "Språk för etiketter, rubriker och meddelanden: sv (standard) eller en. Meddelandena följer också LANG när --lang inte anges.",
    "Mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers) in per-row outputs too.":
        "Maskera personuppgifter (personnummer, telefonnummer, e-post, namn, IP-adresser, konto- och journalnummer m.m.) även i utdata med en rad per förslag.",
    "Mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers) in every output; the texts are masked before they are analysed, so no name becomes a shared word, key term or example.":
        "Maskera personuppgifter (personnummer, telefonnummer, e-post, namn, IP-adresser, konto- och journalnummer m.m.) i allt som skrivs; texterna maskeras innan de analyseras, så att inget namn blir ett gemensamt ord, nyckelord eller exempel.",
    "Add a 'Dubbletter' sheet (near-duplicate groups) to .xlsx output.":
        "Lägg till ett blad 'Dubbletter' (grupper av nästan likadana förslag) i .xlsx-filer.",
    "History store: a SQLite file (created if missing) or a postgresql:// URL. Only new or changed suggestions are classified.":
        "Historik: en SQLite-fil (skapas om den saknas) eller en postgresql://-URL. Bara nya eller ändrade förslag klassificeras.",
    "Add a sheet 'Att granska' with the N suggestions whose labels would teach the model most.":
        "Lägg till ett blad 'Att granska' med de N förslag som modellen skulle lära sig mest av om du märker dem.",
    "Processes to use (default: all cores for inputs over 20,000 rows; a workbook's Dubbletter sheet takes one of them).":
        "Antal processer (standard: alla kärnor för indata med över 20 000 rader; en arbetsboks blad Dubbletter tar en av dem).",
    "Column with the suggestion text: its name, or its letter or number as Excel shows it (D, 4); repeat to join several (e.g. Problem + Förslag).":
        "Kolumn med förslagstexten: dess namn, eller dess bokstav eller nummer som Excel visar dem (D, 4); upprepa för att slå ihop flera (t.ex. Problem + Förslag).",
    "Column with a unique id per suggestion (its name, letter or number).":
        "Kolumn med ett unikt id per förslag (dess namn, bokstav eller nummer).",
    "Column with the unit (enhet/avdelning), by its name, letter or number; auto-detected when obvious.":
        "Kolumn med enheten (enhet/avdelning), med dess namn, bokstav eller nummer; hittas automatiskt när det är uppenbart.",
    "Column with the date the suggestion was made (its name, letter or number).":
        "Kolumn med datum då förslaget lämnades (dess namn, bokstav eller nummer).",
    "Column with the writer's name (counted as people; masked in reports), by its name, letter or number.":
        "Kolumn med namnet på den som skrev förslaget (räknas som personer; maskeras i rapporter), med dess namn, bokstav eller nummer.",
    "Sheet name (any case) or number to read (default: the one that holds the data).":
        "Namn (stora eller små bokstäver) eller nummer på bladet som ska läsas (standard: det blad som innehåller data).",
    "Text encoding of CSV/TXT (default: detected; e.g. utf-8, cp1252, utf-16).":
        "Teckenkodning för CSV/TXT (standard: identifieras automatiskt; t.ex. utf-8, cp1252, utf-16).",
    "CSV delimiter: one character, or tab, semicolon, comma (default: detected among ; , tab |).":
        "Avgränsningstecken i CSV: ett tecken, eller tab, semikolon, komma (standard: identifieras automatiskt bland ; , tab |).",
    "Whether the first row holds column names (default: detected); --no-header names the columns kolumn_1, kolumn_2, ...":
        "Om första raden innehåller kolumnnamn (standard: identifieras automatiskt); --no-header ger kolumnerna namnen kolumn_1, kolumn_2, ...",
    "How documents are split into proposals: auto, list or paragraph.":
        "Hur dokument delas upp i förslag: auto, list eller paragraph.",
    "Shortest proposal kept from documents (characters).":
        "Kortaste förslag som behålls från dokument (antal tecken).",
    "Find themes in the suggestions without a taxonomy (clusters with key terms and examples).\n\nExample: forbattra discover forslag.xlsx --out kluster.xlsx --taxonomy-out utkast.yaml":
        "Hitta teman i förslagen utan taxonomi (kluster med nyckelord och exempel).\n\nExempel: forbattra discover forslag.xlsx --out kluster.xlsx --taxonomy-out utkast.yaml",
    "Output file: .xlsx, .csv or .jsonl (repeat for several).":
        "Resultatfil: .xlsx, .csv eller .jsonl (upprepa för flera).",
    "Number of clusters (default: chosen by silhouette, 4-20).":
        "Antal kluster (standard: väljs med silhuettvärde, 4-20).",
    "Cluster only suggestions the taxonomy leaves in its fallback theme ('Övrigt'), as classify sorts them.":
        "Klustra bara förslag som taxonomin lämnar i reservtemat ('Övrigt'), som classify sorterar dem.",
    "Write a draft taxonomy (YAML) with one theme per cluster.":
        "Skriv ett utkast till taxonomi (YAML) med ett tema per kluster.",
    "Blend the model's theme scores into the text embedding (default when a model exists; off with --only-unmatched).":
        "Väg in modellens temapoäng i textrepresentationen (standard när det finns en modell; av med --only-unmatched).",
    "Find suggestions that say the same thing, also in other words (near-duplicate groups).\n\nExample: forbattra duplicates forslag.xlsx --out dubbletter.xlsx":
        "Hitta förslag som säger samma sak, även med andra ord (grupper av nästan likadana förslag).\n\nExempel: forbattra duplicates forslag.xlsx --out dubbletter.xlsx",
    "Score (0-1, e.g. 0,7) at which two suggestions count as the same proposal (default: the learnt pair scorer's own; higher: fewer groups).":
        "Poäng (0-1, t.ex. 0,7) från vilken två förslag räknas som samma förslag (standard: den inlärda parbedömningens egen; högre: färre grupper).",
    "Learn from the texts masked as 'classify --redact' masks them: no name, e-mail address or phone number becomes a word of the model folder. Default: as the model in --out was trained, else not.":
        "Lär av texterna maskerade som 'classify --redact' maskerar dem: varken namn, e-postadresser eller telefonnummer blir ord i modellmappen. Standard: som modellen i --out tränades, annars inte.",
    "Add sentence-embedding features (multilingual-e5; needs the 'precise' extra). Slower: ≈ 10–20 texts per CPU-second to train and to classify.":
        "Lägg till meningsvektorer som särdrag (multilingual-e5; kräver tillägget 'precise'). Långsammare: ≈ 10–20 texter per CPU-sekund att träna och att klassificera.",
    "Also compare meaning with a sentence-embedding model (finds paraphrases without shared words; about 24 distinct suggestions per CPU-second; needs the 'precise' extra).":
        "Jämför även innebörden med en meningsmodell (hittar omformuleringar utan gemensamma ord; ungefär 24 olika förslag per CPU-sekund; kräver tillägget 'precise').",
    "With --duplicates: compare meaning in the 'Dubbletter' sheet with a sentence-embedding model (slower; needs the 'precise' extra).":
        "Med --duplicates: jämför även innebörden i bladet 'Dubbletter' med en meningsmodell (långsammare; kräver tillägget 'precise').",
    "Measure classification against labelled suggestions: per-theme P/R/F1, micro/macro F1, confusions.\n\nExample: forbattra evaluate sample_data/markt.csv --label-column teman":
        "Mät klassificeringen mot märkta förslag: P/R/F1 per tema, mikro-/makro-F1, förväxlingar.\n\nExempel: forbattra evaluate sample_data/markt.csv --label-column teman",
    "Labelled suggestions (any readable format).":
        "Märkta förslag (i vilket läsbart format som helst).",
    "Column with the right themes (its name, letter or number): ids or labels, several separated by '|' or ';', primary first.":
        "Kolumn med rätt teman (dess namn, bokstav eller nummer): id:n eller etiketter, flera åtskilda med '|' eller ';', huvudtemat först.",
    "Print the metrics as JSON.":
        "Skriv ut måtten som JSON.",
    "Split working-group reports into individual proposals for review before classification.\n\nExample: forbattra extract rapporter/ --out rapportforslag.xlsx":
        "Dela upp arbetsgruppers rapporter i enskilda förslag att granska före klassificeringen.\n\nExempel: forbattra extract rapporter/ --out rapportforslag.xlsx",
    ".docx/.odt/.ott/.fodt/.pdf/.txt/.md files or folders of them.":
        ".docx/.odt/.ott/.fodt/.pdf/.txt/.md-filer eller mappar med sådana filer.",
    "Where to write the proposals: .xlsx, .csv or .jsonl (repeatable).":
        "Var förslagen ska skrivas: .xlsx, .csv eller .jsonl (kan upprepas).",
    "Write a report for a committee: themes, units, trend, breadth vs volume, examples.\n\nExample: forbattra report forslag.xlsx --out rapport.html --out rapport.xlsx":
        "Skriv en rapport till en nämnd: teman, enheter, trend, bredd jämfört med volym, exempel.\n\nExempel: forbattra report forslag.xlsx --out rapport.html --out rapport.xlsx",
    "Raw export(s) to classify, classify's own output (.jsonl, or .xlsx/.csv with a 'Tema-id' column), or a history store (.db file or postgresql:// URL). Several are compared side by side (one organisation per input).":
        "Råa exporter att klassificera, resultat från classify (.jsonl, eller .xlsx/.csv med kolumnen 'Tema-id') eller en historik (.db-fil eller postgresql://-URL). Flera jämförs sida vid sida (en organisation per indatafil).",
    "Report file: .html, .xlsx or .md (repeat for several). Default: rapport.html (report.html with --lang en).":
        "Rapportfil: .html, .xlsx eller .md (upprepa för flera). Standard: rapport.html (report.html med --lang en).",
    "Do not mask personal data (personnummer, phone, e-mail, names, IP addresses, account and record numbers).":
        "Maskera inte personuppgifter (personnummer, telefonnummer, e-post, namn, IP-adresser, konto- och journalnummer m.m.).",
    "Only suggestions dated on or after this day (a month: from its first day).":
        "Bara förslag daterade denna dag eller senare (en månad: från dess första dag).",
    "Only suggestions dated on or before this day (a month: to its last day).":
        "Bara förslag daterade denna dag eller tidigare (en månad: till dess sista dag).",
    "Only this unit (repeatable).":
        "Bara denna enhet (kan upprepas).",
    "Only suggestions with this theme, by id or label (repeatable).":
        "Bara förslag med detta tema, angivet med id eller etikett (kan upprepas).",
    "Column naming the organisation (e.g. kommun, förvaltning) to compare theme shares side by side.":
        "Kolumn som anger organisationen (t.ex. kommun, förvaltning), för att jämföra temanas andelar sida vid sida.",
    "Report title.":
        "Rapportens titel.",
    "Date printed on the report. Default: today in Sweden (SOURCE_DATE_EPOCH's day where set). Same input, options and date give the same file.":
        "Datum som står på rapporten. Standard: i dag i Sverige (dagen för SOURCE_DATE_EPOCH om den är satt). Samma indata, alternativ och datum ger samma fil.",
    "Pick the suggestions to label first (uncertain and varied) into a sheet 'Att granska'.\n\nFill in 'Rättat tema', then: forbattra train --corrections FILE.\nExample: forbattra review forslag.xlsx -o att_granska.xlsx --n 50":
        "Välj ut de förslag som bör märkas först (osäkra och varierade) till ett blad 'Att granska'.\n\nFyll i 'Rättat tema', sedan: forbattra train --corrections FILE.\nExempel: forbattra review forslag.xlsx -o att_granska.xlsx --n 50",
    "Workbook to write (.xlsx). Default: att_granska.xlsx (to_review.xlsx with --lang en).":
        "Excelfil att skriva (.xlsx). Standard: att_granska.xlsx (to_review.xlsx med --lang en).",
    "How many suggestions to pick.":
        "Hur många förslag som ska väljas ut.",
    "Built-in taxonomy or YAML file. Default: the one stored with --model, else standard.":
        "Inbyggd taxonomi eller YAML-fil. Om inget anges: den som sparats med --model, annars standard.",
    "Train a model on your labelled suggestions (and corrections) for 'classify --model'.\n\nExample: forbattra train egna.xlsx --label-column kategori --out egen-modell":
        "Träna en modell på dina märkta förslag (och rättelser) för 'classify --model'.\n\nExempel: forbattra train egna.xlsx --label-column kategori --out egen-modell",
    "Labelled suggestions: a column with theme ids or your own category names, several separated by '|' or ';' (never ',').":
        "Märkta förslag: en kolumn med tema-id:n eller egna kategorinamn, flera åtskilda med '|' eller ';' (aldrig ',').",
    "Model directory to write.":
        "Modellmapp att skriva.",
    "Column with the right categories (its name, letter or number): ids or labels, several separated by '|' or ';'.":
        "Kolumn med rätt kategorier (dess namn, bokstav eller nummer): id:n eller etiketter, flera åtskilda med '|' eller ';'.",
    "Taxonomy the labels belong to. Default: a built-in one when the labels are its themes, else categories made from the labels.":
        "Taxonomi som etiketterna hör till. Standard: en inbyggd om etiketterna är dess teman, annars kategorier som skapas av etiketterna.",
    "Excel/CSV output of 'classify' where you filled in the 'Rättat tema' column; repeatable.":
        "Excel-/CSV-resultat från 'classify' där du har fyllt i kolumnen 'Rättat tema'; kan upprepas.",
    "Build on forbattra's shipped model (default for a built-in taxonomy) or start from scratch.":
        "Bygg vidare på forbattras medföljande modell (standard för en inbyggd taxonomi) eller börja från noll.",
    "Cross-validation folds for the reported F1 and tuning.":
        "Antal delar i korsvalideringen för det redovisade F1-värdet och avstämningen.",
    "Themes per month or quarter from the history store, and what is new since the last run.\n\nExample: forbattra trends --store forbattra.db --period quarter":
        "Teman per månad eller kvartal från historiken, och vad som är nytt sedan förra körningen.\n\nExempel: forbattra trends --store forbattra.db --period quarter",
    "History store written by 'classify --store'.":
        "Historik som skrivits av 'classify --store'.",
    "month or quarter.":
        "month (månad) eller quarter (kvartal).",
    "Built-in taxonomy (standard, huset) or a YAML file. Default: the one the store's latest run used.":
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil. Standard: den som historikens senaste körning använde.",
    "Count with the taxonomy stored in this model folder (from 'forbattra train'); with --taxonomy, a model made for it.":
        "Räkna med taxonomin som finns i den här modellmappen (från 'forbattra train'); med --taxonomy en modell gjord för den.",
    "Built-in taxonomy (standard, huset) or a YAML file.":
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil.",
    "Write the table as .xlsx, .csv or .jsonl.":
        "Skriv tabellen som .xlsx, .csv eller .jsonl.",
    "List, show, validate and create taxonomies.":
        "Lista, visa, kontrollera och skapa taxonomier.",
    "List the built-in taxonomies.\n\nExample: forbattra taxonomy list":
        "Lista de inbyggda taxonomierna.\n\nExempel: forbattra taxonomy list",
    "Show a taxonomy's themes, labels and keywords.\n\nExample: forbattra taxonomy show standard":
        "Visa en taxonomis teman, etiketter och nyckelord.\n\nExempel: forbattra taxonomy show standard",
    "Built-in name or YAML file.":
        "Namn på en inbyggd taxonomi eller en YAML-fil.",
    "Check a taxonomy file; list every problem with its line.\n\nExample: forbattra taxonomy validate min-taxonomi.yaml":
        "Kontrollera en taxonomifil; lista alla fel med radnummer.\n\nExempel: forbattra taxonomy validate min-taxonomi.yaml",
    "Taxonomy YAML file.":
        "Taxonomifil (YAML).",
    "Write a commented starter taxonomy (or a copy of a built-in, or one made from your labels) to edit.\n\nExample: forbattra taxonomy init min-taxonomi.yaml --from-labels egna.xlsx --label-column kategori":
        "Skriv en kommenterad starttaxonomi att redigera (eller en kopia av en inbyggd, eller en som skapas av dina etiketter).\n\nExempel: forbattra taxonomy init min-taxonomi.yaml --from-labels egna.xlsx --label-column kategori",
    "Where to write the starter file. Default: taxonomi.yaml (taxonomy.yaml with --lang en).":
        "Var startfilen ska skrivas. Standard: taxonomi.yaml (taxonomy.yaml med --lang en).",
    "Copy a built-in taxonomy instead of the small starter.":
        "Kopiera en inbyggd taxonomi i stället för den lilla startfilen.",
    "Make the themes from the categories in a labelled file (see --label-column).":
        "Skapa temana från kategorierna i en märkt fil (se --label-column).",
    "Column with the categories (with --from-labels; its name, letter or number); several per row separated by '|' or ';'.":
        "Kolumn med kategorierna (med --from-labels; dess namn, bokstav eller nummer); flera per rad åtskilda med '|' eller ';'.",
    "Overwrite an existing file.":
        "Skriv över en befintlig fil.",
}

# Typer's own texts that it looks up through ``gettext`` when it shows them (typer.core: section
# titles, "default:", "No such command"), and the help option's help; :func:`translate_click` swaps
# the lookup. A text missing here stays English.
CLICK_SV: dict[str, str] = {
    "Options": "Flaggor",
    "Arguments": "Argument",
    "Commands": "Kommandon",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Missing command.": "Kommando saknas.",
    "env var: {var}": "miljövariabel: {var}",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(dynamiskt)",
    "required": "krävs",
    "Aborted!": "Avbrutet!",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
}


def _sv(message: str) -> str:
    return CLICK_SV.get(message, message)


# Typer's vendored Click writes its usage errors as English f-strings (no gettext): the Swedish line
# is made from the English one, pattern by pattern; anything not matched stays as Click wrote it.
USAGE_SV: tuple[tuple[str, str], ...] = (
    (r"^Invalid value for (.+?): ", r"Ogiltigt värde för \1: "),
    (r"^Invalid value: ", "Ogiltigt värde: "),
    (r"^Missing argument (.+?)\.", r"Argument saknas: \1."),
    (r"^Missing option (.+?)\.", r"Flagga saknas: \1."),
    (r"^Missing parameter: (.+)", r"Parameter saknas: \1"),
    (r"^Missing command\.", "Kommando saknas."),
    (r"^No such option: (\S+)", r"Flaggan \1 finns inte"),
    (r"\(Possible options: (.+?)\)", r"(möjliga flaggor: \1)"),
    (r"Did you mean (.+?)\?", r"Menade du \1?"),
    (r"^Got unexpected extra argument\(s\) \((.*)\)", r"Oväntade extra argument (\1)"),
    (r"^Option (.+?) requires an argument\.", r"Flaggan \1 behöver ett värde."),
    (r"^Option (.+?) requires (\d+) arguments\.", r"Flaggan \1 behöver \2 värden."),
    (r"^Option (.+?) does not take a value\.", r"Flaggan \1 tar inget värde."),
    (r"Value (.+?) is not a valid (\w+)\.$", r"\1 är inte ett giltigt värde (\2)."),
    (r"(.+?) is not one of (.+?)\.$", r"\1 är inte något av \2."),
    (r"\bfile (.+?) does not exist\.$", r"filen \1 finns inte."),
    (r"\bdir (.+?) does not exist\.$", r"mappen \1 finns inte."),
    (r"\bpath (.+?) does not exist\.$", r"sökvägen \1 finns inte."),
    (r"\b(?:file|dir|path) (.+?) is a file\.$", r"\1 är en fil."),
    (r"\b(?:file|dir|path) (.+?) is a directory\.$", r"\1 är en mapp."),
    (r"\b(?:file|dir|path) (.+?) is not readable\.$", r"\1 kan inte läsas."),
    # the range and type checks Typer leaves to pydantic ("--jobs 0", "--clusters x")
    (r"Input should be greater than or equal to (\S+?)\.?$", r"värdet ska vara minst \1"),
    (r"Input should be less than or equal to (\S+?)\.?$", r"värdet får vara högst \1"),
    (r"Input should be greater than (\S+?)\.?$", r"värdet ska vara större än \1"),
    (r"Input should be less than (\S+?)\.?$", r"värdet ska vara mindre än \1"),
    (r"Input should be a valid integer\b.*$", "ange ett heltal"),
    (r"Input should be a valid number\b.*$", "ange ett tal"),
    (r"Input should be a valid boolean\b.*$", "ange 1 eller 0 (true/false, yes/no, on/off)"),
    (r" \(env var: '([^']+)'\)", r" (miljövariabel '\1')"),
)


def usage_message_sv(message: str) -> str:
    """A Click usage-error message in Swedish (see :data:`USAGE_SV`)."""
    import re

    for pattern, repl in USAGE_SV:
        message = re.sub(pattern, repl, message)
    return message


def _show_usage_error_sv(self, file=None) -> None:
    """``UsageError.show`` in Swedish: usage line, help hint and ``Fel: …`` (Click's layout)."""
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    file = file or get_text_stderr()
    color = None
    if self.ctx is not None:
        color = self.ctx.color
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            hint = f"Skriv '{self.ctx.command_path} {self.ctx.help_option_names[0]}' för hjälp.\n"
        echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
    echo(f"Fel: {usage_message_sv(self.format_message())}", file=file, color=color)


def translate_click() -> None:
    """Click's and Typer's own messages in Swedish for this process (the CLI's entry point only: a
    program that imports forbattra as a library keeps its Click untouched)."""
    import importlib

    try:
        core = importlib.import_module("typer.core")
        exceptions = importlib.import_module("typer._click.exceptions")
        formatting = importlib.import_module("typer._click.formatting")
        importlib.import_module("typer._click.core")
    except ImportError:  # a later Typer may move its Click: its texts then stay English
        return
    core._ = _sv  # type: ignore[attr-defined]  # section titles, "default:", "No such command" (gettext)
    exceptions.UsageError.show = _show_usage_error_sv  # type: ignore[method-assign]
    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_sv(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Användning: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_sv  # type: ignore[method-assign]
    click_core = importlib.import_module("typer._click.core")
    get_help_option = click_core.Command.get_help_option

    def get_help_option_sv(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None and option.help in CLICK_SV:
            option.help = CLICK_SV[option.help]
        return option

    click_core.Command.get_help_option = get_help_option_sv  # type: ignore[method-assign]

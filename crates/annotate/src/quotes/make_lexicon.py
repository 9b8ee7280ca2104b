#!/usr/bin/env python3
"""Builds lexicon.rs: cue words learned from the PolNeAR *train* split.

A word is kept when, outside quote marks, it is part of an annotated cue at least
MIN_COUNT times and at least MIN_PRECISION of its occurrences; stop words and words
already in the hand-written lexicon of quotes.rs are left out.

Usage: python3 make_lexicon.py ../shared/data/quotes/polnear > crates/annotate/src/quotes/lexicon.rs
"""
import collections
import glob
import os
import re
import sys

MIN_COUNT = 5
MIN_PRECISION = 0.35
STOP = set("""a an the of to in on for at by with from about as and or but not no is are was
were be been being has have had do does did will would can could should may might must it its
this that these those he she they we i you his her their our my your him them us me who whom
which what when where why how than then there here so if into over out up down off more most
also just very s t""".split())

root = sys.argv[1]
base = os.path.join(root, "data", "train") if os.path.isdir(os.path.join(root, "data")) else os.path.join(root, "train")
here = os.path.dirname(os.path.abspath(__file__))
known = set(re.findall(r'\("([a-z:]+)", [0-9.]+\)', open(os.path.join(here, "..", "quotes.rs"), encoding="utf-8").read()))

gold = collections.Counter()
seen = collections.Counter()
done = set()
for ann in sorted(glob.glob(os.path.join(base, "attributions", "*.ann"))):
    name = os.path.basename(ann).rsplit("_", 1)[0]
    if name in done:
        continue
    done.add(name)
    text = open(os.path.join(base, "text", name + ".txt"), encoding="utf-8").read()
    cue = set()
    for line in open(ann, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) > 1 and cols[0].startswith("T") and cols[1].startswith("Cue "):
            for frag in cols[1][4:].split(";"):
                a, b = map(int, frag.split())
                cue.update(range(a, b))
    quoted = set()
    for m in re.finditer(r'[“"][^”"\n]*[”"]', text):
        quoted.update(range(m.start(), m.end()))
    for m in re.finditer(r"[A-Za-z]+", text):
        if m.start() in quoted:
            continue
        w = m.group()
        if w[0].isupper() and m.start() > 0 and text[m.start() - 2:m.start()] not in (". ", "\n"):
            continue
        w = w.lower()
        seen[w] += 1
        if m.start() in cue:
            gold[w] += 1

rows = sorted(
    (w, gold[w], seen[w])
    for w in gold
    if gold[w] >= MIN_COUNT and gold[w] / seen[w] >= MIN_PRECISION and w not in STOP and w not in known
    and not w.endswith("ly") and w != "according"
)
print("//! Cue words learned from the PolNeAR train split by `make_lexicon.py` (generated: do not")
print("//! edit). Each entry: the word and its precision as a cue outside quote marks.")
print()
print("/// (word, precision on PolNeAR train).")
print("pub const LEARNED: &[(&str, f32)] = &[")
for w, g, n in rows:
    print(f'    ("{w}", {g / n:.2f}),')
print("];")

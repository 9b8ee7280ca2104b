#!/usr/bin/env python3
"""Trains the attribution tagger's two CRFs from the dumps written by the Rust side.

Input: a dump of PolNeAR's *train* split (and optionally of *dev*, only to report figures),
one token per line `SC_LABEL<TAB>CONTENT_LABEL<TAB>feature<TAB>...`, paragraphs separated by
blank lines, `# name` lines between articles (see crates/annotate/src/quotes/dump.rs).
Output: crates/annotate/models/quotes-sc.crf and quotes-content.crf, read by
crates/annotate/src/quotes/tagger.rs.

Needs python-crfsuite (pip install python-crfsuite). Usage:
  train-quotes.py TRAIN_DUMP MODEL_DIR [DEV_DUMP]
"""
import sys
import os
import pycrfsuite

# L1 weight per model, chosen on a held-out fifth of train (every 5th article): the
# source/cue CRF generalises better with a strong L1. First c1=1.0 (42k features instead of
# 128k, held-out source F1 0.683 vs 0.674 at c1=0.2); on the 2026-12-03 features, held-out
# source exact F1 (`QUOTES_HOLDOUT=1` eval) by c1: 0.5 0.671, 1.0 0.673, 2.0 0.678, 4.0 0.678,
# and dev 0.738 / 0.741 / 0.737 for 1.0 / 2.0 / 4.0: c1=2.0. The content CRF keeps c1=0.2
# (0.5 was no better on dev).
C1 = {"sc": float(os.environ.get("QUOTES_C1_SC", os.environ.get("QUOTES_C1", "2.0"))),
      "content": float(os.environ.get("QUOTES_C1_CONTENT", os.environ.get("QUOTES_C1", "0.2")))}
C2 = float(os.environ.get("QUOTES_C2", "0.01"))
ITERS = int(os.environ.get("QUOTES_ITERS", "100"))
MIN_WEIGHT = 0.02


def read(path, holdout=None):
    """Yields paragraphs: (features per token, sc labels, content labels). With `holdout`
    "train", every fifth article (the 5th, 10th, ... in name order) is skipped; with "test",
    only those are read (the held-out fifth of train used for model selection; the Rust test
    `eval_polnear` with QUOTES_HOLDOUT=1 scores the same articles)."""
    feats, sc, con = [], [], []
    article = -1
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# "):
                article += 1
                continue
            if holdout == "train" and article % 5 == 4 or holdout == "test" and article % 5 != 4:
                continue
            if not line:
                if feats:
                    yield feats, sc, con
                feats, sc, con = [], [], []
                continue
            cols = line.split("\t")
            sc.append(cols[0])
            con.append(cols[1])
            feats.append(cols[2:])
    if feats:
        yield feats, sc, con


def train(data, which, out_path, model_tmp):
    t = pycrfsuite.Trainer(verbose=False)
    for feats, sc, con in data:
        t.append(pycrfsuite.ItemSequence(feats), sc if which == "sc" else con)
    t.set_params({"c1": C1[which], "c2": C2, "max_iterations": ITERS,
                  "feature.possible_transitions": True})
    t.train(model_tmp)
    tagger = pycrfsuite.Tagger()
    tagger.open(model_tmp)
    export(tagger, out_path)
    return tagger


def export(tagger, out_path):
    """Writes a trained model as crates/annotate/src/quotes/tagger.rs reads it."""
    info = tagger.info()
    labels = sorted(info.labels.keys(), key=lambda l: (l != "O", l))
    rows = {}
    for (attr, label), w in info.state_features.items():
        if abs(w) >= MIN_WEIGHT:
            rows.setdefault(attr, {})[label] = w
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("labels\t" + "\t".join(labels) + "\n")
        for (a, b), w in sorted(info.transitions.items()):
            f.write(f"trans\t{a}\t{b}\t{w:.4f}\n")
        for attr in sorted(rows):
            ws = " ".join(f"{rows[attr].get(l, 0.0):.3g}" for l in labels)
            f.write(f"{attr}\t{ws}\n")


def spans(tags, role):
    out, start = [], None
    for k, t in enumerate(tags + ["O"]):
        bio, _, r = t.partition("-")
        if r == role and (bio == "B" or (bio == "I" and start is None)):
            if start is not None:
                out.append((start, k))
            start = k
        elif not (r == role and bio == "I"):
            if start is not None:
                out.append((start, k))
            start = None
    return out


def report(tagger, data, which):
    roles = ["S", "C"] if which == "sc" else [""]
    for role in roles:
        tp = fp = fn = 0
        for feats, sc, con in data:
            gold = sc if which == "sc" else con
            pred = tagger.tag(pycrfsuite.ItemSequence(feats))
            g, p = set(spans(gold, role)), set(spans(pred, role))
            tp += len(g & p)
            fp += len(p - g)
            fn += len(g - p)
        pr = tp / max(tp + fp, 1)
        rc = tp / max(tp + fn, 1)
        f1 = 2 * pr * rc / max(pr + rc, 1e-9)
        print(f"{which} {role or 'content'}: exact P {pr:.3f} R {rc:.3f} F1 {f1:.3f}", flush=True)


def main():
    train_path, model_dir = sys.argv[1], sys.argv[2]
    dev = list(read(sys.argv[3])) if len(sys.argv) > 3 else None
    # QUOTES_HOLDOUT=1: fit on four fifths of train only (model selection).
    data = list(read(train_path, "train" if os.environ.get("QUOTES_HOLDOUT") else None))
    which_list = os.environ.get("QUOTES_WHICH", "sc content").split()
    for which in which_list:
        name = "quotes-sc.crf" if which == "sc" else "quotes-content.crf"
        tagger = train(data, which, os.path.join(model_dir, name), f"/tmp/quotes-{which}-{os.getpid()}.crfsuite")
        if dev:
            report(tagger, dev, which)


if __name__ == "__main__":
    main()

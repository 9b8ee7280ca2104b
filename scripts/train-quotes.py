#!/usr/bin/env python3
"""Trains the attribution tagger's two CRFs from the dumps written by the Rust side.

Input: a dump of PolNeAR's *train* split (and optionally of *dev*, only to report figures),
one token per line `SC_LABEL<TAB>CONTENT_LABEL<TAB>feature<TAB>...`, paragraphs separated by
blank lines, `# name` lines between articles (see crates/annotate/src/quotes/dump.rs).
Output: crates/annotate/models/quotes-sc.crf and quotes-content.crf, read by
crates/annotate/src/quotes/tagger.rs.

Needs python-crfsuite (pip install python-crfsuite). Usage:
  train-quotes.py TRAIN_DUMP MODEL_DIR [DEV_DUMP]
Environment: QUOTES_WHICH ("sc content"), QUOTES_HOLDOUT=1 (fit without the held-out fifth),
QUOTES_C1_SC / QUOTES_C1_CONTENT / QUOTES_C2 / QUOTES_ITERS, QUOTES_BAG_SC / QUOTES_BAG_CONTENT
(1: the mean of the fits leaving out each fifth of the articles; default on for sources/cues),
QUOTES_JOBS (bagged fits at once, 2).
"""
import sys
import os
import multiprocessing
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
# Bagging per model: the mean of the CRFs fitted with each fifth of the articles left out in
# turn. Each fit stops at ITERS iterations, short of convergence, and the fits differ; their
# mean is a steadier model than one fit on all of train (see scripts/train-quotes.sh).
BAGGED = {"sc": os.environ.get("QUOTES_BAG_SC", "1") == "1",
          "content": os.environ.get("QUOTES_BAG_CONTENT", "0") == "1"}


def read(path, holdout=None):
    """Yields paragraphs: (features per token, sc labels, content labels, article index). With
    `holdout` "train", every fifth article (the 5th, 10th, ... in name order) is skipped; with
    "test", only those are read (the held-out fifth of train used for model selection; the Rust
    test `eval_polnear` with QUOTES_HOLDOUT=1 scores the same articles)."""
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
                    yield feats, sc, con, article
                feats, sc, con = [], [], []
                continue
            cols = line.split("\t")
            sc.append(cols[0])
            con.append(cols[1])
            feats.append(cols[2:])
    if feats:
        yield feats, sc, con, article


def fit(data, which, model_tmp):
    """Fits one CRF on `data`; returns its pycrfsuite tagger."""
    t = pycrfsuite.Trainer(verbose=False)
    for feats, sc, con, _ in data:
        t.append(pycrfsuite.ItemSequence(feats), sc if which == "sc" else con)
    t.set_params({"c1": C1[which], "c2": C2, "max_iterations": ITERS,
                  "feature.possible_transitions": True})
    t.train(model_tmp)
    tagger = pycrfsuite.Tagger()
    tagger.open(model_tmp)
    return tagger


def weights(tagger):
    """A fitted CRF's (labels, transition weights, state feature weights)."""
    info = tagger.info()
    labels = sorted(info.labels.keys(), key=lambda l: (l != "O", l))
    return labels, dict(info.transitions), dict(info.state_features)


# The paragraphs read once in `main`; the bagged fits' worker processes are forked from it
# and read them from here instead of parsing the dump again each.
DATA = []


def fit_fold(job):
    """Fits a CRF on the paragraphs of DATA outside fold `out` (article index mod 5), for
    bagging; returns its weights."""
    out, which = job
    data = [p for p in DATA if p[3] % 5 != out]
    return weights(fit(data, which, f"/tmp/quotes-{which}-{os.getpid()}-{out}.crfsuite"))


def average(models):
    """The mean of several CRFs' weights (a weight a model lacks counts as 0)."""
    labels = models[0][0]
    trans, state = {}, {}
    for m_labels, m_trans, m_state in models:
        assert m_labels == labels, (m_labels, labels)
        for k, w in m_trans.items():
            trans[k] = trans.get(k, 0.0) + w / len(models)
        for k, w in m_state.items():
            state[k] = state.get(k, 0.0) + w / len(models)
    return labels, trans, state


def export(model, out_path):
    """Writes a model's weights as crates/annotate/src/quotes/tagger.rs reads them."""
    labels, trans, state = model
    rows = {}
    for (attr, label), w in state.items():
        if abs(w) >= MIN_WEIGHT:
            rows.setdefault(attr, {})[label] = w
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("labels\t" + "\t".join(labels) + "\n")
        for (a, b), w in sorted(trans.items()):
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
        for feats, sc, con, _ in data:
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
    holdout = "train" if os.environ.get("QUOTES_HOLDOUT") else None
    DATA.extend(read(train_path, holdout))
    which_list = os.environ.get("QUOTES_WHICH", "sc content").split()
    for which in which_list:
        name = "quotes-sc.crf" if which == "sc" else "quotes-content.crf"
        out_path = os.path.join(model_dir, name)
        if BAGGED[which]:
            # One fit per fold left out (the held-out fifth is never a fold), two at a time.
            folds = [k for k in range(5) if not (holdout and k == 4)]
            jobs = [(k, which) for k in folds]
            # Forked workers (the default on Linux) share DATA without pickling it.
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(int(os.environ.get("QUOTES_JOBS", "2"))) as pool:
                export(average(pool.map(fit_fold, jobs)), out_path)
            continue
        tagger = fit(DATA, which, f"/tmp/quotes-{which}-{os.getpid()}.crfsuite")
        export(weights(tagger), out_path)
        if dev:
            report(tagger, dev, which)


if __name__ == "__main__":
    main()

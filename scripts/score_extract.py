#!/usr/bin/env python3
"""Scores text extractors on the extraction benchmarks with the same metrics as
`storyline eval extract` (crates/eval/src/extract.rs), and times Python trafilatura.

Usage:
  score_extract.py DATASET DIR --trafilatura [--limit N]   # run trafilatura, print one JSON line
  score_extract.py DATASET DIR --predictions FILE.jsonl     # score {"file": ..., "text": ...} lines

DATASET is aeb, trafilatura or wcxb; DIR the dataset folder under ../shared/data/extraction.
"""
import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter

WORD = re.compile(r"\w+")


def load_pages(dataset, d):
    """[(file_name, path, url, truth)] in the order storyline reads them."""
    pages = []
    if dataset == "aeb":
        gt = json.load(open(os.path.join(d, "ground-truth.json"), encoding="utf-8"))
        for pid in sorted(gt):
            v = gt[pid]
            path = os.path.join(d, "html", pid + ".html.gz")
            pages.append((pid + ".html.gz", path, v.get("url"), v.get("articleBody") or ""))
    elif dataset == "trafilatura":
        gt = json.load(open(os.path.join(d, "evaldata.json"), encoding="utf-8"))
        for url in sorted(gt):
            v = gt[url]
            name = v["file"]
            path = os.path.join(d, "eval", name + ".gz")
            if not os.path.exists(path):
                path = os.path.join(d, "cache", name + ".gz")
            pages.append((name + ".gz", path, url.split("::")[-1], (v.get("with", []), v.get("without", []))))
    elif dataset == "wcxb":
        gdir = os.path.join(d, "ground-truth")
        for f in sorted(os.listdir(gdir)):
            if not f.endswith(".json"):
                continue
            j = json.load(open(os.path.join(gdir, f), encoding="utf-8"))
            pid = f[:-5]
            path = os.path.join(d, "html", pid + ".html.gz")
            pages.append((pid + ".html.gz", path, j.get("url"), j["ground_truth"].get("main_content") or ""))
    else:
        sys.exit("unknown dataset " + dataset)
    return pages


def shingles(text):
    toks = WORD.findall(text or "")
    if not toks:
        return Counter()
    n = min(4, len(toks))
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def score(dataset, pages, preds):
    """preds: file_name -> text. Returns (precision, recall, f1)."""
    if dataset == "aeb":
        sp = sr = 0.0
        for name, _, _, truth in pages:
            t, p = shingles(truth), shingles(preds.get(name, ""))
            tp = sum(min(c, p.get(k, 0)) for k, c in t.items())
            fn = sum(max(0, c - p.get(k, 0)) for k, c in t.items())
            fp = sum(max(0, c - t.get(k, 0)) for k, c in p.items())
            sp += tp / (tp + fp) if tp + fp else 0.0
            sr += tp / (tp + fn) if tp + fn else 0.0
        n = max(1, len(pages))
        p, r = sp / n, sr / n
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)
    if dataset == "trafilatura":
        tp = fp = fn = 0
        for name, _, _, (with_, without) in pages:
            pred = " ".join((preds.get(name) or "").split())
            for s in with_:
                s = " ".join(s.split())
                if s and s in pred:
                    tp += 1
                else:
                    fn += 1
            for s in without:
                s = " ".join(s.split())
                if s and s in pred:
                    fp += 1
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)
    sp = sr = sf = 0.0
    for name, _, _, truth in pages:
        t = Counter(w.lower() for w in WORD.findall(truth))
        p = Counter(w.lower() for w in WORD.findall(preds.get(name) or ""))
        common = sum(min(c, p.get(k, 0)) for k, c in t.items())
        nt, np_ = sum(t.values()), sum(p.values())
        if nt == 0 and np_ == 0:
            pr = rc = f = 1.0
        else:
            pr = common / np_ if np_ else 0.0
            rc = common / nt if nt else 0.0
            f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        sp, sr, sf = sp + pr, sr + rc, sf + f
    n = max(1, len(pages))
    return sp / n, sr / n, sf / n


def decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        m = re.search(rb'charset=["\']?([\w-]+)', raw[:4096], re.I)
        enc = m.group(1).decode("ascii", "replace") if m else "utf-8"
        try:
            return raw.decode(enc, "replace")
        except LookupError:
            return raw.decode("utf-8", "replace")


def run_trafilatura(pages):
    import trafilatura  # installed by scripts/side-by-side-extract.sh in a throwaway venv

    preds, secs = {}, 0.0
    for name, path, url, _ in pages:
        html = decode(gzip.open(path).read())
        t = time.perf_counter()
        out = trafilatura.extract(html, url=url)
        secs += time.perf_counter() - t
        preds[name] = out or ""
    return preds, secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("dir")
    ap.add_argument("--trafilatura", action="store_true")
    ap.add_argument("--predictions")
    ap.add_argument("--field", default="text")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    pages = load_pages(a.dataset, a.dir)
    if a.limit:
        pages = pages[: a.limit]
    secs = None
    if a.trafilatura:
        preds, secs = run_trafilatura(pages)
    else:
        preds = {}
        for line in open(a.predictions, encoding="utf-8"):
            j = json.loads(line)
            preds[j["file"]] = j.get(a.field) or ""
    p, r, f = score(a.dataset, pages, preds)
    out = {"dataset": a.dataset, "n": len(pages), "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    if secs:
        out["pages_per_sec"] = round(len(pages) / secs, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Expected values of fazhi's group statistics, computed once with scipy.

Reads contingency tables taken from real analysis output (association.csv and
keyness.csv of `fazhi compare` on data/reports, by report_year and by a --meta
column), and writes test/fixtures/stats/scipy.json: each table with
scipy's chi2_contingency (no continuity correction), Cramér's V
(scipy.stats.contingency.association), adjusted residuals (numpy, from
scipy's expected_freq), fisher_exact for 2x2 tables, the log-likelihood G²
of keyness tables (chi2_contingency lambda_="log-likelihood"), and the
Benjamini-Hochberg adjustment (scipy.stats.false_discovery_control).

Usage: python3 scripts/stats-fixtures.py COMPARE_DIR_BY_YEAR COMPARE_DIR_BY_PILOT OUT.json
"""
import csv
import json
import sys

import numpy as np
import scipy
from scipy.stats import chi2_contingency, false_discovery_control, fisher_exact
from scipy.stats.contingency import association, expected_freq

by_year, by_pilot, out = sys.argv[1:4]


def tables_of(folder, variables):
    rows = list(csv.DictReader(open(f"{folder}/association.csv", encoding="utf-8")))
    result = []
    for kind, var in variables:
        sel = [r for r in rows if r["kind"] == kind and r["variable"] == var]
        table = [[int(r["n_with"]), int(r["n_sentences"]) - int(r["n_with"])] for r in sel]
        result.append({"source": f"{folder.split('/')[-1]}/association.csv", "kind": kind, "variable": var,
                       "groups": [r["group"] for r in sel], "table": table})
    return result


def adjusted_residuals(t):
    t = np.asarray(t, dtype=float)
    e = expected_freq(t)
    n = t.sum()
    r = t.sum(axis=1, keepdims=True) / n
    c = t.sum(axis=0, keepdims=True) / n
    return ((t - e) / np.sqrt(e * (1 - r) * (1 - c))).tolist()


tables = tables_of(by_year, [("function", "plan"), ("function", "measure"), ("theme", "publicity"), ("theme", "supervision"), ("function", "suggestion")]) + \
    tables_of(by_pilot, [("theme", "publicity"), ("function", "plan"), ("theme", "pub_grassroots"), ("theme", "digital"), ("function", "suggestion")])

for t in tables:
    chi2, p, df, expected = chi2_contingency(t["table"], correction=False)
    t["chi2"], t["p_value"], t["df"] = float(chi2), float(p), int(df)
    t["expected"] = np.asarray(expected).tolist()
    t["cramers_v"] = float(association(t["table"], method="cramer"))
    t["adjusted_residuals"] = adjusted_residuals(t["table"])
    if len(t["table"]) == 2:
        t["fisher_p_value"] = float(fisher_exact(t["table"], alternative="two-sided")[1])

keyness_rows = list(csv.DictReader(open(f"{by_year}/keyness.csv", encoding="utf-8")))[:6]
keyness = []
for r in keyness_rows:
    a, b = int(r["count_target"]), int(r["count_reference"])
    c, d = int(r["total_target"]) - a, int(r["total_reference"]) - b
    g2, p, _, _ = chi2_contingency([[a, b], [c, d]], correction=False, lambda_="log-likelihood")
    keyness.append({"unit": r["unit"], "term": r["term"], "table": [[a, b], [c, d]], "G2": float(g2), "p_value": float(p)})

ps = [t["p_value"] for t in tables] + [k["p_value"] for k in keyness]
bh = {"p_values": ps, "adjusted": false_discovery_control(ps, method="bh").tolist()}

json.dump({"made_by": "scripts/stats-fixtures.py", "scipy": scipy.__version__, "tables": tables, "keyness": keyness, "benjamini_hochberg": bh},
          open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(f"{len(tables)} tables, {len(keyness)} keyness tables → {out}")

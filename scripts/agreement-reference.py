#!/usr/bin/python3
"""Reference figures for test/validate/validate-statistics.test.ts, computed once and
stored in test/fixtures/agreement/*.json (no network needed).

Run with Debian's python3 (apt-get install python3-sklearn python3-statsmodels):
    /usr/bin/python3 scripts/agreement-reference.py

Cohen's kappa and precision/recall/F1: scikit-learn; Fleiss' kappa:
statsmodels. Krippendorff's alpha: the worked examples published by
Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", and the
nominal example of Wikipedia's article on the coefficient; those values are
the published ones, written here, not computed.
"""
import json
import os

import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'agreement')
FUNCTIONS = ['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other']

# Label vectors: function codes of two coders on the same sentences.
cohen_cases = [
    {
        'name': 'six functions, 24 sentences',
        'a': ['measure', 'measure', 'outcome', 'plan', 'plan', 'shortcoming', 'measure', 'other', 'suggestion', 'measure',
              'outcome', 'outcome', 'measure', 'plan', 'shortcoming', 'shortcoming', 'measure', 'other', 'measure', 'plan',
              'suggestion', 'measure', 'outcome', 'measure'],
        'b': ['measure', 'outcome', 'outcome', 'plan', 'measure', 'shortcoming', 'measure', 'other', 'suggestion', 'measure',
              'measure', 'outcome', 'measure', 'plan', 'shortcoming', 'plan', 'measure', 'measure', 'measure', 'plan',
              'plan', 'measure', 'outcome', 'other'],
    },
    {
        'name': 'theme present/absent, 20 sentences',
        'a': ['present', 'absent', 'absent', 'present', 'absent', 'absent', 'absent', 'present', 'absent', 'absent',
              'present', 'absent', 'absent', 'absent', 'absent', 'present', 'absent', 'absent', 'absent', 'absent'],
        'b': ['present', 'absent', 'present', 'present', 'absent', 'absent', 'absent', 'absent', 'absent', 'absent',
              'present', 'absent', 'absent', 'absent', 'absent', 'present', 'absent', 'present', 'absent', 'absent'],
    },
    {
        'name': 'agreement below chance',
        'a': ['measure', 'plan', 'measure', 'plan', 'measure', 'plan'],
        'b': ['plan', 'measure', 'plan', 'measure', 'measure', 'plan'],
    },
]
for c in cohen_cases:
    c['cohen_kappa'] = float(cohen_kappa_score(c['a'], c['b']))
    # Coder a is the truth, b the prediction (the machine against a coder).
    labels = sorted(set(c['a']) | set(c['b']))
    p, r, f, s = precision_recall_fscore_support(c['a'], c['b'], labels=labels, zero_division=0)
    c['per_class'] = {l: {'precision': float(p[i]), 'recall': float(r[i]), 'f1': float(f[i]), 'support': int(s[i])} for i, l in enumerate(labels)}

# Units x coders, every unit coded by all.
fleiss_cases = [
    {
        'name': 'three coders, 12 sentences',
        'units': [['measure', 'measure', 'measure'], ['measure', 'outcome', 'measure'], ['plan', 'plan', 'plan'],
                  ['shortcoming', 'shortcoming', 'plan'], ['other', 'other', 'other'], ['suggestion', 'plan', 'suggestion'],
                  ['outcome', 'outcome', 'outcome'], ['measure', 'measure', 'outcome'], ['plan', 'plan', 'measure'],
                  ['measure', 'measure', 'measure'], ['other', 'measure', 'other'], ['shortcoming', 'shortcoming', 'shortcoming']],
    },
    {
        'name': 'four coders, 8 sentences, present/absent',
        'units': [['present', 'present', 'present', 'absent'], ['absent', 'absent', 'absent', 'absent'], ['present', 'present', 'absent', 'absent'],
                  ['absent', 'absent', 'absent', 'present'], ['present', 'present', 'present', 'present'], ['absent', 'absent', 'absent', 'absent'],
                  ['absent', 'present', 'absent', 'absent'], ['present', 'present', 'present', 'present']],
    },
]
for c in fleiss_cases:
    table, _ = aggregate_raters([[FUNCTIONS.index(v) if v in FUNCTIONS else ['absent', 'present'].index(v) for v in u] for u in c['units']])
    c['fleiss_kappa'] = float(fleiss_kappa(table, method='fleiss'))

krippendorff_cases = [
    {
        'name': 'Krippendorff (2011), section C: nominal data, 4 observers, 12 units, missing values',
        'source': 'published',
        # One row per observer (A-D), one column per unit, as in the paper; None = missing.
        'observers': [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
                      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
                      [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
                      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
        'alpha': 0.743,
    },
    {
        'name': 'Krippendorff (2011), section A: binary data, 2 observers, 10 units',
        'source': 'published',
        'observers': [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]],
        'alpha': 0.095,
    },
    {
        'name': "Wikipedia, Krippendorff's alpha, computational example (nominal): 3 coders, 15 units",
        'source': 'published',
        'observers': [[None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
                      [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
                      [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4]],
        'alpha': 0.691,
    },
]

note = (f'Computed by scripts/agreement-reference.py with scikit-learn {sklearn.__version__} and statsmodels {statsmodels.__version__} '
        '(Debian bookworm packages); Krippendorff alpha values are the published ones (3 decimals).')
for name, cases in [('cohen', cohen_cases), ('fleiss', fleiss_cases), ('krippendorff', krippendorff_cases)]:
    with open(os.path.join(OUT, f'{name}.json'), 'w', encoding='utf-8') as f:
        json.dump({'note': note, 'cases': cases}, f, ensure_ascii=False, indent=1)
        f.write('\n')
print('wrote', OUT)

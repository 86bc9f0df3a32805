"""AUROC of scikit-learn's IsolationForest on featurized rows written by DatasetQualityTest.

Usage: sklearn_iforest.py TRAIN.csv EVAL.csv SEED...
TRAIN.csv holds one featurized normal training row per line; EVAL.csv holds the label (1 anomalous,
0 normal) and then the featurized row. For each seed, a forest of 100 trees on sub-samples of 256
rows is fitted on TRAIN and scores EVAL; the script prints one line "auroc SEED VALUE" per seed and
a last line "mean VALUE".
"""

import sys

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def main(argv):
    train = np.loadtxt(argv[1], delimiter=",", dtype=np.float32, ndmin=2)
    evaluation = np.loadtxt(argv[2], delimiter=",", dtype=np.float32, ndmin=2)
    labels = evaluation[:, 0].astype(int)
    rows = evaluation[:, 1:]
    aurocs = []
    for seed in (int(s) for s in argv[3:]):
        forest = IsolationForest(n_estimators=100, max_samples=256, random_state=seed)
        forest.fit(train)
        auroc = roc_auc_score(labels, -forest.score_samples(rows))
        aurocs.append(auroc)
        print(f"auroc {seed} {auroc:.6f}")
    print(f"mean {np.mean(aurocs):.6f}")


if __name__ == "__main__":
    main(sys.argv)

"""Generates the scikit-learn reference fixtures for ClassificationMetricsSklearnTest.

Re-run from the repository root with Debian's Python, which has scikit-learn 1.2.1
(the pyenv `python3` on PATH does not):

    /usr/bin/python3 harness/src/test/resources/sklearn/make_fixtures.py

It rewrites every `*.json` beside this script. The seeds are fixed, so the output is the
same on every run; commit the regenerated files together with any change to this script.

Each fixture holds y_true, y_pred and scikit-learn's outputs over
labels = sorted(set(y_true) | set(y_pred)):
  per_label   precision_recall_fscore_support(average=None, labels=labels, zero_division=0)
  macro       precision_recall_fscore_support(average='macro', labels=labels, zero_division=0)
  accuracy    accuracy_score(y_true, y_pred)
  confusion   confusion_matrix(y_true, y_pred, labels=labels)
Floats are written by json.dumps, i.e. with repr(float): the shortest text that reads
back as the same float64, so the Java test can compare bit for bit.
"""

import json
import os
import random

import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

HERE = os.path.dirname(os.path.abspath(__file__))


def labels_named(prefix, n):
    return [f"{prefix}_{i:03d}" for i in range(n)]


def noisy(rng, n, gold_labels, predicted_labels, right):
    """Predictions that copy the gold label with probability `right`, else pick at random."""
    y_true = [rng.choice(gold_labels) for _ in range(n)]
    y_pred = [t if t in predicted_labels and rng.random() < right else rng.choice(predicted_labels)
              for t in y_true]
    return y_true, y_pred


def fixtures():
    rng = random.Random(20251201)
    three = ["billing", "cards", "risk"]
    yield "three_labels", noisy(rng, 40, three, three, 0.6)

    yield "predicted_only_labels", noisy(
        rng, 60, ["card_delivery_eta", "refund_request", "fraud_report"],
        ["card_delivery_eta", "refund_request", "fraud_report", "unknown_intent", "zz_made_up"], 0.5)

    yield "single_class", (["card_delivery_eta"] * 7, ["card_delivery_eta"] * 7)

    gold = ["a_gold", "b_gold", "c_gold"]
    predicted = ["x_pred", "y_pred"]
    yield "empty_intersection", ([rng.choice(gold) for _ in range(25)],
                                 [rng.choice(predicted) for _ in range(25)])

    yield "nine_labels", noisy(rng, 200, labels_named("intent", 9), labels_named("intent", 9), 0.7)

    yield "thirteen_labels_some_never_right", noisy(
        rng, 97, labels_named("intent", 11), labels_named("intent", 13)[2:], 0.45)

    many = labels_named("intent", 150)
    yield "one_hundred_fifty_labels", noisy(rng, 1500, many, many, 0.55)

    more = labels_named("intent", 300)
    yield "three_hundred_labels", noisy(rng, 2400, more, more + ["unseen_a", "unseen_b"], 0.4)

    forty = labels_named("intent", 40)
    yield "large_five_thousand_rows", noisy(rng, 5000, forty, forty, 0.83)


def main():
    for name, (y_true, y_pred) in fixtures():
        labels = sorted(set(y_true) | set(y_pred))
        p, r, f, s = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None, zero_division=0)
        mp, mr, mf, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average="macro", zero_division=0)
        fixture = {
            "name": name,
            "generator": f"make_fixtures.py with scikit-learn {sklearn.__version__}",
            "y_true": y_true,
            "y_pred": y_pred,
            "labels": labels,
            "per_label": {
                label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                        "support": int(s[i])}
                for i, label in enumerate(labels)
            },
            "macro": {"precision": float(mp), "recall": float(mr), "f1": float(mf)},
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        }
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as out:
            json.dump(fixture, out)
            out.write("\n")


if __name__ == "__main__":
    main()

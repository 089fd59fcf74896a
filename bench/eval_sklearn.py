#!/usr/bin/env python3
"""The Python + scikit-learn side of the scoring benchmark (bench/README.md).

Reads the same two files `evalops eval` reads (gold tickets and predictions, JSON Lines),
joins them by ticket_id and computes classification_report + confusion_matrix over the
sorted union of labels, as the harness does. Run it with Debian's interpreter, which has
scikit-learn: /usr/bin/python3 bench/eval_sklearn.py GOLD PREDICTIONS
"""
import json
import sys
import time

from sklearn.metrics import classification_report, confusion_matrix


def main(gold_path, predictions_path):
    started = time.perf_counter()
    predicted = {}
    with open(predictions_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            predicted[row["ticket_id"]] = row["intent"]
    y_true, y_pred = [], []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            y_true.append(row["intent"])
            y_pred.append(predicted[row["ticket_id"]])
    labels = sorted(set(y_true) | set(y_pred))
    report = classification_report(y_true, y_pred, labels=labels, zero_division=0, digits=6)
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    elapsed = time.perf_counter() - started
    print(report.splitlines()[-3])
    print(f"labels {len(labels)}, matrix total {matrix.sum()}")
    print(f"python+sklearn: {elapsed:.2f} s, {len(y_true) / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: eval_sklearn.py GOLD.jsonl PREDICTIONS.jsonl")
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env bash
# Writes a set's thresholds file from an evaluation's results.json: the figures of its test split as measured, each
# a hair below (0.005) so that any regression of one question fails CI while an unchanged run passes. Run it after a
# change that moves the figures on purpose, and say so in the commit.
#   bash scripts/set-thresholds.sh artifacts/eval-test-observatory/results.json tests/corpora/test-observatory/thresholds.txt
set -euo pipefail
results="$1" out="$2"
command -v jq >/dev/null || { echo "set-thresholds: needs jq (apt-get install jq)" >&2; exit 2; }
{
  echo "# Quality gate for the test split of this set (read by scripts/eval-gate.sh with --gate-split test; metrics: docs/evaluation.md)."
  echo "# Written by scripts/set-thresholds.sh from the test split as measured on $(date -u +%Y-%m-%d) (value in brackets), less 0.005."
  echo "# Test results are reported and gated, never used to choose a rule or a threshold of the answering."
  jq -r '.bySplit.test // error("no test split") | to_entries[]
    | select(.value != null)
    | select(.key | IN("facts","lead_facts","source_recall","citation_validity","citation_support","disagreement_recall","disagreement_precision","abstention","span_support","lead_concise"))
    | if .key == "citation_validity" then "citation_validity=1    # every quote verbatim: never relax this"
      else "\(.key)=\(((.value - 0.005) * 1000 | floor) / 1000 | if . < 0 then 0 else . end)    # (\(.value * 1000 | round / 1000))" end' "$results"
  echo "latency_p95_ms=1000    # a ceiling against pathological slowness only (tens of ms in-process)"
} > "$out"
echo "wrote $out"

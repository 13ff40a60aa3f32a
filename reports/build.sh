#!/usr/bin/env bash
# Regenerate the committed PDF reports: the seed article and the demo corpus.
# Run from anywhere: bash reports/build.sh
# The same code and input give the same bytes, so `git diff --stat reports/` shows real changes only.
set -euo pipefail
cd "$(dirname "$0")/.."

# the demo corpus: demo/ if it has been moved there, else seeds/demo
DEMO=seeds/demo
[ -d demo ] && DEMO=demo

python3 -m stance report seeds/000_ebf00a4f1a82a35d.txt \
    --title "Stance report: the seed article" -o reports/seed.pdf

python3 -m stance report "$DEMO" \
    --speakers "$DEMO/registry/speakers.csv" --speakers "$DEMO/registry/countries.csv" \
    --title "Stance report: demo corpus (constructed articles, fictional states)" -o reports/demo.pdf

#!/usr/bin/env bash
# Regenerate the committed PDF reports: the seed article and the demo corpus.
# Run from anywhere: bash reports/build.sh
# The same code and input give the same bytes, so `git diff --stat reports/` shows real changes only.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m stance report seeds/000_ebf00a4f1a82a35d.txt \
    --title "Stance report: the seed article" -o reports/seed.pdf

python3 -m stance report demo \
    --speakers demo/registry/speakers.csv --speakers demo/registry/countries.csv \
    --title "Stance report: demo corpus (constructed articles, fictional states)" -o reports/demo.pdf

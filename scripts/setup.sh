#!/usr/bin/env bash
# README command 1: install dependencies, build, and run the walkthrough end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then scripts/install-deps.sh; else sudo scripts/install-deps.sh; fi
scripts/build.sh
scripts/walkthrough.sh

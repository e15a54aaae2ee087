#!/bin/sh
# Offline install, end to end: build a wheelhouse (the only step that needs the network), then
# install from it with --no-index into fresh virtual environments — the prebuilt nianbao wheel,
# and the source tree (its build back-end, hatchling, comes from the wheelhouse too) — and run
# the demo from each. Usage: sh benchmarks/offline_install.sh [WORK_DIR]
set -eu
PYTHON=${PYTHON:-python3}
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
echo "== wheelhouse in $WORK/wheels"
$PYTHON -m pip wheel --quiet --wheel-dir "$WORK/wheels" . hatchling setuptools wheel
ls "$WORK/wheels"
echo "== install the prebuilt wheel with --no-index"
$PYTHON -m venv "$WORK/venv-wheel"
"$WORK/venv-wheel/bin/pip" install --quiet --no-index --find-links "$WORK/wheels" nianbao
(cd "$WORK" && "$WORK/venv-wheel/bin/python" -m nianbao demo --out "$WORK/demo-wheel" --force > "$WORK/demo-wheel.log")
echo "== install the source tree with --no-index (hatchling from the wheelhouse)"
$PYTHON -m venv "$WORK/venv-source"
"$WORK/venv-source/bin/pip" install --quiet --no-index --find-links "$WORK/wheels" .
(cd "$WORK" && "$WORK/venv-source/bin/nianbao" demo --out "$WORK/demo-source" --force > "$WORK/demo-source.log")
ls "$WORK/demo-wheel" "$WORK/demo-source"
echo "offline install OK"

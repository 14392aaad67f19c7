#!/usr/bin/env bash
# `npm test`: everything CI runs, in one place. Engines first (a missing one fails the run),
# then the build the e2e tests launch, static checks, and every jest project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== engines"
bash scripts/engines.sh ensure
eval "$(bash scripts/engines.sh env)"

echo "== gpg (signs the release in the release test)"
if ! command -v gpg >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then apt-get update && apt-get install -y --no-install-recommends gnupg
  else echo "gpg is missing: install Debian's gnupg (apt-get install -y gnupg)" >&2; exit 1; fi
fi

echo "== build, typecheck, lint"
npx tsc -p tsconfig.build.json
npx tsc --noEmit -p tsconfig.json
npx eslint .

echo "== tests"
# Two workers on this two-core machine; e2e suites run their engines serially inside each file.
npx jest --maxWorkers=2 "$@"

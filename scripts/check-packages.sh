#!/usr/bin/env bash
# The published packages, checked as a registry user would get them: publint (--strict: its
# warnings fail too) and @arethetypeswrong/cli under the esm-only profile (corio is ESM only;
# CommonJS users rely on Node 20.19+'s require(esm), which require.test.ts covers).
# Both pack each package first, so run it after `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
for pkg in packages/corio packages/crawl; do
  echo "check:packages: $pkg"
  npx --no-install publint --strict "$pkg"
  (cd "$pkg" && npx --no-install attw --pack . --profile esm-only --format ascii)
done
echo "check:packages: all clean"

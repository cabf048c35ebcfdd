#!/usr/bin/env bash
# `npm audit` of the production dependencies, failing on high or critical advisories. When the
# registry's audit endpoint cannot be reached (offline CI, a mirror without the bulk advisory
# API), it says loudly that the audit did not run; BUSYMATE_REQUIRE_AUDIT=1 makes that fatal.
set -uo pipefail
cd "$(dirname "$0")/.."

output=$(npm audit --omit=dev --audit-level=high 2>&1)
status=$?
if [ "$status" -eq 0 ]; then
  echo "npm audit: no high or critical advisories in the production dependencies."
  exit 0
fi
if grep -qiE "audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ECONNRESET|EAI_AGAIN|ETIMEDOUT|network|405 Method Not Allowed" <<<"$output" &&
  ! grep -qE "^[a-z@].* (high|critical)$|Severity: (high|critical)" <<<"$output"; then
  reason=$(grep -m1 -iE "npm (warn|error)" <<<"$output" | sed 's/^npm //')
  echo "================================================================================"
  echo "npm audit DID NOT RUN: the registry's audit endpoint could not be reached"
  echo "  ($reason)"
  echo "The production dependencies are NOT audited in this run."
  echo "================================================================================"
  [ "${BUSYMATE_REQUIRE_AUDIT:-0}" = "1" ] && exit 1
  exit 0
fi
echo "$output"
echo "npm audit: high or critical advisories in the production dependencies (above)."
exit 1

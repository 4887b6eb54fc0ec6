#!/usr/bin/env bash
# Sets up what the tests need (PostgreSQL, MailDev, Chromium with its en-GB locale, python3-icalendar, Redocly) and runs every test in
# the solution, ending with one line: "N passed, N failed" (", N skipped" when some were).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_dotnet
ensure_postgres
ensure_maildev
# chromium-l10n: its en-GB locale, so date and time pickers show 03/12/2026 and 13:00 as a UK browser does.
apt_install chromium chromium-l10n python3-icalendar
ensure_node_tool @redocly/cli 2.11.1 redocly
ensure_node_tool axe-core 4.11.0 ""
export IMPACTE_CHROMIUM=/usr/bin/chromium
export IMPACTE_REDOCLY="$TOOLS/@redocly/cli/node_modules/.bin/redocly"
export IMPACTE_AXE="$TOOLS/axe-core/node_modules/axe-core/axe.min.js"

say "Building"
dotnet build Impacte.sln -v quiet -nologo -clp:ErrorsOnly

say "Testing"
results="$RUN/test-results"
rm -rf "$results"
set +e
dotnet test Impacte.sln --no-build --logger trx --results-directory "$results"
code=$?
set -e

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
total = passed = failed = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    total += int(c.get("total")); passed += int(c.get("passed"))
    failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
skipped = total - passed - failed
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $code

"""`make audit`: the pinned dependencies (requirements.lock) against a vulnerability database.

pip-audit asks PyPI's vulnerability service (or OSV with ``--vulnerability-service osv``).
Exit codes: 0 no known vulnerability; 1 vulnerabilities found (listed); 3 the database could
not be reached, so nothing was checked — said in French, never reported as "clean". Without
``CTAI_REQUIRE_AUDIT=1`` an unreachable database exits 0 after the message (offline
development machines); CI sets it so that an unchecked lock fails.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

UNREACHABLE = 3
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    service = os.environ.get("CTAI_AUDIT_SERVICE", "pypi")
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement",
        str(ROOT / "requirements.lock"),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
        "--format",
        "json",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        report = None
    if not report:
        print(
            f"Audit des dépendances NON RÉALISÉ : base de vulnérabilités ({service}) injoignable."
            f"\n{run.stderr.strip()[-2000:]}"
        )
        return _unreachable()
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    if not audited:
        print(
            f"Audit des dépendances NON RÉALISÉ : la base de vulnérabilités ({service}) n'a "
            f"répondu pour aucune des {len(dependencies)} dépendances de requirements.lock "
            "(pas d'accès à Internet ?). Relancez `make audit` depuis une machine connectée."
        )
        return _unreachable()
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "aucune"
            print(
                f"{dependency['name']} {dependency['version']} : {vuln['id']} "
                f"(corrigé en : {fixes})"
            )
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        print(f"Non vérifiées ({len(skipped)}) : {names}")
    if vulnerable:
        print(f"{len(vulnerable)} dépendance(s) vulnérable(s) sur {len(audited)} vérifiées.")
        return 1
    print(f"Aucune vulnérabilité connue dans les {len(audited)} dépendances vérifiées.")
    return 0


def _unreachable() -> int:
    required = os.environ.get("CTAI_REQUIRE_AUDIT", "").strip().lower() in {"1", "true", "oui"}
    return UNREACHABLE if required else 0


if __name__ == "__main__":
    sys.exit(main())

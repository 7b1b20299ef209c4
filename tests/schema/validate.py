#!/usr/bin/env python3
"""Checks `srgap schema` with a real JSON Schema validator (python3-jsonschema).

    validate.py SRGAP SOURCE_DIR

The schema must be a valid draft 2020-12 schema; every example inventory and
`srgap init`'s output (default, and for every compute service model) must
validate; each broken inventory below must not. YAML is read the way YAML
editors read it (1.2-style: dates stay strings).
"""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """SafeLoader without the YAML 1.1 timestamp rule: 2026-11-15 stays a string."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text):
    # JSON round trip: mapping keys such as 4.6 (a float to YAML) become "4.6".
    return json.loads(json.dumps(yaml.load(text, Loader=Loader)))


VALID_HEAD = """srgap: 1
organization: Broken on purpose
environments:
  - name: web
    provider: aws
    service: eks-fargate
"""

# Each must fail validation: (what is wrong, inventory text).
BROKEN = [
    ("service of another provider", VALID_HEAD.replace("eks-fargate", "aks")),
    ("unknown provider", VALID_HEAD.replace("provider: aws", "provider: amazon")),
    ("unknown top-level key", VALID_HEAD + "organisation: typo\n"),
    ("unknown environment key", VALID_HEAD + "    critcality: high\n"),
    ("bad criticality", VALID_HEAD + "    criticality: extreme\n"),
    ("registry of another provider", VALID_HEAD + "    registry: acr\n"),
    ("unknown registry path", VALID_HEAD + "    registry: aws/ecs-fargate\n"),
    ("internet_facing not a boolean", VALID_HEAD + "    internet_facing: sometimes\n"),
    ("unknown control", VALID_HEAD + "    controls:\n      4.1.1z: implemented\n"),
    ("unknown claim status", VALID_HEAD + "    controls:\n      4.1.1a: done\n"),
    ("claim without status", VALID_HEAD + "    controls:\n      4.1.1a: { by: \"Trivy\" }\n"),
    ("not-applicable without reason",
     VALID_HEAD + "    controls:\n      4.6: { status: not-applicable }\n"),
    ("mistyped capability id",
     VALID_HEAD + "    controls:\n      4.1.1b: { status: implemented, by: ecr-enhanced-scaning }\n"),
    ("bad due date", VALID_HEAD + "    controls:\n      4.4.5: { status: planned, due: 2027-3-31 }\n"),
    ("organization keys without organization",
     VALID_HEAD.replace("organization: Broken on purpose\n", "assessment: { title: t }\n")),
    ("team file with an organization key", VALID_HEAD.replace(
        "organization: Broken on purpose\n", "policy: { scan_max_age_days: 3 }\n")),
    ("file with neither organization nor environments", "srgap: 1\n"),
    ("no environments", "srgap: 1\norganization: x\nenvironments: []\n"),
    ("wrong version", VALID_HEAD.replace("srgap: 1", "srgap: 2")),
    ("exception for an unknown control",
     VALID_HEAD + "exceptions:\n  - { environment: web, control: 4.9, reason: r, owner: o, expires: 2027-01-31 }\n"),
    ("exception without owner",
     VALID_HEAD + "exceptions:\n  - { environment: web, control: 4.3.4, reason: r, expires: 2027-01-31 }\n"),
]

# Valid spellings a YAML editor sees differently from srgap; each must pass.
VALID = [
    ("numeric area and group keys", VALID_HEAD + "    controls:\n      4.5: implemented\n"
     "      4.6: { status: not-applicable, reason: provider hardware }\n"),
    ("numeric exception control", VALID_HEAD + "exceptions:\n"
     "  - { environment: web, control: 4.6, reason: r, owner: o, expires: 2027-01-31 }\n"),
    ("team file of an inventory folder",
     VALID_HEAD.replace("organization: Broken on purpose\n", "")),
    ("team file with exceptions only", "exceptions:\n"
     "  - { environment: web, control: 4.3.4, reason: r, owner: o, expires: 2027-01-31 }\n"),
    ("registry as PROVIDER/SERVICE", VALID_HEAD + "    registry: gcp/artifact-registry\n"),
    ("free-text and capability claims", VALID_HEAD + "    registry: ecr\n    controls:\n"
     "      4.1.1a: { status: implemented, by: \"Trivy in CI\" }\n"
     "      4.1.1b: { status: implemented, by: ecr-enhanced-scanning }\n"
     "      4.1.4: { status: partial, by: Vault }\n"),
]


def main():
    srgap, source = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        schema_path = os.path.join(scratch, "schema.json")
        subprocess.run([srgap, "schema", "-o", schema_path], check=True)
        with open(schema_path, encoding="utf-8") as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)

        def check(name, text, valid):
            errors = list(validator.iter_errors(load(text)))
            if valid and errors:
                failures.append(f"{name}: should validate: " + "; ".join(
                    f"{list(e.absolute_path)}: {e.message[:160]}" for e in errors[:3]))
            if not valid and not errors:
                failures.append(f"{name}: should not validate")
            return 1

        checked = 0
        examples = os.path.join(source, "examples")
        for folder, folders, names in os.walk(examples):
            folders[:] = sorted(f for f in folders if f != "evidence")
            for name in sorted(names):
                if name.endswith(".yaml"):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8") as handle:
                        checked += check(os.path.relpath(path, source), handle.read(), True)

        # A folder inventory from init --into: the organization file and a team's file.
        estate = os.path.join(scratch, "estate")
        subprocess.run([srgap, "init", "--into", estate, "--team", "payments"], check=True)
        for name in sorted(os.listdir(estate)):
            with open(os.path.join(estate, name), encoding="utf-8") as handle:
                checked += check(f"init --into: {name}", handle.read(), True)

        services = subprocess.run([srgap, "models", "services"], check=True,
                                  capture_output=True, text=True).stdout.splitlines()
        targets = [[]] + [["--service", line.split()[0]] for line in services
                          if line.split()[1] == "compute"]
        for index, arguments in enumerate(targets):
            path = os.path.join(scratch, f"init-{index}.yaml")
            subprocess.run([srgap, "init", "-o", path] + arguments, check=True)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if not text.startswith("# yaml-language-server: $schema="):
                failures.append(f"init {' '.join(arguments)}: no schema line")
            checked += check(f"init {' '.join(arguments) or '(default)'}", text, True)

        for name, text in VALID:
            checked += check(name, text, True)
        for name, text in BROKEN:
            checked += check(name, text, False)

    for failure in failures:
        print("FAIL", failure)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or checked < len(BROKEN) + len(VALID) + 10 else 0


if __name__ == "__main__":
    sys.exit(main())

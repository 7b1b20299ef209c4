#!/usr/bin/env python3
"""srgap's OSCAL exports against NIST's OSCAL 1.1.2 JSON Schemas, plus what
the schemas cannot check: that every reference resolves, and that the same
inputs give the same bytes.

    validate.py SRGAP SOURCE_DIR

The schemas are NIST's, read from ../shared/oscal/1.1.2 beside the project
(see its PROVENANCE.md); without that folder the test is skipped (exit 77).
Their token pattern uses \\p{L}, which Python's re cannot compile, so the
`pattern` keyword is checked with the third-party `regex` module
(python3-regex), as PROVENANCE.md shows.

NIST's catalog schema is not among the shared files. The catalog is checked
against NIST's component-definition schema, whose definitions of metadata,
parts, properties, links, parameters and back matter are the same OSCAL
1.1.2 definitions the catalog schema uses, plus the three catalog-only
definitions (catalog, group, control) restated below from the OSCAL 1.1.2
catalog model. If ../shared/oscal/1.1.2/oscal_catalog_schema.json appears,
it is used instead.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

import regex
from jsonschema import Draft7Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

failures = []


def fail(message):
    failures.append(message)
    print("FAIL", message)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = validators.extend(Draft7Validator, {"pattern": _pattern})


def array_of(ref):
    return {"type": "array", "minItems": 1, "items": {"$ref": ref}}


COMMON = {
    "props": array_of("#assembly_oscal-metadata_property"),
    "links": array_of("#assembly_oscal-metadata_link"),
    "parts": array_of("#assembly_oscal-control-common_part"),
    "params": array_of("#assembly_oscal-control-common_parameter"),
    "id": {"$ref": "#/definitions/TokenDatatype"},
    "class": {"$ref": "#/definitions/TokenDatatype"},
    "title": {"type": "string"},
}
# OSCAL 1.1.2 catalog model: catalog, group (groups or controls), control.
CATALOG_DEFINITIONS = {
    "catalog": {
        "$id": "#assembly_oscal-catalog_catalog",
        "type": "object",
        "properties": {
            "uuid": {"$ref": "#/definitions/UUIDDatatype"},
            "metadata": {"$ref": "#assembly_oscal-metadata_metadata"},
            "params": COMMON["params"],
            "controls": array_of("#assembly_oscal-catalog_control"),
            "groups": array_of("#assembly_oscal-catalog_group"),
            "back-matter": {"$ref": "#assembly_oscal-metadata_back-matter"},
        },
        "required": ["uuid", "metadata"],
        "additionalProperties": False,
    },
    "group": {
        "$id": "#assembly_oscal-catalog_group",
        "type": "object",
        "properties": dict(
            {k: COMMON[k] for k in ("id", "class", "title", "params", "props", "links", "parts")},
            groups=array_of("#assembly_oscal-catalog_group"),
            controls=array_of("#assembly_oscal-catalog_control"),
        ),
        "required": ["title"],
        "additionalProperties": False,
    },
    "control": {
        "$id": "#assembly_oscal-catalog_control",
        "type": "object",
        "properties": dict(
            {k: COMMON[k] for k in ("id", "class", "title", "params", "props", "links", "parts")},
            controls=array_of("#assembly_oscal-catalog_control"),
        ),
        "required": ["id", "title"],
        "additionalProperties": False,
    },
}


def load_schemas(oscal_dir):
    def load(name):
        with open(os.path.join(oscal_dir, name), encoding="utf-8") as f:
            return json.load(f)

    schemas = {
        "assessment-results": load("oscal_assessment-results_schema.json"),
        "plan-of-action-and-milestones": load("oscal_poam_schema.json"),
        "component-definition": load("oscal_component_schema.json"),
    }
    if os.path.exists(os.path.join(oscal_dir, "oscal_catalog_schema.json")):
        schemas["catalog"] = load("oscal_catalog_schema.json")
    else:
        catalog = copy.deepcopy(schemas["component-definition"])
        catalog["$id"] = "urn:srgap:test:oscal-catalog-schema.json"
        for name, definition in CATALOG_DEFINITIONS.items():
            catalog["definitions"]["oscal-catalog-oscal-catalog:" + name] = definition
        catalog["properties"] = {
            "$schema": {"$ref": "#json-schema-directive"},
            "catalog": {"$ref": "#assembly_oscal-catalog_catalog"},
        }
        catalog["required"] = ["catalog"]
        schemas["catalog"] = catalog
    return {
        root: OscalValidator(schema, format_checker=FormatChecker())
        for root, schema in schemas.items()
    }


def schema_errors(validators_by_root, document):
    roots = [key for key in document if key != "$schema"]
    if len(roots) != 1 or roots[0] not in validators_by_root:
        return [f"unexpected top-level keys {sorted(document)}"]
    errors = validators_by_root[roots[0]].iter_errors(document)
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:300]}" for e in errors]


# ---------------------------------------------------------------- references

# Members that define an identifier, and members that refer to one by uuid.
UUID_REFERENCES = {
    "party-uuid", "party-uuids", "subject-uuid", "observation-uuid", "risk-uuid",
    "finding-uuid", "component-uuid", "actor-uuid", "activity-uuid", "task-uuid",
    "item-uuid", "location-uuid", "location-uuids", "member-of-organizations",
    "implementation-statement-uuid", "inventory-item-uuid", "response-uuid",
}


def walk(value, path=""):
    """Yields (path, key, value) for every member of every object."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}/{index}")


def catalog_ids(catalog):
    """Control ids, and every id (groups, controls, parts) of srgap's OSCAL catalog."""
    controls, everything = set(), set()

    def visit_parts(parts):
        for part in parts:
            if "id" in part:
                everything.add(part["id"])
            visit_parts(part.get("parts", []))

    def visit(node):
        for group in node.get("groups", []):
            everything.add(group.get("id"))
            visit_parts(group.get("parts", []))
            visit(group)
        for control in node.get("controls", []):
            controls.add(control["id"])
            everything.add(control["id"])
            visit_parts(control.get("parts", []))
            visit(control)

    visit(catalog["catalog"] if catalog else {})
    return controls, everything


def check_references(name, document, controls, catalog_everything):
    """Every uuid reference, #fragment, role-id, control-id and target resolves."""
    defined_uuids, seen_twice = set(), set()
    for path, key, value in walk(document):
        if key == "uuid":
            if value in defined_uuids:
                seen_twice.add(value)
            defined_uuids.add(value)
    # A uuid names one thing; the same statement-id uuid is the one exception OSCAL allows.
    for value in sorted(seen_twice):
        fail(f"{name}: uuid {value} is defined more than once")
    root = next(v for k, v in document.items() if k != "$schema")
    roles = {role["id"] for role in root.get("metadata", {}).get("roles", [])}
    ids = set()
    for _, key, value in walk(document):
        if key == "id" and isinstance(value, str):
            ids.add(value)
    checked = 0
    for path, key, value in walk(document):
        values = value if isinstance(value, list) else [value]
        if key in UUID_REFERENCES:
            for item in values:
                checked += 1
                if item not in defined_uuids:
                    fail(f"{name}: {path}/{key} refers to uuid {item}, defined nowhere")
        elif key in ("href", "source") and isinstance(value, str) and value.startswith("#"):
            checked += 1
            if value[1:] not in defined_uuids and value[1:] not in ids:
                fail(f"{name}: {path}/{key} {value} resolves to nothing in the document")
        elif key == "role-id":
            checked += 1
            if value not in roles:
                fail(f"{name}: {path}/role-id {value} is not a role of the metadata")
        elif key == "control-id":
            checked += 1
            if value not in controls:
                fail(f"{name}: {path}/control-id {value} is not a control of srgap's catalog")
        elif key == "target-id":
            checked += 1
            if value not in catalog_everything:
                fail(f"{name}: {path}/target-id {value} is not a part of srgap's catalog")
    return checked


# ---------------------------------------------------------------- runs


def run(srgap, args, cwd=None):
    result = subprocess.run([srgap] + args, capture_output=True, cwd=cwd)
    if result.returncode not in (0, 1):
        fail(f"srgap {' '.join(args)}: exit {result.returncode}: {result.stderr.decode()[:500]}")
        return None
    return result.stdout


def export(srgap, args, cwd=None):
    """Runs an export twice; both runs must give the same bytes. Returns the document."""
    first = run(srgap, args, cwd)
    second = run(srgap, args, cwd)
    if first is None or second is None:
        return None
    if first != second:
        fail(f"srgap {' '.join(args)}: two runs differ")
    return json.loads(first)


class Checker:
    def __init__(self, validators_by_root, controls, everything):
        self.validators = validators_by_root
        self.controls = controls
        self.everything = everything
        self.documents = 0
        self.references = 0
        self.accepted = 0

    def check(self, name, document):
        if document is None:
            return
        self.documents += 1
        errors = schema_errors(self.validators, document)
        for error in errors[:10]:
            fail(f"{name}: schema: {error}")
        if len(errors) > 10:
            fail(f"{name}: ... and {len(errors) - 10} more schema errors")
        self.references += check_references(name, document, self.controls, self.everything)


def self_test(validators_by_root, oscal_dir):
    """The validator accepts NIST's own examples and rejects a broken document."""
    examples = {
        "ifa_assessment-results-example.json": "assessment-results",
        "ifa_plan-of-action-and-milestones.json": "plan-of-action-and-milestones",
        "example-component-definition.json": "component-definition",
    }
    for file, _ in examples.items():
        with open(os.path.join(oscal_dir, "examples", file), encoding="utf-8") as f:
            errors = schema_errors(validators_by_root, json.load(f))
        if errors:
            fail(f"NIST example {file} does not validate: {errors[:3]}")
    broken = {"catalog": {"uuid": "not-a-uuid", "metadata": {"title": "x"},
                          "controls": [{"id": "4.1.1a", "title": "a control id must be a token"}]}}
    if len(schema_errors(validators_by_root, broken)) < 3:
        fail("a broken catalog validated: the validator checks nothing")


OPEN = ("gap", "partial", "contradicted", "accepted")


def inventories(source_dir):
    """Every bundled example inventory (files and folders), and the report test estate."""
    examples = os.path.join(source_dir, "examples")
    for name in sorted(os.listdir(examples)):
        path = os.path.join(examples, name)
        if name.endswith(".yaml") or (os.path.isdir(path) and name != "evidence"):
            yield path
    yield os.path.join(source_dir, "tests", "golden", "report-inputs", "estate.yaml")


def without_evidence(inventory, scratch):
    """A copy of an inventory (a file, or a folder of files) with its evidence:
    lines removed, or None when it names no evidence."""
    path = os.path.join(scratch, "no-evidence-" + os.path.basename(inventory))
    if os.path.isdir(inventory):
        shutil.copytree(inventory, path)
        files = [os.path.join(folder, name) for folder, _, names in os.walk(path)
                 for name in names if name.endswith((".yaml", ".yml"))]
    elif inventory.endswith(".yaml"):
        shutil.copyfile(inventory, path)
        files = [path]
    else:
        return None
    removed = 0
    for file in files:
        with open(file, encoding="utf-8") as f:
            lines = f.readlines()
        kept = [line for line in lines if not line.lstrip().startswith("evidence:")]
        removed += len(lines) - len(kept)
        with open(file, "w", encoding="utf-8") as f:
            f.writelines(kept)
    return path if removed else None


def by_environment_and_control(items):
    """{(environment, control): uuid} from srgap's props."""
    result = {}
    for item in items:
        props = {p["name"]: p["value"] for p in item.get("props", []) if p.get("ns")}
        result[(props.get("environment"), props.get("control"))] = item["uuid"]
    return result


def check_assessment(checker, srgap, inventory, scratch):
    """AR and POA&M of one inventory: valid, resolvable, reproducible, one code path."""
    name = os.path.relpath(inventory)
    saved = os.path.join(scratch, "assessment.json")
    if run(srgap, ["assess", inventory, "--format", "json", "-o", saved]) is None:
        return None
    with open(saved, encoding="utf-8") as f:
        assessment = json.load(f)
    open_cells = {(e["name"], c["control"]) for e in assessment["environments"]
                  for c in e["cells"] if c["status"] in OPEN}
    documents = {}
    for model, fmt in (("assessment-results", "oscal-ar"),
                       ("plan-of-action-and-milestones", "oscal-poam")):
        document = export(srgap, ["assess", inventory, "--format", fmt])
        if document is None:
            continue
        from_report = run(srgap, ["report", saved, "--format", fmt])
        if from_report is not None and json.loads(from_report) != document:
            fail(f"{name} {fmt}: srgap report of the saved assessment differs from assess")
        checker.check(f"{name} {fmt}", document)
        documents[fmt] = document[model]
    ar, poam = documents.get("oscal-ar"), documents.get("oscal-poam")
    if ar:
        # Every observation counts the results it stands for: a change to the
        # shape of a cell's probes[] (docs/json-schema.md) must reach the export.
        for observation in ar["results"][0].get("observations", []):
            counts = [int(p["value"]) for p in observation.get("props", [])
                      if p["name"].endswith("-count")]
            if len(counts) != 4 or sum(counts) == 0:
                fail(f"{name} oscal-ar: observation {observation['title']!r} counts no result")
        probed = sum(1 for e in assessment["environments"] for c in e["cells"] if c["probes"])
        if probed and not ar["results"][0].get("observations"):
            fail(f"{name} oscal-ar: {probed} cells have probe results but there is no observation")
        findings = ar["results"][0].get("findings", [])
        keys = set(by_environment_and_control(findings))
        if keys != open_cells:
            fail(f"{name} oscal-ar: findings {len(keys)} for {len(open_cells)} open cells")
        # An accepted cell (an inventory exception) is an approved deviation with its risk log.
        risks = {risk["uuid"]: risk for risk in ar["results"][0].get("risks", [])}
        accepted = {(e["name"], c["control"]) for e in assessment["environments"]
                    for c in e["cells"] if c["status"] == "accepted"}
        for key, uuid in by_environment_and_control(findings).items():
            if key not in accepted:
                continue
            finding = next(f for f in findings if f["uuid"] == uuid)
            related = [risks.get(r["risk-uuid"]) for r in finding.get("related-risks", [])]
            if not related or any(r is None or r["status"] != "deviation-approved" or
                                  not r.get("risk-log") for r in related):
                fail(f"{name} oscal-ar: accepted cell {key} is no approved deviation with a log")
        checker.accepted += len(accepted)
    if ar and poam:
        if by_environment_and_control(poam.get("findings", [])) != \
                by_environment_and_control(ar["results"][0].get("findings", [])):
            fail(f"{name}: the POA&M's findings are not the assessment results' findings")
        actions = {p["value"] for item in poam["poam-items"] for p in item.get("props", [])
                   if p["name"] == "action"}
        if len(actions) != len(assessment["roadmap"]):
            fail(f"{name} oscal-poam: {len(actions)} action items for "
                 f"{len(assessment['roadmap'])} roadmap actions")
        for item in poam["poam-items"]:
            props = {p["name"] for p in item.get("props", [])}
            if "action" in props and not item.get("related-findings"):
                fail(f"{name} oscal-poam: item {item['title']!r} closes no finding")
        vulnerabilities = (assessment.get("vulnerabilities") or {}).get("actions", [])
        vulnerability_items = [item for item in poam["poam-items"]
                               if any(p["name"] == "vulnerability-action"
                                      for p in item.get("props", []))]
        if len(vulnerability_items) != len(vulnerabilities):
            fail(f"{name} oscal-poam: {len(vulnerability_items)} vulnerability items for "
                 f"{len(vulnerabilities)} fix actions")
    return ar


def main():
    srgap, source_dir = sys.argv[1], sys.argv[2]
    oscal_dir = os.path.join(os.path.dirname(os.path.abspath(source_dir)), "shared", "oscal",
                             "1.1.2")
    if not os.path.isdir(oscal_dir):
        print(f"SKIP: no OSCAL schemas at {oscal_dir}")
        return 77
    validators_by_root = load_schemas(oscal_dir)
    self_test(validators_by_root, oscal_dir)

    catalog = export(srgap, ["models", "controls", "--format", "oscal-catalog"])
    controls, everything = catalog_ids(catalog)
    if len(controls) < 60:
        fail(f"the catalog has only {len(controls)} controls")
    checker = Checker(validators_by_root, controls, everything)
    checker.check("catalog", catalog)

    providers = [line.split()[0] for line in
                 run(srgap, ["models", "providers"]).decode().splitlines()]
    checker.check("component definition", export(srgap, ["models", "services", "--format",
                                                         "oscal-cdef"]))
    for provider in providers:
        checker.check(f"component definition of {provider}",
                      export(srgap, ["models", "services", "--format", "oscal-cdef",
                                     "--provider", provider]))

    with tempfile.TemporaryDirectory() as scratch:
        results = {}
        for inventory in inventories(source_dir):
            results[inventory] = check_assessment(checker, srgap, inventory, scratch)
            stripped = without_evidence(inventory, scratch)
            if stripped:
                check_assessment(checker, srgap, stripped, scratch)
        # A saved assessment with no environments still makes valid documents.
        empty = os.path.join(source_dir, "tests", "golden", "report-inputs", "empty.json")
        for fmt in ("oscal-ar", "oscal-poam"):
            output = run(srgap, ["report", empty, "--format", fmt])
            if output is not None:
                checker.check(f"empty.json {fmt}", json.loads(output))
        # A re-assessment keeps the uuid of every finding that is still open.
        first = results.get(os.path.join(source_dir, "examples", "acme-retail.yaml"))
        later = results.get(os.path.join(source_dir, "examples", "acme-retail-q2.yaml"))
        if first and later:
            before = by_environment_and_control(first["results"][0]["findings"])
            after = by_environment_and_control(later["results"][0]["findings"])
            common = set(before) & set(after)
            if len(common) < 10:
                fail(f"only {len(common)} findings in both quarters: the check checks nothing")
            for key in sorted(common):
                if before[key] != after[key]:
                    fail(f"finding {key} changed uuid between the two quarters")

    # The bundled inventories carry exceptions: accepted cells must have been exported.
    if checker.accepted == 0:
        fail("no inventory has an accepted cell: exceptions were not exported")
    print(f"{checker.documents} documents checked against the schemas, "
          f"{checker.references} references resolved, {checker.accepted} accepted cells "
          f"as approved deviations, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Include-layering check (ctest `include_layering`, run by `make test`).

Reads every `#include "..."` in the C++ files under src/, tests/ and bench/ and fails
when a file includes a layer it may not use, printing one line per violation:

    src/domain/core/x.hpp:3 includes store/audit_store.hpp (layer domain may not use store)

It also reads every `#include <soci/...>`: SOCI is the store's engine library, and only
the engine machinery (src/store/{engine,sql,sqlite,postgres}/) and the store's test
fixtures (src/store/testing/) may include it. Everything else reaches the database
through the interfaces at store/*.hpp, with a Tx (store/transaction.hpp) for calls
inside a transaction.

A layer is a top folder of src/ (plus src/main.cpp). The edges below are the
`target_link_libraries` of src/*/CMakeLists.txt as they should be, and the picture in
docs/architecture.md: a layer sees the layers it links, never one above it. CMake alone
does not enforce this, because PUBLIC links are transitive (http links app, app links
store PUBLIC, so http could include store/engine/ and still build).

Usage: scripts/check-layering.py [SOURCE_DIR]    (default: the repo this script is in)
"""

import os
import re
import sys

# Which layers a file of each layer may include (its own layer is always allowed).
LAYERS = {
    "domain": set(),  # pure: links nothing of ours
    "config": {"domain"},
    "demo": {"domain"},  # deterministic demo data, pure
    "interop": {"domain"},  # formats others read (iCalendar, XLSX)
    "web": {"domain"},  # templates and message catalogues
    "store": {"domain"},
    # app owns the interfaces that adapters implement; demo is not app's (the demo
    # loader belongs to cli/), and web's messages are rendered by http.
    "app": {"domain", "store", "interop"},
    "adapters": {"app", "store", "interop", "domain"},
    "http": {"app", "web", "store", "interop", "domain"},
    # The composition root and the subcommands see everything.
    "cli": {"domain", "config", "demo", "interop", "web", "store", "app", "adapters", "http"},
    "main.cpp": {"domain", "config", "demo", "interop", "web", "store", "app", "adapters",
                 "http", "cli"},
    # Benchmarks of hot code: any library layer, not the program's wiring.
    "bench": {"domain", "config", "demo", "interop", "web", "store", "app", "adapters", "http"},
}

# store/ keeps its interfaces at its top (store/*.hpp); everything in a sub-folder
# (engine/, sql/, sqlite/, postgres/) is the engine machinery behind them, which only
# store itself, cli/, main.cpp and test fixtures may include. Fixture folders
# (store/testing/) follow the fixture rule below.
STORE_INTERNAL_USERS = {"store", "cli", "main.cpp"}

# The store internals that app (and the test fixtures) may include: the
# transaction runner and the periodic task of the background loops. A use case
# runs its reads and writes in one transaction (Database::transact), so app needs
# the runner itself, not only the per-aggregate interfaces; the outbox worker and
# the retention scheduler run on the store's PeriodicTask (store is the lowest
# layer all background loops reach). Both headers are engine-neutral (no SOCI):
# transaction bodies get a Tx (store/transaction.hpp), not a SOCI session.
STORE_RUNNER = {"store/engine/database.hpp", "store/engine/periodic_task.hpp"}
STORE_RUNNER_USERS = {"app"}

# Test fixtures may also build the demo catalogue (pure data, links only domain).
FIXTURE_EXTRA = {"demo"}

# Nothing includes adapters except cli/, main.cpp, adapters itself, the benchmarks
# (programs of their own, like main.cpp) and tests and test fixtures (which may wire
# a real adapter, e.g. the personal-data cipher or Oslo's time zone).
ADAPTERS_USERS = {"adapters", "cli", "main.cpp", "bench"}

# C++ under tests/ (integration, conformance) talks to the binary over HTTP: it may
# include its own folder, domain/ and test fixtures (*/testing/), nothing else.
TESTS_ALLOWED = {"domain"}

# Known exceptions: (including file, included header) -> why. Keep it short; each entry
# is a debt with its reason, not a rule.
ALLOWED = {
    ("src/store/sql/text_index_parity_test.cpp", "demo/demo_catalogue.hpp"):
        "searches the demo catalogue on both engines; demo is pure data (links only domain)",
    ("src/app/enrollment/enrollment_link_test.cpp", "web/messages.hpp"):
        "checks the e-mail/SMS text against the real web/i18n catalogue (app code itself does not)",
    ("src/app/messaging/message_channel_test.cpp", "web/messages.hpp"):
        "checks the e-mail/SMS text against the real web/i18n catalogue (app code itself does not)",
    ("src/app/enrollment/enrollment_calendar_test.cpp", "web/messages.hpp"):
        "checks the .ics texts against the real web/i18n catalogue (app code itself does not)",
    ("src/app/enrollment/participant_language_test.cpp", "web/messages.hpp"):
        "checks each language's mails, SMS and .ics against the real web/i18n catalogues",
    ("src/app/authoring/run_authoring_service_test.cpp", "web/messages.hpp"):
        "checks the cancel and change mails against the real web/i18n catalogue",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s*<([^>]+)>')

# Who may include SOCI (`#include <soci/...>`): the store's engine machinery and its
# test fixtures. A SOCI type in any other file would tie it to the engine library
# that store/transaction.hpp hides.
SOCI_USERS = ("src/store/engine/", "src/store/sql/", "src/store/sqlite/",
              "src/store/postgres/", "src/store/testing/")


def soci_violation(rel, header):
    """Why `rel` may not include the system header `header`, or None."""
    if not header.startswith("soci/") or rel.startswith(SOCI_USERS):
        return None
    return ("SOCI is for src/store/{engine,sql,sqlite,postgres,testing}/ only; pass a "
            "store::Tx, or use a store/testing fixture in tests")
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".ipp")
TOP_FOLDERS = ("src", "tests", "bench")


def is_test(rel):
    """A unit test beside the code (foo_test.cpp) or any C++ file under tests/."""
    name = os.path.basename(rel)
    return rel.startswith("tests/") or re.search(r"_test\.(cpp|hpp)$", name) is not None


def is_fixture(rel):
    """Test support of a layer: src/<layer>/testing/..."""
    parts = rel.split("/")
    return len(parts) > 3 and parts[0] == "src" and parts[2] == "testing"


def layer_of(rel):
    """The layer of a file of ours, by its path from the repo root."""
    parts = rel.split("/")
    if parts[0] == "src":
        return "main.cpp" if len(parts) == 2 else parts[1]
    return parts[0]  # tests, bench


def classify_include(root, rel, header):
    """The layer of an included header (its first path component); None for a file
    beside the including one (tests/integration/http_client.hpp); "?" for neither."""
    first = header.split("/")[0]
    if first in LAYERS and first not in ("main.cpp", "bench"):
        return first
    here = os.path.dirname(os.path.join(root, rel))
    if os.path.isfile(os.path.join(here, header)):
        return None
    return "?"


def violation(layer, rel, header, target):
    """Why `rel` (of `layer`) may not include `header` (of layer `target`), or None."""
    if target == "?":
        return "no such header in src/ or beside the file"
    test = is_test(rel)
    fixture = is_fixture(rel)
    parts = header.split("/")
    header_is_fixture = len(parts) > 2 and parts[1] == "testing"

    if layer == "tests":
        if target in TESTS_ALLOWED or header_is_fixture:
            return None
        return f"layer tests may not use {target}; only tests/, domain/ and */testing/ fixtures"

    allowed = LAYERS[layer] | {layer}
    # Fixtures of this layer and the layers below it, for tests and fixtures only.
    if header_is_fixture:
        if not (test or fixture):
            return f"layer {layer} may not use {target}/testing: fixtures are for tests"
        if target in allowed:
            return None
        return f"layer {layer} may not use {target}, nor its test fixtures"

    if target == "adapters":
        if layer in ADAPTERS_USERS or test or fixture:
            return None
        return f"layer {layer} may not use adapters; only cli/ and main.cpp wire them"

    if target not in allowed and not (fixture and target in FIXTURE_EXTRA):
        return f"layer {layer} may not use {target}"

    if target == "store" and len(parts) > 2 and layer not in STORE_INTERNAL_USERS:
        if header in STORE_RUNNER and (layer in STORE_RUNNER_USERS or fixture):
            return None
        hint = "the interfaces at store/*.hpp" + (" or a store/testing fixture" if test else "")
        return f"layer {layer} may not use store internals (store/{parts[1]}/); use {hint}"
    return None


def source_files(root):
    for top in TOP_FOLDERS:
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("node_modules",))
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    full = os.path.join(dirpath, name)
                    yield os.path.relpath(full, root).replace(os.sep, "/")


def check(root):
    problems = []
    used_exceptions = set()
    count = 0
    for rel in source_files(root):
        count += 1
        layer = layer_of(rel)
        if layer not in LAYERS and layer != "tests":
            problems.append(f"{rel}:1 is in src/{layer}/, which is not a known layer "
                            "(add it to LAYERS in scripts/check-layering.py)")
            continue
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                system = SYSTEM_INCLUDE.match(line)
                if system:
                    header = system.group(1)
                    why = soci_violation(rel, header)
                    if why is None:
                        continue
                    if (rel, header) in ALLOWED:
                        used_exceptions.add((rel, header))
                        continue
                    problems.append(f"{rel}:{lineno} includes <{header}> ({why})")
                    continue
                m = INCLUDE.match(line)
                if not m:
                    continue
                header = m.group(1)
                target = classify_include(root, rel, header)
                if target is None:
                    continue
                why = violation(layer, rel, header, target)
                if why is None:
                    continue
                if (rel, header) in ALLOWED:
                    used_exceptions.add((rel, header))
                    continue
                problems.append(f"{rel}:{lineno} includes {header} ({why})")
    # An exception that no longer matches is stale: drop it so it cannot hide a new one.
    # Only checked on a real tree (one with this script), not on the self-test's.
    real_tree = os.path.exists(os.path.join(root, "scripts", "check-layering.py"))
    for rel, header in sorted(set(ALLOWED) - used_exceptions):
        if real_tree or os.path.exists(os.path.join(root, rel)):
            problems.append(f"scripts/check-layering.py: exception ({rel}, {header}) no longer "
                            "needed; remove it from ALLOWED")
    return count, problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    if not os.path.isdir(os.path.join(root, "src")):
        print(f"check-layering: no src/ in {root}", file=sys.stderr)
        return 2
    count, problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check-layering: {len(problems)} violation(s) in {count} files "
              "(rules and exceptions: scripts/check-layering.py)")
        return 1
    print(f"check-layering: {count} files, no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

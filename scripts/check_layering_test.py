#!/usr/bin/env python3
"""Self-test of scripts/check-layering.py (ctest `include_layering_selftest`): the
check runs on small temp trees and must fail on each forbidden include, naming the
file, line and layers, and pass on the allowed ones."""

import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-layering.py")


def run_check(files):
    """Writes `files` ({path: text}) into a temp tree and runs the check on it."""
    with tempfile.TemporaryDirectory(prefix="kursbase-layering-") as root:
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(os.path.join(root, "src"), exist_ok=True)
        r = subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)
        return r.returncode, r.stdout + r.stderr


# Headers that the includes below point at, so every tree is otherwise valid.
BASE = {
    "src/domain/core/result.hpp": "#pragma once\n",
    "src/store/audit_store.hpp": '#pragma once\n#include "domain/core/result.hpp"\n',
    "src/store/engine/database.hpp": '#pragma once\n#include "domain/core/result.hpp"\n',
    "src/store/sql/row_values.hpp": "#pragma once\n",
    "src/store/testing/test_database.hpp":
        '#pragma once\n#include "store/engine/database.hpp"\n',
    "src/app/staff/audit_log.hpp": '#pragma once\n#include "store/audit_store.hpp"\n',
    "src/adapters/mail/smtp_sender.hpp": '#pragma once\n#include "app/staff/audit_log.hpp"\n',
}


class LayeringCheckTest(unittest.TestCase):
    def assert_passes(self, files):
        rc, out = run_check(files)
        self.assertEqual(rc, 0, out)
        self.assertIn("no violations", out)

    def assert_fails(self, files, expected):
        rc, out = run_check(files)
        self.assertEqual(rc, 1, out)
        self.assertIn(expected, out)

    def test_allowed_tree_passes(self):
        self.assert_passes(dict(BASE))

    def test_domain_including_store_fails(self):
        files = dict(BASE)
        files["src/domain/x.hpp"] = '#pragma once\n\n#include "store/audit_store.hpp"\n'
        self.assert_fails(
            files, "src/domain/x.hpp:3 includes store/audit_store.hpp "
            "(layer domain may not use store)")

    def test_domain_including_domain_passes(self):
        files = dict(BASE)
        files["src/domain/x.hpp"] = '#include "domain/core/result.hpp"\n'
        self.assert_passes(files)

    def test_store_including_app_fails(self):
        files = dict(BASE)
        files["src/store/sql/x.cpp"] = '#include "app/staff/audit_log.hpp"\n'
        self.assert_fails(files, "src/store/sql/x.cpp:1 includes app/staff/audit_log.hpp "
                          "(layer store may not use app)")

    def test_app_may_use_the_runner_but_no_other_store_internal(self):
        files = dict(BASE)
        files["src/app/x.cpp"] = '#include "store/engine/database.hpp"\n'
        self.assert_passes(files)
        files["src/app/x.cpp"] = '#include "store/sql/row_values.hpp"\n'
        self.assert_fails(files, "src/app/x.cpp:1 includes store/sql/row_values.hpp "
                          "(layer app may not use store internals (store/sql/)")

    def test_app_including_demo_fails(self):
        files = dict(BASE)
        files["src/demo/demo_catalogue.hpp"] = "#pragma once\n"
        files["src/app/y.cpp"] = '#include "demo/demo_catalogue.hpp"\n'
        self.assert_fails(files, "(layer app may not use demo)")

    def test_http_test_reaches_the_store_through_fixtures(self):
        files = dict(BASE)
        files["src/http/core/router_test.cpp"] = '#include "store/testing/test_database.hpp"\n'
        self.assert_passes(files)
        files["src/http/core/router_test.cpp"] = '#include "store/engine/database.hpp"\n'
        self.assert_fails(files, "src/http/core/router_test.cpp:1 includes "
                          "store/engine/database.hpp (layer http may not use store internals")

    def test_production_code_may_not_include_fixtures(self):
        files = dict(BASE)
        files["src/http/core/router.cpp"] = '#include "store/testing/test_database.hpp"\n'
        self.assert_fails(files, "fixtures are for tests")

    def test_only_cli_main_and_tests_include_adapters(self):
        files = dict(BASE)
        files["src/cli/wiring.cpp"] = '#include "adapters/mail/smtp_sender.hpp"\n'
        files["src/main.cpp"] = '#include "adapters/mail/smtp_sender.hpp"\n'
        files["src/app/staff/audit_log_test.cpp"] = '#include "adapters/mail/smtp_sender.hpp"\n'
        self.assert_passes(files)
        files["src/http/core/server.cpp"] = '#include "adapters/mail/smtp_sender.hpp"\n'
        self.assert_fails(files, "(layer http may not use adapters")

    def test_tests_folder_talks_http_only(self):
        files = dict(BASE)
        files["tests/integration/http_client.hpp"] = "#pragma once\n"
        files["tests/integration/x_test.cpp"] = (
            '#include "http_client.hpp"\n#include "domain/core/result.hpp"\n'
            '#include "store/testing/test_database.hpp"\n')
        self.assert_passes(files)
        files["tests/integration/x_test.cpp"] += '#include "app/staff/audit_log.hpp"\n'
        self.assert_fails(files, "tests/integration/x_test.cpp:4 includes app/staff/audit_log.hpp "
                          "(layer tests may not use app")

    def test_soci_only_in_the_engine_machinery_and_store_fixtures(self):
        files = dict(BASE)
        for rel in ("src/store/engine/database.cpp", "src/store/sql/sql_audit_store.cpp",
                    "src/store/sqlite/fts5.cpp", "src/store/postgres/tsvector.cpp",
                    "src/store/testing/raw_sql.cpp"):
            files[rel] = "#include <soci/soci.h>\n#include <soci/sqlite3/soci-sqlite3.h>\n"
        files["src/app/staff/audit_log.cpp"] = "#include <vector>\n#include <sqlite3.h>\n"
        self.assert_passes(files)
        for rel in ("src/app/staff/audit_log.cpp", "src/http/core/router_test.cpp",
                    "src/cli/wiring.cpp", "tests/integration/server_process.cpp"):
            bad = dict(files)
            bad[rel] = "#include <vector>\n#include <soci/soci.h>\n"
            self.assert_fails(bad, f"{rel}:2 includes <soci/soci.h> (SOCI is for "
                              "src/store/{engine,sql,sqlite,postgres,testing}/ only")
        # A store interface at the top of store/ is engine-neutral too.
        bad = dict(files)
        bad["src/store/audit_store.hpp"] = "#pragma once\n#include <soci/soci.h>\n"
        self.assert_fails(bad, "src/store/audit_store.hpp:2 includes <soci/soci.h>")

    def test_unknown_header_and_unknown_layer_fail(self):
        files = dict(BASE)
        files["src/domain/x.cpp"] = '#include "nowhere.hpp"\n'
        self.assert_fails(files, "src/domain/x.cpp:1 includes nowhere.hpp (no such header")
        files = dict(BASE)
        files["src/reports/r.cpp"] = '#include "domain/core/result.hpp"\n'
        self.assert_fails(files, "not a known layer")

    def test_listed_exception_passes_and_a_stale_one_fails(self):
        files = dict(BASE)
        files["src/demo/demo_catalogue.hpp"] = "#pragma once\n"
        files["src/store/sql/text_index_parity_test.cpp"] = '#include "demo/demo_catalogue.hpp"\n'
        self.assert_passes(files)
        files["src/store/sql/text_index_parity_test.cpp"] = '#include "domain/core/result.hpp"\n'
        self.assert_fails(files, "no longer needed; remove it from ALLOWED")


if __name__ == "__main__":
    unittest.main()

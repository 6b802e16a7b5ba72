#!/usr/bin/env python3
"""Self-test of scripts/check-message-keys.py (ctest `message_keys_selftest`): on
small temp trees the check must fail on a key the code names that bokmål lacks,
naming file, line and key, and pass on keys, key prefixes and non-keys."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-message-keys.py")

CATALOGUE = {"enrollment.error.closed": "Påmeldingen er stengt.", "date.month.1": "januar",
             "run.seats_left.one": "{n} ledig plass", "run.seats_left.other": "{n} ledige plasser"}


def run_check(code, test_code=""):
    with tempfile.TemporaryDirectory(prefix="kursbase-keys-") as root:
        os.makedirs(os.path.join(root, "src/web/i18n"))
        os.makedirs(os.path.join(root, "src/app"))
        with open(os.path.join(root, "src/web/i18n/nb.json"), "w", encoding="utf-8") as f:
            json.dump(CATALOGUE, f, ensure_ascii=False)
        with open(os.path.join(root, "src/app/a.cpp"), "w", encoding="utf-8") as f:
            f.write(code)
        with open(os.path.join(root, "src/app/a_test.cpp"), "w", encoding="utf-8") as f:
            f.write(test_code)
        r = subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)
        return r.returncode, r.stdout + r.stderr


class CheckMessageKeys(unittest.TestCase):
    def test_a_key_missing_in_bokmaal_fails_with_file_line_and_key(self):
        code, out = run_check('int x;\nauto e = invalid_input("enrollment.error.typo", "x");\n')
        self.assertEqual(code, 1, out)
        self.assertIn("src/app/a.cpp:2: enrollment.error.typo", out)

    def test_keys_prefixes_and_other_literals_pass(self):
        code, out = run_check('text("enrollment.error.closed"); text("date.month." + n);\n'
                              'count_text("run.seats_left", 2); open("kursbase.db");\n'
                              'sql("c.title");\n')
        self.assertEqual(code, 0, out)

    def test_tests_may_name_keys_that_do_not_exist(self):
        code, out = run_check("", test_code='has("enrollment.no_such_key");\n')
        self.assertEqual(code, 0, out)


if __name__ == "__main__":
    unittest.main()

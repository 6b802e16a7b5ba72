#!/usr/bin/env python3
"""Fails when the code names a message key that bokmål does not have (issue 13).

Templates are checked when they compile ([[key]] with no bokmål text stops the
server's start, and the Templates tests build them); this checks the C++: every
string literal shaped like a key ("enrollment.error.closed") whose first part
is a namespace of the catalogues (enrollment, error, …) must be a bokmål key,
or the start of one (a key built in code, "date.month." + n, is named by its
prefix, which must begin some key). Keys for counted texts name their base
("run.seats_left" for run.seats_left.one/.other).

Usage: check-message-keys.py SOURCE_DIR   (exit 1 and a list when keys are missing)
"""
import glob
import json
import os
import re
import sys

KEY_LITERAL = re.compile(r'"([a-z_]+(?:\.[a-z0-9_]+)+)"')


def bokmaal_keys(root):
    keys = {}
    for path in sorted(glob.glob(os.path.join(root, 'src/web/i18n/nb*.json'))):
        with open(path, encoding='utf-8') as f:
            keys.update(json.load(f))
    return set(keys)


def missing_keys(root, keys):
    namespaces = {k.split('.')[0] for k in keys}
    prefixes = set()
    for k in keys:
        parts = k.split('.')
        for i in range(1, len(parts)):
            prefixes.add('.'.join(parts[:i]))
    found = []
    files = glob.glob(os.path.join(root, 'src/**/*.cpp'), recursive=True) + \
        glob.glob(os.path.join(root, 'src/**/*.hpp'), recursive=True)
    for path in sorted(files):
        if path.endswith('_test.cpp'):
            continue
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                for m in KEY_LITERAL.finditer(line):
                    key = m.group(1)
                    if key.split('.')[0] not in namespaces:
                        continue
                    if key in keys or key in prefixes:
                        continue
                    found.append(f'{os.path.relpath(path, root)}:{number}: {key}')
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    keys = bokmaal_keys(root)
    if not keys:
        print(f'no bokmål catalogue under {root}/src/web/i18n')
        return 1
    missing = missing_keys(root, keys)
    for line in missing:
        print(f'{line}: no such key in src/web/i18n/nb*.json')
    if missing:
        print(f'{len(missing)} message keys used in the code are missing in bokmål')
        return 1
    print(f'every message key the code names is in bokmål ({len(keys)} keys)')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/python3
"""Anchor for `cargo xtask bench-compare`: flufl.bounce 4.0 (Debian python3-flufl.bounce) over
every file under the given directories, one JSON object per file on stdout.

Usage: /usr/bin/python3 benches/anchors/flufl_bounce.py DIR...
"""
import email
import json
import os
import sys

from flufl.bounce import all_failures


def files(root):
    for path, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(path, name)


def main():
    out = sys.stdout
    for root in sys.argv[1:]:
        for path in files(root):
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(f)
            try:
                temporary, permanent = all_failures(msg)
            except Exception as e:  # a detector crash counts as "nothing found", like a decode error
                temporary, permanent, _ = set(), set(), e
            out.write(json.dumps({
                "file": path,
                "temporary": sorted(a.decode("utf-8", "replace") if isinstance(a, bytes) else a for a in temporary),
                "permanent": sorted(a.decode("utf-8", "replace") if isinstance(a, bytes) else a for a in permanent),
            }) + "\n")


if __name__ == "__main__":
    main()

"""Ini editing for fake_devstack.sh, with devstack's ini semantics.

``python fake_ini.py set FILE SECTION OPTION VALUE`` replaces the option
(or adds it, creating the section and the file); ``set-multi ... VALUE...``
replaces every line of a multi-valued option; ``get`` prints the first
value, ``get-multi`` every value space-separated, as devstack's
``iniget_multiline`` does.
"""

import os
import re
import sys

SECTION = re.compile(r'^\[(.+)\]\s*$')


def _read(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def _span(lines, section):
    """(start, end) of the section's body, or None."""
    start = None
    for i, line in enumerate(lines):
        match = SECTION.match(line)
        if match and start is not None:
            return start, i
        if match and match.group(1) == section:
            start = i + 1
    return None if start is None else (start, len(lines))


def _key(line):
    return line.split('=', 1)[0].strip() if '=' in line else None


def values(path, section, option):
    lines = _read(path)
    span = _span(lines, section)
    if span is None:
        return []
    return [line.split('=', 1)[1].strip() for line in lines[span[0]:span[1]]
            if not line.startswith('#') and _key(line) == option]


def set_values(path, section, option, new):
    lines = _read(path)
    span = _span(lines, section)
    if span is None:
        lines += ['', '[%s]' % section]
        span = (len(lines), len(lines))
    start, end = span
    body = [line for line in lines[start:end] if _key(line) != option]
    at = next((i for i, line in enumerate(lines[start:end])
               if _key(line) == option), 0)
    body[at:at] = ['%s = %s' % (option, value) for value in new]
    lines[start:end] = body
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main(argv):
    command, path, section, option = argv[:4]
    if command == 'set':
        set_values(path, section, option, [argv[4]])
    elif command == 'set-multi':
        set_values(path, section, option, argv[4:])
    elif command == 'get':
        print((values(path, section, option) or [''])[0])
    elif command == 'get-multi':
        print(' '.join(values(path, section, option)))
    else:
        sys.exit('fake_ini: unknown command %s' % command)


if __name__ == '__main__':
    main(sys.argv[1:])

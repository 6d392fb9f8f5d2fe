#!/usr/bin/env python3
"""Install an offline stand-in for the get-pip bootstrap script that ansible-test downloads.

Every ``ansible-test --venv`` run (and each sanity test with requirements) bootstraps pip in a new virtual
environment with ``get-pip-<version>.py`` from ci-files.testing.ansible.com, which is not reachable from the
build machines. ansible-test first looks for a cached copy at ``~/.ansible/test/cache/get_pip_<version>.py``
(see ansible_test/_util/target/setup/requirements.py, ``bootstrap()``); this script writes a stand-in there that
runs ``ensurepip`` and then ``pip install`` with the arguments ansible-test passes (``pip==<version>``), minus
``--no-setuptools``/``--no-wheel``, which only get-pip.py understands.

The version is read from the ansible-test of the Python running this script (the project's .venv), so the file
name follows the pinned ansible-core. Run with that venv's python before every ansible-test command.
"""

import os
import re
import sys
import types

STANDIN = '''"""Offline stand-in for get-pip.py, written by hack/install-get-pip-standin.py (audiocodes.live_platform)."""
import subprocess
import sys

ARGS = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
for command in ([sys.executable, "-m", "ensurepip", "--default-pip"],
                [sys.executable, "-m", "pip", "install", "--quiet"] + ARGS):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if result.returncode:
        sys.stdout.write(result.stdout.decode("utf-8", "replace"))
        sys.exit(result.returncode)
'''


def pip_version():
    """The pip version ansible-test bootstraps into its virtual environments, for this Python."""
    python = types.SimpleNamespace(version='%d.%d' % sys.version_info[:2])
    try:
        from ansible_test._internal.python_requirements import get_venv_packages
        return get_venv_packages(python)['pip']
    except Exception as ex:  # pylint: disable=broad-except
        # Fall back to reading the source, in case the private API moves.
        import ansible_test
        path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
        with open(path, encoding='utf-8') as source:
            match = re.search(r"default_packages = dict\(\s*pip='([0-9.]+)'", source.read())
        if not match:
            raise SystemExit('cannot find the pip version ansible-test uses (%s); see %s' % (ex, path))
        return match.group(1)


def main():
    version = pip_version()
    cache_dir = os.path.expanduser('~/.ansible/test/cache')
    path = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
    os.makedirs(cache_dir, exist_ok=True)
    with open(path + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write(STANDIN)
    os.replace(path + '.tmp', path)
    print('get-pip stand-in for pip %s: %s' % (version, path))


if __name__ == '__main__':
    main()

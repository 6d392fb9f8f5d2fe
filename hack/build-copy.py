#!/usr/bin/env python3
"""Copy the collection into build/ansible_collections/audiocodes/live_platform for ansible-test.

ansible-test needs the collection at a real path ending in ansible_collections/<namespace>/<name> (a symlink is
refused), and outside a git checkout it scans every file below the collection root. So this script:

* lists the files the way git would ship them: tracked plus untracked-but-not-ignored
  (``git ls-files --cached --others --exclude-standard``), or every file when the tree is not a git checkout;
* drops what galaxy.yml's ``build_ignore`` excludes from the built collection (simulator/, hack/, Makefile, ...),
  with ansible-galaxy's own matching (fnmatch on the relative path of each file and of each parent folder), except
  the patterns under ``tests/``: the artifact leaves out the tests that need this repository, ansible-test needs them;
* copies them (a real copy) into a fresh build folder and makes that folder a git repository with every file
  added (nothing committed), so that ansible-test lists exactly these files.

Usage: hack/build-copy.py [DEST]   (default: build/ansible_collections/<namespace>/<name>)
"""

import fnmatch
import os
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def list_files():
    if os.path.isdir(os.path.join(ROOT, '.git')):
        out = subprocess.run(
            ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
            cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout.decode('utf-8')
        # A tracked file deleted in the work tree is still listed: keep only what exists.
        return sorted({path for path in out.split('\0') if path and os.path.isfile(os.path.join(ROOT, path))})
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d != '.git']
        files.extend(os.path.relpath(os.path.join(folder, name), ROOT) for name in names)
    return sorted(files)


def ignored(path, patterns):
    parts = path.split('/')
    candidates = ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates for pattern in patterns)


def main():
    with open(os.path.join(ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    default_dest = os.path.join(ROOT, 'build', 'ansible_collections', galaxy['namespace'], galaxy['name'])
    dest = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else default_dest
    patterns = [pattern for pattern in galaxy.get('build_ignore') or [] if not pattern.startswith('tests/')]

    if os.path.lexists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)

    count = 0
    for path in list_files():
        if ignored(path, patterns) or os.path.islink(os.path.join(ROOT, path)):
            continue
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, path), target)
        count += 1

    # The copy's own .gitignore keeps ansible-test's output (tests/output/, ...) out of its file list.
    shutil.copy2(os.path.join(ROOT, '.gitignore'), os.path.join(dest, '.gitignore'))

    git = ['git', '-c', 'init.defaultBranch=main']
    subprocess.run(git + ['init', '-q'], cwd=dest, check=True)
    subprocess.run(['git', 'add', '-A'], cwd=dest, check=True)
    print('copied %d files to %s' % (count, os.path.relpath(dest, os.getcwd())))


if __name__ == '__main__':
    main()

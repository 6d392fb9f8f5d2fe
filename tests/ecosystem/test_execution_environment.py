# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The execution environment: what ansible-builder makes of execution-environment.yml and of the collection.

No container engine here, so no image is built: ``ansible-builder create`` writes the build context (through
hack/ee-context.sh, the way a user makes it), and ``ansible-builder introspect`` reads the dependencies of the
collection as installed from its tarball, which is what the image build does in its builder stage.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys
import tarfile

import yaml

from conftest import ROOT

BIN = os.path.dirname(sys.executable)


def requirement_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]


def run(command, **kwargs):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, **kwargs)
    output = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, "%s\n%s" % (" ".join(command), output)
    return output


def test_collection_metadata_for_execution_environments():
    with open(os.path.join(ROOT, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    assert meta == {"version": 1, "dependencies": {"python": "requirements.txt", "system": "bindep.txt"}}
    assert "requests>=2.25" in requirement_lines(os.path.join(ROOT, "requirements.txt"))
    assert "ca-certificates [platform:rpm platform:dpkg]" in requirement_lines(os.path.join(ROOT, "bindep.txt"))


def test_build_context_and_introspection(tmp_path):
    env = dict(os.environ, ECO_VENV=os.path.dirname(BIN), PATH=os.pathsep.join([BIN, os.environ["PATH"]]))
    run([os.path.join(ROOT, "hack", "ee-context.sh")], cwd=ROOT, env=env)
    context = os.path.join(ROOT, "build", "ee", "context")
    with open(os.path.join(context, "Containerfile"), encoding="utf-8") as handle:
        containerfile = handle.read()
    assert 'ARG EE_BASE_IMAGE="ghcr.io/ansible-community/community-ee-minimal:' in containerfile
    assert "ansible-core==" in containerfile and "ansible-runner==" in containerfile
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect.py introspect" in containerfile
    with open(os.path.join(context, "_build", "requirements.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    assert galaxy == {"collections": [{"name": "collections/audiocodes-live_platform.tar.gz", "type": "file"}]}
    tarball = os.path.join(context, "_build", "collections", "audiocodes-live_platform.tar.gz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "meta/execution-environment.yml" in names
    assert "bindep.txt" in names and "requirements.txt" in names

    # What the image's builder stage finds: the collection installed from that tarball, introspected.
    collections = str(tmp_path / "collections")
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", tarball, "-p",
         collections], env=env)
    output = run([os.path.join(BIN, "ansible-builder"), "introspect", collections, "--sanitize",
                  "--write-pip", str(tmp_path / "pip.txt"), "--write-bindep", str(tmp_path / "bindep.txt")],
                 env=env)
    assert "requests>=2.25  # from collection audiocodes.live_platform" in output
    assert "ca-certificates [platform:rpm platform:dpkg]  # from collection audiocodes.live_platform" in output
    assert requirement_lines(str(tmp_path / "pip.txt")) == ["requests>=2.25"]
    assert requirement_lines(str(tmp_path / "bindep.txt")) == ["ca-certificates [platform:rpm platform:dpkg]"]

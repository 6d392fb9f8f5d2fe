# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The execution environment variants: what ansible-builder makes of each definition, and whether the Python
requirements it generates install on the base image's Python.

No container engine here, so no image is built. For each variant of ``hack/ee-context.sh --list`` (``community``:
execution-environment.yml on community-ee-minimal; ``rhel9``: extensions/ee/execution-environment-rhel9.yml on
Red Hat's ee-minimal-rhel9):

* the definition names a base image whose contents are known (``BASE_IMAGES``, with the sources in
  docs/execution-environment.md), the Python of that image as ``python_interpreter.python_path``, no ansible-core
  or ansible-runner pin, and an ansible-core that the collection's ``requires_ansible`` accepts and that supports the
  image's Python;
* ``ansible-builder create`` (through hack/ee-context.sh, the way a user runs it) writes a Containerfile that uses
  that base image, that interpreter and package manager, installs no ansible-core, and checks ansible-core and
  ansible-runner with that interpreter;
* the image build's galaxy and builder stages, replayed from the build context: the collection installed from the
  context's ``_build/requirements.yml``, then the Containerfile's own introspect command (the context's
  ``introspect.py``), which writes the Python requirements the final stage installs: they are the collection's
  requirements.txt;
* those requirements ``pip install -r`` into a virtual environment of the base image's Python version (pyenv's, or a
  ``python3.X`` on PATH; when that Python is not on this machine, ``pip download --python-version X.Y`` resolves
  them from wheels for it instead), where every
  requirement is installed at a version it allows and imports. The virtual environment is kept under
  build/ee/venvs/, keyed by a checksum of the requirements and the interpreter, so the install runs again only when
  one of them changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

BIN = os.path.dirname(sys.executable)
COLLECTION = "audiocodes.live_platform"
TARBALL = os.path.join(ROOT, "build", "ee", "audiocodes-live_platform.tar.gz")
VENVS = os.path.join(ROOT, "build", "ee", "venvs")

# What each base image ships; docs/execution-environment.md ("What each base image contains") gives the sources.
# A definition with an image that is not listed here fails: look up its Python and ansible-core first.
# ansible_core: the oldest release the tag has carried (a moving tag such as 2.0 follows the stream's rebuilds).
BASE_IMAGES = {
    "ghcr.io/ansible-community/community-ee-minimal:2.21.0-1": dict(
        python="3.14", ansible_core="2.21.0", package_manager="/usr/bin/dnf"),
    "ghcr.io/ansible-community/community-ee-minimal:2.21.3-1": dict(
        python="3.14", ansible_core="2.21.3", package_manager="/usr/bin/dnf"),
    "registry.redhat.io/ansible-automation-platform-26/ee-minimal-rhel9:2.0": dict(
        python="3.12", ansible_core="2.16.17", package_manager="/usr/bin/microdnf"),
    "registry.redhat.io/ansible-automation-platform-25/ee-minimal-rhel9:2.0": dict(
        python="3.12", ansible_core="2.16.16", package_manager="/usr/bin/microdnf"),
}

# The controller Pythons of each ansible-core release (the ansible-core support matrix).
CONTROLLER_PYTHONS = {
    "2.16": ("3.10", "3.12"), "2.17": ("3.10", "3.12"), "2.18": ("3.11", "3.13"), "2.19": ("3.11", "3.13"),
    "2.20": ("3.12", "3.14"), "2.21": ("3.12", "3.14"),
}


def run(command, timeout=600, **kwargs):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, timeout=timeout,
                            **kwargs)
    output = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, "%s\n%s" % (" ".join(command), output)
    return output


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def requirement_lines(path):
    """The requirement lines of a pip or bindep file, without comments and blank lines (as introspect reads them)."""
    return [line.split("#")[0].strip() for line in read(path).splitlines() if line.split("#")[0].strip()]


def tool_env():
    return dict(os.environ, ECO_VENV=os.path.dirname(BIN), PATH=os.pathsep.join([BIN, os.environ["PATH"]]))


def variants():
    """hack/ee-context.sh --list: name -> (definition file, build context), both relative to the repository."""
    output = run([os.path.join(ROOT, "hack", "ee-context.sh"), "--list"], cwd=ROOT)
    return {name: (definition, context) for name, definition, context in
            (line.split("\t") for line in output.splitlines() if line.strip())}


VARIANTS = variants()


def definition(name):
    return yaml.safe_load(read(os.path.join(ROOT, VARIANTS[name][0])))


def minor(version):
    return tuple(int(part) for part in version.split(".")[:2])


@pytest.fixture(scope="module")
def contexts():
    """Every variant's build context, made once by hack/ee-context.sh all (ansible-builder create)."""
    run([os.path.join(ROOT, "hack", "ee-context.sh"), "all"], cwd=ROOT, env=tool_env())
    return {name: os.path.join(ROOT, context) for name, (_definition, context) in VARIANTS.items()}


def test_collection_metadata_for_execution_environments():
    meta = yaml.safe_load(read(os.path.join(ROOT, "meta", "execution-environment.yml")))
    assert meta == {"version": 1, "dependencies": {"python": "requirements.txt", "system": "bindep.txt"}}
    declared = requirement_lines(os.path.join(ROOT, "requirements.txt"))
    assert "requests" in [canonicalize_name(Requirement(line).name) for line in declared]
    assert "ca-certificates [platform:rpm platform:dpkg]" in requirement_lines(os.path.join(ROOT, "bindep.txt"))


def test_there_is_a_community_and_a_red_hat_variant():
    assert VARIANTS["community"] == ("execution-environment.yml", "build/ee/context")
    assert VARIANTS["rhel9"] == ("extensions/ee/execution-environment-rhel9.yml", "build/ee/context-rhel9")
    assert definition("community")["images"]["base_image"]["name"].startswith(
        "ghcr.io/ansible-community/community-ee-minimal:")
    assert re.match(r"registry\.redhat\.io/ansible-automation-platform-2\d/ee-minimal-rhel9:",
                    definition("rhel9")["images"]["base_image"]["name"])


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_definition_matches_its_base_image(name):
    ee = definition(name)
    assert ee["version"] == 3
    image = ee["images"]["base_image"]["name"]
    assert image in BASE_IMAGES, "%s: what does %s contain? Add it to BASE_IMAGES (its Python, ansible-core)" % (
        name, image)
    base = BASE_IMAGES[image]
    deps = ee["dependencies"]

    # The image's own interpreter, by its versioned path; nothing to install for it.
    assert deps["python_interpreter"] == {"python_path": "/usr/bin/python" + base["python"]}
    # The image's ansible-core and ansible-runner, not a pip pin that could clash with its Python.
    assert "ansible_core" not in deps and "ansible_runner" not in deps
    assert ee.get("options", {}).get("package_manager_path", "/usr/bin/dnf") == base["package_manager"]

    # An ansible-core that the collection accepts and that supports the image's Python.
    runtime = yaml.safe_load(read(os.path.join(ROOT, "meta", "runtime.yml")))
    requires = runtime["requires_ansible"]
    assert Version(base["ansible_core"]) in SpecifierSet(requires), (
        "%s: ansible-core %s is outside requires_ansible %s" % (image, base["ansible_core"], requires))
    lowest, highest = CONTROLLER_PYTHONS[".".join(base["ansible_core"].split(".")[:2])]
    assert minor(lowest) <= minor(base["python"]) <= minor(highest)

    # The collection from the tarball of this checkout; its Python and system requirements come from its own
    # meta/execution-environment.yml, not from a copy here.
    assert deps["galaxy"] == {"collections": [{"name": "collections/audiocodes-live_platform.tar.gz", "type": "file"}]}
    assert "python" not in deps and "system" not in deps
    [extra] = ee["additional_build_files"]
    source = os.path.normpath(os.path.join(ROOT, os.path.dirname(VARIANTS[name][0]), extra["src"]))
    assert (source, extra["dest"]) == (TARBALL, "collections")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_build_context(contexts, name):
    ee = definition(name)
    image = ee["images"]["base_image"]["name"]
    context = contexts[name]
    containerfile = read(os.path.join(context, "Containerfile"))
    assert 'ARG EE_BASE_IMAGE="%s"\n' % image in containerfile
    assert 'ARG PYCMD="%s"\n' % ee["dependencies"]["python_interpreter"]["python_path"] in containerfile
    assert 'ARG PKGMGR="%s"\n' % BASE_IMAGES[image]["package_manager"] in containerfile
    # Nothing installed over the base image's ansible-core, no interpreter package; ansible-core and ansible-runner
    # are checked with the interpreter in the final stage.
    assert "ANSIBLE_INSTALL_REFS" not in containerfile and "PYPKG" not in containerfile
    assert "RUN /output/scripts/check_ansible $PYCMD\n" in containerfile
    assert "ansible-galaxy collection install" in containerfile
    galaxy = yaml.safe_load(read(os.path.join(context, "_build", "requirements.yml")))
    assert galaxy == {"collections": [{"name": "collections/audiocodes-live_platform.tar.gz", "type": "file"}]}
    with tarfile.open(os.path.join(context, "_build", "collections", "audiocodes-live_platform.tar.gz")) as archive:
        names = archive.getnames()
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt", "MANIFEST.json"} <= set(names)


def test_the_collection_tarball_ships_no_ee_definitions(contexts):
    # galaxy.yml build_ignore keeps the variants' definitions out of the collection; meta/execution-environment.yml
    # (what the collection needs in any EE) ships.
    with tarfile.open(TARBALL) as archive:
        names = archive.getnames()
    shipped = [n for n in names if re.match(r"(extensions/ee(/|$)|execution-environment[^/]*\.ya?ml$)", n)]
    assert not shipped, "the collection tarball ships %s: add them to galaxy.yml build_ignore" % shipped
    assert "meta/execution-environment.yml" in names


# --- the builder stage, and the final stage's pip install on the base image's Python --------------------------------
def builder_stage_requirements(context, workdir):
    """What the image build's galaxy and builder stages write as the Python and system requirements."""
    collections = os.path.join(workdir, "collections")
    # Galaxy stage: `COPY _build /build`, `WORKDIR /build`, ansible-galaxy collection install -r requirements.yml.
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "-r", "requirements.yml",
         "--collections-path", collections], cwd=os.path.join(context, "_build"),
        env=dict(tool_env(), ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1"))
    # Builder stage: the Containerfile's introspect command with the context's introspect.py, on those collections
    # (the image's /usr/share/ansible/collections). It runs with this Python, not the image's: it only reads YAML
    # and requirement lines.
    [command] = re.findall(r"^RUN \$PYCMD /output/scripts/introspect\.py (introspect .*)$",
                           read(os.path.join(context, "Containerfile")), re.M)
    args = command.replace("/tmp/src/", workdir + os.sep).split()
    run([sys.executable, os.path.join(context, "_build", "scripts", "introspect.py")] + args + [collections],
        cwd=os.path.join(context, "_build"))
    return os.path.join(workdir, "requirements.txt"), os.path.join(workdir, "bindep.txt")


def find_python(version):
    """An interpreter of that X.Y version: python<X.Y> on PATH, else the newest pyenv build of it."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    builds = glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python" + version))
    builds.sort(key=lambda path: Version(path.split(os.sep)[-3]), reverse=True)
    for candidate in [shutil.which("python" + version)] + builds:
        if not candidate:
            continue
        result = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        if result.returncode == 0 and result.stdout.decode().strip() == version:
            return candidate
    return None


INSPECT = r"""
import importlib, importlib.metadata, json, os, platform, sys

def full(info):
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    return text if info.releaselevel == "final" else text + info.releaselevel[0] + str(info.serial)

names = json.loads(sys.argv[1])
env = dict(  # packaging.markers.default_environment()
    implementation_name=sys.implementation.name, implementation_version=full(sys.implementation.version),
    os_name=os.name, platform_machine=platform.machine(), platform_release=platform.release(),
    platform_system=platform.system(), platform_version=platform.version(),
    python_full_version=platform.python_version(), platform_python_implementation=platform.python_implementation(),
    python_version=".".join(platform.python_version_tuple()[:2]), sys_platform=sys.platform)
modules = {}
for module, dists in importlib.metadata.packages_distributions().items():
    for dist in dists:
        modules.setdefault(dist.lower().replace("_", "-").replace(".", "-"), []).append(module)
found = {}
for name in names:
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        found[name] = None
        continue
    imported = []
    for module in sorted(m for m in modules.get(name, []) if not m.startswith("_")):
        importlib.import_module(module)
        imported.append(module)
    found[name] = dict(version=version, imported=imported)
import requests
print(json.dumps(dict(env=env, found=found, requests=requests.__version__, prefix=sys.prefix)))
"""


def requirements_venv(name, python, requirements):
    """A virtual environment of that interpreter with `pip install -r requirements`, reused while both are the same."""
    version = run([python, "-c", "import sys; print(sys.version)"]).strip()
    key = hashlib.sha256("\0".join([read(requirements), version, "pip install -r"]).encode("utf-8")).hexdigest()[:16]
    prefix = "%s-py%s-" % (name, ".".join(version.split(".")[:2]))
    venv = os.path.join(VENVS, prefix + key)
    stamp = os.path.join(venv, ".requirements-installed")
    if os.path.exists(stamp):
        return venv
    for stale in glob.glob(os.path.join(VENVS, prefix + "*")):
        shutil.rmtree(stale)
    run([python, "-m", "venv", venv])
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_ROOT_USER_ACTION="ignore")
    # What the final stage runs: $PYCMD -m pip install -r /output/requirements.txt
    run([os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-r", requirements], env=env)
    shutil.copyfile(requirements, stamp)
    return venv


def wheels_for(version, requirements, dest):
    """{distribution: version} of the wheels pip resolves for `-r requirements` on CPython X.Y for Linux x86_64."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_ROOT_USER_ACTION="ignore")
    run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", dest, "--only-binary=:all:",
         "--python-version", version, "--implementation", "cp", "--platform", "manylinux2014_x86_64",
         "--platform", "linux_x86_64", "-r", requirements], env=env)
    found = {}
    for wheel in os.listdir(dest):
        dist, wheel_version = wheel.split("-")[:2]
        found[canonicalize_name(dist)] = wheel_version
    return found


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_generated_requirements_install_on_the_base_images_python(contexts, name, tmp_path):
    image = definition(name)["images"]["base_image"]["name"]
    pip_file, bindep_file = builder_stage_requirements(contexts[name], str(tmp_path))

    # The collection's own requirements, as meta/execution-environment.yml declares them.
    declared = requirement_lines(os.path.join(ROOT, "requirements.txt"))
    assert requirement_lines(pip_file) == declared
    assert read(pip_file).splitlines() == ["%s  # from collection %s" % (line, COLLECTION) for line in declared]
    assert requirement_lines(bindep_file) == requirement_lines(os.path.join(ROOT, "bindep.txt"))

    version = BASE_IMAGES[image]["python"]
    python = find_python(version)
    if python is None:
        # No such interpreter here (this machine reaches PyPI only, not python.org): resolve the requirements for that
        # Python as pip in the image would, from wheels alone, and check each one is there.
        downloaded = wheels_for(version, pip_file, str(tmp_path / "wheels"))
        image_env = dict(python_version=version, python_full_version=version + ".0", sys_platform="linux",
                         platform_system="Linux")
        for req in (Requirement(line) for line in declared):
            if req.marker is None or req.marker.evaluate(image_env):
                assert canonicalize_name(req.name) in downloaded, (name, version, str(req), sorted(downloaded))
                assert req.specifier.contains(downloaded[canonicalize_name(req.name)], prereleases=True)
        return
    venv = requirements_venv(name, python, pip_file)
    requirements = [Requirement(line) for line in declared]
    names = [canonicalize_name(req.name) for req in requirements]
    report = json.loads(run([os.path.join(venv, "bin", "python"), "-c", INSPECT, json.dumps(names)]))
    assert report["env"]["python_version"] == version
    assert os.path.realpath(report["prefix"]) == os.path.realpath(venv)
    assert Version(report["requests"]) in SpecifierSet(">=2.25")
    for req, dist in zip(requirements, names):
        if req.marker is not None and not req.marker.evaluate(report["env"]):
            continue
        found = report["found"][dist]
        assert found is not None, "%s: %s is not installed on Python %s" % (name, req, version)
        assert req.specifier.contains(found["version"], prereleases=True), (name, str(req), found)
        assert found["imported"], "%s: %s installs no importable module" % (name, req)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documentation: generated parts up to date, links that resolve, environment variables that exist.

* ``hack/docs.sh --check``: docs/reference/ (antsibull-docs), CHANGELOG.rst (antsibull-changelog, with the unreleased
  fragments) and the connection-option table of docs/user-guide.md are what the code generates, and the docs lint;
* every relative link of README.md and docs/**/*.md points at a file of the repository and, into a Markdown file, at
  one of its headings (GitHub's anchors); the generated RST pages link only to each other;
* every ``LIVE_PLATFORM_*`` name the docs mention is read somewhere in the code, and every connection option of
  plugins/module_utils/options.py is in the user guide with its environment variable.

Run with ``pytest tests/docs`` (the Makefile's docs-test); not part of ansible-test units.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import importlib.util
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = os.path.join(ROOT, "docs", "user-guide.md")
REFERENCE = os.path.join(ROOT, "docs", "reference")
ENV_NAME = re.compile(r"\bLIVE_PLATFORM_[A-Z0-9_]*[A-Z0-9]\b")
# Where the LIVE_PLATFORM_* names that the docs may mention are read: code, not documentation (the pipelines'
# scripts under docs/pipelines/ are code).
CODE_DIRS = ("plugins", "roles", "playbooks", "hack", "simulator", "extensions", ".ci", os.path.join("docs", "pipelines"))
CODE_EXTENSIONS = (".py", ".yml", ".yaml", ".sh", ".j2", "")


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _markdown_files():
    files = [os.path.join(ROOT, "README.md")]
    files += sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    return [path for path in files if os.path.isfile(path)]


def _rel(path):
    return os.path.relpath(path, ROOT)


def _options():
    spec = importlib.util.spec_from_file_location(
        "live_platform_options", os.path.join(ROOT, "plugins", "module_utils", "options.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CONNECTION_OPTIONS


# --- Markdown ----------------------------------------------------------------------------------------------------
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
INLINE_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=[\"']([^\"']+)[\"']", re.I)


def _prose(text):
    """The text without fenced code blocks and code spans, where links are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def github_anchor(heading):
    """The anchor GitHub gives a heading: lower case, only letters, digits, '_', '-' and blanks, blanks as '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    seen, result = {}, set()
    text = FENCE.sub("", _read(path))
    for match in HEADING.finditer(text):
        base = github_anchor(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else "{0}-{1}".format(base, count))
    result.update(HTML_ANCHOR.findall(text))
    return result


def links(path):
    text = _prose(_read(path))
    return INLINE_LINK.findall(text) + REFERENCE_DEF.findall(text)


def _is_external(target):
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target))


def broken_links(path):
    problems = []
    for target in links(path):
        if _is_external(target):
            continue
        file_part, _sep, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(resolved):
            problems.append("{0}: no such file".format(target))
        elif not resolved.startswith(ROOT + os.sep):
            problems.append("{0}: outside the repository".format(target))
        elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
            problems.append("{0}: no heading with the anchor #{1} in {2}".format(target, anchor, _rel(resolved)))
    return problems


@pytest.mark.parametrize("path", _markdown_files(), ids=_rel)
def test_relative_links_resolve(path):
    problems = broken_links(path)
    assert not problems, "{0} has broken links:\n  {1}".format(_rel(path), "\n  ".join(problems))


def test_the_anchor_rules_match_github():
    assert github_anchor("AWX / Ansible Automation Platform, step by step") == "awx--ansible-automation-platform-step-by-step"
    assert github_anchor("One connection for every task: the `module_defaults` group") == \
        "one-connection-for-every-task-the-module_defaults-group"
    assert github_anchor("1. Load the credential type (once, as a superuser)") == \
        "1-load-the-credential-type-once-as-a-superuser"


def test_the_link_checker_sees_broken_links(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [bad](#nope) [gone](missing.md) `[code](ignored.md)`\n\n"
                    "```\n[fenced](ignored-too.md)\n```\n[web](https://example.net/x)\n", encoding="utf-8")
    found = sorted(links(str(page)))
    assert found == sorted(["#title", "#nope", "missing.md", "https://example.net/x"])


# --- the generated reference ---------------------------------------------------------------------------------------
def test_the_reference_pages_link_to_each_other():
    pages = sorted(glob.glob(os.path.join(REFERENCE, "*.rst")))
    assert os.path.join(REFERENCE, "README.rst") in pages, "docs/reference/ is missing: run hack/docs.sh"
    problems = []
    for page in pages:
        text = _read(page)
        for target in re.findall(r"<([^<>\s]+\.(?:rst|html))>`_", text) + re.findall(r"href=['\"]([^'\"#]+)['\"]", text):
            if _is_external(target):
                continue
            if target.endswith(".html"):
                problems.append("{0}: {1} (a Sphinx page, not in the repository)".format(_rel(page), target))
            elif not os.path.exists(os.path.join(REFERENCE, target)):
                problems.append("{0}: {1} does not exist".format(_rel(page), target))
    assert not problems, "\n".join(problems)


# --- environment variables and options -----------------------------------------------------------------------------
def _names_in_code():
    names = set(opt["env"] for opt in _options())
    for folder in CODE_DIRS:
        for current, dirs, files in os.walk(os.path.join(ROOT, folder)):
            dirs[:] = [d for d in dirs if not d.startswith(".venv") and d not in ("__pycache__", "build")]
            for name in files:
                if os.path.splitext(name)[1] in CODE_EXTENSIONS:
                    try:
                        names.update(ENV_NAME.findall(_read(os.path.join(current, name))))
                    except (UnicodeDecodeError, OSError):
                        continue
    return names


def test_every_documented_environment_variable_exists():
    known = _names_in_code()
    unknown = {}
    for path in _markdown_files():
        for name in set(ENV_NAME.findall(_read(path))) - known:
            unknown.setdefault(name, []).append(_rel(path))
    assert not unknown, "environment variables the docs name but no code reads: {0}".format(unknown)


def test_every_connection_option_is_in_the_user_guide():
    guide = _read(GUIDE)
    missing = ["{0} ({1})".format(opt["name"], opt["env"]) for opt in _options()
               if "`{0}`".format(opt["name"]) not in guide or opt["env"] not in guide]
    assert not missing, "docs/user-guide.md does not document: {0}".format(", ".join(missing))


# --- generated docs up to date ---------------------------------------------------------------------------------------
def test_generated_docs_are_up_to_date():
    # Regenerates docs/reference/, CHANGELOG.rst and the guide's option table into a temporary folder and compares;
    # also runs antsibull-changelog lint and antsibull-docs lint-collection-docs. Creates .venv-docs on first use.
    result = subprocess.run(["bash", os.path.join(ROOT, "hack", "docs.sh"), "--check"], cwd=ROOT, check=False,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-6000:]

#!/usr/bin/env bash
# Generate the documentation that comes from the code, and lint it.
#
#   hack/docs.sh            regenerate what the option tables of plugins/module_utils/options.py generate (the doc
#                           fragments, the inventory plugin's connection options, the onboarding role's inventory keys
#                           and module call: hack/generate-doc-fragment.py), then docs/reference/ (a page per module,
#                           plugin and role, from their DOCUMENTATION, EXAMPLES, RETURN and argument specs),
#                           CHANGELOG.rst (from changelogs/), and the connection-option table of docs/user-guide.md
#   hack/docs.sh --check    the same into a temporary folder; fails, naming what is stale, when one of them differs
#                           from the tree (tests/docs runs it: a docs or option table change or a new changelog
#                           fragment without `make docs` fails the tests)
#   hack/docs.sh --html     also build an HTML site with Sphinx into build/docs/html/ (not committed, not checked)
#
# Every mode first lints: `antsibull-changelog lint` (the fragments), `antsibull-changelog lint-changelog-yaml`, and
# `antsibull-docs lint-collection-docs --plugin-docs` (markup, references, schema and RST of every plugin's and
# role's docs). Broken docs fail here.
#
# Tools: antsibull-docs and antsibull-changelog from their own virtual environment, .venv-docs/ (or $DOCS_VENV), made
# from requirements-docs.txt; a stamp holds the checksum of the requirement files, so it installs only after a change.
# The collection is read from a copy of the git-visible files (hack/build-copy.py, as ansible-test does) under a
# temporary ansible_collections/ tree on ANSIBLE_COLLECTIONS_PATH: antsibull-changelog does not follow a symlinked
# collection tree, and the copy holds exactly what the built collection ships.
#
# CHANGELOG.rst: while changelogs/fragments/ holds fragments, they are released, in the copy only, as the version of
# galaxy.yml (`antsibull-changelog release`), so CHANGELOG.rst shows every unreleased change under the coming version
# with a "not released yet" summary; the tree's changelogs/ is left as it is. Once the version is really released
# (`antsibull-changelog release` in the tree moves the fragments into changelogs/changelog.yaml), it is
# `antsibull-changelog generate`. Trivial fragments never show in CHANGELOG.rst.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS_VENV=${DOCS_VENV:-$ROOT/.venv-docs}
PYTHON=${PYTHON:-python3.11}
STAMP=$DOCS_VENV/.docs-installed
cd "$ROOT"

MODE=generate
HTML=
for arg in "$@"; do
    case $arg in
        --check) MODE=check ;;
        --html) HTML=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: $0 [--check] [--html]" >&2; exit 2 ;;
    esac
done

started=$SECONDS
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
sum=$(cat requirements-docs.txt requirements-dev.txt requirements.txt | sha256sum | cut -d' ' -f1)
if ! { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$sum" ] && [ -x "$DOCS_VENV/bin/python" ]; }; then
    [ -x "$DOCS_VENV/bin/python" ] || "$PYTHON" -m venv "$DOCS_VENV"
    "$DOCS_VENV/bin/python" -m pip install --quiet -r requirements-docs.txt
    echo "$sum" >"$STAMP"
    echo "docs: ${DOCS_VENV#"$ROOT"/} ready in $((SECONDS - started))s"
fi
PY=$DOCS_VENV/bin/python

read -r NAMESPACE NAME VERSION < <("$PY" -c 'import yaml; g = yaml.safe_load(open("galaxy.yml"))
print(g["namespace"], g["name"], g["version"])')
COLLECTION=$NAMESPACE.$NAME

WORK=$(mktemp -d "${TMPDIR:-/tmp}/live-platform-docs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
COPY=$WORK/collections/ansible_collections/$NAMESPACE/$NAME
OUT=$WORK/out
mkdir -p "$OUT"

# --- what the option tables generate ----------------------------------------------------------------------------------
# Before the copy, so that the reference pages show what the tables say.
tables_stale=
if [ "$MODE" = check ]; then
    "$PY" hack/generate-doc-fragment.py --check 2>"$WORK/tables.diff" || tables_stale=1
else
    "$PY" hack/generate-doc-fragment.py
fi

"$PY" hack/build-copy.py "$COPY" >/dev/null

# Only this copy: not ~/.ansible/collections, not a collection installed in some venv.
export ANSIBLE_COLLECTIONS_PATH=$WORK/collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=false
export PATH=$DOCS_VENV/bin:$PATH

# --- lint -----------------------------------------------------------------------------------------------------------
(cd "$COPY" && antsibull-changelog lint && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml) || {
    echo "docs: antsibull-changelog lint failed (above): fix the fragment in changelogs/fragments/" >&2; exit 1; }
# Its messages name its own temporary copy: show the path in the repository instead.
(cd "$WORK" && antsibull-docs lint-collection-docs --plugin-docs --output-format simplified-rst \
    --validate-collection-refs all --disallow-unknown-collection-refs "$COPY" 2>&1 \
    | sed "s#[^ :]*/ansible_collections/$NAMESPACE/$NAME/##") || {
    echo "docs: antsibull-docs lint-collection-docs failed (above): fix DOCUMENTATION/EXAMPLES/RETURN or the argument specs" >&2
    exit 1; }

# --- docs/reference -------------------------------------------------------------------------------------------------
# simplified-rst: plain RST (option tables as HTML blocks) that the forge renders, no Sphinx extension needed.
mkdir -p "$OUT/reference"
(cd "$WORK" && antsibull-docs collection --use-current --squash-hierarchy --output-format simplified-rst \
    --fail-on-error --no-add-antsibull-docs-version --dest-dir "$OUT/reference" "$COLLECTION" >/dev/null)
"$PY" - "$OUT/reference" "$NAMESPACE" "$NAME" <<'PY'
import os, re, sys
folder, namespace, name = sys.argv[1:]
header = (".. Generated by hack/docs.sh (antsibull-docs, requirements-docs.txt) from the collection's plugins and roles:\n"
          ".. do not edit; change the code's documentation and run hack/docs.sh (make docs).\n\n")
# Links inside the HTML option tables point at the Sphinx site's pages (../../ns/name/page.html): make them the
# RST pages next to them. index.rst becomes README.rst, which the forge shows for the folder.
html_link = re.compile(r"""(href=['"])\.\./\.\./{0}/{1}/([A-Za-z0-9_]+)\.html""".format(namespace, name))
for entry in sorted(os.listdir(folder)):
    path = os.path.join(folder, entry)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = html_link.sub(r"\1\2.rst", text).replace("<index.rst>", "<README.rst>")
    text = header + "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
    target = os.path.join(folder, "README.rst" if entry == "index.rst" else entry)
    if target != path:
        os.remove(path)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
PY

# --- CHANGELOG.rst --------------------------------------------------------------------------------------------------
(
    cd "$COPY"
    fragments=$(find changelogs/fragments -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | wc -l)
    if [ "$fragments" -gt 0 ]; then
        "$PY" - "$VERSION" <<'PY'
import glob, sys, yaml
version = sys.argv[1]
with open("changelogs/changelog.yaml", encoding="utf-8") as handle:
    releases = (yaml.safe_load(handle) or {}).get("releases") or {}
if version in releases:
    sys.exit("docs: galaxy.yml's version {0} is released already (changelogs/changelog.yaml), but changelogs/fragments/"
             " holds unreleased fragments: raise the version in galaxy.yml".format(version))
fragments = sorted(glob.glob("changelogs/fragments/*.yml") + glob.glob("changelogs/fragments/*.yaml"))
if not any("release_summary" in (yaml.safe_load(open(f, encoding="utf-8")) or {}) for f in fragments):
    with open("changelogs/fragments/zzzz-docs-sh-unreleased.yml", "w", encoding="utf-8") as handle:
        yaml.safe_dump({"release_summary": (
            "Not released yet: the changes below are the fragments in ``changelogs/fragments/`` so far"
            " (``hack/docs.sh`` regenerates this file).")}, handle)
PY
        # The date goes into the copy's changelog.yaml only (the RST output has none): a fixed one keeps it stable.
        antsibull-changelog release --version "$VERSION" --date 1970-01-01 >"$WORK/release.log" 2>&1 \
            || { cat "$WORK/release.log" >&2; echo "docs: antsibull-changelog release (in the copy) failed" >&2; exit 1; }
    else
        antsibull-changelog generate
    fi
)
cp "$COPY/CHANGELOG.rst" "$OUT/CHANGELOG.rst"

# --- the connection-option table of docs/user-guide.md ---------------------------------------------------------------
"$PY" - docs/user-guide.md "$OUT/user-guide.md" <<'PY'
import importlib.util, re, sys
source, target = sys.argv[1:]
spec = importlib.util.spec_from_file_location("live_platform_options", "plugins/module_utils/options.py")
options = importlib.util.module_from_spec(spec)
spec.loader.exec_module(options)
BEGIN = "<!-- BEGIN connection-options: generated by hack/docs.sh from plugins/module_utils/options.py, do not edit -->"
END = "<!-- END connection-options -->"
MARKUP = re.compile(r"\b([OCVE])\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


def text(value):
    # Ansible markup to Markdown: O(), C(), V(), E() become code; the rest is escaped for a table cell.
    out, last = [], 0
    for match in MARKUP.finditer(value):
        out.append(re.sub(r"([<>|])", r"\\\1", value[last:match.start()]))
        out.append("`{0}`".format(match.group(2).replace("|", "\\|")))
        last = match.end()
    out.append(re.sub(r"([<>|])", r"\\\1", value[last:]))
    return "".join(out)


rows = ["| option | environment variable | type | default | what it is |", "|---|---|---|---|---|"]
for opt in options.CONNECTION_OPTIONS:
    default = "`{0}`".format(str(opt["default"]).lower() if isinstance(opt["default"], bool) else opt["default"]) \
        if "default" in opt else "(none)"
    kind = opt["type"] + (", secret" if opt.get("no_log") else "")
    rows.append("| `{0}` | `{1}` | {2} | {3} | {4} |".format(
        opt["name"], opt["env"], kind, default, " ".join(text(d) for d in opt["description"])))
block = "\n".join([BEGIN] + rows + [END])
with open(source, encoding="utf-8") as handle:
    guide = handle.read()
start, end = guide.find(BEGIN), guide.find(END)
if start < 0 or end < start:
    sys.exit("docs: {0} lacks the lines\n{1}\n{2}\nthat enclose the connection-option table".format(source, BEGIN, END))
with open(target, "w", encoding="utf-8") as handle:
    handle.write(guide[:start] + block + guide[end + len(END):])
PY

# --- HTML (optional) ------------------------------------------------------------------------------------------------
if [ -n "$HTML" ]; then
    # The Sphinx site antsibull-docs sets up (ansible-docsite RST); alabaster ships with Sphinx, so no theme to install.
    # Offline, references into docs.ansible.com (common return values, ansible-core's variables) stay unresolved.
    SITE=$WORK/site
    mkdir -m 700 "$SITE"
    (
        cd "$SITE"
        antsibull-docs sphinx-init --use-current --squash-hierarchy --sphinx-theme alabaster --dest-dir "$SITE" \
            "$COLLECTION" >/dev/null
        chmod og-w rst
        antsibull-docs --config-file antsibull-docs.cfg collection --use-current --squash-hierarchy --dest-dir rst \
            "$COLLECTION" >/dev/null
        sphinx-build -M html rst build -c . -q >"$WORK/sphinx.log" 2>&1 || { cat "$WORK/sphinx.log" >&2; exit 1; }
        grep -v "undefined label: 'common_return_values'\|reference target not found: ANSIBLE_" "$WORK/sphinx.log" >&2 \
            || true
    )
    [ -f "$SITE/build/html/index.html" ] || { echo "docs: the HTML build failed" >&2; exit 1; }
    rm -rf build/docs/html
    mkdir -p build/docs
    cp -r "$SITE/build/html" build/docs/html
    echo "docs: HTML site in build/docs/html/index.html"
fi

# --- compare, or write ----------------------------------------------------------------------------------------------
if [ "$MODE" = check ]; then
    stale=()
    [ -z "$tables_stale" ] || stale+=("what plugins/module_utils/options.py generates ($(cat "$WORK/tables.diff"))")
    diff -ruN docs/reference "$OUT/reference" >"$WORK/reference.diff" || stale+=("docs/reference/")
    diff -uN CHANGELOG.rst "$OUT/CHANGELOG.rst" >"$WORK/changelog.diff" || stale+=("CHANGELOG.rst")
    diff -u docs/user-guide.md "$OUT/user-guide.md" >"$WORK/guide.diff" || stale+=("the connection-option table of docs/user-guide.md")
    if [ ${#stale[@]} -gt 0 ]; then
        cat "$WORK/reference.diff" "$WORK/changelog.diff" "$WORK/guide.diff" | head -60 >&2
        printf 'docs: STALE: %s\n' "${stale[@]}" >&2
        echo "docs: they differ from what the code, changelogs/ and plugins/module_utils/options.py generate:" \
             "run hack/docs.sh (make docs) and commit the result" >&2
        exit 1
    fi
    echo "docs: the generated doc fragments and parts, docs/reference/, CHANGELOG.rst and the option table of" \
         "docs/user-guide.md are up to date ($((SECONDS - started))s)"
else
    rm -rf docs/reference
    cp -r "$OUT/reference" docs/reference
    cp "$OUT/CHANGELOG.rst" CHANGELOG.rst
    cp "$OUT/user-guide.md" docs/user-guide.md
    echo "docs: wrote docs/reference/ ($(find docs/reference -name '*.rst' | wc -l) pages), CHANGELOG.rst and the" \
         "option table of docs/user-guide.md in $((SECONDS - started))s"
fi

#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Post a Markdown file as the one comment of a pull request (GitHub) or merge request (GitLab), updated in place.

    comment.py github|gitlab FILE

The file's first line is its marker (report.py writes ``<!-- live-platform:plan -->``): the comment that holds the
marker is updated, so a pull request keeps one plan comment however often it is pushed; without one, a comment is
added. Outside a pull/merge request (no number) it does nothing. Standard library only.

- github: GITHUB_TOKEN (the workflow's token, with ``pull-requests: write``), GITHUB_REPOSITORY, GITHUB_API_URL
  (default https://api.github.com), the pull request number from PR_NUMBER or the event file (GITHUB_EVENT_PATH).
- gitlab: GITLAB_TOKEN (a project access token with the ``api`` scope and at least the Reporter role: the CI job
  token cannot write notes), CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID.

Exit status 0 when posted (or nothing to do), 1 when the API refused (the token is never printed).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

PAGE_SIZE = 100
MAX_PAGES = 50


class Api(object):
    def __init__(self, base, headers):
        self.base = base.rstrip("/")
        self.headers = dict(headers, Accept="application/json")

    def call(self, method, path, body=None, query=None):
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = dict(self.headers, **({"Content-Type": "application/json"} if data is not None else {}))
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read().decode("utf-8")
        return json.loads(text) if text else None

    def find(self, path, marker):
        """The id of the first comment whose body starts with the marker, reading every page."""
        for page in range(1, MAX_PAGES + 1):
            items = self.call("GET", path, query=dict(per_page=PAGE_SIZE, page=page)) or []
            for item in items:
                if str(item.get("body") or "").startswith(marker):
                    return item["id"]
            if len(items) < PAGE_SIZE:
                return None
        return None


def github(body, marker):
    env = os.environ
    number = env.get("PR_NUMBER")
    if not number and env.get("GITHUB_EVENT_PATH") and os.path.isfile(env["GITHUB_EVENT_PATH"]):
        with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as handle:
            number = (json.load(handle).get("pull_request") or {}).get("number")
    if not number:
        return None
    api = Api(env.get("GITHUB_API_URL") or "https://api.github.com", {
        "Authorization": "Bearer " + env["GITHUB_TOKEN"], "X-GitHub-Api-Version": "2022-11-28"})
    repo = "/repos/" + env["GITHUB_REPOSITORY"]
    found = api.find("{0}/issues/{1}/comments".format(repo, number), marker)
    if found is None:
        api.call("POST", "{0}/issues/{1}/comments".format(repo, number), dict(body=body))
        return "added to pull request #{0}".format(number)
    api.call("PATCH", "{0}/issues/comments/{1}".format(repo, found), dict(body=body))
    return "updated on pull request #{0} (comment {1})".format(number, found)


def gitlab(body, marker):
    env = os.environ
    number = env.get("CI_MERGE_REQUEST_IID")
    if not number:
        return None
    api = Api(env["CI_API_V4_URL"], {"PRIVATE-TOKEN": env["GITLAB_TOKEN"]})
    notes = "/projects/{0}/merge_requests/{1}/notes".format(urllib.parse.quote(env["CI_PROJECT_ID"], safe=""), number)
    found = api.find(notes, marker)
    if found is None:
        api.call("POST", notes, dict(body=body))
        return "added to merge request !{0}".format(number)
    api.call("PUT", "{0}/{1}".format(notes, found), dict(body=body))
    return "updated on merge request !{0} (note {1})".format(number, found)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("forge", choices=["github", "gitlab"])
    parser.add_argument("file", help="the Markdown to post; its first line is the marker")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as handle:
        body = handle.read()
    marker = body.splitlines()[0] if body.startswith("<!--") else None
    if marker is None:
        print("comment.py: {0} does not start with a marker line (<!-- ... -->)".format(args.file), file=sys.stderr)
        return 1
    try:
        done = (github if args.forge == "github" else gitlab)(body, marker)
    except KeyError as exc:
        print("comment.py: {0} is not set".format(exc.args[0]), file=sys.stderr)
        return 1
    except urllib.error.HTTPError as exc:
        print("comment.py: the {0} API answered HTTP {1} {2} for {3}".format(
            args.forge, exc.code, exc.reason, urllib.parse.urlsplit(exc.url).path), file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print("comment.py: the {0} API could not be reached: {1}".format(args.forge, exc), file=sys.stderr)
        return 1
    print("comment.py: " + (done or "not a pull/merge request, no comment posted"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

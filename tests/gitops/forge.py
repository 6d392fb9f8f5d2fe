# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A stand-in for the two comment APIs comment.py calls, on a local port: GitHub's issue comments and GitLab's merge
request notes (list with pages, create, update), with their token checks. Keeps every request it got."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GITHUB_TOKEN = "ghs_fake-workflow-token-0123456789"
GITLAB_TOKEN = "glpat-fake-project-token-9876543210"

GITHUB_LIST = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
GITHUB_ONE = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")
GITLAB_LIST = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes$")
GITLAB_ONE = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes/(\d+)$")
# forge: (list and create, update one, the update's method)
ROUTES = {"github": (GITHUB_LIST, GITHUB_ONE, "PATCH"), "gitlab": (GITLAB_LIST, GITLAB_ONE, "PUT")}


class Forge(object):
    def __init__(self):
        self.comments = {}  # (forge, repository or project, number) -> [{"id", "body"}]
        self.requests = []
        self.next_id = 1000
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add(self, forge, where, number, body):
        with self.lock:
            self.next_id += 1
            comment = dict(id=self.next_id, body=body)
            self.comments.setdefault((forge, where, str(number)), []).append(comment)
            return comment

    def find(self, forge, comment_id):
        for (name, _where, _number), comments in self.comments.items():
            for comment in comments:
                if name == forge and comment["id"] == comment_id:
                    return comment
        return None

    def thread_of(self, forge, where, number):
        return self.comments.get((forge, where, str(number)), [])

    def _handler(self):
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode("utf-8")) if length else None
                forge.requests.append(dict(method=self.command, path=parts.path, query=parts.query, body=body,
                                           headers=dict(self.headers)))
                query = dict((k, v[0]) for k, v in parse_qs(parts.query).items())
                if parts.path.startswith("/repos/"):
                    if self.headers.get("Authorization") != "Bearer " + GITHUB_TOKEN:
                        return self._answer(401, {"message": "Bad credentials"})
                    return self._comments("github", parts.path, query, body)
                if parts.path.startswith("/api/v4/"):
                    if self.headers.get("PRIVATE-TOKEN") != GITLAB_TOKEN:
                        return self._answer(401, {"message": "401 Unauthorized"})
                    return self._comments("gitlab", parts.path, query, body)
                return self._answer(404, {"message": "Not Found"})

            def _page(self, items, query):
                size, page = int(query.get("per_page", 30)), int(query.get("page", 1))
                return items[(page - 1) * size:page * size]

            def _comments(self, name, path, query, body):
                listing, one, update = ROUTES[name]
                match = listing.match(path)
                if match and self.command == "GET":
                    return self._answer(200, self._page(forge.thread_of(name, *match.groups()), query))
                if match and self.command == "POST":
                    return self._answer(201, forge.add(name, match.group(1), match.group(2), body["body"]))
                match = one.match(path)
                comment = forge.find(name, int(match.groups()[-1])) if match and self.command == update else None
                if comment is None:
                    return self._answer(404, {"message": "Not Found"})
                comment["body"] = body["body"]
                return self._answer(200, comment)

            do_GET = do_POST = do_PATCH = do_PUT = _handle

        return Handler

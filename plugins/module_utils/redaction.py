# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every masking rule of the collection, in one place: keys whose values are secret, values known to be secret
(the client secret, tokens, carrier passwords), and secrets quoted in the platform's free text."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import threading

MASK = "********"
# Keys whose values are secrets wherever they appear (request bodies, echoed error bodies, reads).
SECRET_KEYS = frozenset((
    "client_secret", "access_token", "authorization", "carrieruserpassword", "carrier_user_password",
    "password", "refresh_token", "id_token",
))
# The platform's free text (progress and error details) may quote a request: a secret it names is masked even when
# the caller does not know it.
_SECRET_IN_FREE_TEXT = re.compile(
    r"""(?i)((?:password|secret|token)[\w.-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;)]+)""")


def _forms(text):
    """The ways a secret shows in text: as given, without the whitespace around it (as sent), and escaped as a
    library's message quotes it (repr(), unicode_escape, JSON): a real line break shows there as backslash-n."""
    forms = set()
    for plain in (text, text.strip()):
        forms.update((plain, repr(plain)[1:-1], plain.encode("unicode_escape").decode("ascii"),
                      json.dumps(plain)[1:-1]))
    forms.discard("")
    return forms


def is_secret_key(key):
    return str(key).replace("-", "_").lower() in SECRET_KEYS


def mask_free_text(text):
    """The platform's free text with every ``password=...``/``secret: ...``/``token=...`` value masked."""
    if not isinstance(text, str):
        return text
    return _SECRET_IN_FREE_TEXT.sub(lambda match: match.group(1) + MASK, text)


class Redactor(object):
    """Masks secret keys and every registered secret value, in any structure.

    Each secret is registered once and the one pattern of all of them (see _pattern_of) is compiled once, when it is
    first needed after a change: masking a fleet's results costs one pass per string, linear in the fleet's size.
    Safe to share between threads.
    """

    def __init__(self, secrets=()):
        self._secrets = set()
        self._pattern = None
        self._lock = threading.Lock()
        self.add(*secrets)

    def add(self, *values):
        with self._lock:
            for value in values:
                if value not in (None, ""):
                    new = _forms(str(value)) - self._secrets
                    if new:
                        self._secrets.update(new)
                        self._pattern = None

    def _compiled(self):
        with self._lock:
            if self._pattern is None and self._secrets:
                self._pattern = _pattern_of(self._secrets)
            return self._pattern

    def __call__(self, value):
        """A copy of value with secret keys masked and every registered secret string replaced."""
        return _redact(value, self._compiled())


def redact(value, secrets=()):
    """One-off masking of value with these secrets (a Redactor for many calls)."""
    if not secrets:  # the secret keys alone (each service's request, in a batch): no redactor to build
        return _redact(value, None)
    return Redactor(secrets)(value)


# Deeper than this, a prefix tree's pattern would nest too many groups for the re module: the plain alternation then.
MAX_TREE_DEPTH = 100


def _pattern_of(secrets):
    """One pattern of all the secrets that matches, where several start at the same place, the longest of them (as an
    alternation of them longest first does).

    The pattern is their prefix tree: at each character of a text, the regular expression engine follows one branch,
    where the alternation tries every secret in turn. With a carrier password per customer, that is the difference
    between microseconds and milliseconds per string of a fleet's result.
    """
    tree = {}
    for secret in secrets:
        node = tree
        for char in secret:
            node = node.setdefault(char, {})
        node[""] = {}  # a secret ends here ("" is no character)
    pattern = _tree_pattern(tree, MAX_TREE_DEPTH)
    if pattern is None:
        pattern = "|".join(re.escape(secret) for secret in sorted(secrets, key=len, reverse=True))
    return re.compile(pattern)


def _tree_pattern(node, depth):
    """The pattern of what may follow a node of the prefix tree; None when it nests deeper than depth."""
    if depth < 0:
        return None
    branches = []
    for char in sorted(key for key in node if key):
        text, child = char, node[char]
        while len(child) == 1 and "" not in child:  # a run of single characters is one literal
            (char, child), = child.items()
            text += char
        rest = _tree_pattern(child, depth - 1)
        if rest is None:
            return None
        branches.append(re.escape(text) + rest)
    if not branches:
        return ""
    if "" not in node and len(branches) == 1:
        return branches[0]
    # Greedy: a longer secret first, then (when one ends here) this one.
    return "(?:{0}){1}".format("|".join(branches), "?" if "" in node else "")


_SECRET_KEY = {}  # key -> is_secret_key(key): a fleet's results repeat the same few keys thousands of times


def _is_secret_key(key):
    try:
        return _SECRET_KEY[key]
    except KeyError:
        secret = is_secret_key(key)
        if len(_SECRET_KEY) < 10000:  # bounded: results are also keyed by customer
            _SECRET_KEY[key] = secret
        return secret
    except TypeError:  # not hashable
        return is_secret_key(key)


def _redact(value, pattern):
    if isinstance(value, dict):
        return dict(
            (k, MASK if _is_secret_key(k) and v not in (None, "") else _redact(v, pattern))
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return [_redact(v, pattern) for v in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(MASK, value)
    return value

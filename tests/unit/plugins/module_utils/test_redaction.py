# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import re

from ansible_collections.audiocodes.live_platform.plugins.module_utils import redaction
from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import (
    MASK, Redactor, mask_free_text, redact,
)


def test_secret_keys_and_known_values_are_masked_anywhere():
    redactor = Redactor(["pw-1", None, ""])
    masked = redactor(dict(CarrierUserPassword="anything", nested=[dict(text="user pw-1 here")], kept="visible",
                           empty_password=""))
    assert masked == dict(CarrierUserPassword=MASK, nested=[dict(text="user {0} here".format(MASK))],
                          kept="visible", empty_password="")


def test_the_longest_secret_wins_where_one_contains_another():
    assert redact("pw pw-long", ["pw", "pw-long"]) == "{0} {0}".format(MASK)


def test_each_secret_is_registered_once_and_the_pattern_compiled_once():
    redactor = Redactor(["a-secret"])
    redactor("warm up")
    compiled = redactor._compiled()
    redactor.add("a-secret", None)  # known already: nothing to compile again
    assert redactor._compiled() is compiled
    redactor.add("another-secret")
    assert redactor._compiled() is not compiled
    assert redactor("another-secret and a-secret") == "{0} and {0}".format(MASK)


def test_secrets_quoted_in_the_platforms_free_text_are_masked_without_being_known():
    text = "(Error, login failed: password=Hunter2, user sip01);(Information, token: 'abc def')"
    masked = mask_free_text(text)
    assert "Hunter2" not in masked and "abc def" not in masked and "user sip01" in masked


def test_a_secret_is_masked_in_its_stripped_and_escaped_forms():
    # A token read from a file keeps its newline; libraries quote it with repr() (InvalidHeader: 'Bearer tok\\n').
    token = "tok-en\n"
    redactor = Redactor([token, u"pass\u00e9\tword"])
    for text in ("header value: 'Bearer tok-en\\n'", "sent tok-en only", "raw tok-en\n here",
                 "repr 'pass\u00e9\\tword'", "escaped pass\\xe9\\tword", 'json "pass\\u00e9\\tword"'):
        masked = redactor(text)
        assert "tok-en" not in masked and "pass" not in masked, masked
        assert MASK in masked


def test_the_escaped_forms_of_a_plain_secret_add_nothing():
    redactor = Redactor(["plain-secret"])
    assert redactor._secrets == set(["plain-secret"])
    assert redactor("a plain-secret b") == "a {0} b".format(MASK)


def _masked_by_an_alternation(text, secrets):
    """What the pattern of the secrets must do: the alternation of them, longest first."""
    ordered = sorted(set(secrets), key=len, reverse=True)
    return re.sub("|".join(re.escape(secret) for secret in ordered), MASK, text)


def test_the_prefix_tree_masks_as_the_alternation_of_the_secrets_longest_first():
    chance = random.Random(7)
    for _round in range(300):
        secrets = ["".join(chance.choice("ab.|(") for _char in range(chance.randint(1, 6)))
                   for _secret in range(chance.randint(1, 8))]
        text = "".join(chance.choice("ab.|( x") for _char in range(chance.randint(0, 40)))
        assert redaction._pattern_of(set(secrets)).sub(MASK, text) == _masked_by_an_alternation(text, secrets), (
            secrets, text)


def test_a_prefix_tree_too_deep_for_one_pattern_falls_back_to_the_alternation():
    secrets = ["x" * length for length in range(1, redaction.MAX_TREE_DEPTH + 10)]  # each a prefix of the next
    redactor = Redactor(secrets)
    assert redactor("y xxx y") == "y {0} y".format(MASK)
    assert redactor("x" * 500) == _masked_by_an_alternation("x" * 500, secrets) == MASK * 5  # 108 at a time, then 68


def test_many_secrets_that_share_a_prefix_are_all_masked():
    secrets = ["Bench-{0}-pw".format(index) for index in range(1, 2000)]
    masked = Redactor(secrets)(dict(a="Bench-1-pw Bench-19-pw Bench-1999-pw Bench-2000-pw", b=["Bench-1-p"]))
    assert masked == dict(a="{0} {0} {0} Bench-2000-pw".format(MASK), b=["Bench-1-p"])

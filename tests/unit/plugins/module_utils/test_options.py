# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import yaml

from ansible_collections.audiocodes.live_platform.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.audiocodes.live_platform.plugins.module_utils.options import (
    CONNECTION_OPTIONS, connection_argument_spec, connection_doc_fragment,
)


def test_spec_and_doc_fragment_come_from_one_table():
    spec = connection_argument_spec()
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(spec) == set(documented) == set(o["name"] for o in CONNECTION_OPTIONS)
    for name, entry in spec.items():
        assert entry["type"] == documented[name]["type"]
        assert entry.get("default") == documented[name].get("default")
        env = entry["fallback"][1][0]
        assert env.startswith("LIVE_PLATFORM_")
        assert "E({0})".format(env) in " ".join(documented[name]["description"])


def test_secrets_are_no_log_and_certificates_checked_by_default():
    spec = connection_argument_spec()
    assert spec["client_secret"]["no_log"] and spec["access_token"]["no_log"]
    assert spec["validate_certs"]["default"] is True
    assert not any(o["env"].startswith("ANSIBLE_") for o in CONNECTION_OPTIONS)


def test_the_generated_fragment_is_up_to_date():
    # hack/generate-doc-fragment.py writes it; run it after changing CONNECTION_OPTIONS.
    assert yaml.safe_load(ModuleDocFragment.DOCUMENTATION) == connection_doc_fragment()

# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet's report, on the controller: a row per customer from its result (a host's registered result or a
batch's), the summary, the Markdown table and the status lines. Shared by the fleet filters and the
write_fleet_report action."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.audiocodes.live_platform.plugins.module_utils.redaction import redact
from ansible_collections.audiocodes.live_platform.plugins.module_utils.validation import printable
from ansible_collections.audiocodes.live_platform.plugins.plugin_utils.fleet_requests import (
    compose_for_host, host_vars,
)

NOT_RUN = ("did not run: the customer's variables failed the role's argument validation, or the host was"
           " unreachable; see the play output")


def _sbc(request):
    return request.get("sbc") if request.get("sbc") is not None else request.get("sbc_id")


def _drift_text(drift):
    return "; ".join("{0} is {1!r} on the platform, {2!r} desired".format(d.get("field"), d.get("actual"),
                                                                          d.get("desired")) for d in drift)


def _plan_text(plan):
    added, removed = len(plan.get("added") or []), len(plan.get("removed") or [])
    return "dial plan {0} (+{1} -{2} rules)".format(plan.get("outcome"), added, removed)


def site_rows(result, request):
    """The rows of a customer's further SIP connections: from its result, else (not run) from its request."""
    requested = dict((str(site.get("site_name")).lower(), site) for site in request.get("sip_connections") or []
                     if isinstance(site, dict))
    if isinstance(result, dict) and isinstance(result.get("sip_connections"), list):
        rows = []
        for site in result["sip_connections"]:
            parts = ([_drift_text(site["drift"])] if site.get("drift") else []) + (
                ["changed: " + ", ".join(site["changes"])] if site.get("changes") else []) + (
                [_plan_text(site["dial_plan"])] if (site.get("dial_plan") or {}).get("changed") else [])
            sbc = _sbc(requested.get(str(site.get("site_name")).lower(), {}))
            rows.append(dict(site_name=site.get("site_name"), sbc=site.get("sbc_id") if sbc is None else sbc,
                             outcome=site.get("outcome"),
                             site_id=site.get("site_id"), deployment_state=site.get("deployment_state"),
                             message="; ".join(parts), dial_plan=site.get("dial_plan")))
        return rows
    return [dict(site_name=site.get("site_name"), sbc=_sbc(site), outcome="not_run", site_id=None,
                 deployment_state=None, message="", dial_plan=None)
            for site in request.get("sip_connections") or [] if isinstance(site, dict)]


def report_row(customer, result, request=None):
    """One customer's row from its registered module result (None when the task never ran) and its request."""
    request = request or {}
    if request.get("invalid") and (not isinstance(result, dict) or not result or result.get("skipped")):
        # refused before any call (per_customer skips its task): each field and rule, as the batch reports it
        return dict(customer=customer, short_name=request.get("short_name"), sbc=_sbc(request),
                    license=request.get("license_type"), outcome="failed", status="failed", message=request["invalid"],
                    service_id=None, deployment_state=None, drift=[], sip_connections=[])
    if not isinstance(result, dict) or not result:
        return dict(customer=customer, short_name=request.get("short_name"), sbc=_sbc(request),
                    license=request.get("license_type"), outcome="not_run", status="failed", message=NOT_RUN,
                    service_id=None, deployment_state=None, drift=[], sip_connections=site_rows(None, request))
    service = result.get("service") or {}
    drift = result.get("drift") or []
    if result.get("skipped"):
        outcome, status, message = "skipped", "ok", result.get("skip_reason") or "skipped"
    elif result.get("failed"):
        outcome = "not_run" if result.get("outcome") == "not_run" else "failed"
        status, message = "failed", result.get("msg") or "failed without a message"
    else:
        outcome = result.get("outcome") or ("changed" if result.get("changed") else "ok")
        status = "changed" if result.get("changed") else "ok"
        message = _drift_text(drift) if drift else ""
    if (result.get("dial_plan") or {}).get("changed") and not result.get("failed"):
        message = "; ".join(part for part in (message, "first SIP connection's " + _plan_text(result["dial_plan"]))
                            if part)
    return dict(
        customer=customer,
        short_name=service.get("short_name") or request.get("short_name"),
        sbc=_sbc(request),
        license=service.get("license_name") or request.get("license_type"),
        outcome=outcome,
        status=status,
        message=message,
        service_id=service.get("id"),
        deployment_state=service.get("deployment_state"),
        drift=drift,
        sip_connections=site_rows(result, request),
    )


def build_report(rows, title, check_mode=False, now=None, stopped_by=None):
    """stopped_by: why the run stopped before some customers (a failure that is not a customer's), said once."""
    rows = sorted(rows, key=lambda row: str(row["customer"]))
    outcomes = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    generated = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return dict(
        title=title,
        mode="check" if check_mode else "apply",
        generated_at=generated.isoformat(),
        summary=dict(
            total=len(rows),
            failed=sum(1 for row in rows if row["status"] == "failed"),
            changed=sum(1 for row in rows if row["status"] == "changed"),
            outcomes=dict(sorted(outcomes.items())),
        ),
        customers=redact(rows),
        stopped_by=redact(stopped_by),
    )


# The Markdown table's columns: (heading, row key). The service id is there so that a reader can find the service.
MARKDOWN_COLUMNS = (("customer", "customer"), ("short name", "short_name"), ("SBC", "sbc"), ("licence", "license"),
                    ("outcome", "outcome"), ("service id", "service_id"), ("deployment", "deployment_state"),
                    ("message", "message"))
# A further SIP connection's row, under its customer's: the same columns, the site named in the first.
SITE_COLUMNS = dict(customer="site_label", short_name="", sbc="sbc", license="", outcome="outcome",
                    service_id="site_id", deployment_state="deployment_state", message="message")


def _cell(value):
    """A table cell: line breaks and tabs as blanks; other control and format characters (ESC, NUL, a zero-width
    space, a right-to-left override) as their escapes, as validation shows them: raw, they would garble the terminal
    or the pull-request comment that shows the report, or hide what the value is."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    if not (text.isascii() and text.isprintable()):  # printable ASCII (nearly every cell) has nothing to escape
        text = printable(text)
    return text.replace("|", "\\|")


def render_markdown(report):
    summary = report["summary"]
    counts = ", ".join("{0} {1}".format(n, outcome) for outcome, n in summary["outcomes"].items()) or "nothing"
    lines = [
        "## {0}{1}".format(_cell(report["title"]),
                           " (check mode: nothing was changed)" if report["mode"] == "check" else ""),
        "",
        "{0} customer(s): {1}. Generated {2}.".format(summary["total"], counts, report["generated_at"]),
        "",
    ]
    if report.get("stopped_by"):
        lines += ["**The run stopped:** {0}".format(_cell(report["stopped_by"])), ""]
    lines += [
        "| {0} |".format(" | ".join(heading for heading, _key in MARKDOWN_COLUMNS)),
        "|{0}".format("---|" * len(MARKDOWN_COLUMNS)),
    ]
    for row in report["customers"]:
        lines.append("| {0} |".format(" | ".join(_cell(row.get(key)) for _heading, key in MARKDOWN_COLUMNS)))
        for site in row.get("sip_connections") or []:
            site = dict(site, site_label="{0} / site {1}".format(row["customer"], site.get("site_name")))
            lines.append("| {0} |".format(" | ".join(_cell(site.get(SITE_COLUMNS[key])) if SITE_COLUMNS[key] else ""
                                                     for _heading, key in MARKDOWN_COLUMNS)))
    return "\n".join(lines) + "\n"


def fleet_report(hosts, hostvars, result_var=None, title="Fleet report", check_mode=False, results=None,
                 requests=None, stopped_by=None):
    """Rows from each host's registered result (result_var), or from a batch's results keyed by host.

    requests: the requests as fleet_requests composed them (its list, or a mapping of host to request), so that they
    are not composed a second time.
    """
    items = requests.values() if isinstance(requests, dict) else requests or []
    composed = dict((item.get("customer"), item) for item in items if isinstance(item, dict))
    rows = []
    for host in hosts:
        variables = {} if results is not None and host in composed else host_vars(hostvars, host)
        result = results.get(host) if results is not None else variables.get(result_var)
        request = composed[host] if host in composed else compose_for_host(variables, host)[0]
        rows.append(report_row(host, result, request))
    return build_report(rows, title, check_mode, stopped_by=stopped_by)


def batch_results(batch, customers):
    """The results by customer of a hosted_essentials_fleet call; when it failed as a whole, its failure for each."""
    if batch is None:
        return None
    if isinstance(batch.get("customers"), dict):
        return batch["customers"]
    # The cause is the report's stopped_by, said once: a thousand rows need not repeat it.
    failure = dict(failed=True, outcome="not_run", msg="not run: the fleet call failed as a whole (see stopped_by)")
    return dict((customer, failure) for customer in customers)


def batch_stop(batch):
    """Why a hosted_essentials_fleet call stopped before some customers (failed as a whole, or at a failure that
    is not a customer's), or None."""
    if not batch or not (batch.get("fleet_wide") or not isinstance(batch.get("customers"), dict)):
        return None
    return batch.get("msg") or "the batch call did not run"


def status_lines(report, include_unchanged=False):
    """One line per customer of a fleet report: ``name: status (outcome): message``, the unchanged ones left out."""
    lines = []
    for row in report.get("customers") or []:
        if row.get("status") == "ok" and row.get("outcome") == "unchanged" and not include_unchanged:
            continue
        line = "{0}: {1}".format(row.get("customer"), row.get("status"))
        if row.get("outcome") not in (None, row.get("status")):
            line += " ({0})".format(row["outcome"])
        lines.append(line + (": " + row["message"] if row.get("message") else ""))
    return lines

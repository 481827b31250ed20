"""`--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure).

One `<testsuite>` per file, one `<testcase>` per finding (classname = file, name = code and
position). An error-severity finding is a `<failure>`; warnings and notes pass and carry their
message in `<system-out>`; an unreadable file is an `<error>`; a file without findings is one
passing test case, so every checked file shows up. Run-level findings (a plugin that failed to
load) form a suite of their own. Built with ElementTree, so the XML is always well formed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

from ..findings import Finding

# Characters XML 1.0 cannot hold at all, even escaped (control characters from broken input).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _clean(s: str) -> str:
    return _INVALID_XML.sub("\ufffd", s)


def _case(suite: ET.Element, f: Finding, classname: str) -> str:
    """Add one test case; returns its outcome: failure, error or passed."""
    case = ET.SubElement(suite, "testcase", classname=_clean(classname),
                         name=_clean(f"{f.code} {f.name} ({f.line}:{f.column})"),
                         file=_clean(f.path), line=str(f.line), time="0")
    sev = f.severity or "error"
    text = _clean(f"{f.path}:{f.line}:{f.column}: {f.code} [{LABEL[sev]}] {f.message}")
    if f.code == "RL001":  # the file could not be read at all
        ET.SubElement(case, "error", message=_clean(f.message), type=f.code).text = text
        return "error"
    if sev == "error":
        ET.SubElement(case, "failure", message=_clean(f.message), type=f.code).text = text
        return "failure"
    ET.SubElement(case, "system-out").text = text
    return "passed"


def _suite(root: ET.Element, name: str, findings: list[Finding]) -> None:
    suite = ET.SubElement(root, "testsuite", name=_clean(name))
    outcomes = [_case(suite, f, name) for f in findings]
    if not findings:
        ET.SubElement(suite, "testcase", classname=_clean(name), name="report-lint", time="0")
    suite.set("tests", str(max(len(findings), 1)))
    suite.set("failures", str(outcomes.count("failure")))
    suite.set("errors", str(outcomes.count("error")))
    suite.set("skipped", "0")
    suite.set("time", "0")


def as_element(results: list[Any], extra: list[Finding] = ()) -> ET.Element:
    root = ET.Element("testsuites", name="report-lint")
    if extra:
        _suite(root, "report-lint", list(extra))
    for r in results:
        _suite(root, r.path, r.findings)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    return root


def write(results: list[Any], out: TextIO, extra: list[Finding] = (), **_: Any) -> None:
    root = as_element(results, list(extra))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")

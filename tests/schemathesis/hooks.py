"""schemathesis hooks of the suite (run.py passes this file in SCHEMATHESIS_HOOKS).

Two rules of the API depend on something a JSON Schema cannot state, so a request the OpenAPI
document calls valid is still refused, with a documented 400 `validation` naming the field:

- `recorded_on` of a new story is "from 2000 up to today": the document gives `format: date`
  and says so in the description, but a schema has no bound that moves with the calendar (and
  a pattern written out for today would be wrong tomorrow, in a document the service caches).
- `end` of an excerpt passage must lie after `start`, and within the story (counted in
  characters): a schema cannot compare two properties, nor a number with a stored story.

`filter_failure` drops exactly those refusals of `positive_data_acceptance` (each one counted
and shown by schemathesis as "dropped by `filter_failure`"), after checking that the request
did break the rule (for a passage past the story's end: by reading that story with the same
token) and that the answer names that field with that code and nothing else. Any other refusal,
status, code or field still fails the run.
"""

from __future__ import annotations

import datetime
import json
import re
import urllib.request

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

STORIES = "POST /api/v1/participants/{id}/stories"
EXCERPTS = "POST /api/v1/stories/{id}/excerpts"
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _validation_fields(response) -> dict | None:
    """The `fields` of a 400 `validation` answer, or None for any other answer."""
    if response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or error.get("code") != "validation":
        return None
    fields = error.get("fields")
    return fields if isinstance(fields, dict) else None


def _recorded_out_of_range(body) -> bool:
    """True when the body's `recorded_on` is a date before 2000 or after today (UTC, as the
    service counts)."""
    if not isinstance(body, dict) or not isinstance(body.get("recorded_on"), str):
        return False
    match = DATE.match(body["recorded_on"])
    if not match:
        return False
    date = tuple(int(part) for part in match.groups())
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return date[0] < 2000 or date > (today.year, today.month, today.day)


def _offset(value) -> int | None:
    """An offset as the service reads it: an integer, or a float with an integral value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _offsets(body) -> tuple[int, int] | None:
    if not isinstance(body, dict):
        return None
    start, end = _offset(body.get("start")), _offset(body.get("end"))
    return None if start is None or end is None else (start, end)


def _end_not_after_start(body) -> bool:
    offsets = _offsets(body)
    return offsets is not None and offsets[1] <= offsets[0]


def _end_past_story(body, response) -> bool:
    """True when `end` lies after `start` but past the last character of the story, which is
    read again (GET /api/v1/stories/{id}) with the token of the request."""
    offsets = _offsets(body)
    if offsets is None or offsets[1] <= offsets[0]:
        return False
    sent = response.request
    url = sent.url.split("?")[0]
    if not url.endswith("/excerpts"):
        return False
    story = urllib.request.Request(url[: -len("/excerpts")], method="GET")
    if sent.headers.get("Authorization"):
        story.add_header("Authorization", sent.headers["Authorization"])
    try:
        with urllib.request.urlopen(story, timeout=30) as answer:
            text = json.loads(answer.read())["body"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return isinstance(text, str) and offsets[1] > len(text)


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """False (drop) only for the documented refusals above; True keeps every other failure."""
    if not isinstance(failure, RejectedPositiveData):
        return True
    label = case.operation.label
    fields = _validation_fields(response)
    if fields is None:
        return True
    if label == STORIES and fields == {"recorded_on": ["out_of_range"]}:
        return not _recorded_out_of_range(case.body)
    if label == EXCERPTS and fields == {"end": ["not_after_start"]}:
        return not _end_not_after_start(case.body)
    if label == EXCERPTS and fields == {"end": ["out_of_range"]}:
        return not _end_past_story(case.body, response)
    return True

"""The schemathesis suite: starts the real binary on SQLite in a fresh directory, arranges one
account of every role (staff with a TOTP second factor, a young person and a guardian through
their invites, readers with an excerpt in their feed), and runs `schemathesis run` against
`/api/openapi.json` once per role with that role's token, and once without a token, with every
check, a fixed seed and a bounded number of examples. Exit 0 only when every run passes.

Login limits are raised in a policies directory of the run (a copy of `policies/` with
`[login] max_failures` set high), so that thousands of generated wrong logins are not answered
429 and the run tests the API instead of the limiter. Everything else is the shipped policy.

Environment: STORYVAULT_BIN (the binary, default target/debug/storyvault), SCHEMATHESIS_BIN,
SCHEMATHESIS_EXAMPLES (examples per operation and phase, default 5), SCHEMATHESIS_ROLE_PHASES
(phases of the runs with a token, default examples,fuzzing,stateful), SCHEMATHESIS_SEED
(default 20261128), SCHEMATHESIS_PARALLEL (runs at a time, default 2), SCHEMATHESIS_ROLES
(comma-separated labels, e.g. `anonymous,youth`: only those runs), SCHEMATHESIS_KEEP=1 keeps the
run directory with the service's log.

Two rules the document cannot express (a story's `recorded_on` up to today; an excerpt's `end`
after `start` and within the story) are answered with a documented 400; hooks.py lets exactly
those refusals pass the `positive_data_acceptance` check, and schemathesis counts them as
"Filtered".
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60
# Calls that end the very token the run authenticates with: run last, on their own, per role.
ENDING_CALLS = [("DELETE", "/api/v1/sessions/current"), ("DELETE", "/api/v1/me")]


@dataclass
class Account:
    username: str
    password: str
    role: str
    totp_secret: str | None = None
    last_totp_step: int = -1

    def totp_code(self) -> str:
        """A code never used before by this account (the service refuses a replayed one). The
        service accepts the code of the next 30-second step too (a skew of one step, as
        authenticator apps need), so a second code within a step is the next step's code rather
        than a wait of up to 30 s."""
        assert self.totp_secret
        now = time.time()
        step = max(int(now) // 30, self.last_totp_step + 1)
        if step > int(now) // 30 + 1:
            time.sleep(30 - now % 30 + 0.5)
            return self.totp_code()
        self.last_totp_step = step
        return pyotp.TOTP(self.totp_secret).at(step * 30)


@dataclass
class Service:
    binary: Path
    root: Path
    process: subprocess.Popen | None = None
    base_url: str = ""
    log_lines: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STORYVAULT_")}
        env.update(
            STORYVAULT_ADDR="127.0.0.1:0",
            STORYVAULT_DATA_DIR=str(self.root / "data"),
            STORYVAULT_LOG_FORMAT="json",
            STORYVAULT_POLICIES_DIR=str(self.root / "policies"),
            RUST_LOG="warn,storyvault=info",
            TMPDIR=str(self.root / "tmp"),
        )
        return env

    @classmethod
    def start(cls, binary: Path) -> "Service":
        runs = ROOT / "target" / "schemathesis-run"
        runs.mkdir(parents=True, exist_ok=True)
        root = Path(tempfile.mkdtemp(prefix="run-", dir=runs))
        for sub in ("data", "tmp"):
            (root / sub).mkdir()
        shutil.copytree(ROOT / "policies", root / "policies")
        rules = root / "policies" / "rules.toml"
        text, count = re.subn(r"(?m)^max_failures = \d+$", "max_failures = 1000000",
                              rules.read_text())
        assert count == 1, "rules.toml has no [login] max_failures line to raise"
        rules.write_text(text)
        return cls(binary=binary, root=root)

    def create_admin(self) -> Account:
        admin = Account("beheerder", "beheer-" + secrets.token_hex(8), "admin")
        done = subprocess.run(
            [str(self.binary), "create-admin", "--username", admin.username],
            input=admin.password + "\n", text=True, capture_output=True, env=self.env(),
            cwd=self.root, timeout=60,
        )
        assert done.returncode == 0, f"create-admin failed: {done.stderr}"
        return admin

    def serve(self) -> None:
        self.process = subprocess.Popen(
            [str(self.binary), "serve"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=self.env(), cwd=self.root,
        )
        found = threading.Event()

        def read() -> None:
            assert self.process and self.process.stdout
            with open(self.root / "service.log", "w") as log:
                for line in self.process.stdout:
                    log.write(line)
                    if not found.is_set() and '"listening"' in line:
                        self.base_url = "http://" + json.loads(line)["fields"]["addr"]
                        found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(START_TIMEOUT_S):
            self.stop()
            raise SystemExit("serve never logged `listening`; see " + str(self.root))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def api(self, method: str, path: str, body: dict | None = None, token: str | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, (json.loads(raw) if raw else None)

    def must(self, expected: int, method: str, path: str, body: dict | None = None,
             token: str | None = None):
        status, answer = self.api(method, path, body, token)
        assert status == expected, f"{method} {path}: {status} {answer}"
        return answer

    def token_for(self, account: Account) -> str:
        """Logs in; enrols a TOTP second factor first when the service asks for one."""
        body = {"username": account.username, "password": account.password}
        if account.totp_secret:
            body["totp"] = account.totp_code()
        session = self.must(201, "POST", "/api/v1/sessions", body)
        if not session.get("mfa_enrolment_required"):
            return session["token"]
        enrolling = session["token"]
        enrolment = self.must(201, "POST", "/api/v1/account/totp", None, enrolling)
        account.totp_secret = enrolment["secret"]
        self.must(200, "POST", "/api/v1/account/totp/confirm", {"code": account.totp_code()},
                  enrolling)
        return self.token_for(account)


def arrange(service: Service) -> dict[str, str]:
    """One live token per role, with data behind them: a young person with an approved excerpt
    shared with every audience, and a guardian of a participant under 16."""
    admin = service.create_admin()
    service.serve()
    tokens = {"admin": service.token_for(admin)}

    def account(role: str) -> Account:
        acc = Account(f"{role.replace('_', '')}-{secrets.token_hex(4)}",
                      "wachtwoord-" + secrets.token_hex(8), role)
        service.must(201, "POST", "/api/v1/accounts",
                     {"username": acc.username, "password": acc.password, "role": role},
                     tokens["admin"])
        return acc

    worker = account("worker")
    tokens["worker"] = service.token_for(worker)
    for role in ("peer", "policy_maker", "council"):
        tokens[role] = service.token_for(account(role))

    year = datetime.date.today().year
    w = tokens["worker"]
    adult = service.must(201, "POST", "/api/v1/participants",
                         {"birth_year": year - 19, "identifiers": ["Sanne", "Beilen"]}, w)
    story = service.must(201, "POST", f"/api/v1/participants/{adult['id']}/stories", {
        "title": "Wachten",
        "body": "Ik heb acht maanden gewacht op hulp. Toen kwam er eindelijk iemand.",
        "themes": ["wachttijd"], "recorded_on": f"{year}-01-15"}, w)
    excerpt = service.must(201, "POST", f"/api/v1/stories/{story['id']}/excerpts",
                           {"start": 0, "end": 36}, w)
    service.must(200, "POST", f"/api/v1/excerpts/{excerpt['id']}/submit", {"version": 1}, w)
    youth = service.must(201, "POST", "/api/v1/invites/redeem", {
        "code": adult["invite_code"], "username": "jongere-" + secrets.token_hex(3),
        "password": "mijn eigen wachtwoord"})
    tokens["youth"] = youth["token"]
    service.must(200, "POST", f"/api/v1/excerpts/{excerpt['id']}/review",
                 {"decision": "approve", "version": 1}, tokens["youth"])
    service.must(200, "PUT", f"/api/v1/excerpts/{excerpt['id']}/consent", {
        "version": 1, "audiences": {"peers": True, "policy_makers": True, "council": True}},
        tokens["youth"])

    child = service.must(201, "POST", "/api/v1/participants",
                         {"birth_year": year - 12, "identifiers": []}, w)
    guardian = service.must(201, "POST", f"/api/v1/participants/{child['id']}/guardians",
                            {"relation": "parent", "description": "moeder"}, w)
    session = service.must(201, "POST", "/api/v1/invites/redeem", {
        "code": guardian["invite_code"], "username": "ouder-" + secrets.token_hex(3),
        "password": "wachtwoord van ouder"})
    tokens["guardian"] = session["token"]
    feed = service.must(200, "GET", "/api/v1/feed", None, tokens["council"])
    assert feed["items"], "the council's feed is empty: the arrangement did not publish"
    return tokens


def schemathesis(service: Service, label: str, token: str | None, only_ending: bool) -> dict:
    examples = os.environ.get("SCHEMATHESIS_EXAMPLES", "5")
    seed = os.environ.get("SCHEMATHESIS_SEED", "20261128")
    report = service.root / f"report-{label}.json"
    command = [
        os.environ.get("SCHEMATHESIS_BIN", "schemathesis"),
        "--config-file", str(Path(__file__).with_name("schemathesis.toml")), "run",
        f"{service.base_url}/api/openapi.json", "--url", service.base_url,
        "--checks", "all", "--seed", seed, "--max-examples", examples,
        "--generation-database", "none", "--workers", "1", "--no-color",
        "--request-timeout", "30", "--report", "ndjson",
        "--report-ndjson-path", str(report.with_suffix(".ndjson")),
        "--suppress-health-check", "all",
    ]
    # schemathesis 4 names an operation "METHOD PATH". Public operations answer alike with or
    # without a token (and the login-like ones hash a password each time): they run once, in the
    # run without a token.
    for method, path in ENDING_CALLS:
        command += ["--include-name" if only_ending else "--exclude-name", f"{method} {path}"]
    if token and not only_ending:
        for name in public_operations(service):
            command += ["--exclude-name", name]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
        # The coverage phase (boundary values, missing parts, undeclared methods) runs in the
        # run without a token, where every operation is reached; with a token it would repeat
        # most of that per role at several minutes each on two cores.
        command += ["--phases", os.environ.get("SCHEMATHESIS_ROLE_PHASES",
                                               "examples,fuzzing,stateful")]
    started = time.monotonic()
    # The hooks drop exactly the refusals the document cannot express (see hooks.py).
    env = dict(os.environ, SCHEMATHESIS_HOOKS=str(Path(__file__).with_name("hooks.py")))
    done = subprocess.run(command, cwd=service.root, text=True, capture_output=True, env=env)
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    (service.root / f"schemathesis-{label}.txt").write_text(output)
    return {"label": label, "ok": done.returncode == 0, "seconds": seconds, "output": output}


def public_operations(service: Service) -> list[str]:
    """Every operation of the document that declares no security requirement."""
    _, document = service.api("GET", "/api/openapi.json")
    return [f"{method.upper()} {path}"
            for path, item in document["paths"].items()
            for method, op in item.items() if not op.get("security")]


def summary_line(output: str) -> str:
    """The last lines of schemathesis' own summary (operations, test cases, result)."""
    keep = [line for line in output.splitlines()
            if re.search(r"(API Operations|Test cases|Test Phases|passed|failed|No issues|"
                         r"issues? found|Seed|Filtered)", line)]
    return "\n    ".join(keep[-9:])


def report(result: dict) -> None:
    state = "passed" if result["ok"] else "FAILED"
    print(f"schemathesis as {result['label']}: {state} in {result['seconds']:.0f} s\n    "
          + summary_line(result["output"]), flush=True)
    if not result["ok"]:
        print(result["output"][-20000:], flush=True)


def main() -> int:
    began = time.monotonic()
    binary = Path(os.environ.get("STORYVAULT_BIN", ROOT / "target" / "debug" / "storyvault"))
    assert binary.is_file(), f"{binary} is missing: run tests/schemathesis/run.sh"
    service = Service.start(binary)
    results = []
    try:
        tokens = arrange(service)
        runs = [("anonymous", None)] + sorted(tokens.items())
        wanted = os.environ.get("SCHEMATHESIS_ROLES")
        if wanted:
            runs = [(role, token) for role, token in runs if role in wanted.split(",")]
        # Two runs at a time (SCHEMATHESIS_PARALLEL): a run keeps one core busy with
        # schemathesis itself while the service waits, so on two cores a pair takes little
        # longer than one. The runs that end their token come after every other run.
        parallel = max(1, int(os.environ.get("SCHEMATHESIS_PARALLEL", "2")))
        for only_ending in (False, True):
            batch = [(f"{role}-ending" if only_ending else role, token)
                     for role, token in runs if not (only_ending and token is None)]
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                futures = [pool.submit(schemathesis, service, label, token, only_ending)
                           for label, token in batch]
                for future in futures:
                    result = future.result()
                    results.append(result)
                    report(result)
    finally:
        service.stop()
        if os.environ.get("SCHEMATHESIS_KEEP") != "1" and all(r["ok"] for r in results):
            shutil.rmtree(service.root, ignore_errors=True)
        else:
            print(f"run directory kept: {service.root}")
    passed = sum(1 for r in results if r["ok"])
    failed = len(results) - passed
    total = sum(r["seconds"] for r in results)
    print(f"schemathesis: {len(results)} runs ({total:.0f} s of runs) in "
          f"{time.monotonic() - began:.0f} s with the service's start and arrangement")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and results else 1


if __name__ == "__main__":
    sys.exit(main())

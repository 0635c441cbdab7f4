"""The service under test: the real binary on a free port with a fresh data dir, and the few API
calls the suite needs to arrange accounts (everything a person does goes through the pages)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60


@dataclass
class Account:
    username: str
    password: str
    role: str
    # Base32 TOTP secret, when the service asked this account to enrol a second factor.
    totp_secret: str | None = None
    last_totp_step: int = -1

    def totp_code(self) -> str:
        """A TOTP code never used before by this account (waits for the next 30 s step if the
        current one was already spent: services refuse a replayed code)."""
        assert self.totp_secret, f"{self.role} has no TOTP secret"
        totp = pyotp.TOTP(self.totp_secret)
        step = int(time.time()) // 30
        if step <= self.last_totp_step:
            time.sleep(30 - time.time() % 30 + 0.5)
            step = int(time.time()) // 30
        self.last_totp_step = step
        return totp.now()


@dataclass
class Service:
    binary: Path
    root: Path
    canary: str
    log_lines: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    base_url: str = ""
    admin: Account | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STORYVAULT_")}
        env.update(
            STORYVAULT_ADDR="127.0.0.1:0",
            STORYVAULT_DATA_DIR=str(self.data_dir),
            STORYVAULT_LOG_FORMAT="json",
            STORYVAULT_POLICIES_DIR=str(ROOT / "policies"),
            RUST_LOG="info",
            # SQLite and anything else that spills to disk writes here, so the canary check sees it.
            TMPDIR=str(self.root / "tmp"),
        )
        return env

    # ---- life cycle ---------------------------------------------------------------------

    @classmethod
    def start(cls, binary: Path, canary: str) -> "Service":
        runs = ROOT / "target" / "browser-run"
        runs.mkdir(parents=True, exist_ok=True)
        root = Path(tempfile.mkdtemp(prefix="run-", dir=runs))
        (root / "data").mkdir()
        (root / "tmp").mkdir()
        service = cls(binary=binary, root=root, canary=canary)
        service._create_admin()
        service._serve()
        return service

    def _create_admin(self) -> None:
        password = "beheer-" + secrets.token_hex(8)
        done = subprocess.run(
            [str(self.binary), "create-admin", "--username", "beheerder"],
            input=password + "\n", text=True, capture_output=True, env=self.env(), cwd=self.root,
            timeout=60,
        )
        self.log_lines += (done.stdout + done.stderr).splitlines()
        assert done.returncode == 0, f"create-admin failed: {done.stderr}"
        self.admin = Account("beheerder", password, "admin")

    def _serve(self) -> None:
        self.process = subprocess.Popen(
            [str(self.binary), "serve"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=self.env(), cwd=self.root,
        )
        found = threading.Event()

        def read() -> None:
            assert self.process and self.process.stdout
            for line in self.process.stdout:
                self.log_lines.append(line.rstrip("\n"))
                if not found.is_set() and '"listening"' in line:
                    addr = json.loads(line)["fields"]["addr"]
                    self.base_url = f"http://{addr}"
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(START_TIMEOUT_S):
            self.stop()
            raise AssertionError("serve never logged `listening`:\n" + "\n".join(self.log_lines))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ---- the API, for arranging ----------------------------------------------------------

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
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, raw.decode(errors="replace")

    def token_for(self, account: Account) -> str:
        """Logs in through the API; enrols a TOTP second factor first if the service asks."""
        body = {"username": account.username, "password": account.password}
        if account.totp_secret:
            body["totp"] = account.totp_code()
        status, session = self.api("POST", "/api/v1/sessions", body)
        assert status == 201, f"API login of the {account.role} failed: {status} {session}"
        if not session.get("mfa_enrolment_required"):
            return session["token"]
        enrolling = session["token"]
        status, enrolment = self.api("POST", "/api/v1/account/totp", {}, enrolling)
        assert status == 201, f"TOTP enrolment failed: {status} {enrolment}"
        account.totp_secret = enrolment["secret"]
        status, confirmed = self.api(
            "POST", "/api/v1/account/totp/confirm", {"code": account.totp_code()}, enrolling
        )
        assert status in (200, 201), f"TOTP confirmation failed: {status} {confirmed}"
        return self.token_for(account)

    def create_account(self, role: str) -> Account:
        account = Account(f"{role.replace('_', '')}-{secrets.token_hex(4)}",
                          "wachtwoord-" + secrets.token_hex(8), role)
        assert self.admin is not None
        status, body = self.api(
            "POST", "/api/v1/accounts",
            {"username": account.username, "password": account.password, "role": role},
            self.token_for(self.admin),
        )
        assert status == 201, f"creating a {role} failed: {status} {body}"
        # Enrol a second factor now if the service demands one, so the login page can be given
        # a code.
        self.token_for(account)
        return account

    # ---- what the canary check reads ------------------------------------------------------

    def files_outside_store(self) -> list[Path]:
        """Every file the service wrote, except none: the SQLite store holds content only
        sealed, so the canary must not be in plain text in any file, the store included."""
        return [p for p in self.root.rglob("*") if p.is_file()]

"""A local fake of Stripe's Connect HTTP API, since localstripe has no Connect.

A real ThreadingHTTPServer on 127.0.0.1 speaking Stripe's wire format (form-encoded requests, JSON answers,
Stripe's error shape): POST /v1/accounts, POST /v1/account_links, GET /v1/accounts/<id>, POST /v1/transfers, and
GET /v1/payment_intents/<id> for the intents a test seeds (a transfer's source_transaction is the intent's
charge). POST requests honour the ``Idempotency-Key`` header as Stripe does: the same key with the same
parameters replays the first answer, with other parameters it is refused. Every request is recorded (method,
path, form parameters, headers) so tests assert exactly what Stripe would receive; ``transfers`` holds only the
transfers actually created."""

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass
class StripeConnectFake:
    requests: list[Request] = field(default_factory=list)
    accounts: dict[str, dict] = field(default_factory=dict)
    transfers: dict[str, dict] = field(default_factory=dict)
    payment_intents: dict[str, dict] = field(default_factory=dict)
    # How many transfer answers to lose: the transfer is created, then the connection is dropped unanswered.
    drop_transfer_responses: int = 0
    _idempotent: dict[str, tuple[str, dict, int, dict]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "StripeConnectFake":
        fake = self

        class Handler(_Handler):
            stripe = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "StripeConnectFake":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # What tests arrange.

    def payment_intent_add(self, *, amount: int, charge_id: str | None = None) -> dict:
        """A succeeded PaymentIntent whose latest charge is ``charge_id``."""
        intent_id = f"pi_{secrets.token_hex(8)}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "currency": "eur",
            "status": "succeeded",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(4)}",
            "latest_charge": charge_id or f"ch_{secrets.token_hex(8)}",
        }
        self.payment_intents[intent_id] = intent
        return intent

    def account_complete_onboarding(self, account_id: str) -> None:
        self.accounts[account_id].update(
            payouts_enabled=True,
            charges_enabled=True,
            details_submitted=True,
            capabilities={"transfers": "active"},
        )

    def account_add(self, *, payouts_enabled: bool = True) -> str:
        account = self._account({"email": "commerce@example.test"})
        if payouts_enabled:
            self.account_complete_onboarding(account["id"])
        return account["id"]

    def requests_to(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # The API.

    def handle(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v1/accounts":
            return 200, self._account(params)
        if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "accounts"]:
            account = self.accounts.get(parts[2])
            if account is None:
                return _error(404, f"No such account: '{parts[2]}'", param="account")
            return 200, account
        if method == "POST" and path == "/v1/account_links":
            if params.get("account") not in self.accounts:
                return _error(400, f"No such account: '{params.get('account')}'", param="account")
            for name in ("refresh_url", "return_url", "type"):
                if not params.get(name):
                    return _error(400, f"Missing required param: {name}.", param=name)
            now = int(time.time())
            return 200, {
                "object": "account_link",
                "created": now,
                "expires_at": now + 300,
                "url": f"https://connect.stripe.test/setup/e/{params['account']}/{secrets.token_urlsafe(8)}",
            }
        if method == "POST" and path == "/v1/transfers":
            return self._transfer(params)
        if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "payment_intents"]:
            intent = self.payment_intents.get(parts[2])
            if intent is None:
                return _error(404, f"No such payment_intent: '{parts[2]}'", param="intent")
            return 200, intent
        return _error(404, f"Unrecognized request URL ({method}: {path}).")

    def _account(self, params: dict) -> dict:
        account_id = f"acct_{secrets.token_hex(8)}"
        account = {
            "id": account_id,
            "object": "account",
            "type": params.get("type", "express"),
            "country": params.get("country", "FR"),
            "email": params.get("email"),
            "business_profile": {"name": params.get("business_profile[name]")},
            "capabilities": {"transfers": "inactive"},
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
        }
        self.accounts[account_id] = account
        return account

    def _transfer(self, params: dict) -> tuple[int, dict]:
        for name in ("amount", "currency", "destination"):
            if not params.get(name):
                return _error(400, f"Missing required param: {name}.", param=name)
        if not params["amount"].isdigit() or int(params["amount"]) <= 0:
            return _error(400, "Invalid positive integer", param="amount")
        account = self.accounts.get(params["destination"])
        if account is None:
            return _error(400, f"No such destination: '{params['destination']}'", param="destination")
        if account["capabilities"].get("transfers") != "active":
            return _error(400, "Your destination account needs to have the transfers capability enabled.")
        charges = {intent["latest_charge"] for intent in self.payment_intents.values()}
        source = params.get("source_transaction")
        if source is not None and source not in charges:
            return _error(400, f"No such charge: '{source}'", param="source_transaction")
        transfer_id = f"tr_{secrets.token_hex(8)}"
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": int(params["amount"]),
            "currency": params["currency"],
            "destination": params["destination"],
            "source_transaction": source,
            "transfer_group": params.get("transfer_group"),
            "reversed": False,
            "created": int(time.time()),
        }
        self.transfers[transfer_id] = transfer
        return 200, transfer


def _error(status: int, message: str, *, param: str | None = None) -> tuple[int, dict]:
    error = {"type": "invalid_request_error", "message": message}
    if param:
        error["param"] = param
    return status, {"error": error}


class _Handler(BaseHTTPRequestHandler):
    stripe: StripeConnectFake

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        pass

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = dict(parse_qsl(body if method == "POST" else url.query, keep_blank_values=True))
        headers = {name.lower(): value for name, value in self.headers.items()}
        fake = self.stripe
        with fake._lock:
            fake.requests.append(Request(method, url.path, params, headers))
            key = headers.get("idempotency-key") if method == "POST" else None
            replayed = False
            if key and key in fake._idempotent:
                first_path, first_params, status, payload = fake._idempotent[key]
                if (first_path, first_params) != (url.path, params):
                    status, payload = _error(
                        400,
                        "Keys for idempotent requests can only be used with the same parameters they were first "
                        f"used with. Try using a key other than '{key}' if you meant to execute a different request.",
                    )
                    payload["error"]["type"] = "idempotency_error"
                else:
                    replayed = True
            else:
                status, payload = fake.handle(method, url.path, params)
                if key:
                    fake._idempotent[key] = (url.path, params, status, payload)
            drop = url.path == "/v1/transfers" and status == 200 and fake.drop_transfer_responses > 0
            if drop:
                fake.drop_transfer_responses -= 1
        if drop:
            self.close_connection = True
            return  # the transfer exists; its answer is lost on the way back
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
        if key:
            self.send_header("Idempotency-Key", key)
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(data)

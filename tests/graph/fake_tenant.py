#!/usr/bin/env python3
"""A protocol-faithful stand-in for Microsoft Entra ID sign-in, Microsoft Graph v1.0 and Exchange
Online's admin API, for migready's live tests. Microsoft's cloud cannot be reached from here, so
this server answers the requests migready sends the way the documented services do
(learn.microsoft.com; shapes and error bodies in ../shared/domain/graph-and-exchange-rest.md):

  sign-in   POST /{tenant}/oauth2/v2.0/token       client_credentials with a client secret or a
                                                   JWT client assertion whose signature and
                                                   claims are verified against the test
                                                   certificate (PS256 + x5t#S256, RS256 + x5t);
                                                   device_code and refresh_token grants
            POST /{tenant}/oauth2/v2.0/devicecode
  Graph     GET /v1.0/organization, /v1.0/users ($filter on onPremisesSyncEnabled or
            assignedLicenses/$count, $select honoured, $top 1..999, opaque $skiptoken paging),
            /v1.0/directory/deletedItems/microsoft.graph.user, /v1.0/directory/onPremisesSynchronization
            (403 for app-only tokens, as documented)
            GET /beta/servicePrincipals ($filter on applicationTemplateId eq or
            servicePrincipalNames/any(x:x eq ...), $select, paging), and the Cloud Sync
            configuration's /beta/servicePrincipals/{id}/synchronization/jobs and
            .../jobs/{jobId}/schema (403 without Synchronization.Read.All: fault
            forbid_synchronization), in the shapes Graph documents (synchronizationJob,
            synchronizationSchema)
  Exchange  POST /adminapi/beta/{tenant}/InvokeCommand  Get-MailUser with paging

Each service listens on its own loopback address (login 127.0.0.1, Graph 127.0.0.2, Exchange
127.0.0.3, one port) with a certificate from the test CA. Every request is appended to the
--log file as one JSON line (service, method, path, query, selected headers), which the tests
read to prove what migready sent. Faults are injected from --faults (JSON, see FAULTS below).

usage: fake_tenant.py --dir DIR --snapshot SNAPDIR | --generate N  [--faults JSON] [--page-delay S]
                      [--cloud-sync DOMAIN=SCHEMA.json ...]   a Cloud Sync configuration per domain
Writes DIR/port once listening; DIR/ca.pem, DIR/client-cert.pem, DIR/client-key.pem and
DIR/client-secret are made by tests/graph/make_pki.sh beforehand."""
import argparse, base64, gzip, hashlib, itertools, json, os, secrets, socket, ssl, sys, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit, unquote

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

TENANT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
CLOUD_SYNC_TEMPLATE = "1a4721b3-e57f-4451-ae87-ef078703ec94"
CLIENT_ID = "0a1b2c3d-1111-4222-8333-444455556666"
HOSTS = {"login": "127.0.0.1", "graph": "127.0.0.2", "exchange": "127.0.0.3"}

# FAULTS (--faults '{"...": ...}'):
#   throttle_users_page: N     the Nth users request answers 429 with Retry-After: 1 (once)
#   unavailable_users_page: N  the Nth users request answers 503 without Retry-After (once)
#   truncate_users_page: N     the Nth users request: body cut off mid-way, connection closed (once)
#   malformed_users_page: N    the Nth users request: 200 with a body that is not JSON (once)
#   slow_users_page: N         the Nth users request waits 3 s before answering (once)
#   expire_token_after: N      a Graph token stops working after N Graph requests (401, once)
#   always_throttle: true      every Graph request answers 429 Retry-After: 1
#   forbid_deleted: true       deletedItems answers 403 Authorization_RequestDenied
#   no_gzip: true              never compress
#   device_pending: N          device code polls answer authorization_pending N times
#   exo_page_size: N           InvokeCommand pages hold at most N objects
#   forbid_synchronization: true  .../synchronization/jobs answers 403 (no Synchronization.Read.All)
#   forbid_service_principals: true  /beta/servicePrincipals answers 403 (no Application.Read.All)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Tenant:
    def __init__(self, args):
        self.dir = args.dir
        self.faults = json.loads(args.faults) if args.faults else {}
        self.page_delay = args.page_delay
        self.lock = threading.Lock()
        self.log = open(os.path.join(args.dir, "requests.jsonl"), "a", buffering=1)
        self.tokens = {}  # token -> {"scope", "uses", "app"}
        self.skiptokens = {}
        self.jtis = set()
        self.counters = {}
        self.fired = set()
        self.device = {}
        self.graph_requests = 0
        cert = x509.load_pem_x509_certificate(open(os.path.join(args.dir, "client-cert.pem"), "rb").read())
        self.client_cert = cert
        der = cert.public_bytes(serialization.Encoding.DER)
        self.x5t = b64url(hashlib.sha1(der).digest())
        self.x5t256 = b64url(hashlib.sha256(der).digest())
        self.secret = open(os.path.join(args.dir, "client-secret")).read().strip()
        self.users, self.deleted, self.mail_users, self.org, self.sync = [], [], [], None, None
        self.soft_deleted_mail_users = []
        if args.snapshot:
            self.load_snapshot(args.snapshot)
        else:
            self.generate(args.generate)
        self.service_principals, self.jobs, self.schemas = [], {}, {}
        for spec in args.cloud_sync or []:
            self.add_cloud_sync(*spec.split("=", 1))

    def add_cloud_sync(self, domain, schema_file):
        """One Cloud Sync configuration as the portal creates it for `domain`: a service principal
        from the Cloud Sync application template with its AD2AADProvisioning and
        AD2AADPasswordHash jobs (synchronizationJob, v1.0/beta shape), and the provisioning job's
        schema as GET .../schema returns it."""
        n = len(self.service_principals) + 1
        sp = str(uuid.UUID(int=0x5000 + n))
        app = str(uuid.UUID(int=0x6000 + n))
        self.service_principals.append({
            "id": sp, "appId": app, "displayName": domain, "applicationTemplateId": CLOUD_SYNC_TEMPLATE,
            "servicePrincipalNames": [app, CLOUD_SYNC_TEMPLATE], "accountEnabled": True})
        netbios = domain.split(".")[0].upper()
        settings = [{"name": "Domain", "value": json.dumps({"DomainFQDN": domain, "DomainNetBios": netbios,
                                                           "ForestFQDN": domain, "ForestNetBios": netbios})},
                    {"name": "DomainFQDN", "value": domain}, {"name": "DomainNetBios", "value": netbios},
                    {"name": "ForestFQDN", "value": domain}, {"name": "ForestNetBios", "value": netbios},
                    {"name": "QuarantineTooManyDeletesThreshold", "value": "500"}]
        def job(template, interval):
            jid = f"{template}.{uuid.UUID(int=0x7000 + n).hex}.{uuid.UUID(int=0x8000 + n)}"
            return {"id": jid, "templateId": template,
                    "schedule": {"expiration": None, "interval": interval, "state": "Active"},
                    "status": {"code": "Active", "countSuccessiveCompleteFailures": 0, "escrowsPruned": False,
                               "lastExecution": {"activityIdentifier": str(uuid.uuid4()), "countEntitled": 0,
                                                 "state": "Succeeded", "timeBegan": "2026-11-26T08:58:00Z",
                                                 "timeEnded": "2026-11-26T08:58:40Z"},
                               "lastSuccessfulExecution": {"state": "Succeeded", "timeEnded": "2026-11-26T08:58:40Z"},
                               "quarantine": None, "steadyStateFirstAchievedTime": "2026-01-05T10:00:00Z",
                               "synchronizedEntryCountByType": [{"key": "user to User", "value": 42}]},
                    "synchronizationJobSettings": settings}
        provisioning, phs = job("AD2AADProvisioning", "PT2M"), job("AD2AADPasswordHash", "PT2M")
        self.jobs[sp] = [provisioning, phs]
        schema = json.load(open(schema_file, encoding="utf-8-sig"))
        self.schemas[(sp, provisioning["id"])] = {"id": provisioning["id"], "provisioningTaskIdentifier": provisioning["id"],
                                                  **{k: v for k, v in schema.items() if k not in ("id", "provisioningTaskIdentifier")}}

    def load_snapshot(self, snap):
        def values(folder):
            out = []
            path = os.path.join(snap, folder)
            if os.path.isdir(path):
                for name in sorted(os.listdir(path)):
                    out += json.load(open(os.path.join(path, name), encoding="utf-8-sig"))["value"]
            return out
        self.users = values("users")
        self.deleted = values("deletedUsers")
        self.mail_users = values(os.path.join("exchange", "mailUsers"))
        self.soft_deleted_mail_users = values(os.path.join("exchange", "softDeletedMailUsers"))
        org = json.load(open(os.path.join(snap, "organization.json"), encoding="utf-8-sig"))
        self.org = org["value"][0] if "value" in org else org
        sync = os.path.join(snap, "onPremisesSynchronization.json")
        self.sync = json.load(open(sync, encoding="utf-8-sig")) if os.path.exists(sync) else None

    def generate(self, n):
        self.org = {"id": TENANT, "displayName": "Bench Tenant", "onPremisesSyncEnabled": True,
                    "onPremisesLastSyncDateTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        plan = [{"assignedDateTime": "2026-10-01T08:00:00Z", "capabilityStatus": "Enabled",
                 "service": "exchange", "servicePlanId": "9aaf7827-d63c-4b61-89c3-182f06f82e5c"}]
        for i in range(n):
            u = str(uuid.UUID(int=i + 1))
            self.users.append({"id": u, "userPrincipalName": f"user{i:07d}@contoso.com",
                               "displayName": f"User {i:07d}", "mail": f"user{i:07d}@contoso.com",
                               "accountEnabled": True, "onPremisesSyncEnabled": True,
                               "onPremisesImmutableId": b64url(uuid.UUID(int=i + 7).bytes_le) + "==",
                               "onPremisesSecurityIdentifier": None, "onPremisesDistinguishedName": None,
                               "onPremisesLastSyncDateTime": "2026-11-25T03:12:44Z",
                               "assignedPlans": plan, "onPremisesProvisioningErrors": [], "provisionedPlans": [
                                   {"capabilityStatus": "Enabled", "provisioningStatus": "Success", "service": "exchange"}]})

    # -- bookkeeping ------------------------------------------------------------------------
    def once(self, fault, counter):
        """True when fault `fault` is set to the current value of `counter` and has not fired."""
        n = self.faults.get(fault)
        if n is None or fault in self.fired or self.counters.get(counter) != n:
            return False
        self.fired.add(fault)
        return True

    def count(self, name):
        with self.lock:
            self.counters[name] = self.counters.get(name, 0) + 1
            return self.counters[name]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-tenant/1"

    def log_message(self, *args):
        pass

    @property
    def tenant(self):
        return self.server.tenant

    def record(self, body):
        t = self.tenant
        entry = {"service": self.server.service, "method": self.command, "path": urlsplit(self.path).path,
                 "query": urlsplit(self.path).query, "host": self.headers.get("Host"),
                 "client-request-id": self.headers.get("client-request-id"),
                 "accept-encoding": self.headers.get("Accept-Encoding"),
                 "x-cmdletname": self.headers.get("X-CmdletName"),
                 "consistencylevel": self.headers.get("ConsistencyLevel"),
                 "authorization": "Bearer" if (self.headers.get("Authorization") or "").startswith("Bearer ") else None}
        if self.command == "POST" and self.server.service == "exchange":
            entry["body"] = body.decode("utf-8", "replace")
        with t.lock:
            t.log.write(json.dumps(entry) + "\n")

    def send_json(self, status, obj, extra=None, raw=None):
        body = raw if raw is not None else json.dumps(obj).encode()
        rid = str(uuid.uuid4())
        self.send_response(status)
        self.send_header("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
        self.send_header("request-id", rid)
        self.send_header("client-request-id", self.headers.get("client-request-id") or rid)
        self.send_header("x-ms-ags-diagnostic", json.dumps({"ServerInfo": {"DataCenter": "Loopback", "Slice": "E", "Ring": "0"}}))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and not self.tenant.faults.get("no_gzip"):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def graph_error(self, status, code, message, extra=None):
        self.send_json(status, {"error": {"code": code, "message": message, "innerError": {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "request-id": str(uuid.uuid4()),
            "client-request-id": self.headers.get("client-request-id")}}}, extra)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    # -- dispatch -------------------------------------------------------------------------------
    def do_GET(self):
        self.read_body()
        self.record(b"")
        if self.server.service != "graph":
            return self.graph_error(405, "MethodNotAllowed", "GET is not served here")
        self.graph_get()

    def do_POST(self):
        body = self.read_body()
        self.record(body)
        if self.server.service == "login":
            return self.token(body)
        if self.server.service == "exchange":
            return self.invoke(body)
        self.graph_error(405, "MethodNotAllowed", "Graph is read with GET here")

    def do_other(self):
        self.read_body()
        self.record(b"")
        self.graph_error(405, "MethodNotAllowed", f"{self.command} is not allowed")

    do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_other

    # -- sign-in ----------------------------------------------------------------------------------
    def token_error(self, status, error, description, code=700016):
        self.send_json(status, {"error": error, "error_description": f"AADSTS{code}: {description}\r\nTrace ID: {uuid.uuid4()}",
                                "error_codes": [code], "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ"),
                                "trace_id": str(uuid.uuid4()), "correlation_id": str(uuid.uuid4())})

    def issue(self, scope, app=True):
        t = self.tenant
        tok = "tok-" + secrets.token_hex(12)
        with t.lock:
            t.tokens[tok] = {"scope": scope, "uses": 0, "app": app}
        self.send_json(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": tok,
                             **({} if app else {"refresh_token": "rt-" + secrets.token_hex(12)})})

    def verify_assertion(self, jwt, token_url):
        t = self.tenant
        try:
            h64, c64, s64 = jwt.split(".")
            header, claims = json.loads(b64url_decode(h64)), json.loads(b64url_decode(c64))
            signature = b64url_decode(s64)
        except Exception as e:
            return f"malformed client assertion: {e}"
        key = t.client_cert.public_key()
        try:
            if header.get("alg") == "PS256":
                if header.get("x5t#S256") != t.x5t256:
                    return "x5t#S256 does not match the registered certificate"
                key.verify(signature, f"{h64}.{c64}".encode(), padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
            elif header.get("alg") == "RS256":
                if header.get("x5t") != t.x5t:
                    return "x5t does not match the registered certificate"
                key.verify(signature, f"{h64}.{c64}".encode(), padding.PKCS1v15(), hashes.SHA256())
            else:
                return f"unsupported alg {header.get('alg')}"
        except InvalidSignature:
            return "the client assertion's signature does not verify"
        now = time.time()
        if claims.get("aud") != token_url:
            return f"aud {claims.get('aud')} is not {token_url}"
        if claims.get("iss") != CLIENT_ID or claims.get("sub") != CLIENT_ID:
            return "iss/sub are not the client id"
        if not (claims.get("nbf", 0) <= now + 300 and claims.get("exp", 0) > now and claims["exp"] - claims["nbf"] <= 600):
            return "nbf/exp out of range"
        with t.lock:
            if not claims.get("jti") or claims["jti"] in t.jtis:
                return "jti missing or replayed"
            t.jtis.add(claims["jti"])
        return None

    def token(self, body):
        t = self.tenant
        parts = urlsplit(self.path).path.strip("/").split("/")
        if len(parts) != 4 or parts[1:3] != ["oauth2", "v2.0"]:
            return self.token_error(404, "invalid_request", "unknown endpoint", 900561)
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if self.headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
            return self.token_error(400, "invalid_request", "form body expected", 900144)
        if form.get("client_id") != CLIENT_ID:
            return self.token_error(400, "unauthorized_client", "Application not found in the directory", 700016)
        host = f"https://{HOSTS['login']}:{self.server.server_address[1]}"
        if parts[3] == "devicecode":
            code = "dc-" + secrets.token_hex(8)
            with t.lock:
                t.device[code] = t.faults.get("device_pending", 1)
            return self.send_json(200, {"device_code": code, "user_code": "FAKE-1234", "verification_uri": "https://microsoft.com/devicelogin",
                                        "expires_in": 60, "interval": 1,
                                        "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-1234 to authenticate."})
        grant = form.get("grant_type")
        scope = form.get("scope", "")
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            with t.lock:
                left = t.device.get(form.get("device_code"))
                if left is None:
                    return self.token_error(400, "expired_token", "device code unknown or expired", 70019)
                if left > 0:
                    t.device[form["device_code"]] = left - 1
                    return self.token_error(400, "authorization_pending", "waiting for the user", 70016)
            return self.issue(f"https://{HOSTS['graph']}:{self.server.server_address[1]}/.default", app=False)
        if grant == "refresh_token":
            return self.issue(scope, app=False)
        if grant != "client_credentials":
            return self.token_error(400, "unsupported_grant_type", f"grant {grant}", 70003)
        if not scope.endswith("/.default"):
            return self.token_error(400, "invalid_scope", f"The scope {scope} is not valid.", 70011)
        if "client_assertion" in form:
            if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
                return self.token_error(400, "invalid_request", "client_assertion_type", 90018)
            problem = self.verify_assertion(form["client_assertion"], f"{host}/{parts[0]}/oauth2/v2.0/token")
            if problem:
                return self.token_error(401, "invalid_client", f"Client assertion failed: {problem}", 700027)
        elif form.get("client_secret") != t.secret:
            return self.token_error(401, "invalid_client", "Invalid client secret provided.", 7000215)
        self.issue(scope)

    def bearer(self, audience):
        t = self.tenant
        auth = self.headers.get("Authorization") or ""
        tok = auth[7:] if auth.startswith("Bearer ") else None
        with t.lock:
            info = t.tokens.get(tok)
            if not info or not info["scope"].startswith(audience):
                return None
            info["uses"] += 1
            limit = t.faults.get("expire_token_after")
            if limit and info["uses"] > limit and "expired" not in t.fired:
                t.fired.add("expired")
                del t.tokens[tok]
                return None
            return info

    # -- Graph ------------------------------------------------------------------------------------
    def graph_get(self):
        t = self.tenant
        port = self.server.server_address[1]
        info = self.bearer(f"https://{HOSTS['graph']}:{port}")
        if info is None:
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.",
                                    {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if t.faults.get("always_throttle"):
            return self.graph_error(429, "TooManyRequests", "Too many requests", {"Retry-After": "1"})
        if t.page_delay:
            time.sleep(t.page_delay)
        url = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        path = url.path
        base = f"https://{HOSTS['graph']}:{port}"
        if path == "/v1.0/organization":
            return self.send_json(200, {"@odata.context": f"{base}/v1.0/$metadata#organization", "value": [select(t.org, q)]})
        if path == "/v1.0/directory/onPremisesSynchronization":
            if info["app"] or t.sync is None:
                return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
            return self.send_json(200, t.sync)
        if path == "/v1.0/users":
            n = t.count("users")
            if t.once("throttle_users_page", "users"):
                return self.graph_error(429, "TooManyRequests", "Too many requests", {"Retry-After": "1"})
            if t.once("unavailable_users_page", "users"):
                return self.graph_error(503, "ServiceUnavailable", "Service unavailable")
            if t.once("slow_users_page", "users"):
                time.sleep(3)
            flt = q.get("$filter", "")
            if flt == "onPremisesSyncEnabled eq true":
                rows = [u for u in t.users if u.get("onPremisesSyncEnabled") is True]
            elif flt == "assignedLicenses/$count ne 0":
                if self.headers.get("ConsistencyLevel") != "eventual" or q.get("$count") != "true":
                    return self.graph_error(400, "Request_UnsupportedQuery",
                                            "Unsupported or invalid query filter clause specified for property 'assignedLicenses' of resource 'User'.")
                rows = [u for u in t.users if u.get("assignedPlans")]
            elif flt == "":
                rows = t.users
            else:
                return self.graph_error(400, "Request_UnsupportedQuery", f"Unsupported query filter {flt}")
            if t.once("truncate_users_page", "users"):
                body = json.dumps(self.page(rows, q, base, path)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if t.once("malformed_users_page", "users"):
                return self.send_json(200, None, raw=b'{"value": [ {"id": "broken", ')
            return self.send_json(200, self.page(rows, q, base, path))
        if path == "/v1.0/directory/deletedItems/microsoft.graph.user":
            if t.faults.get("forbid_deleted"):
                return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
            return self.send_json(200, self.page(t.deleted, q, base, path))
        if path.startswith("/v1.0/directory/deletedItems"):
            return self.graph_error(400, "Request_BadRequest", "The OData cast type is required.")
        if path.startswith("/beta/servicePrincipals"):
            return self.service_principals_get(path, q, base)
        return self.graph_error(404, "Request_ResourceNotFound", f"Resource {path} does not exist.")

    def service_principals_get(self, path, q, base):
        """GET /beta/servicePrincipals (filtered, paged) and a configuration's synchronization
        jobs and job schemas, as Microsoft Graph beta answers them."""
        t = self.tenant
        parts = path.strip("/").split("/")
        denied = "Insufficient privileges to complete the operation."
        if len(parts) == 2:
            if t.faults.get("forbid_service_principals"):
                return self.graph_error(403, "Authorization_RequestDenied", denied)
            flt = q.get("$filter", "")
            if flt == f"applicationTemplateId eq '{CLOUD_SYNC_TEMPLATE}'":
                rows = [s for s in t.service_principals if s.get("applicationTemplateId") == CLOUD_SYNC_TEMPLATE]
            elif flt == f"servicePrincipalNames/any(x:x eq '{CLOUD_SYNC_TEMPLATE}')":
                rows = [s for s in t.service_principals if CLOUD_SYNC_TEMPLATE in s.get("servicePrincipalNames", [])]
            elif flt == "":
                rows = t.service_principals
            else:
                return self.graph_error(400, "Request_UnsupportedQuery", f"Unsupported query filter {flt}")
            out = self.page(rows, q, base, path)
            out["@odata.context"] = f"{base}/beta/$metadata#servicePrincipals"
            return self.send_json(200, out)
        sp = parts[2]
        if sp not in t.jobs:
            return self.graph_error(404, "Request_ResourceNotFound",
                                    f"Resource '{sp}' does not exist or one of its queried reference-property objects are not present.")
        if len(parts) >= 5 and parts[3:5] == ["synchronization", "jobs"]:
            if t.faults.get("forbid_synchronization"):
                return self.graph_error(403, "Authorization_RequestDenied", denied)
            if len(parts) == 5:
                return self.send_json(200, {"@odata.context": f"{base}/beta/$metadata#servicePrincipals('{sp}')/synchronization/jobs",
                                            "value": t.jobs[sp]})
            job = parts[5]
            if len(parts) == 7 and parts[6] == "schema" and (sp, job) in t.schemas:
                return self.send_json(200, {"@odata.context": f"{base}/beta/$metadata#servicePrincipals('{sp}')/synchronization/jobs('{job}')/schema/$entity",
                                            **t.schemas[(sp, job)]})
            if len(parts) == 6 and any(j["id"] == job for j in t.jobs[sp]):
                return self.send_json(200, next(j for j in t.jobs[sp] if j["id"] == job))
        return self.graph_error(404, "Request_ResourceNotFound", f"Resource {path} does not exist.")

    def page(self, rows, q, base, path):
        """One page of `rows` for query `q`: $top 1..999 (default 100), an opaque $skiptoken."""
        t = self.tenant
        top = int(q.get("$top", "100"))
        if not 1 <= top <= 999:
            raise ValueError("bad $top")
        offset = 0
        if "$skiptoken" in q:
            offset = t.skiptokens[q["$skiptoken"]]
        chunk = [select(r, q) for r in rows[offset: offset + top]]
        out = {"@odata.context": f"{base}/v1.0/$metadata#users", "value": chunk}
        if offset + top < len(rows):
            token = "RFNwdAIAAQAAAB" + secrets.token_urlsafe(24)
            with t.lock:
                t.skiptokens[token] = offset + top
            params = "&".join(f"{k}={v}".replace(" ", "%20") for k, v in q.items() if k != "$skiptoken")
            out["@odata.nextLink"] = f"{base}{path}?{params}&$skiptoken={token}"
        return out

    # -- Exchange Online admin API ------------------------------------------------------------
    def invoke(self, body):
        t = self.tenant
        port = self.server.server_address[1]
        parts = urlsplit(self.path).path.strip("/").split("/")
        if len(parts) != 4 or parts[0].lower() != "adminapi" or parts[3] != "InvokeCommand":
            return self.graph_error(404, "NotFound", "unknown endpoint")
        if self.bearer(f"https://{HOSTS['exchange']}:{port}") is None:
            return self.graph_error(401, "InvalidAuthenticationToken", "token")
        try:
            cmdlet_input = json.loads(body)["CmdletInput"]
            cmdlet = cmdlet_input["CmdletName"]
            parameters = cmdlet_input.get("Parameters", {})
        except Exception:
            return self.graph_error(400, "BadRequest", "CmdletInput expected")
        # Get-MailUser -SoftDeletedMailUser: the MailUsers of users in the recycle bin.
        source = t.soft_deleted_mail_users if parameters.get("SoftDeletedMailUser") is True else t.mail_users
        if cmdlet != "Get-MailUser" or self.headers.get("X-CmdletName") != cmdlet:
            return self.graph_error(400, "BadRequest", f"cmdlet {cmdlet} not served")
        q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        size = int((self.headers.get("Prefer") or "odata.maxpagesize=100").split("=")[1])
        size = min(size, t.faults.get("exo_page_size", size))
        offset = t.skiptokens.get(q.get("$skiptoken"), 0)
        fields = q.get("$select", "").split(",") if q.get("$select") else None
        rows = [{k: v for k, v in m.items() if fields is None or k in fields} for m in source[offset: offset + size]]
        base = f"https://{HOSTS['exchange']}:{port}/adminapi/beta/{parts[2]}/InvokeCommand"
        out = {"@odata.context": f"{base}/$metadata#Collection(Exchange.GenericHashTable)", "value": rows,
               "@adminapi.warnings": []}
        if offset + size < len(source):
            token = secrets.token_urlsafe(16)
            with t.lock:
                t.skiptokens[token] = offset + size
            out["@odata.nextLink"] = f"{base}?$select={q.get('$select', '')}&$skiptoken={token}"
        self.send_json(200, out)


def select(obj, q):
    if "$select" not in q:
        return obj
    fields = q["$select"].split(",")
    # Graph answers an empty collection as [], never null (onPremisesProvisioningErrors).
    return {k: obj.get(k, [] if k == "onPremisesProvisioningErrors" else None) for k in fields}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--snapshot")
    p.add_argument("--generate", type=int, default=0)
    p.add_argument("--faults")
    p.add_argument("--page-delay", type=float, default=0)
    p.add_argument("--cloud-sync", action="append", help="DOMAIN=SCHEMA.json: a Cloud Sync configuration")
    args = p.parse_args()
    tenant = Tenant(args)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(args.dir, "server-cert.pem"), os.path.join(args.dir, "server-key.pem"))
    port = 0
    servers = []
    for service, host in HOSTS.items():
        s = ThreadingHTTPServer((host, port), Handler)
        s.daemon_threads = True
        port = s.server_address[1]
        s.socket = context.wrap_socket(s.socket, server_side=True)
        s.service, s.tenant = service, tenant
        servers.append(s)
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    threading.Event().wait()


if __name__ == "__main__":
    main()

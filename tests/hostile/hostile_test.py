#!/usr/bin/env python3
"""migready against servers that misbehave on purpose (tests/hostile/hostile_ldap.py, a raw-BER
LDAP server over TLS, and tests/hostile/hostile_https.py in the place of Entra ID and Graph),
one misbehaviour at a time. Every case must end within its bound, with a verdict other than
READY (unless the data is sound), an error that names what happened, peak memory under 512 MiB,
no sanitizer report (the ASan+UBSan build runs this too), and no password, secret or token sent
to an origin that was not named.

usage: hostile_test.py MIGREADY_BINARY PROJECT_ROOT [measured|unmeasured]
(unmeasured: a sanitizer build, whose memory figures say nothing about migready's own.)"""
import json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time

BIN, ROOT = sys.argv[1], sys.argv[2]
MEASURED = (sys.argv[3] if len(sys.argv) > 3 else "measured") == "measured"
HERE = os.path.join(ROOT, "tests", "hostile")
WORK = tempfile.mkdtemp(prefix="migready-hostile-")
MAX_RSS_MIB = 512  # for any single hostile answer (issue 17)
# A server that never stops sending users is not one answer: memory grows with the users read
# and the findings about them (each user here is a mailbox with a non-routable UPN suffix: AD001,
# DIR002, ...) until the time or entry cap stops the read. At most this much per object held, an
# account or a finding (a finding holds its message, remediation and evidence: about 1 KiB here),
# so a check that adds a finding per user adds its finding's share and no more.
MAX_BYTES_PER_OBJECT = 1536
# ... on top of what any scan holds before its first entry (the program, its libraries, the TLS
# session, the report's buffers): on a slow machine few entries arrive before the time cap, and
# the fixed part must not count as theirs.
BASE_RSS_MIB = 48
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


def start(script, mode, cert="good", extra=()):
    d = tempfile.mkdtemp(dir=WORK, prefix=f"{mode}-")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, script), "--dir", d, "--mode", mode,
                             "--cert", os.path.join(WORK, cert + ".pem"), "--key", os.path.join(WORK, cert + ".key"),
                             *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if os.path.exists(os.path.join(d, "port")):
            break
        time.sleep(0.05)
    port = int(open(os.path.join(d, "port")).read())
    return proc, d, port


# Runs a command and writes its exit status and peak RSS (KiB) to the file named first. The
# command is forked from this small, fresh process: Linux carries a process's peak RSS across
# fork and exec into ru_maxrss, so measured straight from this harness it would report the
# harness's own peak.
MEASURE = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run(args, limit):
    """Runs migready: exit code, seconds, peak RSS of migready itself (MiB), stderr, and the
    JSON report."""
    report = os.path.join(WORK, "report.json")
    measured = os.path.join(WORK, "measured")
    for f in (report, measured):
        if os.path.exists(f):
            os.remove(f)
    errfile = os.path.join(WORK, "stderr")
    # Its own temporary folder, which must be empty again when it ends, whatever happened.
    tmp = os.path.join(WORK, "tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    os.mkdir(tmp)
    t = time.time()
    with open(errfile, "wb") as err, open(os.devnull, "wb") as out:
        p = subprocess.Popen([sys.executable, "-c", MEASURE, measured, BIN, "scan", "-q", "--report",
                              "json=" + report, *args], stdout=out, stderr=err, start_new_session=True,
                             env=dict(os.environ, TMPDIR=tmp))
        try:
            p.wait(timeout=limit + 30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
    seconds = time.time() - t
    code, rss = (int(v) for v in open(measured).read().split()) if os.path.exists(measured) else (None, 0)
    r = json.load(open(report)) if os.path.exists(report) else None
    left = [os.path.join(d, f) for d, _, files in os.walk(tmp) for f in files]
    check(not left, f"{args}: temporary files left behind: {left[:5]}")
    return code, seconds, rss // 1024, open(errfile, errors="replace").read(), r


def judge(name, outcome, limit, verdicts=("NOT_READY", "INCOMPLETE"), status=None, says=None,
          per_entry=False):
    code, seconds, rss, err, r = outcome
    check(code is not None, f"{name}: migready did not end within {limit + 30} s")
    check(seconds <= limit, f"{name}: took {seconds:.1f} s, over its bound of {limit} s")
    check(not re.search(r"AddressSanitizer|runtime error:|LeakSanitizer", err),
          f"{name}: sanitizer report: {err[:800]}")
    check(code in (1, 3), f"{name}: exit {code}, expected 1 (NOT_READY) or 3 (INCOMPLETE); {err[:300]}")
    if MEASURED and not per_entry:
        check(rss < MAX_RSS_MIB, f"{name}: peak RSS {rss} MiB")
    if r is None:
        check(False, f"{name}: no report written; {err[:300]}")
        return
    check(r["verdict"] in verdicts, f"{name}: verdict {r['verdict']}")
    source = r["sources"]["ad"] if r["sources"]["ad"]["status"] != "not_provided" else r["sources"]["graph"]
    if status:
        check(source["status"] in status, f"{name}: source {source['status']}, expected {status}")
    text = source["detail"] + " " + " ".join(source.get("errors") or [])
    if says:
        check(re.search(says, text) is not None, f"{name}: /{says}/ not in {text[:500]}")
    if MEASURED and per_entry:
        entries = max(1, r["sources"]["ad"]["objects"])
        objects = entries + len(r["findings"])
        check((rss - BASE_RSS_MIB) * 1048576 / objects <= MAX_BYTES_PER_OBJECT,
              f"{name}: peak RSS {rss} MiB for {entries} entries read and {len(r['findings'])} "
              f"findings ({BASE_RSS_MIB} MiB of it allowed for the program itself)")
    print(f"ok  {name}: exit {code}, {seconds:.1f} s, peak {rss} MiB, {r['verdict']}, "
          f"{source['status']}", flush=True)


def ldap_case(mode, says, limit=30, status=("partial", "failed"), cert="good", args=(), base=True,
              verdicts=("NOT_READY", "INCOMPLETE"), per_entry=False):
    proc, d, port = start("hostile_ldap.py", mode, cert, ["--address", "127.0.0.1", "--address", "127.0.0.2"])
    try:
        pw = os.path.join(d, "pw")
        open(pw, "w").write("Hostile!Pass1\n")
        outcome = run(["--ldap-url", f"ldaps://127.0.0.1:{port}", "--tls-ca", os.path.join(WORK, "ca.pem"),
                       "--bind-dn", "cn=svc", "--bind-password-file", pw, "--ldap-filter", "(objectClass=user)",
                       "--scope", "ad", *(["--ldap-base", "DC=hostile,DC=test"] if base else []), *args], limit)
        judge(f"ldap {mode}{' (' + cert + ')' if cert != 'good' else ''}", outcome, limit,
              verdicts=verdicts, status=status, says=says, per_entry=per_entry)
        log = [json.loads(l) for l in open(os.path.join(d, "ldap.jsonl"))] if os.path.exists(os.path.join(d, "ldap.jsonl")) else []
        return log
    finally:
        proc.kill()


def https_case(mode, says, limit=30, cert="good", args=(), status=("failed", "partial")):
    proc, d, port = start("hostile_https.py", mode, cert)
    try:
        secret = os.path.join(d, "secret")
        open(secret, "w").write("Hostile-Secret-1\n")
        origin = f"https://127.0.0.1:{port}"
        outcome = run(["--tenant", "t", "--client-id", "c", "--client-secret-file", secret,
                       "--login-url", origin, "--graph-url", origin, "--tls-ca", os.path.join(WORK, "ca.pem"),
                       "--scope", "graph", *[a.replace("ORIGIN", origin) for a in args]], limit)
        judge(f"https {mode}{' (' + cert + ')' if cert != 'good' else ''}", outcome, limit, status=status, says=says)
        log = [json.loads(l) for l in open(os.path.join(d, "https.jsonl"))] if os.path.exists(os.path.join(d, "https.jsonl")) else []
        check(not any(e["listener"] == "other" for e in log), f"https {mode}: a request reached another origin")
        return log
    finally:
        proc.kill()


def main():
    subprocess.run([sys.executable, os.path.join(HERE, "make_certs.py"), WORK], check=True)
    # --- LDAP: memory safety, unreadable data, loops, limits, sizes, errors in words
    ldap_case("bad-guid", r"CN=User 2,OU=Staff,DC=hostile,DC=test: objectGUID is 3 bytes; a GUID is 16")
    ldap_case("bad-uac", r"CN=User 2.*userAccountControl is not an integer")
    ldap_case("bad-dn", r"\"this is not a DN\" is not a valid DN")
    ldap_case("empty-dn", r"an entry without a DN")
    ldap_case("nul-string", r"sAMAccountName holds a NUL byte")
    ldap_case("bad-utf8", r"displayName is not valid UTF-8")
    ldap_case("big-value", r"a value of displayName is 2097152 bytes, over the 1048576")
    ldap_case("huge-message", r"larger than the 67108864 bytes one message may have")
    ldap_case("dup-dn", r"CN=User 1,OU=Staff,DC=hostile,DC=test was read twice with different values")
    ldap_case("dup-guid", r"objectGUID 00000000-0000-0000-0000-000000000001 is on two entries")
    ldap_case("same-page", r"a page the server sent before")
    ldap_case("empty-pages", r"3 pages in a row with no entry that still offer more")
    ldap_case("range-repeat", r"does not go on from there")
    ldap_case("range-endless", r"more than 1000 ranged reads")
    ldap_case("endless", r"the time allowed for the whole AD read ran out", limit=15, args=["--ldap-max-time", "3"],
              per_entry=True)
    ldap_case("drip", r"the time allowed for the whole AD read ran out", limit=10, args=["--ldap-max-time", "4"])
    ldap_case("garbage", r"larger than the 67108864 bytes")
    ldap_case("garbage-text", r"not valid LDAP \(malformed BER\)")
    ldap_case("time-limit", r"stopped the search at its own time limit")
    for cert, words in [("expired", "certificate has expired"), ("otherhost", "does not name the host"),
                        ("notyet", "not valid yet"), ("selfsigned", "issued by a CA this machine does not trust")]:
        ldap_case("normal", words, cert=cert, status=("failed",))
    # Credentials: the password goes only where it was sent.
    log = ldap_case("crossref", r"DC=other,DC=test \(127\.0\.0\.2\) was not read.*--ldap-bind-discovered-dcs",
                    base=False, status=("partial",))
    check(not any(e["address"] == "127.0.0.2" for e in log), "crossref: a connection to a discovered DC without the opt-in")
    check([e["address"] for e in log if e["event"] == "bind"] == ["127.0.0.1"], f"crossref: binds {log}")
    log = ldap_case("crossref", r"bind sent to ldaps://127\.0\.0\.1:\d+, ldaps://127\.0\.0\.2:\d+", base=False,
                    status=("complete",), args=["--ldap-bind-discovered-dcs"])
    check(any(e["address"] == "127.0.0.2" and e["event"] == "bind" for e in log), "crossref: the opt-in binds to the discovered DC")
    # Domain controllers are read one domain at a time: never more than the first server's
    # connection and one other open at once, however many domains the forest lists. The server
    # logs a close when its thread sees the connection end, which may come just after the next
    # connect: one more than that is the race, 201 would be the fault.
    log = ldap_case("crossref-many", r"", base=False, status=("complete", "partial"),
                    args=["--ldap-bind-discovered-dcs"])
    open_now = peak = 0
    for e in log:
        open_now += {"connect": 1, "close": -1}.get(e["event"], 0)
        peak = max(peak, open_now)
    check(sum(e["event"] == "connect" for e in log) > 200, f"crossref-many: {len(log)} events")
    check(peak <= 3, f"crossref-many: {peak} connections open at once")
    print(f"ok  crossref-many: at most {peak} connections open at once", flush=True)
    # --- HTTPS: loops, sizes, time, numbers, tokens, credentials, TLS
    https_case("next-self", r"points to a page this series already read")
    https_case("next-cycle", r"points to a page this series already read")
    https_case("next-other-port", r"refused by migready's read-only policy: GET https://127\.0\.0\.1:\d+/v1\.0/users")
    https_case("exo-next-self", r"exchange/mailUsers: @odata.nextLink .* points to a page this series already read",
               args=["--exchange-online", "--exchange-url", "ORIGIN"])
    https_case("gzip-bomb", r"the answer inflates to more than 67108864 bytes", limit=20)
    https_case("huge-body", r"the answer is larger than 67108864 bytes", limit=20)
    https_case("dup-keys", r"duplicate key \"value\"", limit=20, args=["--graph-max-wait", "15"])
    https_case("silent", r"no complete answer within 2 s", limit=10, args=["--graph-timeout", "2", "--graph-max-wait", "6"])
    https_case("retry-after-huge", r"sign-in to .* failed")
    https_case("retry-after-date", r"Retry-After 86400 s, over the 120 s this scan waits")
    https_case("token-huge", r"the token answer is unusable: the access token is 1048576 bytes")
    https_case("token-bad-chars", r"the token answer is unusable: the access token holds characters")
    # Interrupted while a server keeps it waiting: exit 130, its temporary pages removed.
    for sig, expected in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        proc, d, port = start("hostile_https.py", "slow-users")
        try:
            secret = os.path.join(d, "secret")
            open(secret, "w").write("s\n")
            origin = f"https://127.0.0.1:{port}"
            tmp = os.path.join(WORK, "tmp-signal")
            shutil.rmtree(tmp, ignore_errors=True)
            os.mkdir(tmp)
            p = subprocess.Popen([BIN, "scan", "-q", "--report", "json=" + os.path.join(WORK, "r.json"),
                                  "--tenant", "t", "--client-id", "c", "--client-secret-file", secret,
                                  "--login-url", origin, "--graph-url", origin, "--tls-ca",
                                  os.path.join(WORK, "ca.pem"), "--scope", "graph"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=tmp))
            for _ in range(100):  # until the first page is saved
                if any(files for _, _, files in os.walk(tmp)):
                    break
                time.sleep(0.05)
            saved = [f for _, _, files in os.walk(tmp) for f in files]
            p.send_signal(sig)
            code = p.wait(timeout=20)
            left = [f for _, _, files in os.walk(tmp) for f in files] + os.listdir(tmp)
            check(saved, f"{sig.name}: no page was saved before the signal")
            check(code == expected, f"{sig.name} during a live read: exit {code}")
            check(not left, f"{sig.name} during a live read: left behind {left}")
            check(not os.path.exists(os.path.join(WORK, "r.json")), f"{sig.name}: a report was written")
            print(f"ok  {sig.name} during a live read: exit {code}, {len(saved)} page(s) saved, none left", flush=True)
        finally:
            proc.kill()
    # A token "valid" for 292 billion years, or already 292 billion years stale: clamped, no
    # overflow; the data is sound, so READY is right here.
    for mode in ("expires-huge", "expires-negative"):
        proc, d, port = start("hostile_https.py", mode)
        try:
            secret = os.path.join(d, "secret")
            open(secret, "w").write("s\n")
            origin = f"https://127.0.0.1:{port}"
            code, seconds, rss, err, r = run(["--tenant", "t", "--client-id", "c", "--client-secret-file", secret,
                                              "--login-url", origin, "--graph-url", origin, "--tls-ca",
                                              os.path.join(WORK, "ca.pem"), "--scope", "graph"], 20)
            check(code == 0 and not re.search(r"runtime error:|AddressSanitizer", err), f"https {mode}: exit {code} {err[:300]}")
            print(f"ok  https {mode}: exit {code} (sound data), {seconds:.1f} s", flush=True)
        finally:
            proc.kill()
    for cert, words in [("expired", "certificate has expired"), ("otherhost", "IP address mismatch"),
                        ("notyet", "certificate is not yet valid"), ("selfsigned", "self-signed certificate.*--tls-ca")]:
        https_case("normal", words, cert=cert, status=("failed",))
    print(f"hostile_test.py: {passed} passed, {failed} failed")
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

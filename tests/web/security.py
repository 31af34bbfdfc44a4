"""Attacks on `jixiao serve` (web-spec.md, "Sessions and security"): every route without a
session, a manager against another manager's project, missing or wrong CSRF tokens, an auditor's
and a clerk's writes, XSS payloads in every text field (escaped in the HTML, no alert in the
browser), an oversized body, a slow client, malformed JSON (the server keeps serving after each),
the login rate limit, the session cookie's flags and the security headers of every response.

Usage: python3 tests/web/security.py JIXIAO_BINARY
"""

import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

ZHUANXIANG = "医保专项业务经费"
SATISFACTION = "服务对象满意度"
FORMATS = ("html", "xlsx", "csv", "md", "json", "pdf")
REPORT_FORMS = ("summary", "overview", "tables")

# Payloads; DANGEROUS are the raw pieces that must never reach a page.
PAYLOAD = (
    'X<script>alert(1)</script> "><img src=x onerror=alert(2)> '
    "javascript:alert(3) <svg/onload=alert(4)> '';!--\"<XSS>=&{()}"
)
DANGEROUS = ("<script>alert(1)", "<img src=x onerror", "<svg/onload", "<XSS>")
ESCAPED_MARK = "&lt;script&gt;alert(1)"


def xss_clean(html):
    """'' when no raw payload piece is in the HTML, else what was found."""
    found = [d for d in DANGEROUS if d.lower() in html.lower()]
    if re.search(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", html, re.I):
        found.append("javascript: URL")
    return ", ".join(found)


def expect_login_redirect(r):
    loc = r.header("Location") or ""
    return r.status == 303 and urllib.parse.urlsplit(loc).path.endswith("/login")


def is_json_error(r):
    try:
        obj = json.loads(r.body)
    except ValueError:
        return False
    return isinstance(obj, dict) and "error" in obj


def form_actions(html):
    """(method, action) of every form in a page."""
    out = []
    for tag in re.findall(r"<form\b[^>]*>", html, re.I):
        a = re.search(r"""\baction\s*=\s*["']([^"']*)["']""", tag)
        m = re.search(r"""\bmethod\s*=\s*["']?(\w+)""", tag)
        if a:
            out.append(((m.group(1) if m else "get").upper(), a.group(1).replace("&amp;", "&")))
    return out


def form_fields(html, form_id):
    """The named inputs of the form with that id: {name: value}, and its action."""
    m = re.search(r"<form\b[^>]*\bid\s*=\s*[\"']" + form_id + r"[\"'][^>]*>(.*?)</form>", html, re.S)
    if not m:
        return None, {}
    tag = re.match(r"<form\b[^>]*>", m.group(0)).group(0)
    action = re.search(r"""\baction\s*=\s*["']([^"']*)["']""", tag)
    fields = {}
    for el in re.findall(r"<(?:input|textarea|select)\b[^>]*>", m.group(1)):
        n = re.search(r"""\bname\s*=\s*["']([^"']*)["']""", el)
        v = re.search(r"""\bvalue\s*=\s*["']([^"']*)["']""", el)
        if n:
            fields[n.group(1)] = v.group(1) if v else ""
    return (action.group(1) if action else None), fields


def find_id(obj):
    """The last "id" in an answer (a question's id), depth first."""
    found = None
    if isinstance(obj, dict):
        if isinstance(obj.get("id"), int):
            found = obj["id"]
        for v in obj.values():
            found = find_id(v) or found
    elif isinstance(obj, list):
        for v in obj:
            found = find_id(v) or found
    return found


def raw_exchange(server, data, wait=15):
    """Sends raw bytes, reads what comes back until the server closes or `wait` passes."""
    s = socket.create_connection((server.host, server.port), timeout=wait)
    got = b""
    try:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
            if b"\r\n\r\n" in got and len(got) > 20:
                head = got.split(b"\r\n\r\n", 1)[0].lower()
                m = re.search(rb"content-length:\s*(\d+)", head)
                if m and len(got.split(b"\r\n\r\n", 1)[1]) >= int(m.group(1)):
                    break
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    finally:
        s.close()
    return got


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


class Ctx:
    pass


def setup(c):
    x = Ctx()
    x.j = h.Jixiao(sys.argv[1])
    x.store = h.Store(x.j)
    s = x.store
    s.add_user("wang", "manager", [h.JICENG])
    s.add_user("sun", "manager", [ZHUANXIANG])
    s.add_user("li", "clerk")
    s.add_user("zhao", "auditor")
    x.pid = s.project_id(h.JICENG)
    x.iid = s.indicator_id(h.JICENG, SATISFACTION)
    x.pid2 = s.project_id(ZHUANXIANG)
    x.iid2 = s.indicator_id(ZHUANXIANG, "印刷品合格率")
    x.token = s.token("wang")
    x.server = h.Server(x.j, s.path)
    x.responses = []  # (method, path, Response) of every client request, for the headers check

    def client(user=None):
        cl = x.server.client()
        cl.on_response = lambda m, p, r: x.responses.append((m, p, r))
        if user:
            cl.must_login(user)
        return cl

    x.client = client
    return x


def unauthenticated(x, c):
    pid, iid = x.pid, x.iid
    anon = x.client()
    api = [
        ("GET", "/api/projects"),
        ("GET", f"/api/projects/{pid}"),
        ("PUT", f"/api/projects/{pid}/indicators/{iid}/actual"),
        ("POST", f"/api/projects/{pid}/preview"),
        ("POST", f"/api/projects/{pid}/submit"),
        ("POST", f"/api/projects/{pid}/return"),
        ("GET", f"/api/projects/{pid}/history"),
        ("GET", f"/api/projects/{pid}/questions"),
        ("POST", f"/api/projects/{pid}/questions"),
        ("POST", f"/api/projects/{pid}/questions/1/answers"),
    ]
    for method, path in api:
        body = {"value": "50%", "reason": "x", "version": 1, "text": "x"} if method != "GET" else None
        r = anon.api(method, path, body)
        c.check(r.status == 401 and is_json_error(r), f"no session: {method} {path} → 401 JSON", r)
    pages = [
        ("GET", "/"),
        ("GET", f"/projects/{pid}"),
        ("POST", f"/projects/{pid}/indicators/{iid}"),
        ("POST", f"/projects/{pid}/submit"),
        ("POST", f"/projects/{pid}/return"),
        ("GET", f"/projects/{pid}/history"),
        ("GET", "/audit"),
        ("GET", "/upload"),
        ("POST", "/upload"),
    ]
    pages += [("GET", f"/projects/{pid}/download/{f}") for f in FORMATS]
    pages += [("GET", f"/download/{form}.{f}") for form in REPORT_FORMS for f in FORMATS]
    # Routes the spec leaves to the pages (budget, questions, answers, logout): every form action
    # a manager, the clerk and an auditor see on their pages.
    seen = {(m, p) for m, p in pages}
    for user in ("wang", "li", "zhao"):
        cl = x.client(user)
        for page in ("/", f"/projects/{pid}", f"/projects/{pid}/history", "/audit", "/upload"):
            for m, p in form_actions(cl.get(page).text):
                p = urllib.parse.urlsplit(p).path or page
                if p != "/login" and (m, p) not in seen:
                    seen.add((m, p))
                    pages.append((m, p))
    c.check(len(pages) > 30, f"{len(pages)} page routes to try without a session")
    for method, path in pages:
        if method == "GET":
            r = anon.get(path)
        else:
            r = anon.form(path, {"value": "50%", "reason": "x", "text": "x"}, csrf="0" * 64)
        c.check(expect_login_redirect(r), f"no session: {method} {path} → 303 /login", r)
    for path in ("/login", "/static/app.css", "/static/app.js"):
        c.equal(anon.get(path).status, 200, f"no session: GET {path} → 200 (public)")
    c.equal(anon.get("/no/such/page").status in (303, 404), True, "an unknown page → 303 or 404")


def other_manager(x, c):
    wang = x.client("wang")
    r = wang.api("GET", "/api/projects")
    ids = [p.get("id") for p in r.json().get("projects", [])] if r.status == 200 else []
    c.equal(ids, [x.pid], "a manager's GET /api/projects lists only their project")
    r = wang.api("GET", f"/api/projects/{x.pid2}")
    c.equal(r.status, 403, "a manager: GET another manager's project (API) → 403")
    put = {"value": "50%", "reason": "x", "version": 1}
    r = wang.api("PUT", f"/api/projects/{x.pid2}/indicators/{x.iid2}/actual", put)
    c.equal(r.status, 403, "a manager: PUT into another manager's project → 403")
    c.equal(wang.get(f"/projects/{x.pid2}").status, 403, "a manager: GET another's project page → 403")
    r = wang.form(f"/projects/{x.pid2}/indicators/{x.iid2}", {"value": "50%", "version": "1"})
    c.equal(r.status, 403, "a manager: form POST into another's project → 403")
    r = wang.api("POST", f"/api/projects/{x.pid2}/submit", {})
    c.equal(r.status, 403, "a manager: submit another's project → 403")
    r = wang.api("GET", f"/api/projects/{x.pid2}/history")
    c.equal(r.status, 403, "a manager: another's history → 403")
    r = x.client("li").api("GET", "/api/projects/987654")
    c.equal(r.status, 404, "an unknown project → 404")
    stored = h.indicator_of(x.client("sun").project(x.pid2), "印刷品合格率")
    c.equal(stored.get("actual"), "100%", "nothing changed in the other manager's project")


def csrf(x, c):
    wang = x.client("wang")
    proj = wang.project(x.pid)
    key = h.indicator_of(proj, SATISFACTION)["key"]
    version = h.version_of(proj, key)
    path = f"/api/projects/{x.pid}/indicators/{x.iid}/actual"
    body = {"value": "91%", "reason": "csrf", "version": version}
    r = wang.api("PUT", path, body, csrf=False)
    c.equal(r.status, 403, "JSON PUT without X-CSRF-Token → 403")
    r = wang.api("PUT", path, body, csrf=False, headers={"X-CSRF-Token": "0" * 64})
    c.equal(r.status, 403, "JSON PUT with a wrong X-CSRF-Token → 403")
    r = wang.api("POST", f"/api/projects/{x.pid}/submit", {}, csrf=False)
    c.equal(r.status, 403, "JSON submit without X-CSRF-Token → 403")
    fpath = f"/projects/{x.pid}/indicators/{x.iid}"
    fields = {"value": "91%", "reason": "csrf", "version": str(version)}
    c.equal(wang.form(fpath, fields, csrf=False).status, 403, "form POST without csrf → 403")
    c.equal(wang.form(fpath, fields, csrf="f" * 64).status, 403, "form POST with a wrong csrf → 403")
    sun = x.client("sun")
    c.equal(wang.form(fpath, fields, csrf=sun.csrf).status, 403, "another session's csrf → 403")
    c.equal(h.indicator_of(wang.project(x.pid), SATISFACTION).get("actual"), "98%", "nothing stored")
    # The positive controls: the right token, and an API token without any CSRF token.
    r = wang.api("PUT", path, body)
    c.equal(r.status, 200, "JSON PUT with the session's token → 200")
    if r.status == 200:
        proj = h.project_of(r.json())
        c.equal(h.indicator_of(proj, SATISFACTION).get("actual"), "91%", "the PUT answers re-scored")
        version = h.version_of(proj, key)
    bearer = x.server.client()
    r = bearer.api(
        "PUT",
        path,
        {"value": "92%", "reason": "token", "version": version},
        headers={"Authorization": f"Bearer {x.token}"},
    )
    c.equal(r.status, 200, "an API token (Bearer) needs no CSRF token")
    r = bearer.api("GET", "/api/projects", headers={"Authorization": "Bearer " + "0" * 64})
    c.equal(r.status, 401, "a wrong API token → 401")


def role_writes(x, c):
    zhao, li = x.client("zhao"), x.client("li")
    proj = zhao.project(x.pid)
    key = h.indicator_of(proj, SATISFACTION)["key"]
    put = {"value": "60%", "reason": "x", "version": h.version_of(proj, key)}
    path = f"/api/projects/{x.pid}/indicators/{x.iid}/actual"
    c.equal(zhao.api("PUT", path, put).status, 403, "an auditor's PUT actual → 403")
    c.equal(zhao.api("POST", f"/api/projects/{x.pid}/submit", {}).status, 403, "auditor submit → 403")
    r = zhao.api("POST", f"/api/projects/{x.pid}/return", {"reason": "x"})
    c.equal(r.status, 403, "an auditor's return → 403")
    r = zhao.form(f"/projects/{x.pid}/indicators/{x.iid}", {"value": "60%", "version": "1"})
    c.equal(r.status, 403, "an auditor's form POST of a value → 403")
    c.equal(zhao.form(f"/projects/{x.pid}/submit", {}).status, 403, "an auditor's form submit → 403")
    c.equal(li.api("PUT", path, put).status, 403, "the clerk's PUT actual → 403")
    r = x.client("wang").api("POST", f"/api/projects/{x.pid}/questions", {"text": "?"})
    c.equal(r.status, 403, "a manager raising a question → 403 (auditors ask)")
    after = h.indicator_of(zhao.project(x.pid), SATISFACTION).get("actual")
    c.check(after != "60%", "no role's refused write was stored", after)


def xss(x, c):
    wang, zhao, li = x.client("wang"), x.client("zhao"), x.client("li")
    proj = wang.project(x.pid)
    key = h.indicator_of(proj, SATISFACTION)["key"]
    # reason (JSON) and value (form: refused, echoed in the field error)
    r = wang.api(
        "PUT",
        f"/api/projects/{x.pid}/indicators/{x.iid}/actual",
        {"value": "88%", "reason": PAYLOAD, "version": h.version_of(proj, key)},
    )
    c.equal(r.status, 200, "a reason holding the payloads is stored")
    page = wang.get(f"/projects/{x.pid}")
    version = h.version_of(wang.project(x.pid), key)
    r = wang.form(
        f"/projects/{x.pid}/indicators/{x.iid}",
        {"value": PAYLOAD, "reason": PAYLOAD, "version": str(version)},
    )
    c.check(r.status in (200, 422), "a payload as the value is refused on the page", r.status)
    c.equal(xss_clean(r.text), "", "the refused payload value re-renders escaped")
    c.check(ESCAPED_MARK in r.text, "… and is shown (escaped) in the page")
    # explanation (the budget form, fields as the page has them)
    action, fields = form_fields(page.text, "budget")
    c.check(action is not None, "the manager's page has the #budget form")
    if action:
        names = [n for n in fields if "explanation" in n]
        c.check(names, "the #budget form has an explanation field", str(fields))
        for n in names:
            fields[n] = PAYLOAD
        fields.pop("csrf", None)
        r = wang.form(action, fields)
        c.check(r.status in (200, 303), "the #budget form posts the payload", r)
    # question (auditor) and answer (manager), return reason (clerk)
    r = zhao.api("POST", f"/api/projects/{x.pid}/questions", {"text": PAYLOAD})
    c.check(r.status in (200, 201), "an auditor's question with the payloads is stored", r)
    qid = find_id(r.json()) if r.status in (200, 201) else None
    if qid is None:
        qid = find_id(zhao.api("GET", f"/api/projects/{x.pid}/questions").json())
    r = wang.api("POST", f"/api/projects/{x.pid}/questions/{qid}/answers", {"text": PAYLOAD})
    c.check(r.status in (200, 201), "the manager's answer with the payloads is stored", r)
    c.equal(wang.api("POST", f"/api/projects/{x.pid}/submit", {}).status, 200, "the manager submits")
    r = li.api("POST", f"/api/projects/{x.pid}/return", {"reason": PAYLOAD})
    c.equal(r.status, 200, "the clerk returns it with the payload as reason")
    for who, cl in (("manager", wang), ("auditor", zhao), ("clerk", li)):
        for path in ("/", f"/projects/{x.pid}", f"/projects/{x.pid}/history", "/audit"):
            r = cl.get(path)
            if r.status == 403:
                continue  # the manager has no /audit
            c.equal(xss_clean(r.text), "", f"{who}'s {path}: no raw payload")
    html = zhao.get(f"/projects/{x.pid}").text
    c.check(html.count(ESCAPED_MARK) >= 3, "the payloads are shown escaped (reason, question, answer)")
    # In the browser: no alert fires on the pages that hold the payloads.
    d = h.chromium_driver()
    try:
        d.get(x.server.url + "login")
        d.add_cookie({"name": "jixiao_session", "value": zhao.cookies.get("jixiao_session", "")})
        alerts = []
        for path in (f"projects/{x.pid}", f"projects/{x.pid}/history", "audit", ""):
            d.get(x.server.url + path)
            time.sleep(0.3)
            try:
                alerts.append((path, d.switch_to.alert.text))
                d.switch_to.alert.dismiss()
            except Exception:
                pass
            injected = d.execute_script(
                "return document.querySelectorAll('script:not([src]), img[src=\"x\"], svg[onload]')"
                ".length"
            )
            c.equal(injected, 0, f"browser: /{path} holds no injected element")
        c.equal(alerts, [], "browser: no alert fired")
    finally:
        d.quit()


def limits(x, c):
    wang = x.client("wang")
    cookie = f"jixiao_session={wang.cookies.get('jixiao_session', '')}"
    path = f"/api/projects/{x.pid}/indicators/{x.iid}/actual"
    big = 5 * 1024 * 1024
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: {x.server.host}:{x.server.port}\r\nCookie: {cookie}\r\n"
        f"X-CSRF-Token: {wang.csrf}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {big}\r\nConnection: close\r\n\r\n"
    ).encode()
    got = raw_exchange(x.server, head + b'{"value": "' + b"9" * 65536)
    c.equal(status_of(got), 413, "a body over 4 MiB → 413")
    c.check(x.server.alive(), "the server answers after the oversized body")

    # A slow client: half a request, then silence. Others are served meanwhile; it is cut off.
    slow = []
    for data in (
        f"GET /login HTTP/1.1\r\nHost: x\r\nUser-Agent: slow".encode(),
        (f"PUT {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Length: 400\r\n\r\n{{").encode(),
    ):
        s = socket.create_connection((x.server.host, x.server.port), timeout=40)
        s.sendall(data)
        slow.append(s)
    served = 0
    for _ in range(10):
        if x.server.alive():
            served += 1
    c.equal(served, 10, "others are served while two clients hang half-way")
    for i, s in enumerate(slow):
        closed = False
        try:
            while True:
                chunk = s.recv(4096)  # a 408 may come first; then the close
                if not chunk:
                    closed = True
                    break
        except (ConnectionResetError, socket.timeout) as e:
            closed = not isinstance(e, socket.timeout)
        s.close()
        c.check(closed, f"slow client {i + 1} is cut off (within the 40 s the test waits)")
    c.check(x.server.alive(), "the server answers after the slow clients")

    bad = [
        ("PUT", path, '{"value": "9'),
        ("PUT", path, "[1, 2"),
        ("POST", f"/api/projects/{x.pid}/questions", "{text: 1}"),
        ("POST", "/api/login", "user=wang&password=x"),
    ]
    zhao = x.client("zhao")
    for method, p, body in bad:
        cl = zhao if "questions" in p else wang
        hdrs = {"Content-Type": "application/json", "X-CSRF-Token": cl.csrf or ""}
        r = cl.request(method, p, body=body, headers=hdrs)
        c.check(r.status == 400 and is_json_error(r), f"malformed JSON to {method} {p} → 400 JSON", r)
        c.check(x.server.alive(), "the server answers after it")
    r = wang.api("PUT", path, {"value": "9x%", "reason": "", "version": 1})
    c.check(r.status in (409, 422), "a refused or stale value is not a crash", r)
    c.check(x.server.alive(), "the server answers after it")


def cookies_and_headers(x, c):
    cl = x.client()
    r = cl.login("li")
    cookie = [v for v in r.all_headers("Set-Cookie") if v.startswith("jixiao_session=")]
    c.must(cookie, "login sets jixiao_session", str(r.headers))
    flags = [f.strip().lower() for f in cookie[0].split(";")]
    value = cookie[0].split(";")[0].split("=", 1)[1]
    c.check(re.fullmatch(r"[0-9a-f]{64}", value) is not None, "the session id is 32 random bytes hex")
    c.check("httponly" in flags, "the session cookie is HttpOnly", cookie[0])
    c.check("samesite=strict" in flags, "the session cookie is SameSite=Strict", cookie[0])
    c.check("path=/" in flags, "the session cookie has Path=/", cookie[0])
    other = x.client()
    other.login("li")
    c.check(other.cookies.get("jixiao_session") != value, "two logins, two session ids")
    c.equal(cl.api("POST", "/api/logout", {}).status in (200, 204), True, "logout")
    c.equal(cl.api("GET", "/api/projects").status, 401, "after logout the session is gone")
    paged = x.client()
    r = paged.form_login("li")
    c.check(r.status == 303, "form login → 303", r)
    cookie = [v for v in r.all_headers("Set-Cookie") if v.startswith("jixiao_session=")]
    flags = [f.strip().lower() for f in cookie[0].split(";")] if cookie else []
    c.check("httponly" in flags and "samesite=strict" in flags, "… its cookie too", str(cookie))
    c.equal(paged.get("/").status, 200, "the form login's session opens /")
    # The security headers, on every response this test received.
    missing = []
    for m, p, resp in x.responses:
        for k, v in h.SECURITY_HEADERS.items():
            got = resp.header(k)
            if got is None or v.lower() not in got.lower():
                missing.append(f"{m} {p} ({resp.status}): {k}")
    c.check(len(x.responses) > 100, f"{len(x.responses)} responses checked for security headers")
    c.equal(missing[:10], [], "every response has the four security headers")


def rate_limit(x, c):
    # On a server of its own (restarted on the same store): failures from this address count too,
    # so the other parts' logins would be refused, and their attempts would not count here.
    x.server = h.Server(x.j, x.store.path)
    cl = x.client()
    r = cl.form_login(PAYLOAD, "x")
    c.equal(xss_clean(r.text), "", "a payload as the login name re-renders escaped")
    c.check("error" in r.text, "the login failure shows .error")
    statuses = [cl.login("li", "wrong password").status for _ in range(4)]
    c.equal(statuses, [401] * 4, "wrong passwords → 401 (5 failures with the one above)")
    c.equal(cl.login("li").status, 429, "the sixth attempt → 429, even with the right password")
    c.equal(cl.form_login("li").status, 429, "… on the login form too")
    c.check(x.server.alive(), "the server answers after it")


def body(c):
    x = setup(c)
    try:
        for part in (unauthenticated, other_manager, csrf, role_writes, xss, limits,
                     cookies_and_headers, None, rate_limit):
            if part is None:
                c.equal(x.server.stop(), 0, "the server exits 0 on SIGTERM")
                continue
            print(f"{part.__name__}:", flush=True)
            try:
                part(x, c)
            except h.Failure as e:
                c.check(False, f"{part.__name__} stopped", str(e))
    finally:
        rc = x.server.stop()
    c.equal(rc, 0, "the server exits 0 on SIGTERM")
    v = x.store.verify()
    c.check(v.returncode == 0, "jixiao verify passes", v.stdout[-400:] + v.stderr[-400:])
    x.store.cleanup()


if __name__ == "__main__":
    h.run_test("web/security", body)

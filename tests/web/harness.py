"""Shared harness of the web tests (tests/web/*.py): a store, users, a server, clients.

Every test builds its own store in a temporary folder from the shipped example
(config/rongcheng-2024, where seed 004's 基层医保工作站项目 scores 91.14), adds users with
`jixiao user add` (the password on stdin), starts `jixiao serve --db X --listen 127.0.0.1:0`
(the URL is read from the first stdout line holding `http://`), and stops it with SIGTERM.
Clients speak HTTP with http.client (stdlib only), keep the session cookie and send the CSRF
token. The browser tests add a headless Chromium driver (python3-selenium, chromium-driver).

Usage of a test: python3 tests/web/X.py JIXIAO_BINARY [options] [--backend sqlite|postgresql];
run from the source root (ctest sets the working directory), exit 0 when every check passed.

The backend: an SQLite file in the temporary folder (default), or with --backend postgresql (or
JIXIAO_TEST_BACKEND=postgresql) a fresh database per store on the test server whose URL is
$JIXIAO_TEST_PG (tests/pg/server.sh; ./scripts/test starts one). Without that variable a
PostgreSQL run fails: it is never skipped.
"""

import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PG_SERVER = os.path.join(SOURCE_ROOT, "tests", "pg", "server.sh")


def _backend():
    """--backend X (taken out of sys.argv, so that a test's own arguments are as before), else
    $JIXIAO_TEST_BACKEND, else sqlite."""
    backend = os.environ.get("JIXIAO_TEST_BACKEND", "sqlite")
    if "--backend" in sys.argv:
        i = sys.argv.index("--backend")
        backend = sys.argv[i + 1] if i + 1 < len(sys.argv) else ""
        del sys.argv[i : i + 2]
    if backend not in ("sqlite", "postgresql"):
        sys.exit(f"--backend {backend!r}: sqlite or postgresql")
    return backend


BACKEND = _backend()
EXAMPLE = os.path.join(SOURCE_ROOT, "config", "rongcheng-2024")
JICENG = "基层医保工作站项目"  # seed 004: 91.14, 优
JICENG_FILE = os.path.join(EXAMPLE, "03-jiceng-gongzuozhan.yaml")
PASSWORD = "correct horse battery staple 7"

# The security headers every response carries (web-spec.md, "Code").
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


class Failure(Exception):
    pass


class Checks:
    """Counts checks; a failed check is recorded and the test goes on, unless fatal."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = []

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print(f"  ok    {what}", flush=True)
        else:
            self.failed.append(what)
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""), flush=True)
        return cond

    def must(self, cond, what, detail=""):
        if not self.check(cond, what, detail):
            raise Failure(what + (f": {detail}" if detail else ""))

    def equal(self, got, expected, what):
        return self.check(got == expected, what, f"got {got!r}, expected {expected!r}")

    def finish(self):
        print(f"{self.name}: {self.passed} check(s) passed, {len(self.failed)} failed", flush=True)
        for f in self.failed:
            print(f"  failed: {f}")
        return 0 if not self.failed else 1


def run_test(name, body):
    """Runs body(checks) and exits with the test's status; an exception is a failure."""
    checks = Checks(name)
    try:
        body(checks)
    except Failure as e:
        print(f"{name}: stopped: {e}", flush=True)
        checks.failed.append(str(e))
    except Exception as e:  # a crash of the test is a failure with its traceback
        import traceback

        traceback.print_exc()
        checks.failed.append(f"{type(e).__name__}: {e}")
    sys.exit(checks.finish())


# ---------------------------------------------------------------------------------------------
# The command line.


class Jixiao:
    def __init__(self, binary):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            raise Failure(f"{self.binary} is not an executable jixiao")

    def env(self, lang="C"):
        env = dict(os.environ)
        for k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "JIXIAO_DB", "JIXIAO_KEY_FILE"):
            env.pop(k, None)
        env["LANG"] = lang
        return env

    def run(self, *args, stdin=None, lang="C", check=True, timeout=600):
        p = subprocess.run(
            [self.binary, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env(lang),
            timeout=timeout,
        )
        if check and p.returncode != 0:
            raise Failure(
                f"jixiao {' '.join(args)} exited {p.returncode}:\n{p.stdout[-2000:]}{p.stderr[-2000:]}"
            )
        return p


def copies_of(src_yaml, folder, names):
    """Writes one copy of a project definition per name (its `project:` line replaced)."""
    os.makedirs(folder, exist_ok=True)
    with open(src_yaml, encoding="utf-8") as f:
        text = f.read()
    for i, name in enumerate(names):
        body = re.sub(r"^project: .*$", f"project: {name}", text, count=1, flags=re.M)
        with open(os.path.join(folder, f"{i:05d}.yaml"), "w", encoding="utf-8") as f:
            f.write(body)


def pg_server_url():
    """The test server's URL ($JIXIAO_TEST_PG); a Failure when it is not set."""
    url = os.environ.get("JIXIAO_TEST_PG", "")
    if not url:
        raise Failure(
            "JIXIAO_TEST_PG is not set: run the PostgreSQL tests through ./scripts/test, or start "
            "a server first: export JIXIAO_TEST_PG=$(tests/pg/server.sh start /tmp/jixiao-pg)"
        )
    return url


def pg_new_database(prefix):
    """A fresh database on the test server; returns (name, URL)."""
    name = f"{prefix}_{os.getpid()}_{int(time.time() * 1000) % 10**9}_{next(_db_numbers)}"
    p = subprocess.run(
        ["bash", PG_SERVER, "newdb", pg_server_url(), name], capture_output=True, text=True
    )
    if p.returncode != 0:
        raise Failure(f"cannot create database {name}: {p.stderr.strip()}")
    return name, p.stdout.strip()


def pg_drop_database(name):
    subprocess.run(["bash", PG_SERVER, "dropdb", pg_server_url(), name], capture_output=True)


def _pg_literal(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def pg_query(url, sql, *params):
    """Rows of `sql` through psql (its ? replaced by the params as SQL literals); a column that
    reads as an integer comes back as one."""
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError(f"{len(params)} parameter(s) for {sql!r}")
    text = parts[0] + "".join(_pg_literal(v) + rest for v, rest in zip(params, parts[1:]))
    p = subprocess.run(
        ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-R",
         "\x1e", "-c", text],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if p.returncode != 0:
        raise Failure(f"psql: {text}: {p.stderr.strip()}")
    out = p.stdout.rstrip("\n")
    rows = []
    for line in out.split("\x1e") if out else []:
        rows.append(tuple(int(f) if re.fullmatch(r"-?\d+", f) else f for f in line.split("\x1f")))
    return rows


_db_numbers = iter(range(1, 10**9))


class Store:
    """A store in a temporary folder (SQLite) or a fresh database on the test server
    (PostgreSQL): the shipped example (and extra folders) loaded."""

    def __init__(self, jixiao, extra_folders=(), example=True, keep=False, existing=None):
        """existing: the location of a store to use as it is (a file or a postgresql:// URL),
        never created, loaded or dropped here: e.g. a province's for the load test."""
        self.j = jixiao
        self.dir = tempfile.mkdtemp(prefix="jixiao-web-")
        self.backend = BACKEND
        self.keep = keep
        self.existing = existing
        if existing:
            self.path = existing
            self.backend = "postgresql" if existing.startswith(("postgresql:", "postgres:")) else "sqlite"
            return
        if self.backend == "postgresql":
            self.pg_name, self.path = pg_new_database("jixiao_web")
            print(f"  store on PostgreSQL: {self.path}", flush=True)
        else:
            self.path = os.path.join(self.dir, "web.db")
        jixiao.run("init", "--db", self.path)
        folders = ([EXAMPLE] if example else []) + list(extra_folders)
        for folder in folders:
            jixiao.run("load", folder, "--by", "loader", "--db", self.path)

    def add_user(self, name, role, projects=(), password=PASSWORD):
        args = ["user", "add", name, "--role", role]
        for p in projects:
            args += ["--project", p]
        self.j.run(*args, "--db", self.path, stdin=password + "\n")

    def token(self, name):
        out = self.j.run("user", "token", name, "--db", self.path).stdout.strip()
        return out.split()[-1] if out else out

    def query(self, sql, *params):
        """Reads the store directly (read-only): ids of projects and indicators."""
        if self.backend == "postgresql":
            return pg_query(self.path, sql, *params)
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def project_id(self, name):
        rows = self.query("SELECT id FROM projects WHERE name = ?", name)
        if len(rows) != 1:
            raise Failure(f"project {name!r}: {len(rows)} row(s) in the store")
        return rows[0][0]

    def indicator_id(self, project, name):
        rows = self.query(
            "SELECT i.id FROM indicators i JOIN projects p ON p.id = i.project_id "
            "WHERE p.name = ? AND i.name = ? AND i.removed_in IS NULL",
            project,
            name,
        )
        if len(rows) != 1:
            raise Failure(f"indicator {project}/{name}: {len(rows)} row(s) in the store")
        return rows[0][0]

    def indicators(self, project):
        """{name: id} of a project's current indicators."""
        return dict(
            self.query(
                "SELECT i.name, i.id FROM indicators i JOIN projects p ON p.id = i.project_id "
                "WHERE p.name = ? AND i.removed_in IS NULL ORDER BY i.id",
                project,
            )
        )

    def verify(self):
        return self.j.run("verify", "--db", self.path, check=False)

    def integrity(self):
        """The database's own check: SQLite's integrity_check; on PostgreSQL (which checks its
        pages itself and recovers from its log) that the audit table reads whole."""
        if self.backend == "postgresql":
            n = self.query("SELECT count(*) FROM audit")[0][0]
            return "ok" if isinstance(n, int) else f"audit count {n!r}"
        db = sqlite3.connect(self.path, timeout=30)
        try:
            return db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()

    def history(self, project):
        return self.j.run("history", project, "--db", self.path).stdout

    def score_json(self, *projects):
        out = self.j.run("score", "--db", self.path, *projects, "--format", "json", check=False)
        return json.loads(out.stdout)

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
            if self.backend == "postgresql" and not self.existing:
                pg_drop_database(self.pg_name)


# ---------------------------------------------------------------------------------------------
# The server.


class Server:
    """`jixiao serve` on a free loopback port; stop() sends SIGTERM and returns the exit code."""

    def __init__(self, jixiao, store_path, extra=(), lang="zh_CN.UTF-8", start_timeout=60):
        self.proc = subprocess.Popen(
            [jixiao.binary, "serve", "--db", store_path, "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=jixiao.env(lang),
        )
        self.lines = []
        self.errors = []
        url_found = threading.Event()
        self.url = None

        def read_stdout():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.lines.append(line)
                if self.url is None:
                    m = re.search(r"http://[^\s/]+/", line)
                    if m:
                        self.url = m.group(0)
                        url_found.set()

        def read_stderr():
            for raw in self.proc.stderr:
                self.errors.append(raw.decode("utf-8", "replace").rstrip("\n"))

        threading.Thread(target=read_stdout, daemon=True).start()
        threading.Thread(target=read_stderr, daemon=True).start()
        deadline = time.monotonic() + start_timeout
        while not url_found.wait(0.1):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise Failure(
                    "jixiao serve did not print its URL; stdout:\n"
                    + "\n".join(self.lines[-20:])
                    + "\nstderr:\n"
                    + "\n".join(self.errors[-20:])
                )
        u = urllib.parse.urlsplit(self.url)
        self.host, self.port = u.hostname, u.port

    def client(self):
        return Client(self.host, self.port)

    def alive(self):
        """True when the server answers GET /login with 200."""
        try:
            return Client(self.host, self.port, timeout=20).get("/login").status == 200
        except OSError:
            return False

    def stop(self, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stderr_tail(self):
        return "\n".join(self.errors[-30:])


# ---------------------------------------------------------------------------------------------
# The HTTP client.


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body  # bytes

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def all_headers(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            raise Failure(f"not JSON (status {self.status}): {self.text[:300]!r}")

    def __repr__(self):
        return f"<{self.status} {self.text[:200]!r}>"


def form_csrf(html):
    """The value of the hidden input named csrf in a page, or None."""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(r"""\bname\s*=\s*["']?csrf\b""", tag):
            m = re.search(r"""\bvalue\s*=\s*["']([^"']*)["']""", tag)
            if m:
                return m.group(1)
    return None


class Client:
    """One user agent: its own connection, session cookie and CSRF token."""

    def __init__(self, host, port, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.csrf = None
        self.conn = None
        self.on_response = None  # called with (method, path, Response) after each request

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            # As browsers do: a request's headers and body are sent in two writes, and with
            # Nagle's algorithm the body would wait for the server's delayed ACK (40 ms).
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, cookies=True):
        hdrs = dict(headers or {})
        if cookies and self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, str):
            body = body.encode("utf-8")
        for attempt in (0, 1):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=hdrs)
                r = conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection the server closed: once more on a new one.
                self.close()
                if attempt:
                    raise
        resp = Response(r.status, r.getheaders(), data)
        if self.on_response:
            self.on_response(method, path, resp)
        if r.getheader("Connection", "").lower() == "close":
            self.close()
        for v in resp.all_headers("Set-Cookie"):
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in v.lower() and "expires=thu, 01 jan 1970" not in v.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def api(self, method, path, obj=None, csrf=True, headers=None):
        hdrs = {"Accept": "application/json"}
        body = None
        if obj is not None:
            body = json.dumps(obj, ensure_ascii=False)
            hdrs["Content-Type"] = "application/json"
        if csrf and self.csrf and method != "GET":
            hdrs["X-CSRF-Token"] = self.csrf
        hdrs.update(headers or {})
        return self.request(method, path, body=body, headers=hdrs)

    def login(self, user, password=PASSWORD):
        r = self.api("POST", "/api/login", {"user": user, "password": password}, csrf=False)
        if r.status == 200:
            self.csrf = r.json().get("csrf")
        return r

    def must_login(self, user, password=PASSWORD):
        r = self.login(user, password)
        if r.status != 200 or not self.csrf:
            raise Failure(f"login of {user}: {r}")
        return r

    def form(self, path, fields, csrf=True):
        """POSTs a urlencoded form; csrf True sends the session's token, a string sends that."""
        fields = dict(fields)
        if csrf is True and self.csrf:
            fields["csrf"] = self.csrf
        elif isinstance(csrf, str):
            fields["csrf"] = csrf
        body = urllib.parse.urlencode(fields)
        return self.request(
            "POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )

    def form_login(self, user, password=PASSWORD):
        page = self.get("/login")
        fields = {"user": user, "password": password}
        token = form_csrf(page.text)
        if token:
            fields["csrf"] = token
        r = self.form("/login", fields, csrf=False)
        return r

    def project(self, pid):
        r = self.api("GET", f"/api/projects/{pid}")
        if r.status != 200:
            raise Failure(f"GET /api/projects/{pid}: {r}")
        return project_of(r.json())


def project_of(obj):
    """The project object of an API answer (score --format json's project; a one-project
    {"projects": [...]} is accepted too)."""
    if isinstance(obj, dict) and "projects" in obj and "total" not in obj:
        ps = obj["projects"]
        if len(ps) == 1:
            merged = dict(ps[0])
            for k in ("versions", "status"):
                if k in obj:
                    merged[k] = obj[k]
            return merged
    return obj


def indicator_of(project, name):
    for ind in project.get("indicators", []):
        if ind.get("name") == name:
            return ind
    raise Failure(f"indicator {name!r} not in the project's JSON")


def version_of(project, key):
    versions = project.get("versions")
    if not isinstance(versions, dict) or key not in versions:
        raise Failure(f"no version for {key!r} in the project's JSON ({str(versions)[:200]})")
    return versions[key]


# ---------------------------------------------------------------------------------------------
# The browser.


def chromium_driver(download_dir=None, javascript=True):
    """Headless Chromium through Debian's chromedriver, 1280×1000, Chinese."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for a in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--lang=zh-CN",
        "--no-first-run",
        "--disable-extensions",
    ):
        opts.add_argument(a)
    for b in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(b):
            opts.binary_location = b
            break
    prefs = {"intl.accept_languages": "zh-CN,zh"}
    if download_dir:
        prefs.update(
            {
                "download.default_directory": download_dir,
                "download.prompt_for_download": False,
                "safebrowsing.enabled": False,
            }
        )
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    opts.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_window_size(1280, 1000)
    driver.set_page_load_timeout(60)
    if download_dir:
        try:
            driver.execute_cdp_cmd(
                "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir}
            )
        except Exception:
            pass
    return driver


def shots_dir_from_args(argv, binary):
    """--shots-dir DIR, else web-shots/ next to the binary (the build folder)."""
    if "--shots-dir" in argv:
        d = argv[argv.index("--shots-dir") + 1]
    else:
        d = os.path.join(os.path.dirname(os.path.abspath(binary)), "web-shots")
    os.makedirs(d, exist_ok=True)
    return d


def has_chinese(text):
    return re.search(r"[\u4e00-\u9fff]", text or "") is not None


# ---------------------------------------------------------------------------------------------
# Managers saving values through the API (load.py, signals.py).

# The percentage indicators of 基层医保工作站项目 and its copies (targets =100%, =100%, ≥90%).
PERCENT_INDICATORS = ("居民享受标准化医保服务流程", "基层医保工作站业务受理及时率", "服务对象满意度")


def load_copies(store, count, prefix="负载测试项目"):
    """Loads `count` copies of 基层医保工作站项目 into the store; returns their names."""
    names = [f"{prefix}{i:04d}" for i in range(1, count + 1)]
    folder = os.path.join(store.dir, "copies-" + prefix)
    copies_of(JICENG_FILE, folder, names)
    store.j.run("load", folder, "--by", "loader", "--db", store.path)
    return names


def save_value(k):
    """The k-th value a saver enters: all different for k < 200 (60.0% … 99.4%)."""
    return f"{60 + k % 40}.{k // 40}%"


class Saver:
    """One manager entering values in turn into the percentage indicators of their project,
    each PUT with the version the previous answer gave. Records what was answered."""

    def __init__(self, server, user, project_name, store):
        self.server, self.user, self.name = server, user, project_name
        self.pid = store.project_id(project_name)
        ids = store.indicators(project_name)
        self.ids = [ids[n] for n in PERCENT_INDICATORS]
        self.sent = []  # (indicator name, value, status or exception name)
        self.latencies = []  # seconds of each PUT answered 200
        self.errors = []

    def start(self):
        self.client = Client(self.server.host, self.server.port, timeout=120)
        self.client.must_login(self.user)
        proj = self.client.project(self.pid)
        self.keys = [indicator_of(proj, n)["key"] for n in PERCENT_INDICATORS]
        self.versions = dict(proj.get("versions") or {})

    def save(self, k):
        i = k % len(self.ids)
        value = save_value(k)
        body = {"value": value, "reason": "", "version": self.versions.get(self.keys[i])}
        path = f"/api/projects/{self.pid}/indicators/{self.ids[i]}/actual"
        t0 = time.perf_counter()
        try:
            r = self.client.api("PUT", path, body)
        except (OSError, http.client.HTTPException) as e:
            self.sent.append((PERCENT_INDICATORS[i], value, type(e).__name__))
            raise
        dt = time.perf_counter() - t0
        self.sent.append((PERCENT_INDICATORS[i], value, r.status))
        if r.status == 200:
            self.latencies.append(dt)
            self.versions.update(project_of(r.json()).get("versions") or {})
        else:
            self.errors.append(f"{self.user} #{k}: {r.status} {r.text[:200]}")
        return r.status

    def save_many(self, count, deadline, crashed):
        """Saves values 0 … count-1 in turn until the deadline (time.monotonic()); an exception
        ends it, recorded in `crashed`. For a thread of its own."""
        try:
            for k in range(count):
                if time.monotonic() > deadline:
                    return
                self.save(k)
        except Exception as e:
            crashed.append(f"{self.user}: {type(e).__name__}: {e}")

    def saved(self):
        """(indicator, value) answered 200, in order."""
        return [(n, v) for n, v, s in self.sent if s == 200]

    def unanswered(self):
        return [(n, v) for n, v, s in self.sent if not isinstance(s, int)]


def trail_values(history_text, user):
    """The new values of the history lines written by `user` (jixiao history's text)."""
    out = []
    for line in history_text.splitlines():
        if f"  {user}  " in line:
            m = re.search(r"→ '([^']*)'", line)
            if m:
                out.append(m.group(1))
    return out


def percentile(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, math.ceil(p / 100 * len(v)) - 1))  # nearest rank
    return v[k]


def run_threads(targets, deadline, grace):
    """Runs each (function, args) on a daemon thread of its own, all started together, and waits
    for them until `deadline` (time.monotonic()) plus `grace` seconds. Returns the wall time and
    whether every thread finished."""
    threads = [threading.Thread(target=f, args=args, daemon=True) for f, args in targets]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1, deadline - time.monotonic() + grace))
    return time.monotonic() - start, not any(t.is_alive() for t in threads)

"""The web workspace in a real browser: headless Chromium through WebDriver (python3-selenium,
chromium-driver), against `jixiao serve` on a store of the shipped example.

A manager enters an actual and sees the score change, makes a mistake and sees the field error,
signs off; the clerk sees 已提交 and downloads the XLSX; an auditor raises a question, the manager
answers it, the auditor sees the answer; the page works with JavaScript off. Afterwards the store
verifies and its history names the web user. Screenshots of the key pages go to web-shots/ in
the build folder, or to --shots-dir DIR (`--shots-dir docs/web` writes the README's pictures).

Usage: python3 tests/web/browser.py JIXIAO_BINARY [--shots-dir DIR]
"""

import os
import re
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

from selenium.common.exceptions import NoAlertPresentException, TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ZHUANXIANG = "医保专项业务经费"
SATISFACTION = "服务对象满意度"  # 基层医保工作站项目: weight 10, target ≥90%, actual 98%
PRINTING = "印刷品合格率"  # 医保专项业务经费: weight 20, target ≥95%, actual 100%

# The expected figures, computed by hand from docs/rules.md (never copied from a run):
#
# 基层医保工作站项目 (config/rongcheng-2024/03-jiceng-gongzuozhan.yaml): execution 5.6/49 = 11.43%
# × 10 = 1.14 (§2), indicators all met: 15+5+10+10+20+10+10+10 = 90; total 91.14, 优 (§1, §5).
# 服务对象满意度 entered as 72% against ≥90% (positive, §4): r = B/A = 72/90 = 0.8,
# score = 0.8 × 10 = 8. Total = 1.14 + (90 − 10 + 8) = 89.14; 80 ≤ 89.14 < 90 → 良 (§5).
JICENG_AFTER = "89.14"
JICENG_AFTER_GRADE = "良"
SATISFACTION_AFTER = "8"
#
# 医保专项业务经费 (02-zhuanxiang.yaml): execution 19.99/25 = 79.96% × 10 = 7.996 → 8 (§2, §6);
# indicators all met: 10+5+5+10+20+10+10+10+10 = 90; total 98. 印刷品合格率 entered as 76% against
# ≥95%: r = 76/95 = 0.8, score = 0.8 × 20 = 16. Total = 8 + (90 − 20 + 16) = 94 → 优.
ZHUANXIANG_BEFORE = "98"
ZHUANXIANG_AFTER = "94"
PRINTING_AFTER = "16"

MANAGER, MANAGER2, CLERK, AUDITOR = "wang", "sun", "li", "zhao"
QUESTION = "服务对象满意度从98%降到72%，依据是什么？请附调查表。"
ANSWER = "2024年第四季度满意度调查共回收问卷500份，满意360份，即72%；调查表已上传。"


def number(text):
    """The first number of an element's text (91.14 in '91.14 分')."""
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return m.group(0) if m else None


def same_figure(text, expected):
    n = number(text)
    return n is not None and abs(float(n) - float(expected)) < 1e-9


class Browser:
    def __init__(self, server, shots, javascript=True, download_dir=None):
        self.base = server.url.rstrip("/")
        self.shots = shots
        self.d = h.chromium_driver(download_dir=download_dir, javascript=javascript)
        self.wait = WebDriverWait(self.d, 30)
        self.confirmed = 0  # confirmations accepted (none expected but at sign-off)

    def go(self, path):
        self.d.get(self.base + path)

    def shot(self, name):
        if self.shots:
            path = os.path.join(self.shots, name + ".png")
            self.d.save_screenshot(path)
            print(f"  shot  {path}", flush=True)

    def css(self, sel, root=None):
        return (root or self.d).find_element(By.CSS_SELECTOR, sel)

    def all(self, sel, root=None):
        return (root or self.d).find_elements(By.CSS_SELECTOR, sel)

    def submit_and_wait(self, button):
        """Clicks a form's button and waits for the next page."""
        html = self.d.find_element(By.TAG_NAME, "html")
        button.click()
        try:  # a confirmation the page's script may ask (sign-off): yes
            WebDriverWait(self.d, 0.3).until(EC.alert_is_present()).accept()
            self.confirmed += 1
        except TimeoutException:
            pass
        self.wait.until(EC.staleness_of(html))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def login(self, user, c, shot=None):
        self.go("/login")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#login-form")))
        if shot:
            self.shot(shot)
        form = self.css("#login-form")
        self.css('input[name="user"]', form).send_keys(user)
        self.css('input[name="password"]', form).send_keys(h.PASSWORD)
        self.submit_and_wait(self.css("#login-submit"))
        c.must(
            not self.d.current_url.rstrip("/").endswith("/login") and not self.all(".error"),
            f"{user} logs in",
            self.d.current_url,
        )

    def logout(self):
        self.submit_and_wait(self.css("#logout"))

    def row(self, indicator_id):
        return self.css(f'tr[data-indicator-id="{indicator_id}"]')

    def enter(self, indicator_id, value, reason=None):
        row = self.row(indicator_id)
        field = self.css('input[name="value"]', row)
        field.clear()
        field.send_keys(value)
        if reason is not None:
            r = self.css('input[name="reason"]', row)
            r.clear()
            r.send_keys(reason)
        self.submit_and_wait(self.css(".save", self.row(indicator_id)))

    def no_alert(self):
        try:
            self.d.switch_to.alert
            return False
        except NoAlertPresentException:
            return True

    def quit(self):
        self.d.quit()


def xlsx_download(b, pid, folder, c):
    links = b.all(f'#downloads a[href$="/download/xlsx"]')
    c.must(links, "the 自评表's downloads list an XLSX link", b.d.page_source[:300])
    links[0].click()
    deadline = time.monotonic() + 60
    found = None
    while time.monotonic() < deadline and not found:
        done = [f for f in os.listdir(folder) if not f.endswith(".crdownload")]
        found = done[0] if done else None
        time.sleep(0.2)
    c.must(found, "the clerk's browser downloaded the XLSX", str(os.listdir(folder)))
    path = os.path.join(folder, found)
    with open(path, "rb") as f:
        head = f.read(4)
    c.check(found.endswith(".xlsx"), "the download is named .xlsx", found)
    c.check(head == b"PK\x03\x04" and os.path.getsize(path) > 1000, "the XLSX is a zip", repr(head))


def body(c):
    binary = sys.argv[1]
    shots = h.shots_dir_from_args(sys.argv, binary)
    j = h.Jixiao(binary)
    store = h.Store(j)
    store.add_user(MANAGER, "manager", [h.JICENG])
    store.add_user(MANAGER2, "manager", [ZHUANXIANG])
    store.add_user(CLERK, "clerk")
    store.add_user(AUDITOR, "auditor")
    pid = store.project_id(h.JICENG)
    iid = store.indicator_id(h.JICENG, SATISFACTION)
    pid2 = store.project_id(ZHUANXIANG)
    iid2 = store.indicator_id(ZHUANXIANG, PRINTING)
    downloads = tempfile.mkdtemp(prefix="jixiao-web-dl-")
    server = h.Server(j, store.path)
    b = None
    try:
        b = Browser(server, shots, download_dir=downloads)
        # The manager: the form, a value, the score and formula, a mistake, sign-off.
        b.login(MANAGER, c, shot="login")
        b.go(f"/projects/{pid}")
        b.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#self-eval")))
        c.check(same_figure(b.css("#total").text, "91.14"), "#total shows 91.14", b.css("#total").text)
        c.check(b.css("#grade").text.strip().startswith("优"), "#grade shows 优", b.css("#grade").text)
        b.enter(iid, "72%", reason="第四季度满意度调查结果下降，已制定整改措施。")
        c.check(
            same_figure(b.css("#total").text, JICENG_AFTER),
            f"#total shows {JICENG_AFTER} after 72%",
            b.css("#total").text,
        )
        c.check(JICENG_AFTER_GRADE in b.css("#grade").text, f"#grade shows {JICENG_AFTER_GRADE}")
        row = b.row(iid)
        c.check(same_figure(b.css(".score", row).text, SATISFACTION_AFTER), "the row's .score is 8")
        formula = b.css(".formula", row).text
        c.check("72" in formula and "90" in formula, "the row's .formula shows 72 against 90", formula)
        c.check(b.css("#total-formula").text.strip() != "", "#total-formula is shown")
        b.enter(iid, "0.95")
        errors = b.all(".field-error", b.row(iid))
        err = errors[0].text if errors else ""
        c.check(errors and err.strip(), "0.95 against ≥90% shows a .field-error in its row")
        c.check(h.has_chinese(err), "the field error is in Chinese", err)
        c.check("95%" in err, "the field error says what to write (95%)", err)
        b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", b.row(iid))
        b.shot("manager-form-error")
        stored = store.score_json(h.JICENG)
        c.check(
            h.indicator_of(stored["projects"][0], SATISFACTION).get("actual") == "72%",
            "the refused value changed nothing (72% stays)",
        )
        b.go(f"/projects/{pid}")
        b.submit_and_wait(b.css("#submit"))
        b.logout()

        # The clerk: 已提交 in the overview, the XLSX.
        b.login(CLERK, c)
        b.go("/")
        prow = b.css(f'#projects tr[data-project-id="{pid}"]')
        c.check("已提交" in b.css(".status", prow).text, "the clerk sees 已提交", prow.text)
        c.check(same_figure(b.css(".total", prow).text, JICENG_AFTER), "the overview shows 89.14")
        b.shot("clerk-overview")
        b.go(f"/projects/{pid}")
        c.check(not b.all('#self-eval input[name="value"]'), "the clerk's 自评表 has no value inputs")
        xlsx_download(b, pid, downloads, c)
        b.logout()

        # The auditor asks; the manager answers; the auditor reads the answer.
        b.login(AUDITOR, c)
        b.go("/audit")
        c.check(b.all("#findings"), "/audit shows #findings")
        b.shot("auditor-findings")
        b.go(f"/projects/{pid}")
        c.check(not b.all('#self-eval input[name="value"]'), "the auditor's 自评表 has no inputs")
        ask = b.css("#ask-form")
        b.css('textarea[name="text"]', ask).send_keys(QUESTION)
        b.submit_and_wait(b.css('button, input[type="submit"]', ask))
        c.check(QUESTION in b.css("#questions").text, "the question is on the page")
        b.logout()
        b.login(MANAGER, c)
        b.go(f"/projects/{pid}")
        forms = b.all(".answer-form")
        c.must(forms, "the manager sees an .answer-form under the question")
        b.css('textarea[name="text"]', forms[0]).send_keys(ANSWER)
        b.submit_and_wait(b.css('button, input[type="submit"]', forms[0]))
        b.logout()
        b.login(AUDITOR, c)
        b.go(f"/projects/{pid}")
        answers = " ".join(a.text for a in b.all("#questions .question .answer"))
        c.check(ANSWER in answers, "the auditor sees the manager's answer", answers[:200])
        b.d.execute_script("document.querySelector('#questions').scrollIntoView()")
        b.shot("question-thread")
        c.check(b.no_alert(), "no alert fired")
        b.quit()
        b = None

        # JavaScript off: the same form by plain posts, on the second manager's project.
        b = Browser(server, None, javascript=False)
        b.login(MANAGER2, c)
        b.go(f"/projects/{pid2}")
        c.check(same_figure(b.css("#total").text, ZHUANXIANG_BEFORE), "JS off: #total shows 98")
        b.enter(iid2, "0.95")
        err = " ".join(e.text for e in b.all(".field-error", b.row(iid2)))
        c.check(h.has_chinese(err), "JS off: 0.95 against ≥95% shows the Chinese field error", err)
        b.enter(iid2, "76%", reason="印刷批次抽检不合格，已更换供应商。")
        c.check(
            same_figure(b.css("#total").text, ZHUANXIANG_AFTER),
            f"JS off: #total shows {ZHUANXIANG_AFTER} after 76%",
            b.css("#total").text,
        )
        c.check(same_figure(b.css(".score", b.row(iid2)).text, PRINTING_AFTER), "JS off: .score 16")
        b.quit()
        b = None
    finally:
        if b:
            try:
                b.shot("failure")
            except Exception:
                pass
            b.quit()
        rc = server.stop()
    c.equal(rc, 0, "the server exits 0 on SIGTERM")
    v = store.verify()
    c.check(v.returncode == 0, "jixiao verify --db passes", v.stdout[-500:] + v.stderr[-500:])
    hist = store.history(h.JICENG)
    line = [l for l in hist.splitlines() if SATISFACTION in l and "'72%'" in l]
    c.check(line and MANAGER in line[-1], "jixiao history names the web user as author", str(line))
    c.check(line and "web" in line[-1], "jixiao history names the source web", str(line))
    hist2 = store.history(ZHUANXIANG)
    c.check(any(MANAGER2 in l and "'76%'" in l for l in hist2.splitlines()), "JS-off save in history")
    store.cleanup()


if __name__ == "__main__":
    h.run_test("web/browser", body)

"""The console in a real headless Chromium (Debian's, driven by Playwright; scripts/setup
installs it): a desk user's session from the token to a decision, the language switch, the
keyboard. Screenshots of every step go to tmp/artifacts/console/ (the key ones are copied to
docs/console/ by hand); page-ready times are recorded per page and saved (timings.json) and
printed — none is asserted here: the figures for the default city come from
benchmarks/console_pages.py (docs/console.md).

Every check compares the page with the API's own answer (the Recommender, the stored round),
so a console that showed something else than the HTTP API would fail.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.heavy

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tmp" / "artifacts" / "console"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ACTOR = "Siti Rahmah (BKPSDM)"


@pytest.fixture(scope="module")
def browser():
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `bash scripts/setup` as root "
                    "(it installs it) or `apt-get install chromium`", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def timings():
    """Page-ready times (ms) per page, saved and printed when the module ends."""
    recorded: dict[str, list[float]] = {}
    yield recorded
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = {}
    for page, values in sorted(recorded.items()):
        v = sorted(values)
        summary[page] = {"n": len(v), "p50_ms": round(v[len(v) // 2], 1),
                         "p95_ms": round(v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))], 1),
                         "max_ms": round(v[-1], 1)}
    (ARTIFACTS / "timings.json").write_text(json.dumps(summary, indent=2) + "\n")
    print("\nconsole page-ready times (small test city; ms):")
    for page, s in summary.items():
        print(f"  {page:<10} n={s['n']:<3} p50={s['p50_ms']:>7.1f} p95={s['p95_ms']:>7.1f}")


class Desk:
    """One browser tab on the console, with the helpers a test reads like a user's steps."""

    def __init__(self, page, base: str, timings: dict) -> None:
        self.page, self.base, self.timings = page, base, timings

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def ready_count(self) -> int:
        return int(self.page.evaluate("window.jobfitTimings.length"))

    def wait_ready(self, before: int, kind: str) -> None:
        """Wait for the next page to be ready; record its time under `kind`."""
        self.page.wait_for_function(f"window.jobfitTimings.length > {before}", timeout=60_000)
        ms = self.page.evaluate("window.jobfitTimings[window.jobfitTimings.length - 1].ms")
        self.timings.setdefault(kind, []).append(float(ms))

    def act(self, kind: str, action) -> None:
        """Do `action` (a click, a key) and wait for the page it opens."""
        before = self.ready_count()
        action()
        self.wait_ready(before, kind)

    def open(self, path: str, kind: str) -> None:
        self.act(kind, lambda: self.page.evaluate("p => window.jobfitOpen(p)", path))

    def h1(self) -> str:
        return self.page.inner_text("main h1").strip()


@pytest.fixture()
def desk(browser, console_server, timings):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((console_server.url, "data:")) else None)
    yield Desk(page, console_server.url, timings)
    context.close()
    assert outside == [], f"the console asked for something elsewhere: {outside[:3]}"


def sign_in(desk: Desk, token: str) -> None:
    page = desk.page
    page.fill("#token", token)
    page.fill("#actor", ACTOR)
    desk.act("search", lambda: page.click("#login-form button[type=submit]"))


def test_a_desk_session_from_token_to_decision(desk, console_server, recommender, ids):
    page = desk.page
    page.goto(f"{console_server.url}/console")
    assert page.is_visible("#login") and page.inner_text("#main") == ""
    desk.shot("01-sign-in")
    # a wrong token: said so, still nothing shown
    page.fill("#token", "not-the-token")
    page.fill("#actor", ACTOR)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login-error:has-text('Token tidak dikenal')")
    assert page.is_hidden("#main")
    sign_in(desk, console_server.token)
    assert desk.h1() == "Cari pegawai atau jabatan"
    assert page.evaluate("sessionStorage.getItem('jobfit.token')") == console_server.token
    assert console_server.token not in page.evaluate("document.cookie")

    # search an employee by part of the name, open the ranking
    eid = ids["due"][0]
    name = str(recommender.export.employees.set_index("employee_id").loc[eid, "name"])
    page.fill("#q", name)
    page.check("input[name=kind][value=employee]")
    desk.act("search", lambda: page.press("#q", "Enter"))
    desk.shot("02-search")
    desk.act("employee", lambda: page.click(f"main a[href='/console/employee/{eid}']"))
    assert desk.h1() == name and page.url.endswith(f"/console/employee/{eid}")
    answer = recommender.positions_for(eid, k=10)
    rows = page.query_selector_all("table.ranking tbody tr")
    assert len(rows) == len(answer["recommendations"]) > 0
    first = answer["recommendations"][0]
    assert first["title"] in rows[0].inner_text()
    assert [li.inner_text() for li in rows[0].query_selector_all("ul.reasons li")] \
        == first["reasons"]
    desk.shot("03-employee-ranking")

    # a post's candidates, three of them side by side
    pid = first["position_id"]
    desk.act("position", lambda: page.click(f"table.ranking a[href='/console/position/{pid}']"))
    cands = recommender.candidates_for(pid, k=10)["candidates"]
    assert desk.h1() == first["title"]
    assert len(page.query_selector_all("table.ranking tbody tr")) == len(cands)
    desk.shot("04-position-candidates")
    boxes = page.query_selector_all("input[name=ids]")
    if len(boxes) >= 4:   # a fourth is refused in the page, before any request
        for box in boxes[:4]:
            box.check()
        page.click("form[data-get='/console/compare'] button[type=submit]")
        page.wait_for_selector("main .error:has-text('paling banyak 3')")
        boxes[3].uncheck()
    for box in boxes[:3]:
        box.check()
    desk.act("compare", lambda: page.click("form[data-get='/console/compare'] "
                                           "button[type=submit]"))
    chosen = [c["employee_id"] for c in cands[:3]]
    heads = [th.inner_text() for th in page.query_selector_all("table.compare thead th")][1:]
    assert heads == [c["name"] for c in cands[:3]]
    for cell, eid_ in zip(page.query_selector_all("table.compare tbody tr:nth-child(2) td"),
                          chosen):
        assert cell.inner_text() == f"{recommender.pair(eid_, pid)['score']:.3f}".replace(
            ".", ",")
    desk.shot("05-compare")

    # a round: plan it in the console, open a move, decide it with a reason
    desk.act("rounds", lambda: page.click("nav a[data-nav=rounds]"))
    page.fill("#round-name", "Ronde uji peramban")
    desk.act("plan a round (write)", lambda: page.click("form[data-post='/console/rounds'] "
                                         "button[type=submit]"))
    assert desk.h1() == "Ronde uji peramban" and "/console/rounds/r" in page.url
    round_id = page.url.rsplit("/", 1)[1]
    desk.shot("06-round")
    move = page.query_selector("table.moves tbody tr td a")
    move_id = move.inner_text()
    desk.act("move", lambda: move.click())
    page.check("input[name=decision][value=approve]")
    page.fill("#reason", "Sesuai kebutuhan BPKAD dan bidang studinya")
    desk.act("move", lambda: page.click("form.decide button[type=submit]"))
    page.wait_for_selector("main .ok:has-text('Keputusan tersimpan')")
    desk.shot("07-decision")
    with httpx.Client(base_url=console_server.url, headers=console_server.auth) as api:
        stored = api.get(f"/rounds/{round_id}").json()
    decided = next(m for m in stored["moves"] if m["move_id"] == move_id)["decision"]
    assert decided["decision"] == "approve" and decided["actor"] == ACTOR
    assert decided["reason"] == "Sesuai kebutuhan BPKAD dan bidang studinya"

    # the model page and the audit log
    desk.act("model", lambda: page.click("nav a[data-nav=model]"))
    assert desk.h1() == "Model yang dipakai"
    assert page.query_selector_all("table.fairness tbody tr")
    assert page.evaluate("[...document.querySelectorAll('main figure img')]"
                         ".every(i => i.complete && i.naturalWidth > 0)")
    desk.shot("08-model")
    desk.act("audit", lambda: page.click("nav a[data-nav=audit]"))
    first_row = page.inner_text("table.audit tbody tr")
    assert "keputusan dicatat" in first_row and ACTOR in first_row
    desk.shot("09-audit")

    # the back button returns to the previous page, its contents fetched again
    desk.act("model", lambda: page.go_back())
    assert desk.h1() == "Model yang dipakai"


def test_switching_language_turns_the_page_and_its_reasons_english(desk, console_server,
                                                                 recommender, ids):
    page = desk.page
    eid = ids["due"][1]
    page.goto(f"{console_server.url}/console/employee/{eid}")
    page.fill("#token", console_server.token)
    page.fill("#actor", ACTOR)
    desk.act("employee", lambda: page.click("#login-form button[type=submit]"))
    indonesian = recommender.positions_for(eid, k=10)
    english = recommender.positions_for(eid, k=10, lang="en")
    assert page.inner_text("table.ranking thead").startswith("#")
    assert "Jabatan yang direkomendasikan" in page.inner_text("main")
    assert page.inner_text("table.ranking tbody tr ul.reasons") == "\n".join(
        indonesian["recommendations"][0]["reasons"])
    with page.expect_navigation():
        page.click("#lang-switch")                   # reloads the page in English
    desk.wait_ready(0, "employee")                   # a new document: its count starts at 0
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Recommended positions" in page.inner_text("main")
    assert page.inner_text("table.ranking tbody tr ul.reasons") == "\n".join(
        english["recommendations"][0]["reasons"])
    assert page.inner_text("#lang-switch") == "Bahasa Indonesia"
    desk.shot("10-english")
    with page.expect_navigation():
        page.click("#lang-switch")
    assert page.evaluate("document.documentElement.lang") == "id"


def test_the_keyboard_alone_reaches_search_results_and_a_ranking(desk, console_server,
                                                                  recommender, ids):
    page = desk.page
    page.goto(f"{console_server.url}/console")
    page.fill("#token", console_server.token)
    page.fill("#actor", ACTOR)
    desk.act("search", lambda: page.press("#actor", "Enter"))
    # the first stop of the tab order skips the menus to the page itself
    first = "document.querySelector('a[href], button, input, textarea')"
    assert page.evaluate(f"{first}.className") == "skip"
    assert page.evaluate(f"{first}.textContent") == "Langsung ke isi"
    page.focus("a.skip")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("/")                        # "/" jumps to the search box
    assert page.evaluate("document.activeElement.id") == "q"
    pid = ids["positions"][0]
    title = recommender.candidates_for(pid, k=1)  # the post's answer exists
    assert title["candidates"]
    position_title = str(recommender.export.positions.set_index("position_id")
                         .loc[pid, "title"])
    page.keyboard.type(position_title)
    page.check("input[name=kind][value=position]")
    page.focus("#q")
    desk.act("search", lambda: page.keyboard.press("Enter"))
    link = f"main a[href='/console/position/{pid}']"
    page.focus(link)
    desk.act("position", lambda: page.keyboard.press("Enter"))
    assert desk.h1() == position_title
    assert page.evaluate("document.activeElement.tagName") == "H1"   # focus moved to the page
    for label_for in page.eval_on_selector_all("main input:not([type=hidden])",
                                               "els => els.map(e => e.id || e.getAttribute("
                                               "'aria-label') || e.closest('label') && 'wrapped')"):
        assert label_for, "every input has a label"


def test_pages_are_ready_many_times_over_for_the_record(desk, console_server, recommender,
                                                        ids):
    """Opens each kind of page several times so that timings.json has a p95 of each (on the
    small test city; benchmarks/console_pages.py measures the default city)."""
    page = desk.page
    page.goto(f"{console_server.url}/console")
    sign_in(desk, console_server.token)
    for eid in ids["due"][:10]:
        desk.open(f"/console/employee/{eid}", "employee")
    for pid in ids["positions"][:10]:
        desk.open(f"/console/position/{pid}", "position")
        cands = [c["employee_id"] for c in recommender.candidates_for(pid, k=3)["candidates"]]
        desk.open(f"/console/compare?position={pid}" + "".join(f"&ids={c}" for c in cands),
                  "compare")
    for word in ("kepala", "analis", "dinas", "staf", "bidang"):
        desk.open(f"/console?q={word}&kind=position", "search")
        desk.open(f"/console?q={word[:3]}&kind=employee", "search")
    for _ in range(5):
        desk.open("/console/model", "model")
        desk.open("/console/audit", "audit")
        desk.open("/console/rounds", "rounds")
    assert all(len(v) >= 5 for k, v in desk.timings.items()
               if k in ("employee", "position", "compare", "search", "model", "audit"))

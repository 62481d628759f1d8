"""Shared fixtures: a real Chromium through Playwright, axe checks, and staff users."""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser tests need Chromium. Without it they are skipped, except under CI.

    (Transactional tests empty every table when they end; the flush sends post_migrate, and
    frivilligkontor.reference_data puts the districts and staff roles back.)
    """
    browser_fixtures = {"page", "browser", "context", "axe_page"}
    for item in items:
        if browser_fixtures & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            if not chromium_available() and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Norwegian first: the browser asks for bokmål, like most of the portal's users.
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture(autouse=True)
def _isolated_settings(settings: Any, tmp_path: Any) -> None:
    settings.AXES_ENABLED = False
    settings.ADMIN_REQUIRE_OTP = False


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """Every test starts in bokmål. A request to an /en/ page activates English for the
    thread and Django's locale middleware leaves it active, so without this a later test's
    `reverse()` and messages would come out in English."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Every test starts with empty cache tables: the rate-limit counters and what the
    shared cache keeps for every visitor.

    Browser and other transactional tests commit their counters, and the flush at their end
    does not empty the cache table (it is no model), so a later test from the same address
    would otherwise start with another test's requests already counted.
    """
    from django.core.cache import caches

    with django_db_blocker.unblock():
        caches["default"].clear()
        caches["shared"].clear()


@pytest.fixture
def no_shared_cache(settings: Any) -> None:
    """For tests that count the queries of building a page, not of reading it from the
    shared cache (frivilligkontor/shared_cache.py has its own tests)."""
    settings.SHARED_CACHE_ENABLED = False


class PageChecker:
    """Collects CSP console errors on a page and runs axe on demand."""

    def __init__(self, page: Any) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.csp_errors: list[str] = []
        self.axe = Axe()
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_errors.append(message.text)

    def problems(self) -> list[str]:
        """Axe violations, incomplete colour-contrast results and CSP errors on the current page."""
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        response = results.response
        found = [
            f"{violation['id']}: {violation['help']} ({[node['target'] for node in violation['nodes']][:5]})"
            for violation in response["violations"]
        ]
        unsure = [
            node["target"]
            for item in response.get("incomplete", [])
            if item["id"] == "color-contrast"
            for node in item["nodes"]
            if not self._only_beside_map_tiles(node)
        ]
        if unsure:
            found.append(f"incomplete color-contrast: {unsure[:5]}")
        found += [f"CSP: {error}" for error in self.csp_errors]
        self.csp_errors.clear()
        return found

    def _only_beside_map_tiles(self, node: dict) -> bool:
        """axe's "overlapped by another element" for text next to the venue map is a false
        alarm: map tiles reach past the map's edge, where the map clips them, and axe judges
        overlap by the unclipped tiles. True only when a tile's box meets the element and the
        element is really on top at its centre."""
        if node.get("any", [{}])[0].get("data", {}).get("messageKey") != "bgOverlap":
            return False
        return self.page.evaluate(
            """(selector) => {
                const element = document.querySelector(selector);
                if (!element) return false;
                element.scrollIntoView({block: "center"});
                const box = element.getBoundingClientRect();
                const meets = (tile) => {
                    const t = tile.getBoundingClientRect();
                    return t.left < box.right && t.right > box.left && t.top < box.bottom && t.bottom > box.top;
                };
                if (!Array.from(document.querySelectorAll(".leaflet-tile")).some(meets)) return false;
                const top = document.elementFromPoint(box.left + Math.min(5, box.width / 2), box.top + box.height / 2);
                return top !== null && (top === element || element.contains(top));
            }""",
            node["target"][0],
        )

    def assert_accessible(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)


@pytest.fixture
def axe_page(page: Any) -> Iterator[PageChecker]:
    """A Playwright page that can check itself with axe and for CSP errors."""
    yield PageChecker(page)


@pytest.fixture
def staff_password() -> str:
    return "correct-horse-battery-staple"


@pytest.fixture
def make_staff(db: Any, staff_password: str) -> Any:
    """Create a staff user in a role, optionally belonging to units."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    def make(
        role: str | None = None, *, units: tuple = (), superuser: bool = False, **kwargs: Any
    ) -> Any:
        user = UserFactory(is_staff=True, is_superuser=superuser, password=staff_password, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        if units:
            user.units.add(*units)
        return user

    return make


def admin_login(page: Any, live_server_url: str, username: str, password: str) -> None:
    """Log in to the admin through its login form, with the keyboard."""
    from django.conf import settings

    page.goto(f"{live_server_url}/{settings.ADMIN_URL}login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")

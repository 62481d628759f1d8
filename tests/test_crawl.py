"""Every public page reachable from the front page, in both languages, in a real browser:
status 200, no axe violation, no CSP error, and (in the English pass, at 320 px) no sideways
scrolling at 400 % zoom. The crawl grows as the apps add pages."""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation

# At most this many pages per URL name and language: enough to catch template
# differences without checking every venue and every event.
PAGES_PER_VIEW = 2
DOWNLOADS = (".ics", ".csv", ".json")
SKIPPED_PREFIXES = ("/static/", "/media/", "/i18n/", "/health/")


def view_name(path: str) -> str | None:
    with translation.override("en" if path.startswith("/en/") else "nb"):
        try:
            return resolve(path).view_name
        except Resolver404:
            return None


def crawl(axe_page, base_url: str, start_path: str, *, check_reflow: bool) -> dict[str, list[str]]:
    page = axe_page.page
    admin_prefixes = (f"/{settings.ADMIN_URL}", f"/en/{settings.ADMIN_URL}")
    queue: deque[str] = deque([start_path])
    seen: set[str] = {start_path}
    per_view: dict[str, int] = {}
    visited: dict[str, list[str]] = {}
    while queue:
        path = queue.popleft()
        if urlsplit(path).path.endswith(DOWNLOADS):
            # Calendar feeds and exports: fetched, not rendered.
            download = page.request.get(base_url + path)
            assert download.status == 200, f"{path} answered {download.status}"
            visited.setdefault(view_name(urlsplit(path).path) or "?", []).append(path)
            continue
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response and response.status}"
        )
        problems = axe_page.problems()
        assert not problems, f"{path}:\n" + "\n".join(problems)
        if check_reflow:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320 px (400 % zoom)"
        visited.setdefault(view_name(urlsplit(path).path) or "?", []).append(path)
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            url = urlsplit(urljoin(base_url + path, href))
            if url.netloc != urlsplit(base_url).netloc or url.scheme not in {"http", "https"}:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target in seen or url.path.startswith(SKIPPED_PREFIXES + admin_prefixes):
                continue
            # Stay in the language we started in.
            if start_path.startswith("/en/") != url.path.startswith("/en/"):
                continue
            name = view_name(url.path)
            if name is None or per_view.get(name, 0) >= PAGES_PER_VIEW:
                continue
            per_view[name] = per_view.get(name, 0) + 1
            seen.add(target)
            queue.append(target)
    return visited


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("start_path", "width"),
    # Norwegian on a desktop; English at 320 CSS px, which is a 1280 px screen at 400 % zoom.
    [("/", 1280), ("/en/", 320)],
)
def test_every_public_page__in_both_languages__answers_and_passes_axe(
    live_server, axe_page, start_path, width
):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    axe_page.page.set_viewport_size({"width": width, "height": 900})
    visited = crawl(axe_page, live_server.url, start_path, check_reflow=width <= 320)
    assert "front_page" in visited
    assert "privacy" in visited
    assert "accessibility_statement" in visited
    for paths in visited.values():
        for path in paths:
            assert path.startswith("/en/") == start_path.startswith("/en/")

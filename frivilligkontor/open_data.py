"""The read-only open-data API under /api/v1/ (django-ninja).

Each app that publishes data has `<app>/open_data.py` with a ninja `router` and a `PREFIX`
("/venues"); the core finds them (frivilligkontor.discovery) and mounts them, so it
imports no app by name. Every response is JSON, paginated where it is a list, with an
ETag and Last-Modified, open to every origin (CORS, GET only) and limited per address.
Nothing in it is personal data: only what the public pages show, without names or
contact details of people (tests/test_open_data.py walks every endpoint and field).
"""

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache, wraps
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, re_path, reverse
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.http import conditional_page, require_safe
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from frivilligkontor.discovery import app_modules
from frivilligkontor.links import site_url
from frivilligkontor.throttle import over_limit

PAGE_SIZE = 50

# Dates in parameters are moved into this range (nothing here is older or that far ahead).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def within_range(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


# Parameters are read as written in the description, not as leniently as pydantic would:
# "0" is not a date (pydantic reads it as 1 January 1970), "yes" or "1" not a boolean and
# "5_0" or " 5" not a whole number ("5.0" is one, as in JSON Schema). Anything else is
# answered 400, as the description says.
def _written_as(pattern: str, what: str) -> BeforeValidator:
    form = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and not form.fullmatch(value):
            raise PydanticCustomError("written_as", "Input should be {what}", {"what": what})
        return value

    return BeforeValidator(check)


WHOLE_NUMBER = _written_as(r"-?\d{1,12}(\.0*)?", "a whole number in digits")
Day = Annotated[date, _written_as(r"\d{4}-\d{2}-\d{2}", "a date as YYYY-MM-DD")]
Flag = Annotated[bool, _written_as(r"true|false", "true or false")]


def whole(*, ge: int, le: int) -> Any:
    """A whole number from `ge` to `le`. The bounds come before the check of how it is
    written, so the description says minimum/maximum (after it, pydantic writes "ge"/"le",
    which JSON Schema does not know)."""
    return Annotated[int, Field(ge=ge, le=le), WHOLE_NUMBER]


DistrictNumber = whole(ge=1, le=99)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("no_nul", "Input should not hold a NUL character")
    return value


# Words to search for, as the pages' search boxes take them: no NUL (PostgreSQL refuses it),
# which the description says as a pattern and the check says in words.
SearchText = Annotated[
    str,
    Field(max_length=100, json_schema_extra={"pattern": r"^[^\x00]*$"}),
    AfterValidator(_no_nul),
]
MAX_PAGE_SIZE = 200
PageNumber = whole(ge=1, le=100000)
PageSize = whole(ge=1, le=MAX_PAGE_SIZE)

# An id in a path: a positive whole number the database can hold.
Id = Annotated[whole(ge=1, le=2_147_483_647), Path(description="Stable id.")]


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")


class Pages(PaginationBase):
    """?page=1&page_size=50: `count` is the number of hits, `items` one page of them."""

    class Input(Schema):
        page: PageNumber = Field(1, description="Page number, from 1.")
        page_size: PageSize = Field(PAGE_SIZE, description="Items per page (at most 200).")

    class Output(Schema):
        count: int = Field(description="Items in all pages.")
        page: int
        page_size: int
        items: list[Any]

    def paginate_queryset(self, queryset: Any, pagination: Input, **params: Any) -> Any:
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": list(queryset[start : start + pagination.page_size]),
        }


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Every operation also answers 400 (bad parameters) and 429 (too many requests)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
            Error.model_json_schema()
        )
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault("400", {"description": "Bad parameters", "content": reference})
                responses.setdefault(
                    "429", {"description": "Too many requests", "content": reference}
                )
                if "{" in path:
                    responses.setdefault("404", {"description": "Not found", "content": reference})
        return schema


@cache
def api() -> OpenDataAPI:
    open_data = OpenDataAPI(
        title="Frivilligkontoret – open data",
        version="1",
        description=(
            "Read-only data from Oslo kommune's Frivilligkontoret: venues and rooms with "
            "their free and busy times, grant schemes with deadlines, events with places "
            "left, and the approved organisations in the directory. No personal data. "
            "Lists are paginated (page, page_size). Open to every origin (CORS); at most "
            f"{settings.OPEN_DATA_REQUESTS_PER_MINUTE} requests a minute per address."
        ),
        urls_namespace="open_data",
        docs_url=None,
        openapi_url="/openapi.json",
    )

    @open_data.exception_handler(ValidationError)
    def bad_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
        # A location is ("query", name) or, for a repeated parameter, ("query", "filters",
        # name, index): named as the address writes it, "facility.0".
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item.get('loc', [])[1:] if part != 'filters')}"
            f"{'' if len(item.get('loc', [])) > 1 else 'request'}: {item.get('msg', '')}"
            for item in error.errors
        )
        return JsonResponse({"detail": problems or "Bad parameters."}, status=400)

    for _config, module in app_modules("open_data", include_core=False):
        open_data.add_router(module.PREFIX, module.router)
    return open_data


def last_modified(response: HttpResponse, moments: Iterable[datetime | None]) -> None:
    """Set Last-Modified to the newest of `moments` (the items' change times)."""
    newest = max((moment for moment in moments if moment is not None), default=None)
    if newest is not None:
        response["Last-Modified"] = http_date(newest.timestamp())


def with_last_modified(
    response: HttpResponse, queryset: QuerySet, *, field: str = "updated_at"
) -> QuerySet:
    """A list endpoint's answer: `queryset`, with Last-Modified set to its newest `field`."""
    last_modified(response, [queryset.aggregate(newest=Max(field))["newest"]])
    return queryset


def get_with_last_modified(
    response: HttpResponse, queryset: QuerySet, pk: int, *, field: str = "updated_at"
) -> Any:
    """An item endpoint's answer: the row `pk` of `queryset` (404 when it is not there), with
    Last-Modified set to its `field`."""
    found = get_object_or_404(queryset, pk=pk)
    last_modified(response, [getattr(found, field)])
    return found


def _open_to_all(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CORS for GET, the per-address limit, and ETag/Last-Modified with 304 answers."""
    conditional = conditional_page(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = JsonResponse(
                {"detail": "This API is read-only: use GET (or HEAD)."}, status=405
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif over_limit(
            request,
            purpose="open-data",
            limit=settings.OPEN_DATA_REQUESTS_PER_MINUTE,
            window_seconds=60,
        ):
            response = JsonResponse(
                {"detail": gettext("Too many requests from your address. Wait a minute.")},
                status=429,
            )
            response["Retry-After"] = "60"
        else:
            # ninja answers GET only; HEAD is the same answer without its body.
            is_head = request.method == "HEAD"
            request.method = "GET" if is_head else request.method
            response = conditional(request, *args, **kwargs)
            if is_head:
                request.method = "HEAD"
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
            if response.status_code == 200:
                response["Cache-Control"] = "public, max-age=300"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response

    return wrapped


def _wrap_all(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _wrap_all(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _open_to_all(pattern.callback)
    return patterns


def _index(request: HttpRequest) -> HttpResponse:
    """/api/v1/ itself: where the description and its readable page are, and the lists."""
    schema = api().get_openapi_schema()
    return JsonResponse(
        {
            "title": schema["info"]["title"],
            "openapi": site_url(reverse("open_data:openapi-json")),
            "documentation": site_url(reverse("open_data")),
            "endpoints": [site_url(url) for url in schema["paths"] if "{" not in url],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """An address under /api/v1/ that is no endpoint: a 404 in JSON, like the API's others."""
    return JsonResponse(
        {"detail": f"No endpoint here. The endpoints are described at {reverse('open_data')}."},
        status=404,
    )


def urls() -> tuple[list[Any], str, str]:
    patterns, app_name, namespace = api().urls
    patterns = [
        # ninja's own root answers 404 when it has no docs page; ours (by the same name, which
        # ninja reverses for the description's base path) says where they are.
        *(pattern for pattern in patterns if getattr(pattern, "name", "") != "api-root"),
        re_path(r"^$", require_safe(_index), name="api-root"),
        re_path(r"^(?P<rest>.+)$", require_safe(_not_found), name="not_found"),
    ]
    return _wrap_all(patterns), app_name, namespace


# --- the human-readable description (the "Åpne data" page) ------------------------------


def _type_text(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type_text(part, components) for part in schema["anyOf"]]
        real = [kind for kind in kinds if kind != "null"]
        return " | ".join(real) + (" | null" if len(real) < len(kinds) else "")
    if "enum" in schema:
        return " | ".join(f"“{value}”" for value in schema["enum"])
    if schema.get("type") == "array":
        return f"list of {_type_text(schema.get('items', {}), components)}"
    text = schema.get("format") or schema.get("type", "object")
    if "minimum" in schema or "maximum" in schema:
        text += f" ({schema.get('minimum', '…')}–{schema.get('maximum', '…')})"
    return text


def _fields(name: str, components: dict[str, Any]) -> list[dict[str, str]]:
    schema = components.get(name, {})
    properties = schema.get("properties", {})
    if set(properties) >= {"items", "count"}:  # a page: describe what one item holds
        return _fields(_type_text(properties["items"].get("items", {}), components), components)
    return [
        {
            "name": field,
            "type": _type_text(details, components),
            "description": details.get("description", ""),
        }
        for field, details in properties.items()
    ]


def describe() -> dict[str, Any]:
    """The OpenAPI description turned into lists for a page: each endpoint with its
    parameters and the fields it answers with, and each schema nested in them."""
    schema = api().get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    endpoints, nested = [], {}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            reference = (
                (responses.get(200) or responses.get("200") or {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            answer = _type_text(reference, components)
            fields = _fields(answer.removeprefix("list of "), components)
            for field in fields:
                for part in field["type"].replace("list of ", "").split(" | "):
                    if part in components and part not in nested:
                        nested[part] = _fields(part, components)
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "is_list": answer.startswith("Paged") or answer.startswith("list of"),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": _type_text(parameter.get("schema", {}), components),
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "fields": fields,
                    "anchor": f"{method}-{path}".replace("/", "-")
                    .replace("{", "")
                    .replace("}", ""),
                }
            )
    return {"endpoints": endpoints, "nested": nested, "info": schema.get("info", {})}

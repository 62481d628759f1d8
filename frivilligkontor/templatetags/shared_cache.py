"""`{% for_everyone %}`: a piece of a page that is the same for every visitor, kept in the
shared cache (frivilligkontor/shared_cache.py) until the data it shows changes.

    {% load shared_cache %}
    {% for_everyone "venue-filters" "frivilligkontor.unit" request.GET.urlencode %}
      … the filter form …
    {% endfor_everyone %}

The first argument names the piece, the second lists (comma-separated) the models it shows
("app" or "app.model"), the rest are what it varies with (the language always). The piece
must not hold a CSRF token or the response's CSP nonce: it would be served to others. The
tag refuses to cache a piece that does, with an error, so a mistake shows in the tests."""

from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from frivilligkontor import shared_cache

register = template.Library()


class ForEveryoneNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: FilterExpression,
        depends_on: FilterExpression,
        vary: list[FilterExpression],
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.depends_on = depends_on
        self.vary = vary

    def render(self, context: template.Context) -> SafeString:
        name = str(self.name.resolve(context))
        labels = [label.strip() for label in str(self.depends_on.resolve(context)).split(",")]
        vary = [str(expression.resolve(context)) for expression in self.vary]

        def build() -> SafeString:
            html = self.nodelist.render(context)
            _refuse_secrets(html, context, name)
            return mark_safe(html)  # noqa: S308 — the template's own, escaped output

        return shared_cache.for_everyone(
            f"fragment:{name}", build, depends_on=labels, vary=vary, timeout=300
        )


def _refuse_secrets(html: str, context: template.Context, name: str) -> None:
    # A CSRF token is masked differently in every response, so look for its field; the
    # nonce is one value per response.
    nonce = str(context.get("csp_nonce") or "")
    if "csrfmiddlewaretoken" in html or (nonce and nonce in html):
        raise ImproperlyConfigured(
            f"{{% for_everyone {name!r} %}} holds a CSRF token or CSP nonce: it cannot be "
            "kept for every visitor."
        )


@register.tag("for_everyone")
def do_for_everyone(parser: Parser, token: Token) -> Any:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name, the models it shows and what it varies with."
        )
    nodelist = parser.parse(("endfor_everyone",))
    parser.delete_first_token()
    return ForEveryoneNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(bit) for bit in bits[3:]],
    )

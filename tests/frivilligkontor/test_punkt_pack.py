"""The "punkt" crispy-forms template pack (templates/punkt/) renders accessible Punkt markup.

A small form is rendered both ways crispy offers (the ``{% crispy %}`` tag with a FormHelper,
and the ``|crispy`` filter) with bound, invalid data, and the HTML is checked the way an
assistive technology would use it: every error sits beside its field and is tied to it with
aria-describedby, invalid inputs say aria-invalid="true", the error summary links to the
fields, what the person typed is still there, and labels carry no trailing colon.
"""

import re
from pathlib import Path

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test.html import Element, parse_html
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PACK_DIR = ROOT / "templates" / "punkt"
PUNKT_CSS = ROOT / "static" / "vendor" / "punkt" / "punkt.css"


class ContactForm(forms.Form):
    name = forms.CharField(label="Name", max_length=10, help_text="First and last name")
    email = forms.EmailField(label="E-mail address", help_text="We reply to this address")
    size = forms.ChoiceField(
        label="Size of the organisation",
        choices=[("small", "Small"), ("large", "Large")],
        widget=forms.RadioSelect,
        help_text="Members, roughly",
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("venues", "Venues"), ("grants", "Grants")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick all that apply",
    )
    consent = forms.BooleanField(label="I agree to be contacted", help_text="Required to reply")
    message = forms.CharField(
        label="Message", widget=forms.Textarea, min_length=20, help_text="At least 20 characters"
    )


class ClosedContactForm(ContactForm):
    def clean(self):
        super().clean()
        raise forms.ValidationError("The office is closed for enquiries today.")


INVALID_DATA = {
    "name": "Kari Nordmann-Hansen",  # too long
    "email": "kari-at-example",  # not an e-mail address
    "size": "huge",  # not a choice
    "topics": ["grants", "bowling"],  # one valid, one not
    # consent missing: required
    "message": "Too short",
}

FIELD_IDS = {
    # field name -> id of the element keyboard focus should land on
    "name": "id_name",
    "email": "id_email",
    "size": "id_size_0",
    "topics": "id_topics_0",
    "consent": "id_consent",
    "message": "id_message",
}
GROUPS = {"size", "topics"}  # rendered as <fieldset> with one input per option


# --- a tiny DOM over django.test.html ------------------------------------------------------


def _attrs(element: Element) -> dict[str, str | None]:
    return dict(element.attributes)


def _walk(node, ancestors=()):
    if isinstance(node, Element):
        yield node, ancestors
        for child in node.children:
            yield from _walk(child, (*ancestors, node))


def _text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join(_text(child) for child in node.children)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Dom:
    def __init__(self, html: str) -> None:
        self.html = html
        self.root = parse_html(html)
        self.elements = list(_walk(self.root))

    def by_id(self, element_id: str) -> Element:
        found = [el for el, _ in self.elements if _attrs(el).get("id") == element_id]
        assert len(found) == 1, f"expected exactly one #{element_id}, found {len(found)}"
        return found[0]

    def ids(self) -> list[str]:
        return [_attrs(el)["id"] for el, _ in self.elements if _attrs(el).get("id")]

    def find(self, name: str | None = None, **attrs: str) -> list[Element]:
        result = []
        for el, _ in self.elements:
            if name and el.name != name:
                continue
            element_attrs = _attrs(el)
            if all(
                element_attrs.get(key.rstrip("_").replace("_", "-")) == value
                for key, value in attrs.items()
            ):
                result.append(el)
        return result

    def inputs_of(self, field: str) -> list[Element]:
        return [
            el
            for el, _ in self.elements
            if el.name in {"input", "textarea", "select"} and _attrs(el).get("name") == field
        ]

    def wrapper_of(self, field: str) -> Element:
        return self.by_id(f"div_id_{field}")

    def contains(self, outer: Element, inner: Element) -> bool:
        return any(el is inner for el, _ in _walk(outer))


# --- rendering -----------------------------------------------------------------------------


def render_with_helper(form: forms.Form) -> str:
    form.helper = FormHelper()
    form.helper.form_id = "contact-form"
    form.helper.add_input(Submit("send", "Send"))
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def render_with_filter(form: forms.Form) -> str:
    return Template(
        '{% load crispy_forms_tags %}<form method="post" novalidate>{{ form|crispy }}</form>'
    ).render(Context({"form": form}))


RENDERERS = [
    pytest.param(render_with_helper, id="crispy-tag"),
    pytest.param(render_with_filter, id="crispy-filter"),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def invalid_form() -> ContactForm:
    form = ClosedContactForm(data=INVALID_DATA)
    assert not form.is_valid()
    assert set(form.errors) == {"__all__", *FIELD_IDS}
    return form


# --- tests ---------------------------------------------------------------------------------


def test_settings_use_the_punkt_pack():
    assert settings.CRISPY_TEMPLATE_PACK == "punkt"
    assert "punkt" in settings.CRISPY_ALLOWED_TEMPLATE_PACKS


@pytest.mark.parametrize("render", RENDERERS)
def test_each_error_is_rendered_beside_its_field(render, invalid_form):
    dom = Dom(render(invalid_form))

    for field in FIELD_IDS:
        wrapper = dom.wrapper_of(field)
        assert "pkt-inputwrapper--error" in _attrs(wrapper)["class"].split()
        error = dom.by_id(f"id_{field}_error")
        assert dom.contains(wrapper, error), f"{field}: error outside the field's wrapper"
        classes = _attrs(error)["class"].split()
        assert {"pkt-alert", "pkt-alert--error"} <= set(classes)
        for message in invalid_form.errors[field]:
            assert message in _normalise(_text(error))
        for element in dom.inputs_of(field):
            assert dom.contains(wrapper, element), f"{field}: input outside its wrapper"


@pytest.mark.parametrize("render", RENDERERS)
def test_invalid_inputs_are_marked_aria_invalid(render, invalid_form):
    dom = Dom(render(invalid_form))

    for field in FIELD_IDS:
        inputs = dom.inputs_of(field)
        assert inputs, field
        for element in inputs:
            assert _attrs(element).get("aria-invalid") == "true", (field, _attrs(element))

    unbound = Dom(render(ContactForm()))
    assert "aria-invalid" not in unbound.html
    assert "pkt-inputwrapper--error" not in unbound.html


@pytest.mark.parametrize("render", RENDERERS)
def test_aria_describedby_points_to_help_text_and_error(render, invalid_form):
    dom = Dom(render(invalid_form))
    ids = dom.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"

    for field in FIELD_IDS:
        if field in GROUPS:
            # Radio buttons / checkboxes: the description belongs to the group.
            fieldset = next(
                el for el in dom.find("fieldset") if dom.contains(dom.wrapper_of(field), el)
            )
            holders = [fieldset]
            for element in dom.inputs_of(field):
                assert dom.contains(fieldset, element)
        else:
            holders = dom.inputs_of(field)
        for holder in holders:
            described_by = (_attrs(holder).get("aria-describedby") or "").split()
            assert described_by == [f"id_{field}_helptext", f"id_{field}_error"], field
            for target in described_by:
                assert target in ids, f"{field}: aria-describedby → missing #{target}"
        help_text = dom.by_id(f"id_{field}_helptext")
        assert _normalise(_text(help_text)) == str(invalid_form.fields[field].help_text)


@pytest.mark.parametrize("render", RENDERERS)
def test_error_summary_links_to_every_invalid_field(render, invalid_form):
    dom = Dom(render(invalid_form))

    summaries = dom.find("div", role="alert")
    assert len(summaries) == 1
    summary = summaries[0]
    assert {"pkt-alert", "pkt-alert--error"} <= set(_attrs(summary)["class"].split())
    # It comes before the first field.
    assert dom.html.index('role="alert"') < dom.html.index('id="div_id_name"')

    headings = [el for el, _ in _walk(summary) if el.name in {"h2", "h3"}]
    assert [_normalise(_text(h)) for h in headings] == ["There is a problem"]

    summary_text = _normalise(_text(summary))
    assert "The office is closed for enquiries today." in summary_text  # non-field error

    links = [el for el, _ in _walk(summary) if el.name == "a"]
    hrefs = [_attrs(link)["href"] for link in links]
    assert hrefs == [f"#{FIELD_IDS[field]}" for field in FIELD_IDS]
    for link, field in zip(links, FIELD_IDS, strict=True):
        target = dom.by_id(FIELD_IDS[field])
        assert target.name in {"input", "textarea", "select"}
        assert _attrs(target)["name"] == field
        label = str(invalid_form.fields[field].label)
        assert _normalise(_text(link)).startswith(label)
        assert invalid_form.errors[field][0] in _normalise(_text(link))


@pytest.mark.parametrize("render", RENDERERS)
def test_typed_values_are_kept(render, invalid_form):
    dom = Dom(render(invalid_form))

    assert _attrs(dom.by_id("id_name"))["value"] == "Kari Nordmann-Hansen"
    assert _attrs(dom.by_id("id_email"))["value"] == "kari-at-example"
    assert _normalise(_text(dom.by_id("id_message"))) == "Too short"
    checked = {_attrs(el)["value"] for el in dom.inputs_of("topics") if "checked" in _attrs(el)}
    assert checked == {"grants"}
    assert not [el for el in dom.inputs_of("size") if "checked" in _attrs(el)]
    assert "checked" not in _attrs(dom.by_id("id_consent"))


@pytest.mark.parametrize("render", RENDERERS)
def test_labels_and_legends_have_no_colon_and_name_every_input(render, invalid_form):
    dom = Dom(render(invalid_form))

    labels = dom.find("label")
    legends = dom.find("legend")
    assert labels and legends
    for element in [*labels, *legends]:
        text = _normalise(_text(element))
        assert text and not text.endswith(":"), text
        assert ":" not in text, text

    label_for = {_attrs(label).get("for") for label in labels}
    for element, _ in dom.elements:
        if element.name in {"input", "textarea", "select"} and _attrs(element).get("type") not in {
            "hidden",
            "submit",
        }:
            assert _attrs(element)["id"] in label_for, f"unlabelled {_attrs(element)}"

    # Groups are fieldsets whose legend is the field label.
    legend_texts = [_normalise(_text(legend)) for legend in legends]
    assert any(text.startswith("Size of the organisation") for text in legend_texts)
    assert any(text.startswith("Topics") for text in legend_texts)
    # Required fields say so in words, inside the label.
    assert "Required" in _normalise(_text(dom.find("label", for_="id_name")[0]))


@pytest.mark.parametrize("render", RENDERERS)
def test_uses_punkt_input_classes(render, invalid_form):
    dom = Dom(render(invalid_form))

    assert "pkt-input" in _attrs(dom.by_id("id_name"))["class"].split()
    assert "pkt-input" in _attrs(dom.by_id("id_message"))["class"].split()
    for field in ("size", "topics", "consent"):
        for element in dom.inputs_of(field):
            assert "pkt-input-check__input-checkbox" in _attrs(element)["class"].split()
    assert dom.find("label", for_="id_name")[0].attributes  # label exists
    assert "pkt-inputwrapper__label" in _attrs(dom.find("label", for_="id_name")[0])["class"]


def test_helper_form_has_punkt_button_and_no_inline_style_or_script(invalid_form):
    html = render_with_helper(invalid_form)
    dom = Dom(html)

    form = dom.by_id("contact-form")
    assert form.name == "form" and "novalidate" in _attrs(form)
    button = dom.by_id("submit-id-send")
    assert button.name == "button" and _attrs(button)["type"] == "submit"
    assert _attrs(button)["class"].split()[0] == "pkt-btn"
    assert "btn-primary" not in html
    assert " style=" not in html and "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_valid_form_has_no_error_summary():
    form = ContactForm(
        data={
            "name": "Kari",
            "email": "kari@example.org",
            "size": "small",
            "topics": ["venues"],
            "consent": "on",
            "message": "A question about booking a room.",
        }
    )
    assert form.is_valid(), form.errors
    html = render_with_filter(form)
    assert 'role="alert"' not in html
    assert "There is a problem" not in html


def test_every_punkt_class_in_the_pack_exists_in_the_compiled_css():
    css = PUNKT_CSS.read_text()
    defined = set(re.findall(r"\.(pkt-[A-Za-z0-9_-]+)", css))
    used = set()
    for template in PACK_DIR.rglob("*.html"):
        used |= set(re.findall(r"\b(pkt-[a-z0-9_-]+[a-z0-9])\b", template.read_text()))
    missing = sorted(used - defined)
    assert not missing, f"classes used by templates/punkt but not in punkt.css: {missing}"


def test_vendored_punkt_css_loads_nothing_from_outside():
    css = PUNKT_CSS.read_text()
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls
    for raw in urls:
        url = raw.strip("'\"")
        assert not re.match(r"^([a-z]+:)?//", url), url
        if not url.startswith("data:"):
            assert (PUNKT_CSS.parent / url).is_file(), f"missing {url}"

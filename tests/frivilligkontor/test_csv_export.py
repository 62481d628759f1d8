"""The one CSV writer: what the public typed can never run as a spreadsheet formula."""

import csv
import io

import pytest

from frivilligkontor.csv_export import csv_response, safe_cell


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Ola Nordmann", "Ola Nordmann"),
        ("-5", "-5"),
        ("12,5", "12,5"),
        (7, 7),
    ],
)
def test_safe_cell__neutralises_formulas_and_keeps_numbers(typed, written):
    assert safe_cell(typed) == written


def test_csv_response__every_cell_is_safe_and_excel_reads_utf8():
    response = csv_response("deltakere.csv", ["Navn", "E-post"], [["=1+1", "å@example.org"]])
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Navn", "E-post"], ["'=1+1", "å@example.org"]]
    assert response["Content-Disposition"] == 'attachment; filename="deltakere.csv"'

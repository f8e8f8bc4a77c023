#!/usr/bin/env python3
"""Writes an .xlsx workbook with openpyxl, one sheet per UTF-8 CSV file, as a person's
spreadsheet holds a table: numbers as numbers, dates (2024-05-01) as date cells formatted as
dates, everything else as text. The tests of `govkg import` (tests/linking.rs) make their
spreadsheet fixtures with it, so that govkg reads what a real tool writes.

usage: make_xlsx.py OUT.xlsx TABLE.csv=SHEET [TABLE.csv=SHEET ...]
"""
import csv
import datetime
import re
import sys

import openpyxl

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^-?\d+$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")


def cell(text):
    if INTEGER.match(text) and len(text) < 16:
        return int(text)
    if DECIMAL.match(text):
        return float(text)
    if DATE.match(text):
        return datetime.date.fromisoformat(text)
    return text


def main(out, tables):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in tables:
        path, sheet_name = table.rsplit("=", 1)
        sheet = book.create_sheet(title=sheet_name)
        with open(path, encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.reader(f)):
                # The header row stays text, as a person types column names.
                sheet.append(row if i == 0 else [cell(c) for c in row])
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, datetime.date):
                    c.number_format = "yyyy-mm-dd"
    book.save(out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])

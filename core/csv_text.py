"""Reading the CSV files people bring: UTF-8 with or without BOM, or ISO-8859-15 (Latin-9), as exported in France."""

import codecs
from decimal import Decimal


def csv_bytes_decode(data: bytes | str) -> str:
    """The text of an uploaded file. Strict UTF-8 first: ISO-8859-15 accepts any byte, so the order matters."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("iso-8859-15")


# For readers that stream a file from disk and retry with the next encoding.
CSV_ENCODINGS = ("utf-8-sig", "iso-8859-15")


def csv_decimal(value: str) -> Decimal:
    """A number as French files write it: decimal comma, spaces (or no-break spaces) between thousands, maybe
    followed by €. Raises decimal.InvalidOperation when it is none."""
    return Decimal(value.replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", "."))

"""The periods the observatory reads: a day, an ISO week (Monday to Sunday), a calendar month or a year, each with
the same period a year earlier to compare with."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
KINDS = (DAY, WEEK, MONTH, YEAR)
KIND_LABELS = {
    DAY: gettext_lazy("Jour"),
    WEEK: gettext_lazy("Semaine"),
    MONTH: gettext_lazy("Mois"),
    YEAR: gettext_lazy("Année"),
}


class PeriodInvalid(ValueError):
    """A period asked for that does not exist; its message is for the reader."""


def _month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        """The period of ``kind`` that ``day`` falls in."""
        if kind == DAY:
            return cls(kind, day)
        if kind == WEEK:
            return cls(kind, day - timedelta(days=day.weekday()))
        if kind == MONTH:
            return cls(kind, day.replace(day=1))
        if kind == YEAR:
            return cls(kind, date(day.year, 1, 1))
        raise PeriodInvalid(_("Choisissez une période : jour, semaine, mois ou année."))

    @classmethod
    def parse(cls, kind: str, value: str, *, today: date) -> "Period":
        """The period a reader asked for (``value``: a date, 2026-11, 2026-W48 or 2026; empty: the current one)."""
        if kind not in KINDS:
            raise PeriodInvalid(_("Choisissez une période : jour, semaine, mois ou année."))
        value = (value or "").strip()
        if not value:
            return cls.containing(kind, today)
        try:
            if kind == YEAR and len(value) == 4:
                day = date(int(value), 1, 1)
            elif kind == MONTH and len(value) == 7:
                day = date(int(value[:4]), int(value[5:7]), 1)
            elif kind == WEEK and "-W" in value.upper():
                year, week = value.upper().split("-W")
                day = date.fromisocalendar(int(year), int(week), 1)
            else:
                day = date.fromisoformat(value[:10])
        except ValueError as error:
            raise PeriodInvalid(
                _(
                    "« %(value)s » n'est pas une période connue : par exemple 2026-11-28, 2026-W48, 2026-11 ou 2026."
                )
                % {"value": value[:40]}
            ) from error
        if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise PeriodInvalid(_("Choisissez une période entre 2000 et 2100."))
        return cls.containing(kind, day)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.kind == DAY:
            return self.start + timedelta(days=1)
        if self.kind == WEEK:
            return self.start + timedelta(days=7)
        if self.kind == MONTH:
            return _month_add(self.start, 1)
        return date(self.start.year + 1, 1, 1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def year_earlier(self) -> "Period":
        """The same period a year before: the same date, ISO week, month or year."""
        if self.kind == WEEK:
            year, week, _weekday = self.start.isocalendar()
            try:
                return Period(WEEK, date.fromisocalendar(year - 1, week, 1))
            except ValueError:  # week 53 of a year whose previous one has 52
                return Period(WEEK, date.fromisocalendar(year - 1, 52, 1))
        try:
            return Period.containing(self.kind, self.start.replace(year=self.start.year - 1))
        except ValueError:  # 29 February
            return Period(DAY, self.start.replace(year=self.start.year - 1, day=28))

    def shifted(self, steps: int) -> "Period":
        """The period ``steps`` before (negative) or after (positive) this one, of the same kind."""
        if self.kind == DAY:
            return Period(DAY, self.start + timedelta(days=steps))
        if self.kind == WEEK:
            return Period(WEEK, self.start + timedelta(days=7 * steps))
        if self.kind == MONTH:
            return Period(MONTH, _month_add(self.start, steps))
        return Period(YEAR, date(self.start.year + steps, 1, 1))

    @property
    def value(self) -> str:
        """The period as the pages' ``date`` parameter writes it."""
        if self.kind == YEAR:
            return f"{self.start:%Y}"
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == WEEK:
            year, week, _weekday = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return self.start.isoformat()

    @property
    def label(self) -> str:
        """The period in the reader's words: « mardi 1 décembre 2026 », « semaine du 30 novembre 2026 », …"""
        if self.kind == DAY:
            return date_format(self.start, "l j F Y")
        if self.kind == WEEK:
            return _("semaine du %(day)s") % {"day": date_format(self.start, "j F Y")}
        if self.kind == MONTH:
            return date_format(self.start, "F Y")
        return f"{self.start:%Y}"

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.value}"

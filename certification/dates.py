"""Dates as Trellis counts them: today in the site's time zone, a validity period in months, a
case's deadline in business days, and the long form printed in emails and on pages.

One home for them, so forms, selectors and views read a date without importing a service.
"""

import calendar
import datetime

from django.utils import timezone
from django.utils.formats import date_format


def today() -> datetime.date:
    """Today's date where the site is (settings.TIME_ZONE), not the server's UTC date."""
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_business_days(day: datetime.date, count: int) -> datetime.date:
    """The date `count` weekdays after `day` (Saturdays and Sundays do not count)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def long_date(day: datetime.date) -> str:
    """ "March 12, 2027": how emails and case pages write a deadline."""
    return date_format(day, "F j, Y")

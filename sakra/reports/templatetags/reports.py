"""Swedish figures and dates in the report's templates (sakra.reports.output does the work)."""

from django import template

from ..output import number, swedish_date

register = template.Library()
register.filter("sv_number", number)
register.filter("sv_date", swedish_date)

"""Reports, chapters and prints are domain rows: read-only here, changed through the services."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["year", "administration", "number", "status"]
    exclude = ["facts"]


@admin.register(models.Chapter)
class ChapterAdmin(ReadOnlyAdmin):
    list_display = ["report", "area", "status"]

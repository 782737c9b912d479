"""The continuity pages: thin, rows from `for_user()`, every change through a service; one
module per part of the app."""

from .civil import (
    civil,
    wartime_plan,
    wartime_plan_create,
    wartime_plan_edit,
    wartime_post,
    wartime_post_add,
)
from .crisis import (
    crises,
    crisis,
    crisis_close,
    crisis_entry,
    crisis_open,
    crisis_print,
    crisis_staff,
    crisis_summary,
)
from .exercises import (
    exercise,
    exercise_create,
    exercise_edit,
    exercise_evaluation,
    exercises,
    training,
    training_create,
)
from .plans import backup, index, plan, plan_create, plan_edit, plan_pdf
from .supply import stock, stock_action, stock_count, stock_create, stock_edit, supply

__all__ = [
    "backup",
    "civil",
    "crises",
    "crisis",
    "crisis_close",
    "crisis_entry",
    "crisis_open",
    "crisis_print",
    "crisis_staff",
    "crisis_summary",
    "exercise",
    "exercise_create",
    "exercise_edit",
    "exercise_evaluation",
    "exercises",
    "index",
    "plan",
    "plan_create",
    "plan_edit",
    "plan_pdf",
    "stock",
    "stock_action",
    "stock_count",
    "stock_create",
    "stock_edit",
    "supply",
    "training",
    "training_create",
    "wartime_plan",
    "wartime_plan_create",
    "wartime_plan_edit",
    "wartime_post",
    "wartime_post_add",
]

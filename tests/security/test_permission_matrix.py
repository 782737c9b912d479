# ruff: noqa: E501 - the matrix reads best as one route a line
"""The permission matrix: every page and API operation × every role × in and out of scope.

Each row is a route; each cell is "in/out": the answer for an object inside the role's scope
(Alfa, and the area `org.area`) and for one outside it (Beta, `org.other_area`). Columns:
anonymous, employee, manager, head of administration, security coordinator, security partner,
area owner, security chief, board member, auditor. POSTs carry an empty body: the answer shows
whether the request got past the access check (400/422: it reached validation; 403: seen but
not allowed; 404: not in scope, the same answer as a missing object). The meta-tests fail when
a route or API operation is missing from the table.
"""

import os

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sakra.config.api import api

from .figures import record
from .routes import API, EXEMPT, PAGES, fill
from .world import ROLES, build_world

MATRIX = """
home                                                              302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302
accounts:me                                                       302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
accounts:my-tasks                                                 302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
accounts:audit-trail                                              302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 403/403 200/200
accounts:audit-trail-csv                                          302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 403/403 200/200
accounts:mfa-setup                                                302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
accounts:mfa-verify                                               302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302 302/302
incidents:list                                                    302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:report                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:receipt                                                 302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
incidents:export-csv                                              302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:export-xlsx                                             302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
organisation:picker-options                                       302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:obligations                                             302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:roster                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:statistics                                              302/302 404/404 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:statistics-xlsx                                         302/302 404/404 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
incidents:retention                                               302/302 403/403 403/403 403/403 200/200 403/403 403/403 200/200 403/403 403/403
incidents:attachment                                              302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
incidents:detail                                                  302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
incidents:status                                                  302/302 404/404 422/404 422/404 422/404 422/404 422/404 422/422 404/404 422/404
incidents:assign                                                  302/302 404/404 403/404 403/404 422/404 403/404 403/404 422/422 404/404 403/404
incidents:severity                                                302/302 404/404 422/404 422/404 422/404 422/404 422/404 422/422 404/404 422/404
incidents:comment                                                 302/302 404/404 422/404 422/404 422/404 422/404 422/404 422/422 404/404 422/404
incidents:acknowledge                                             302/302 404/404 403/404 403/404 403/404 403/404 403/404 302/302 404/404 403/404
incidents:obligation                                              302/302 404/404 422/404 422/404 422/404 422/404 422/404 422/422 404/404 422/404
incidents:attachments                                             302/302 404/404 422/404 422/404 422/404 422/404 422/404 422/422 404/404 422/404
incidents:legal-hold                                              302/302 404/404 403/404 403/404 422/404 403/404 403/404 422/422 404/404 403/404
actions:list                                                      302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:my-tasks-moved                                            301/301 301/301 301/301 301/301 301/301 301/301 301/301 301/301 301/301 301/301
actions:export-csv                                                302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:export-xlsx                                               302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:create                                                    302/302 403/403 200/200 200/200 200/200 403/403 200/200 200/200 403/403 403/403
actions:detail                                                    302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
actions:start                                                     302/302 404/404 422/404 422/404 422/404 404/404 422/404 422/422 404/404 404/404
actions:complete                                                  302/302 404/404 422/404 422/404 422/404 404/404 422/404 422/422 404/404 404/404
actions:effect                                                    302/302 404/404 404/404 404/404 200/404 404/404 404/404 200/200 404/404 404/404
actions:cancel                                                    302/302 404/404 200/404 200/404 200/404 404/404 200/404 200/200 404/404 404/404
actions:follow-up                                                 302/302 404/404 200/404 200/404 200/404 404/404 200/404 200/200 404/404 404/404
actions:need-list                                                 302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:need-create                                               302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:need-detail                                               302/302 404/404 404/404 404/404 404/404 404/404 404/404 200/200 200/200 200/404
actions:board-queue                                               302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 200/200 403/403
actions:meeting-list                                              302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 200/200 403/403
actions:meeting-create                                            302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 200/200 403/403
actions:meeting-detail                                            302/302 404/404 404/404 404/404 404/404 404/404 404/404 200/200 200/200 404/404
actions:meeting-minutes                                           302/302 404/404 404/404 404/404 404/404 404/404 404/404 200/200 200/200 404/404
actions:plan-list                                                 302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
actions:plan-create                                               302/302 403/403 403/403 200/200 200/200 403/403 403/403 200/200 403/403 403/403
actions:plan-detail                                               302/302 404/404 200/404 200/404 200/404 200/404 404/404 200/200 200/200 200/404
actions:plan-copy                                                 302/302 404/404 404/404 302/404 422/404 404/404 404/404 422/302 404/404 404/404
actions:activity-status                                           302/302 404/404 404/404 422/404 422/404 404/404 422/404 422/422 404/404 404/404
goals:index                                                       302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:area                                                        302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:administration                                              302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:goal                                                        302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:indicator                                                   302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:coverage                                                    302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
goals:create                                                      302/302 403/403 403/403 200/200 200/200 403/403 200/200 200/200 403/403 403/403
goals:edit                                                        302/302 404/404 404/404 200/404 200/404 404/404 200/404 200/200 404/404 404/404
goals:archive                                                     302/302 404/404 404/404 422/404 422/404 404/404 422/404 422/422 404/404 404/404
goals:indicator-create                                            302/302 404/404 404/404 200/404 200/404 404/404 200/404 200/200 404/404 404/404
goals:indicator-edit                                              302/302 404/404 404/404 200/404 200/404 404/404 200/404 200/200 404/404 404/404
fire_safety:index                                                 302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
fire_safety:document                                              302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:document-pdf                                          302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:document-edit                                         302/302 404/404 404/404 404/404 200/404 404/404 200/404 200/200 404/404 404/404
fire_safety:control-point-add                                     302/302 404/404 404/404 404/404 200/404 404/404 200/404 200/200 404/404 404/404
fire_safety:inspection-add                                        302/302 404/404 404/404 404/404 200/404 404/404 200/404 200/200 404/404 404/404
fire_safety:rounds                                                302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
fire_safety:round                                                 302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:round-comment                                         302/302 404/404 422/404 403/404 422/404 403/404 422/404 422/422 404/404 403/404
fire_safety:photo                                                 302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:inspections                                           302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
fire_safety:inspection                                            302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:report                                                302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
fire_safety:remark-status                                         302/302 404/404 403/404 403/404 422/404 403/404 422/404 422/422 404/404 403/404
fire_safety:follow-up                                             302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
fire_safety:checklists                                            302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
fire_safety:checklist                                             302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
support:index                                                     302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
support:requests                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
support:ask                                                       302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
support:request                                                   302/302 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
support:assign                                                    302/302 404/404 403/404 403/404 422/404 422/404 403/404 422/422 404/404 403/404
support:answer                                                    302/302 404/404 403/404 403/404 422/404 422/404 403/404 422/422 404/404 403/404
support:close                                                     302/302 404/404 403/404 403/404 422/404 422/404 403/404 422/422 404/404 403/404
support:rate                                                      302/302 404/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 403/404
support:time                                                      302/302 404/404 403/404 403/404 422/404 422/404 403/404 422/422 404/404 403/404
support:action                                                    302/302 404/404 403/404 403/404 422/404 403/404 403/404 422/422 404/404 403/404
support:absences                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
support:absence-cancel                                            302/302 404/404 404/404 404/404 302/404 404/404 404/404 302/302 404/404 404/404
support:follow-up                                                 302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:index                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:forum                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:meeting-create                                         302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 404/404 404/404
governance:meeting                                                302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:meeting-minutes                                        302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 404/404 404/404
governance:meeting-pdf                                            302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:meeting-docx                                           302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:decision-create                                        302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 404/404 404/404
governance:decisions                                              302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:decision                                               302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:decision-distribute                                    302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 404/404 404/404
governance:decision-acknowledge                                   302/302 403/403 403/403 302/403 403/403 403/403 403/403 403/403 403/403 403/403
governance:mandates                                               302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:requirements                                           302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:requirements-unmet                                     302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:requirement-create                                     302/302 403/403 403/403 403/403 403/403 403/403 200/200 200/200 403/403 403/403
governance:requirement                                            302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:requirement-assess                                     302/302 404/404 404/404 404/404 404/404 404/404 200/404 200/200 404/404 404/404
governance:requirement-supersede                                  302/302 404/404 404/404 404/404 404/404 404/404 200/404 200/200 404/404 404/404
governance:plans                                                  302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:plan-create                                            302/302 403/403 403/403 200/200 200/200 403/403 403/403 200/200 403/403 403/403
governance:plan                                                   302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 200/200 200/404
governance:control-add                                            302/302 404/404 404/404 200/404 200/404 404/404 404/404 200/200 404/404 404/404
governance:plan-adopt                                             302/302 404/404 404/404 422/404 422/404 404/404 404/404 422/422 404/404 404/404
governance:occurrence                                             302/302 404/404 404/404 200/404 200/404 404/404 200/404 200/200 200/200 200/404
governance:occurrence-deficiency                                  302/302 404/404 404/404 422/404 422/404 404/404 404/404 422/422 404/404 404/404
governance:funding-list                                           302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:funding-create                                         302/302 403/403 403/403 403/403 403/403 403/403 403/403 200/200 403/403 403/403
governance:funding-summary                                        302/302 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
governance:funding                                                302/302 404/404 404/404 200/200 200/200 404/404 200/200 200/200 200/200 200/200
governance:funding-activity                                       302/302 404/404 404/404 404/404 404/404 404/404 404/404 200/200 404/404 404/404
GET /api/v1/units                                                 401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/units/{unit_id}                                       401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/sites                                                 401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/security-areas                                        401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/me                                                    401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/incident-categories                                   401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/incidents                                             401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/incidents/statistics                                  401/401 404/404 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/incidents                                            401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/incidents/{incident_id}                               401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/incidents/{incident_id}/status                       401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/incidents/{incident_id}/handler                      401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/incidents/{incident_id}/severity                     401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/incidents/{incident_id}/acknowledge                  401/401 404/404 403/404 403/404 403/404 403/404 403/404 422/422 404/404 403/404
POST /api/v1/incidents/{incident_id}/obligations/{obligation_id}  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/incidents/{incident_id}/timeline                      401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/incidents/{incident_id}/comments                     401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/incidents/{incident_id}/attachments                   401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/incidents/{incident_id}/attachments                  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/incidents/{incident_id}/attachments/{attachment_id}   401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
GET /api/v1/actions                                               401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/actions                                              401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/actions/{action_id}                                   401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/actions/{action_id}/start                            401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/actions/{action_id}/complete                         401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/actions/{action_id}/effect                           401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/actions/{action_id}/cancel                           401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/actions/{action_id}/follow-ups                       401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/improvement-needs                                     401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/improvement-needs                                    401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/improvement-needs/{need_id}                           401/401 404/404 404/404 404/404 404/404 404/404 404/404 200/200 200/200 200/404
GET /api/v1/goals                                                 401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/indicators/{indicator_id}/values                      401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/goals                                                401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/goals/{goal_id}                                      401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/goals/{goal_id}/archive                              401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/goals/{goal_id}/indicators                           401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/indicators/{indicator_id}                            401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/indicators/{indicator_id}/values                     401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/fire-safety/documents                                 401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/fire-safety/documents/{document_id}                   401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/fire-safety/documents/{document_id}                  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/fire-safety/documents/{document_id}/inspections      401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/fire-safety/rounds                                    401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/fire-safety/rounds/{round_id}                         401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/fire-safety/rounds/{round_id}/results                401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/fire-safety/rounds/{round_id}/comments               401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/fire-safety/remarks                                   401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/fire-safety/remarks/{remark_id}/status               401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/support/contacts                                      401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/support/requests                                      401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/support/requests                                     401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/support/requests/{request_id}                         401/401 404/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 200/404
POST /api/v1/support/requests/{request_id}/assign                 401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/support/requests/{request_id}/answer                 401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/support/requests/{request_id}/close                  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/support/requests/{request_id}/rating                 401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/support/requests/{request_id}/time                   401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/support/absences                                     401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/governance/forums                                     401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/governance/decisions                                  401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
GET /api/v1/governance/decisions/{decision_id}                    401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/governance/meetings/{meeting_id}/decisions           401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/governance/decisions/{decision_id}/recipients        401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/governance/decisions/{decision_id}/acknowledge       401/401 403/403 403/403 422/403 403/403 403/403 403/403 403/403 403/403 403/403
GET /api/v1/governance/requirements                               401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/governance/requirements                              401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
POST /api/v1/governance/requirements/{requirement_id}/assessment  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/governance/control-plans/{plan_id}                    401/401 404/404 404/404 200/404 200/404 404/404 404/404 200/200 200/200 200/404
POST /api/v1/governance/control-occurrences/{occurrence_id}/result  401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
GET /api/v1/governance/funding                                    401/401 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200
POST /api/v1/governance/funding/{funding_id}/activities           401/401 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422 422/422
"""

EXPECTED = {
    parts[0].strip(): parts[1:]
    for parts in (line.rsplit(maxsplit=10) for line in MATRIX.strip().splitlines())
}


def _routes():
    for name, (method, template) in PAGES.items():
        yield name, method, template
    for (method, operation), template in API.items():
        yield f"{method} {operation}", method, "/api/v1" + template


def _request(client, method, path):
    if method == "GET":
        return client.get(path)
    if path.startswith("/api/"):
        return client.post(path, data="{}", content_type="application/json")
    return client.post(path, {})


@pytest.mark.django_db
def test_every_cell_of_the_matrix(org):
    inside, outside = build_world(org)
    users = [None, *(org.user(role) for role in ROLES)]
    clients = []
    for user in users:
        client = Client()
        if user is not None:
            client.force_login(user)
        clients.append(client)
    mismatches, cells = [], 0
    for name, method, template in _routes():
        for column, client in enumerate(clients):
            got = "/".join(
                str(_request(client, method, fill(template, side)).status_code)
                for side in (inside, outside)
            )
            cells += 2
            if got != EXPECTED[name][column]:
                who = "anonymous" if column == 0 else ROLES[column - 1]
                mismatches.append(f"{name} as {who}: expected {EXPECTED[name][column]}, got {got}")
    print(f"permission matrix: {cells} cells checked")
    record("permission_matrix", "permission matrix cells checked", cells)
    assert not mismatches, "\n".join(mismatches)


def _named_routes(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin: staff only, guarded by Django itself
            inner = pattern.namespace or namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_is_in_the_matrix():
    # The API's routes are held against the OpenAPI schema in the next test.
    missing = [
        name
        for name in _named_routes(get_resolver().url_patterns)
        if name not in PAGES and name not in EXEMPT and not name.startswith("api:")
    ]
    assert not missing, f"routes missing from the permission matrix: {missing}"


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == set(API), (
        f"missing: {sorted(operations - set(API))}; stale: {sorted(set(API) - operations)}"
    )
    assert set(EXPECTED) == {name for name, _m, _t in _routes()}


@pytest.mark.skipif(not os.environ.get("SAKRA_MATRIX_PRINT"), reason="a maintainer's tool")
@pytest.mark.django_db
def test_print_the_matrix_as_it_is(org):
    """`SAKRA_MATRIX_PRINT=1 pytest tests/security -k print -s` prints today's answers in the
    table's format, to review by hand before pasting rows into MATRIX."""
    inside, outside = build_world(org)
    clients = [Client()]
    for role in ROLES:
        clients.append(Client())
        clients[-1].force_login(org.user(role))
    for name, method, template in _routes():
        cells = [
            "/".join(
                str(_request(client, method, fill(template, side)).status_code)
                for side in (inside, outside)
            )
            for client in clients
        ]
        print(f"{name:<62}  {' '.join(cells)}")

"""The authorities' notifications, drafted from the incident (issue 15).

For each reporting obligation Sakra tracks, a notification with the fields that authority asks
for (`specs.py`), pre-filled from the incident without names or the reporter's words, edited by
the handler, exported as PDF and plain text, and recorded as sent with the authority's case
reference, which stops the obligation's clock. A follow-up report where the law asks for one.
"""

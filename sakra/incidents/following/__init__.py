"""Managers in the loop (seed 004): a manager hears of the reports made in their unit, at each
report or in a daily digest, and sees the unit's open incidents in "Mina uppgifter".

Which reports a manager follows is decided by the incidents' one access path,
`Incident.objects.for_user(manager, FOLLOW)`: the reports in the unit subtree where they hold
the manager's role, without the restricted ones they may not read.
"""

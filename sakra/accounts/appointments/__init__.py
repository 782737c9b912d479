"""Roles appointed in the app: who holds which role in which scope, from when to when, why.

An appointment is the record the security chief keeps; the `RoleAssignment` it materialises is
what access reads. The assignment exists exactly while the appointment runs, so every other
module keeps asking "does this person hold the role" of `RoleAssignment` alone.
"""

"""SCIM 2.0 provisioning at /scim/v2/ (docs/adr/0007): the protocol is scim2-server's, the
mapping and the rules are `sakra.accounts.provisioning`'s (those of `sakra import-people`)."""

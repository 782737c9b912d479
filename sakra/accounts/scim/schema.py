"""What Sakra's SCIM service serves: Users with the enterprise extension and Sakra's own, and
one Group (the unit managers), and what it announces it can do."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Extension,
    External,
    Filter,
    Group,
    Patch,
    Reference,
    ResourceType,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    User,
)

SAKRA_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:sakra:2.0:User"
ENTERPRISE_USER_SCHEMA = str(EnterpriseUser.__schema__)
CORE_USER_SCHEMA = str(User.__schema__)
CORE_GROUP_SCHEMA = str(Group.__schema__)

#: The one group served: its members are the managers of their home units.
MANAGERS_GROUP_ID = "managers"

#: Most resources a page holds, whatever `count` asks for.
MAX_RESULTS = 200


class SakraUser(Extension):
    """Sakra's attributes, for a region that maps them from other claims than Entra's
    defaults: the unit (its external id, e.g. the HSA-id, or its code) and the manager flag."""

    __schema__ = URN(SAKRA_USER_SCHEMA)

    unit: str | None = None
    """The person's unit, by its external id or code; wins over the enterprise department."""

    manager: bool | None = None
    """Manager of that unit; also membership of the managers group."""


BEARER = AuthenticationScheme(
    type=AuthenticationScheme.Type.oauthbearertoken,
    name="OAuth Bearer Token",
    description="A SCIM token made with `sakra create-scim-token`",
    spec_uri=Reference[External]("https://datatracker.ietf.org/doc/html/rfc6750"),
    primary=True,
)


@cache
def provider() -> ScimProvider:
    config = ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[BEARER],
    )
    return ScimProvider(
        models=[User, EnterpriseUser, SakraUser, Group],
        resource_types=[
            ResourceType.from_resource(User[EnterpriseUser | SakraUser]),
            ResourceType.from_resource(Group),
        ],
        config=config,
    )


def managers_group_name() -> str:
    return settings.SAKRA_SCIM_MANAGER_GROUP

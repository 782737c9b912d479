from ninja import Router, Schema

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    unit_id: int | None
    area_id: int | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    phone: str
    home_unit_id: int | None
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(user) -> list[RoleOut]:
        return [
            RoleOut(role=a.role, unit_id=a.unit_id, area_id=a.area_id)
            for a in user.role_assignments.all()
        ]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request):
    return request.auth

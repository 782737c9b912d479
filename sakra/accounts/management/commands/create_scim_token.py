from django.core.management.base import BaseCommand, CommandError

from sakra.accounts.models import ScimToken
from sakra.accounts.services import create_scim_token, revoke_scim_token


class Command(BaseCommand):
    help = (
        "Create the bearer token an identity provider provisions people with over SCIM "
        "(/scim/v2/); prints it once. --revoke NAME ends a token."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="what the token is for, e.g. 'Entra ID'")
        parser.add_argument("--revoke", action="store_true", help="revoke the token of NAME")

    def handle(self, *args, name, revoke, **options):
        if revoke:
            token = ScimToken.objects.filter(name=name, revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"No SCIM token named {name!r} in use.")
            revoke_scim_token(token)
            self.stderr.write(f"SCIM token {token.prefix}… ({name}) revoked.")
            return
        if ScimToken.objects.filter(name=name).exists():
            raise CommandError(f"A SCIM token named {name!r} exists; choose another name.")
        token, plain = create_scim_token(name)
        self.stderr.write(f"SCIM token {token.prefix}… ({name}). It is shown only once:")
        self.stdout.write(plain)

from django.core.management.base import BaseCommand, CommandError

from sakra.accounts.models import User
from sakra.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create a personal API token for a user (given by e-mail); prints it once."

    def add_arguments(self, parser):
        parser.add_argument("user", help="the user's e-mail address")
        parser.add_argument("--name", default="cli", help="what the token is for")

    def handle(self, *args, user, name, **options):
        account = User.objects.filter(email__iexact=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user with the e-mail address {user!r}.")
        token, plain = create_api_token(account, name)
        self.stderr.write(f"Token {token.prefix}… for {account.email}. It is shown only once:")
        self.stdout.write(plain)

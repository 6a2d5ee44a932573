"""An outgoing mail server that refuses some addresses, as a real one does for a bounced
address: Django's in-memory backend otherwise (test settings)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED_DOMAIN = "@bounced.invalid"


class RefusingEmailBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [
                address for address in message.recipients() if address.endswith(REFUSED_DOMAIN)
            ]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"no such user") for address in refused}
                )
        return super().send_messages(messages)

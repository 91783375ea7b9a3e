"""SMTP sink for the std.email tests (Debian python3-aiosmtpd).

    python3 smtpsink.py --port PORT --dir DIR [--cert C --key K]
        [--user U --password P] [--no-plain]

Saves each accepted message as DIR/<n>.json: the envelope sender and
recipients, the message text as received, whether the session used
STARTTLS and the login it authenticated with. With --cert/--key the
server offers STARTTLS; with --user/--password it offers AUTH (PLAIN and
LOGIN, or only LOGIN with --no-plain) after STARTTLS. Prints "ready" once
listening and runs until killed or its stdin closes.
"""
import argparse
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "tls": session.ssl is not None,
            "login": session.auth_data if session.authenticated else None,
        }
        tmp = os.path.join(self.directory, "%d.tmp" % self.count)
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.directory, "%d.json" % self.count))
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--no-plain", action="store_true")
    args = ap.parse_args()

    kwargs = {}
    if args.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = False
    if args.user is not None:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == args.user and
                  auth_data.password.decode() == args.password)
            return AuthResult(success=ok, handled=False,
                              auth_data=auth_data.login.decode())
        kwargs["authenticator"] = authenticate
        kwargs["auth_require_tls"] = True
        if args.no_plain:
            kwargs["auth_exclude_mechanism"] = ["PLAIN"]

    controller = Controller(Sink(args.dir), hostname="127.0.0.1",
                            port=args.port, **kwargs)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

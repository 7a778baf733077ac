"""``qtmail --demo``: the whole app on a throwaway profile, with sample mail and a loopback server.

Nothing here needs a real account or leaves the machine: the demo account sends
through a real SMTP server (aiosmtpd) bound to 127.0.0.1, which delivers every
message it accepts into the demo account's own Inbox.

Modules: :mod:`.account` (the demo account), :mod:`.samples` (sample mail),
:mod:`.delivery` (putting a received message into the Inbox), :mod:`.server`
(the SMTP server thread), :mod:`.backend` and :mod:`.app` (the GUI side).
"""

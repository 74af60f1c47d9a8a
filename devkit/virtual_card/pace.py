"""PACE-CAN on the virtual card: EF.CardAccess at MF level plus MSE:Set AT / GENERAL AUTHENTICATE.

Installed on every applet by :func:`devkit.virtual_card.card.default_extensions`
(unless the card is made BAC-only). The chip's half of the protocol is
:class:`devkit.virtual_card.pace_chip.PaceChip`; when it completes, the applet switches to
AES secure messaging with the new session keys.
"""

from __future__ import annotations

from devkit.virtual_card.applet import EmrtdApplet
from devkit.virtual_card.pace_chip import PaceChip
from readers.chip.commands import EF_CARD_ACCESS
from readers.chip.pace import AesSecureMessaging, PaceInfo, PacePassword
from readers.chip.pace.card_access import ECDH_GM_AES_128, build_card_access
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU

# What a Vietnamese ID card announces (reference cccd-card.md §2).
CCCD_PACE = PaceInfo(ECDH_GM_AES_128, 2, 13)


def install_pace(applet: EmrtdApplet, info: PaceInfo = CCCD_PACE) -> None:
    """Give ``applet`` PACE with its CAN; a card without a CAN stays BAC-only."""
    if applet.can is None:
        return
    engine = PaceChip(PacePassword.from_can(applet.can), info)
    applet.mf_files[EF_CARD_ACCESS] = build_card_access([info])

    def handle(command: CommandAPDU) -> ResponseAPDU:
        response = engine.handle(command)
        if command.ins == 0x86 and response.ok and engine.established:
            keys = engine.session_keys
            applet.start_sm(AesSecureMessaging(keys.ks_enc, keys.ks_mac))
        return response

    applet.register(0x22, handle)
    applet.register(0x86, handle)

"""Test cards for PACE: the chip tests' script-replaying card, and one computing answers
with the real chip side.

Both implement the real transport API (``CardTransport._transmit_raw``), so
the terminal code above them runs exactly as on hardware. Also holds the
published numbers of ICAO Doc 9303 part 11, appendix G.1 (PACE, ECDH generic
mapping, brainpoolP256r1, AES-128, MRZ password T22000129 / 640812 / 101031).
"""

from __future__ import annotations

from collections.abc import Callable

from devkit.virtual_card.pace_chip import PaceChip
from readers.chip.pace import VIETNAM_DEFAULT, PaceInfo, PacePassword
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from readers.pcsc.transport import CardTransport

H = bytes.fromhex

# --- ICAO 9303-11 appendix G.1 (public worked example) --------------------------
G1_CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
G1_MRZ = ("T22000129", "640812", "101031")
G1_K = H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
G1_K_PI = H("89DED1B26624EC1E634C1989302849DD")
G1_NONCE = H("3F00C4D39D153F2B2A214A078D899B22")
G1_NONCE_ENC = H("95A3A016522EE98D01E76CB6B98B42C3")
G1_SK_MAP_IFD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
G1_PK_MAP_IFD = H("047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
                  "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D")
G1_SK_MAP_IC = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
G1_PK_MAP_IC = H("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
                 "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
G1_H = H("0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"
         "0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181")
G1_G_MAPPED = H("048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
                "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522")
G1_SK_DH_IFD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
G1_PK_DH_IFD = H("042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
                 "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462")
G1_SK_DH_IC = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
G1_PK_DH_IC = H("049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
                "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094")
G1_SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
G1_KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
G1_KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
G1_T_IFD = H("C2B0BD78D94BA866")
G1_T_IC = H("3ABB9674BCE93C08")

G1_SCRIPT = [
    (H("0022C1A412800A04007F0007020204020283010184010D"), H("9000")),
    (H("10860000027C0000"), H("7C128010") + G1_NONCE_ENC + H("9000")),
    (H("10860000457C438141") + G1_PK_MAP_IFD + H("00"), H("7C438241") + G1_PK_MAP_IC + H("9000")),
    (H("10860000457C438341") + G1_PK_DH_IFD + H("00"), H("7C438441") + G1_PK_DH_IC + H("9000")),
    (H("008600000C7C0A8508") + G1_T_IFD + H("00"), H("7C0A8608") + G1_T_IC + H("9000")),
]


def keys_in_order(*scalars: int) -> Callable[[int], int]:
    """A key source handing out fixed private keys (the example's), one per call."""
    it = iter(scalars)
    return lambda order: next(it)


class ComputingPaceCard(CardTransport):
    """A card whose answers the real :class:`PaceChip` computes; faults are injectable.

    ``tamper`` maps a command index (0 = MSE:Set AT) to a function turning the
    chip's honest answer into the bytes actually sent back.
    """

    def __init__(self, can: str = "047064", info: PaceInfo = VIETNAM_DEFAULT, *,
                 password: PacePassword | None = None,
                 tamper: dict[int, Callable[[ResponseAPDU], bytes]] | None = None, **chip_options):
        super().__init__()
        self.chip = PaceChip(password or PacePassword.from_can(can), info, **chip_options)
        self.tamper = dict(tamper or {})
        self.sent: list[bytes] = []

    def _transmit_raw(self, apdu: bytes) -> bytes:
        index = len(self.sent)
        self.sent.append(apdu)
        answer = self.chip.handle(CommandAPDU.from_bytes(apdu))
        if index in self.tamper:
            return self.tamper[index](answer)
        return answer.to_bytes()

"""A virtual Vietnamese chip ID card for pcscd's vsmartcard-vpcd virtual reader.

:mod:`.applet` answers APDUs like a real CCCD (BAC, 3DES SM, LDS files);
:mod:`.vpcd` plugs it into the "Virtual PCD" reader over TCP;
:mod:`.lds_files` builds the card's files from plain data and signs EF.SOD
with the test PKI of :mod:`.pki`. Test keys only: nothing here is a real CA.
"""

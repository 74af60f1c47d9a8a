"""Card QR codes: decoding frames and parsing the text printed on the cards."""

"""The reception station: staff see the kiosk's check-ins, look cards up, fix what needs them."""

"""Voice guidance on the patient kiosk: the spoken prompts, their build, the player and the guide."""

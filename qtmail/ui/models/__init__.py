"""Qt item models over the store and messages."""

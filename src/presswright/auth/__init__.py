"""Identity: password hashing and API key material."""

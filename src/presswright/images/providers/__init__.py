"""Built-in image provider kinds; each registers through ``register_image_provider_kinds``."""

"""Built-in provider kinds, one module each, registered through the plugin hook."""

"""Built-in node types, one module each, registered through the plugin hook."""

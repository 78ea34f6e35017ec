"""LLM access: the packaged local model now; every provider behind one interface later."""

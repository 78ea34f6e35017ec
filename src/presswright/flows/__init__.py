"""Flows: specs of node graphs, node types, and durable executions of them."""

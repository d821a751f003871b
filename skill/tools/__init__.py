"""Build and evaluation tools: model generation, samples, validation, packaging, NLU eval.

Run from the CLI or the Makefile, never on the request path (not in the Lambda artifact).
"""

"""AWS Lambda entry point: ``lambda/lambda_function.py:lambda_handler``."""

from skill.app import lambda_handler

__all__ = ["lambda_handler"]

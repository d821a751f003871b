"""The local web edge: the Flask endpoint, Alexa request verification, local serving.

Not in the Lambda artifact. Importing this package loads nothing; import the module you need.
"""

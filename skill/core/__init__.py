"""The request path's core, free of SDK dispatch: session state, answers, speech, text."""

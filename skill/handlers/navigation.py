"""Moving around a conversation: next, previous, more, repeat, yes, no, start over, home."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill import intents
from skill.content import phrases
from skill.core import answers, state
from skill.core.speech import Reply, show_last_view


class NextHandler(AbstractRequestHandler):
    """ "Next": the following aspect of the current treatment."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.NEXT)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.step(handler_input, forward=True)


class PreviousHandler(AbstractRequestHandler):
    """ "Previous" or "go back"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.PREVIOUS)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.step(handler_input, forward=False)


class MoreHandler(AbstractRequestHandler):
    """ "Tell me more"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.MORE)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.more(handler_input)


class RepeatHandler(AbstractRequestHandler):
    """ "Repeat": the last answer again, word for word, from the repeat cache, with its card
    and (on a screen) its APL view."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.REPEAT)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        last = state.last_response(answers.session(handler_input))
        if last is None:
            speech = f"There's nothing to repeat yet. {phrases.EXAMPLE_QUESTION}"
            return answers.respond(handler_input, Reply(speech, reprompt=phrases.REPROMPT_GENERIC))
        builder = handler_input.response_builder
        builder.speak(last.speech).ask(last.reprompt or last.speech)
        builder.set_should_end_session(False)
        show_last_view(handler_input)
        return builder.response


class YesHandler(AbstractRequestHandler):
    """ "Yes": accept whatever the last answer offered."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.YES)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        response = answers.accept_offer(handler_input)
        if response is not None:
            return response
        return answers.respond(
            handler_input, Reply(phrases.REPROMPT_GENERIC, reprompt=phrases.EXAMPLE_QUESTION)
        )


class NoHandler(AbstractRequestHandler):
    """ "No": drop the offer and ask what else."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.NO)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        attrs = answers.session(handler_input)
        state.offer(attrs, None)
        attrs.pop(state.WALK, None)
        speech = f"Okay. {phrases.OFFER_TOPIC} Or say stop."
        return answers.respond(handler_input, Reply(speech, reprompt=phrases.REPROMPT_GENERIC))


class StartOverHandler(AbstractRequestHandler):
    """ "Start over": forget the conversation's place and begin again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.START_OVER)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        attrs = answers.session(handler_input)
        topic = attrs.get(state.TOPIC)
        walking = attrs.get(state.WALK) and topic
        state.start_over(attrs)
        if walking:
            return answers.walkthrough(handler_input, topic)
        speech = f"Okay, let's start over. {phrases.EXAMPLE_QUESTION}"
        return answers.respond(handler_input, Reply(speech, reprompt=phrases.REPROMPT_GENERIC))


class NavigateHomeHandler(AbstractRequestHandler):
    """ "Go home": back to the skill's start, without leaving."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.NAVIGATE_HOME)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        answers.forget_place(handler_input)
        speech = f"Back to the start. {phrases.EXAMPLE_QUESTION} Or say help."
        return answers.respond(handler_input, Reply(speech, reprompt=phrases.REPROMPT_GENERIC))

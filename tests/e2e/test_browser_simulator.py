"""The browser simulator, end to end in a real browser: Playwright drives Debian's chromium
against ``milia-skill simulator``'s app, served by this test on an ephemeral loopback port.

Screenshots of each state are saved as test artefacts under pytest's temporary directory (the
path is printed with ``-rA``). Set ``MILIA_SIMULATOR_SCREENSHOT=docs/simulator.png`` to also copy
the final screenshot for the README.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no chromium at {CHROMIUM}: install it with `apt-get install -y chromium` "
        "(.ci/run does this) to run the browser tests",
        allow_module_level=True,
    )

from playwright import sync_api  # noqa: E402  (the dev extra installs it: missing is a failure)

from tests.support import serve_app  # noqa: E402

expect = sync_api.expect

# Records what the page hands to speech synthesis, so the tests can check what Alexa "says".
SPEECH_SPY = """
window.__spoken = [];
if (window.speechSynthesis) {
  const real = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push(u.text);
    real(u);
    // headless chromium has no voices and may never end an utterance: end it ourselves
    setTimeout(() => u.onend && u.onend(new Event("end")), 0);
  };
}
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # chromium keeps crash reports and a dconf cache under HOME: it gets a throwaway one.
    env = {**os.environ, "HOME": str(tmp_path_factory.mktemp("chromium-home"))}
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env=env)
        yield b
        b.close()


@pytest.fixture
def server() -> Iterator[str]:
    from skill.simulator.web import create_app

    with serve_app(create_app("en-US")) as url:
        yield f"{url}/"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("simulator-screenshots")


@pytest.fixture
def page(browser: Any, server: str, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.add_init_script(SPEECH_SPY)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(server)
    expect(pg.locator("body")).to_have_attribute("data-ready", "true")
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Any, shots: Path, name: str) -> Path:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def say(page: Any, words: str) -> Any:
    """Type an utterance and press Enter, as a person would; wait for Alexa's answer."""
    answers = page.locator("#transcript li.alexa")
    before = answers.count()
    page.locator("#utterance").fill(words)
    page.locator("#utterance").press("Enter")
    expect(answers).to_have_count(before + 1)
    return answers.nth(before)


def spoken(page: Any) -> list[str]:
    return page.evaluate("window.__spoken.slice()")


def turn_detail(page: Any, field: str) -> str:
    return page.locator(f"#t-{field}").inner_text()


def test_a_typed_conversation_shows_speech_card_intent_refusal_and_json(
    page: Any, shots: Path
) -> None:
    launch = say(page, "open milia guide")
    expect(launch.locator(".speech")).to_contain_text("Welcome to Milia Guide")
    expect(launch.locator(".card-title")).to_have_text("Card: Welcome to Milia Guide")
    assert turn_detail(page, "handler") == "LaunchRequestHandler"
    assert "Welcome to Milia Guide" in " ".join(spoken(page))

    question = say(page, "how does cryotherapy work")
    expect(question.locator(".speech")).to_contain_text("liquid nitrogen")
    expect(question.locator(".card-title")).to_contain_text("Cryotherapy")
    assert turn_detail(page, "intent") == "HowItWorksIntent"
    assert turn_detail(page, "safety") == "allowed"
    slot = page.locator('#t-slots tr[data-slot="treatment"]')
    expect(slot).to_contain_text("cryotherapy")
    expect(slot).to_contain_text("ER_SUCCESS_MATCH")
    expect(slot).to_contain_text("CRYOTHERAPY")
    # What was spoken is the answer's SSML reduced to text: no tags, the phoneme's word said.
    said = " ".join(spoken(page)[-5:])
    assert "<" not in said
    assert "milium" in said
    assert "liquid nitrogen" in said
    # session attributes before and after: the topic arrives with this answer
    assert '"topic"' not in page.locator("#t-before").inner_text()
    assert '"topic": "CRYOTHERAPY"' in page.locator("#t-after").inner_text()
    shot(page, shots, "1-treatment-question")

    follow_up = say(page, "does it hurt")
    expect(follow_up.locator(".speech")).to_contain_text("cold sting")
    expect(follow_up.locator(".refused")).to_have_count(0)

    at_home = say(page, "can i do that at home")
    expect(at_home.locator(".speech")).to_contain_text("can't guide you through removing milia")
    expect(at_home.locator(".badge.refused")).to_have_text("refused")
    assert turn_detail(page, "handler") == "AtHomeRefusalHandler"
    assert turn_detail(page, "safety").startswith("refused")
    at_home_speech = at_home.locator(".speech").inner_text()
    shot(page, shots, "2-refusal")

    # muted: the answer is shown but not handed to speech synthesis
    page.locator("#mute").check()
    count = len(spoken(page))
    stop = say(page, "stop")
    expect(stop.locator(".speech")).to_contain_text("Goodbye")
    expect(stop.locator(".badge.ended")).to_have_text("session ended")
    assert len(spoken(page)) == count

    assert at_home_speech.endswith("Want me to explain one of those?")
    check_skill_io(page)
    shot(page, shots, "3-skill-io")


def check_skill_io(page: Any) -> None:
    """Skill I/O of the conversation above: one entry per turn, each with a copyable request
    and response envelope."""
    page.locator("#tab-io").click()
    entries = page.locator("#io-list > li")
    expect(entries).to_have_count(5)
    refusal = entries.nth(1)  # newest first: stop, then the at-home turn
    expect(refusal.locator(".io-head")).to_contain_text("can i do that at home")
    refusal.locator("summary", has_text="Request").click()
    request = json.loads(refusal.locator("pre.io-request").inner_text())
    assert request["request"]["intent"]["name"] == "DoAtHomeIntent"
    assert request["session"]["attributes"]["topic"] == "CRYOTHERAPY"
    refusal.locator("summary", has_text="Response").click()
    response = json.loads(refusal.locator("pre.io-response").inner_text())
    ssml = response["response"]["outputSpeech"]["ssml"]
    assert ssml.startswith("<speak>")
    assert ssml.endswith("Want me to explain one of those?</speak>")
    expect(refusal.locator("button.copy")).to_have_count(2)


def test_a_screen_device_shows_the_card_and_the_apl_document_as_html(
    page: Any, shots: Path
) -> None:
    page.locator("#tab-display").click()
    say(page, "open milia guide")
    expect(page.locator("#screen-note")).to_contain_text("Voice-only device")
    expect(page.locator("#apl-wrap")).to_be_hidden()

    page.locator("#device").select_option("screen")
    expect(page.locator("#transcript li")).to_have_count(0)  # a new device: a new session
    say(page, "open milia guide")
    say(page, "how does cryotherapy work")
    card = page.locator("#card")
    expect(card.locator(".title")).to_have_text("Cryotherapy (freezing): How it works")
    expect(card.locator(".text")).to_contain_text("liquid nitrogen")

    screen = page.locator("#apl-viewport")
    expect(screen).to_be_visible()
    texts = screen.locator('[data-apl-type="Text"]')
    expect(texts.first).to_have_text("Cryotherapy (freezing)")
    expect(screen).to_contain_text("How it works")
    expect(screen).to_contain_text("• Liquid nitrogen freezes the milium")
    expect(screen).to_contain_text("Aftercare")
    expect(screen).to_contain_text("not medical advice")
    # layout: the title is bigger than the body, and reads above it
    title_size, body_size = page.evaluate(
        """() => {
          const t = [...document.querySelectorAll('#apl-viewport [data-apl-type=Text]')];
          return [parseFloat(t[0].style.fontSize), parseFloat(t[2].style.fontSize)];
        }"""
    )
    assert title_size > body_size
    title_box = texts.first.bounding_box()
    fact_box = screen.get_by_text("• Liquid nitrogen freezes the milium").bounding_box()
    assert title_box["y"] < fact_box["y"]
    page.locator("#apl-wrap summary").click()
    raw = json.loads(page.locator("#apl-raw").inner_text())
    assert raw["type"] == "APL"
    assert "mainTemplate" in raw
    shot(page, shots, "4-screen-device-apl")


def test_save_a_replay_file_and_step_through_it_again(
    page: Any, shots: Path, tmp_path: Path
) -> None:
    said = ["open milia guide", "how do chemical peels work", "how many sessions", "stop"]
    for words in said:
        say(page, words)

    with page.expect_download() as replay_download:
        page.locator("#save-replay").click()
    replay_path = tmp_path / "replay.json"
    replay_download.value.save_as(replay_path)
    replay = json.loads(replay_path.read_text())
    assert replay["userInput"] == said
    assert replay["locale"] == "en-US"
    assert replay["type"] == "text"
    assert replay["skillId"].startswith("amzn1.ask.skill.")

    with page.expect_download() as io_download:
        page.locator("#save-skill-io").click()
    io_path = tmp_path / "skill-io.json"
    io_download.value.save_as(io_path)
    invocations = json.loads(io_path.read_text())["invocations"]
    assert len(invocations) == len(said)
    assert invocations[1]["request"]["request"]["intent"]["name"] == "HowItWorksIntent"
    assert invocations[1]["response"]["response"]["card"]["title"].startswith("Chemical peels")

    first_answers = [t.inner_text() for t in page.locator("#transcript li.alexa .speech").all()]

    page.locator("#new-session").click()
    expect(page.locator("#transcript li")).to_have_count(0)
    page.locator("#replay-file").set_input_files(str(replay_path))
    status = page.locator("#replay-status")
    expect(status).to_contain_text("0/4")
    expect(status).to_contain_text("open milia guide")
    page.locator("#replay-next").click()
    expect(page.locator("#transcript li.alexa")).to_have_count(1)
    expect(status).to_contain_text("1/4")
    page.locator("#replay-next").click()
    expect(page.locator("#transcript li.alexa")).to_have_count(2)
    shot(page, shots, "5-replay-stepping")
    page.locator("#replay-all").click()
    expect(status).to_contain_text("done (4 turns)")
    expect(page.locator("#transcript li.alexa")).to_have_count(4)
    again = [t.inner_text() for t in page.locator("#transcript li.alexa .speech").all()]
    assert again[1:] == first_answers[1:]  # launch differs: a returning user is welcomed back
    assert [t.inner_text() for t in page.locator("#transcript li.you").all()] == said

    # a file that is not a replay file gets a clear message, and nothing is lost
    bad = tmp_path / "bad.json"
    bad.write_text('{"userInput": "open milia guide"}')
    page.locator("#replay-file").set_input_files(str(bad))
    expect(page.locator("#error")).to_contain_text('"userInput" list of strings')
    expect(page.locator("#transcript li.alexa")).to_have_count(4)


def test_malformed_manual_json_gets_a_clear_error_and_a_valid_envelope_is_answered(
    page: Any, shots: Path
) -> None:
    page.locator("#tab-manual").click()
    editor = page.locator("#manual-json")
    editor.fill('{"version": "1.0", "request": {"type": "LaunchRequest",}')
    page.locator("#manual-send").click()
    result = page.locator("#manual-result")
    expect(result).to_contain_text("invalid JSON")
    expect(result).to_contain_text("line 1")
    expect(page.locator("#error")).to_contain_text("invalid JSON")
    expect(page.locator("#transcript li")).to_have_count(0)
    shot(page, shots, "6-manual-json-error")

    editor.fill('{"version": "1.0"}')
    editor.press("Control+Enter")
    expect(result).to_contain_text('needs a "request" object')

    page.locator("#manual-template").click()
    expect(editor).to_have_value(re.compile(r'"type": "LaunchRequest"'))
    page.locator("#manual-send").click()
    expect(result).to_contain_text("LaunchRequestHandler answered")
    answer = page.locator("#transcript li.alexa").last
    expect(answer.locator(".speech")).to_contain_text("Welcome to Milia Guide")
    expect(page.locator("#error")).to_be_hidden()

    # the last request, edited by hand into an at-home question, is refused
    page.locator("#manual-last").click()
    envelope = json.loads(editor.input_value())
    envelope["request"] = {
        "type": "IntentRequest",
        "requestId": "amzn1.echo-api.request.manual",
        "timestamp": envelope["request"]["timestamp"],
        "locale": "en-US",
        "intent": {
            "name": "ExtractionQuestionIntent",
            "confirmationStatus": "NONE",
            "slots": {},
        },
    }
    editor.fill(json.dumps(envelope, indent=2))
    page.locator("#manual-send").click()
    expect(result).to_contain_text("AtHomeRefusalHandler answered")
    expect(page.locator("#transcript li.alexa").last.locator(".badge.refused")).to_be_visible()


def test_empty_utterance_forget_me_keyboard_and_phone_width(page: Any, shots: Path) -> None:
    page.locator("#utterance").press("Enter")
    expect(page.locator("#error")).to_have_text("say something: the utterance is empty")
    say(page, "open milia guide")
    expect(page.locator("#error")).to_be_hidden()
    say(page, "tell me about laser")

    # keyboard only: arrow up recalls what was said; tabs move with the arrow keys
    page.locator("#utterance").press("ArrowUp")
    expect(page.locator("#utterance")).to_have_value("tell me about laser")
    page.locator("#utterance").fill("")
    page.locator("#tab-io").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-display")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#tab-display")).to_be_focused()
    page.keyboard.press("Alt+n")
    expect(page.locator("#transcript li")).to_have_count(0)

    say(page, "open milia guide")
    say(page, "how does cryotherapy work")
    page.locator("#forget").click()
    forgot = page.locator("#transcript li.alexa")
    expect(forgot).to_have_count(1)
    expect(forgot.locator(".speech")).to_contain_text("Your saved visit history has been deleted")
    welcome = say(page, "open milia guide")  # a new visitor again
    expect(welcome.locator(".speech")).to_contain_text("Welcome to Milia Guide")
    expect(welcome.locator(".speech")).not_to_contain_text("Welcome back")

    # a phone's width: one column, no sideways scrolling, the input within reach
    say(page, "how does cryotherapy work")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#utterance").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    shot(page, shots, "7-phone")


def test_final_screenshot(page: Any, shots: Path) -> None:
    """The README's picture: a screen device mid-conversation, with the turn's details."""
    page.locator("#device").select_option("screen")
    expect(page.locator("#transcript li")).to_have_count(0)
    for words in ("open milia guide", "how does cryotherapy work", "can i do that at home"):
        say(page, words)
    page.locator("#transcript li.alexa .turn-link").nth(1).click()
    page.locator("#tab-display").click()
    expect(page.locator("#apl-viewport")).to_contain_text("Cryotherapy (freezing)")
    shot(page, shots, "8-final")
    target = os.environ.get("MILIA_SIMULATOR_SCREENSHOT")
    if target:  # the README's copy: the window as a person sees it
        page.screenshot(path=target)
    print(f"simulator screenshots: {shots}")


def test_apl_components_render_with_hint_and_image_placeholders(page: Any, shots: Path) -> None:
    """Documents other than ours: an Alexa responsive component and an image, laid out."""
    document = {
        "type": "APL",
        "version": "2023.3",
        "mainTemplate": {
            "parameters": ["payload"],
            "items": [
                {
                    "type": "Container",
                    "items": [
                        {"type": "Image", "source": "https://example.com/milia.png"},
                        {
                            "type": "AlexaHeadline",
                            "primaryText": "${payload.data.title}",
                            "secondaryText": "${payload.data.items.length} treatments",
                            "footerHintText": "Try, 'Alexa, how does cryotherapy work?'",
                        },
                        {"type": "Text", "when": "${payload.data.hidden}", "text": "hidden"},
                    ],
                }
            ],
        },
    }
    data = {"data": {"title": "Milia treatments", "items": [1, 2, 3, 4, 5], "hidden": False}}
    page.locator("#tab-display").click()
    page.evaluate(
        "([doc, data]) => MiliaAPL.render(document.getElementById('apl-viewport'), doc, data)",
        [document, data],
    )
    page.locator("#apl-wrap").evaluate("el => el.hidden = false")
    screen = page.locator("#apl-viewport")
    expect(screen.locator(".apl-image")).to_have_text("image: milia.png")
    expect(screen.locator('[data-apl-part="primaryText"]')).to_have_text("Milia treatments")
    expect(screen.locator('[data-apl-part="secondaryText"]')).to_have_text("5 treatments")
    expect(screen.locator('[data-apl-part="hint"]')).to_contain_text("how does cryotherapy work")
    expect(screen).not_to_contain_text("hidden")
    shot(page, shots, "9-apl-components")

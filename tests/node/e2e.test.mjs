// End-to-end: virtual-alexa (an external Alexa client) drives the running web service over HTTP.
//
// Run: npm run test:e2e (= make e2e: tests/e2e/test_node_e2e.py starts the server and runs these),
// or by hand: SKILL_URL=http://127.0.0.1:5000/ node --test tests/node/ while
// `.venv/bin/milia-skill serve --no-verify` runs.
// Optional: SKILL_ID (must match ALEXA_SKILL_ID if the server sets it).

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import virtualAlexa from "virtual-alexa";

const { VirtualAlexa } = virtualAlexa;

const SKILL_URL = process.env.SKILL_URL;
const SKILL_ID = process.env.SKILL_ID || "amzn1.ask.skill.00000000-0000-0000-0000-00000000e2e0";
const MODEL = fileURLToPath(new URL("../../interaction_models/en-US.json", import.meta.url));
const INVOCATION = "milia guide";

if (!SKILL_URL) {
  throw new Error(
    "SKILL_URL is not set: run `npm run test:e2e` or `make e2e` (they start the server), or " +
      "start `.venv/bin/milia-skill serve --no-verify` and set SKILL_URL=http://127.0.0.1:5000/",
  );
}

// virtual-alexa treats any utterance containing ask/open/launch/talk to/tell as a launch.
// Anchor the check to this skill's invocation name, as Alexa does; "tell me about ..." is a
// question, "ask milia guide how does cryotherapy work" is a one-shot.
const LAUNCH = new RegExp(
  `^(?:ask|open|launch|start|talk to|tell|use) ${INVOCATION}(?:\\s+(?:to|for|about|whether|if|and))?(?:\\s+(.+))?$`,
  "i",
);

function newAlexa() {
  const alexa = VirtualAlexa.Builder()
    .skillURL(SKILL_URL)
    .interactionModelFile(MODEL)
    .applicationID(SKILL_ID)
    .locale("en-US")
    .create();
  alexa.parseLaunchRequest = (utterance) => {
    const m = LAUNCH.exec(utterance.trim());
    if (!m) return undefined;
    return m[1] ? m[1] : true;
  };
  return alexa;
}

/** The spoken text of a response, without SSML tags. */
function said(reply) {
  const ssml = reply.response?.outputSpeech?.ssml ?? reply.response?.outputSpeech?.text ?? "";
  return ssml.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
}

function assertValidReply(reply) {
  assert.equal(reply.version, "1.0");
  assert.ok(reply.response, "response object present");
  assert.ok(said(reply).length > 0, "the skill says something");
}

function assertSessionOpen(reply) {
  assert.notEqual(reply.response.shouldEndSession, true, "session stays open");
  assert.ok(reply.response.reprompt?.outputSpeech, "an open session has a reprompt");
}

const TREATMENTS = [
  { ask: "how does cryotherapy work", expect: /cryo|freez|cold/i },
  { ask: "what is a chemical peel", expect: /peel|acid/i },
  { ask: "how does laser ablation work", expect: /laser/i },
  { ask: "what does mechanical extraction involve", expect: /extract|needle|blade|lift/i },
  { ask: "is topical retinoid good for milia", expect: /retinoid|vitamin a|cream/i },
];

describe("Milia Guide over HTTP with virtual-alexa", () => {
  test("a whole conversation: launch, five treatments, follow-ups, refusal, help, stop", async (t) => {
    const alexa = newAlexa();

    await t.test("launch", async () => {
      const reply = await alexa.utter(`open ${INVOCATION}`);
      assertValidReply(reply);
      assert.match(said(reply), /milia guide/i);
      assertSessionOpen(reply);
    });

    for (const { ask, expect } of TREATMENTS) {
      await t.test(`question: ${ask}`, async () => {
        const reply = await alexa.utter(ask);
        assertValidReply(reply);
        assert.match(said(reply), expect);
        assertSessionOpen(reply);
      });
    }

    // The last treatment asked about was the retinoid: follow-ups must stay on it.
    await t.test("follow-up: what about aftercare (about the last treatment)", async () => {
      const reply = await alexa.utter("what about aftercare");
      assertValidReply(reply);
      assert.match(said(reply), /sunscreen|moisturi[sz]er|pea-sized|nights/i);
      assertSessionOpen(reply);
    });

    await t.test("follow-up: does it hurt", async () => {
      const reply = await alexa.utter("does it hurt");
      assertValidReply(reply);
      assert.match(said(reply), /cream|sting|dry|flak/i);
      assertSessionOpen(reply);
    });

    await t.test("at-home removal is refused", async () => {
      const reply = await alexa.utter("how do i pop milia");
      assertValidReply(reply);
      assert.match(said(reply), /can't guide you through removing milia at home/i);
      assert.match(said(reply), /dermatologist/i);
    });

    await t.test("help", async () => {
      const reply = await alexa.utter("help");
      assertValidReply(reply);
      assert.match(said(reply), /you can ask/i);
      assertSessionOpen(reply);
    });

    await t.test("stop ends the session", async () => {
      const reply = await alexa.utter("stop");
      assertValidReply(reply);
      assert.equal(reply.response.shouldEndSession, true);
      assert.equal(alexa.context().activeSession(), false);
    });
  });

  test("one-shot: ask milia guide how does cryotherapy work", async () => {
    const reply = await newAlexa().utter(`ask ${INVOCATION} how does cryotherapy work`);
    assertValidReply(reply);
    assert.match(said(reply), /cryo|freez|cold/i);
  });

  test("one-shot at-home request is refused too", async () => {
    const reply = await newAlexa().utter(`ask ${INVOCATION} how do i remove milia at home`);
    assertValidReply(reply);
    assert.match(said(reply), /can't guide you through removing milia at home/i);
  });

  test("every treatment in the model has an answer (by intent and slot)", async () => {
    for (const treatment of [
      "mechanical extraction",
      "chemical peel",
      "topical retinoid",
      "cryotherapy",
      "laser ablation",
    ]) {
      const alexa = newAlexa();
      await alexa.launch();
      const reply = await alexa.intend("TreatmentInfoIntent", { treatment, aspect: "aftercare" });
      assertValidReply(reply);
      assertSessionOpen(reply);
    }
  });
});

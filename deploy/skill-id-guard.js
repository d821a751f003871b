'use strict';

// osls / Serverless Framework plugin (serverless.yml: plugins). Without a real skill id the
// stack would be deployed with the placeholder id: the Lambda would reject every request of
// the real skill (ALEXA_SKILL_ID) and Alexa could not invoke it at all (the alexaSkill event's
// permission). So `deploy` stops here with a clear message, and `package` warns loudly.
// Serverless variables can't tell the two commands apart, hence a plugin.

const PLACEHOLDER = 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000';
// New skills have amzn1.ask.skill.<uuid>; skills from before 2017 kept amzn1.echo-sdk-ams.app.<uuid>.
const SKILL_ID =
  /^amzn1\.(ask\.skill|echo-sdk-ams\.app)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOW =
  'Pass the id of your skill (Alexa developer console, or .ask/ask-states.json): ' +
  'npx osls deploy --param="skillId=amzn1.ask.skill.<id>", or export ALEXA_SKILL_ID. ' +
  'See docs/deploy.md.';

function problem(skillId) {
  if (!skillId || skillId === PLACEHOLDER) return 'no skill id was given';
  if (!SKILL_ID.test(skillId)) return `"${skillId}" is not a skill id (amzn1.ask.skill.<uuid>)`;
  return null;
}

class SkillIdGuard {
  constructor(serverless, options, { log } = {}) {
    this.serverless = serverless;
    this.log = log;
    this.hooks = {
      // Runs before anything else of the command (before the package step of a deploy).
      initialize: () => this.check(),
    };
  }

  check() {
    const commands = this.serverless.processedInput.commands;
    const env = this.serverless.service.provider.environment || {};
    const issue = problem(env.ALEXA_SKILL_ID);
    if (!issue) return;
    if (commands[0] === 'deploy' && commands[1] !== 'list') {
      throw new this.serverless.classes.Error(
        `Refusing to deploy: ${issue}. The Lambda would accept no request of your skill. ${HOW}`,
        'MILIA_SKILL_ID_MISSING'
      );
    }
    if (commands[0] === 'package') {
      const lines = [
        `${issue}: this package carries the placeholder skill id ${PLACEHOLDER}.`,
        'Fine for a look at the template, but deployed as is the Lambda would accept no real skill.',
        HOW,
      ];
      for (const line of lines) {
        if (this.log) this.log.warning(line);
        else console.error(line);
      }
    }
  }
}

module.exports = SkillIdGuard;

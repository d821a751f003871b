// How `ask run` (ASK CLI v2) would start this project's skill code, worked out offline by the
// CLI's own modules: its ask-resources.json parser, the run command's helper (code src, runtime,
// handler) and the Python run flow, which looks for ask-sdk-local-debug in python3's
// site-packages. Nothing is started and nothing leaves the machine.
//
// Run: node tests/node/ask-run-flow.cjs [PROJECT_DIR]   (tests/deploy/test_ask_run.py does)
// Prints one JSON object; a rejected file or a missing piece prints {"error": ...} and exits 1.
"use strict";

const path = require("node:path");

const project = path.resolve(process.argv[2] || ".");
const cliRoot = path.dirname(require.resolve("ask-cli/package.json", { paths: [__dirname] }));
const lib = (name) => require(path.join(cliRoot, "dist", "lib", name));

const ResourcesConfig = lib("model/resources-config");
const helper = lib("commands/run/helper");
const PROFILE = "default";
const REGION = "NA"; // the run command's default region

try {
  process.chdir(project); // the CLI reads the project from the working directory
  new ResourcesConfig(path.join(project, "ask-resources.json"));
  const resources = ResourcesConfig.getInstance();
  const codeFolder = helper.getSkillCodeFolderName(PROFILE, REGION);
  const userConfig = resources.getSkillInfraUserConfig(PROFILE);
  if (!userConfig || !userConfig.runtime) {
    throw new Error("no skillInfrastructure.userConfig.runtime in ask-resources.json");
  }
  const runtime = helper.getNormalisedRuntime(userConfig.runtime);
  const invocation = helper.getNonHostedSkillInvocationInfo(
    runtime,
    userConfig.handler,
    codeFolder,
  );
  // The flow `ask run` would execute (nodemon is only started by execCommand, never here).
  const flow = helper.getSkillFlowInstance(
    runtime,
    invocation,
    false,
    5000,
    "offline-token",
    "amzn1.ask.skill.00000000-0000-4000-8000-000000000000",
    REGION,
    false,
  );
  const exec = flow.getExecConfig ? flow.getExecConfig() : flow.execConfig;
  console.log(
    JSON.stringify({
      skillMetadataSrc: resources.getSkillMetaSrc(PROFILE),
      infrastructureType: resources.getSkillInfraType(PROFILE) ?? null,
      codeFolder,
      runtime,
      invocation,
      flow: flow.constructor.name,
      exec: { execMap: exec.execMap, script: exec.script, args: exec.args },
    }),
  );
} catch (error) {
  console.log(JSON.stringify({ error: String(error && error.message ? error.message : error) }));
  process.exitCode = 1;
}

// A node --test reporter: one JSON line per finished test, so tests/e2e/test_node_e2e.py can report
// every Node test by name. Fields: name, nesting (0 = top level), ok, skip, ms, error.
//
// Run: node --test --test-reporter=./tests/node/jsonl-reporter.mjs tests/node/

function reason(error) {
  const cause = error?.cause ?? error;
  return String(cause?.message ?? cause ?? "failed");
}

export default async function* jsonl(source) {
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { name, nesting, details, skip, todo } = event.data;
    const ok = event.type === "test:pass";
    yield `${JSON.stringify({
      name,
      nesting,
      ok,
      skip: Boolean(skip || todo),
      ms: details?.duration_ms ?? null,
      error: ok ? null : reason(details?.error),
    })}\n`;
  }
}

// Shared by the scripts AnthropicNodeSdkTest runs: each area runs on its own, so one failing area is
// reported under its name and does not hide the others; the script prints one JSON line at the end.

/** Runs one area and records what it returns, or what it threw, under `name`. */
export async function section(out, name, area) {
  try {
    out[name] = await area();
  } catch (e) {
    out[name] = { failed: `${e?.constructor?.name}: ${e?.message}`, stack: e?.stack?.split('\n').slice(0, 6) };
  }
}

/** What an expected failure looked like to the SDK: its class, status and the API's error type. */
export async function errorOf(call) {
  try {
    await call();
    return { name: 'none' };
  } catch (e) {
    return {
      name: e.constructor.name,
      status: e.status ?? null,
      type: e.error?.error?.type ?? null,
      message: e.error?.error?.message ?? e.message,
      requestId: e.requestID ?? null,
      retryAfter: e.headers?.get?.('retry-after') ?? null,
      shouldRetry: e.headers?.get?.('x-should-retry') ?? null,
    };
  }
}

/** Waits until `check` returns a value, polling; the last value is returned with how many polls it took. */
export async function poll(fetch, done, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (let polls = 1; ; polls++) {
    const value = await fetch();
    if (done(value) || Date.now() > deadline) {
      return { value, polls };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function textOf(message) {
  return message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
}

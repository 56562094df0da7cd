// Run by AnthropicNodeSdkTest: node messages.mjs BASE_URL API_KEY MODEL RATE_LIMITED_MODEL
// Prints one JSON line: per area, what the official SDK saw (or how it failed).
import Anthropic from '@anthropic-ai/sdk';
import { errorOf, section, textOf } from './sections.mjs';

const [baseURL, apiKey, model, rateLimitedModel] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0, timeout: 20_000 });
const ask = { model, max_tokens: 64, messages: [{ role: 'user', content: 'Hello from the TypeScript SDK' }] };
const weather = { name: 'get_weather', description: 'The weather in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
const out = {};

await section(out, 'create', async () => {
  const m = await client.messages.create(ask);
  return { id: m.id, type: m.type, role: m.role, model: m.model, text: textOf(m), stopReason: m.stop_reason,
      inputTokens: m.usage.input_tokens, outputTokens: m.usage.output_tokens, requestId: m._request_id };
});

// The helper: 'text' events as they come, then the message and text it accumulated.
await section(out, 'streamHelpers', async () => {
  const stream = client.messages.stream(ask);
  const deltas = [];
  stream.on('text', (delta) => deltas.push(delta));
  const final = await stream.finalMessage();
  return { deltas: deltas.length, streamed: deltas.join(''), finalText: await stream.finalText(),
      finalMessageText: textOf(final), stopReason: final.stop_reason, outputTokens: final.usage.output_tokens,
      requestId: stream.request_id ?? null, nonStreamingText: textOf(await client.messages.create(ask)) };
});

// No helper: the raw server-sent events, as the SDK decodes them.
await section(out, 'rawStream', async () => {
  const stream = await client.messages.create({ ...ask, stream: true });
  const types = [];
  let text = '';
  let outputTokens = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      text += event.delta.text;
    } else if (event.type === 'message_delta') {
      outputTokens = event.usage.output_tokens;
    }
  }
  return { types, text, outputTokens };
});

// The simulator calls a tool its prompt names; the helper rebuilds the input from input_json_delta pieces.
await section(out, 'toolStream', async () => {
  const stream = client.messages.stream({ model, max_tokens: 256, tools: [weather],
      messages: [{ role: 'user', content: 'Please call get_weather for Oslo' }] });
  const pieces = [];
  let snapshot = null;
  stream.on('inputJson', (partial, inputSoFar) => {
    pieces.push(partial);
    snapshot = inputSoFar;
  });
  const final = await stream.finalMessage();
  const call = final.content.find((b) => b.type === 'tool_use');
  return { pieces, lastSnapshot: snapshot, stopReason: final.stop_reason, toolName: call?.name ?? null,
      toolId: call?.id ?? null, toolInput: call?.input ?? null };
});

await section(out, 'beta', async () => {
  const betas = ['interleaved-thinking-2025-05-14']; // current (not among 1.14's deprecated values)
  const created = await client.beta.messages.create({ ...ask, betas });
  const stream = client.beta.messages.stream({ ...ask, betas });
  let streamed = '';
  stream.on('text', (delta) => {
    streamed += delta;
  });
  const final = await stream.finalMessage();
  return { createdType: created.type, createdText: textOf(created), streamed, finalText: await stream.finalText(),
      finalStopReason: final.stop_reason };
});

await section(out, 'countTokens', async () => {
  const counted = await client.messages.countTokens({ model, messages: ask.messages });
  return { inputTokens: counted.input_tokens };
});

// Auto-pagination with a small limit spans several pages; before_id pages backwards.
await section(out, 'models', async () => {
  const first = await client.models.list({ limit: 2 });
  const pages = [];
  for await (const page of first.iterPages()) {
    pages.push(page.data.map((m) => m.id));
  }
  const auto = [];
  for await (const m of client.models.list({ limit: 2 })) {
    auto.push(m.id);
  }
  const ids = pages.flat();
  const backwards = [];
  for await (const page of (await client.models.list({ limit: 2, before_id: ids.at(-1) })).iterPages()) {
    backwards.push(page.data.map((m) => m.id));
  }
  const one = await client.models.retrieve(ids[1]);
  return { pages, auto, backwards, retrieved: { id: one.id, type: one.type, displayName: one.display_name,
      createdAt: one.created_at }, unknown: await errorOf(() => client.models.retrieve('claude-no-such-model')) };
});

await section(out, 'errors', async () => ({
  badKey: await errorOf(() => new Anthropic({ baseURL, apiKey: 'sk-wrong-key', maxRetries: 0 }).messages.create(ask)),
  unknownModel: await errorOf(() => client.messages.create({ ...ask, model: 'claude-no-such-model' })),
  invalidBody: await errorOf(() => client.messages.create({ model, max_tokens: 64 })),
  rateLimited: await errorOf(() => client.messages.create({ ...ask, model: rateLimitedModel })),
}));

console.log(JSON.stringify(out));

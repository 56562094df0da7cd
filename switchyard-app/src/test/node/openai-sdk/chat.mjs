// Run by OpenAiNodeSdkTest: node chat.mjs BASE_URL API_KEY MODEL; prints one JSON line of what the SDK saw.
import OpenAI from 'openai';

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const ask = { model, max_completion_tokens: 64, messages: [{ role: 'user', content: 'Hello from Node' }] };
const tools = [{ type: 'function', function: { name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
const out = {};

const whole = await client.chat.completions.create(ask);
out.text = whole.choices[0].message.content;
out.finish = whole.choices[0].finish_reason;

const stream = await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } });
out.streamed = '';
for await (const chunk of stream) {
  for (const choice of chunk.choices) {
    out.streamed += choice.delta.content ?? '';
  }
  if (chunk.usage) {
    out.streamUsage = chunk.usage;
  }
}

const question = { role: 'user', content: 'Please call get_weather for Oslo' };
const first = await client.chat.completions.create({ model, tools, messages: [question] });
const call = first.choices[0].message.tool_calls[0];
out.toolName = call.function.name;
out.toolArgs = call.function.arguments;
const second = await client.chat.completions.create({ model, tools,
    messages: [question, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '12 C' }] });
out.afterTool = second.choices[0].finish_reason;

async function errorOf(call) {
  try {
    await call();
    return 'none';
  } catch (e) {
    return `${e.constructor.name} ${e.status}`;
  }
}
out.badKey = await errorOf(() => new OpenAI({ baseURL, apiKey: 'sk-wrong', maxRetries: 0 }).chat.completions.create(ask));
out.noModel = await errorOf(() => client.chat.completions.create({ ...ask, model: 'claude-no-such-model' }));
out.twoChoices = await errorOf(() => client.chat.completions.create({ ...ask, n: 2 }));

console.log(JSON.stringify(out));

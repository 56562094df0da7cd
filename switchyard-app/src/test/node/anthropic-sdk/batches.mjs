// Run by AnthropicNodeSdkTest: node batches.mjs BASE_URL API_KEY MODEL
// Prints one JSON line: per area of the Message Batches API, what the official SDK saw (or how it failed).
import Anthropic from '@anthropic-ai/sdk';
import { errorOf, poll, section } from './sections.mjs';

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0, timeout: 20_000 });
const batches = client.messages.batches;
const requests = ['first', 'second', 'third'].map((id) => ({ custom_id: id,
    params: { model, max_tokens: 32, messages: [{ role: 'user', content: `Hello, batch request ${id}` }] } }));
const ended = (b) => b.processing_status === 'ended';
const out = {};
let done = null; // the batch that runs to its end
let canceled = null; // the batch canceled at once

function view(b) {
  return { id: b.id, type: b.type, processingStatus: b.processing_status, requestCounts: b.request_counts,
      resultsUrl: b.results_url, createdAt: b.created_at, endedAt: b.ended_at, expiresAt: b.expires_at,
      cancelInitiatedAt: b.cancel_initiated_at };
}

await section(out, 'create', async () => {
  done = await batches.create({ requests });
  return { ...view(done), requestsSent: requests.length };
});

// Retrieve is how a client waits: results_url appears once processing has ended.
await section(out, 'retrieve', async () => {
  const { value, polls } = await poll(() => batches.retrieve(done.id), ended);
  return { ...view(value), polls };
});

// results() retrieves the batch again and fetches its results_url (an absolute URL) as JSON lines.
await section(out, 'results', async () => {
  const lines = [];
  for await (const line of await batches.results(done.id)) {
    const message = line.result.message;
    lines.push({ customId: line.custom_id, type: line.result.type, messageType: message?.type ?? null,
        model: message?.model ?? null, text: message?.content?.find((b) => b.type === 'text')?.text ?? null });
  }
  return { lines, requestsSent: requests.map((r) => r.custom_id) };
});

await section(out, 'cancel', async () => {
  canceled = await batches.create({ requests });
  const answer = await batches.cancel(canceled.id);
  const { value, polls } = await poll(() => batches.retrieve(canceled.id), ended);
  return { answer: view(answer), final: view(value), polls, requestsSent: requests.length };
});

// A limit of 1 makes the SDK page (after_id = the last id) through every batch, newest first.
await section(out, 'list', async () => {
  const first = await batches.list({ limit: 1 });
  let pages = 0;
  for await (const page of first.iterPages()) {
    pages += 1;
    if (pages > 100) {
      break; // a gateway that pages in a circle must not hang the test
    }
  }
  const ids = [];
  for await (const b of batches.list({ limit: 1 })) {
    ids.push(b.id);
    if (ids.length > 100) {
      break;
    }
  }
  return { pages, ids, created: [done?.id, canceled?.id] };
});

await section(out, 'delete', async () => {
  const deleted = await batches.delete(done.id);
  return { id: deleted.id, type: deleted.type, deletedId: done.id,
      retrieveAfter: await errorOf(() => batches.retrieve(done.id)) };
});

await section(out, 'errors', async () => ({
  unknownId: await errorOf(() => batches.retrieve('msgbatch_0000000000000000000000000')),
  cancelUnknown: await errorOf(() => batches.cancel('msgbatch_0000000000000000000000000')),
  noRequests: await errorOf(() => batches.create({})),
}));

console.log(JSON.stringify(out));

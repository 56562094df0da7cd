// Run by AnthropicNodeSdkTest: node files.mjs BASE_URL API_KEY
// Prints one JSON line: per area of the Files API (beta), what the official SDK saw (or how it failed).
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { randomBytes } from 'node:crypto';
import { errorOf, section } from './sections.mjs';

const [baseURL, apiKey] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0, timeout: 20_000 });
// No `betas`: since SDK 0.122 client.beta.files speaks the GA shapes (list pages by next_page / page), and
// sending files-api-2025-04-14 would ask the API for the old beta shapes, which this SDK no longer pages.
const files = client.beta.files;
// Random bytes (not text): a gateway that re-encodes the multipart body or the download shows here.
const notes = randomBytes(3000);
const other = randomBytes(700);
const out = {};
let uploaded = null;
let second = null;

function view(f) {
  return { id: f.id, type: f.type, filename: f.filename, mimeType: f.mime_type, sizeBytes: f.size_bytes,
      createdAt: f.created_at, downloadable: f.downloadable ?? null };
}

await section(out, 'upload', async () => {
  uploaded = await files.upload({ file: await toFile(notes, 'notes.bin', { type: 'application/octet-stream' }) });
  return { ...view(uploaded), bytesSent: notes.length };
});

await section(out, 'retrieveMetadata', async () => view(await files.retrieveMetadata(uploaded.id)));

// A limit of 1 makes the SDK follow next_page (sent back as `page`) through every file.
await section(out, 'list', async () => {
  second = await files.upload({ file: await toFile(other, 'other.txt', { type: 'text/plain' }) });
  const ids = [];
  let pages = 0;
  for await (const page of (await files.list({ limit: 1 })).iterPages()) {
    pages += 1;
    ids.push(...page.data.map((f) => f.id));
    if (pages > 100) {
      break; // a gateway that pages in a circle must not hang the test
    }
  }
  return { pages, ids, uploaded: [uploaded?.id, second.id] };
});

// The API lets only downloadable files (made by a tool) be downloaded; an uploaded one may not be.
await section(out, 'download', async () => {
  const downloadable = uploaded.downloadable ?? null;
  try {
    const response = await files.download(uploaded.id);
    const bytes = Buffer.from(await response.arrayBuffer());
    return { downloadable, equal: bytes.equals(notes), length: bytes.length,
        contentType: response.headers.get('content-type') };
  } catch (e) {
    return { downloadable, error: await errorOf(() => Promise.reject(e)) };
  }
});

await section(out, 'delete', async () => {
  const deleted = await files.delete(uploaded.id);
  await files.delete(second.id);
  return { id: deleted.id, type: deleted.type, deletedId: uploaded.id,
      retrieveAfter: await errorOf(() => files.retrieveMetadata(uploaded.id)) };
});

await section(out, 'errors', async () => ({
  unknownMetadata: await errorOf(() => files.retrieveMetadata('file_0000000000000000000000000')),
  unknownDownload: await errorOf(() => files.download('file_0000000000000000000000000')),
  unknownDelete: await errorOf(() => files.delete('file_0000000000000000000000000')),
}));

console.log(JSON.stringify(out));

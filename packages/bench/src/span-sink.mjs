// A local OTLP/HTTP trace sink in a process of its own: it takes OTLP/JSON and OTLP/protobuf (gzip or
// not) on any path ending in /v1/traces, counts the spans in each request (so that no variant wins by
// dropping spans), and answers as OpenObserve does. It also takes the GenAI metrics our variants export
// on /v1/metrics (counted as metricRequests, not decoded). The parent asks for the count over IPC.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

// Just enough of opentelemetry/proto/collector/trace/v1 to count spans; protobufjs does the decoding.
const root = protobuf.parse(
  `
  syntax = "proto3";
  message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
  message ResourceSpans { repeated ScopeSpans scope_spans = 2; }
  message ScopeSpans { repeated Span spans = 2; }
  message Span { bytes trace_id = 1; bytes span_id = 2; }
`,
  { keepCase: true },
).root;
const ExportTraceServiceRequest = root.lookupType('ExportTraceServiceRequest');

let spans = 0;
let requests = 0;
let bytes = 0;
let unreadable = 0;
let metricRequests = 0;

const server = createServer((request, response) => {
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    if (request.method === 'POST' && request.url?.endsWith('/v1/metrics')) {
      metricRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (request.method !== 'POST' || !request.url?.endsWith('/v1/traces')) {
      response.writeHead(404).end();
      return;
    }
    const raw = Buffer.concat(parts);
    bytes += raw.length;
    requests += 1;
    const protobufBody = String(request.headers['content-type']).includes('protobuf');
    try {
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      spans += protobufBody ? countProtobuf(body) : countJson(body);
    } catch {
      unreadable += 1;
      response.writeHead(400).end();
      return;
    }
    if (protobufBody) response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

function countJson(body) {
  let count = 0;
  for (const resource of JSON.parse(body.toString('utf8')).resourceSpans ?? [])
    for (const scope of resource.scopeSpans ?? []) count += scope.spans?.length ?? 0;
  return count;
}

function countProtobuf(body) {
  let count = 0;
  for (const resource of ExportTraceServiceRequest.decode(body).resource_spans)
    for (const scope of resource.scope_spans) count += scope.spans.length;
  return count;
}

process.on('message', (message) => {
  if (message === 'reset') {
    spans = 0;
    requests = 0;
    bytes = 0;
    unreadable = 0;
    metricRequests = 0;
  }
  process.send?.({ spans, requests, bytes, unreadable, metricRequests });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${server.address().port}` }));
process.on('disconnect', () => process.exit(0));

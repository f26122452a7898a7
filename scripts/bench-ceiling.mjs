// The ceiling for `npm run bench`: a minimal Fastify on the same Node that takes the same request as
// the service (the same method, path and body, JSON parsed, YAML read as text) and answers a JSON
// body of RESPONSE_BYTES bytes, built once. What the service does beyond this is its own work.
import Fastify from 'fastify';

const bytes = Number(process.env.RESPONSE_BYTES ?? 1024);
const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) });
const app = Fastify({ bodyLimit: 1024 * 1024, logger: false });
app.addContentTypeParser(['application/yaml'], { parseAs: 'string' }, (_request, text, done) => done(null, text));
const answer = (_request, reply) => reply.type('application/json; charset=utf-8').send(body);
app.post('/*', answer);
app.get('/*', answer);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');

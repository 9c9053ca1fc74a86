/** openapi.json, generated from the route table with zod's JSON Schema output. */
import { z } from 'zod/mini';
import { routes, routeNames, rolesAllowed, type RouteDef } from './routes.js';
import { ErrorBody } from './schemas.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './rules/headers.js';

type Json = Record<string, unknown>;

type Io = 'input' | 'output';

/**
 * Every named schema (the contract's `named(...)`) once per direction under
 * `components/schemas`: the output shape as `X`, and the input shape as `XInput` only where it
 * differs (defaults make an output's fields required that an input may leave out). Each `$ref`
 * of the document points there, so standard tools resolve all of them.
 */
function namedComponents(): { schemas: Record<string, Json>; refName: (id: string, io: Io) => string } {
  const PENDING = '__input__';
  const of = (io: Io) =>
    (
      z.toJSONSchema(z.globalRegistry, {
        target: 'draft-2020-12',
        unrepresentable: 'any',
        io,
        uri: (id: string) => `#/components/schemas/${io === 'input' ? PENDING : ''}${id}`,
      }) as { schemas: Record<string, Json> }
    ).schemas;
  const output = of('output');
  const input = of('input');
  for (const schema of [...Object.values(output), ...Object.values(input)]) {
    delete schema.$schema;
    delete schema.$id;
  }
  // Outputs close their objects (`additionalProperties: false`); inputs tolerate extra keys,
  // which the server drops. That alone does not make an input a schema of its own.
  const open = (text: string) => text.replaceAll(',"additionalProperties":false', '');
  const plain = (json: Json) => open(JSON.stringify(json).replaceAll(`#/components/schemas/${PENDING}`, '#/components/schemas/'));
  const refs = (json: Json) => [...JSON.stringify(json).matchAll(new RegExp(`#/components/schemas/${PENDING}([^"]+)`, 'g'))].map((m) => m[1]!);
  // An input is its output when it reads the same and so does everything it refers to.
  const same = new Map<string, boolean>();
  const isSame = (id: string): boolean => {
    if (!same.has(id)) {
      same.set(id, true); // a cycle assumes sameness until shown otherwise
      same.set(id, plain(input[id]!) === open(JSON.stringify(output[id])) && refs(input[id]!).every(isSame));
    }
    return same.get(id)!;
  };
  const refName = (id: string, io: Io) => (io === 'input' && !isSame(id) ? `${id}Input` : id);
  const retarget = (json: Json): Json =>
    JSON.parse(JSON.stringify(json).replace(new RegExp(`#/components/schemas/${PENDING}([^"]+)`, 'g'), (_, id: string) => `#/components/schemas/${refName(id, 'input')}`)) as Json;
  const schemas: Record<string, Json> = { ...output };
  for (const id of Object.keys(input)) {
    if (isSame(id)) continue;
    if (`${id}Input` in output) throw new Error(`openapi: ${id}'s input shape would take the name of the schema ${id}Input`);
    schemas[`${id}Input`] = retarget(input[id]!);
  }
  return { schemas, refName };
}

function schemaOf(schema: z.core.$ZodType, io: Io, refName: (id: string, io: Io) => string): Json {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return toComponentRefs(json, io, refName) as Json;
}

/** A schema's own `$defs` are the named components: point at those instead. */
function toComponentRefs(value: unknown, io: Io, refName: (id: string, io: Io) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => toComponentRefs(v, io, refName));
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$defs') continue;
      out[key] =
        key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${refName(v.slice('#/$defs/'.length), io)}`
          : toComponentRefs(v, io, refName);
    }
    return out;
  }
  return value;
}

const errorStatuses: Record<string, string> = {
  '400': 'Bad input; `issues` point at the fields',
  '401': 'No, expired or forged token',
  '403': 'The role may not',
  '404': 'Not found (also for another organization’s ids)',
  '409': 'Conflict',
  '412': 'Stale `If-Match`; `current` holds the current representation',
  '422': 'A rule refused it; `reason` names the rule',
  '429': 'Rate limited; see `Retry-After`',
};

/** Parameters of a z.object, as OpenAPI parameters. */
function parametersOf(schema: z.core.$ZodType | undefined, where: 'path' | 'query', refName: (id: string, io: Io) => string): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input', refName);
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

export function buildOpenApi(): Json {
  const { schemas, refName } = namedComponents();
  const paths: Record<string, Record<string, Json>> = {};
  for (const name of routeNames) {
    const route: RouteDef = routes[name];
    const path = `/v1${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters = [...parametersOf(route.params, 'path', refName), ...parametersOf(route.query, 'query', refName)];
    if (route.idempotencyKey) {
      parameters.push({
        name: 'Idempotency-Key', in: 'header', required: false,
        schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: IDEMPOTENCY_KEY_PATTERN },
      });
    }
    if (route.ifMatch) {
      parameters.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string', pattern: IF_MATCH_PATTERN } });
    }
    const content =
      route.responseKind === 'pdf'
        ? { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } }
        : route.responseKind === 'sse'
          ? { 'text/event-stream': { schema: { type: 'string' } } }
          : route.responseKind === 'html'
            ? { 'text/html': { schema: { type: 'string' } } }
            : route.response
              ? { 'application/json': { schema: schemaOf(route.response, 'output', refName) } }
            : undefined;
    const responses: Record<string, Json> = {
      [String(route.status)]: { description: 'Success', ...(content ? { content } : {}) },
    };
    for (const [status, description] of Object.entries(errorStatuses)) {
      // A public route answers neither, except that a bad host proof is 401.
      if (status === '403' && route.permission === null) continue;
      if (status === '401' && route.permission === null && !route.hostProof) continue;
      if (status === '412' && !route.ifMatch) continue;
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId: name,
      summary: route.summary,
      ...(route.permission === null ? { security: [] } : {}),
      'x-roles': rolesAllowed(route),
      'x-idempotent': route.idempotencyKey,
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input', refName) } } } }
        : {}),
      responses,
    };
  }
  schemas.ErrorBody ??= schemaOf(ErrorBody, 'output', refName);
  // Only what the paths reach, and the live events' payload (the SSE stream's frames).
  const reached = new Set<string>(['LiveEvent']);
  const visit = (json: unknown) => {
    for (const [, id] of JSON.stringify(json).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (!reached.has(id!)) {
        reached.add(id!);
        visit(schemas[id!]);
      }
    }
  };
  visit(paths);
  visit(schemas.LiveEvent);
  for (const id of Object.keys(schemas)) if (!reached.has(id)) delete schemas[id];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ledgerside API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Billing and collaboration sidebars for helpdesk and CRM pages. Generated from the route table in @ledgerside/contract; do not edit.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
    },
    paths,
  };
}

/** The committed file's text: stable key order, trailing newline. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

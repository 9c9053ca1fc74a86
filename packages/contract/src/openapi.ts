/** openapi.json, generated from the route table with zod's JSON Schema output. */
import { z } from 'zod/mini';
import { routes, routeNames, rolesAllowed, type RouteDef } from './routes.js';
import { ErrorBody } from './schemas.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './rules/headers.js';

type Json = Record<string, unknown>;

function schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Json;
  delete json.$schema;
  // Output schemas point at the shared components (which are output schemas too); input
  // schemas keep their own $defs, since defaults make their required fields differ.
  return io === 'output' ? (toComponentRefs(json) as Json) : json;
}

function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$defs') continue;
      out[key] = key === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : toComponentRefs(v);
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
function parametersOf(schema: z.core.$ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
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
  const paths: Record<string, Record<string, Json>> = {};
  for (const name of routeNames) {
    const route: RouteDef = routes[name];
    const path = `/v1${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
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
            ? { 'application/json': { schema: schemaOf(route.response, 'output') } }
            : undefined;
    const responses: Record<string, Json> = {
      [String(route.status)]: { description: 'Success', ...(content ? { content } : {}) },
    };
    for (const [status, description] of Object.entries(errorStatuses)) {
      if (status === '401' || status === '403') {
        if (route.permission === null) continue;
      }
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
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  const components = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io: 'output',
    uri: (id: string) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(components.schemas)) delete schema.$schema;
  components.schemas.ErrorBody ??= schemaOf(ErrorBody, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ledgerside API',
      version: '1.0.0',
      description:
        'Billing and collaboration sidebars for helpdesk and CRM pages. Generated from the route table in @ledgerside/contract; do not edit.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components.schemas,
    },
    paths,
  };
}

/** The committed file's text: stable key order, trailing newline. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

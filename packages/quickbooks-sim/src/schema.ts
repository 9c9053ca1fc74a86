/**
 * Request validation: JSON Schema derived at start-up from the XSDs in `vendor/` (see
 * vendor/SOURCE.md), compiled with Ajv in strict mode. Every body the simulator receives for a
 * Customer, Invoice, Estimate or Payment (and so their Line types) is checked against it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XsdToJsonSchema, type JsonSchema } from './xsd.js';

export const validatedEntities = ['Customer', 'Invoice', 'Estimate', 'Payment'] as const;
export type ValidatedEntity = (typeof validatedEntities)[number];

const VENDOR = new URL('../vendor/', import.meta.url);
const XSD_FILES = ['Finance.xsd', 'IntuitBaseTypes.xsd', 'IntuitNamesTypes.xsd'];

let cached: { schema: JsonSchema; validators: Record<ValidatedEntity, ValidateFunction> } | undefined;

/** The derived JSON Schema: `$defs` holds each entity's type and every type it refers to. */
export function entitySchema(): JsonSchema {
  return compiled().schema;
}

function compiled() {
  if (cached) return cached;
  const texts = XSD_FILES.map((f) => readFileSync(new URL(f, VENDOR), 'utf8').replace(/^\uFEFF/, ''));
  const schema = new XsdToJsonSchema(texts).schemaFor([...validatedEntities, 'Line']);
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(schema, 'qbo');
  const validators = Object.fromEntries(
    validatedEntities.map((name) => [name, ajv.getSchema(`qbo#/$defs/${name}`)!]),
  ) as Record<ValidatedEntity, ValidateFunction>;
  cached = { schema, validators };
  return cached;
}

export interface SchemaIssue {
  /** JSON pointer into the body, e.g. `/Line/0/SalesItemLineDetail/Qty`. */
  path: string;
  message: string;
}

/** The schema's complaints about a body for `entity` (empty when it is valid). */
export function validateEntity(entity: ValidatedEntity, body: unknown): SchemaIssue[] {
  const validate = compiled().validators[entity];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    path: e.instancePath || '/',
    message: `${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}${
      e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as string[]).join(', ')})` : ''
    }`,
  }));
}

/**
 * Intuit's XSDs → JSON Schema (draft 2020-12) for the JSON the Accounting API v3 speaks.
 *
 * QuickBooks serialises its JAXB entities to JSON by element name: an element is a property, a
 * repeating one (maxOccurs > 1) an array, an attribute a property too, and a type with simple
 * content (ReferenceType) an object whose `value` is the content. The translation follows the
 * XSD strictly: an element without `minOccurs="0"` is required, a `choice` admits at most one of
 * its elements (exactly one when none of them is optional), and nothing outside the schema is
 * admitted (`additionalProperties: false`), so a misspelt or invented field is refused.
 */
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;
export type JsonSchema = Record<string, unknown>;

const REPEATING = new Set([
  'xs:complexType', 'xs:simpleType', 'xs:element', 'xs:attribute', 'xs:choice', 'xs:sequence',
  'xs:enumeration', 'xs:group', 'xs:include', 'xs:any',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => REPEATING.has(name),
  // Documentation is prose for people; the structure is all we need.
  stopNodes: ['*.xs:annotation'],
});

const list = (node: Node | undefined, key: string): Node[] => ((node?.[key] as Node[] | undefined) ?? []);
const attr = (node: Node, name: string): string | undefined => node[`@${name}`] as string | undefined;
const local = (qname: string) => qname.replace(/^[a-z]+:/, '');

/** XML Schema's own types in JSON. */
const BUILTIN: Record<string, JsonSchema> = {
  string: { type: 'string' },
  normalizedString: { type: 'string' },
  token: { type: 'string' },
  anyURI: { type: 'string' },
  base64Binary: { type: 'string' },
  boolean: { type: 'boolean' },
  decimal: { type: 'number' },
  double: { type: 'number' },
  float: { type: 'number' },
  int: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  integer: { type: 'integer' },
  long: { type: 'integer' },
  short: { type: 'integer', minimum: -32768, maximum: 32767 },
  positiveInteger: { type: 'integer', minimum: 1 },
  nonNegativeInteger: { type: 'integer', minimum: 0 },
  date: { type: 'string', format: 'date' },
  // QuickBooks writes offsets as -07:00; JSON Schema's date-time format is RFC 3339 too.
  dateTime: { type: 'string', format: 'date-time' },
  time: { type: 'string' },
  anyType: {},
};

interface Particle {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

interface Content {
  properties: Record<string, JsonSchema>;
  required: string[];
  /** Each choice: its element names, and whether one of them must be present. */
  choices: { names: string[]; needsOne: boolean }[];
  open: boolean;
}

/** Converts the given XSD texts (Finance.xsd and the files it includes). */
export class XsdToJsonSchema {
  private readonly complexTypes = new Map<string, Node>();
  private readonly simpleTypes = new Map<string, Node>();
  private readonly groups = new Map<string, Node>();
  private readonly defs: Record<string, JsonSchema> = {};

  constructor(texts: readonly string[]) {
    for (const text of texts) {
      const schema = (parser.parse(text) as Node)['xs:schema'] as Node;
      for (const type of list(schema, 'xs:complexType')) this.complexTypes.set(attr(type, 'name')!, type);
      for (const type of list(schema, 'xs:simpleType')) this.simpleTypes.set(attr(type, 'name')!, type);
      for (const group of list(schema, 'xs:group')) this.groups.set(attr(group, 'name')!, group);
    }
  }

  /** A schema for the named types, each under `$defs`, with everything they refer to. */
  schemaFor(typeNames: readonly string[]): JsonSchema {
    for (const name of typeNames) this.ref(name);
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: this.defs };
  }

  private ref(qname: string): JsonSchema {
    const name = local(qname);
    if (qname.startsWith('xs:')) {
      const builtin = BUILTIN[name];
      if (!builtin) throw new Error(`XSD type ${qname} has no JSON mapping`);
      return builtin;
    }
    if (!(name in this.defs)) {
      this.defs[name] = {}; // placeholder: types refer to themselves (Line → LinkedTxn …)
      const complex = this.complexTypes.get(name);
      const simple = this.simpleTypes.get(name);
      if (complex) this.defs[name] = this.complex(complex);
      else if (simple) this.defs[name] = this.simple(simple);
      else throw new Error(`XSD type ${name} is not defined`);
    }
    return { $ref: `#/$defs/${name}` };
  }

  private simple(type: Node): JsonSchema {
    const restriction = type['xs:restriction'] as Node | undefined;
    if (!restriction) return { type: 'string' };
    const base = this.ref(attr(restriction, 'base') ?? 'xs:string');
    const values = list(restriction, 'xs:enumeration').map((e) => attr(e, 'value')!);
    if (values.length) return { type: 'string', enum: values };
    const out: JsonSchema = { ...base };
    const max = (restriction['xs:maxLength'] as Node | undefined) && attr(restriction['xs:maxLength'] as Node, 'value');
    if (max) out.maxLength = Number(max);
    return out;
  }

  private complex(type: Node): JsonSchema {
    const simpleContent = type['xs:simpleContent'] as Node | undefined;
    if (simpleContent) {
      const extension = (simpleContent['xs:extension'] ?? simpleContent['xs:restriction']) as Node;
      const content: Content = { properties: { value: this.ref(attr(extension, 'base')!) }, required: [], choices: [], open: false };
      this.attributes(extension, content);
      return this.finish(content);
    }
    const content: Content = { properties: {}, required: [], choices: [], open: false };
    this.collect(type, content);
    return this.finish(content);
  }

  /** A type's particles and attributes, its bases' first. */
  private collect(type: Node, content: Content): void {
    const complexContent = type['xs:complexContent'] as Node | undefined;
    if (complexContent) {
      const extension = complexContent['xs:extension'] as Node | undefined;
      if (extension) {
        const base = this.complexTypes.get(local(attr(extension, 'base')!));
        if (!base) throw new Error(`Base type ${attr(extension, 'base')} is not defined`);
        this.collect(base, content);
        this.model(extension, content, true);
        this.attributes(extension, content);
        return;
      }
      const restriction = complexContent['xs:restriction'] as Node;
      this.model(restriction, content, true);
      this.attributes(restriction, content);
      return;
    }
    this.model(type, content, true);
    this.attributes(type, content);
  }

  private attributes(node: Node, content: Content): void {
    for (const a of list(node, 'xs:attribute')) {
      const name = attr(a, 'name')!;
      content.properties[name] = this.ref(attr(a, 'type') ?? 'xs:string');
      if (attr(a, 'use') === 'required') content.required.push(name);
    }
  }

  /** Sequences, choices and groups below `node`; `required` is false inside optional particles. */
  private model(node: Node, content: Content, required: boolean): void {
    for (const sequence of list(node, 'xs:sequence')) {
      const optional = attr(sequence, 'minOccurs') === '0';
      for (const element of list(sequence, 'xs:element')) this.add(this.particle(element, required && !optional), content);
      this.model(sequence, content, required && !optional);
      for (const group of list(sequence, 'xs:group')) this.group(group, content, required && !optional);
      if (list(sequence, 'xs:any').length) content.open = true;
    }
    for (const choice of list(node, 'xs:choice')) this.choice(choice, content, required);
    for (const group of list(node, 'xs:group')) this.group(group, content, required);
  }

  private group(ref: Node, content: Content, required: boolean): void {
    const group = this.groups.get(local(attr(ref, 'ref')!));
    if (!group) throw new Error(`Group ${attr(ref, 'ref')} is not defined`);
    this.model(group, content, required && attr(ref, 'minOccurs') !== '0');
  }

  private choice(choice: Node, content: Content, required: boolean): void {
    const inner: Content = { properties: {}, required: [], choices: [], open: false };
    const alternatives = list(choice, 'xs:element').map((e) => this.particle(e, true));
    for (const p of alternatives) inner.properties[p.name] = p.schema;
    // A sequence inside a choice: its elements are alternatives' parts; keep them optional.
    this.model(choice, inner, false);
    Object.assign(content.properties, inner.properties);
    content.choices.push(...inner.choices);
    const names = alternatives.map((p) => p.name);
    const needsOne = required && attr(choice, 'minOccurs') !== '0' && alternatives.length > 0 && alternatives.every((p) => p.required);
    if (names.length > 1 || needsOne) content.choices.push({ names, needsOne });
  }

  private particle(element: Node, required: boolean): Particle {
    const name = attr(element, 'name')!;
    let schema: JsonSchema;
    const inlineComplex = list(element, 'xs:complexType')[0];
    const inlineSimple = list(element, 'xs:simpleType')[0];
    if (inlineComplex) schema = this.complex(inlineComplex);
    else if (inlineSimple) schema = this.simple(inlineSimple);
    else schema = this.ref(attr(element, 'type') ?? 'xs:anyType');
    const max = attr(element, 'maxOccurs');
    if (max === 'unbounded' || (max !== undefined && Number(max) > 1)) {
      schema = { type: 'array', items: schema, ...(max !== 'unbounded' ? { maxItems: Number(max) } : {}) };
    }
    return { name, schema, required: required && attr(element, 'minOccurs') !== '0' };
  }

  private add(particle: Particle, content: Content): void {
    content.properties[particle.name] = particle.schema;
    if (particle.required) content.required.push(particle.name);
  }

  private finish(content: Content): JsonSchema {
    const out: JsonSchema = { type: 'object', properties: content.properties };
    if (content.required.length) out.required = [...new Set(content.required)];
    if (!content.open) out.additionalProperties = false;
    const rules: JsonSchema[] = [];
    for (const { names, needsOne } of content.choices) {
      if (needsOne) rules.push({ anyOf: names.map((n) => ({ required: [n] })) });
      const pairs: JsonSchema[] = [];
      for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push({ required: [names[i], names[j]] });
      if (pairs.length) rules.push({ not: { anyOf: pairs } });
    }
    if (rules.length) out.allOf = rules;
    return out;
  }
}

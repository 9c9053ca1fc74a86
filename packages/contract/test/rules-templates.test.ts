/**
 * A new customer's template (issue 15): the mocks gave 'standard', the server the
 * organization's first. The contract's templates module decides: the organization's default,
 * its first template — or '' (no template) only where it lists none.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultTemplate, templateError } from '../src/templates.js';

const templates = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), name: fc.string({ minLength: 1, maxLength: 20 }) }), {
  selector: (t) => t.id,
  maxLength: 6,
});

describe('defaultTemplate', () => {
  it('is always a template the organization accepts', () => {
    fc.assert(fc.property(templates, (list) => assert.equal(templateError(defaultTemplate(list), list), null)), { seed: 1519 });
  });

  it('is the organization\'s first template, and no template only where it lists none', () => {
    fc.assert(
      fc.property(templates, (list) => {
        assert.equal(defaultTemplate(list), list.length ? list[0]!.id : '');
        if (list.length) assert.notEqual(defaultTemplate(list), '');
      }),
      { seed: 1520 },
    );
  });

  it('never a name the organization does not list (the mocks\' fixed \'standard\')', () => {
    fc.assert(
      fc.property(templates, (list) => {
        if (!list.some((t) => t.id === 'standard')) assert.notEqual(defaultTemplate(list), 'standard');
      }),
      { seed: 1521 },
    );
  });
});

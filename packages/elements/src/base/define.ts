/**
 * Registers a tag once. Two copies of the SDK on one host page (a script tag and an ES module
 * build, say) must not throw: the second registration of a tag is skipped.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}

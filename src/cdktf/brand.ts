/**
 * Type checks by `Symbol.for` brand instead of `instanceof`, so they hold across copies of this
 * package (and across cdktf / cdktn) loaded in one process.
 */
const brandSymbol = (className: string): symbol => Symbol.for(`flashback-iac/cdktf/${className}`);

/** Marks `target` as a `className`; a class may carry several brands (a subclass keeps its base's). */
export function brand(target: object, className: string): void {
  Object.defineProperty(target, brandSymbol(className), { value: true, enumerable: false });
}

export function hasBrand(x: unknown, className: string): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brandSymbol(className)] === true;
}

/** How a message quotes a value it did not accept: at most a short prefix, so a bad value is never echoed whole. */
export function quoted(value: string, max = 40): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
}


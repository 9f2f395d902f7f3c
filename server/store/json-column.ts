/**
 * JSON columns (questions, answers, per-question feedback, stored push results). Only the
 * services write them, after the request was validated against its TypeBox schema, so
 * reading them back trusts that shape: this is the one place where stored JSON becomes a type.
 */
export function fromJson<T>(text: string): T {
  const value: T = JSON.parse(text);
  return value;
}

// How event payloads travel between server instances. Plain JSON would turn
// the Dates in chat messages, agents and settings changes into strings and
// the instance that reads them would hand strings to GraphQL's DateTime and
// to resolvers that call Date methods. Dates are tagged on the way out and
// revived on the way in; everything else is ordinary JSON, so an event is as
// cheap to encode as JSON.stringify allows.

const dateTag = '$date';

function encodeValue(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date#toJSON on `value`; the holder still has the Date.
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? { [dateTag]: original.getTime() } : value;
}

function decodeValue(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const time = record[dateTag];
    if (typeof time === 'number' && Object.keys(record).length === 1) return new Date(time);
  }
  return value;
}

export function encodeBusPayload(payload: unknown): string {
  return JSON.stringify(payload, encodeValue);
}

export function decodeBusPayload<T>(text: string): T {
  return JSON.parse(text, decodeValue) as T;
}

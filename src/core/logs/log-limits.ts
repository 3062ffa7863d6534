// How much one log request may ask for, and the checks that refuse more: a
// page, a tail's history, an analysis's buckets, a raw file read.
import { InvalidInput } from '../errors.ts';

export const logLimits = {
  pageSize: 1000,
  tailLines: 10_000,
  readBytes: 1024 * 1024,
  buckets: 10_000,
  topErrors: 100,
};

function checkWholeBetween(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInput(`${field} must be between ${min} and ${max}`, { field });
  }
}

export function checkPageSize(first: number): void {
  checkWholeBetween('first', first, 1, logLimits.pageSize);
}

export function checkTailLines(tail: number): void {
  checkWholeBetween('tail', tail, 0, logLimits.tailLines);
}

export function checkAnalysis(options: {
  from: Date;
  to: Date;
  bucketSeconds: number;
  topErrors: number;
}): void {
  const { from, to, bucketSeconds, topErrors } = options;
  if (!(to > from)) throw new InvalidInput('to must be after from', { field: 'to' });
  if (!(bucketSeconds >= 1)) {
    throw new InvalidInput('bucketSeconds must be at least 1', { field: 'bucketSeconds' });
  }
  if ((to.getTime() - from.getTime()) / 1000 / bucketSeconds > logLimits.buckets) {
    throw new InvalidInput(`the range holds more than ${logLimits.buckets} buckets`, {
      field: 'bucketSeconds',
    });
  }
  checkWholeBetween('topErrors', topErrors, 0, logLimits.topErrors);
}

export function checkReadRange(offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InvalidInput('offset must be a whole number, 0 or more', { field: 'offset' });
  }
  checkWholeBetween('length', length, 1, logLimits.readBytes);
}

import type { IHeaders } from 'kafkajs';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as `ce_*` headers,
 * the payload is the message value, and the key is the aggregate id.
 */
export interface CloudEventAttributes {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  /** extension attribute carrying the correlation id of the work that caused the event */
  correlationid?: string;
}

export interface KafkaRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export class MalformedMessageError extends Error {
  constructor(
    readonly reason: 'missing_attributes' | 'not_json' | 'unsupported_specversion' | 'unsupported_content_type',
    message: string,
  ) {
    super(message);
  }
}

export function encodeBinary(attributes: CloudEventAttributes, key: string, data: unknown): KafkaRecord {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) headers[`ce_${name}`] = String(value);
  }
  return { key, value: Buffer.from(JSON.stringify(data)), headers };
}

function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

export function decodeBinary(message: { value: Buffer | null; headers?: IHeaders }): { attributes: CloudEventAttributes; data: unknown } {
  const h = message.headers;
  const specversion = headerString(h, 'ce_specversion');
  const id = headerString(h, 'ce_id');
  const source = headerString(h, 'ce_source');
  const type = headerString(h, 'ce_type');
  if (!specversion || !id || !source || !type) {
    throw new MalformedMessageError('missing_attributes', 'message lacks the CloudEvents ce_specversion, ce_id, ce_source or ce_type header');
  }
  if (specversion !== '1.0') throw new MalformedMessageError('unsupported_specversion', `unsupported CloudEvents specversion ${specversion}`);
  const contentType = headerString(h, 'content-type');
  if (contentType && !contentType.startsWith('application/json')) {
    throw new MalformedMessageError('unsupported_content_type', `unsupported content-type ${contentType}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (err) {
    throw new MalformedMessageError('not_json', `payload is not JSON: ${(err as Error).message}`);
  }
  return {
    attributes: {
      specversion: '1.0',
      id,
      source,
      type,
      time: headerString(h, 'ce_time') ?? '',
      subject: headerString(h, 'ce_subject'),
      correlationid: headerString(h, 'ce_correlationid'),
    },
    data,
  };
}

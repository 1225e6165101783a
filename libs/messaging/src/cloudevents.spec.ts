import { decodeBinary, encodeBinary, MalformedMessageError } from './cloudevents';

const attributes = { specversion: '1.0' as const, id: 'e-1', source: '/jiangmen/staffing', type: 'staffing.SchoolRegistered.v1', time: '2026-09-01T00:00:00.000Z', correlationid: 'req-9' };

describe('CloudEvents binary mode', () => {
  it('puts attributes in ce_ headers, the key as given and the data as the JSON value, and reads them back', () => {
    const record = encodeBinary(attributes, 'school-1', { a: 1, 名: '台山' });
    expect(record.key).toBe('school-1');
    expect(record.headers).toMatchObject({ ce_specversion: '1.0', ce_id: 'e-1', ce_type: 'staffing.SchoolRegistered.v1', ce_correlationid: 'req-9', 'content-type': 'application/json' });
    expect(record.headers).not.toHaveProperty('ce_subject');
    const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
    const decoded = decodeBinary({ value: record.value, headers });
    expect(decoded.attributes).toMatchObject(attributes);
    expect(decoded.data).toEqual({ a: 1, 名: '台山' });
  });

  it('rejects a message without the required attributes, with a non-JSON body, or another spec version', () => {
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as MalformedMessageError).reason;
      }
      return 'no error';
    };
    const headers = { ce_specversion: Buffer.from('1.0'), ce_id: Buffer.from('x'), ce_source: Buffer.from('/s'), ce_type: Buffer.from('t.T.v1') };
    expect(reason(() => decodeBinary({ value: Buffer.from('{}'), headers: {} }))).toBe('missing_attributes');
    expect(reason(() => decodeBinary({ value: Buffer.from('{oops'), headers }))).toBe('not_json');
    expect(reason(() => decodeBinary({ value: null, headers }))).toBe('not_json');
    expect(reason(() => decodeBinary({ value: Buffer.from('{}'), headers: { ...headers, ce_specversion: Buffer.from('0.3') } }))).toBe('unsupported_specversion');
    expect(reason(() => decodeBinary({ value: Buffer.from('{}'), headers: { ...headers, 'content-type': Buffer.from('text/xml') } }))).toBe('unsupported_content_type');
  });
});

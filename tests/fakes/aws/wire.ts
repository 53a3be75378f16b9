/**
 * Wire-format helpers for the fake AWS: request bodies, AWS query forms, XML documents and the
 * error envelopes of each protocol (awsJson1_0/1_1, awsQuery, ec2Query, restXml).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export type Protocol = 'json1.0' | 'json1.1' | 'query' | 'ec2' | 'rest-xml';

/** An error a fake service answers with; rendered in the envelope of the service's protocol. */
export class FakeAwsError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400, readonly type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

/** Reads a whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses an AWS query / EC2 query form body into a flat map (`Filter.1.Name` → value). */
export function parseForm(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body).entries());
}

/**
 * Reads a list parameter of a query form: `Prefix.member.N` (awsQuery) or `Prefix.N` (ec2Query),
 * in index order.
 */
export function formList(form: Record<string, string>, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(?:member\\.)?(\\d+)$`);
  return Object.entries(form)
    .map(([key, value]) => [pattern.exec(key)?.[1], value] as const)
    .filter((entry): entry is readonly [string, string] => entry[0] !== undefined)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, value]) => value);
}

/** A list whose elements have their own name (RDS: `<DBInstances><DBInstance>…`), or are flattened (S3). */
export class XmlList {
  constructor(readonly itemName: string, readonly items: XmlValue[], readonly flattened = false) {}
}

/** A value the XML writer renders: scalars, lists (wrapped in item/member elements) and records. */
export type XmlValue = string | number | boolean | null | undefined | XmlList | XmlValue[] | { [key: string]: XmlValue };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders `<name>value</name>`; list elements are wrapped in `<listItem>` (EC2: item, query: member). */
export function xmlElement(name: string, value: XmlValue, listItem: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlList) {
    const items = value.items.map((v) => xmlElement(value.flattened ? name : value.itemName, v, listItem)).join('');
    return value.flattened ? items : `<${name}>${items}</${name}>`;
  }
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xmlElement(listItem, v, listItem)).join('')}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => xmlElement(k, v, listItem)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The XML document an awsQuery service returns for `operation`. */
export function queryResponse(operation: string, xmlns: string, result: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}">${xmlElement(`${operation}Result`, result, 'member')}`
    + `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`;
}

/** The XML document an EC2 query operation returns. */
export function ec2Response(operation: string, result: Record<string, XmlValue>): string {
  const body = Object.entries(result).map(([k, v]) => xmlElement(k, v, 'item')).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${randomUUID()}</requestId>${body}</${operation}Response>`;
}

/** Writes an error in the envelope of `protocol`. */
export function writeError(res: ServerResponse, protocol: Protocol, error: FakeAwsError, queryCompatible = false): void {
  const requestId = randomUUID();
  if (protocol === 'json1.0' || protocol === 'json1.1') {
    const headers: Record<string, string> = {
      'content-type': `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    };
    if (queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.type}`;
    res.writeHead(error.status, headers).end(JSON.stringify({ __type: error.code, message: error.message }));
    return;
  }
  let body: string;
  if (protocol === 'ec2') {
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  } else if (protocol === 'query') {
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  } else {
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  }
  res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId }).end(body);
}

/** Writes a JSON-protocol success response. */
export function writeJson(res: ServerResponse, protocol: 'json1.0' | 'json1.1', body: unknown): void {
  res.writeHead(200, { 'content-type': `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`, 'x-amzn-requestid': randomUUID() })
    .end(JSON.stringify(body));
}

/** Writes an XML success response. */
export function writeXml(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }).end(body);
}

/** Paginates a list by an opaque numeric token: the page and the token of the next page. */
export function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^page:/, '')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new FakeAwsError('InvalidNextToken', `invalid pagination token ${token}`);
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined };
}

import type { FastifyInstance } from 'fastify';
import { SALESFORCE_API } from './config.js';
import { SfFailure, type SObjectOps } from './sandbox-objects.js';

/**
 * sObject Collections in the sandbox: `POST /composite/sobjects` (create, mixed types),
 * `PATCH /composite/sobjects` (update by `id`, mixed types) and
 * `PATCH /composite/sobjects/{Type}/{ExtIdField}` (upsert, one type, the external id in each
 * record). Up to 200 records; with `allOrNone: false` each record answers alone, in order —
 * `{id, success, errors[], created?}`, errors in the SOAP style (`statusCode`, not `errorCode`).
 * `allOrNone: true` is refused here (the connector never sends it), rather than simulated wrongly.
 */

const MAX_RECORDS = 200;

type SObject = Record<string, unknown> & { attributes?: { type?: unknown }; id?: unknown };

interface CollectionBody {
  allOrNone?: unknown;
  records?: unknown;
}

const failure = (status: number, errorCode: string, message: string): never => {
  throw new SfFailure(status, [{ message, errorCode }]);
};

function recordsOf(body: unknown): SObject[] {
  const b = (body ?? {}) as CollectionBody;
  if (!Array.isArray(b.records)) failure(400, 'JSON_PARSER_ERROR', 'records: expected an array of sObjects');
  const records = b.records as SObject[];
  if (records.length > MAX_RECORDS) failure(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  if (b.allOrNone === true) failure(400, 'INVALID_OPERATION', 'the Leadwire sandbox answers collections with allOrNone=false only');
  return records;
}

/** One record's answer: the write's body, or its failure as `{success:false, errors:[{statusCode,…}]}`. */
function each(records: SObject[], write: (record: SObject, fields: Record<string, unknown>) => { status: number; body: unknown }): unknown[] {
  return records.map((record) => {
    const { attributes: _attributes, id: _id, ...fields } = record;
    try {
      if (typeof record !== 'object' || record === null || Array.isArray(record)) failure(400, 'JSON_PARSER_ERROR', 'expected an sObject');
      const { status, body } = write(record, fields);
      if (status === 300) return { success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: 'The external ID value matches more than one record', fields: [] }] };
      return { ...(body as object), success: true, errors: [] };
    } catch (error) {
      if (!(error instanceof SfFailure)) throw error;
      const errors = (Array.isArray(error.body) ? error.body : [error.body]) as Array<Record<string, unknown>>;
      return { success: false, errors: errors.map(({ errorCode, ...rest }) => ({ statusCode: errorCode, ...rest, fields: rest.fields ?? [] })) };
    }
  });
}

const typeOf = (record: SObject): string => (typeof record.attributes?.type === 'string' ? record.attributes.type : failure(400, 'INVALID_TYPE', 'Must send a concrete entity type.'));

export function registerComposite(app: FastifyInstance, ops: SObjectOps): void {
  const base = `${SALESFORCE_API}/composite/sobjects`;

  app.post(base, async (request) =>
    each(recordsOf(request.body), (record, fields) => {
      if (record.id !== undefined) failure(400, 'INVALID_FIELD', 'cannot specify Id in an insert call');
      return ops.create(typeOf(record), fields);
    }),
  );

  app.patch(base, async (request) =>
    each(recordsOf(request.body), (record, fields) => {
      if (typeof record.id !== 'string') failure(400, 'MISSING_ARGUMENT', 'Id not specified in an update call');
      return ops.update(typeOf(record), record.id as string, fields);
    }),
  );

  app.patch<{ Params: { object: string; field: string } }>(`${base}/:object/:field`, async (request) => {
    const { object, field } = request.params;
    return each(recordsOf(request.body), (record, fields) => {
      if (typeOf(record) !== object) failure(400, 'INVALID_TYPE', `Record type ${String(record.attributes?.type)} does not match the upsert type ${object}`);
      const key = Object.keys(fields).find((k) => k.toLowerCase() === field.toLowerCase());
      const value = key === undefined ? undefined : fields[key];
      if (typeof value !== 'string' || value === '') failure(400, 'MISSING_ARGUMENT', `${field} not specified`);
      const { [key!]: _value, ...rest } = fields;
      return ops.upsert(object, field, value as string, rest);
    });
  });
}

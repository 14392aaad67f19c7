/**
 * Small constructors for protobufjs JSON descriptors, so our protocol definitions read as a list
 * of fields with their numbers. Field names are snake_case as on the wire; protobufjs keeps them.
 */
import type { AnyNestedObject, IEnum, IField, IMapField, INamespace, IService, IType } from 'protobufjs';

export const field = (id: number, type: string): IField => ({ id, type });
export const repeated = (id: number, type: string): IField => ({ id, type, rule: 'repeated' });
export const stringMap = (id: number, valueType: string): IMapField => ({ id, type: valueType, keyType: 'string' });

export function message(
  fields: Record<string, IField>,
  extra: { nested?: Record<string, AnyNestedObject>; oneofs?: IType['oneofs'] } = {},
): IType {
  return { fields, ...extra };
}

/** A namespace holding a call's `Request` and `Response` (and any helper types). */
export function call(request: IType, response: IType, nested: Record<string, AnyNestedObject> = {}): INamespace {
  return { nested: { Request: request, Response: response, ...nested } };
}

export const enumOf = (values: Record<string, number>): IEnum => ({ values });

export function service(methods: Record<string, [request: string, response: string, streams?: 'server' | 'bidi']>): IService {
  return {
    methods: Object.fromEntries(
      Object.entries(methods).map(([name, [requestType, responseType, streams]]) => [
        name,
        { requestType, responseType, requestStream: streams === 'bidi', responseStream: streams !== undefined },
      ]),
    ),
  };
}

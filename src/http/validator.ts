// The routes' zod validator: fastify-type-provider-zod's, with each issue worded for people (validation-message.ts).
import type { FastifySchemaCompiler } from 'fastify';
import type { ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { finishMessage, type RequestPart, validationErrorMap } from './validation-message.ts';

// The mark hasZodFastifySchemaValidationErrors looks for (a registered symbol, so it is the library's own).
const zodValidationError = Symbol.for('ZodFastifySchemaValidationError');

function requestPartOf(httpPart: string | undefined): RequestPart {
  return httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers' ? httpPart : 'body';
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = requestPartOf(httpPart);
  const error = validationErrorMap(part);
  return (data) => {
    const result = z.safeParse(schema, data, { error });
    if (result.success) return { value: result.data };
    return {
      error: result.error.issues.map(({ path, code, message, ...params }): ZodFastifySchemaValidationError => {
        const pointer = path.map(String).join('/');
        return {
          [zodValidationError]: true,
          keyword: code,
          instancePath: `/${pointer}`,
          schemaPath: `#/${pointer}/${code}`,
          message: finishMessage(message, path, part),
          params,
        } as ZodFastifySchemaValidationError;
      }),
    };
  };
};

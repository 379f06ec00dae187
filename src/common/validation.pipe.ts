import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type ErrorDetail } from './errors.js';

// Deeper than any request DTO (counterparts[0].phone is 3); class-transformer recurses, so a deeper
// value could overflow the stack and end as a 500.
const MAX_DEPTH = 16;

/**
 * Nest's pipe silently deletes `__proto__`, `prototype` and `constructor`, and class-transformer skips keys
 * named like Object's methods (`toString`, `valueOf`...): unknown fields that would slip past
 * `forbidNonWhitelisted`. This one refuses them like any other unknown field, and refuses absurd nesting.
 */
class StrictValidationPipe extends ValidationPipe {
  protected override stripProtoKeys(value: unknown): void {
    const details: ErrorDetail[] = [];
    const stack: [unknown, string, number][] = [[value, '', 0]];
    while (stack.length > 0 && details.length < 20) {
      const [current, path, depth] = stack.pop()!;
      if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
      if (depth >= MAX_DEPTH) {
        details.push({ field: path, message: `${path} is nested deeper than ${MAX_DEPTH} levels` });
        continue;
      }
      const isArray = Array.isArray(current);
      for (const key of Object.keys(current)) {
        const field = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
        if (!isArray && (key === 'prototype' || key in Object.prototype)) {
          details.push({ field, message: `property ${field} should not exist` });
        } else {
          stack.push([(current as Record<string, unknown>)[key], field, depth + 1]);
        }
      }
    }
    if (details.length > 0) throw new ValidationFailedError(details.map((d) => d.message).join('; '), details);
    super.stripProtoKeys(value);
  }
}

/** Unknown fields are refused, types are not coerced, and every problem is named in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const details = flatten(errors);
      return new ValidationFailedError(details.map((d) => d.message).join('; ') || 'Invalid request', details);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

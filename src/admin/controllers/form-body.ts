import { Body, Injectable, type PipeTransform } from '@nestjs/common';

/** The request's fields, or none: a body no parser read (no or an odd Content-Type) is undefined. */
@Injectable()
export class FormFieldsPipe implements PipeTransform<unknown, Record<string, unknown>> {
  transform(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  }
}

/** @Body() for forms and JSON objects: always an object, so a handler may read any field of it. */
export const FormBody = (): ParameterDecorator => Body(FormFieldsPipe);

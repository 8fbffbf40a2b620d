import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import createError from 'http-errors';
import { ClientErrorsFilter } from './client-errors.filter';

/** A response that records what the filter answered. */
function responseHost(headersSent = false) {
  const answer: { status?: number; body?: unknown; ended: boolean } = { ended: false };
  const res = {
    headersSent,
    status(code: number) {
      answer.status = code;
      return this;
    },
    json(body: unknown) {
      answer.body = body;
    },
    end() {
      answer.ended = true;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, answer };
}

describe('ClientErrorsFilter', () => {
  let debug: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it("answers a client's error with its status and message, and logs it at debug level only", () => {
    const { host, answer } = responseHost();
    new ClientErrorsFilter().catch(createError(415, 'unsupported charset "UTF-7"'), host);
    expect(answer).toEqual({
      status: 415,
      body: { statusCode: 415, message: 'unsupported charset "UTF-7"' },
      ended: false,
    });
    expect(debug).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
  });

  it('logs a server error as an error and tells the client only the status name', () => {
    const { host, answer } = responseHost();
    new ClientErrorsFilter().catch(createError(502, 'upstream at 10.0.0.7 refused'), host);
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({ statusCode: 502, message: 'Bad Gateway' });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('ends a response whose headers already went out instead of writing a second answer', () => {
    const { host, answer } = responseHost(true);
    new ClientErrorsFilter().catch(createError(400, 'request aborted'), host);
    expect(answer).toEqual({ ended: true });
  });
});

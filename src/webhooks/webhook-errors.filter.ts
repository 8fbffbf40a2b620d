import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SesPayloadError } from '../inbound/ses/ses-payload.error';
import { SnsVerificationError } from '../inbound/ses/sns-verification.error';

/** Maps the webhook domain errors to HTTP: a bad signature is 403, a bad payload 400; both write nothing. */
@Catch(SnsVerificationError, SesPayloadError)
export class WebhookErrorsFilter implements ExceptionFilter {
  catch(error: SnsVerificationError | SesPayloadError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof SnsVerificationError) {
      res.status(403).json({ error: 'signature', reason: error.reason });
    } else {
      res.status(400).json({ error: 'payload', reason: error.code });
    }
  }
}

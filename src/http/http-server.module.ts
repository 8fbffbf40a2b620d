import { Module } from '@nestjs/common';
import { HttpDrain } from './http-drain';

/** What the api role's HTTP server needs beyond Nest's own: a bounded close. */
@Module({ providers: [HttpDrain] })
export class HttpServerModule {}

import { Global, Module } from '@nestjs/common';
import { OffloadService } from './offload.service';

@Global()
@Module({ providers: [OffloadService], exports: [OffloadService] })
export class OffloadModule {}

import { S3Client } from '@aws-sdk/client-s3';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BLOB_STORAGE } from './blob-storage';
import { LocalBlobStorage } from './local-blob-storage';
import { S3BlobStorage } from './s3-blob-storage';

@Global()
@Module({
  providers: [
    {
      provide: BLOB_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.env.STORAGE_DRIVER === 's3'
          ? new S3BlobStorage(new S3Client({ region: config.env.AWS_REGION }), config.env.S3_BUCKET!)
          : new LocalBlobStorage(config.env.STORAGE_DIR),
    },
  ],
  exports: [BLOB_STORAGE],
})
export class StorageModule {}

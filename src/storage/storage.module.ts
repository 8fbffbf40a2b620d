import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BLOB_STORAGE } from './blob-storage';
import { LocalBlobStorage } from './local-blob-storage';

@Global()
@Module({
  providers: [
    {
      provide: BLOB_STORAGE,
      inject: [AppConfig],
      // The AWS SDK is loaded only when the driver needs it (it adds a tenth of a second to every start).
      useFactory: async (config: AppConfig) => {
        if (config.env.STORAGE_DRIVER !== 's3') return new LocalBlobStorage(config.env.STORAGE_DIR);
        const [{ S3Client }, { S3BlobStorage }] = await Promise.all([
          import('@aws-sdk/client-s3'),
          import('./s3-blob-storage'),
        ]);
        return new S3BlobStorage(new S3Client({ region: config.env.AWS_REGION }), config.env.S3_BUCKET!);
      },
    },
  ],
  exports: [BLOB_STORAGE],
})
export class StorageModule {}

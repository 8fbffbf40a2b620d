import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, openDatabase } from './data-source';
import { DeploymentRepository } from './deployment.repository';
import { Transactor } from './transactor';
import { DatabaseToolkit } from './database-toolkit';
import { MigrationStateRepository } from './migration-state.repository';

/** PostgreSQL through TypeORM; the database is created if missing and migrated at start. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.env.DATABASE_URL, config.env.DATABASE_POOL_MAX),
      dataSourceFactory: async (options) => {
        const { url, extra } = options as { url: string; extra: { max: number } };
        return openDatabase(url, extra.max);
      },
    }),
  ],
  providers: [Transactor, DeploymentRepository, DatabaseToolkit, MigrationStateRepository],
  exports: [Transactor, DeploymentRepository, DatabaseToolkit, MigrationStateRepository],
})
export class DatabaseModule {}

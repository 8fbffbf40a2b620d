import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which of this build's migrations the database has not recorded (a database restored from an older backup). */
@Injectable()
export class MigrationStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One read of the migrations table; TypeORM's showMigrations would also create it and log each one. */
  async pending(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT name FROM migrations`)) as { name: string }[];
    const applied = new Set(rows.map((r) => r.name));
    return this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !applied.has(n));
  }
}

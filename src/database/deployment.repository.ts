import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The database's deployment id, drawn once by the Deployment migration (see the README, Scaling out). */
@Injectable()
export class DeploymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async id(): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT id FROM deployment`)) as { id: string }[];
    if (rows.length !== 1) {
      throw new Error(
        `the deployment table holds ${rows.length} rows, not 1: the queues cannot be bound to this database`,
      );
    }
    return rows[0].id;
  }
}

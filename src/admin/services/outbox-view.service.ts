import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { simpleParser, type ParsedMail } from 'mailparser';
import { AppConfig } from '../../config/app-config';
import { AdminInputError, AdminNotFound } from '../admin.errors';

export interface OutboxEntry {
  name: string;
  size: number;
  writtenAt: Date;
}

/** Local development: the .eml files the file transport wrote, newest first. */
@Injectable()
export class OutboxViewService {
  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.env.MAIL_TRANSPORT === 'file';
  }

  async list(limit = 200): Promise<OutboxEntry[]> {
    this.assertEnabled();
    const dir = resolve(this.config.env.OUTBOX_DIR);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
    const entries = await Promise.all(
      names.map(async (name) => {
        const s = await stat(join(dir, name));
        return { name, size: s.size, writtenAt: s.mtime };
      }),
    );
    return entries.sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime()).slice(0, limit);
  }

  async read(name: string): Promise<{ raw: Buffer; parsed: ParsedMail }> {
    this.assertEnabled();
    // Names come from our own Message-IDs; anything else (a path, "..") is refused.
    if (!/^[A-Za-z0-9._-]+\.eml$/.test(name) || name.includes('..')) throw new AdminNotFound('outbox email');
    const raw = await readFile(join(resolve(this.config.env.OUTBOX_DIR), name)).catch(() => null);
    if (!raw) throw new AdminNotFound('outbox email');
    return { raw, parsed: await simpleParser(raw) };
  }

  private assertEnabled(): void {
    if (!this.enabled) throw new AdminInputError('The outbox exists only with MAIL_TRANSPORT=file.');
  }
}

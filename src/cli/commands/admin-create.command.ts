import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffAuthService } from '../../admin/auth/staff-auth.service';
import { StaffRepository } from '../../admin/auth/staff.repository';
import { AppConfig } from '../../config/app-config';

/**
 * Creates a staff account, or sets a new password when the address has one already. Built by
 * hand because the CLI context runs no role, so the admin module (api role) is not loaded.
 */
export async function createAdmin(
  app: INestApplicationContext,
  email: string,
  password: string,
): Promise<{ id: string; created: boolean }> {
  const auth = new StaffAuthService(new StaffRepository(app.get(DataSource)), app.get(AppConfig));
  return auth.createStaff(email, password);
}

/** ADMIN_PASSWORD when set (scripts), otherwise asked for on the terminal without echo. */
export async function adminPassword(app: INestApplicationContext): Promise<string> {
  const fromEnv = app.get(AppConfig).env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  return promptHidden('Password (12+ characters): ');
}

function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const output = rl as unknown as { _writeToOutput?: (s: string) => void };
  let asked = false;
  output._writeToOutput = (s: string) => {
    // Show the question once, then nothing of what is typed.
    if (!asked) process.stdout.write(s);
    asked = true;
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

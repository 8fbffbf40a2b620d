import { InviteInputError, InviteNotFound } from '../../enrolment/invite.service';
import { AdminInputError, AdminNotFound } from '../admin.errors';

/** Enrolment's errors in the admin's words (400 and 404). */
export async function asAdmin<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InviteInputError) throw new AdminInputError(error.message);
    if (error instanceof InviteNotFound) throw new AdminNotFound(error.message);
    throw error;
  }
}

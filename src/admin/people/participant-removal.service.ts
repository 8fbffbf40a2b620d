import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../../database/transactor';
import { ProgramsRepository } from '../../programs/programs.repository';
import { BLOB_STORAGE, type BlobStorage } from '../../storage/blob-storage';
import { AdminNotFound } from '../admin.errors';
import { ErasureRepository } from './erasure.repository';
import { PeopleRepository } from './people.repository';

/** What a removal did, for the page that confirms it. */
export interface Removal {
  programmeId: string;
  pairingsEnded: number;
  circlesLeft: number;
}

/**
 * Removes a participant with their data (a request to be forgotten): their pairs end, they leave
 * their circles and rooms, their messages read "(removed)" in the threads, the outbox sends them
 * nothing more, and every address, name, answer and attachment file of theirs is erased. The participant row
 * stays, emptied, with `removed_at`: the fact of the removal, and the threads' author.
 */
@Injectable()
export class ParticipantRemovalService {
  private readonly logger = new Logger(ParticipantRemovalService.name);

  constructor(
    private readonly people: PeopleRepository,
    private readonly erasure: ErasureRepository,
    private readonly programs: ProgramsRepository,
    private readonly transactor: Transactor,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
  ) {}

  async remove(id: string, staffId: string): Promise<Removal> {
    const { removal, files } = await this.transactor.run(async (tx) => {
      const p = await this.programs.findParticipant(id, tx);
      if (!p || p.removedAt) throw new AdminNotFound('participant');
      const pairings = await this.erasure.pairingsOf(id, tx);
      const files = await this.erasure.attachmentKeys(id, tx);
      let pairingsEnded = 0;
      let circlesLeft = 0;
      for (const pairing of pairings) {
        if (pairing.kind === 'pair') {
          if (await this.programs.endPairing(pairing.id, 'staff', new Date(), tx)) pairingsEnded++;
        } else if (await this.programs.setMemberLeft(pairing.id, id, tx)) circlesLeft++;
      }
      await this.erasure.erase(
        {
          id,
          names: [p.name, ...(p.preferredName ? [p.preferredName] : [])],
          addresses: [...new Set([p.email, ...p.emailAliases])],
          pairingIds: pairings.map((x) => x.id),
        },
        tx,
      );
      await this.people.audit(
        {
          staffId,
          programmeId: p.programmeId,
          participantId: id,
          action: 'participant_removed',
          detail: `${pairingsEnded} pairing(s) ended, ${circlesLeft} circle(s) or room(s) left`,
        },
        tx,
      );
      return { removal: { programmeId: p.programmeId, pairingsEnded, circlesLeft }, files };
    });
    // Files after the commit: a rollback must not leave messages pointing at deleted files. A file
    // that fails to go is counted and logged by error code only (its key and path carry the file's
    // name, which may carry theirs) and does not undo the removal.
    let filesLeft = 0;
    for (const key of files) {
      await this.storage.delete(key).catch((err: unknown) => {
        filesLeft++;
        this.logger.warn(
          { participantId: id, code: (err as NodeJS.ErrnoException).code ?? (err as Error).name },
          'an attachment file of a removed participant was not deleted',
        );
      });
    }
    this.logger.log(
      { participantId: id, ...removal, files: files.length, filesLeft },
      'participant removed with their data',
    );
    return removal;
  }
}
